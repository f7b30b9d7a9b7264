import ArgumentParser
import Foundation
import LabReports
import LabRunner
import LabSpec

extension LabspecCommand {
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-check a lab's evidence claims against a recorded evidence pack, offline.",
            discussion: """
                No backend is used: each step expectation whose artifact is in the pack, then \
                each claim, is evaluated from the artifact files alone (JSON, YAML or text). What only a live run knows, such as exit codes, is reported as \
                not verifiable offline, never as passed. Ends with the verdict: confirmed (0), \
                not-reproduced (5), not-recovered (6) or error (7); 1 when the verdict is confirmed \
                but a step's own expectation fails on its recorded output.
                """)

        @Argument(help: "The lab spec whose claims to check.")
        var spec: String

        @Option(help: ArgumentHelp("The evidence pack folder.", valueName: "DIR"))
        var evidence: String

        @OptionGroup var reportOptions: ReportOptions

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let console = Console()
            let (lab, loaded) = try console.loadSpec(spec, color: output.color, nothingWas: "verified")
            guard let backend = try? ReplayBackend(directory: URL(fileURLWithPath: evidence), skipsMissingArtifacts: true) else {
                console.err("labspec verify: error: \(evidence): no such evidence folder\n")
                throw ExitStatus.invalidInput.exitCode
            }
            let started = Date()
            if let warning = backend.pack.specMismatch(loaded.source.text) {
                console.err("labspec verify: warning: \(warning)\n")
            }
            // One pass over the pack: replayed, its steps judged and its claims with them —
            // the same verdict `run --backend replay` reaches.
            let replayed = await Self.replay(lab, through: backend)
            // A replay reaches a verdict whenever the lab states claims.
            guard let verdict = replayed.verdict else {
                console.err("labspec verify: error: \(spec) states no evidence claims to verify\n")
                throw ExitStatus.invalidInput.exitCode
            }
            let steps = replayed.steps.filter { $0.status != .notRecorded && ($0.artifact != nil || !$0.expectations.isEmpty) }
            let colors = output.color.enabled(for: console.standardOutput)
            StepCheckPrinter(console: console, colors: colors).print(steps)
            let reports = reportOptions.requests
            if !reports.isEmpty {
                let record = RunRecord(lab: lab.id.value, backend: "verify", inputs: [], steps: steps, cleanup: [],
                                       outcome: .succeeded, cleanupFailed: false, cleanupAborted: false,
                                       started: started, ended: Date(), verdict: verdict)
                for problem in ReportWriter.write(reports, record: record, lab: lab) {
                    console.err("labspec verify: error: \(problem.message)\n")
                }
            }
            VerdictPrinter(console: console, colors: colors).print(verdict, lab: lab, source: evidence)
            // The verdict decides, except that a confirmed verdict does not hide a step
            // whose own expectations fail on its recorded output.
            if verdict.outcome == .confirmed, steps.contains(where: { $0.status == .failed }) {
                console.out("a step's expectations fail on its recorded output (above)\n")
                throw ExitStatus.stepFailed.exitCode
            }
            throw VerdictPrinter.exitStatus(for: verdict.outcome).exitCode
        }

        /// The pack played back through every phase, steps whose artifacts it lacks left
        /// out rather than failed.
        static func replay(_ lab: Lab, through backend: ReplayBackend) async -> RunRecord {
            let variables = (try? LabSession.inputs(of: lab, backend: backend, overrides: [:], environment: [:])) ?? Variables()
            var options = RunOptions()
            options.keepGoing = true
            return await Executor(lab: lab, backend: backend, options: options).run(phases: lab.phases, variables: variables)
        }
    }
}

/// Prints claims grouped by hypothesis, then the verdict line.
struct VerdictPrinter {
    var console: Console
    var colors: Bool

    private func paint(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func print(_ verdict: Verdict, lab: Lab, source: String) {
        console.out(paint(lab.title, "1") + " (\(lab.id.value)) · evidence from \(source)\n")
        let groups: [(String, [ClaimResult])] = [
            ("H1 during failure — the trigger produces the failure", verdict.duringFailure),
            ("H2 after fix — the fix restores recovery", verdict.afterFix),
        ]
        for (heading, claims) in groups where !claims.isEmpty {
            console.out("\n" + paint(heading, "1;36") + "\n")
            for claim in claims {
                let symbol = claim.error != nil ? paint("!", "33") : (claim.passed ? paint("✔", "32") : paint("✘", "31"))
                let name = claim.id.map { "\($0) " } ?? ""
                console.out("  \(symbol) \(name)\(claim.claim) " + paint(claim.source.hasPrefix("[") ? claim.source : "[\(claim.source)]", "2") + "\n")
                if let error = claim.error { console.out("      " + paint("error: \(error)", "33") + "\n") }
                for expectation in claim.expectations {
                    console.out(ConsoleObserver.line(for: expectation, paint: paint))
                }
            }
        }
        let color = verdict.outcome == .confirmed ? "1;32" : (verdict.outcome == .error ? "1;33" : "1;31")
        console.out("\nverdict: " + paint(verdict.outcome.rawValue, color)
            + " (\(VerdictSummary.line(verdict)))\n")
    }

    static func exitStatus(for outcome: Verdict.Outcome) -> ExitStatus {
        switch outcome {
        case .confirmed: .success
        case .notReproduced: .notReproduced
        case .notRecovered: .notRecovered
        case .error: .verdictError
        case .cleanupFailed: .cleanupFailed
        }
    }
}
