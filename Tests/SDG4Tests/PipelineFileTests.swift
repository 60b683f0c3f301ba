import Foundation
import Testing

@testable import SDG4Ingest
@testable import SDG4Pipeline
@testable import SDG4PipelineFile

/// Pipeline-file checks: every problem names its key and line (product.md §3).
@Suite("Pipeline file")
struct PipelineFileTests {
    static func load(_ yaml: String, files: [String] = []) -> Result<PipelineDefinition, PipelineFileError> {
        let folder = TestSupport.temporaryFolder()
        for f in files { TestSupport.write("a,b\n", to: folder, f) }
        let path = TestSupport.write(yaml, to: folder, "p.yml")
        return Result { () throws(PipelineFileError) in try PipelineFileParser.load(path) }
    }

    static let valid = """
        name: t
        sources:
          - id: e
            path: data/*.csv
            format: table
            measure: enrolment
            columns: {country: C, year: Y, level: L, value: V}
        """

    @Test func validFileResolvesPathsRelativeToItself() throws {
        let definition = try Self.load(Self.valid, files: ["data/x.csv"]).get()
        #expect(definition.name == "t")
        #expect(definition.sources.count == 1)
        #expect(definition.sources[0].patterns[0].hasSuffix("/data/*.csv"))
        #expect(definition.sources[0].patterns[0].hasPrefix(definition.directory))
        #expect(definition.sources[0].columns[.value] == "V")
        #expect(definition.sources[0].columns[.level] == "L")
        #expect(definition.indicators == nil)
        #expect(definition.outputDirectory == definition.directory + "/reports")
    }

    @Test func unknownKeyNamesTheKeyAndItsLine() {
        let yaml = Self.valid + "\noutput:\n  dir: x\n"
        guard case .failure(let error) = Self.load(yaml, files: ["data/x.csv"]) else {
            Issue.record("expected an error")
            return
        }
        #expect(error.problems.count == 1)
        #expect(error.problems[0].key == "output")
        #expect(error.problems[0].line == 8)
        #expect(error.description.contains("unknown key 'output'"))
        #expect(error.description.contains("line 8"))
    }

    @Test func unknownKeyInsideASource() {
        let yaml = Self.valid.replacingOccurrences(
            of: "    measure: enrolment", with: "    measure: enrolment\n    colums: {}")
        guard case .failure(let error) = Self.load(yaml, files: ["data/x.csv"]) else {
            Issue.record("expected an error")
            return
        }
        #expect(error.problems.map(\.key) == ["sources[0].colums"])
        #expect(error.problems.map(\.line) == [7])
    }

    @Test func missingSourceFolder() {
        guard case .failure(let error) = Self.load(Self.valid) else {
            Issue.record("expected an error")
            return
        }
        #expect(error.problems.map(\.key) == ["sources[0].path"])
        #expect(error.problems.map(\.line) == [4])
        #expect(error.problems[0].message.contains("does not exist"))
    }

    @Test func badValuesAreAllReportedAtOnce() {
        let yaml = """
            name: t
            years: {from: 2030, to: 2020}
            countries: [KGZ, XYZ]
            sources:
              - id: e
                path: data/*.csv
                format: excel
              - id: e
                path: data/*.csv
                format: table
                measure: pupils
                columns: {country: C, year: Y}
            indicators: [ger, nope]
            """
        guard case .failure(let error) = Self.load(yaml, files: ["data/x.csv"]) else {
            Issue.record("expected an error")
            return
        }
        let found = Set(error.problems.map { "\($0.key)@\($0.line)" })
        #expect(found.contains("years@2"))
        #expect(found.contains("countries@3"))
        #expect(found.contains("sources[0].format@7"))
        #expect(found.contains("sources[1].id@8"))
        #expect(found.contains("sources[1].measure@11"))
        #expect(found.contains("sources[1].columns@12"))
        #expect(found.contains("indicators@13"))
        #expect(error.problems.first { $0.key == "countries" }!.message.contains("XYZ"))
    }

