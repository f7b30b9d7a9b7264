import Foundation
import JMESPath
import Testing

/// `Timestamp.text` writes the instants of reports and `${now.iso}` without Foundation's
/// formatter; it must write what that formatter writes, and read back through `parse`.
@Suite struct TimestampTextTests {
    /// Seconds since the epoch from 1900 to 2400, with sub-millisecond parts, the leap
    /// days and the ends of years among them.
    static let instants: [Double] = {
        var generator = SystemRandomNumberGenerator()
        let edges: [Double] = [0, -1, 951_782_400, 951_868_799.999, 4_107_542_399.5, 1_798_761_599.9995, -2_208_988_800]
        return edges + (0..<2_000).map { _ in Double.random(in: -2_208_988_800...13_569_465_600, using: &generator) }
    }()

    @Test func writesWhatFoundationsFormatterWrites() {
        let whole = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for instant in Self.instants {
            // Foundation rounds to the second or millisecond where this cuts (so `now.iso`
            // names the same second as `now.epoch`): compare with the cut instant.
            let second = Date(timeIntervalSince1970: instant.rounded(.down))
            #expect(Timestamp.text(epochSeconds: instant) == whole.string(from: second), "\(instant)")
            let text = Timestamp.text(epochSeconds: instant, fractionDigits: 3)
            let read = fractional.date(from: text)?.timeIntervalSince1970
            #expect(read.map { abs($0 - (instant * 1000).rounded(.down) / 1000) < 0.000_5 } == true, "\(instant) → \(text)")
        }
    }

    @Test func readsBackThroughParse() throws {
        for instant in Self.instants {
            let parsed = try #require(Timestamp.parse(Timestamp.text(epochSeconds: instant, fractionDigits: 6)))
            #expect(parsed.seconds == Int64((instant).rounded(.down)), "\(instant)")
        }
        #expect(Timestamp.text(epochSeconds: 1_798_761_599.9995, fractionDigits: 3) == "2026-12-31T23:59:59.999Z")
        #expect(Timestamp.text(epochSeconds: -0.25, fractionDigits: 2) == "1969-12-31T23:59:59.75Z")
        #expect(Timestamp.text(epochSeconds: .infinity) == "9999-12-31T23:59:59Z")
        #expect(Timestamp.text(epochSeconds: -.infinity) == "0000-01-01T00:00:00Z")
        #expect(Timestamp.text(epochSeconds: .nan) == "0000-01-01T00:00:00Z" || Timestamp.text(epochSeconds: .nan) == "9999-12-31T23:59:59Z")
    }
}
