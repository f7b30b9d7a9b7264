import Foundation
import Testing
import TestSupport

/// `labspec schema`: the JSON Schema editors use, shipped as specs/labspec.schema.json.
@Suite struct SchemaCommandTests {
    static let shipped = Fixtures.repositoryRoot.appendingPathComponent("specs/labspec.schema.json")

    @Test func theShippedSchemaIsWhatTheCommandPrints() throws {
        let outcome = try LabspecBinary.run(["schema"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == (try String(contentsOf: Self.shipped, encoding: .utf8)),
                "specs/labspec.schema.json is stale: regenerate it with `labspec schema > specs/labspec.schema.json`")
    }

    /// Every shipped spec, the run fixtures and the `new` scaffold pass the schema (python's jsonschema as the
    /// reference validator); specs with a wrong key, two actions, a bad duration or a
    /// bad id do not.
    @Test func shippedSpecsPassAndBrokenOnesFail() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-schema-\(UUID().uuidString)")
        let scaffold = try LabspecBinary.run(["new", "scaffolded", "--directory", folder.path])
        #expect(scaffold.status == 0)
        let specs = (["specs", "Tests/Fixtures/runs"].flatMap { folder in
            Fixtures.files(under: "../../\(folder)", extensions: ["yaml"])
        } + [folder.appendingPathComponent("scaffolded.yaml")])
            .filter { (try? String(contentsOf: $0, encoding: .utf8))?.hasPrefix("labspec:") == true }
        #expect(specs.count == 7)
        let broken = [
            "labspec: 1\nid: x\ntitle: X\nphases: [{id: p, steps: [{az: group list, expct: []}]}]\n",
            "labspec: 1\nid: x\ntitle: X\nphases: [{id: p, steps: [{az: group list, run: [ls]}]}]\n",
            "labspec: 1\nid: x\ntitle: X\nphases: [{id: p, steps: [{sleep: 10}]}]\n",
            "labspec: 1\nid: -x\ntitle: X\nphases: [{id: p, steps: [{sleep: 1s}]}]\n",
        ]
        let script = """
            import json, sys
            try:
                import jsonschema, yaml
            except ImportError:
                sys.exit(3)
            validator = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
            jsonschema.Draft202012Validator.check_schema(validator.schema)
            for path in sys.argv[2:]:
                errors = list(validator.iter_errors(yaml.safe_load(open(path))))
                print(path, 'invalid' if errors else 'valid')
            """
        var brokenPaths: [String] = []
        for (index, text) in broken.enumerated() {
            let url = folder.appendingPathComponent("broken-\(index).yaml")
            try text.write(to: url, atomically: true, encoding: .utf8)
            brokenPaths.append(url.path)
        }
        guard let outcome = try PythonReference.run(script, arguments: [Self.shipped.path] + specs.map(\.path) + brokenPaths) else {
            #expect(PythonReference.mayBeMissing, "CI must have python3 jsonschema and PyYAML")
            return
        }
        #expect(outcome.status == 0, "\(outcome.stdout)")
        let text = outcome.stdout
        let verdicts = Dictionary(text.split(separator: "\n").map { line -> (String, String) in
            let parts = line.split(separator: " ")
            return (String(parts.first ?? ""), String(parts.last ?? ""))
        }, uniquingKeysWith: { first, _ in first })
        for spec in specs { #expect(verdicts[spec.path] == "valid", "\(spec.lastPathComponent)") }
        for path in brokenPaths { #expect(verdicts[path] == "invalid", "\(path)") }
    }
}