    @Test func yamlSyntaxErrorHasALine() {
        guard case .failure(let error) = Self.load("name: [unclosed\nsources: x\n") else {
            Issue.record("expected an error")
            return
        }
        // libyaml finds the unclosed list on line 2, where `sources:` cannot continue it.
        #expect(error.problems.count == 1)
        #expect(error.problems[0].line == 2)
        #expect(error.problems[0].message.contains("YAML syntax error"))
    }

    @Test func cliExitsTwoWithTheKeyAndLine() throws {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write("a,b\n", to: folder, "data/x.csv")
        let path = TestSupport.write(Self.valid + "\nbogus: 1\n", to: folder, "p.yml")
        let result = try TestSupport.runCLI(["run", path, "--output", folder + "/out"])
        #expect(result.code == 2)
        #expect(result.err.contains("line 8"))
        #expect(result.err.contains("bogus"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/out"))
    }
}

extension PipelineFileTests {
    static func problems(_ yaml: String) -> [String] {
        guard case .failure(let error) = Self.load(yaml, files: ["data/x.csv"]) else { return [] }
        return error.problems.map { "\($0.key)@\($0.line)" }
    }

    @Test func emptyListsAreErrors() {
        #expect(Self.problems("countries: []\n" + Self.valid) == ["countries@1"])
        #expect(Self.problems(Self.valid + "\nindicators: []\n") == ["indicators@8"])
    }

    @Test func pathNamingAFolderIsAnError() {
        let yaml = Self.valid.replacingOccurrences(of: "path: data/*.csv", with: "path: data")
        #expect(Self.problems(yaml) == ["sources[0].path@4"])
    }

    @Test func twoRolesOnOneColumnIsAnError() {
        let yaml = Self.valid.replacingOccurrences(
            of: "{country: C, year: Y, level: L, value: V}", with: "{country: C, year: Y, level: L, value: V, age: v}")
        #expect(Self.problems(yaml) == ["sources[0].columns.value@7"])
    }

    @Test func aMeasureThatNeedsALevelNeedsALevelColumn() {
        let yaml = Self.valid.replacingOccurrences(of: "level: L, ", with: "")
        #expect(Self.problems(yaml) == ["sources[0].columns@7"])
    }

    @Test func aggregationThresholdsAreConfigurable() throws {
        let definition = try Self.load(
            "aggregation: {suppress_below: 25, flag_below: 50}\n" + Self.valid, files: ["data/x.csv"]
        ).get()
        #expect(definition.regional?.suppressBelow == 25)
        #expect(definition.regional?.flagBelow == 50)
        let none = try Self.load("aggregation: {region: none}\n" + Self.valid, files: ["data/x.csv"]).get()
        #expect(none.regional == nil)
        #expect(Self.problems("aggregation: {suppress_below: 70, flag_below: 60}\n" + Self.valid) == ["aggregation@1"])
        #expect(Self.problems("aggregation: {flag_below: 160}\n" + Self.valid) == ["aggregation.flag_below@1"])
    }

    @Test func atMost64Sources() {
        var yaml = "sources:\n"
        for i in 0..<65 {
            yaml += "  - {id: s\(i), path: data/*.csv, format: uis-bdds}\n"
        }
        #expect(Self.problems(yaml) == ["sources@2"])
    }
}

extension PipelineFileTests {
    /// A subject named twice would give two values under one id (and crashed sdg4): a pipeline
    /// error on the second name, for census scores and assessments alike.
    @Test func aSubjectNamedTwiceIsAnError() {
        let census = """
            sources:
              - id: students
                path: data/*.csv
                format: microdata
                kind: student-census
                columns: {country: C, year: Y, level: L}
                subjects: [{name: exam, score: A, cut_score: 50}, {name: Exam, score: B, cut_score: 60}]
            """
        #expect(Self.problems(census) == ["sources[0].subjects[1].name@7"])
        let noScore = census.replacingOccurrences(of: "score: B, ", with: "")
        #expect(Self.problems(noScore) == ["sources[0].subjects[1]@7"])
    }
}

