import ArgumentParser
import Foundation
import LabReports
import LabRunner
import LabSpec

extension LabspecCommand {
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Re-check a lab's evidence claims against a recorded evidence pack, offline.",
            discussion: """
                No backend is used: each step expectation whose artifact is in the pack, then \
                each claim, is evaluated from the artifact files alone, each read as its name \
                says (.json, .jsonl, .yaml, else text). What the pack cannot show — an exit code \
                without manifest.json, a missing or unreadable artifact, a value captured by an \
                unrecorded step — is not judged, never passed. Ends with the verdict: confirmed \
                (0), not-reproduced (5), not-recovered (6) or error (7); 1 when the verdict is \
                confirmed but a step's own expectation fails on its recorded output.
                """ + HelpExamples.section([("labspec verify specs/lab.yaml --evidence evidence/run-1", "judge a recorded pack offline"), ("labspec verify specs/lab.yaml --evidence pack --report junit:verdict.xml", "and write a JUnit report for CI")]))

        @Argument(help: "The lab spec whose claims to check.", completion: .file(extensions: ["yaml", "yml"]))
        var spec: String

        @Option(help: ArgumentHelp("The evidence pack folder.", valueName: "DIR"), completion: .directory)
        var evidence: String

        @OptionGroup var reportOptions: ReportOptions

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let console = Console.current
            let (lab, loaded) = try console.loadSpec(spec, color: output.color, nothingWas: "verified")
            guard !lab.evidence.all.isEmpty else {
                throw CLIError("\(spec) states no evidence claims to verify", .invalidInput)
            }
            let session: LabSession
            do {
                session = try LabSession.verifying(lab, evidence: URL(fileURLWithPath: evidence))
            } catch {
                throw CLIError("\(evidence): \(error.message)", .invalidInput)
            }
            if let warning = session.pack?.manifestProblem { console.err("labspec: warning: \(warning)\n") }
            if let warning = session.pack?.specMismatch(loaded.source.text) {
                console.err("labspec: warning: \(warning)\n")
            }
            // One pass over the pack: replayed, its steps judged and its claims with them —
            // the same verdict `run --backend replay` reaches.
            let replayed = await session.run()
            guard let verdict = replayed.verdict else {
                throw CLIError("\(spec) states no evidence claims to verify", .invalidInput)
            }
            let steps = replayed.steps.filter { $0.status != .notRecorded && ($0.artifact != nil || !$0.expectations.isEmpty) }
            let colors = output.color.enabled(for: console.standardOutput)
            StepCheckPrinter(console: console, colors: colors).print(steps)
            var reportFailed = false
            let reports = reportOptions.requests
            if !reports.isEmpty {
                var record = replayed
                record.steps = steps
                record.cleanup = []
                record.backend = "verify"
                for problem in ReportWriter.write(reports, record: record, lab: lab) {
                    console.err("labspec: error: \(problem.message)\n")
                    reportFailed = true
                }
            }
            VerdictPrinter(console: console, colors: colors).print(verdict, lab: lab, source: evidence)
            // The verdict decides, except that a confirmed verdict does not hide a step
            // whose own expectations fail on its recorded output.
            if verdict.outcome == .confirmed, steps.contains(where: { $0.status == .failed }) {
                console.out("a step's expectations fail on its recorded output (above)\n")
                throw ExitStatus.stepFailed.exitCode
            }
            if reportFailed, verdict.outcome == .confirmed { throw ExitStatus.invalidInput.exitCode }
            throw VerdictPrinter.exitStatus(for: verdict.outcome).exitCode
        }
    }
}
