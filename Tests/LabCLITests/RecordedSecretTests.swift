import Foundation
import Testing
import TestSupport
@testable import LabRunner

/// A pack records which values its run masked, as salted digests, so `verify` and replays
/// — which never learn a secret — mask the value wherever it turns up whole.
@Suite struct RecordedSecretTests {
    static let secret = "pa\"ss é"

    @Test func sha256MatchesTheStandardVectors() {
        // Digests computed with Python's hashlib.
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(Array(repeating: Array(0...255 as ClosedRange<UInt8>), count: 4).flatMap { $0 })
                == "785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9")
        #expect(SHA256.hex(Array("é\"".utf8)) == "5ef9d255471977e4ff02b4f0b7a617b2fb52f81210d43020e99e71be87ebe10d")
    }

    @Test func digestsMaskWholeWordsQuotedTextsAndJSONStringsOnly() {
        let digests = SecretDigests(salt: "00112233445566778899aabbccddeeff").adding(["hunter22", Self.secret])
        #expect(digests.mask("token=hunter22; other=hunter222", with: "***") == "token=***; other=hunter222")
        #expect(digests.mask(#"{"t": "pa\"ss \u00e9", "u": "pa\"ss é"}"#, with: "***") == #"{"t": "***", "u": "***"}"#)
        #expect(digests.mask("echo 'pa\"ss é' done", with: "***") == "echo '***' done")
        #expect(digests.mask("nothing here, \"unclosed", with: "***") == "nothing here, \"unclosed")
    }

    @Test func verifyMasksWhatTheRecordedRunMasked() async throws {
        let root = try Fixtures.newFolder("digests")
        let pack = root.appendingPathComponent("pack")
        let spec = try Fixtures.spec("""
            labspec: 1
            id: recorded-secret
            title: Recorded secret
            inputs:
              TOKEN: {secret: true}
            phases:
              - id: p
                steps:
                  - {id: show, run: [echo, '{"token": "hidden", "n": 1}'], env: {TOKEN: "${TOKEN}"}, evidence: 01.json, expect: [{query: n, equals: 1}]}
            evidence:
              during-failure:
                - {claim: One, source: 01.json, expect: [{query: n, equals: 1}]}
              after-fix:
                - {claim: The token is another, source: 01.json, expect: [{query: token, equals: other}]}
            """, in: root)
        let run = await InProcess.run(["run", spec.path, "--evidence-dir", pack.path, "--set", "TOKEN=\(Self.secret)",
                                       "--color", "never"])
        #expect(run.status == 6, "\(run.stdout)\(run.stderr)")
        let manifest = try String(contentsOf: pack.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"hash\": \"sha256\""), "\(manifest)")
        #expect(!manifest.contains("pa\\\"ss") && !manifest.contains("pa\"ss"))

        // Someone puts the value back into the artifact (or a tool printed it in a form
        // no masking foresaw): verify, which knows no secret, still does not show it.
        try #"{"token": "pa\"ss \u00e9", "n": 1}"#.write(to: pack.appendingPathComponent("01.json"), atomically: true,
                                                          encoding: .utf8)
        let verify = await InProcess.run(["verify", spec.path, "--evidence", pack.path, "--color", "never",
                                          "--report", "json:\(root.appendingPathComponent("report.json").path)"])
        #expect(verify.status == 6, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("got \"***\""), "\(verify.stdout)")
        let report = try String(contentsOf: root.appendingPathComponent("report.json"), encoding: .utf8)
        for text in [verify.stdout, verify.stderr, report] {
            #expect(!text.contains("pa\\\"ss") && !text.contains("pa\"ss"), "\(text)")
        }
    }
}
