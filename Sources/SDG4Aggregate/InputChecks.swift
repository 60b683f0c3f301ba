import SDG4Model

/// Checks of the inputs of one country and year that need the education structure, made once
/// before the indicators (issue 13): a year no structure covers (audit R11), a level's
/// population given twice in ways that disagree (R7), grades outside their level (R13).
enum InputChecks {
    /// The problems found, as engine notes (errors by their code's severity).
    static func run(_ context: IndicatorContext, _ country: Country, _ year: Int) -> [EngineNote] {
        let cube = context.cube
        guard let structure = context.structures.structure(country, year) else {
            let needing: [Measure] = [.enrolment, .population, .outOfSchool]
            guard needing.contains(where: { m in cube.hasValues(m, country, year) }) else { return [] }
            return [
                EngineNote(
                    code: .indicatorNoStructure, uisId: "", country: country, year: year,
                    message: "\(country.rawValue) \(year): no education structure covers this year, so no indicator "
                        + "that needs official ages (GER, NER, out-of-school, 4.2.2, over-age, ...) was computed for it.",
                    sources: [])
            ]
        }
        return populationMismatches(context, country, year, structure)
            + gradeProblems(context, country, year, structure)
    }

    /// A level's school-age population given for the level (UIS `SAP`) and by single age, and
    /// the two disagreeing: every rate uses the level's, and the difference is an error.
    static func populationMismatches(
        _ context: IndicatorContext, _ country: Country, _ year: Int, _ structure: EducationStructure
    ) -> [EngineNote] {
        var out: [EngineNote] = []
        let levels: [Level] = [.prePrimary, .primary, .lowerSecondary, .upperSecondary, .secondary, .tertiary]
        for level in levels {
            guard let ages = structure.ageGroup(level) else { continue }
            for sex in Sex.allCases {
                guard let given = context.cube.total(.population, country, year, level: level, sex: sex),
                    let summed = context.cube.population(country, year, ages: ages, sex: sex),
                    DataCube.differ(given.value, summed.value)
                else { continue }
                let label = EducationStructure.label(ages)
                out.append(
                    EngineNote(
                        code: .consistencyPopulationMismatch, uisId: "SAP.\(level.rawValue)\(sex.uisSuffix)",
                        country: country, year: year,
                        message: "population \(country.rawValue) \(year) level \(level.rawValue) sex \(sex.rawValue): "
                            + "the population given for the level (\(context.sources(given.sources).joined(separator: ", "))) is "
                            + "\(plain(given.value)) but the single ages \(label) "
                            + "(\(context.sources(summed.sources).joined(separator: ", "))) add up to \(plain(summed.value)); "
                            + "sdg4 used the level's \(plain(given.value)) for every rate of the level.",
                        sources: context.sources(given.sources | summed.sources)))
            }
        }
        return out
    }

    /// Grades given for a level that the structure does not give it: no grade-based value of the
    /// level (over-age, intake to the last grade) is computed.
    static func gradeProblems(
        _ context: IndicatorContext, _ country: Country, _ year: Int, _ structure: EducationStructure
    ) -> [EngineNote] {
        [Level.primary, .lowerSecondary, .upperSecondary].compactMap { level in
            let outside = context.gradesOutsideLevel(country, year, level)
            guard !outside.isEmpty, let range = structure.grades(level) else { return nil }
            return EngineNote(
                code: .consistencyGradeOutsideLevel, uisId: "", country: country, year: year,
                message: "enrolment \(country.rawValue) \(year) level \(level.rawValue): grade(s) "
                    + outside.map(String.init).joined(separator: ", ")
                    + " are not grades of \(level.name), which are grades \(EducationStructure.label(range)) "
                    + "(\(structure.label)); over-age and intake to the last grade were not computed for this level.",
                sources: [])
        }
    }
}