extension PipelineFileTests {
    /// Found by the pipeline-file fuzzer: a key given twice was reported at one of its repeats,
    /// not always the same one (the YAML library's choice). It is now the first repeat in the
    /// file, in the same mapping, every time, with the keys sorted.
    @Test func aRepeatedKeyIsReportedAtItsFirstRepeatEveryTime() throws {
        // `name` (lines 1 and 10) and `years` (lines 2 and 11) are repeated at the top level;
        // `path:` is in both sources (lines 5 and 8), which is no repeat.
        let yaml = """
            name: t
            years: {from: 2015}
            sources:
              - id: a
                path: data/*.csv
                format: uis-bdds
              - id: b
                path: data/*.csv
                format: uis-bdds
            name: u
            years: {to: 2020}
            """
        for _ in 0..<20 {
            guard case .failure(let error) = Self.load(yaml, files: ["data/x.csv"]) else {
                Issue.record("a repeated key was accepted")
                return
            }
            #expect(error.problems.map(\.line) == [10])
            #expect(error.problems.first?.message.contains("('name', 'years')") == true)
        }
        // The same file with Windows line ends.
        guard
            case .failure(let crlf) = Self.load(
                yaml.replacingOccurrences(of: "\n", with: "\r\n"), files: ["data/x.csv"])
        else {
            Issue.record("a repeated key was accepted")
            return
        }
        #expect(crlf.problems.map(\.line) == [10])
        // A repeat inside one source is found there, not at the other source's key.
        let inSource = """
            sources:
              - id: a
                path: data/*.csv
                format: uis-bdds
              - id: b
                format: uis-bdds
                path: data/*.csv
                format: table
            """
        guard case .failure(let error) = Self.load(inSource, files: ["data/x.csv"]) else {
            Issue.record("a repeated key was accepted")
            return
        }
        #expect(error.problems.map(\.line) == [8])
    }
}

extension PipelineFileTests {
    static func design(_ design: String, kind: String = "assessment") -> Result<PipelineDefinition, PipelineFileError> {
        let extra =
            kind == "assessment"
            ? "    stage: lower-secondary-end\n    subjects: [{name: reading, plausible_values: [PV1, PV2], cut_score: 400}]\n"
            : ""
        return Self.load(
            "sources:\n  - id: s\n    path: data/*.csv\n    format: microdata\n    kind: \(kind)\n"
                + "    columns: {country: C, year: Y, weight: W\(kind == "household-survey" ? ", age: A" : "")}\n"
                + extra
                + "    design: \(design)\n", files: ["data/x.csv"])
    }

    /// `design:` (issue 16): each type with its columns; a prefix and range of replicate
    /// weights is spelt out.
    @Test func eachSamplingDesignIsRead() throws {
        func read(_ text: String, kind: String = "assessment") throws -> SamplingDesign? {
            try Self.design(text, kind: kind).get().sources[0].microdata?.design
        }
        #expect(
            try read("{type: brr, replicate_weights: {prefix: W_FSTURWT, from: 1, to: 80}, fay: 0.5}")
                == .brr(weights: (1...80).map { "W_FSTURWT\($0)" }, fay: 0.5))
        #expect(try read("{type: brr, replicate_weights: [R1, R2, R3]}") == .brr(weights: ["R1", "R2", "R3"], fay: 0))
        #expect(try read("{type: jk2, zone: JKZONE, replicate: JKREP}") == .jk2(zone: "JKZONE", replicate: "JKREP"))
        #expect(
            try read("{type: replicate, replicate_weights: [A, B], scale: 0.25}")
                == .replicate(weights: ["A", "B"], scale: 0.25))
        #expect(
            try read("{type: taylor, strata: HH7, psu: HH1}", kind: "household-survey")
                == .taylor(strata: "HH7", psu: "HH1"))
        #expect(try read("{type: taylor, psu: HH1}", kind: "household-survey") == .taylor(strata: nil, psu: "HH1"))
    }

    @Test func aWrongDesignIsAPipelineFileErrorWithItsKeyAndLine() {
        func problems(_ text: String, kind: String = "assessment") -> [String] {
            guard case .failure(let error) = Self.design(text, kind: kind) else { return ["accepted"] }
            return error.problems.map { "\($0.key)@\($0.line): \($0.message)" }
        }
        let line = 9  // the `design:` line of the assessment source
        #expect(
            problems("{type: bootstrap}") == [
                "sources[0].design.type@\(line): unknown design 'bootstrap'; use taylor, brr, jk2 or replicate."
            ])
        #expect(problems("{type: jk2, zone: Z}") == ["sources[0].design@\(line): a jk2 design needs 'replicate:'."])
        #expect(
            problems("{type: brr, replicate_weights: [R1, R2], fay: 1}") == [
                "sources[0].design.fay@\(line): expected Fay's factor, 0 to under 1."
            ])
        #expect(problems("{type: brr, replicate_weights: [R1]}").first?.contains("at least two") == true)
        #expect(
            problems("{type: taylor, psu: P, fay: 0.5}") == [
                "sources[0].design.fay@\(line): 'fay' does not apply to a taylor design."
            ])
        #expect(
            problems("{type: replicate, replicate_weights: [A, B], scale: 0}") == [
                "sources[0].design.scale@\(line): expected a positive number."
            ])
        let census = problems("{type: taylor, psu: P}", kind: "student-census")
        #expect(census.contains { $0.contains("a census has no sampling error") }, "\(census)")
    }
}

