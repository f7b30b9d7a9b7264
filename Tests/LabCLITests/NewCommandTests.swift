import Foundation
import Testing
import TestSupport

/// `labspec new ID`: a scaffold that is valid, strict, and dry-runs as written.
@Suite struct NewCommandTests {
    @Test func theScaffoldValidatesStrictlyAndPlans() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-new-\(UUID().uuidString)")
        let made = try LabspecBinary.run(["new", "slow-dns-failover", "--directory", folder.path])
        #expect(made.status == 0, "\(made.stderr)")
        let spec = folder.appendingPathComponent("slow-dns-failover.yaml").path
        let validated = try LabspecBinary.run(["validate", spec, "--strict"])
        #expect(validated.status == 0, "\(validated.stderr)")
        #expect(validated.stdout == "\(spec): valid: slow-dns-failover, 5 phases, 6 steps, 2 evidence claims\n")
        let planned = try LabspecBinary.run(["plan", spec, "--set", "APP_URL=https://app.invalid", "--color", "never"])
        #expect(planned.status == 0, "\(planned.stdout)\n\(planned.stderr)")
        #expect(planned.stdout.contains("Slow Dns Failover Lab (slow-dns-failover)"))

        let again = try LabspecBinary.run(["new", "slow-dns-failover", "--directory", folder.path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
        let badID = try LabspecBinary.run(["new", "no spaces please", "--directory", folder.path])
        #expect(badID.status == 2)
        #expect(badID.stderr.contains("`no spaces please` is not a valid lab id"))
    }
}
