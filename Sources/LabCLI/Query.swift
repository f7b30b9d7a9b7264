import ArgumentParser
import Foundation
import JMESPath
import LabSpec

extension LabspecCommand {
    struct Query: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate a JMESPath expression on JSON or YAML, as `az --query` would.",
            discussion: """
                Reads FILE, or standard input when FILE is omitted or `-`. Prints the result \
                as JSON. A bad expression is reported as `query:1:COL: error: …` with a caret.
                """)

        @Argument(help: "The JMESPath expression.")
        var expression: String

        @Argument(help: "A JSON or YAML file; standard input when omitted or `-`.")
        var file: String?

        @Flag(help: "Indent the JSON output.")
        var pretty = false

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let console = Console()
            let renderer = DiagnosticRenderer(colors: output.color.enabled(for: console.standardError))
            let compiled: JMESPathExpression
            do {
                compiled = try JMESPathExpression(expression)
            } catch {
                let source = SourceFile(path: "query", text: expression)
                let diagnostic = Diagnostic.error(.invalidQuery, error.message,
                                                  at: source.location(line: 1, column: (error.offset ?? 0) + 1))
                console.err(renderer.text(diagnostic, source: source))
                throw ExitStatus.invalidInput.exitCode
            }
            let document: JSONValue
            switch readInput() {
            case .success(let value): document = value
            case .failure(let message):
                console.err("labspec query: error: \(message)\n")
                throw ExitStatus.invalidInput.exitCode
            }
            do {
                let result = try compiled.search(document)
                console.out((pretty ? result.prettyText : result.compactText) + "\n")
            } catch {
                console.err("query: error: \(error.message) [\(error.kind.rawValue)]\n")
                throw ExitStatus.invalidInput.exitCode
            }
        }

        private enum Input {
            case success(JSONValue)
            case failure(String)
        }

        private func readInput() -> Input {
            let name = file ?? "-"
            let data: Data
            if name == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let contents = FileManager.default.contents(atPath: name) else {
                    let reason = FileManager.default.fileExists(atPath: name) ? "cannot be read" : "no such file"
                    return .failure("\(name): \(reason)")
                }
                data = contents
            }
            guard let text = String(data: data, encoding: .utf8) else {
                return .failure("\(name == "-" ? "standard input" : name): not UTF-8 text")
            }
            do {
                return .success(try StructuredDocument.parse(text))
            } catch {
                guard case .notStructured(let reason) = error else { return .failure("unreadable input") }
                return .failure("\(name == "-" ? "standard input" : name): \(reason)")
            }
        }
    }
}
