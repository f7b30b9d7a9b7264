import Foundation
import LabSpec
import Testing
import TestSupport

/// Every spec the project ships must load without errors, so examples never rot.
@Suite struct SpecCorpusTests {
    static let shipped: [URL] = ["specs", "examples"].flatMap { folder -> [URL] in
        let root = Fixtures.repositoryRoot.appendingPathComponent(folder)
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL } ?? []
        return files.filter { ["yaml", "yml"].contains($0.pathExtension) }
            .filter { (try? String(contentsOf: $0, encoding: .utf8))?.hasPrefix("labspec:") == true }
            .sorted { $0.path < $1.path }
    }

    @Test func theSeedLabIsShipped() {
        #expect(Self.shipped.contains { $0.lastPathComponent == "managed-identity-key-vault-failure.yaml" })
    }

    @Test(arguments: shipped)
    func loadsWithoutErrorsOrWarnings(_ spec: URL) {
        let result = LabLoader.load(path: spec.path)
        // Notes say what was not checked (an extension's command) and are no finding.
        let findings = result.diagnostics.filter { $0.severity != .note }
        #expect(findings.isEmpty, "\(findings.map(\.description))")
        #expect(result.lab != nil)
    }

    @Test func theSeedLabUsesTheRealPacksArtifactNames() throws {
        let spec = Fixtures.repositoryRoot.appendingPathComponent("specs/managed-identity-key-vault-failure.yaml")
        let lab = try #require(LabLoader.load(path: spec.path).lab)
        let artifacts = lab.allSteps.compactMap(\.evidence?.value)
        #expect(artifacts == (1...12).map { String(format: "%02d", $0) }.map { prefix in
            artifacts.first { $0.hasPrefix(prefix + "-") } ?? "missing \(prefix)"
        })
        #expect(lab.evidence.duringFailure.count == 4)
        #expect(lab.evidence.afterFix.count == 4)
        #expect(lab.hypothesis?.variables.count == 4)
        #expect(lab.callouts.count == 2)
        #expect(lab.phases.map(\.id.value) == ["deploy", "capture-outputs", "trigger", "observe", "fix", "verify"])
    }
}
