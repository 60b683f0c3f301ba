import CSDG4Fields
import SDG4Aggregate
import SDG4CSV
import SDG4Clean
import SDG4Model

/// The memory libcsv's C callback fills for one row of an assessment (`sdg4_wide_row`): a slot
/// per used field, numbers first (replicate weights, plausible values, weight), then texts.
struct AssessmentRowBuffers {
    let slotOf: UnsafeMutablePointer<Int32>
    let numeric: UnsafeMutablePointer<UInt8>
    let slots: UnsafeMutableRawPointer
    let lengths: UnsafeMutablePointer<Int>
    /// The numbers of the row, by slot: read by the C callback, or by `NumberStyle` here; NaN
    /// for a plausible value marked missing.
    let numbers: UnsafeMutablePointer<Double>
    let parsed: UnsafeMutablePointer<UInt8>
    let columns: Int
    let count: Int

    init(layout: AssessmentChunkReader.Layout) {
        let numericFields = layout.numericFields
        let fields = numericFields + layout.textFields
        columns = layout.columns
        count = fields.count
        slotOf = .allocate(capacity: columns)
        slotOf.initialize(repeating: -1, count: columns)
        for (slot, field) in fields.enumerated() { slotOf[field] = Int32(slot) }
        numeric = .allocate(capacity: count)
        numeric.initialize(repeating: 0, count: count)
        // The C callback reads dot-decimal numbers only; others are read here, all the same.
        if layout.numbers.decimal == UInt8(ascii: ".") {
            for s in 0..<numericFields.count { numeric[s] = 1 }
        }
        slots = .allocate(byteCount: count * Self.slotBytes, alignment: 16)
        slots.initializeMemory(as: UInt8.self, repeating: 0, count: count * Self.slotBytes)
        lengths = .allocate(capacity: count)
        lengths.initialize(repeating: 0, count: count)
        numbers = .allocate(capacity: count)
        numbers.initialize(repeating: 0, count: count)
        parsed = .allocate(capacity: count)
        parsed.initialize(repeating: 0, count: count)
    }

    static let slotBytes = Int(SDG4_SLOT_BYTES)

    func row(entrySize: UnsafePointer<Int>, context: UnsafeMutableRawPointer) -> sdg4_wide_row {
        sdg4_wide_row(
            slot_of: slotOf, columns: columns, numeric: numeric, field: 0, slots: slots.assumingMemoryBound(to: UInt8.self),
            lengths: lengths, numbers: numbers, parsed: parsed, buffer_size: entrySize, overflow: 0, record_bytes: 0,
            on_record: nil, context: context)
    }

    /// The bytes of slot `s` (a field not read as a number).
    @inline(__always)
    func bytes(_ s: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: slots + s &* Self.slotBytes, count: lengths[s])
    }

    func deallocate() {
        slotOf.deallocate()
        numeric.deallocate()
        slots.deallocate()
        lengths.deallocate()
        numbers.deallocate()
        parsed.deallocate()
    }
}

/// The reader's state, reached from libcsv's C callbacks through the `void *` argument.
struct AssessmentChunkState {
    let layout: AssessmentChunkReader.Layout
    let buffers: AssessmentRowBuffers
    /// Slots: where each subject's plausible values start, the weight's, the first text's.
    let subjectSlots: [Int]
    let weightSlot: Int
    let replicateCount: Int
    let textSlot: (country: Int, year: Int, sex: Int, location: Int, wealth: Int)

    var countries = ByteInterner<Country?>()
    var codes: BreakdownCodes
    var markers = ByteInterner<Bool>(capacity: 64)
    var lastKept: (country: Country, year: Int, keeps: Bool)?

    /// A group of students: the cells of its subjects are at `group × subjects + s`.
    struct Group: Hashable {
        var country: Country
        var year: Int
        var sex: Sex
        var location: Location
        var wealth: Wealth
    }

    var groups: [Group: Int] = [:]
    var groupList: [Group] = []
    var lastGroup: (group: Group, index: Int)?
    var cells: [AssessmentCube.Cell] = []

    var record = 0
    var deferred: [Int] = []
    var accepted = 0
    var filtered = 0

    init(layout: AssessmentChunkReader.Layout) {
        self.layout = layout
        buffers = AssessmentRowBuffers(layout: layout)
        replicateCount = layout.replicates.count
        var start = replicateCount
        var subjectSlots: [Int] = []
        for s in layout.subjects {
            subjectSlots.append(start)
            start += s.fields.count
        }
        self.subjectSlots = subjectSlots
        weightSlot = start
        var next = start + 1
        func slot(_ field: Int?) -> Int {
            guard field != nil else { return -1 }
            defer { next += 1 }
            return next
        }
        let country = slot(layout.country)
        textSlot = (country, slot(layout.year), slot(layout.sex), slot(layout.location), slot(layout.wealth))
        codes = BreakdownCodes(recodes: layout.recodes)
    }
}

