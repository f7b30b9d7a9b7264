import Foundation
import Testing
import TestSupport

/// `for-each` on a step or a phase makes one copy per item, each with its own id and
/// artifacts and the item as `${NAME}`, so claims name the copies' artifacts.
@Suite struct RepetitionTests {
    static let spec = InProcess.path("Tests/Fixtures/runs/repeated-steps.yaml")

    @Test func copiesRunInOrderWithTheirItemsAndArtifacts() async throws {
        let pack = try Fixtures.newFolder("repeat").appendingPathComponent("pack")
        let run = await InProcess.record(Self.spec, into: pack)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("✔ replicas-15s"), "\(run.stdout)")
        #expect(run.stdout.contains("PASS query at == \"${AT}\" with AT=\"60s\" (got \"60s\")"))
        // A count's items are numbers: `"${N}"` alone compares as 2, not "2".
        #expect(run.stdout.contains("▸ probe-2") && run.stdout.contains("✔ probe-2.1"))
        let files = try FileManager.default.contentsOfDirectory(atPath: pack.path).sorted()
        #expect(files == ["05-replicas-15s.json", "05-replicas-30s.json", "05-replicas-60s.json", "06-probe-1.json",
                          "06-probe-2.json", "manifest.json"])
        let verify = await InProcess.verify(Self.spec, pack: pack)
        #expect(verify.status == 0, "\(verify.stdout)")
    }

    @Test func listAndPlanSeeTheCopies() async throws {
        let list = await InProcess.run(["list", Self.spec, "--format", "json"])
        #expect(list.stdout.contains("\"steps\": 5,") && list.stdout.contains("\"probe-2\""), "\(list.stdout)")
        let plan = await InProcess.run(["plan", Self.spec, "--phase", "probe-2", "--color", "never"])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("echo '{\"n\": 2}'"), "\(plan.stdout)")
    }
}
