/// What `verify` will be able to judge, known before anything runs: a claim that needs a
/// value no recorded artifact can give, a check that can never apply to its source, a
/// hypothesis with only one side stated.
enum EvidenceChecks {
    static func check(_ lab: Lab) -> [Diagnostic] {
        unrecordedCaptures(lab) + inapplicableChecks(lab) + oneSided(lab)
    }

    /// A claim, or a step expectation, that uses a capture of a step whose output the
    /// pack never records: offline, that value is unknown and the claim is not judged.
    private static func unrecordedCaptures(_ lab: Lab) -> [Diagnostic] {
        var unrecorded: [String: Step] = [:]
        for step in lab.allSteps where step.artifacts.isEmpty {
            for capture in step.capture where unrecorded[capture.name] == nil { unrecorded[capture.name] = step }
        }
        // A name captured again by a recorded step or a claim is known from the pack.
        for step in lab.allSteps where !step.artifacts.isEmpty {
            for capture in step.capture { unrecorded[capture.name] = nil }
        }
        for claim in lab.evidence.all {
            for capture in claim.capture { unrecorded[capture.name] = nil }
        }
        guard !unrecorded.isEmpty else { return [] }
        var diagnostics: [Diagnostic] = []
        var reported: Set<SourceLocation> = []
        func warn(_ expectations: [Expectation], in what: String) {
            for expectation in expectations {
                for reference in expectation.variables {
                    guard let step = unrecorded[reference.name], reported.insert(reference.location).inserted else { continue }
                    diagnostics.append(.warning(
                        .unrecordedCapture,
                        "\(what) uses `${\(reference.name)}`, captured by step `\(step.id)`, whose output the pack never records",
                        at: reference.location, length: reference.name.unicodeScalars.count + 3,
                        hint: "give step `\(step.id)` an `evidence:` artifact, so `verify` can judge this offline",
                        notes: [.init("captured here", at: step.location)]))
                }
            }
        }
        for claim in lab.evidence.all { warn(claim.expect, in: "claim `\(claim.id ?? claim.claim)`") }
        for step in lab.phases.flatMap(\.steps) where !step.artifacts.isEmpty {
            warn(step.expect + (step.wait?.until ?? []), in: "step `\(step.id)`")
        }
        return diagnostics
    }

    /// `status`, `body` and `header` read an HTTP response: on a step that is not an
    /// HTTP probe, or a claim over such a step's artifact, they can never apply.
    private static func inapplicableChecks(_ lab: Lab) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func check(_ expectations: [Expectation], against step: Step, in what: String) {
            if case .http = step.action { return }
            if case .check = step.action { return }
            for expectation in expectations {
                let label: String
                switch expectation.subject {
                case .status: label = "status"
                case .body: label = "body"
                case .header: label = "header"
                default: continue
                }
                diagnostics.append(.error(
                    .inapplicableCheck, "\(what) checks the HTTP `\(label)`, but `\(step.id)` is a `\(step.action.kind.rawValue)` step",
                    at: expectation.location,
                    hint: "an HTTP check needs an `http:` step; for program output use `stdout`, `stderr` or `query`"))
            }
        }
        for step in lab.allSteps { check(step.expect + (step.wait?.until ?? []), against: step, in: "step `\(step.id)`") }
        for claim in lab.evidence.all where claim.sources.count == 1 {
            guard let step = lab.allSteps.first(where: { $0.answers(to: claim.sources[0].value) }) else { continue }
            check(claim.expect, against: step, in: "claim `\(claim.id ?? claim.claim)`")
        }
        return diagnostics
    }

    /// Claims on one side only: the verdict can never be `confirmed`.
    private static func oneSided(_ lab: Lab) -> [Diagnostic] {
        let during = lab.evidence.duringFailure, after = lab.evidence.afterFix
        guard during.isEmpty != after.isEmpty else { return [] }
        let (stated, missing) = during.isEmpty ? ("after-fix", "during-failure") : ("during-failure", "after-fix")
        let location = (during.first ?? after.first)?.location ?? lab.id.location
        return [.warning(.oneSidedEvidence, "the lab states \(stated) claims but no \(missing) claim, so its verdict can never be `confirmed`",
                         at: location,
                         hint: "add `\(missing):` claims: the verdict needs both sides of the hypothesis")]
    }
}
