import Foundation
import LabRunner
import LabSpec
import Testing
import TestSupport
import Yams

/// `validate` checks `az` steps against the Azure CLI's catalogue; `--az-check` asks the
/// real az, offline. The fixture `Fixtures/az/commands.yaml` says what each should find.
@Suite struct AzCatalogueTests {
    struct Case: CustomStringConvertible, Sendable {
        var command: String
        /// `ok`, or `CODE@WORD`.
        var catalogue: String
        /// `parsed` or `rejected`.
        var offline: String

        var description: String { command }
    }

    static let cases: [Case] = {
        guard let text = try? String(contentsOf: Fixtures.url("az/commands.yaml"), encoding: .utf8),
              let items = try? Yams.compose(yaml: text)?.sequence else { return [] }
        return items.compactMap { item in
            guard let fields = item.mapping, let command = fields["az"]?.string else { return nil }
            return Case(command: command, catalogue: fields["catalogue"]?.string ?? "?", offline: fields["offline"]?.string ?? "?")
        }
    }()

    /// A lab of one `az` step; the command sits on line 8 from column 13.
    static func lab(_ command: String, extensions: [String] = []) -> String {
        let requires = extensions.isEmpty ? "" : "requires: {extensions: [\(extensions.joined(separator: ", "))]}\n"
        return "labspec: 1\nid: az-case\ntitle: One az command\n\(requires)phases:\n  - id: p\n    steps:\n      - id: step\n"
            + "        az: '\(command.replacingOccurrences(of: "'", with: "''"))'\n        expect: [{exit-code: 0}]\n"
    }

    static let azCodes: Set<DiagnosticCode> = [.unknownAzCommand, .unknownAzOption, .azOptionValue, .duplicateAzOption,
                                                .deprecatedAzCommand, .missingAzOption, .azOutputNotJSON, .invalidQuery]

    /// What the catalogue says of a command: `ok`, or the first finding as `CODE@WORD`.
    static func catalogueVerdict(_ command: String) -> String {
        let text = lab(command)
        let result = LabLoader.load(text: text, path: "case.yaml")
        guard let first = result.diagnostics.first(where: { azCodes.contains($0.code) && $0.severity != .note }) else {
            return "ok"
        }
        // The word under the caret: from the column to the next blank (or the closing quote).
        let line = text.split(separator: "\n", omittingEmptySubsequences: false)[first.location.line - 1]
        let from = line.dropFirst(first.location.column - 1)
        let word = first.location.column >= 13 ? String(from.prefix(first.length)) : "?"
        return "\(first.code.rawValue)@\(word)"
    }

    @Test func theFixtureHasEnoughCases() {
        #expect(Self.cases.count >= 35)
        #expect(Self.cases.filter { $0.catalogue != "ok" }.count >= 20)
    }

    @Test(arguments: cases)
    func theCatalogueFindsWhatTheFixtureSays(_ item: Case) {
        #expect(Self.catalogueVerdict(item.command) == item.catalogue)
    }

    /// Every `az` command of the shipped specs is known to the catalogue, or (for what a
    /// required extension adds) noted as not checked — never an error or a warning.
    @Test func theShippedSpecsHaveNoCatalogueFindings() throws {
        let specs = Fixtures.files(under: "../../specs", extensions: ["yaml"])
        #expect(specs.count >= 3)
        var commands = 0
        for spec in specs {
            let result = LabLoader.load(path: spec.path)
            commands += result.lab?.allSteps.filter { if case .az = $0.action { true } else { false } }.count ?? 0
            let findings = result.diagnostics.filter { Self.azCodes.contains($0.code) && $0.severity != .note }
            #expect(findings.isEmpty, "\(spec.lastPathComponent): \(findings.map(\.description))")
        }
        #expect(commands >= 40)
    }

    /// In a lab that requires an extension, what the catalogue lacks may be the
    /// extension's: a near miss stays a warning, anything else is noted as not checked.
    @Test func aRequiredExtensionTurnsUnknownNamesIntoNotesOrWarnings() {
        let result = LabLoader.load(text: Self.lab("monitor log-analytics query --workspace w --analytics-query q",
                                                   extensions: ["log-analytics"]), path: "case.yaml")
        let finding = result.diagnostics.first { $0.code == .unknownAzCommand }
        #expect(finding?.severity == .note)
        #expect(finding?.message.hasPrefix("not checked: `query` is not a command or group under `az monitor log-analytics`") == true)
        let typo = LabLoader.load(text: Self.lab("containerapp show --nmae app", extensions: ["containerapp"]), path: "case.yaml")
        #expect(typo.diagnostics.first { $0.code == .unknownAzOption }?.severity == .warning)
    }

    /// The command path stops at the first option and at a word not known yet, never
    /// skipping over them to a later word.
    @Test func theCommandPathStopsAtAnOptionOrAnUnknownWord() {
        let catalogue = AzCatalogue.shipped
        #expect(catalogue.commandPath(of: ["group", "show", "-n", "rg"]) == ("group show", 2))
        #expect(catalogue.commandPath(of: ["--debug", "group", "show"]) == ("", 0))
        #expect(catalogue.commandPath(of: ["containerapp", nil, "show"]) == ("containerapp", 1))
        #expect(catalogue.commandPath(of: ["containerapp", "revison", "list"]) == ("containerapp", 1))
    }

