import Foundation
import Testing
import TestSupport

/// The pack is a sealed folder: no link planted in it is followed, nothing of an earlier
/// run survives `--force`, and a hostile manifest is named and set aside.
@Suite struct PackAttackTests {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-sealed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A spec whose one step records into `sub/01.json`.
    private func spec(in root: URL) throws -> URL {
        let spec = root.appendingPathComponent("lab.yaml")
        try """
            labspec: 1
            id: sealed
            title: Sealed
            phases:
              - id: p
                steps:
                  - {id: list, run: [echo, '{"n": 1}'], evidence: sub/01.json, expect: [{query: n, equals: 1}]}
            evidence:
              during-failure:
                - {claim: One, source: sub/01.json, expect: [{query: n, equals: 1}]}
              after-fix:
                - {claim: Still one, source: sub/01.json, expect: [{query: n, equals: 1}]}
            """.write(to: spec, atomically: true, encoding: .utf8)
        return spec
    }

    @Test func aLinkPlantedInThePackIsNeverWrittenThrough() throws {
        let root = try folder()
        let elsewhere = root.appendingPathComponent("elsewhere"), pack = root.appendingPathComponent("pack")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: pack.appendingPathComponent("sub"), withDestinationURL: elsewhere)
        let run = try LabspecBinary.runBounded(["run", try spec(in: root).path, "--evidence-dir", pack.path, "--color", "never"])
        #expect(run.status != 0)
        #expect(run.stdout.contains("`sub` is a symbolic link, which a pack may not hold"), "\(run.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
        // What the pack could not record cannot confirm anything.
        #expect(run.stdout.contains("verdict: error"), "\(run.stdout)")
    }

    @Test func forceLeavesNothingOfTheEarlierRun() throws {
        let root = try folder()
        let pack = root.appendingPathComponent("pack")
        let spec = try spec(in: root)
        let first = try LabspecBinary.runBounded(["run", spec.path, "--evidence-dir", pack.path])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        try "stale".write(to: pack.appendingPathComponent("stale.txt"), atomically: true, encoding: .utf8)
        let again = try LabspecBinary.runBounded(["run", spec.path, "--evidence-dir", pack.path, "--force"])
        #expect(again.status == 0)
        #expect(!FileManager.default.fileExists(atPath: pack.appendingPathComponent("stale.txt").path))
        let left = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        #expect(left == ["lab.yaml", "pack"])
    }

    @Test func verifyReadsNothingOutsideThePack() throws {
        let root = try folder()
        let pack = root.appendingPathComponent("pack")
        try FileManager.default.createDirectory(at: pack.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: pack.appendingPathComponent("sub/01.json").path,
                                                   withDestinationPath: "/etc/passwd")
        let verify = try LabspecBinary.runBounded(["verify", try spec(in: root).path, "--evidence", pack.path, "--color", "never"])
        #expect(verify.status == 7)
        #expect(verify.stdout.contains("`01.json` is a symbolic link, which a pack may not hold"), "\(verify.stdout)")
        #expect(!verify.stdout.contains("root:"))
    }

    /// A manifest that is a FIFO, a link to /dev/zero, too deep or malformed: named in a
    /// warning, set aside, and the pack judged without it — never a hang.
    @Test(arguments: ["fifo", "zero", "deep", "malformed", "wrong-types"])
    func aHostileManifestIsNamedAndSetAside(_ kind: String) throws {
        let root = try folder()
        let pack = root.appendingPathComponent("pack")
        try FileManager.default.createDirectory(at: pack.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try #"{"n": 1}"#.write(to: pack.appendingPathComponent("sub/01.json"), atomically: true, encoding: .utf8)
        let manifest = pack.appendingPathComponent("manifest.json")
        switch kind {
        case "fifo": #expect(mkfifo(manifest.path, 0o644) == 0)
        case "zero": try FileManager.default.createSymbolicLink(atPath: manifest.path, withDestinationPath: "/dev/zero")
        case "deep": try (String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
            .write(to: manifest, atomically: true, encoding: .utf8)
        case "malformed": try "{\"steps\": [".write(to: manifest, atomically: true, encoding: .utf8)
        default: try #"{"steps": 7}"#.write(to: manifest, atomically: true, encoding: .utf8)
        }
        let verify = try LabspecBinary.runBounded(["verify", try spec(in: root).path, "--evidence", pack.path, "--color", "never"],
                                                  seconds: 20)
        #expect(verify.status == 0, "\(kind): \(verify.stdout)\(verify.stderr)")
        #expect(verify.stderr.contains("labspec: warning: `manifest.json` cannot be read ("), "\(kind): \(verify.stderr)")
        #expect(verify.stderr.contains("the pack is judged without it"))
    }

    /// A step printing 200 MB keeps 64 MiB, records that it cut the rest, and judges
    /// nothing on what it cut — in the run and in `verify` of its pack.
    @Test func aHugeOutputIsBoundedAndNotJudgedAsWhole() throws {
        let root = try folder()
        let spec = root.appendingPathComponent("huge.yaml"), pack = root.appendingPathComponent("pack")
        try """
            labspec: 1
            id: huge
            title: Huge output
            phases:
              - id: p
                steps:
                  - id: flood
                    run: [sh, -c, "head -c 200000000 /dev/zero | tr '\\\\0' x"]
                    evidence: 01-flood.txt
                    expect: [{exit-code: 0}, {stdout: {not: {contains: y}}}]
            evidence:
              during-failure:
                - {claim: No y, source: 01-flood.txt, expect: [{stdout: {not: {contains: y}}}]}
              after-fix:
                - {claim: Ran, source: flood, expect: [{exit-code: 0}]}
            """.write(to: spec, atomically: true, encoding: .utf8)
        let run = try LabspecBinary.runBounded(["run", spec.path, "--evidence-dir", pack.path, "--color", "never"],
                                               seconds: 120, memoryKiB: 1_500_000)
        #expect(run.status == 1, "\(run.stdout.suffix(600))\n\(run.stderr.suffix(300))")
        #expect(run.stdout.contains("bytes more than the 64 MiB kept of each stream"))
        let size = try FileManager.default.attributesOfItem(atPath: pack.appendingPathComponent("01-flood.txt").path)[.size] as? Int
        // Recorded whole from its spill file, though only 64 MiB was held to judge.
        #expect(size == 200_000_000)
        let verify = try LabspecBinary.runBounded(["verify", spec.path, "--evidence", pack.path, "--color", "never"],
                                                  seconds: 120, memoryKiB: 1_500_000)
        #expect(verify.status == 7, "\(verify.stdout.suffix(600))")
    }
}
