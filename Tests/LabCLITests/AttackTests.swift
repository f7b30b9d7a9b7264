import Foundation
import Testing
import TestSupport

/// Hostile specs and queries: each ends with a positioned error in bounded time and
/// memory, and one bad spec never hides the results of the good ones beside it.
@Suite struct AttackTests {
    /// Queries nested 25,000 levels, in every way the grammar nests.
    static let deepQueries: [String] = [
        String(repeating: "(", count: 25_000) + "@" + String(repeating: ")", count: 25_000),
        String(repeating: "!", count: 25_000) + "@",
        Array(repeating: "a", count: 25_000).joined(separator: "."),
        String(repeating: "[", count: 25_000) + "@" + String(repeating: "]", count: 25_000),
        Array(repeating: "@", count: 25_000).joined(separator: "|"),
        Array(repeating: "a", count: 25_000).joined(separator: "&&"),
    ]

    @Test(arguments: 0..<deepQueries.count)
    func aDeeplyNestedQueryIsAPositionedError(_ index: Int) throws {
        let outcome = try LabspecBinary.runBounded(["query", Self.deepQueries[index]], stdin: "{}")
        #expect(outcome.status == 2, "\(outcome.stderr.prefix(300))")
        #expect(outcome.stderr.contains("error: the expression is nested too deeply (more than 400 levels) [invalid-query]"))
        // The echoed line is cut around the caret, not 25,000 characters long.
        #expect(outcome.stderr.count < 2_000)
    }