extension AssessmentChunkState {
    /// One record: summed, filtered, or deferred to the reference cleaner.
    @inline(__always)
    mutating func endRecord(fields: Int) {
        let r = record
        record = r &+ 1
        guard fields == layout.columns, let group = readGroup() else {
            deferred.append(r)
            return
        }
        if !keeps(group.country, group.year) {
            filtered &+= 1
            return
        }
        guard readNumbers() else {
            deferred.append(r)
            return
        }
        accepted &+= 1
        let g = index(of: group)
        let numbers = buffers.numbers
        let replicates = UnsafeBufferPointer(start: numbers, count: replicateCount)
        let weight = numbers[weightSlot]
        cells.withUnsafeMutableBufferPointer { cells in
            for (s, subject) in layout.subjects.enumerated() {
                AssessmentCube.add(
                    scores: UnsafeBufferPointer(start: numbers + subjectSlots[s], count: subject.fields.count),
                    weight: weight, replicates: replicates, cut: subject.cut, to: &cells[g &* layout.subjects.count &+ s])
            }
        }
    }

    /// The row's country, year and groups, or `nil` when one cannot be read for certain.
    private mutating func readGroup() -> Group? {
        let b = buffers
        guard let country = countries.value(for: b.bytes(textSlot.country), compute: CodeLists.country) else {
            return nil
        }
        var year = layout.fixedYear ?? 0
        if textSlot.year >= 0 {
            guard let y = ReferenceYear.parse(b.bytes(textSlot.year)), plausibleYears.contains(y) else { return nil }
            year = y
        }
        var group = Group(country: country, year: year, sex: .total, location: .total, wealth: .total)
        if textSlot.sex >= 0, b.lengths[textSlot.sex] > 0 {
            guard let v = codes.sex(b.bytes(textSlot.sex)) else { return nil }
            group.sex = v
        }
        if textSlot.location >= 0, b.lengths[textSlot.location] > 0 {
            guard let v = codes.location(b.bytes(textSlot.location)) else { return nil }
            group.location = v
        }
        if textSlot.wealth >= 0, b.lengths[textSlot.wealth] > 0 {
            guard let v = codes.wealth(b.bytes(textSlot.wealth)) else { return nil }
            group.wealth = v
        }
        return group
    }

    /// Every number of the row as `AssessmentRowCleaner` reads it, in the slots: `false` when
    /// one would reject the row (a weight not above 0, a negative or unreadable replicate
    /// weight, a plausible value neither a number nor a missing mark).
    private mutating func readNumbers() -> Bool {
        let b = buffers
        for s in 0..<replicateCount {
            guard let w = number(s), w >= 0, w.isFinite else { return false }
            b.numbers[s] = w
        }
        for s in replicateCount..<weightSlot {
            if let v = number(s) {
                b.numbers[s] = v
            } else {
                guard markers.value(for: b.bytes(s), compute: layout.missing.contains) else { return false }
                b.numbers[s] = .nan
            }
        }
        guard let weight = number(weightSlot), weight > 0 else { return false }
        b.numbers[weightSlot] = weight
        return true
    }

    /// Slot `s`'s number: read by the C callback, else through the file's number style.
    @inline(__always)
    private func number(_ s: Int) -> Double? {
        if buffers.parsed[s] != 0 { return buffers.numbers[s] }
        return layout.numbers.double(buffers.bytes(s))
    }

    /// Whether the pipeline's filter keeps a country and year (the last pair remembered).
    @inline(__always)
    private mutating func keeps(_ country: Country, _ year: Int) -> Bool {
        if let last = lastKept, last.year == year, last.country == country { return last.keeps }
        let keeps = layout.filter.keeps(country, year)
        lastKept = (country, year, keeps)
        return keeps
    }

    /// The index of a group, its cells made on its first student.
    @inline(__always)
    private mutating func index(of group: Group) -> Int {
        if let last = lastGroup, last.group == group { return last.index }
        let g: Int
        if let known = groups[group] {
            g = known
        } else {
            g = groupList.count
            groups[group] = g
            groupList.append(group)
            for subject in layout.subjects {
                cells.append(AssessmentCube.Cell(count: subject.fields.count, replicates: replicateCount))
            }
        }
        lastGroup = (group, g)
        return g
    }

    /// The cells summed, by group and subject, and the counts.
    func finish(into result: inout AssessmentChunkReader.Result) {
        result.records = record
        result.accepted = accepted
        result.filtered = filtered
        result.deferred = deferred
        for (g, group) in groupList.enumerated() {
            for (s, subject) in layout.subjects.enumerated() {
                let key = AssessmentCube.Key(
                    country: group.country, year: group.year, stage: layout.stage, subject: subject.name,
                    sex: group.sex, location: group.location, wealth: group.wealth, unit: nil)
                result.cells.append((key, cells[g * layout.subjects.count + s]))
            }
        }
    }
}
