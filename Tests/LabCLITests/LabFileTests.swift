import Foundation
import Testing
import TestSupport

/// `files:` are written into the run's work folder before the first step that uses
/// them, with the values known there; the pack keeps a masked copy, a preview shows them,
/// and the folder is gone when the run ends.
@Suite struct LabFileTests {
    private func spec() throws -> (spec: URL, root: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let spec = root.appendingPathComponent("lab.yaml")
        try """
            labspec: 1
            id: files-lab
            title: A lab that writes a patch
            inputs:
              IMAGE: {default: "nginx:1.27"}
              TOKEN: {default: s3cr3t-token, secret: true}
            files:
              PATCH:
                name: patch.yaml
                content: |
                  image: ${IMAGE}
                  revision: ${REV}
                  token: ${TOKEN}
                  quote: "it's $(not run)"
            phases:
              - id: p
                steps:
                  - {id: rev, run: [echo, rev-7], capture: {REV: {from: stdout}}}
                  - id: apply
                    run: [sh, -c, 'cat "$1"; echo "path=$1"', sh, "${PATCH}"]
                    evidence: 01-applied.txt
                    capture: {PATH_SEEN: {regex: "path=(.*)"}}
                    expect: [{stdout: {contains: "revision: rev-7"}}]
            evidence:
              during-failure:
                - {claim: Applied, source: 01-applied.txt, expect: [{stdout: {contains: "image: nginx:1.27"}}]}
              after-fix:
                - {claim: Revision, source: 01-applied.txt, expect: [{stdout: {contains: "revision: rev-7"}}]}
            """.write(to: spec, atomically: true, encoding: .utf8)
        return (spec, root)
    }

    @Test func aFileIsWrittenBeforeItsStepWithEarlierCapturesAndKeptMasked() async throws {
        let (spec, root) = try spec()
        let pack = root.appendingPathComponent("pack")
        let run = await InProcess.run(["run", spec.path, "--evidence-dir", pack.path, "--color", "never"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let applied = try String(contentsOf: pack.appendingPathComponent("01-applied.txt"), encoding: .utf8)
        #expect(applied.hasPrefix("image: nginx:1.27\nrevision: rev-7\ntoken: ***\nquote: \"it's $(not run)\"\n"), "\(applied)")
        let copy = try String(contentsOf: pack.appendingPathComponent("files/patch.yaml"), encoding: .utf8)
        #expect(copy == "image: nginx:1.27\nrevision: rev-7\ntoken: ***\nquote: \"it's $(not run)\"\n")
        // The work folder was private and is gone.
        let path = try #require(applied.split(separator: "\n").first { $0.hasPrefix("path=") }).dropFirst(5)
        #expect(path.hasSuffix("/patch.yaml"))
        #expect(!FileManager.default.fileExists(atPath: String(path)))
        let verify = await InProcess.run(["verify", spec.path, "--evidence", pack.path, "--color", "never"])
        #expect(verify.status == 0, "\(verify.stdout)")
    }

    @Test func planShowsTheContentAndRenderWritesItPasteSafe() async throws {
        let (spec, _) = try spec()
        let plan = await InProcess.run(["plan", spec.path, "--color", "never"])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("Writes `patch.yaml` first (`${PATCH}`):\n        │ image: nginx:1.27\n        │ revision: ${REV}\n"
            + "        │ token: ***\n"), "\(plan.stdout)")
        let render = await InProcess.run(["render", spec.path])
        #expect(render.stdout.contains("export PATCH=\"$LABSPEC_WORK_DIR\"/patch.yaml"))
        #expect(render.stdout.contains("printf '%s' 'image: '\"${IMAGE}\"'\nrevision: '\"${REV}\"'\ntoken: '\"${TOKEN}\"'\n"
            + "quote: \"it'\\''s $(not run)\"\n' > \"${PATCH}\""), "\(render.stdout)")
    }
}
