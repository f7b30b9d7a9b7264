/// Checks that need the whole plan: unique ids and artifacts, known evidence sources,
/// and advice about steps that verify nothing. Data flow has a file of its own.
enum LabChecks {
    static func check(_ lab: Lab) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        diagnostics += uniquePhaseIDs(lab)
        diagnostics += uniqueStepIDs(lab)
        diagnostics += uniqueArtifacts(lab)
        diagnostics += uniqueClaimIDs(lab)
        diagnostics += sources(lab)
        diagnostics += DataFlowCheck.check(lab)
        diagnostics += EvidenceChecks.check(lab)
        diagnostics += durationDefaults(lab)
        diagnostics += advice(lab)
        diagnostics += AzCommandCheck.check(lab)
        return diagnostics
    }

    private static func uniquePhaseIDs(_ lab: Lab) -> [Diagnostic] {
        var seen: [String: SourceLocation] = [:]
        var diagnostics: [Diagnostic] = []
        for phase in lab.phases {
            if let first = seen[phase.id.value] {
                diagnostics.append(.error(.duplicateID, "phase id `\(phase.id.value)` is used twice",
                                          at: phase.id.location, length: phase.id.value.unicodeScalars.count,
                                          hint: "give each phase its own id",
                                          notes: [.init("first used here", at: first)]))
            } else {
                seen[phase.id.value] = phase.id.location
            }
        }
        return diagnostics
    }

    private static func uniqueStepIDs(_ lab: Lab) -> [Diagnostic] {
        var seen: [String: Step] = [:]
        var diagnostics: [Diagnostic] = []
        for step in lab.allSteps {
            if let first = seen[step.id] {
                // Two derived ids collide only when phase ids do, which is reported already.
                if step.hasGeneratedID, first.hasGeneratedID { continue }
                let message = step.hasGeneratedID
                    ? "this step's derived id `\(step.id)` collides with a step named so"
                    : "step id `\(step.id)` is used twice"
                diagnostics.append(.error(.duplicateID, message, at: step.location,
                                          hint: "step ids are unique across the lab, cleanup included",
                                          notes: [.init("first used here", at: first.location)]))
            } else {
                seen[step.id] = step
            }
        }
        return diagnostics
    }

    private static func uniqueArtifacts(_ lab: Lab) -> [Diagnostic] {
        var seen: [String: SourceLocation] = [:]
        var diagnostics: [Diagnostic] = []
        for artifact in lab.allSteps.flatMap(\.artifacts) {
            if let first = seen[artifact.value] {
                diagnostics.append(.error(.duplicateArtifact,
                                          "artifact `\(artifact.value)` is already recorded elsewhere",
                                          at: artifact.location, length: artifact.value.unicodeScalars.count,
                                          hint: "each step records its own file",
                                          notes: [.init("first written here", at: first)]))
            } else {
                seen[artifact.value] = artifact.location
            }
        }
        return diagnostics
    }

    private static func uniqueClaimIDs(_ lab: Lab) -> [Diagnostic] {
        var seen: [String: SourceLocation] = [:]
        var diagnostics: [Diagnostic] = []
        for claim in lab.evidence.all {
            guard let id = claim.id else { continue }
            if let first = seen[id] {
                diagnostics.append(.error(.duplicateID, "claim id `\(id)` is used twice", at: claim.location,
                                          hint: "claim ids name test cases in reports; give each its own",
                                          notes: [.init("first used here", at: first)]))
            } else {
                seen[id] = claim.location
            }
        }
        return diagnostics
    }

    /// Evidence claims and `check` steps name a step id or an artifact; checks look only
    /// at steps that ran before them.
    private static func sources(_ lab: Lab) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let everything = lab.allSteps
        let knownNames = everything.map(\.id) + everything.flatMap { $0.artifacts.map(\.value) }
        func unknown(_ source: Located<String>, what: String) -> Diagnostic {
            .error(.unknownSource, "\(what) `\(source.value)` is neither a step id nor an artifact",
                   at: source.location, length: source.value.unicodeScalars.count,
                   hint: Suggestion.hint(for: source.value, in: knownNames))
        }
        var earlier: Set<String> = []
        for step in everything {
            if case .check(let source?) = step.action, !earlier.contains(source.value) {
                if let later = everything.first(where: { $0.answers(to: source.value) }) {
                    diagnostics.append(.error(.unknownSource,
                                              "`check` reads `\(source.value)`, which is produced by a later step",
                                              at: source.location, length: source.value.unicodeScalars.count,
                                              hint: "move the check after the step it reads",
                                              notes: [.init("produced here", at: later.location)]))
                } else {
                    diagnostics.append(unknown(source, what: "check source"))
                }
            }
            earlier.insert(step.id)
            for artifact in step.artifacts { earlier.insert(artifact.value) }
        }
        for source in lab.evidence.all.flatMap(\.sources) where !earlier.contains(source.value) {
            diagnostics.append(unknown(source, what: "evidence source"))
        }
        return diagnostics
    }

    private static func advice(_ lab: Lab) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for step in lab.phases.flatMap(\.steps) where !step.isVerified {
            switch step.action {
            case .az, .run, .http:
                diagnostics.append(.warning(.unverifiedStep,
                                            "step `\(step.id)` has no expectation, capture or evidence: its outcome is never checked",
                                            at: step.location,
                                            hint: "add `expect:` (even `- {exit-code: 0}`), or record it with `evidence:`"))
            case .sleep, .check:
                break
            }
        }
        if lab.evidence.all.isEmpty {
            diagnostics.append(.warning(.noEvidence, "the lab states no evidence claims, so a run cannot reach a verdict",
                                        at: lab.id.location, length: lab.id.value.unicodeScalars.count,
                                        hint: "add `evidence:` with `during-failure` and `after-fix` claims"))
        }
        return diagnostics
    }

    /// A `${NAME}` duration whose value is known now — every name an input with a plain
    /// default — must read as a duration; others are checked when the run fills them.
    private static func durationDefaults(_ lab: Lab) -> [Diagnostic] {
        var defaults: [String: String] = [:]
        for input in lab.inputs {
            if let value = input.defaultValue, value.isLiteral { defaults[input.name] = value.render { _ in nil } }
        }
        var diagnostics: [Diagnostic] = []
        for step in lab.allSteps {
            for duration in step.durations {
                guard let template = duration.template,
                      template.variables.allSatisfy({ defaults[$0.name] != nil }),
                      duration.resolved({ defaults[$0] }) == nil else { continue }
                let text = template.render { defaults[$0.name] }
                diagnostics.append(.error(.invalidDuration, "`\(template.symbolic)` is `\(text)` by default, which is not a duration",
                                          at: duration.location,
                                          hint: "give the input a default such as `30s`, `3m` or `1m30s`"))
            }
        }
        return diagnostics
    }
}
