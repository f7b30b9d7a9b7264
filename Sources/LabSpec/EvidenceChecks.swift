/// What `verify` will be able to judge, known before anything runs: a claim that needs a
/// value no recorded artifact can give, a check that can never apply to its source, a
/// hypothesis with only one side stated. One pass over the steps gathers what all three
/// need, so a lab of 10,000 steps stays linear and cheap.
enum EvidenceChecks {
    static func check(_ lab: Lab) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // Captures of steps that record nothing, minus names a recorded step or a claim
        // captures again; steps that record something, for their expectations.
        var unrecorded: [String: (step: String, at: SourceLocation)] = [:]
        var recaptured: Set<String> = []
        var recorded: [(id: String, expectations: [Expectation])] = []
        var stepByName: [String: (id: String, kind: StepKind)] = [:]
        let phaseSteps = lab.phases.reduce(0) { $0 + $1.steps.count }
        for (index, step) in lab.allSteps.enumerated() {
            let expectations = step.expect + (step.wait?.until ?? [])
            diagnostics += inapplicable(expectations.flatMap(\.leaves), stepID: step.id, kind: step.action.kind, in: "step `\(step.id)`")
            let key = (id: step.id, kind: step.action.kind)
            for name in [step.id] + step.artifacts.map(\.value) where stepByName[name] == nil { stepByName[name] = key }
            if step.artifacts.isEmpty {
                for capture in step.capture where unrecorded[capture.name] == nil {
                    unrecorded[capture.name] = (step.id, step.location)
                }
            } else {
                recaptured.formUnion(step.capture.map(\.name))
                if index < phaseSteps { recorded.append((step.id, expectations)) }
            }
        }
        for claim in lab.evidence.all { recaptured.formUnion(claim.capture.map(\.name)) }
        for name in recaptured { unrecorded[name] = nil }

        for claim in lab.evidence.all {
            let parts = claim.alternatives.isEmpty ? [(claim.sources, claim.expect)] : claim.alternatives.map { ($0.sources, $0.expect) }
            for (sources, expect) in parts where sources.count == 1 {
                guard let step = stepByName[sources[0].value] else { continue }
                diagnostics += inapplicable(expect.flatMap(\.leaves), stepID: step.id, kind: step.kind, in: "claim `\(claim.id ?? claim.claim)`")
            }
        }
        if !unrecorded.isEmpty {
            var reported: Set<SourceLocation> = []
            let uses = lab.evidence.all.map { (expectations: $0.allExpectations, what: "claim `\($0.id ?? $0.claim)`") }
                + recorded.map { (expectations: $0.expectations, what: "step `\($0.id)`") }
            for use in uses {
                for reference in use.expectations.flatMap(\.variables) {
                    guard let source = unrecorded[reference.name], reported.insert(reference.location).inserted else { continue }
                    diagnostics.append(.warning(
                        .unrecordedCapture,
                        "\(use.what) uses `${\(reference.name)}`, captured by step `\(source.step)`, whose output the pack never records",
                        at: reference.location, length: reference.name.unicodeScalars.count + 3,
                        hint: "give step `\(source.step)` an `evidence:` artifact, so `verify` can judge this offline",
                        notes: [.init("captured here", at: source.at)]))
                }
            }
        }
        return diagnostics + oneSided(lab)
    }

    /// `status`, `body` and `header` read an HTTP response: on a step that is not an
    /// HTTP probe, or a claim over such a step's artifact, they can never apply.
    private static func inapplicable(_ expectations: [Expectation], stepID: String, kind: StepKind,
                                     in what: String) -> [Diagnostic] {
        guard kind != .http, kind != .check else { return [] }
        return expectations.compactMap { expectation in
            let label: String
            switch expectation.subject {
            case .status: label = "status"
            case .body: label = "body"
            case .header: label = "header"
            default: return nil
            }
            return .error(.inapplicableCheck, "\(what) checks the HTTP `\(label)`, but `\(stepID)` is a `\(kind.rawValue)` step",
                          at: expectation.location,
                          hint: "an HTTP check needs an `http:` step; for program output use `stdout`, `stderr` or `query`")
        }
    }

    /// Claims on one side only: the verdict can never be `confirmed`.
    private static func oneSided(_ lab: Lab) -> [Diagnostic] {
        let during = lab.evidence.duringFailure.filter { !$0.advisory }, after = lab.evidence.afterFix.filter { !$0.advisory }
        guard during.isEmpty != after.isEmpty else { return [] }
        let (stated, missing) = during.isEmpty ? ("after-fix", "during-failure") : ("during-failure", "after-fix")
        let location = (during.first ?? after.first)?.location ?? lab.id.location
        return [.warning(.oneSidedEvidence, "the lab states \(stated) claims but no \(missing) claim, so its verdict can never be `confirmed`",
                         at: location,
                         hint: "add `\(missing):` claims: the verdict needs both sides of the hypothesis")]
    }
}
