import LabRunner
import LabSpec
import Testing

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
                                  environment: ["RG": "from-env", "REGION": "from-env"], into: &variables)
        #expect(variables["RG"] == "from-set")
        #expect(variables["REGION"] == "from-env")
        #expect(variables.masker("token t0k3n") == "token ***")
        var defaults = Variables()
        defaults.set("lab.id", "inputs")
        try InputResolver.resolve(lab, overrides: ["TOKEN": "x"], environment: [:], into: &defaults)
        #expect(defaults["RG"] == "rg-default")
        #expect(defaults["REGION"] == "inputs-region")
    }

    @Test func missingRequiredInputsAreNamedTogether() {
        var variables = Variables()
        #expect(throws: InputResolver.Problem.self) {
            try InputResolver.resolve(lab, overrides: [:], environment: [:], into: &variables)
        }
        do {
            try InputResolver.resolve(lab, overrides: [:], environment: [:], into: &variables)
        } catch {
            #expect(error.kind == .missingValue)
            #expect(error.message.contains("`TOKEN`"))
        }
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
