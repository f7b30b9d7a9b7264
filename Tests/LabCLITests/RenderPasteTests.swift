import Foundation
import LabReports
import LabSpec
import Testing
import TestSupport

/// The rendered page pasted into bash passes exactly the argv the spec states and runs
/// nothing else: each shell block runs against recording stand-ins for every program.
@Suite struct RenderPasteTests {
    /// Inputs and words holding `$(…)`, backticks, `$$`, quotes and a line break; a capture
    /// whose value the test gives holds them too.
    static let hostile = """
        labspec: 1
        id: hostile-paste
        title: Words that must not run when pasted
        inputs:
          NAME: {default: "$${HOME} $(touch MARK-1) `touch MARK-2` $$ 'q' \\"d\\""}
          PLAIN: app
          DERIVED: {default: "${PLAIN}-$(touch MARK-3)"}
        phases:
          - id: p
            steps:
              - id: first
                run: [probe, "${NAME}", "--name=${PLAIN}-$(touch MARK-4)", "it's", "a\\nb", "${lab.id}", "${DERIVED}", "", "$$HOME",
                      "osc \\e]52;c;eA==\\a \\e[8mhid's", "cr\\rbidi \\u202Eevil\\t\\\\x41",
                      "fence\\n```\\n$(touch MARK-8)\\n````", "::add-mask::x ##[error]y", "\\e ##[z",
                      "##vso[task.setvariable variable=PATH]x ##VsO[y", "\\e##vso[z", "line\\n  ::add-mask::y"]
                capture: {CAPTURED: {from: stdout}}
                expect: [{exit-code: 0}]
              - id: second
                az: group show --name ${CAPTURED} -o tsv
                expect: [{exit-code: 0}]
              - id: probe-http
                http: GET https://${PLAIN}.example/$(touch MARK-5)?q=${CAPTURED}
                expect: [{status: 200}]
        """

    private struct Call: Equatable, CustomStringConvertible {
        var argv: [String]
        var description: String { argv.description }
    }

