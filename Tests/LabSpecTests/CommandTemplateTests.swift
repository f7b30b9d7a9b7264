import LabSpec
import Testing

@Suite struct CommandTemplateTests {
    private func locate(_ offset: Int) -> LabSpec.SourceLocation {
        LabSpec.SourceLocation(file: "t.yaml", line: 1, column: offset + 1)
    }

    private func words(_ text: String) throws -> [String] {
        try CommandTemplate.split(text, locate: locate).get().map(\.symbolic)
    }

    @Test func splitsOnWhitespaceAndKeepsQuotedTextTogether() throws {
        #expect(try words(#"role assignment create --role "Key Vault Secrets User" --scope ${KV_ID}"#)
                == ["role", "assignment", "create", "--role", "Key Vault Secrets User", "--scope", "${KV_ID}"])
        #expect(try words("a  'b c'\td\n e") == ["a", "b c", "d", "e"])
    }

    @Test func quotesJoinAdjacentTextIntoOneWord() throws {
        #expect(try words(#"--query "[?name=='x']".id"#) == ["--query", "[?name=='x'].id"])
        #expect(try words(#"RESTART_TOKEN="${now.epoch}""#) == ["RESTART_TOKEN=${now.epoch}"])
    }

    @Test func backslashEscapesOutsideSingleQuotes() throws {
        #expect(try words(#"a\ b 'c\d' "e\"f" "g\h""#) == ["a b", #"c\d"#, #"e"f"#, #"g\h"#])
        #expect(try words(#"\$literal"#) == ["$literal"])
    }

    @Test func emptyQuotesAreAnEmptyArgument() throws {
        #expect(try words(#"--tags "" x"#) == ["--tags", "", "x"])
    }

    @Test func variablesInsideWordsKeepTheirPositions() throws {
        let split = try CommandTemplate.split("--image ${SERVER}/${APP}:v1", locate: locate).get()
        #expect(split.count == 2)
        #expect(split[1].variables.map(\.name) == ["SERVER", "APP"])
        #expect(split[1].variables.map(\.location.column) == [9, 19])
    }

    @Test func positionsCountUnicodeScalarsNotBytes() throws {
        let split = try CommandTemplate.split("--tag 'ünï côdé' 🚀${X}", locate: locate).get()
        #expect(split.map(\.symbolic) == ["--tag", "ünï côdé", "🚀${X}"])
        #expect(split[2].variables.first?.location.column == 19)
    }

    @Test func substitutedValuesStayOneArgument() throws {
        let split = try CommandTemplate.split("--password ${PW} --name x", locate: locate).get()
        let rendered = split.map { $0.render { _ in "a b; rm -rf / $(x) 'q'" } }
        #expect(rendered == ["--password", "a b; rm -rf / $(x) 'q'", "--name", "x"])
    }

    @Test func unterminatedQuoteIsReportedAtTheQuote() {
        let result = CommandTemplate.split(#"a "b c"#, locate: locate)
        #expect(result == .failure(TemplateProblem(kind: .unterminatedQuote("\""), offset: 2)))
    }

    @Test func unterminatedVariableIsReported() {
        let result = CommandTemplate.split("a ${B c", locate: locate)
        #expect(result == .failure(TemplateProblem(kind: .unterminatedVariable, offset: 2)))
    }

    @Test func dollarDollarBraceIsALiteral() throws {
        let template = try Template.parse("cost $$5 and $${HOME} and ${X}", locate: locate).get()
        #expect(template.variables.map(\.name) == ["X"])
        #expect(template.render { _ in "1" } == "cost $$5 and ${HOME} and 1")
    }

    @Test func builtinNamesAreDotted() throws {
        let template = try Template.parse("${now.epoch}-${run.id}", locate: locate).get()
        #expect(template.variables.map(\.name) == ["now.epoch", "run.id"])
        #expect(Template.parse("${a..b}", locate: locate)
                == .failure(TemplateProblem(kind: .invalidVariableName("a..b"), offset: 0)))
    }
}

extension Result where Success == [Template], Failure == TemplateProblem {
    static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case let (.success(a), .success(b)): a == b
        case let (.failure(a), .failure(b)): a == b
        default: false
        }
    }
}

extension Result where Success == Template, Failure == TemplateProblem {
    static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case let (.success(a), .success(b)): a == b
        case let (.failure(a), .failure(b)): a == b
        default: false
        }
    }
}
