import Foundation
import JMESPath
import LabSpec
import Testing
import TestSupport

/// The Azure Pipelines example's steps that need no Azure run as written: installing the
/// release (checked against its SHA-256), validating, the matrix the `list` step makes,
/// and each lab's replay with the matrix variables set, then the summary step — so the
/// example cannot rot. The schema and shellcheck are `scripts/lint-pipelines.py`'s.
@Suite struct AzurePipelineExampleTests {
    static let folder = Fixtures.repositoryRoot.appendingPathComponent("examples/pipelines")

    private func document(_ name: String) throws -> JSONValue {
        try StructuredDocument.parse(try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8))
    }

    private func script(_ document: JSONValue, _ query: String) throws -> String {
        guard case .string(let text) = try JMESPathExpression(query).search(document) else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "no step for \(query)"])
        }
        return text
    }

    private var path: String {
        LabspecBinary.url.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    }

    @Test func theInstallTemplatePutsACheckedReleaseOnPath() throws {
        let work = try Fixtures.newFolder("labspec-azure-install")
        let name = try LabspecBinary.packRelease(version: "9.9.9", in: work)
        let install = try script(try document("azure-install-labspec.yml"), "steps[0].bash")
        let environment = ["LABSPEC_VERSION": "9.9.9", "LABSPEC_RELEASE_URL": "file://\(work.path)"]
        let installed = try LabspecBinary.shell(install, in: work, environment: environment)
        #expect(installed.status == 0, "\(installed.stdout)\(installed.stderr)")
        let prepended = installed.stdout.split(separator: "\n").first { $0.hasPrefix("##vso[task.prependpath]") }
        let bin = try #require(prepended.map { String($0.dropFirst("##vso[task.prependpath]".count)) }, "\(installed.stdout)")
        #expect(FileManager.default.isExecutableFile(atPath: bin + "/labspec"))

        try "0000  \(name).tar.gz\n".write(to: work.appendingPathComponent("\(name).tar.gz.sha256"), atomically: true, encoding: .utf8)
        let tampered = try LabspecBinary.shell(install, in: work, environment: environment)
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("##vso[task.logissue type=error]labspec 9.9.9: the download does not match its SHA-256"))
    }

    @Test func theExampleValidatesListsAndReplaysEveryLab() throws {
        let pipeline = try document("azure-pipelines.yml")
        // A job's working folder: the repository's specs and packs, and room for `out/`.
        let work = try Fixtures.newFolder("labspec-azure-job")
        for shared in ["specs", "examples"] {
            try FileManager.default.createSymbolicLink(at: work.appendingPathComponent(shared),
                                                       withDestinationURL: Fixtures.repositoryRoot.appendingPathComponent(shared))
        }
        let validate = try LabspecBinary.shell(try script(pipeline, "jobs[?job=='catalogue'].steps[] | [?bash && contains(bash, 'validate')].bash | [0]"),
                                               in: work, environment: ["PATH": path])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")

        let list = try LabspecBinary.shell(try script(pipeline, "jobs[?job=='catalogue'].steps[] | [?name=='list'].bash | [0]"),
                                           in: work, environment: ["PATH": path])
        #expect(list.status == 0, "\(list.stderr)")
        let prefix = "##vso[task.setvariable variable=labs;isOutput=true]"
        let line = try #require(list.stdout.split(separator: "\n").first { $0.hasPrefix(prefix) }, "\(list.stdout)")
        guard case .object(let matrix) = try JSONValue(parsing: String(line.dropFirst(prefix.count))) else {
            Issue.record("the matrix is not an object: \(line)")
            return
        }
        #expect(matrix.count == 3)

        let replay = try script(pipeline, "jobs[?job=='lab'].steps[] | [?bash && contains(bash, 'replay')].bash | [0]")
        let summary = try script(pipeline, "jobs[?job=='lab'].steps[] | [?bash && contains(bash, 'uploadsummary')].bash | [0]")
        // Each job's result is its lab's verdict on its recorded pack (the scale lab's
        // recovery was not shown by the real run: not-recovered, 6).
        let verdicts = ["managed-identity-key-vault-failure": Int32(0), "scale-rule-mismatch": 6, "cd-reconnect-rbac-conflict": 0]
        for entry in matrix {
            guard case .object(let variables) = entry.value, case .string(let id)? = variables["LAB_ID"],
                  case .string(let labPath)? = variables["LAB_PATH"] else {
                Issue.record("matrix entry \(entry.key) lacks LAB_ID or LAB_PATH")
                continue
            }
            try? FileManager.default.removeItem(at: work.appendingPathComponent("out"))
            let environment = ["PATH": path, "LAB_ID": id, "LAB_PATH": labPath]
            let replayed = try LabspecBinary.shell(replay, in: work, environment: environment)
            #expect(replayed.status == verdicts[id], "\(id): \(replayed.stdout.suffix(600))\(replayed.stderr)")
            #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("out/reports/junit.xml").path))
            let summarised = try LabspecBinary.shell(summary, in: work, environment: environment)
            #expect(summarised.stdout.hasPrefix("##vso[task.uploadsummary]") && summarised.stdout.contains("/out/reports/verdict.md"),
                    "\(summarised.stdout)")
        }
    }
}
