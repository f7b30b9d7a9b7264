import Foundation
import JMESPath
import LabSpec
import Testing
import TestSupport

@Suite struct LabLoaderTests {
    private func load(_ text: String) -> LoadResult {
        LabLoader.load(text: text, path: "lab.yaml")
    }

    static let minimal = """
        labspec: 1
        id: minimal
        title: Minimal
        inputs:
          RG: rg-lab
          REGION: {default: koreacentral, description: Region, secret: false}
          TOKEN: {secret: true}
        phases:
          - id: deploy
            steps:
              - id: create
                az: group create --name ${RG} --location ${REGION}
                expect:
                  - {query: properties.provisioningState, equals: Succeeded}
                capture:
                  GROUP_ID: id
                  SECRET_VALUE: {query: "keys[0]", secret: true}
              - id: probe
                http: GET https://${GROUP_ID}/health
                until: {status: {not: 200}}
                interval: 10s
                within: 3m
                evidence: 05-http.json
        evidence:
          during-failure:
            - claim: It fails
              source: probe
              expect: [{status: {not: 200}}]
          after-fix:
            - claim: It answers
              source: probe
              expect: [{status: 200}]
        cleanup:
          - az: group delete --name ${RG} --yes
            expect: [{exit-code: 0}]
        """

    @Test func buildsATypedPlan() throws {
        let result = load(Self.minimal)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let lab = try #require(result.lab)
        #expect(lab.id.value == "minimal")
        #expect(lab.inputs.map(\.name) == ["RG", "REGION", "TOKEN"])
        #expect(lab.inputs[2].secret && lab.inputs[2].required)
        #expect(!lab.inputs[0].required)
        let create = try #require(lab.step(id: "create"))
        guard case .az(let command) = create.action else {
            Issue.record("expected an az step")
            return
        }
        #expect(command.words.map(\.symbolic) == ["group", "create", "--name", "${RG}", "--location", "${REGION}"])
        #expect(create.capture.map(\.name) == ["GROUP_ID", "SECRET_VALUE"])
        #expect(create.capture.map(\.secret) == [false, true])
        let probe = try #require(lab.step(id: "probe"))
        #expect(probe.wait?.interval?.milliseconds == 10_000)
        #expect(probe.wait?.within?.milliseconds == 180_000)
        #expect(probe.evidence?.value == "05-http.json")
        #expect(probe.evidence?.location == LabSpec.SourceLocation(file: "lab.yaml", line: 23, column: 19))
        #expect(lab.cleanup.count == 1)
        #expect(lab.cleanup[0].id == "cleanup.1")
        #expect(lab.cleanup[0].hasGeneratedID)
    }

    @Test func yaml11WordsStayStringsWhereStringsAreMeant() throws {
        let result = load("""
            labspec: 1
            id: words
            title: yes
            inputs:
              ANSWER: no
              VERSION: 1.10
              COUNTRY: NO
            phases:
              - id: on
                steps:
                  - run: [echo, yes, off, 1.10]
                    expect: [{stdout: {equals: yes}}]
            """)
        let lab = try #require(result.lab, "\(result.diagnostics)")
        #expect(lab.title == "yes")
        #expect(lab.inputs.compactMap { $0.defaultValue?.symbolic } == ["no", "1.10", "NO"])
        #expect(lab.phases[0].id.value == "on")
        guard case .run(let command) = lab.phases[0].steps[0].action,
              case .equals(.literal(let value)) = lab.phases[0].steps[0].expect[0].matcher else {
            Issue.record("unexpected step shape")
            return
        }
        #expect(command.words.map(\.symbolic) == ["echo", "yes", "off", "1.10"])
        #expect(value == .string("yes"))
    }

    @Test func operandsFollowTheYAML12CoreSchema() throws {
        let result = load("""
            labspec: 1
            id: operands
            title: Operands
            phases:
              - id: p
                steps:
                  - run: [true]
                    expect:
                      - {query: a, equals: 200}
                      - {query: b, equals: "200"}
                      - {query: c, equals: true}
                      - {query: d, equals: null}
                      - {query: e, equals: 1.5}
                      - {query: f, equals: [true, Healthy]}
                      - {query: g, in: [1, two]}
            """)
        let lab = try #require(result.lab, "\(result.diagnostics)")
        let operands: [JSONValue] = lab.phases[0].steps[0].expect.compactMap {
            if case .equals(.literal(let value)) = $0.matcher { return value }
            return nil
        }
        #expect(operands == [.int(200), .string("200"), .bool(true), .null, .double(1.5), [true, "Healthy"]])
    }

    @Test func everyProblemIsReportedInOnePass() {
        let result = load("""
            labspec: 1
            id: many
            title: Many problems
            phases:
              - id: p
                steps:
                  - az: group show --name ${NOPE}
                    timeout: 5x
                    expct: []
                  - http: FETCH https://x
                  - sleep: forever
            """)
        #expect(result.errors.map(\.code) == [.undefinedVariable, .invalidDuration, .unknownKey, .invalidHTTPMethod, .invalidDuration])
    }

