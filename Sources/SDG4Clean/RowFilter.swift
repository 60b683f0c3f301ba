import SDG4Model

/// The pipeline's `countries:` and `years:` filters, applied in the clean stage.
public struct RowFilter: Sendable, Hashable {
    /// Countries to keep; `nil` keeps every country.
    public var countries: Set<Country>?
    /// Years to keep; `nil` keeps every year.
    public var years: ClosedRange<Int>?

    public init(countries: Set<Country>? = nil, years: ClosedRange<Int>? = nil) {
        self.countries = countries
        self.years = years
    }

    /// Whether a value for this country and year is kept.
    public func keeps(_ country: Country, _ year: Int) -> Bool {
        (countries?.contains(country) ?? true) && (years?.contains(year) ?? true)
    }

    /// Whether a table value outside the years is still read as the year before the first: a
    /// value of the first year may need it (teacher attrition, indicators.md §5.5). Such rows
    /// are counted as filtered; nothing is computed or published for their year.
    public func keepsAsYearBefore(_ country: Country, _ year: Int) -> Bool {
        guard let years, countries?.contains(country) ?? true else { return false }
        return year == years.lowerBound - 1
    }
}

/// What the clean stage made of one data row.
public enum CleanedRow: Sendable {
    /// A value for the indicator engine.
    case observation(Observation)
    /// One household-survey respondent.
    case surveyPerson(SurveyPerson)
    /// One assessed student.
    case assessedStudent(AssessedStudent)
    /// One record to count under this key (a pupil of a student census).
    case counted(ObservationKey, Provenance)
    /// A pupil of a student census with test scores: counted under the key, and its score in
    /// each subject of the source (`nil`: none) added with its weight.
    case countedWithScores(ObservationKey, Provenance, weight: Double, scores: [Double?])
    /// A publisher's indicator value, kept for comparison only.
    case published(PublishedValue)
    /// The value is marked missing (`..`, empty, ...): kept as missing, never as 0.
    case missing
    /// A value of this key is marked missing: the key is remembered, so that a sum it belongs
    /// to is known to be incomplete (never summed as if the cell were 0); `note`, when given,
    /// says why the value is missing (UIS `NA`, `SUPP`, ...).
    case missingValue(ObservationKey, Provenance, note: Diagnostic?)
    /// Outside the pipeline's country or year filter.
    case filtered
    /// A row the pipeline does not use (a UIS id or country sdg4 does not cover); reported once
    /// per file and reason, with this severity.
    case ignored(reason: String, severity: Severity)
    /// The row is wrong; every problem found in it.
    case rejected([Diagnostic])
    /// A row of a wide table: what each of its value columns gave. The row counts once: used
    /// when any value was, its bad cells reported with their columns.
    indirect case several([CleanedRow])
    /// A line with text in its first cell only (`* Preliminary data`): a note below the table
    /// when no data row follows it, else `otherwise` (filtered by `where:`, or rejected: a line
    /// of text inside the table is no data).
    indirect case note(text: String, otherwise: CleanedRow)
}

/// Years sdg4 accepts as reference years; anything else is a typo.
public let plausibleYears = 1950...2100
