import ArgumentParser
import Foundation
import LabSpec

extension LabspecCommand {
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load and check lab specs, reporting every problem with its position.",
            discussion: """
                PATHs are spec files or folders; folders are searched recursively for YAML files \
                that start a line with `labspec:`. Text diagnostics go to standard error and a \
                one-line summary per file to standard output.
                """ + HelpExamples.section([("labspec validate specs", "check every spec under specs/"), ("labspec validate --strict --format github specs", "fail on warnings too, as GitHub annotations")]))

        @Argument(help: "Spec files or folders.", completion: .file(extensions: ["yaml", "yml"]))
        var paths: [String]

        @Option(help: "Output format: text, json or github.")
        var format: DiagnosticFormat = .text

        @Flag(help: "Treat warnings as errors.")
        var strict = false

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let console = Console.current
            let outcome = Validation.run(paths: paths, strict: strict)
            switch format {
            case .text:
                let renderer = DiagnosticRenderer(colors: output.color.enabled(for: console.standardError))
                for file in outcome.files {
                    for diagnostic in file.result.diagnostics {
                        console.err(renderer.text(diagnostic, source: file.result.source))
                    }
                    console.out(file.summary + "\n")
                }
                if outcome.files.count > 1 {
                    console.out(outcome.totals + "\n")
                }
            case .json:
                console.out(DiagnosticRenderer.json(outcome.diagnostics))
            case .github:
                outcome.diagnostics.forEach { console.out(DiagnosticRenderer.github($0)) }
            }
            throw outcome.failed ? ExitStatus.invalidInput.exitCode : ExitStatus.success.exitCode
        }
    }
}

/// What `validate` found across all its files; kept apart from printing so tests can use it.
struct Validation {
    struct FileOutcome {
        var result: LoadResult
        var failed: Bool

        var summary: String {
            let path = result.source.path
            let errors = result.errors.count
            let warnings = result.warnings.count
            let counts = [plural(errors, "error"), plural(warnings, "warning")].filter { !$0.hasPrefix("0 ") }
            if failed {
                return "\(path): invalid (\(counts.joined(separator: ", ")))"
            }
            guard let lab = result.lab else { return "\(path): valid" }
            let steps = lab.allSteps.count
            let claims = lab.evidence.all.count
            var line = "\(path): valid: \(lab.id.value), \(plural(lab.phases.count, "phase")), "
                + "\(plural(steps, "step")), \(plural(claims, "evidence claim"))"
            if warnings > 0 { line += " (\(plural(warnings, "warning")))" }
            return line
        }
    }

    var files: [FileOutcome]

    var diagnostics: [Diagnostic] { files.flatMap(\.result.diagnostics) }
    var failed: Bool { files.isEmpty || files.contains(where: \.failed) }

    var totals: String {
        let invalid = files.filter(\.failed).count
        return "\(plural(files.count, "spec")): \(files.count - invalid) valid, \(invalid) invalid"
    }

    static func run(paths: [String], strict: Bool) -> Validation {
        let found = SpecDiscovery.find(paths)
        var files = found.files.map { path in
            let result = LabLoader.load(path: path)
            return FileOutcome(result: result, failed: result.hasErrors || (strict && !result.warnings.isEmpty))
        }
        for path in found.missing {
            files.append(FileOutcome(result: LabLoader.load(path: path), failed: true))
        }
        return Validation(files: files)
    }
}

func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
