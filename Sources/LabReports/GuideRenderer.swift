import Foundation
import LabRunner
import LabSpec

/// A lab spec as the lab page it replaces: metadata, background, hypothesis, a runbook of
/// every phase with its commands and what each must show, an empty Experiment Log to
/// fill in, the evidence expected on both sides of the hypothesis, and clean-up.
public enum GuideRenderer {
    /// The Markdown dialect of callouts: GitHub's alerts, or MkDocs' admonitions (as the
    /// public guide's pages, built with MkDocs Material, write them).
    public enum Flavor: String, Sendable, CaseIterable {
        case github, mkdocs
    }

    public static func render(_ lab: Lab, flavor: Flavor = .github) -> String {
        let queried = ShellCommand.queriedByClaims(in: lab)
        var text = "# \(lab.title)\n\n"
        if let summary = lab.summary { text += summary + "\n\n" }
        text += metadata(lab)
        text += "## 1) Background\n\n"
        if let background = lab.background { text += background.trimmingCharacters(in: .newlines) + "\n\n" }
        if let diagram = lab.diagram {
            text += "### \(diagram.title ?? "Architecture")\n\n"
                + CodeBlock.fenced(diagram.mermaid.trimmingCharacters(in: .newlines), language: "mermaid") + "\n"
        }
        for callout in lab.callouts { text += self.callout(callout, flavor: flavor) }
        if let hypothesis = lab.hypothesis {
            text += "## 2) Hypothesis\n\n\(hypothesis.statement)\n\n"
            if !hypothesis.variables.isEmpty {
                text += "| Variable | Control State | Experimental State |\n|---|---|---|\n"
                for variable in hypothesis.variables {
                    text += "| \(cell(variable.name)) | \(cell(variable.control)) | \(cell(variable.experimental)) |\n"
                }
                text += "\n"
            }
        }
        text += runbook(lab, queried: queried)
        text += experimentLog(lab)
        text += expectedEvidence(lab)
        if !lab.cleanup.isEmpty {
            let fileWrites = RunbookRenderer.fileWrites(lab)
            let commands = lab.cleanup.compactMap { step in
                ShellCommand.words(for: step, queriedByClaims: queried).map {
                    (fileWrites[step.id].map { RunbookRenderer.writeCommands($0) + "\n" } ?? "") + ShellQuoting.wrapped(words: $0)
                }
            }.joined(separator: "\n")
            text += "## Clean Up\n\n" + CodeBlock.fenced(commands, language: "sh")
        }
        // Commands are already written without raw control characters (ShellQuoting);
        // what the spec's prose holds is shown, not acted on.
        return VisibleText.escaped(text)
    }

    private static func callout(_ callout: Callout, flavor: Flavor) -> String {
        let lines = callout.body.trimmingCharacters(in: .newlines).split(separator: "\n", omittingEmptySubsequences: false)
        switch flavor {
        case .github:
            return "> [!\(callout.kind.rawValue.uppercased())]\n> **\(callout.title)**\n>\n"
                + lines.map { $0.isEmpty ? ">" : "> \($0)" }.joined(separator: "\n") + "\n\n"
        case .mkdocs:
            let title = callout.title.replacingOccurrences(of: "\"", with: "'")
            return "!!! \(callout.kind.rawValue) \"\(title)\"\n\n"
                + lines.map { $0.isEmpty ? "" : "    \($0)" }.joined(separator: "\n") + "\n\n"
        }
    }

    private static func metadata(_ lab: Lab) -> String {
        let rows: [(String, String?)] = [
            ("Difficulty", lab.metadata.difficulty), ("Estimated Duration", lab.metadata.duration),
            ("Tier", lab.metadata.tier), ("Failure Mode", lab.metadata.failureMode),
            ("Skills Practiced", lab.metadata.skills.isEmpty ? nil : lab.metadata.skills.joined(separator: ", ")),
        ]
        let present = rows.compactMap { name, value in value.map { (name, $0) } }
        guard !present.isEmpty else { return "" }
        return "## Lab Metadata\n\n| Attribute | Value |\n|---|---|\n"
            + present.map { "| \($0.0) | \(cell($0.1)) |\n" }.joined() + "\n"
    }