    /// Renders `spec`, runs its shell blocks in bash in an empty folder, and returns the
    /// calls the stand-ins saw, the folder, and the built-in values the page exported.
    private func paste(_ spec: URL, programs: Set<String>, captures: [String: String]) throws
        -> (calls: [Call], folder: URL, builtins: [String: String]) {
        let rendered = try LabspecBinary.run(["render", spec.path])
        try #require(rendered.status == 0, "\(rendered.stderr)")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-paste-\(UUID().uuidString)")
        let bin = root.appendingPathComponent("bin"), work = root.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let log = root.appendingPathComponent("calls.log"), exported = root.appendingPathComponent("builtins.env")
        let recorder = "#!/bin/bash\n{ printf '%s\\x1f' \"${0##*/}\" \"$@\"; printf '\\x1e'; } >> \"$PASTE_LOG\"\n"
        // `labspec query --raw Q` answers `v-Q`; polling loops need `seq` and a `sleep`
        // that does not wait.
        var stubs = Dictionary(uniqueKeysWithValues: programs.union(["az", "curl"]).map { ($0, recorder) })
        stubs["labspec"] = "#!/bin/bash\nprintf 'v-%s' \"$3\"\n"
        stubs["seq"] = "#!/bin/bash\nexec /usr/bin/seq \"$@\"\n"
        stubs["sleep"] = "#!/bin/bash\nexit 0\n"
        for (program, script) in stubs {
            let stub = bin.appendingPathComponent(program)
            try script.write(to: stub, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stub.path)
        }
        // Every ```sh block in order; the built-ins block runs with the real tools.
        var script = ""
        for code in MarkdownBlocks.code("sh", in: rendered.stdout) {
            script += code.contains("export LABSPEC_") ? "PATH=/usr/bin:/bin\n\(code)\nPATH=\"$STUBS\"\n" : code + "\n"
        }
        script += "for v in ${!LABSPEC_@}; do printf '%s=%s\\n' \"$v\" \"${!v}\"; done > \"\(exported.path)\"\n"
        let scriptFile = root.appendingPathComponent("page.sh")
        try script.write(to: scriptFile, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [scriptFile.path]
        process.currentDirectoryURL = work
        var environment = ["PATH": bin.path, "STUBS": bin.path, "PASTE_LOG": log.path, "HOME": "/nonexistent-home"]
        for (name, value) in captures { environment[name] = value }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        // A polling loop repeats its call: one call per step is compared.
        var calls: [Call] = []
        for record in text.split(separator: "\u{1e}", omittingEmptySubsequences: true) {
            let call = Call(argv: record.split(separator: "\u{1f}", omittingEmptySubsequences: false).dropLast().map(String.init))
            if calls.last != call { calls.append(call) }
        }
        var builtins: [String: String] = [:]
        for line in ((try? String(contentsOf: exported, encoding: .utf8)) ?? "").split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            builtins[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return (calls, work, builtins)
    }

    /// What each step must receive: its words with inputs (defaults, filled in order),
    /// the test's captures and the exported built-ins.
    private func expectedCalls(_ lab: Lab, captures: [String: String], builtins: [String: String]) -> [Call] {
        var values = captures
        for builtin in BuiltinVariable.allCases {
            if let value = builtins["LABSPEC_" + builtin.rawValue.uppercased().replacingOccurrences(of: ".", with: "_")] {
                values[builtin.rawValue] = value
            }
        }
        for input in lab.inputs where !input.secret {
            values[input.name] = input.defaultValue.map { $0.render { values[$0.name] } } ?? ""
        }
        let fill = { (template: Template) in template.render { values[$0.name] ?? "" } }
        var calls: [Call] = []
        // What the page's capture lines set: `labspec query` (a stub here) answers `v-QUERY`,
        // a program's whole output (empty from a stub) is the value; regex captures are
        // set by hand, here by the test's environment.
        func capture(_ step: Step) {
            for capture in step.capture where !step.background {
                switch capture.source {
                case .query(let query): values[capture.name] = "v-" + fill(query.template)
                case .text(.stdout, nil, _, _), .text(.body, nil, _, _): values[capture.name] = ""
                case .text: break
                }
            }
        }
        for step in lab.allSteps {
            defer { capture(step) }
            switch step.action {
            case .az(let command): calls.append(Call(argv: ["az"] + command.words.map(fill)))
            case .run(let command): calls.append(Call(argv: command.words.map(fill)))
            case .http(let request): calls.append(Call(argv: ["curl", fill(request.url)]))
            case .sleep, .check: break
            }
        }
        // As the recorded calls are: the same call twice in a row counts once.
        return calls.reduce(into: []) { kept, call in if kept.last != call { kept.append(call) } }
    }

    /// A recorded call matches when it is the expected argv, or that argv plus the
    /// `--output json` labspec adds; for curl, when its last word is the URL.
    private func matches(_ call: Call, _ expected: Call) -> Bool {
        if expected.argv.first == "curl" { return call.argv.first == "curl" && call.argv.last == expected.argv.last }
        return call.argv == expected.argv || call.argv == expected.argv + ["--output", "json"]
    }

    @Test func aHostileSpecPastesToExactlyItsArgvAndRunsNothingElse() throws {
        let spec = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-hostile-\(UUID().uuidString).yaml")
        try Self.hostile.write(to: spec, atomically: true, encoding: .utf8)
        let lab = try #require(LabLoader.load(path: spec.path).lab)
        let captures = ["CAPTURED": "cap $(touch MARK-6) `touch MARK-7` ${HOME}"]
        let pasted = try paste(spec, programs: ["probe"], captures: captures)
        let expected = expectedCalls(lab, captures: captures, builtins: pasted.builtins)
        #expect(pasted.calls.count == expected.count, "\(pasted.calls)")
        for (call, want) in zip(pasted.calls, expected) { #expect(matches(call, want), "\(call) ≠ \(want)") }
        #expect(pasted.calls.first?.argv == [
            "probe", "${HOME} $(touch MARK-1) `touch MARK-2` $$ 'q' \"d\"", "--name=app-$(touch MARK-4)", "it's", "a\nb",
            "hostile-paste", "app-$(touch MARK-3)", "", "$$HOME",
            "osc \u{1B}]52;c;eA==\u{07} \u{1B}[8mhid's", "cr\rbidi \u{202E}evil\t\\x41",
            "fence\n```\n$(touch MARK-8)\n````", "::add-mask::x ##[error]y", "\u{1B} ##[z",
            "##vso[task.setvariable variable=PATH]x ##VsO[y", "\u{1B}##vso[z", "line\n  ::add-mask::y",
        ])
        #expect(!GuideRenderer.render(lab).contains("##[") && !GuideRenderer.render(lab).lowercased().contains("##vso["))
        // The page shows those words escaped: nothing on it is a control character.
        let page = GuideRenderer.render(lab)
        #expect(!VisibleText.hasControl(page), "\(page.unicodeScalars.filter(VisibleText.isControl).map(\.value))")
        #expect(page.contains("$'osc \\x1B]52;c;eA==\\x07 \\x1B[8mhid\\'s'"), "\(page)")
        // Nothing the page ran created a file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: pasted.folder.path).isEmpty)
    }

    @Test(arguments: ["managed-identity-key-vault-failure", "scale-rule-mismatch", "cd-reconnect-rbac-conflict"])
    func everyShippedPagePastesToItsArgv(_ id: String) throws {
        let spec = Fixtures.repositoryRoot.appendingPathComponent("specs/\(id).yaml")
        let lab = try #require(LabLoader.load(path: spec.path).lab)
        var captures: [String: String] = [:]
        for step in lab.allSteps { for capture in step.capture { captures[capture.name] = "v-\(capture.name) $(x)" } }
        for input in lab.inputs where input.secret { captures[input.name] = "s3cret 'x' $(y)" }
        let programs = Set(lab.allSteps.compactMap { step -> String? in
            if case .run(let command) = step.action { return command.words.first?.render { _ in nil } }
            return nil
        })
        let pasted = try paste(spec, programs: programs, captures: captures)
        // Secret inputs are exported empty by the page; the reader sets them, as the test does here.
        var expectedValues = captures
        for input in lab.inputs where input.secret { expectedValues[input.name] = "" }
        let expected = expectedCalls(lab, captures: expectedValues, builtins: pasted.builtins)
        #expect(pasted.calls.count == expected.count, "\(id): \(pasted.calls.count) calls, \(expected.count) expected")
        for (call, want) in zip(pasted.calls, expected) { #expect(matches(call, want), "\(id): \(call) ≠ \(want)") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: pasted.folder.path).isEmpty)
    }
}
