import SDG4CSV
import SDG4Clean
import SDG4Ingest
import Yams

extension PipelineFileParser {
    /// `design: {type: taylor, strata: COLUMN, psu: COLUMN}`, `{type: brr, replicate_weights: ...,
    /// fay: 0.5}`, `{type: jk2, zone: COLUMN, replicate: COLUMN}` or `{type: replicate,
    /// replicate_weights: ..., scale: S}`; `nil` (with a problem) when it is not one of them.
    mutating func design(_ node: Node, prefix: String) -> SamplingDesign? {
        guard let mapping = node.mapping else {
            problem(prefix, line(node), "expected a mapping such as {type: brr, replicate_weights: ..., fay: 0.5}.")
            return nil
        }
        let allowed = ["type", "strata", "psu", "replicate_weights", "fay", "zone", "replicate", "scale"]
        let keys = checkKeys(mapping, allowed: allowed, prefix: prefix + ".")
        guard let typeNode = keys["type"], let type = string(typeNode, key: prefix + ".type") else {
            if keys["type"] == nil {
                problem(prefix, line(node), "the design needs 'type:' (taylor, brr, jk2 or replicate).")
            }
            return nil
        }
        let needs: [String: [String]] = [
            "taylor": ["psu"], "brr": ["replicate_weights"], "jk2": ["zone", "replicate"],
            "replicate": ["replicate_weights", "scale"],
        ]
        let takes: [String: Set<String>] = [
            "taylor": ["strata", "psu"], "brr": ["replicate_weights", "fay"], "jk2": ["zone", "replicate"],
            "replicate": ["replicate_weights", "scale"],
        ]
        guard let required = needs[type], let optional = takes[type] else {
            problem(prefix + ".type", line(typeNode), "unknown design '\(type)'; use taylor, brr, jk2 or replicate.")
            return nil
        }
        var ok = true
        for key in required where keys[key] == nil {
            problem(prefix, line(node), "a \(type) design needs '\(key):'.")
            ok = false
        }
        for (key, value) in keys where key != "type" && !optional.contains(key) {
            problem(prefix + "." + key, line(value), "'\(key)' does not apply to a \(type) design.")
            ok = false
        }
        guard ok else { return nil }
        func column(_ key: String) -> String? { keys[key].flatMap { string($0, key: prefix + "." + key) } }
        switch type {
        case "taylor":
            return column("psu").map { .taylor(strata: column("strata"), psu: $0) }
        case "jk2":
            guard let zone = column("zone"), let replicate = column("replicate") else { return nil }
            return .jk2(zone: zone, replicate: replicate)
        case "brr":
            guard let weights = replicateWeights(keys["replicate_weights"]!, prefix: prefix + ".replicate_weights")
            else { return nil }
            let fay =
                keys["fay"].map { number($0, key: prefix + ".fay", in: 0..<1, meaning: "Fay's factor, 0 to under 1") }
                ?? 0
            return fay.map { .brr(weights: weights, fay: $0) }
        default:
            guard let weights = replicateWeights(keys["replicate_weights"]!, prefix: prefix + ".replicate_weights"),
                let scale = number(
                    keys["scale"]!, key: prefix + ".scale", in: Double.leastNonzeroMagnitude..<Double.infinity,
                    meaning: "a positive number")
            else { return nil }
            return .replicate(weights: weights, scale: scale)
        }
    }

    /// `{prefix: W_FSTURWT, from: 1, to: 80}` (the headers `W_FSTURWT1` … `W_FSTURWT80`) or a list of
    /// headers; at least two.
    mutating func replicateWeights(_ node: Node, prefix: String) -> [String]? {
        if let list = node.sequence {
            let headers = list.compactMap { string($0, key: prefix) }
            guard headers.count == list.count else { return nil }
            guard headers.count >= 2, Set(headers).count == headers.count else {
                problem(prefix, line(node), "give at least two replicate weight columns, each once.")
                return nil
            }
            return headers
        }
        guard let mapping = node.mapping else {
            problem(prefix, line(node), "expected {prefix: W_FSTURWT, from: 1, to: 80} or a list of headers.")
            return nil
        }
        let keys = checkKeys(mapping, allowed: ["prefix", "from", "to"], prefix: prefix + ".")
        guard let start = keys["prefix"].flatMap({ string($0, key: prefix + ".prefix") }),
            let from = keys["from"].flatMap({ $0.int }), let to = keys["to"].flatMap({ $0.int }),
            from >= 0, to - from >= 1, to - from < 1000
        else {
            problem(
                prefix, line(node),
                "expected {prefix: NAME, from: FIRST, to: LAST} with FIRST < LAST (at most 1000 weights).")
            return nil
        }
        return (from...to).map { "\(start)\($0)" }
    }

    /// A number of `range`, or `nil` with a problem saying what was expected.
    mutating func number(_ node: Node, key: String, in range: Range<Double>, meaning: String) -> Double? {
        guard let value = node.float ?? node.int.map(Double.init), range.contains(value) else {
            problem(key, line(node), "expected \(meaning).")
            return nil
        }
        return value
    }
}

extension PipelineFileParser {
    /// `year: 2019` on a household survey or an assessment: the reference year of every row of
    /// a file without a year column.
    mutating func fixedYear(_ node: Node?, kind: MicrodataSpec.Kind, prefix: String) -> Int? {
        guard let node else { return nil }
        guard kind != .studentCensus else {
            problem(
                prefix + ".year", line(node),
                "'year' applies to a household survey or an assessment; map the census's year column.")
            return nil
        }
        guard let year = node.scalar.flatMap({ ReferenceYear.parse($0.string) }), (1950...2100).contains(year) else {
            problem(
                prefix + ".year", line(node), "expected a reference year (1950-2100) or a school year (2019/2020).")
            return nil
        }
        return year
    }
}

extension PipelineFileParser {
    /// `codes: {sex: {"1": F, "2": M}, location: {"1": U, "2": R}, wealth: {...}}`: the file's
    /// values of a breakdown and the sdg4 spelling each stands for (checked against the code
    /// lists).
    mutating func recodes(_ node: Node, prefix: String) -> [String: [String: String]] {
        guard let mapping = node.mapping else {
            problem(prefix, line(node), "expected a mapping such as {sex: {\"1\": F, \"2\": M}}.")
            return [:]
        }
        let decoders: [String: (String) -> Bool] = [
            "sex": { CodeLists.sex($0) != nil }, "location": { CodeLists.location($0) != nil },
            "wealth": { CodeLists.wealth($0) != nil },
        ]
        var out: [String: [String: String]] = [:]
        for (role, value) in checkKeys(mapping, allowed: ["sex", "location", "wealth"], prefix: prefix + ".") {
            guard let pairs = value.mapping else {
                problem(prefix + "." + role, line(value), "expected the file's values and what each means, {\"1\": F}.")
                continue
            }
            var codes: [String: String] = [:]
            for (from, to) in pairs {
                guard let fromText = from.scalar?.string, let toText = to.scalar?.string else {
                    problem(prefix + "." + role, line(to), "expected a value and its code, such as \"1\": F.")
                    continue
                }
                guard decoders[role]!(toText) else {
                    problem(
                        prefix + "." + role, line(to),
                        "'\(toText)' is not a \(role) code sdg4 knows (\(role == "sex" ? "F, M, _T" : role == "location" ? "U, R, _T" : "Q1-Q5, _T"))."
                    )
                    continue
                }
                codes[fromText] = toText
            }
            out[role] = codes
        }
        return out
    }
}
