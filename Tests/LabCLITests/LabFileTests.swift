import Foundation
import Testing
import TestSupport

/// `files:` are written into the run's work folder before the first step that uses
/// them, with the values known there; the pack keeps a masked copy, a preview shows them,
/// and the folder is gone when the run ends.
@Suite struct LabFileTests {
    private func spec() throws -> (spec: URL, root: URL) {
        let root = try Fixtures.newFolder("files")
        let spec = try Fixtures.spec("""
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
            """, in: root)
        return (spec, root)
    }

    @Test func aFileIsWrittenBeforeItsStepWithEarlierCapturesAndKeptMasked() async throws {
        let (spec, root) = try spec()
        let pack = root.appendingPathComponent("pack")
        let run = await InProcess.record(spec.path, into: pack)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let applied = try String(contentsOf: pack.appendingPathComponent("01-applied.txt"), encoding: .utf8)
        #expect(applied.hasPrefix("image: nginx:1.27\nrevision: rev-7\ntoken: ***\nquote: \"it's $(not run)\"\n"), "\(applied)")
        let copy = try String(contentsOf: pack.appendingPathComponent("files/patch.yaml"), encoding: .utf8)
        #expect(copy == "image: nginx:1.27\nrevision: rev-7\ntoken: ***\nquote: \"it's $(not run)\"\n")
        // The work folder was private and is gone.
        let path = try #require(applied.split(separator: "\n").first { $0.hasPrefix("path=") }).dropFirst(5)
        #expect(path.hasSuffix("/patch.yaml"))
        #expect(!FileManager.default.fileExists(atPath: String(path)))
        let verify = await InProcess.verify(spec.path, pack: pack)
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

    /// The runbook's `printf` writes the content exactly, its `${NAME}` filled by the
    /// shell and nothing else run: command substitutions, backticks, quotes, `%`.
    @Test func theRunbookWritesHostileContentExactlyAndRunsNothing() async throws {
        let root = try Fixtures.newFolder("files-paste")
        let spec = try Fixtures.spec("""
            labspec: 1
            id: hostile-file
            title: A file that must not run when pasted
            inputs:
              IMAGE: {default: "nginx:1.27"}
            files:
              BODY:
                name: body.txt
                content: "a $(touch MARK-1) `touch MARK-2` 'q' \\"d\\" %s %d \\\\ $$HOME ${IMAGE}\\nsecond line\\n"
            phases:
              - id: p
                steps:
                  - {id: send, run: [cat, "${BODY}"], expect: [{exit-code: 0}]}
            """, in: root)
        let render = await InProcess.run(["render", spec.path])
        #expect(render.status == 0, "\(render.stderr)")
        let blocks = MarkdownBlocks.code("sh", in: render.stdout)
        let writes = try #require(blocks.first { $0.hasPrefix("printf '%s' ") }, "\(render.stdout)")
        let work = root.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let pasted = try LabspecBinary.shell("export IMAGE=nginx:1.27 BODY='\(work.path)/body.txt'\n" + writes, in: work)
        #expect(pasted.status == 0, "\(pasted.stderr)")
        let written = try String(contentsOf: work.appendingPathComponent("body.txt"), encoding: .utf8)
        #expect(written == "a $(touch MARK-1) `touch MARK-2` 'q' \"d\" %s %d \\ $$HOME nginx:1.27\nsecond line\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["body.txt"])
    }
}
