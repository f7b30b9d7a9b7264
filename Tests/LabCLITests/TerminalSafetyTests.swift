import Foundation
import LabSpec
import Testing
import TestSupport

/// Text from a spec or from evidence never reaches a terminal or a page as a control
/// character: no escape sequence (clipboard writes, retitling, clearing, hidden text), no
/// carriage return, no bidi override. Output other programs read stays exact.
@Suite struct TerminalSafetyTests {
    static let spec = """
        labspec: 1
        id: terminal-safety
        title: "Title \\e]52;c;ZWNobyBwd25lZA==\\a \\e[2J"
        phases:
          - id: trigger
            title: "Phase \\u202Egnp.exe"
            steps:
              - id: noisy
                title: "Step \\e[8mhidden"
                run: [sh, -c, "printf 'out \\\\033]0;owned\\\\007 cr\\\\rx\\\\n'; printf 'err \\\\033[2J\\\\n' >&2"]
                expect: [{stdout: {contains: nothing}}]
                evidence: {output: out.txt}
        """

    /// Every control character in `text` other than the colours the console writes.
    /// Every character in `text` a terminal acts on, found without the code under test:
    /// C0 controls but newline and tab, DEL, C1, the bidi formatting characters — and an
    /// escape unless it opens one of the console's colour sequences (`ESC [ 1;31 m`).
    private func controls(_ text: String) -> [UInt32] {
        let scalars = Array(text.unicodeScalars)
        var found: [UInt32] = []
        for (index, scalar) in scalars.enumerated() {
            let value = scalar.value
            let acted = (value < 0x20 && value != 0x0A && value != 0x09) || (0x7F...0x9F).contains(value)
                || [0x061C, 0x200E, 0x200F].contains(value) || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            guard acted else { continue }
            if value == 0x1B, index + 1 < scalars.count, scalars[index + 1] == "[" {
                let rest = scalars[(index + 2)...].prefix { $0 != "m" }
                if rest.count < 16, index + 2 + rest.count < scalars.count,
                   rest.allSatisfy({ ("0"..."9").contains($0) || $0 == ";" }),
                   rest.split(separator: ";").allSatisfy({ ["0", "1", "2", "31", "32", "33", "34", "35", "36"].contains(String(String.UnicodeScalarView($0))) }) {
                    continue
                }
            }
            found.append(value)
        }
        return found
    }

    @Test(arguments: ["never", "always"])
    func aRunShowsTheSpecsAndTheOutputsControlCharactersEscaped(_ color: String) async throws {
        let folder = try Fixtures.newFolder("labspec-terminal")
        let spec = try Fixtures.spec(Self.spec, in: folder)
        let pack = folder.appendingPathComponent("pack")
        let report = folder.appendingPathComponent("report.md")
        let junit = folder.appendingPathComponent("junit.xml")
        let outcome = await InProcess.run(["run", spec.path, "--evidence-dir", pack.path, "--color", color,
                                           "--report", "md:\(report.path)", "--report", "junit:\(junit.path)"])
        #expect(outcome.status == 1, "\(outcome.stdout)\(outcome.stderr)")
        #expect(controls(outcome.stdout).isEmpty && controls(outcome.stderr).isEmpty, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("Title \\u001b]52;c;ZWNobyBwd25lZA==\\u0007 \\u001b[2J"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("Phase \\u202egnp.exe") && outcome.stdout.contains("Step \\u001b[8mhidden"))
        let markdown = try String(contentsOf: report, encoding: .utf8)
        #expect(!VisibleText.hasControl(markdown), "\(markdown)")
        #expect(markdown.contains("# Title \\u001b]52;c;"))
        // JUnit shows them the same way (XML 1.0 could not hold most of them anyway).
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(!VisibleText.hasControl(xml), "\(xml)")
        #expect(xml.contains("name=\"Title \\u001b]52;c;ZWNobyBwd25lZA==\\u0007 \\u001b[2J\""), "\(xml)")
        // The artifact is evidence: kept byte for byte.
        let artifact = try String(contentsOf: pack.appendingPathComponent("out.txt"), encoding: .utf8)
        #expect(artifact.contains("out \u{1B}]0;owned\u{07} cr\rx"))
    }

