import ArgumentParser
import Foundation
import JMESPath
import LabRunner
import LabSpec

extension LabspecCommand {
    struct Query: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "query",
            abstract: "Evaluate a JMESPath expression on JSON or YAML, as `az --query` would.",
            discussion: """
                Reads FILE, or standard input when FILE is omitted or `-`, as an artifact of \
                that name is read: `.json` is JSON (JSON Lines too), `.jsonl`/`.ndjson` JSON \
                Lines, `.yaml`/`.yml` YAML; standard input is JSON unless --format says \
                otherwise. Input that is not what it must be is an error, never `null`. \
                Prints the result as JSON. A bad expression is reported as \
                `query:1:COL: error: …` with a caret.
                """ + HelpExamples.section([("az role assignment list --all -o json | labspec query 'length(@)'", "count what az printed"), ("labspec query --raw 'properties.fqdn' app.json", "print a string without quotes")]))

        enum InputFormat: String, ExpressibleByArgument, CaseIterable {
            case json, yaml
            case jsonLines = "json-lines"

            var artifactFormat: ArtifactFormat {
                switch self {
                case .json: .json
                case .yaml: .yaml
                case .jsonLines: .jsonLines
                }
            }
        }

        @Argument(help: "The JMESPath expression.")
        var expression: String

        @Argument(help: "A JSON or YAML file; standard input when omitted or `-`.", completion: .file())
        var file: String?

        @Flag(help: "Indent the JSON output.")
        var pretty = false

        @Flag(help: "Print a string result as its text, unquoted (as `az -o tsv` and `jq -r` do); other results as JSON.")
        var raw = false

        @Option(help: "How to read the input: json, json-lines or yaml (default: by FILE's name; JSON for standard input).")
        var format: InputFormat?

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let console = Console.current
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
                throw CLIError(message, .invalidInput)
            }
            do {
                let result = try compiled.search(document)
                if raw, case .string(let text) = result {
                    console.data(text + "\n")
                } else {
                    console.data((pretty ? result.prettyText : result.compactText) + "\n")
                }
            } catch {
                throw CLIError("query: \(error.message) [\(error.kind.rawValue)]", .invalidInput)
            }
        }

        private enum Input {
            case success(JSONValue)
            case failure(String)
        }

        private func readInput() -> Input {
            let name = file ?? "-"
            let shownName = name == "-" ? "standard input" : name
            // As large a document as an artifact may be in a pack, and no larger.
            let limit = SealedFolder.maximumReadSize
            let read = name == "-" ? Console.current.readInput(limit: limit)
                : BoundedReader.contents(of: name, limit: limit, regularFileOnly: false)
            let data: Data
            switch read {
            case .success(let contents): data = contents
            case .failure(.tooLarge): return .failure("\(shownName): larger than \(limit >> 20) MiB, the most a document may be")
            case .failure:
                return .failure("\(name): " + (FileManager.default.fileExists(atPath: name) ? "cannot be read" : "no such file"))
            }
            guard let text = String(data: data, encoding: .utf8) else {
                return .failure("\(shownName): not UTF-8 text")
            }
            var artifactFormat = format?.artifactFormat ?? (name == "-" ? .json : ArtifactFormat(fileName: name))
            if text.allSatisfy(\.isWhitespace) { return .failure("\(shownName) is empty: there is no document to query") }
            // A file whose name says nothing of its kind is read as JSON, as standard input is.
            if artifactFormat == .text { artifactFormat = .json }
            do {
                return .success(try artifactFormat.read(text))
            } catch {
                return .failure("\(shownName) cannot be read: \(error.reason)")
            }
        }
    }
}
