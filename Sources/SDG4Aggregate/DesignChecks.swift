import SDG4Model

/// Checks of the sampling design of one country and year's survey and assessment, made once
/// before the indicators: a stratum with a single cluster (its variance approximated as R's
/// `survey.lonely.psu = "adjust"` does), and one survey fed by several sources or by sources
/// with different designs (then no standard error).
enum DesignChecks {
    static func run(_ context: IndicatorContext, _ country: Country, _ year: Int) -> [EngineNote] {
        let cy = CountryYear(country: country, year: year)
        let cube = context.cube
        var out: [EngineNote] = []
        let samples: [(what: String, frame: DesignFrame, bits: UInt64?)] =
            [("survey", cube.survey.frame(cy), cube.survey.sources[cy])]
            + cube.assessment.stages(cy).map {
                ("assessment (\($0))", cube.assessment.frame(cy, stage: $0), cube.assessment.sources[cy])
            }
        for sample in samples {
            guard let bits = sample.bits else { continue }
            let lonely = sample.frame.lonelyStrata
            if !lonely.isEmpty {
                let names = lonely.prefix(12).map { $0.isEmpty ? "(one stratum)" : $0 }.joined(separator: ", ")
                out.append(
                    EngineNote(
                        code: .designLonelyPsu, uisId: "", country: country, year: year,
                        message: "\(country.rawValue) \(year): \(lonely.count) stratum(s) of the \(sample.what) have a "
                            + "single cluster (\(names)\(lonely.count > 12 ? ", …" : "")); their variance is "
                            + "approximated as R's survey.lonely.psu = \"adjust\" does.",
                        sources: context.sources(bits)))
            }
            if sample.frame.design == .mixed {
                out.append(
                    EngineNote(
                        code: .designMixed, uisId: "", country: country, year: year,
                        message: "\(country.rawValue) \(year): the \(sample.what)'s rows come from several sources, or "
                            + "from sources with different sampling designs (or one without): pooled, they are not one "
                            + "design, so its values have no standard error.",
                        sources: context.sources(bits)))
            }
        }
        return out
    }
}
