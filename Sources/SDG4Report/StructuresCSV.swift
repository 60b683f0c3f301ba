import SDG4Aggregate
import SDG4Model

/// `structures.csv`: the education structures the run used for the countries it wrote values
/// for, so that every value's age group can be traced to its structure and source.
public enum StructuresCSV {
    /// The columns: those of `data/education-structures.csv`.
    public static let columns = [
        "country", "from_year", "to_year", "primary_entry_age", "primary_duration", "lower_secondary_duration",
        "upper_secondary_duration", "pre_primary_entry_age", "source",
    ]

    /// The file's text, sorted by country and first year.
    public static func render(_ structures: EducationStructures, countries: Set<Country>) -> String {
        var csv = CSVText(header: columns)
        let used = structures.entries.filter { countries.contains($0.country) }
            .sorted { ($0.country, $0.years.lowerBound) < ($1.country, $1.years.lowerBound) }
        for s in used {
            csv.append([
                s.country.rawValue, String(s.years.lowerBound), String(s.years.upperBound), String(s.primaryEntryAge),
                String(s.primaryDuration), String(s.lowerSecondaryDuration), String(s.upperSecondaryDuration),
                String(s.prePrimaryEntryAge), s.source,
            ])
        }
        return csv.text
    }
}