    /// Lookups are binary searches over the generated lines: every command and group
    /// the data file holds is found, a near miss is not, and the words under a path are
    /// the ones a plain scan of the file finds.
    @Test func everyCommandAndGroupOfTheDataIsFound() throws {
        let data = try String(contentsOfFile: InProcess.path("Sources/LabSpec/AzCatalogueData.swift"), encoding: .utf8)
        let lines = data.split(separator: "\n").dropFirst(4).dropLast().map(String.init)
        let groups = lines.filter { $0.hasPrefix("^") }.map { String($0.dropFirst().prefix { $0 != "|" }) }
        let commands = lines.filter { !$0.isEmpty && !"#*=^".contains($0.first!) }.map { String($0.prefix { $0 != "|" }) }
        let catalogue = AzCatalogue.shipped
        #expect(commands.count == catalogue.commandCount && groups.count > 1_000)
        #expect(commands.filter { !catalogue.isCommand($0) || catalogue.isGroup($0) }.isEmpty)
        #expect(groups.filter { !catalogue.isGroup($0) }.isEmpty)
        #expect((commands + groups).filter { catalogue.isCommand($0 + "x") || catalogue.isCommand("a" + $0) }.isEmpty)
        for path in ["", "containerapp", "monitor log-analytics", "webapp webjob"] {
            let prefix = path.isEmpty ? "" : path + " "
            let scanned = Set((commands + groups).filter { $0.hasPrefix(prefix) && $0.count > prefix.count }
                .map { String($0.dropFirst(prefix.count).prefix { $0 != " " }) })
            #expect(catalogue.words(after: path) == scanned.sorted(), "\(path)")
        }
    }

    /// A `--query` that does not compile is pointed at where its error is in the spec,
    /// whatever the quoting: shell quotes, `--query=EXPR`, a list item in YAML quotes. An
    /// error at the end points just past the last character.
    @Test(arguments: [
        ("az: \"group list --query '[?a==`1`'\"", 67), ("az: \"group list --query='[?a==`1`'\"", 67),
        ("az: \"group list --query '[?a ==== b]'\"", 65), ("az: \"group list --query=[?a==\"", 63),
        ("az: \"group list --query [?a==\"", 63), ("az: [group, list, --query, \"[?a==\"]", 67),
    ])
    func anInvalidQueryIsPointedAtInItsQuoting(_ action: String, _ column: Int) {
        let text = "labspec: 1\nid: q\ntitle: t\nphases: [{id: p, steps: [{id: s, \(action), expect: [{exit-code: 0}]}]}]\n"
        let found = LabLoader.load(text: text, path: "q.yaml").diagnostics.first { $0.code == .invalidQuery }
        #expect(found?.location.line == 4 && found?.location.column == column, "\(String(describing: found))")
    }

    @Test func theCatalogueLoadsItsCommands() {
        #expect(AzCatalogue.shipped.commandCount > 6_000)
        #expect(AzCatalogue.shipped.version == "2.91.0")
        #expect(AzCatalogue.shipped.command("containerapp update")?.options.contains { $0.name == "--image" } == true)
    }

    @Test func azCheckWithoutAzSaysSoAndExitsThree() async {
        let outcome = await InProcess.run(["validate", "--az-check", "--az", "/nonexistent/az", InProcess.path("specs")])
        #expect(outcome.status == 3)
        #expect(outcome.stderr.contains("--az-check needs the Azure CLI: `/nonexistent/az` is not an executable"), "\(outcome.stderr)")
    }

    /// A note says what was not checked; `validate` shows notes with `-v` only.
    @Test func notesShowOnlyWhenAsked() async {
        let seed = InProcess.path("specs/scale-rule-mismatch.yaml")
        let quiet = await InProcess.run(["validate", seed])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
        let verbose = await InProcess.run(["validate", "-v", "--color", "never", seed])
        #expect(verbose.status == 0)
        #expect(verbose.stderr.contains("note: not checked: `query` is not a command or group under `az monitor log-analytics`"),
                "\(verbose.stderr)")
    }

    /// A lab that requires a newer az than the catalogue's may use what that az added:
    /// what the catalogue lacks is then noted as not checked, never an error.
    @Test func aNewerRequiredAzTurnsUnknownNamesIntoNotes() {
        let text = Self.lab("containerapp update --name app --resource-group rg --brand-new-option x")
            .replacingOccurrences(of: "phases:", with: "requires: {az: \">=2.99\"}\nphases:")
        let result = LabLoader.load(text: text, path: "case.yaml")
        let finding = result.diagnostics.first { $0.code == .unknownAzOption }
        #expect(finding?.severity == .note)
        #expect(finding?.message.contains("the lab requires az >=2.99") == true, "\(result.diagnostics)")
        #expect(!result.hasErrors)
    }

    /// A value made of inputs with literal defaults is checked by those defaults; one that
    /// needs a capture (unknown until the run) is not.
    @Test func aValueFromAnInputsDefaultIsCheckedByThatDefault() {
        let text = Self.lab("containerapp ingress enable -n app -g rg --type ${KIND} --target-port ${PORT}")
            .replacingOccurrences(of: "phases:", with: "inputs:\n  KIND: {default: sideways}\n  PORT: {default: \"80\"}\nphases:")
        let result = LabLoader.load(text: text, path: "case.yaml")
        let finding = result.diagnostics.first { $0.code == .azOptionValue }
        #expect(finding?.message == "`${KIND}` (by the inputs' defaults `sideways`) is not a value `--type` allows",
                "\(result.diagnostics)")
        let fine = LabLoader.load(text: text.replacingOccurrences(of: "default: sideways", with: "default: external"),
                                  path: "case.yaml")
        #expect(!fine.diagnostics.contains { $0.code == .azOptionValue })
    }
}
