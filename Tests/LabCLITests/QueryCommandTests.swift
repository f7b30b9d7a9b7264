import Foundation
import Testing
import TestSupport

/// `labspec query`, run in-process.
@Suite struct QueryCommandTests {
    @Test func evaluatesStandardInputAsCompactJSON() async throws {
        let outcome = await InProcess.run(["query", "a[?b > `1`].b"], stdin: #"{"a":[{"b":1},{"b":2},{"b":3}]}"#)
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "[2,3]\n")
        #expect(outcome.stderr.isEmpty)
    }

    /// The README's example: a span between two timestamps of a shipped pack.
    @Test func computesATimeSpanAsTheReadmeShows() async throws {
        let outcome = await InProcess.run(["query", "to_epoch(load_window.end_utc) - to_epoch(load_window.start_utc)",
                                           InProcess.path("examples/packs/scale-rule-mismatch/10-h1-gate.json")])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "90\n")
    }

    @Test func prettyPrintsOnRequest() async throws {
        let outcome = await InProcess.run(["query", "--pretty", "{n: name, tags: tags}"],
                                            stdin: #"{"name":"x","tags":[1,2]}"#)
        #expect(outcome.stdout == "{\n  \"n\": \"x\",\n  \"tags\": [\n    1,\n    2\n  ]\n}\n")
    }

    @Test func readsYAMLArtifacts() async throws {
        let file = try temporaryFile("identity:\n  type: SystemAssigned\nreplicas: 2\nenabled: yes\n", suffix: ".yaml")
        let outcome = await InProcess.run(["query", "[identity.type, replicas, enabled]", file.path])
        #expect(outcome.status == 0)
        // YAML 1.2 core: `yes` is a string, not a boolean.
        #expect(outcome.stdout == #"["SystemAssigned",2,"yes"]"# + "\n")
    }

    @Test func aSyntaxErrorPointsAtItsColumn() async throws {
        let outcome = await InProcess.run(["query", "--color", "never", "foo[?a == `1`"], stdin: "{}")
        #expect(outcome.status == 2)
        #expect(outcome.stderr == """
            query:1:14: error: expected `]`, found the end of the expression [invalid-query]
             1 | foo[?a == `1`
               |              ^

            """)
        #expect(outcome.stdout.isEmpty)
    }

    @Test func anUnreadableFileIsNamed() async throws {
        let outcome = await InProcess.run(["query", "@", "no/such/file.json"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "labspec: error: no/such/file.json: no such file\n")
    }

    @Test func inputThatIsNotJSONIsRejectedNeverNull() async throws {
        let outcome = await InProcess.run(["query", "a"], stdin: "not json\n")
        #expect(outcome.status == 2)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == "labspec: error: standard input cannot be read: not JSON: unexpected character in JSON "
            + "at line 1, column 1: `not json`\n")
        let empty = await InProcess.run(["query", "a"], stdin: "")
        #expect(empty.status == 2)
        #expect(empty.stderr == "labspec: error: standard input is empty: there is no document to query\n")
        // YAML only when the file's name or --format says so.
        let yaml = await InProcess.run(["query", "a", "--format", "yaml"], stdin: "a: 1\n")
        #expect(yaml.stdout == "1\n")
        let lines = await InProcess.run(["query", "[*].a"], stdin: "{\"a\": 1}\n{\"a\": 2}\n")
        #expect(lines.stdout == "[1,2]\n")
    }

    @Test func typeErrorsAtRunTimeExitWith2() async throws {
        let outcome = await InProcess.run(["query", "abs(@)"], stdin: "[1]")
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "labspec: error: query: abs() expects a number as argument 1, found array [invalid-type]\n")
    }

    private func temporaryFile(_ contents: String, suffix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-\(UUID().uuidString)\(suffix)")
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}

/// What a user meets on day one: a mistyped command, completion scripts, examples.
@Suite struct DayOneTests {
    @Test func aMistypedSubcommandIsNamedWithTheClosestOne() async {
        let outcome = await InProcess.run(["valdate", "specs"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr == "labspec: error: `valdate` is not a labspec command; did you mean `validate`?\n")
    }

    @Test func completionCompletesSpecFilesAndFolders() async {
        let outcome = await InProcess.run(["--generate-completion-script", "bash"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("yaml"))
        #expect(outcome.stdout.contains("-d"))
    }

    @Test func everySubcommandsHelpEndsWithExamples() async {
        for command in ["validate", "plan", "run", "verify", "query", "list", "new", "render", "schema"] {
            let outcome = await InProcess.run([command, "--help"])
            #expect(outcome.stdout.contains("EXAMPLES:\n  $ ") && outcome.stdout.contains("labspec \(command)"), "\(command)")
        }
    }

    @Test func queryRawPrintsStringsUnquoted() async {
        let outcome = await InProcess.run(["query", "--raw", "a"], stdin: #"{"a": "x y"}"#)
        #expect(outcome.stdout == "x y\n")
        let number = await InProcess.run(["query", "--raw", "n"], stdin: #"{"n": 2}"#)
        #expect(number.stdout == "2\n")
    }

    /// A document that never ends, or is larger than an artifact may be, is refused when
    /// the limit is reached — not read until memory runs out; a pipe is read like a file.
    @Test func anEndlessDocumentIsRefusedAtTheLimitAndAPipeIsRead() throws {
        let endless = try LabspecBinary.runBounded(["query", "@", "/dev/zero"], seconds: 60, memoryKiB: 1_500_000)
        #expect(endless.status == 2, "\(endless.stderr)")
        #expect(endless.stderr == "labspec: error: /dev/zero: larger than 256 MiB, the most a document may be\n")
        let piped = try LabspecBinary.shell("\"$LABSPEC\" query a <(printf '{\"a\": 2}')", environment: ["LABSPEC": LabspecBinary.url.path])
        #expect(piped.status == 0 && piped.stdout == "2\n", "\(piped.stderr)")
    }
}
