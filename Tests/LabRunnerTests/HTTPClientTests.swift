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
}
