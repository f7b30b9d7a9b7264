import ArgumentParser
import Foundation
import LabReports
import LabSpec

extension LabspecCommand {
    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "Render a spec as the lab page it replaces, in Markdown.",
            discussion: """
                Metadata, background, diagram, callouts, hypothesis, a runbook of every phase \
                with its commands and expectations, an Experiment Log to fill in, the expected \
                evidence on both sides of the hypothesis, and clean-up.
                """ + HelpExamples.section([("labspec render specs/lab.yaml --output docs/lab.md", "the lab page, GitHub flavour"), ("labspec render specs/lab.yaml --flavor mkdocs", "callouts as MkDocs admonitions")]))

        @Argument(help: "The lab spec to render.", completion: .file(extensions: ["yaml", "yml"]))
        var spec: String

        @Option(name: .shortAndLong, help: ArgumentHelp("Write the page here instead of standard output.", valueName: "FILE"))
        var output: String?

        @Option(help: "Callouts as GitHub alerts (`> [!WARNING]`, the default) or MkDocs admonitions (`!!! warning \"Title\"`).")
        var flavor: Flavor = .github

        enum Flavor: String, ExpressibleByArgument, CaseIterable {
            case github, mkdocs
        }

        @OptionGroup var outputOptions: OutputOptions

        func run() async throws {
            let console = Console.current
            let (lab, _) = try console.loadSpec(spec, color: outputOptions.color, nothingWas: "rendered")
            let page = GuideRenderer.render(lab, flavor: flavor == .mkdocs ? .mkdocs : .github)
            guard let output else {
                console.data(page)
                return
            }
            do {
                let url = URL(fileURLWithPath: output)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(page.utf8).write(to: url, options: .atomic)
            } catch {
                throw CLIError("cannot write \(output)", .invalidInput)
            }
        }
    }
}
