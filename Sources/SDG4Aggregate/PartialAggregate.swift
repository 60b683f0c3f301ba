import SDG4Model

/// A stored input value: the number, its flags and where it came from.
public struct Cell: Sendable, Hashable {
    public var value: Double
    public var flags: ValueFlags
    public var provenance: Provenance
}

/// Two rows that gave a value for the same key.
public struct Duplicate: Sendable, Hashable {
    public var key: ObservationKey
    /// The value that was kept (the first in the run's fixed order).
    public var kept: Cell
    /// The later value.
    public var other: Cell
    /// Whether both rows hold the same number (then nothing is lost by dropping one).
    public var isIdentical: Bool { kept.value == other.value }
}

/// What one file contributed: its values by key, and the published values it held.
///
/// Built by one work item; merged with the others in the run's fixed file order.
public struct PartialAggregate: Sendable {
    public private(set) var cells: [ObservationKey: Cell] = [:]
    public private(set) var published: [PublishedValue] = []
    /// Repeated keys within this file.
    public private(set) var duplicates: [Duplicate] = []

    public init() {}

    /// Adds a value. A repeated key keeps the first value and records the duplicate.
    public mutating func add(_ observation: Observation) {
        let cell = Cell(value: observation.value, flags: observation.flags, provenance: observation.provenance)
        if let existing = cells[observation.key] {
            duplicates.append(Duplicate(key: observation.key, kept: existing, other: cell))
        } else {
            cells[observation.key] = cell
        }
    }

    /// Keeps a published value for comparison.
    public mutating func add(_ value: PublishedValue) {
        published.append(value)
    }
}
