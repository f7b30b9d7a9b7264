import Foundation
import LabRunner
import LabSpec
import Testing
import TestSupport

/// The catalogue against the real az, offline: each fixture command through
/// `AzOfflineCheck`, az's verdict (`parsed`, `rejected`, or `unchecked` when az's own
/// validators stop it before the login with exit 1) compared with the fixture, and every
/// case where the catalogue and az disagree listed. Needs az: `LABSPEC_AZ` (set by `.ci/run`), else `az`
/// on PATH; CI fails without it, elsewhere the test says it did not run.
@Suite struct AzAgreementTests {
    static var az: String? {
        ProcessRunner.resolve(ProcessInfo.processInfo.environment["LABSPEC_AZ"] ?? "az")
    }

    @Test func azAnswersEveryFixtureCommandAsTheFixtureSays() async throws {
        guard let az = Self.az else {
            // CI provides az, or says (LABSPEC_AZ_UNAVAILABLE) why it could not install it.
            let environment = ProcessInfo.processInfo.environment
            #expect(environment["CI"] == nil || environment["LABSPEC_AZ_UNAVAILABLE"] != nil,
                    "CI must provide the Azure CLI (LABSPEC_AZ)")
            print("AzAgreementTests: not run: \(environment["LABSPEC_AZ_UNAVAILABLE"] ?? "no az on this machine")")
            return
        }
        var disagreements: [String] = []
        for item in AzCatalogueTests.cases {
            let result = LabLoader.load(text: AzCatalogueTests.lab(item.command), path: "case.yaml")
            let lab = try #require(result.readLab, "\(item.command)")
            let found = await AzOfflineCheck.check(lab, azPath: az)
            let verdict = found.contains { $0.severity == .error } ? "rejected" : (found.isEmpty ? "parsed" : "unchecked")
            #expect(verdict == item.offline, "\(item.command): az \(verdict) it: \(found.map(\.message))")
            // az's validators answer some lines before asking for a login ("incorrect usage",
            // exit 1): not checkable offline, so neither agreement nor disagreement.
            if verdict != "unchecked", (item.catalogue == "ok") != (verdict == "parsed") {
                disagreements.append("\(item.command) — catalogue: \(item.catalogue), az: \(verdict)")
            }
        }
        print("catalogue and az disagree on \(disagreements.count) of \(AzCatalogueTests.cases.count) commands:\n"
              + disagreements.map { "  \($0)" }.joined(separator: "\n"))
        // Only where the fixture says so: az accepts a repeated option (the last wins),
        // which the catalogue reports because a lab that names a value twice means one.
        #expect(disagreements.count == 1, "\(disagreements)")
    }
}