extension PipelineFileTests {
    /// `year:` replaces the year column of a survey or assessment, never both, never a census.
    @Test func aFixedYearIsCheckedLikeAnyKey() {
        func problems(
            _ year: String, columns: String = "{country: C, weight: W, age: A}", kind: String = "household-survey"
        )
            -> [String]
        {
            let yaml =
                "sources:\n  - id: s\n    path: data/*.csv\n    format: microdata\n    kind: \(kind)\n"
                + "    columns: \(columns)\n    year: \(year)\n"
            guard case .failure(let error) = Self.load(yaml, files: ["data/x.csv"]) else { return [] }
            return error.problems.map { "\($0.key)@\($0.line): \($0.message)" }
        }
        #expect(problems("2019") == [])
        #expect(problems("19") == ["sources[0].year@7: expected a reference year (1950-2100) or a school year (2019/2020)."])
        #expect(
            problems("2019", columns: "{country: C, year: Y, weight: W, age: A}")
                == ["sources[0].year@7: the year is given twice: as 'year:' and as a year column; keep one."])
        #expect(
            problems("2019", columns: "{country: C, year: Y, level: L}", kind: "student-census").contains {
                $0.contains("'year' applies to a household survey or an assessment")
            })
        // Without `year:` the year column is still required.
        let yaml =
            "sources:\n  - id: s\n    path: data/*.csv\n    format: microdata\n    kind: household-survey\n"
            + "    columns: {country: C, weight: W, age: A}\n"
        guard case .failure(let error) = Self.load(yaml, files: ["data/x.csv"]) else {
            Issue.record("accepted without a year")
            return
        }
        #expect(error.problems.map(\.message) == ["missing year: name the header of each."])
    }
}

extension PipelineFileTests {
    @Test func codesAreCheckedAgainstTheCodeLists() throws {
        func problems(_ codes: String) -> [String] {
            let yaml = Self.valid + "\n    codes: \(codes)\n"
            guard case .failure(let error) = Self.load(yaml, files: ["data/x.csv"]) else { return [] }
            return error.problems.map { "\($0.key)@\($0.line): \($0.message)" }
        }
        #expect(problems("{sex: {\"1\": F, \"2\": M}}") == [])
        #expect(
            problems("{sex: {\"1\": X}}") == ["sources[0].codes.sex@8: 'X' is not a sex code sdg4 knows (F, M, _T)."])
        #expect(problems("{age: {\"1\": \"7\"}}").first?.contains("codes.age") == true)
        let definition = try Self.load(Self.valid + "\n    codes: {wealth: {\"5\": Q5}}\n", files: ["data/x.csv"]).get()
        #expect(definition.sources[0].spec(index: 0, files: []).recodes == ["wealth": ["5": "Q5"]])
    }
}
