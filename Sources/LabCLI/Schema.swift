import ArgumentParser
import LabSpec

extension LabspecCommand {
    struct Schema: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schema",
            abstract: "Print the JSON Schema of the spec format, for editors.",
            discussion: """
                Point an editor's YAML support at it (for example a `# yaml-language-server: \
                $schema=…` line) to get completion and checks while typing. The same schema \
                ships as specs/labspec.schema.json. `labspec validate` checks what a schema \
                cannot: data flow, queries, regular expressions.
                """ + HelpExamples.section([("labspec schema > specs/labspec.schema.json", "refresh the schema editors read")]))

        func run() async throws {
            Console.current.data(SpecSchema.document.prettyText + "\n")
        }
    }
}
