import SDG4Model

/// Proportion of schools with access to a basic service (indicators.md §5.1; SDG 4.a.1):
///
///     PS_{n,f} = 100 × S_{n,f} / S_n
///
/// Schools of level n with service f (measure `schools_with_<service>`) over all schools of
/// level n (measure `schools`). [PIPE] A school offering several levels counts at each. The SDG
/// series is the one of the service; UIS's own ids for 4.a.1 are not confirmed (indicators.md
/// §10), so `uis_id` stays empty.
public struct SchoolsWithService: Indicator {
    /// A 4.a.1 service: its name in `schools_with_<name>` and its SDG series.
    public struct Service: Sendable, Hashable {
        public var name: String
        public var title: String
        public var sdgSeries: String
    }

    /// The services of SDG 4.a.1 (series from the SDG DSD).
    public static let services: [Service] = [
        Service(name: "electricity", title: "electricity", sdgSeries: "SE_ACS_ELECT"),
        Service(name: "internet", title: "the internet for pedagogical purposes", sdgSeries: "SE_ACS_INTNT"),
        Service(name: "computers", title: "computers for pedagogical purposes", sdgSeries: "SE_ACS_CMPTR"),
        Service(
            name: "adapted_infrastructure",
            title: "adapted infrastructure and materials for students with disabilities",
            sdgSeries: "SE_INF_DSBL"),
        Service(name: "drinking_water", title: "basic drinking water", sdgSeries: "SE_ACS_H2O"),
        Service(name: "sanitation", title: "single-sex basic sanitation", sdgSeries: "SE_ACS_SANIT"),
        Service(name: "handwashing", title: "basic handwashing facilities", sdgSeries: "SE_ACC_HNDWSH"),
    ]

    public let service: Service
    public let definition: IndicatorDefinition

    public init(_ service: Service) {
        self.service = service
        definition = IndicatorDefinition(
            id: "schools.\(service.name)", name: "Schools with access to \(service.title)", uisIds: "",
            sdgIndicator: "4.a.1", sdgSeries: service.sdgSeries,
            formula:
                "100 × schools of the level with \(service.title) (schools_with_\(service.name)) / schools of the level",
            unit: "percent", levels: [.prePrimary, .primary, .lowerSecondary, .upperSecondary],
            methodology: "indicators.md §5.1", validRange: nil, regional: .weighted(.schools), parity: [], better: .higher)
    }

    public func compute(
        _ context: IndicatorContext, _ country: Country, _ year: Int, notes: inout [EngineNote]
    ) -> [IndicatorValue] {
        let measure = Measure(rawValue: "schools_with_\(service.name)")
        return definition.levels.compactMap { level in
            guard
                let ratio = context.ratio(
                    context.cube.total(measure, country, year, level: level, sex: .total),
                    over: context.cube.total(.schools, country, year, level: level, sex: .total), scale: 100,
                    uisId: "\(definition.id) \(level.rawValue)", country: country, year: year, notes: &notes)
            else { return nil }
            return IndicatorValue(
                indicator: definition.id, uisId: "", sdgSeries: service.sdgSeries, country: country, year: year,
                level: level.rawValue, value: ratio.value, numerator: ratio.numerator.value,
                denominator: ratio.denominator.value, unit: definition.unit,
                flags: (ratio.flags + (ratio.value > 100 ? ["implausible"] : [])).sorted(),
                sources: context.sources(ratio.sources))
        }
    }
}
