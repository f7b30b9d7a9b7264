import LabRunner
import LabSpec
import Testing
import TestSupport

@Suite struct InputAndPhaseTests {
    let lab: Lab

    init() throws {
        let result = LabLoader.load(text: """
            labspec: 1
            id: inputs
            title: Inputs
            inputs:
              RG: rg-default
              REGION: {default: "${lab.id}-region"}
              TOKEN: {secret: true}
            phases:
              - {id: deploy, steps: [{run: [a], expect: [{exit-code: 0}]}]}
              - {id: trigger, steps: [{run: [b], expect: [{exit-code: 0}]}]}
              - {id: observe, steps: [{run: [c], expect: [{exit-code: 0}]}]}
              - {id: fix, steps: [{run: [d], expect: [{exit-code: 0}]}]}
            """, path: "inputs.yaml")
        lab = try #require(result.lab, "\(result.diagnostics)")
    }

    @Test func setBeatsTheEnvironmentWhichBeatsTheDefault() throws {
        var variables = Variables()
        variables.set("lab.id", "inputs")
        try InputResolver.resolve(lab, overrides: ["RG": "from-set", "TOKEN": "t0k3n"],
                                  environment: ["RG": "from-env", "REGION": "from-env"], into: &variables).get()
        #expect(variables["RG"] == "from-set")
        #expect(variables["REGION"] == "from-env")
        #expect(variables.masker("token t0k3n") == "token ***")
        var defaults = Variables()
        defaults.set("lab.id", "inputs")
        try InputResolver.resolve(lab, overrides: ["TOKEN": "x"], environment: [:], into: &defaults).get()
        #expect(defaults["RG"] == "rg-default")
        #expect(defaults["REGION"] == "inputs-region")
    }

    @Test func missingRequiredInputsAreNamedTogether() throws {
        var variables = Variables()
        let result = InputResolver.resolve(lab, overrides: [:], environment: [:], into: &variables)
        guard case .failure(let error) = result else {
            Issue.record("a missing required input was accepted")
            return
        }
        #expect(error.kind == .missingValue)
        #expect(error.names == ["TOKEN"])
        #expect(error.message.contains("`TOKEN`"))
    }

    /// `required: false` with no default is an empty value, not a missing required input.
    @Test func anOptionalInputWithoutDefaultIsEmpty() throws {
        let optional = try PackVerification.lab("""
            labspec: 1
            id: optional-input
            title: Optional input
            inputs:
              NOTE: {required: false}
            phases:
              - {id: p, steps: [{run: [echo, "${NOTE}"], expect: [{exit-code: 0}]}]}
            """)
        var variables = Variables()
        try InputResolver.resolve(optional, overrides: [:], environment: [:], into: &variables).get()
        #expect(variables["NOTE"] == "")
    }

    @Test func phaseWithFromOrToAndReversedRangesAreRefused() {
        var options = RunOptions()
        options.onlyPhases = ["fix"]
        options.fromPhase = "deploy"
        guard case .failure(let combined) = options.selectPhases(of: lab) else {
            Issue.record("--phase with --from was accepted")
            return
        }
        #expect(combined.description.contains("cannot be combined"))
        options = RunOptions()
        options.fromPhase = "fix"
        options.toPhase = "trigger"
        guard case .failure(let reversed) = options.selectPhases(of: lab) else {
            Issue.record("a reversed range was accepted")
            return
        }
        #expect(reversed.description.contains("--from `fix` comes after --to `trigger`"))
    }

    @Test func phaseRangesAndSelections() throws {
        var options = RunOptions()
        options.fromPhase = "trigger"
        options.toPhase = "observe"
        #expect(try options.selectPhases(of: lab).get().map(\.id.value) == ["trigger", "observe"])
        options = RunOptions()
        options.onlyPhases = ["fix", "deploy"]
        #expect(try options.selectPhases(of: lab).get().map(\.id.value) == ["deploy", "fix"])
        options = RunOptions()
        options.fromPhase = "obsreve"
        guard case .failure(let error) = options.selectPhases(of: lab) else {
            Issue.record("an unknown phase was accepted")
            return
        }
        #expect(error.suggestion == "observe")
    }
}
