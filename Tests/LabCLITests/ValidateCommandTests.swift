import Foundation
import Testing
import TestSupport

/// `labspec validate` end to end: exact output and exit codes of the built binary.
@Suite struct ValidateCommandTests {
    let fixtures: URL

    init() throws {
        fixtures = try Fixtures.strippedCopy(of: ["invalid", "warnings"])
    }

    @Test func shippedSpecsAreValidWithAOneLineSummaryEach() throws {
        let outcome = try LabspecBinary.run(["validate", "specs/"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        let lines = outcome.stdout.split(separator: "\n")
        #expect(lines.contains("specs/managed-identity-key-vault-failure.yaml: valid: managed-identity-key-vault-failure, 6 phases, 27 steps, 8 evidence claims"))
        #expect(lines.allSatisfy { $0.contains(": valid") || $0.hasPrefix("\(lines.count - 1) specs:") })
    }

    @Test func textDiagnosticShowsPositionSourceLineCaretAndHint() throws {
        let outcome = try LabspecBinary.run(
            ["validate", "--color", "never", "invalid/unknown-key-in-step.yaml"], in: fixtures)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasSuffix("""
            invalid/unknown-key-in-step.yaml:10:9: error: unknown key `expct` in step [unknown-key]
             10 |         expct: [{exit-code: 0}]
                |         ^~~~~
               = hint: did you mean `expect`?

            """))
        #expect(outcome.stderr.hasPrefix("""
            invalid/unknown-key-in-step.yaml:3:5: warning: the lab states no evidence claims, so a run cannot reach a verdict [no-evidence]
             3 | id: typo-step
               |     ^~~~~~~~~
               = hint: add `evidence:` with `during-failure` and `after-fix` claims

            """))
        #expect(outcome.stdout == "invalid/unknown-key-in-step.yaml: invalid (1 error, 2 warnings)\n")
    }

    @Test func notesPointAtTheFirstOccurrence() throws {
        let outcome = try LabspecBinary.run(["validate", "--color", "never", "invalid/duplicate-step-id.yaml"], in: fixtures)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("invalid/duplicate-step-id.yaml:13:9: error: step id `same` is used twice [duplicate-id]"))
        #expect(outcome.stderr.contains("   = note: first used here (line 8:9)"))
    }

    @Test func jsonFormatListsEveryDiagnostic() throws {
        let outcome = try LabspecBinary.run(
            ["validate", "--format", "json", "invalid/duplicate-key-in-step-then-more-errors.yaml"], in: fixtures)
        #expect(outcome.status == 2)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
        let summary = records.map { "\($0["code"] ?? "")@\($0["line"] ?? 0):\($0["column"] ?? 0)" }
        #expect(summary == ["no-evidence@3:5", "duplicate-key@11:9", "unverified-step@13:9", "unknown-key@14:9",
                            "invalid-duration@16:18"])
        #expect(records.allSatisfy { $0["file"] as? String == "invalid/duplicate-key-in-step-then-more-errors.yaml" })
        #expect(records[1]["severity"] as? String == "error")
        let note = try #require((records[1]["notes"] as? [[String: Any]])?.first)
        #expect(note["line"] as? Int == 10 && note["column"] as? Int == 9)
        #expect(records[3]["hint"] as? String == "did you mean `expect`?")
    }

    @Test func githubFormatAnnotatesTheLine() throws {
        let outcome = try LabspecBinary.run(["validate", "--format", "github", "invalid/invalid-http-method.yaml"], in: fixtures)
        #expect(outcome.status == 2)
        #expect(outcome.stdout.split(separator: "\n").contains(
            "::error file=invalid/invalid-http-method.yaml,line=8,col=15,title=invalid-http-method::`GTE` is not an HTTP method (hint: did you mean `GET`?)"))
        // One run gives both: the summary line beside the annotations, on standard error.
        #expect(outcome.stderr == "invalid/invalid-http-method.yaml: invalid (1 error, 1 warning)\n", "\(outcome.stderr)")
    }

    /// Azure Pipelines issues, escaped as the agent's task library escapes: `;` and `]`
    /// in a property, `%` everywhere; the path absolute, as the agent takes paths.
    @Test func azureFormatLogsIssuesWithFileAndLine() throws {
        let folder = try Fixtures.newFolder("labspec-azure;format]")
        let spec = try Fixtures.spec("labspec: 1\nid: a\ntitle: t\nphases:\n  - id: p\n    steps:\n"
            + "      - {id: s, run: [echo], expect: [{exit-code: 0}], \"50%\": 1}\n", in: folder)
        let outcome = try LabspecBinary.run(["validate", "--format", "azure", spec.path])
        #expect(outcome.status == 2)
        let file = spec.standardizedFileURL.path.replacingOccurrences(of: ";", with: "%3B").replacingOccurrences(of: "]", with: "%5D")
        #expect(outcome.stdout.split(separator: "\n").contains(Substring(
            "##vso[task.logissue type=error;sourcepath=\(file);linenumber=7;columnnumber=56;code=unknown-key]"
            + "unknown key `50%AZP25` in step (hint: a step takes: `id`, `title`, `description`, `az`, `http`, `run`, `sleep`, "
            + "`check`, `expect`, `capture`, `until`, `interval`, `within`, `consecutive`, `timeout`, `evidence`, "
            + "`expect-failure`, `allow-failure`, `workdir`, `env`, `background`, `for-each`)")), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("##vso[task.logissue type=warning;") && outcome.stdout.contains("code=no-evidence]"))
        #expect(outcome.stderr.hasSuffix(": invalid (1 error, 1 warning)\n"), "\(outcome.stderr)")
        // Azure has no issue type for a note: with -v it stays a line of text, as the text format writes it.
        let notes = try LabspecBinary.run(["validate", "-v", "--format", "azure", "specs/scale-rule-mismatch.yaml"])
        #expect(notes.status == 0 && !notes.stdout.contains("not checked"))
        #expect(notes.stderr.hasPrefix("specs/scale-rule-mismatch.yaml:201:13: note: not checked: `query` is not a command or group "
            + "under `az monitor log-analytics`"), "\(notes.stderr)")
    }

    /// A folder named through a symbolic link is searched where the link leads.
    @Test func aLinkedFolderIsSearched() throws {
        let folder = try Fixtures.newFolder("labspec-linked")
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("labs"),
                                                   withDestinationURL: Fixtures.repositoryRoot.appendingPathComponent("specs"))
        let outcome = try LabspecBinary.run(["validate", "labs"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("labs/cd-reconnect-rbac-conflict.yaml: valid"), "\(outcome.stdout)")
        #expect(outcome.stdout.hasSuffix("3 specs: 3 valid, 0 invalid\n"))
    }

    @Test func warningsFailOnlyWithStrict() throws {
        let relaxed = try LabspecBinary.run(["validate", "warnings/unverified-step.yaml"], in: fixtures)
        #expect(relaxed.status == 0)
        #expect(relaxed.stderr.contains("warning: step `show-group` has no expectation, capture or evidence"))
        #expect(relaxed.stdout == "warnings/unverified-step.yaml: valid: unverified, 1 phase, 2 steps, 2 evidence claims (1 warning)\n")
        let strict = try LabspecBinary.run(["validate", "--strict", "warnings/unverified-step.yaml"], in: fixtures)
        #expect(strict.status == 2)
        #expect(strict.stdout == "warnings/unverified-step.yaml: invalid (1 warning)\n")
    }

    @Test func aMissingFileIsNamed() throws {
        let outcome = try LabspecBinary.run(["validate", "--color", "never", "no/such/lab.yaml"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("no/such/lab.yaml:1:1: error: cannot read spec: no such file [unreadable-file]"))
    }

    @Test func folderSummaryCountsValidAndInvalid() throws {
        let outcome = try LabspecBinary.run(["validate", "--color", "never", "invalid"], in: fixtures)
        #expect(outcome.status == 2)
        let last = outcome.stdout.split(separator: "\n").last.map(String.init) ?? ""
        // A folder search takes only files with a `labspec:` line, so the empty document
        // and the list-rooted spec are left out.
        let specs = Fixtures.files(under: "invalid", extensions: ["yaml"]).count - 2
        #expect(last == "\(specs) specs: 0 valid, \(specs) invalid")
    }

    @Test func usageErrorsExitWith64() throws {
        let outcome = try LabspecBinary.run(["validate", "--no-such-flag", "specs"])
        #expect(outcome.status == 64)
    }

    @Test func colourFollowsTheFlagAndNoColor() throws {
        let forced = try LabspecBinary.run(["validate", "--color", "always", "invalid/unknown-key-in-step.yaml"], in: fixtures)
        #expect(forced.stderr.contains("\u{1B}["))
        let auto = try LabspecBinary.run(["validate", "invalid/unknown-key-in-step.yaml"], in: fixtures,
                                         environment: ["NO_COLOR": "1"])
        #expect(!auto.stderr.contains("\u{1B}["))
    }

    @Test func helpDocumentsTheExitStatuses() throws {
        let outcome = try LabspecBinary.run(["--help"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("Exit status:"))
        #expect(outcome.stdout.contains("64   usage error"))
    }
}
