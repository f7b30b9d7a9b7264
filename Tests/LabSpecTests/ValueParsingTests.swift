import LabSpec
import Testing

@Suite struct ValueParsingTests {
    @Test(arguments: [
        ("500ms", Int64(500)), ("10s", 10_000), ("3m", 180_000), ("1h", 3_600_000),
        ("1m30s", 90_000), ("2h5m", 7_500_000), ("0s", 0),
    ])
    func durationsParse(_ text: String, _ milliseconds: Int64) {
        #expect(LabDuration.parseMilliseconds(text) == milliseconds)
    }

    @Test(arguments: ["10x", "", "10", "s", "1s1m", "1.5s", "-3s", "10 s", "99999999999h"])
    func badDurationsAreRejected(_ text: String) {
        #expect(LabDuration.parseMilliseconds(text) == nil)
    }

    @Test func durationsPrintInTheirShortestForm() {
        let location = LabSpec.SourceLocation(file: "f", line: 1, column: 1)
        #expect(LabDuration(milliseconds: 90_500, location: location).description == "1m30s500ms")
    }

    @Test func versionConstraints() throws {
        let atLeast = try #require(VersionConstraint.parse(">=2.71"))
        #expect(atLeast.isSatisfied(by: [2, 71, 0]))
        #expect(atLeast.isSatisfied(by: [2, 72]))
        #expect(!atLeast.isSatisfied(by: [2, 70, 9]))
        let below = try #require(VersionConstraint.parse("<3"))
        #expect(below.isSatisfied(by: [2, 99]))
        #expect(!below.isSatisfied(by: [3, 0, 0]))
        #expect(VersionConstraint.parse("latest") == nil)
        #expect(VersionConstraint.parse(">=2.x") == nil)
    }

    @Test func suggestionsPickTheClosestCandidate() {
        #expect(Suggestion.closest(to: "expct", in: ["expect", "capture", "evidence"]) == "expect")
        #expect(Suggestion.closest(to: "RESOURCE_GRUOP", in: ["RESOURCE_GROUP", "REGION"]) == "RESOURCE_GROUP")
        #expect(Suggestion.closest(to: "zzzz", in: ["expect", "capture"]) == nil)
        #expect(Suggestion.editDistance("ab", "ba") == 1)
    }
}
