import ArgumentParser
import Foundation
import LabRunner
import LabSpec

extension LabspecCommand {
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Load and check lab specs, reporting every problem with its position.",
            discussion: """
                PATHs are spec files or folders; folders are searched recursively for YAML files \
                that start a line with `labspec:`. Text diagnostics go to standard error and a \
                one-line summary per file to standard output; with --format github or azure \
                the annotations go to standard output and the summaries to standard error.
                """ + HelpExamples.section([("labspec validate specs", "check every spec under specs/"), ("labspec validate --strict --format github specs", "fail on warnings too, as GitHub annotations")]))

        @Argument(help: "Spec files or folders.", completion: .file(extensions: ["yaml", "yml"]))
        var paths: [String]

        @Option(help: "Output format: text, json, github (Actions annotations) or azure (Pipelines issues).")
        var format: DiagnosticFormat = .text

        @Flag(help: "Treat warnings as errors.")
        var strict = false

        @Flag(name: .customLong("az-check"),
              help: "Also run every az command through the real az, offline (no login), and report what it rejects.")
        var azCheck = false

        @Option(name: .customLong("az"), help: "The az executable for --az-check (default: az on PATH).",
                completion: .file())
        var azPath: String?

        @Flag(name: .customLong("only-specs"),
              help: "Skip files named on the command line that are not lab specs (no `labspec:` line), as folders do.")
        var onlySpecs = false

        @Flag(name: .shortAndLong, help: "Also show notes: what was not checked, and why.")
        var verbose = false

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let console = Console.current
            var outcome = Validation.run(paths: paths, strict: strict, onlySpecs: onlySpecs)
            if azCheck {
                guard let az = ProcessRunner.resolve(azPath ?? "az") else {
                    throw CLIError("--az-check needs the Azure CLI: `\(azPath ?? "az")` is not an executable "
                        + "(install it with `pip install azure-cli`, or pass --az PATH)", .backendUnavailable)
                }
                await outcome.checkWithAz(az, strict: strict)
            }
            switch format {
            case .text:
                let renderer = DiagnosticRenderer(colors: output.color.enabled(for: console.standardError))
                for file in outcome.files {
                    for diagnostic in file.result.diagnostics where shows(diagnostic) {
                        console.err(renderer.text(diagnostic, source: file.result.source))
                    }
                    console.out(file.summary + "\n")
                }
                if outcome.files.count > 1 {
                    console.out(outcome.totals + "\n")
                }
            case .json:
                console.data(DiagnosticRenderer.json(outcome.diagnostics))
            case .github, .azure:
                for diagnostic in outcome.diagnostics where shows(diagnostic) {
                    if format == .github {
                        console.data(DiagnosticRenderer.github(diagnostic))
                    } else if let issue = DiagnosticRenderer.azure(diagnostic) {
                        console.data(issue)
                    } else {
                        // Azure's issues are errors or warnings: a note stays text.
                        console.err("\(diagnostic.location): note: \(diagnostic.message) [\(diagnostic.code.rawValue)]\n")
                    }
                }
                // The summaries as text beside the annotations, so one run serves both.
                for file in outcome.files { console.err(file.summary + "\n") }
                if outcome.files.count > 1 { console.err(outcome.totals + "\n") }
            }
            throw outcome.failed ? ExitStatus.invalidInput.exitCode : ExitStatus.success.exitCode
        }

        /// Notes (what was not checked) only when asked for: they are no finding.
        private func shows(_ diagnostic: Diagnostic) -> Bool {
            diagnostic.severity != .note || verbose || azCheck
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
    /// With `--only-specs`, finding no spec among the files named is no failure.
    var allowsNone = false

    var diagnostics: [Diagnostic] { files.flatMap(\.result.diagnostics) }
    var failed: Bool { (files.isEmpty && !allowsNone) || files.contains(where: \.failed) }

    var totals: String {
        let invalid = files.filter(\.failed).count
        return "\(plural(files.count, "spec")): \(files.count - invalid) valid, \(invalid) invalid"
    }

    /// Adds what the real `az` says of each valid lab's commands.
    mutating func checkWithAz(_ azPath: String, strict: Bool) async {
        // Every file's commands share one pool of az processes.
        let checked = files.indices.filter { files[$0].result.readLab != nil }
        let results = await AzOfflineCheck.check(checked.compactMap { files[$0].result.readLab }, azPath: azPath)
        for (index, found) in zip(checked, results) {
            guard !found.isEmpty else { continue }
            var result = files[index].result
            result.diagnostics = (result.diagnostics + found).sorted(by: Diagnostic.inOrder)
            files[index] = FileOutcome(result: result, failed: result.hasErrors || (strict && !result.warnings.isEmpty))
        }
    }

    static func run(paths: [String], strict: Bool, onlySpecs: Bool = false) -> Validation {
        let found = SpecDiscovery.find(paths, onlySpecs: onlySpecs)
        var files = found.files.map { path in
            let result = LabLoader.load(path: path)
            return FileOutcome(result: result, failed: result.hasErrors || (strict && !result.warnings.isEmpty))
        }
        for path in found.missing {
            files.append(FileOutcome(result: LabLoader.load(path: path), failed: true))
        }
        return Validation(files: files, allowsNone: onlySpecs)
    }
}

func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
