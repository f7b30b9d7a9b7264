import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport

/// `--report junit:FILE,json:FILE,md:FILE`: one masked writer, three formats.
@Suite struct ReportTests {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Validates with python's `xmlschema` against the JUnit schema in the fixtures.
    /// Returns nil when the module is missing (CI installs it, so there it must be present).
    private func schemaErrors(_ xml: URL) throws -> String? {
        let script = """
            import sys
            try:
                import xmlschema
            except ImportError:
                sys.exit(3)
            schema = xmlschema.XMLSchema(sys.argv[1])
            errors = [str(e.reason) + ' at ' + str(e.path) for e in schema.iter_errors(sys.argv[2])]
            print('\\n'.join(errors))
            sys.exit(1 if errors else 0)
            """
        guard let outcome = try PythonReference.run(script, arguments: [Fixtures.url("junit/junit.xsd").path, xml.path]) else {
            #expect(PythonReference.mayBeMissing, "CI must have python3 xmlschema (.ci/run installs it)")
            return nil
        }
        return outcome.status == 0 ? "" : outcome.stdout
    }

    /// Test cases per suite and the failures each suite claims, read with an XML parser.
    private final class JUnitCounter: NSObject, XMLParserDelegate {
        var suites: [(name: String, tests: Int, failures: Int, cases: Int, failed: Int)] = []
        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            switch element {
            case "testsuite":
                suites.append((attributes["name"] ?? "", Int(attributes["tests"] ?? "") ?? -1,
                               Int(attributes["failures"] ?? "") ?? -1, 0, 0))
            case "testcase": suites[suites.count - 1].cases += 1
            case "failure": suites[suites.count - 1].failed += 1
            default: break
            }
        }
    }

    @Test func theJUnitReportIsValidAndCountsWhatItHolds() throws {
        let out = try folder()
        let xml = out.appendingPathComponent("junit.xml")
        let run = try LabspecBinary.run(["run", "specs/scale-rule-mismatch.yaml", "--backend", "replay", "--evidence",
                                         "examples/packs/scale-rule-mismatch", "--report", "junit:\(xml.path)"])
        #expect(run.status == 6)
        #expect(run.stdout.contains("report: \(xml.path) (junit)"))

        let counter = JUnitCounter()
        let parser = try #require(XMLParser(contentsOf: xml))
        parser.delegate = counter
        #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
        #expect(counter.suites.map(\.name) == ["deploy", "trigger", "observe", "fix", "verify", "cleanup",
                                               "evidence.during-failure", "evidence.after-fix"].map { "scale-rule-mismatch.\($0)" })
        for suite in counter.suites {
            #expect(suite.tests == suite.cases && suite.failures == suite.failed, "\(suite.name)")
        }
        // The one failing claim is the one failure, carrying what was observed.
        #expect(counter.suites.map(\.failed).reduce(0, +) == 1)
        let text = try String(contentsOf: xml, encoding: .utf8)
        #expect(text.contains(#"<failure message="expected query length(@) &gt;= 1, got 0" type="failure">"#))

        if let errors = try schemaErrors(xml) {
            #expect(errors.isEmpty, "\(errors)")
            // The validator does reject what CI systems would: a test case without its class.
            let broken = out.appendingPathComponent("broken.xml")
            try text.replacingOccurrences(of: " classname=", with: " class=").write(to: broken, atomically: true, encoding: .utf8)
            #expect(try schemaErrors(broken)?.isEmpty == false)
        }
    }

    @Test func reportsOfARealRunHoldNoSecretAndAgreeWithTheRun() throws {
        let out = try folder()
        let junit = out.appendingPathComponent("r.xml"), json = out.appendingPathComponent("r.json")
        let markdown = out.appendingPathComponent("sub/r.md")
        let (run, _) = try RunCommandTests.runSeed(["--report", "junit:\(junit.path),json:\(json.path)",
                                                   "--report", "md:\(markdown.path)"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        for file in [junit, json, markdown] {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains("Pa55"), "\(file.lastPathComponent) holds the secret")
        }
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        let verdict = record?["verdict"] as? [String: Any]
        #expect(verdict?["outcome"] as? String == "confirmed")
        #expect((record?["steps"] as? [Any])?.count == 26)
        #expect((record?["cleanup"] as? [Any])?.count == 1)

        let page = try String(contentsOf: markdown, encoding: .utf8)
        #expect(page.contains("**Verdict: confirmed** — H1 4/4 held · H2 4/4 held"))
        #expect(page.contains("| Pass/Fail | Step | Expected | Actual | Action |"))
        #expect(page.contains("Steps: 27 passed · backend `az`"))
        #expect(page.contains("### During failure (4/4 held)") && page.contains("### After fix (4/4 held)"))
        let logRows = page.split(separator: "\n").filter { $0.hasPrefix("| ✅ Pass |") }
        #expect(logRows.count == 27)
        // Long commands are cut in the table; the JSON record keeps them whole, masked.
        #expect(!page.contains("Pa55"))
        #expect(try String(contentsOf: json, encoding: .utf8).contains("--password '***'"))
        if let errors = try schemaErrors(junit) { #expect(errors.isEmpty, "\(errors)") }
    }

    @Test func verifyWritesReportsOfItsClaims() throws {
        let out = try folder()
        let markdown = out.appendingPathComponent("claims.md")
        let run = try LabspecBinary.run(["verify", "specs/cd-reconnect-rbac-conflict.yaml", "--evidence",
                                         "examples/packs/cd-reconnect-rbac-conflict", "--report", "md:\(markdown.path)"])
        #expect(run.status == 0)
        let page = try String(contentsOf: markdown, encoding: .utf8)
        #expect(page.contains("**Verdict: confirmed** — H1 5/5 held · H2 5/5 held"))
        #expect(page.components(separatedBy: "✅ Holds").count - 1 == 10)
    }

    /// What a pack cannot show is skipped with its reason in JUnit and never ✅ in
    /// Markdown; testcases carry the spec file and line for CI annotations.
    @Test func whatWasNotJudgedIsNeverReportedAsPassed() throws {
        let out = try folder()
        let junit = out.appendingPathComponent("report.xml"), markdown = out.appendingPathComponent("report.md")
        let pack = try Fixtures.packCopy(of: "managed-identity-key-vault-failure", editing: "03-kv-rbac-config.json", nil)
        let run = try LabspecBinary.run(["verify", RunCommandTests.seed, "--evidence", pack.path,
                                         "--report", "junit:\(junit.path),md:\(markdown.path)"])
        #expect(run.status == 7)
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.contains("<skipped message=\"not judged: artifact `03-kv-rbac-config.json` is missing from the evidence\"/>"))
        #expect(xml.components(separatedBy: "<skipped message=\"not judged:").count - 1 == 3)
        #expect(xml.contains("classname=\"managed-identity-key-vault-failure.evidence.during-failure\" time=\"0.000\" "
            + "file=\"\(RunCommandTests.seed)\" line=\""))
        let page = try String(contentsOf: markdown, encoding: .utf8)
        let claimRows = page.split(separator: "\n").filter { $0.contains("`03-kv-rbac-config.json`") || $0.contains("VAULT_NAME") || $0.contains("VAULT\\_NAME") }
        #expect(!claimRows.isEmpty)
        #expect(claimRows.allSatisfy { !$0.contains("✅") })
        #expect(page.contains("⚠️ Not judged: artifact \\`03-kv-rbac-config.json\\` is missing from the evidence"))
        #expect(page.contains("### During failure (2/4 held)"))
        if let errors = try schemaErrors(junit) { #expect(errors.isEmpty, "\(errors)") }

        // Exit codes a pack without manifest lacks: the steps are skipped, not passed.
        let steps = out.appendingPathComponent("steps.xml")
        _ = try LabspecBinary.run(["verify", "specs/cd-reconnect-rbac-conflict.yaml", "--evidence",
                                   "examples/packs/cd-reconnect-rbac-conflict", "--report", "junit:\(steps.path)"])
        let stepsXML = try String(contentsOf: steps, encoding: .utf8)
        #expect(stepsXML.contains("<skipped message=\"not judged: exit-code == 0: the pack holds no exit code for this output "
            + "(it has no manifest entry)\"/>"))
    }

    @Test func aBadReportOptionIsAUsageErrorBeforeAnythingRuns() throws {
        for argument in ["xml:out.xml", "junit", "markdown:out.md", "json:"] {
            let run = try LabspecBinary.run(["run", RunCommandTests.seed, "--backend", "dry-run", "--report", argument])
            #expect(run.status == 64, "\(argument)")
        }
        let hint = try LabspecBinary.run(["plan", RunCommandTests.seed, "--report", "markdown:x.md"])
        #expect(hint.stderr.contains("did you mean `md`?"))
    }
}
