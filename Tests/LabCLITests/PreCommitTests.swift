import Foundation
import Testing
import TestSupport

/// The repository's pre-commit hooks (`.pre-commit-hooks.yaml`), tried the way a user
/// would — `pre-commit try-repo` in a repository of specs — with the labspec just built
/// on PATH for the `labspec-validate-system` hook.
@Suite struct PreCommitTests {
    static var available: Bool {
        (try? LabspecBinary.shell("python3 -c 'import pre_commit'").status) == 0
    }

    /// A repository holding `files`, committed.
    private func repository(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-precommit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let setUp = try LabspecBinary.shell(
            "git init -q . && git add -A && git -c user.email=t@example.invalid -c user.name=t commit -qm specs", in: folder)
        #expect(setUp.status == 0, "\(setUp.stderr)")
        return folder
    }

    private func tryRepo(in folder: URL) throws -> LabspecBinary.Outcome {
        let bin = LabspecBinary.url.deletingLastPathComponent().path
        return try LabspecBinary.shell(
            "python3 -m pre_commit try-repo '\(Fixtures.repositoryRoot.path)' labspec-validate-system --all-files --color never",
            in: folder, environment: ["PATH": "\(bin):\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")",
                                      "PRE_COMMIT_HOME": folder.appendingPathComponent(".cache").path])
    }

    static let valid = try? String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("specs/scale-rule-mismatch.yaml"),
                                   encoding: .utf8)

    /// Whether the tests can run; CI must have pre-commit, elsewhere they say they did not run.
    private func canRun() -> Bool {
        if Self.available { return true }
        #expect(ProcessInfo.processInfo.environment["CI"] == nil, "CI must have pre-commit (python3 -m pre_commit)")
        print("PreCommitTests: pre-commit is not installed here; not run")
        return false
    }

    @Test func aBrokenSpecFailsTheHookWithItsPosition() throws {
        guard canRun() else { return }
        let folder = try repository([
            "lab.yaml": try #require(Self.valid),
            "broken.yaml": "labspec: 1\nid: broken\ntitle: Broken\nphases:\n  - id: p\n    steps:\n      - {id: s, az: group show, expct: []}\n",
            "other.yaml": "name: not a lab spec\n",
        ])
        let outcome = try tryRepo(in: folder)
        #expect(outcome.status == 1, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("broken.yaml:7:33: error: unknown key `expct` in step [unknown-key]"), "\(outcome.stdout)")
        #expect(!outcome.stdout.contains("other.yaml"), "a YAML file that is no spec is left alone")
    }

    @Test func validSpecsAndOtherYAMLPassTheHook() throws {
        guard canRun() else { return }
        let folder = try repository(["lab.yaml": try #require(Self.valid), "other.yaml": "name: not a lab spec\n"])
        let outcome = try tryRepo(in: folder)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("labspec validate (installed labspec)"))
    }
}
