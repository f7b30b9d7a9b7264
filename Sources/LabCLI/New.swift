import ArgumentParser
import Foundation
import LabSpec

extension LabspecCommand {
    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Start a lab spec: every part in place, ready to fill in.",
            discussion: """
                Writes DIR/ID.yaml (DIR defaults to specs), never over an existing file. Its first \
                line points YAML editors (the yaml-language-server of VS Code and others) at \
                DIR/labspec.schema.json, which is written beside it when it is not there yet.
                """ + HelpExamples.section([("labspec new key-vault-denied", "write specs/key-vault-denied.yaml to fill in")]))

        @Argument(help: "The lab's id: letters, digits, '-', '_' and '.'.")
        var id: String

        @Option(help: ArgumentHelp("Where to write the spec.", valueName: "DIR"), completion: .directory)
        var directory = "specs"

        func run() async throws {
            let console = Console.current
            let text = LabScaffold.text(id: id)
            // The loader is the one judge of a valid id.
            let loaded = LabLoader.load(text: text, path: "\(id).yaml")
            guard loaded.lab != nil else {
                throw CLIError("`\(id)` is not a valid lab id: use letters, digits, '-', '_' and '.'", .invalidInput)
            }
            let url = URL(fileURLWithPath: directory).appendingPathComponent("\(id).yaml")
            guard !FileManager.default.fileExists(atPath: url.path) else {
                throw CLIError("\(url.path) already exists", .invalidInput)
            }
            let schema = url.deletingLastPathComponent().appendingPathComponent("labspec.schema.json")
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(("# yaml-language-server: $schema=labspec.schema.json\n" + text).utf8).write(to: url, options: .atomic)
                if !FileManager.default.fileExists(atPath: schema.path) {
                    try Data((SpecSchema.document.prettyText + "\n").utf8).write(to: schema, options: .atomic)
                }
            } catch {
                throw CLIError("cannot write \(url.path)", .invalidInput)
            }
            console.out("wrote \(url.path)\nnext: labspec plan \(url.path) --set APP_URL=https://…\n")
        }
    }
}
