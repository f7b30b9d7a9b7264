/// A span of time written as `500ms`, `10s`, `3m`, `1h` or combined (`1m30s`).
public struct LabDuration: Sendable, Hashable, CustomStringConvertible {
    public var milliseconds: Int64
    public var location: SourceLocation
    /// `${INTERVAL}`: a duration an input gives, read when the run knows its value.
    public var template: Template?

    public init(milliseconds: Int64, location: SourceLocation, template: Template? = nil) {
        self.milliseconds = milliseconds
        self.location = location
        self.template = template
    }

    /// The duration with its `${…}` filled in from `value`; nil when the text is not a
    /// duration (or a value is missing).
    public func resolved(_ value: (String) -> String?) -> LabDuration? {
        guard let template else { return self }
        var missing = false
        let text = template.render { reference in
            let found = value(reference.name)
            if found == nil { missing = true }
            return found
        }
        guard !missing, let milliseconds = Self.parseMilliseconds(text) else { return nil }
        return LabDuration(milliseconds: milliseconds, location: location)
    }

    public var duration: Duration { .milliseconds(milliseconds) }
    public var seconds: Double { Double(milliseconds) / 1000 }

    public var description: String { template?.symbolic ?? LabDuration.format(milliseconds: milliseconds) }

    /// Parses the text; nil when it is not a duration.
    public static func parseMilliseconds(_ text: String) -> Int64? {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return nil }
        var index = 0
        var total: Int64 = 0
        var lastUnitRank = Int.max
        while index < scalars.count {
            var digits: Int64 = 0
            let start = index
            while index < scalars.count, ("0"..."9").contains(scalars[index]) {
                guard digits < 1_000_000_000 else { return nil }
                digits = digits * 10 + Int64(scalars[index].value - 48)
                index += 1
            }
            guard index > start else { return nil }
            var unit = ""
            while index < scalars.count, ("a"..."z").contains(scalars[index]) {
                unit.unicodeScalars.append(scalars[index])
                index += 1
            }
            let (factor, rank): (Int64, Int)
            switch unit {
            case "h": (factor, rank) = (3_600_000, 4)
            case "m": (factor, rank) = (60_000, 3)
            case "s": (factor, rank) = (1000, 2)
            case "ms": (factor, rank) = (1, 1)
            default: return nil
            }
            guard rank < lastUnitRank else { return nil }
            lastUnitRank = rank
            total += digits * factor
        }
        return total
    }

    public static func format(milliseconds: Int64) -> String {
        if milliseconds == 0 { return "0s" }
        var rest = milliseconds
        var text = ""
        for (unit, factor) in [("h", Int64(3_600_000)), ("m", 60_000), ("s", 1000), ("ms", 1)] {
            let count = rest / factor
            if count > 0 { text += "\(count)\(unit)" }
            rest %= factor
        }
        return text
    }
}