    private static func runbook(_ lab: Lab, queried: Set<String>) -> String {
        var text = "## 3) Runbook\n\n"
        var prerequisites: [String] = []
        if let az = lab.requires.azVersion { prerequisites.append("Azure CLI \(az)") }
        if !lab.requires.extensions.isEmpty { prerequisites.append("Azure CLI extensions: " + lab.requires.extensions.joined(separator: ", ")) }
        if !lab.requires.permissions.isEmpty { prerequisites.append("Permissions: " + lab.requires.permissions.joined(separator: ", ")) }
        if !lab.requires.tools.isEmpty { prerequisites.append("Tools: " + lab.requires.tools.joined(separator: ", ")) }
        if !prerequisites.isEmpty { text += "Prerequisites:\n\n" + prerequisites.map { "- \($0)\n" }.joined() + "\n" }
        text += shellVariables(lab)
        let fileWrites = RunbookRenderer.fileWrites(lab)
        for phase in lab.phases {
            text += "### \(phase.title ?? phase.id.value)\n\n"
            if let description = phase.description { text += description.trimmingCharacters(in: .newlines) + "\n\n" }
            text += RunbookRenderer.steps(of: phase, lab: lab, queried: queried, fileWrites: fileWrites)
        }
        return text
    }

    /// The `export` lines a reader pastes first: each input with its default (a `${…}`
    /// in it left for the shell, as labspec would fill it), then the built-ins the lab
    /// uses, which are not shell names and get `LABSPEC_…` variables with a value made
    /// the way labspec makes it.
    private static func shellVariables(_ lab: Lab) -> String {
        var text = ""
        let used = Set(lab.inputs.flatMap { $0.defaultValue?.variables ?? [] }.map(\.name)
            + lab.allSteps.flatMap(\.actionVariables).map(\.name))
        let builtins = BuiltinVariable.allCases.filter { used.contains($0.rawValue) }
        if !builtins.isEmpty {
            // First: input defaults may use them.
            var code = ""
            for builtin in builtins {
                let value = switch builtin {
                case .nowEpoch: "\"$(date +%s)\""
                case .nowISO, .runStarted: "\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\""
                case .runID: "\"$(od -An -N4 -tx1 /dev/urandom | tr -d ' \\n')\""
                case .labID: ShellQuoting.quote(lab.id.value)
                case .evidenceDir: "\"$PWD/evidence\""
                }
                code += "export \(ShellQuoting.shellName(builtin.rawValue))=\(value)  # ${\(builtin.rawValue)}\n"
            }
            text += "Values labspec gives every run, set here for a run by hand:\n\n"
                + CodeBlock.fenced(String(code.dropLast()), language: "sh") + "\n"
        }
        if !lab.files.isEmpty {
            var code = "export LABSPEC_WORK_DIR=\"$(mktemp -d)\""
            for file in lab.files {
                code += "\nexport \(file.variable)=\"$LABSPEC_WORK_DIR\"/\(ShellQuoting.quote(file.name))"
            }
            text += "Files the lab writes go to a folder of their own:\n\n" + CodeBlock.fenced(code, language: "sh") + "\n"
        }
        if !lab.inputs.isEmpty {
            var code: [String] = []
            for input in lab.inputs {
                let value = input.secret ? [] : ShellQuoting.segments(input.defaultValue ?? Template(parts: []), value: { _ in nil },
                                                                     isPlaceholder: { _ in true })
                code.append("export \(input.name)=\(ShellQuoting.quote(value))" + (input.description.map { "  # \(oneLine($0))" } ?? ""))
            }
            text += "Inputs (`--set NAME=VALUE` when run by labspec):\n\n" + CodeBlock.fenced(code.joined(separator: "\n"), language: "sh") + "\n"
        }
        return text
    }

    /// A comment's text on one line: a description may hold line breaks.
    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// One row per step, with all its expectations, to fill in while following the page.
    private static func experimentLog(_ lab: Lab) -> String {
        var text = "## 4) Experiment Log\n\n| Step | Action | Expected | Actual | Pass/Fail |\n|---|---|---|---|---|\n"
        for (index, step) in (lab.phases.flatMap(\.steps) + lab.cleanup).enumerated() {
            var expected = ((step.wait?.until ?? []) + step.expect).map { ExpectationEvaluator.describe($0) }
            if step.expectFailure != nil { expected.append("fails, as intended") }
            let name = "\(index + 1). `\(step.id)`"
            text += "| \(name) | \(cell(step.title ?? step.action.kind.rawValue)) | \(expected.map(cell).joined(separator: "<br>")) |  |  |\n"
        }
        return text + "\n"
    }

    private static func expectedEvidence(_ lab: Lab) -> String {
        guard !lab.evidence.all.isEmpty else { return "" }
        var text = "## Expected Evidence\n\n"
        for (title, claims) in [("During failure", lab.evidence.duringFailure), ("After fix", lab.evidence.afterFix)] where !claims.isEmpty {
            text += "### \(title)\n\n| Evidence Source | Expected State |\n|---|---|\n"
            for claim in claims { text += "| `\(claim.sourceText)` | \(cell(claim.claim)) |\n" }
            text += "\n"
        }
        return text
    }

    private static func cell(_ text: String) -> String { MarkdownReport.inline(text) }
}
