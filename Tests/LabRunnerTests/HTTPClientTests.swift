import Foundation
import Testing
import TestSupport
@testable import LabRunner

/// The HTTP client (libcurl, loaded on first use): what it sends and what it records of
/// the answer.
@Suite struct HTTPClientTests {
    /// A header byte that is not UTF-8 is legal HTTP: it is recorded as Latin-1, not a
    /// failed request (as URLSession on Linux made it).
    @Test func aHeaderThatIsNotUTF8IsRecordedAsLatin1() async throws {
        try #require(CurlTransfer.isAvailable, "libcurl is on every machine that runs these tests")
        let server = try LocalHTTPServer()
        let response = await HTTPClient().send(HTTPInvocation(method: "GET", url: "http://\(server.host)/latin1-header", timeout: 5))
        #expect(response.status == 200, "\(response.error ?? "")")
        #expect(response.header("x-name") == "café")
    }

    @Test func methodHeadersAndBodyGoOutAsGiven() async throws {
        let server = try LocalHTTPServer()
        let response = await HTTPClient().send(HTTPInvocation(
            method: "PATCH", url: "http://\(server.host)/echo", headers: [(name: "X-Lab", value: "a b; $(c)")],
            body: #"{"id": 1}"#, timeout: 5))
        #expect(response.status == 200, "\(response.error ?? "")")
        #expect(response.body.contains(#""method": "PATCH""#), "\(response.body)")
        #expect(response.body.contains(#""X-Lab": "a b; $(c)""#), "\(response.body)")
        #expect(response.body.contains(#""body": "{\"id\": 1}""#), "\(response.body)")
    }

    @Test func redirectsAreFollowedOnlyWhenAsked() async throws {
        let server = try LocalHTTPServer()
        let client = HTTPClient()
        let kept = await client.send(HTTPInvocation(method: "GET", url: "http://\(server.host)/redirect", timeout: 5))
        #expect(kept.status == 302)
        let followed = await client.send(HTTPInvocation(method: "GET", url: "http://\(server.host)/redirect", timeout: 5,
                                                        followRedirects: true))
        #expect(followed.status == 200)
    }

    @Test func aSlowAnswerTimesOutAsStatusZero() async throws {
        let server = try LocalHTTPServer()
        let response = await HTTPClient().send(HTTPInvocation(method: "GET", url: "http://\(server.host)/slow/5",
                                                                              timeout: 0.5))
        #expect(response.status == 0)
        #expect(response.error == "timed out", "\(response.error ?? "")")
    }

    @Test func aRefusedConnectionSaysSo() async throws {
        try #require(CurlTransfer.isAvailable)
        let response = await HTTPClient().send(HTTPInvocation(method: "GET", url: "http://127.0.0.1:9/", timeout: 2))
        #expect(response.status == 0)
        #expect(response.error == "connection refused", "\(response.error ?? "")")
    }

    /// A body past the 64 MiB kept is cut and says so, so nothing reading it is judged;
    /// headers without end stop the transfer instead of filling memory.
    @Test func aHugeBodyIsCutAndSaidSoAndEndlessHeadersStop() async throws {
        try #require(CurlTransfer.isAvailable)
        let server = try LocalHTTPServer()
        let big = await HTTPClient().send(HTTPInvocation(method: "GET", url: "http://\(server.host)/big/65", timeout: 60))
        #expect(big.status == 200)
        #expect(big.body.utf8.count == maximumOutput)
        #expect(big.droppedBytes == 1 << 20)
        #expect(big.recordedEnvelope.compactText.hasSuffix(#","dropped_bytes":1048576}"#))
        // A pack keeps the count: played back, the body is still not judged.
        #expect(EvidencePack.response(from: big.recordedEnvelope)?.droppedBytes == 1 << 20)
        let observation = Observation(.http([big]))
        #expect(observation.cutOutput?.hasPrefix("the response body was 1048576 bytes longer than the 64 MiB kept") == true)
        let headers = await HTTPClient().send(HTTPInvocation(method: "GET", url: "http://\(server.host)/many-headers", timeout: 60))
        #expect(headers.status == 0)
        // libcurl's own limit on headers (300 KB) may stop it first; either way it stops, and says why.
        #expect(headers.error == "the response's headers are larger than 1 MiB"
                || headers.error?.lowercased().contains("too large") == true, "\(headers.error ?? "")")
    }
}