    /// A folder with one hostile spec: every command reports the good specs too.
    @Test func oneHostileSpecNeverHidesTheOthers() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-attack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["managed-identity-key-vault-failure", "scale-rule-mismatch"] {
            try FileManager.default.copyItem(at: Fixtures.repositoryRoot.appendingPathComponent("specs/\(name).yaml"),
                                             to: folder.appendingPathComponent("\(name).yaml"))
        }
        let deep = Self.deepQueries[0]
        try """
            labspec: 1
            id: hostile
            title: A query nested 25,000 levels
            phases:
              - id: p
                steps:
                  - {id: s, az: group list, evidence: 01.json, expect: [{query: '\(deep)', equals: 1}]}
            """.write(to: folder.appendingPathComponent("hostile.yaml"), atomically: true, encoding: .utf8)
        let validate = try LabspecBinary.runBounded(["validate", folder.path])
        #expect(validate.status == 2)
        #expect(validate.stdout.contains("managed-identity-key-vault-failure.yaml: valid"))
        #expect(validate.stdout.contains("scale-rule-mismatch.yaml: valid"))
        #expect(validate.stdout.contains("hostile.yaml: invalid"))
        #expect(validate.stderr.contains("hostile.yaml:7:"))
        let list = try LabspecBinary.runBounded(["list", folder.path])
        #expect(list.status == 2)
        #expect(list.stdout.contains("scale-rule-mismatch"))
        for command in ["plan", "render"] {
            let outcome = try LabspecBinary.runBounded([command, folder.appendingPathComponent("hostile.yaml").path])
            #expect(outcome.status == 2, "\(command)")
            #expect(outcome.stderr.contains("nested too deeply"), "\(command)")
        }
    }

    /// Nine levels of anchors nine wide: a few hundred bytes that expand to 9⁹ values.
    static let bomb = (0..<9).map { level -> String in
        let name = String(UnicodeScalar(UInt8(97 + level)))
        if level == 0 { return "a: &a [" + Array(repeating: "\"lol\"", count: 9).joined(separator: ",") + "]" }
        let previous = String(UnicodeScalar(UInt8(96 + level)))
        return "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]"
    }.joined(separator: "\n") + "\n"

    @Test func aYAMLBombIsRefusedInAnArtifactAndInASpec() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-bomb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let artifact = folder.appendingPathComponent("bomb.yaml")
        try Self.bomb.write(to: artifact, atomically: true, encoding: .utf8)
        let query = try LabspecBinary.runBounded(["query", "length(i)", artifact.path], seconds: 20, memoryKiB: 1_000_000)
        #expect(query.status == 2)
        #expect(query.stderr.contains("it expands to more than 2000000 values (through YAML aliases)"))

        let spec = folder.appendingPathComponent("bomb-spec.yaml")
        try ("labspec: 1\nid: bomb\ntitle: Bomb\nvalues:\n" + Self.bomb.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
            + "\nphases:\n  - id: p\n    steps:\n      - {id: s, az: group list, expect: [{query: x, equals: *i}]}\n")
            .write(to: spec, atomically: true, encoding: .utf8)
        let validate = try LabspecBinary.runBounded(["validate", spec.path], seconds: 20, memoryKiB: 1_000_000)
        #expect(validate.status == 2)
        #expect(validate.stderr.contains("the spec expands to more than 2000000 values through its aliases [yaml-alias]"))
    }

    /// `[@,@]` thirty times doubles the result at each stage: stopped with an error.
    @Test func aQueryWhoseResultDoublesWithoutEndIsStopped() throws {
        let query = Array(repeating: "[@,@]", count: 30).joined(separator: "|")
        let outcome = try LabspecBinary.runBounded(["query", query], seconds: 60, memoryKiB: 2_000_000, stdin: "[1]")
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("the result holds more than 10000000 values [too-large]"))
    }

    /// Two hundred thousand unknown keys: a thousand problems and one line for the rest.
    @Test func diagnosticsAreCappedPerFile() throws {
        let spec = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-many-\(UUID().uuidString).yaml")
        try ("labspec: 1\nid: many\ntitle: Many\n" + (0..<200_000).map { "k\($0): 1\n" }.joined())
            .write(to: spec, atomically: true, encoding: .utf8)
        let outcome = try LabspecBinary.runBounded(["validate", spec.path, "--color", "never"], seconds: 60)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("error: 199001 more problems in this file are not shown (199001 of them errors) [too-many-problems]"),
                "\(outcome.stderr.suffix(300))")
        #expect(outcome.stderr.utf8.count < 1_000_000)
        #expect(outcome.stdout.hasSuffix("invalid (1001 errors)\n"))
    }

    /// Past the cap, warnings alone stay warnings: a lab of 1,500 unchecked steps is
    /// valid (with a warning that says how many were not shown), not turned invalid.
    @Test func manyWarningsNeverMakeASpecInvalid() throws {
        let folder = try Fixtures.newFolder("labspec-many-warnings")
        let spec = try Fixtures.spec(Fixtures.onePhaseLab(id: "many-warnings", steps: """
            - {id: "first-${N}", for-each: {N: 750}, run: [echo, "${N}"]}
            - {id: "second-${N}", for-each: {N: 750}, run: [echo, "${N}"]}
            """), in: folder)
        let outcome = try LabspecBinary.runBounded(["validate", spec.path, "--color", "never"], seconds: 60)
        #expect(outcome.status == 0, "\(outcome.stderr.suffix(300))")
        #expect(outcome.stderr.contains("warning: 501 more problems in this file are not shown (all warnings or notes) [too-many-problems]"),
                "\(outcome.stderr.suffix(300))")
        #expect(outcome.stdout.contains(": valid: many-warnings, 1 phase, 1500 steps"), "\(outcome.stdout)")
    }

    /// A byte that is not UTF-8 is pointed at, not reported at 1:1.
    @Test func aByteThatIsNotUTF8IsPointedAt() throws {
        let spec = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-latin-\(UUID().uuidString).yaml")
        try Data("labspec: 1\nid: x\ntitle: \"caf".utf8 + [0xE9] + Data("\"\n".utf8)).write(to: spec)
        let outcome = try LabspecBinary.runBounded(["validate", spec.path, "--color", "never"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(":3:12: error: cannot read spec: byte 0xE9 at offset 28 is not UTF-8 [unreadable-file]"))
    }

    /// What is not a spec file is said so without reading it: a file past 16 MiB (loading
    /// costs about fifty times a spec's size), a pipe (reading would wait for a writer), a
    /// device, a link that leads nowhere or loops. No source line is echoed for them.
    @Test func whatCannotBeASpecIsRefusedUnread() throws {
        let folder = try Fixtures.newFolder("labspec-unreadable")
        let huge = folder.appendingPathComponent("huge.yaml")
        try Data(("labspec: 1\nid: h\ntitle: t\nsummary: \"" + String(repeating: "x", count: 17 << 20) + "\"\n").utf8).write(to: huge)
        #expect(mkfifo(folder.appendingPathComponent("pipe.yaml").path, 0o600) == 0)
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: folder.appendingPathComponent("device.yaml").path, withDestinationPath: "/dev/zero")
        try fm.createSymbolicLink(atPath: folder.appendingPathComponent("dangling.yaml").path, withDestinationPath: "/nonexistent/lab.yaml")
        try fm.createSymbolicLink(atPath: folder.appendingPathComponent("loop-a.yaml").path, withDestinationPath: "loop-b.yaml")
        try fm.createSymbolicLink(atPath: folder.appendingPathComponent("loop-b.yaml").path, withDestinationPath: "loop-a.yaml")
        let outcome = try LabspecBinary.runBounded(["validate", folder.path, "--color", "never"], seconds: 30, memoryKiB: 600_000)
        #expect(outcome.status == 2, "\(outcome.stderr)")
        for expected in [
            "huge.yaml:1:1: error: cannot read spec: it is larger than 16 MiB, the most a spec may be",
            "pipe.yaml:1:1: error: cannot read spec: it is not a regular file",
            "device.yaml:1:1: error: cannot read spec: it is not a regular file",
            "dangling.yaml:1:1: error: cannot read spec: it is a symbolic link to `/nonexistent/lab.yaml`, which does not exist",
            "loop-a.yaml:1:1: error: cannot read spec: it is a symbolic link that loops (to `loop-b.yaml`)",
        ] {
            #expect(outcome.stderr.contains(expected), "\(expected)\n\(outcome.stderr)")
        }
        #expect(!outcome.stderr.contains(" 1 | "), "no empty source line is echoed")
    }
}
