import SDG4Ingest

/// The texts that mean "no value" in one source's files: the standard markers (`..`, `n/a`,
/// empty, ...; `CodeLists.missingMarkers`) and the source's own (`missing:`), compared folded.
/// Every row cleaner asks it, whatever the format, so that `missing:` works for all of them.
public struct MissingMarkers: Sendable {
    private let extra: Set<String>

    public init(_ source: SourceSpec) { self.init(extra: source.missingMarkers) }

    /// The standard markers and these.
    public init(extra: [String]) { self.extra = Set(extra.map(CodeLists.fold)) }

    /// Whether a field's text marks a missing value.
    public func contains(_ text: String) -> Bool {
        CodeLists.isMissing(text) || (!extra.isEmpty && extra.contains(CodeLists.fold(text)))
    }
}
