import ArgumentParser
import Foundation
import LabSpec

extension LabspecCommand {
    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a lab spec: every part in place, ready to fill in.",
            discussion: "Writes DIR/ID.yaml (DIR defaults to specs), never over an existing file.")

        @Argument(help: "The lab's id: letters, digits, '-', '_' and '.'.")
        var id: String

        @Option(help: ArgumentHelp("Where to write the spec.", valueName: "DIR"))
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
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                throw CLIError("cannot write \(url.path)", .invalidInput)
            }
            console.out("wrote \(url.path)\nnext: labspec plan \(url.path) --set APP_URL=https://…\n")
        }
    }
}
