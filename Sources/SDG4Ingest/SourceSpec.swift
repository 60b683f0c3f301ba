import SDG4CSV
import SDG4Model

/// The layout of an input file (product.md §3 `format:`).
public enum InputFormat: String, Sendable, Hashable, CaseIterable {
    /// One value per row, dimensions in columns named by `columns:`.
    case table
    /// UIS bulk-download long format: `INDICATOR_ID,COUNTRY_ID,YEAR,VALUE,MAGNITUDE,QUALIFIER`.
    case uisBulk = "uis-bdds"
    /// One person per row (a household survey), summed while streaming.
    case microdata
    /// SDMX-CSV 2.0 with the SDG data structure's dimensions (files from national SDG
    /// platforms, or sdg4's own `sdmx/sdg4.csv`): kept as published values, for comparison.
    case sdmxCSV = "sdmx-csv"
}

/// How a `microdata` source is read.
public struct MicrodataSpec: Sendable, Hashable {
    /// What a row is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// One household member per row, with a sampling weight.
        case householdSurvey = "household-survey"
        /// One assessed student per row, with a weight and plausible values (4.1.1).
        case assessment
        /// One enrolled pupil per row (a student-level EMIS census): counted into enrolment.
        case studentCensus = "student-census"
    }

    /// A subject of an assessment: its plausible-value columns and minimum proficiency cut score.
    public struct Subject: Sendable, Hashable {
        public var name: String
        public var plausibleValues: [String]
        public var cutScore: Double

        public init(name: String, plausibleValues: [String], cutScore: Double) {
            self.name = name
            self.plausibleValues = plausibleValues
            self.cutScore = cutScore
        }
    }

    /// The columns an assessment may map, the first three required.
    public static let assessmentRoles = ["country", "year", "weight", "sex", "location", "wealth", "stage"]
    public static let requiredAssessmentRoles = ["country", "year", "weight"]

    /// The columns a student census may map, the first three required.
    public static let censusRoles = ["country", "year", "level", "grade", "age", "sex", "location", "weight", "region"]
    public static let requiredCensusRoles = ["country", "year", "level"]

    /// Roles and required roles of a kind.
    public static func roles(_ kind: Kind) -> (all: [String], required: [String]) {
        switch kind {
        case .householdSurvey: (surveyRoles, requiredSurveyRoles)
        case .assessment: (assessmentRoles, requiredAssessmentRoles)
        case .studentCensus: (censusRoles, requiredCensusRoles)
        }
    }

    /// For assessments: the point of measurement of every row, when no `stage` column says it.
    public var stage: String?
    /// For assessments: the subjects. For a student census: the test scores (one column each,
    /// in `plausibleValues[0]`), summed into the share at or above the cut score and the mean.
    public var subjects: [Subject] = []

    /// The columns a household survey may map, the first four required.
    public static let surveyRoles = [
        "country", "year", "weight", "age", "sex", "location", "wealth", "interview_month", "attending",
        "attending_level", "years_of_schooling", "literate", "participation",
    ]
    public static let requiredSurveyRoles = ["country", "year", "weight", "age"]

    public var kind: Kind
    /// Header of the column of each role.
    public var columns: [String: String]
    /// Month the school year starts (1-12), for the age adjustment of indicators.md §1.3.
    public var schoolYearStartMonth: Int
    /// Fewest respondents behind a published value.
    public var minimumCases: Int
    /// The sample's design, for standard errors; `nil`: no standard error (never a made-up one).
    public var design: SamplingDesign?
    /// The reference year of every row, for a file without a year column (`year:` on the source).
    public var year: Int?

    public init(kind: Kind, columns: [String: String], schoolYearStartMonth: Int = 9, minimumCases: Int = 30) {
        self.kind = kind
        self.columns = columns
        self.schoolYearStartMonth = schoolYearStartMonth
        self.minimumCases = minimumCases
    }
}

/// What a column of a `table` file holds (the keys of `columns:` in the pipeline file).
public enum FieldRole: String, Sendable, Hashable, CaseIterable, Comparable {
    case country, year, value, level, sex, age, grade, location, wealth, measure

    /// Roles every `table` source must map.
    public static let required: [FieldRole] = [.country, .year, .value]

    public static func < (a: FieldRole, b: FieldRole) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One source of the pipeline file, resolved: its files found and its settings checked.
public struct SourceSpec: Sendable, Hashable {
    /// Unique id, used in provenance (`sources` column) and in problem reports.
    public var id: String
    /// Position in the pipeline file, 0-based.
    public var index: Int
    public var format: InputFormat
    /// For `table`: what every value counts, unless a `measure` column says it per row.
    public var measure: Measure?
    /// For `table`: the header name of each mapped column.
    public var columns: [FieldRole: String]
    /// The files matched by `path:`, in a fixed order.
    public var files: [InputFile]
    /// For `microdata`: what the rows are and which column holds what.
    public var microdata: MicrodataSpec?
    /// `encoding:`: the text encoding, when the pipeline sets it (else detected per file).
    public var encoding: TextEncoding?
    /// `delimiter:`, when set (else sniffed per file).
    public var delimiter: UInt8?
    /// `decimal:`, when set (else sniffed per file).
    public var decimal: UInt8?
    /// `thousands:`, when set (else the defaults for the decimal mark).
    public var thousands: [[UInt8]]?
    /// `missing:`: more texts that mean "no value", besides the standard markers.
    public var missingMarkers: [String] = []
    /// The source's `codes:`: per breakdown (`sex`, `location`, `wealth`), the file's value →
    /// a spelling sdg4 reads (`{"1": F, "2": M}`), applied before the code lists.
    public var recodes: [String: [String: String]] = [:]
    /// For `table`: how its files are laid out beyond `columns:` (fixed roles, a wide layout,
    /// titles, scale, year shift, `where:`).
    public var table = TableLayout()

    public init(
        id: String, index: Int, format: InputFormat, measure: Measure? = nil,
        columns: [FieldRole: String] = [:], files: [InputFile] = [], microdata: MicrodataSpec? = nil
    ) {
        self.microdata = microdata
        self.id = id
        self.index = index
        self.format = format
        self.measure = measure
        self.columns = columns
        self.files = files
    }
}

extension SourceSpec {
    /// How to read a file of this source: the delimiter and number style the source sets, the
    /// rest sniffed from `head` (the file's first decoded bytes). The one rule for every reader.
    public func dialect(sniffing head: UnsafeRawBufferPointer) -> Dialect {
        // A table's title lines (above `header_row:`) are text, not the table: sniff from the
        // header on.
        var head = head
        if format == .table, table.headerRow > 1 {
            var lines = 1
            var start = 0
            for (i, b) in head.enumerated() where b == 0x0A {
                lines += 1
                start = i + 1
                if lines == table.headerRow { break }
            }
            if lines == table.headerRow { head = UnsafeRawBufferPointer(rebasing: head[start...]) }
        }
        var dialect = Dialect()
        dialect.delimiter = delimiter ?? Dialect.sniffDelimiter(head)
        let comma =
            decimal.map { $0 == UInt8(ascii: ",") } ?? Dialect.sniffDecimalComma(head, delimiter: dialect.delimiter)
        dialect.numbers = comma ? .comma : .dot
        if let thousands {
            // A separator equal to the decimal mark would make numbers ambiguous.
            dialect.numbers.thousands = thousands.filter { $0 != [dialect.numbers.decimal] }
        }
        return dialect
    }
}
