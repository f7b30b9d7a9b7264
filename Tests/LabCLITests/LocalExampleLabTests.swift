import Foundation
import Testing
import TestSupport

/// The example lab that needs no cloud runs for real — files, repeated probes,
/// alternatives, a combined artifact, a poll transcript, text as data — and its pack
/// verifies to the same verdict.
@Suite struct LocalExampleLabTests {
    static let spec = InProcess.path("examples/labs/local-config-drift.yaml")

    @Test func itRunsAndVerifiesConfirmed() async throws {
        let pack = try Fixtures.newFolder("local-lab").appendingPathComponent("pack")
        let run = await InProcess.record(Self.spec, into: pack)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("verdict: confirmed (H1 2/2 held · H2 1/1 held)"), "\(run.stdout)")
        let files = try FileManager.default.contentsOfDirectory(atPath: pack.path).sorted()
        #expect(files == ["01-probe-broken-1.log", "01-probe-broken-2.log", "01-probe-broken-3.log",
                          "02-probe-fixed-attempts.jsonl", "02-probe-fixed.txt", "files", "manifest.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: pack.appendingPathComponent("files").path).sorted()
                == ["broken.json", "fixed.json", "service.sh"])
        let verify = await InProcess.verify(Self.spec, pack: pack)
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(verify.stdout.contains("verdict: confirmed"))
    }
}