    /// A raw control character in a spec is an error at its own column (libyaml counts
    /// characters, so the emoji before it counts one), shown escaped with the caret under
    /// all six characters of the escape.
    @Test func aRawControlCharacterIsPointedAtAndShownEscaped() async throws {
        let folder = try Fixtures.newFolder("labspec-terminal")
        let spec = try Fixtures.spec("labspec: 1\nid: caret\ntitle: \"é😀\"\nphases: [{id: p, title: \"😀\u{1B}x\"}]\n", in: folder)
        let outcome = await InProcess.run(["validate", "--color", "never", spec.path])
        #expect(outcome.status == 2)
        #expect(controls(outcome.stderr).isEmpty, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("lab.yaml:4:27: error: the file cannot be decoded: control characters are not allowed (U+001B)"),
                "\(outcome.stderr)")
        let lines = outcome.stderr.split(separator: "\n").map(String.init)
        let source = try #require(lines.firstIndex { $0.hasPrefix(" 4 | ") }, "\(outcome.stderr)")
        #expect(lines[source] == " 4 | phases: [{id: p, title: \"😀\\u001bx\"}]")
        #expect(lines[source + 1] == "   |                           ^~~~~~", "\(outcome.stderr)")
    }

    /// What a run observed is shown in the Markdown report as text: rendered by a
    /// CommonMark renderer with tables (as GitHub's job summary renders it), a response's
    /// heading, emphasis, link, image or HTML stays text, while the spec's own `code` span
    /// renders.
    @Test func anOutputsMarkdownStaysTextInTheReport() async throws {
        let folder = try Fixtures.newFolder("labspec-markdown")
        let spec = try Fixtures.spec("""
            labspec: 1
            id: markdown-in-output
            title: "Output & <b>markup</b>"
            phases:
              - id: p
                steps:
                  - id: s
                    title: "Restart `app`"
                    run: [printf, '# Verdict: confirmed\\n**bold** [link](https://x.example) ![i](https://t.example/p.png) <h1>big</h1> a|b']
                    expect: [{stdout: {contains: nothing}}]
            """, in: folder)
        let report = folder.appendingPathComponent("report.md")
        _ = await InProcess.run(["run", spec.path, "--report", "md:\(report.path)"])
        let script = """
            import sys
            try:
                from markdown_it import MarkdownIt
            except ImportError:
                sys.exit(3)
            print(MarkdownIt('commonmark').enable('table').render(open(sys.argv[1]).read()))
            """
        guard let html = try PythonReference.run(script, arguments: [report.path]) else {
            #expect(PythonReference.mayBeMissing, "CI must have python3 markdown-it-py")
            return
        }
        #expect(html.status == 0)
        for tag in ["<a ", "<img", "<strong>", "<h1>big", "<b>"] { #expect(!html.stdout.contains(tag), "\(tag) in \(html.stdout)") }
        #expect(html.stdout.contains("# Verdict: confirmed\\n**bold** [link](https://x.example) ![i](https://t.example/p.png) &lt;h1&gt;big&lt;/h1&gt; a|b"),
                "\(html.stdout)")
        #expect(html.stdout.contains("Restart <code>app</code>") && html.stdout.contains("Output &amp; &lt;b&gt;markup&lt;/b&gt;"))
    }

    /// A title or an output that a CI runner would take as a workflow command (a fake
    /// annotation, a mask, `stop-commands`, an Azure Pipelines variable) is shown, not run; labspec's own annotations
    /// (`--format github`) still are commands.
    @Test func aRunnerCommandInASpecOrAnOutputIsShownNotRun() async throws {
        let folder = try Fixtures.newFolder("labspec-runner-commands")
        let spec = try Fixtures.spec(Fixtures.onePhaseLab(id: "runner-commands", title: "\"::add-mask::confirmed\"", steps: """
            - id: s
              run: [sh, -c, "echo '  ::notice title=Verdict::confirmed'; echo 'log ##[error]x' >&2; echo 'set ##VSO[task.setvariable variable=PATH]/tmp'; exit 1", "--", "w\\n  ::warning::pasted"]
              expect: [{stdout: {contains: nothing}}]
              bogus: 1
            """), in: folder)
        let annotations = await InProcess.run(["validate", "--format", "github", spec.path])
        #expect(annotations.stdout.contains("\n::error file=\(spec.path),line=10,col=9,title=unknown-key::"), "\(annotations.stdout)")
        let valid = try Fixtures.spec(try String(contentsOf: spec, encoding: .utf8)
            .replacingOccurrences(of: "bogus: 1", with: "timeout: 30s"), in: folder, named: "valid.yaml")
        let outcome = await InProcess.run(["run", valid.path, "--verbose", "--color", "never"])
        #expect(outcome.status == 1, "\(outcome.stdout)\(outcome.stderr)")
        for line in (outcome.stdout + outcome.stderr).split(separator: "\n") {
            #expect(!line.drop { $0 == " " }.hasPrefix("::") && !line.contains("##[") && !line.lowercased().contains("##vso["), "\(line)")
        }
        #expect(outcome.stdout.contains("\\u003a:add-mask::confirmed"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("\\u0023#[error]x"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("set \\u0023#VSO[task.setvariable variable=PATH]/tmp"), "\(outcome.stdout)")
        // The `$` line stays exact when pasted: the mark is split by quoting, not escaped,
        // and a word's line that would start with `::` stays on the `$` line.
        #expect(outcome.stdout.contains("-- $'w\\n  ::warning::pasted'"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("log #''#[error]x"), "\(outcome.stdout)")
    }

    /// A query's result is data for another program: its text is written as it is.
    @Test func aQueryResultStaysExact() async {
        let outcome = await InProcess.run(["query", "--raw", "a"], stdin: "{\"a\": \"x\\u001b[2Jy\\r\\u202e\"}")
        #expect(outcome.stdout == "x\u{1B}[2Jy\r\u{202E}\n", "\(outcome.stdout.debugDescription)")
    }
}
