/// An RFC 3339 timestamp as Azure writes it (`2026-06-26T08:25:19.0694807Z`,
/// `…+00:00`), compared by instant with every fraction digit kept: Foundation's
/// formatters stop at milliseconds, and Azure writes seven digits. Expectations order
/// by it; `to_epoch()` turns one into seconds for arithmetic.
public struct Timestamp: Comparable, Sendable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let seconds: Int64
    /// The fraction's digits, trailing zeros removed ("0694807").
    public let fraction: String

    /// Seconds since the epoch as a number: an integer without a fraction, else a real
    /// number (exact to about a microsecond at today's dates).
    public var epochSeconds: JSONValue {
        guard !fraction.isEmpty, let part = Double("0." + fraction) else { return .int(Int(seconds)) }
        return .double(Double(seconds) + part)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        if lhs.seconds != rhs.seconds { return lhs.seconds < rhs.seconds }
        let width = max(lhs.fraction.count, rhs.fraction.count)
        let left = lhs.fraction.padding(toLength: width), right = rhs.fraction.padding(toLength: width)
        return left < right
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; `t`, `z` and a space for `T` are accepted.
    public static func parse(_ text: String) -> Timestamp? {
        let chars = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= chars.count else { return nil }
            var value = 0
            for byte in chars[index..<index + width] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += width
            return value
        }
        func expect(_ allowed: String) -> Bool {
            guard index < chars.count, allowed.utf8.contains(chars[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
              expect("Tt "), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
              let second = number(2) else { return nil }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60 else { return nil }
        var fraction = ""
        if index < chars.count, chars[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < chars.count, chars[index] >= 48, chars[index] <= 57 { index += 1 }
            guard index > start else { return nil }
            fraction = String(decoding: chars[start..<index], as: UTF8.self)
            while fraction.hasSuffix("0") { fraction.removeLast() }
        }
        var offset = 0
        if expect("Zz") {
            offset = 0
        } else if index < chars.count, chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-") {
            let sign = chars[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let hours = number(2), expect(":"), let minutes = number(2), hours < 24, minutes < 60 else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        guard index == chars.count else { return nil }
        let days = Self.days(year: year, month: month, day: day)
        let local = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Timestamp(seconds: local - Int64(offset), fraction: fraction)
    }

    /// An instant, given as seconds since the epoch, as UTC text: `2026-11-30T14:50:42Z`,
    /// or with `fractionDigits` (up to 9) digits of the second, cut, not rounded:
    /// `2026-11-30T14:50:42.123Z`. Written here rather than by Foundation's ISO 8601
    /// formatter, which sets up ICU's calendars on first use: a twentieth of `verify`'s
    /// start-up for one date.
    public static func text(epochSeconds: Double, fractionDigits: Int = 0) -> String {
        let digits = min(max(fractionDigits, 0), 9)
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = (epochSeconds * Double(scale)).rounded(.down)
        // Years 0 to 9999 only: what four year digits can say.
        guard scaled.isFinite, scaled >= -62_167_219_200 * Double(scale), scaled < 253_402_300_800 * Double(scale) else {
            return epochSeconds < 0 ? "0000-01-01T00:00:00Z" : "9999-12-31T23:59:59Z"
        }
        let units = Int64(scaled)
        var seconds = units / scale
        var fraction = units % scale
        if fraction < 0 { seconds -= 1; fraction += scale }
        var days = seconds / 86_400
        var second = seconds % 86_400
        if second < 0 { days -= 1; second += 86_400 }
        let (year, month, day) = civil(days: Int(days))
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        var text = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        text += "-\(two(month))-\(two(day))T\(two(Int(second) / 3600)):\(two(Int(second) % 3600 / 60)):\(two(Int(second) % 60))"
        if digits > 0 {
            let part = String(fraction)
            text += "." + String(repeating: "0", count: digits - part.count) + part
        }
        return text + "Z"
    }

    /// The proleptic Gregorian date `days` after 1970-01-01: `days(year:month:day:)` inverted.
    private static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date.
    private static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

private extension String {
    func padding(toLength width: Int) -> String {
        count >= width ? self : self + String(repeating: "0", count: width - count)
    }
}
