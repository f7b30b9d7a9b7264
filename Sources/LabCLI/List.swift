import ArgumentParser
import Foundation
import JMESPath
import LabSpec

extension LabspecCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List lab specs: id, title, size and inputs; as JSON for CI matrices.",
            discussion: """
                PATHs are spec files or folders (default: specs), searched as `validate` searches \
                them. Exits 2 when a spec does not load, after listing every one.
                """ + HelpExamples.section([("labspec list", "the specs under specs/"), ("labspec list --format json specs", "the same as JSON, for a CI matrix")]))

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        @Argument(help: "Spec files or folders.", completion: .file(extensions: ["yaml", "yml"]))
        var paths: [String] = ["specs"]

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        func run() async throws {
            let console = Console.current
            let found = SpecDiscovery.find(paths)
            for path in found.missing { console.err("labspec: error: \(path): no such file or folder\n") }
            var entries: [JSONValue] = []
            var lines: [String] = []
            var invalid = 0
            for file in found.files {
                let loaded = LabLoader.load(path: file)
                var entry = JSONObject()
                entry["path"] = .string(file)
                guard let lab = loaded.lab else {
                    invalid += 1
                    entry["valid"] = .bool(false)
                    entry["errors"] = .int(loaded.diagnostics.filter { $0.severity == .error }.count)
                    entries.append(.object(entry))
                    lines.append("\(file): invalid (run `labspec validate \(file)`)")
                    continue
                }
                let steps = lab.allSteps.count, claims = lab.evidence.all.count
                entry["valid"] = .bool(true)
                entry["id"] = .string(lab.id.value)
                entry["title"] = .string(lab.title)
                entry["phases"] = .array(lab.phases.map { .string($0.id.value) })
                entry["steps"] = .int(steps)
                entry["claims"] = .int(claims)
                entry["inputs"] = .array(lab.inputs.map { input in
                    var object = JSONObject()
                    object["name"] = .string(input.name)
                    object["required"] = .bool(input.needsValue)
                    object["secret"] = .bool(input.secret)
                    return .object(object)
                })
                entries.append(.object(entry))
                lines.append("\(lab.id.value)  \(lab.title) — \(lab.phases.count) phases, \(steps) steps, \(claims) claims  (\(file))")
            }
            switch format {
            case .json: console.data(JSONValue.array(entries).prettyText + "\n")
            case .text: for line in lines { console.out(line + "\n") }
            }
            if invalid > 0 || !found.missing.isEmpty { throw ExitStatus.invalidInput.exitCode }
        }
    }
}