    @Test func warningsDoNotBlockTheLab() throws {
        let result = load("""
            labspec: 1
            id: warn
            title: Warnings only
            phases:
              - id: p
                steps:
                  - az: group list
            """)
        #expect(result.errors.isEmpty)
        #expect(result.warnings.map(\.code) == [.noEvidence, .unverifiedStep])
        #expect(result.lab != nil)
    }

    @Test func renamedKeysWarnAndStillWork() throws {
        let result = load("""
            labspec: 1
            id: renamed
            title: Renamed keys
            phases:
              - id: p
                steps:
                  - run: [ls]
                    working-directory: /tmp
                    expect: [{exit-code: 0}]
            """)
        #expect(result.warnings.map(\.code).contains(.renamedKey))
        let lab = try #require(result.lab)
        #expect(lab.phases[0].steps[0].workingDirectory?.symbolic == "/tmp")
    }

    @Test func missingFileIsAnUnreadableFileDiagnostic() {
        let result = LabLoader.load(path: "/nonexistent/lab.yaml")
        #expect(result.errors.map(\.code) == [.unreadableFile])
    }

    @Test func valueCapturedFromStderrWithARegexGroup() throws {
        let result = load("""
            labspec: 1
            id: stderr-capture
            title: Capture from stderr
            phases:
              - id: trigger
                steps:
                  - az: deployment group create --name x --resource-group rg --template-file t.bicep
                    expect-failure: {stderr: RoleAssignmentExists}
                    capture:
                      EXISTING_ID:
                        from: stderr
                        regex: "existing role assignment is ([0-9a-f]{32})"
            """)
        let lab = try #require(result.lab, "\(result.diagnostics)")
        let capture = lab.phases[0].steps[0].capture[0]
        guard case .text(let stream, let regex, let group, let format) = capture.source else {
            Issue.record("expected a text capture")
            return
        }
        #expect(stream == .stderr)
        #expect(regex?.source == "existing role assignment is ([0-9a-f]{32})")
        #expect(group == 1)
        #expect(format == nil)
        #expect(lab.phases[0].steps[0].expectFailure?.stderr?.source == "RoleAssignmentExists")
    }

    @Test func aCaptureFormatPutsGroupsTogetherAndNamesOnlyGroupsThatExist() throws {
        func load(_ capture: String) -> LoadResult {
            LabLoader.load(text: """
                labspec: 1
                id: format
                title: Format
                phases:
                  - id: p
                    steps:
                      - az: deployment group create --name x
                        expect-failure: true
                        capture:
                          ID: \(capture)
                """, path: "format.yaml")
        }
        let good = load(#"{from: stderr, regex: "is ([0-9a-f]{8})([0-9a-f]{4})", format: "$1-$2"}"#)
        let capture = try #require(good.lab?.phases[0].steps[0].capture.first, "\(good.diagnostics)")
        guard case .text(_, _, _, let format) = capture.source else {
            Issue.record("expected a text capture")
            return
        }
        #expect(format == "$1-$2")
        let cases: [(String, String)] = [
            (#"{from: stderr, regex: "is ([0-9a-f]{8})", format: "$1-$2"}"#, "`$2` names a group the pattern does not have (it has 1)"),
            (#"{from: stderr, format: "$1"}"#, "`format` puts regex groups together; it needs `regex`"),
            (#"{from: stderr, regex: "(a)(b)", group: 1, format: "$2"}"#, "`group` and `format` both say what to keep; give one"),
        ]
        for (capture, message) in cases {
            let messages = load(capture).diagnostics.map(\.message)
            #expect(messages.contains(message), "\(capture): \(messages)")
        }
    }
}

/// `labspec new ID` titles the lab from its id, without saying "Lab" twice.
@Suite struct ScaffoldTitleTests {
    @Test func theTitleComesFromTheID() throws {
        let titles = ["my-lab", "key-vault", "scale_rule.mismatch"].map { id in
            LabLoader.load(text: LabScaffold.text(id: id), path: "\(id).yaml").lab?.title
        }
        #expect(titles == ["My Lab", "Key Vault Lab", "Scale Rule Mismatch Lab"])
    }
}

/// `!!str` keeps a plain scalar as text, as YAML says.
@Suite struct YAMLTagTests {
    @Test func aStrTagKeepsTheValueAsText() throws {
        let lab = try #require(LabLoader.load(text: """
            labspec: 1
            id: tags
            title: Tags
            phases:
              - id: p
                steps:
                  - {id: s, az: group list, expect: [{query: code, equals: !!str 0}, {query: n, equals: 0}]}
            """, path: "tags.yaml").lab)
        let matchers = lab.phases[0].steps[0].expect.map(\.matcher)
        guard case .equals(.literal(let text)) = matchers[0], case .equals(.literal(let number)) = matchers[1] else {
            Issue.record("not literal equals: \(matchers)")
            return
        }
        #expect(text == .string("0"))
        #expect(number == .int(0))
    }
}
