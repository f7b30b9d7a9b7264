import Foundation
import LabRunner
import LabSpec
import Testing
import TestSupport

/// Every artifact a claim reads, in each shipped pack, deleted, cut mid-document or
/// replaced by az's error text: the verdict is never `confirmed`. It is `error`, or
/// `not-reproduced`/`not-recovered` only when a claim that reads intact evidence fails.
@Suite struct PackMutationTests {
    enum Mutation: String, CaseIterable, Sendable {
        case delete, truncate, errorText

        func apply(_ text: String) -> String? {
            switch self {
            case .delete: nil
            case .truncate: String(text.prefix(text.count / 2))
            case .errorText: "ERROR: (AuthorizationFailed) The client does not have authorization to perform action.\n"
            }
        }
    }

    static let labs = ["managed-identity-key-vault-failure", "scale-rule-mismatch", "cd-reconnect-rbac-conflict"]

    private func lab(_ id: String) throws -> Lab {
        try #require(LabLoader.load(path: Fixtures.repositoryRoot.appendingPathComponent("specs/\(id).yaml").path).lab)
    }

    /// The artifacts a claim's judgement depends on: its sources, and the artifacts of
    /// steps whose captures it uses.
    static func claimedArtifacts(_ lab: Lab) -> [String] {
        var names: [String] = []
        func add(_ name: String) { if !names.contains(name) { names.append(name) } }
        let used = Set(lab.evidence.all.flatMap { $0.expect.flatMap(\.variables).map(\.name) })
        for claim in lab.evidence.all {
            for source in claim.sources {
                if let step = lab.allSteps.first(where: { $0.id == source.value }) {
                    step.artifacts.forEach { add($0.value) }
                } else {
                    add(source.value)
                }
            }
        }
        for step in lab.allSteps where step.capture.contains(where: { used.contains($0.name) }) {
            step.artifacts.forEach { add($0.value) }
        }
        return names
    }

    /// Whether `claim` reads `artifact`, directly or through the step that records it.
    private func reads(_ claim: ClaimResult, _ artifact: String, in lab: Lab) -> Bool {
        guard let spec = lab.evidence.all.first(where: { $0.id == claim.id && $0.claim == claim.claim }) else { return true }
        return Self.anyReads(spec.sources, artifact, in: lab)
    }

    /// Whether one of `sources` is `artifact`, or a step that records it.
    private static func anyReads(_ sources: [Located<String>], _ artifact: String, in lab: Lab) -> Bool {
        sources.contains { source in
            source.value == artifact || lab.step(id: source.value)?.artifacts.contains { $0.value == artifact } == true
        }
    }

    /// Whether `claim` held through an alternative that does not read `artifact`.
    private func heldWithout(_ artifact: String, _ claim: ClaimResult, in lab: Lab) -> Bool {
        guard claim.status == .held, let index = claim.heldBy,
              let spec = lab.evidence.all.first(where: { $0.id == claim.id && $0.claim == claim.claim }),
              spec.alternatives.indices.contains(index - 1) else { return false }
        return !Self.anyReads(spec.alternatives[index - 1].sources, artifact, in: lab)
    }

    @Test(arguments: labs)
    func noMutationOfClaimedEvidenceIsConfirmed(_ id: String) async throws {
        let lab = try lab(id)
        let artifacts = Self.claimedArtifacts(lab)
        #expect(artifacts.count >= 8, "\(artifacts)")
        var judged = 0
        for artifact in artifacts {
            let original = try String(contentsOf: Fixtures.url("packs/\(id)/\(artifact)"), encoding: .utf8)
            for mutation in Mutation.allCases where mutation.apply(original) != original {
                let copy = try Fixtures.packCopy(of: id, editing: artifact,
                                                 mutation == .delete ? nil : { mutation.apply($0) ?? "" })
                let verdict = try await PackVerification.verdict(lab, pack: copy)
                judged += 1
                let what = "\(id): \(mutation.rawValue) \(artifact) → \(verdict.outcome.rawValue)"
                switch verdict.outcome {
                case .error:
                    break
                case .notReproduced, .notRecovered:
                    let intactFailure = verdict.claims.contains { $0.status == .failed && !reads($0, artifact, in: lab) }
                    let mutatedFailure = verdict.claims.contains { $0.status == .failed && reads($0, artifact, in: lab) }
                    // A truncated text can still be read and fail honestly; a missing or
                    // unreadable document never fails a claim.
                    #expect(intactFailure || (mutation == .truncate && mutatedFailure) || (mutation == .errorText && mutatedFailure),
                            "\(what): failed claims \(verdict.claims.filter { $0.status == .failed }.map { $0.id ?? $0.claim })")
                case .confirmed, .cleanupFailed:
                    // Only an alternative may stand in: every claim that reads the artifact
                    // held by another alternative, on evidence left intact.
                    let standsIn = verdict.claims.filter { reads($0, artifact, in: lab) }.allSatisfy {
                        heldWithout(artifact, $0, in: lab)
                    }
                    if verdict.outcome == .cleanupFailed || !standsIn { Issue.record("\(what)") }
                }
            }
        }
        // Only a mutation that leaves a file as it was (cutting an empty file) is skipped.
        #expect(judged >= 2 * artifacts.count + 1)
    }
}
