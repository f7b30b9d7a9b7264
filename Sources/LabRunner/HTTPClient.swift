import Foundation

/// Sends requests: no cookies, no cache, redirects only when asked, and transport
/// failures (TLS, refused, timeout) reported as status 0 with the reason. Through the
/// system's libcurl, loaded on the first request (`CurlTransfer`), so commands that send
/// nothing never load a networking library — and headers are recorded as the server
/// sent them.
public struct HTTPClient: Sendable {
    public init() {}

    public func send(_ request: HTTPInvocation) async -> HTTPResponse {
        guard let url = URL(string: request.url), url.scheme == "http" || url.scheme == "https" else {
            return HTTPResponse(url: request.url, status: 0, headers: [], body: "", elapsed: 0,
                                error: "not an http(s) URL")
        }
        // A value filled in at run time (a capture) may hold what the spec could not: a
        // line break would start a header line of its own, a NUL would cut the text.
        if let broken = ([("the URL", request.url)] + request.headers.map { ("header `\($0.name)`", $0.name + $0.value) })
            .first(where: { $0.1.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" } }) {
            return HTTPResponse(url: request.url, status: 0, headers: [], body: "", elapsed: 0,
                                error: "not sent: \(broken.0) holds a line break or NUL character")
        }
        guard CurlTransfer.isAvailable else {
            return HTTPResponse(url: request.url, status: 0, headers: [], body: "", elapsed: 0,
                                error: "libcurl cannot be loaded: HTTP steps need the system's libcurl (libcurl4 on Debian and Ubuntu)")
        }
        return await CurlTransfer.send(request, userAgent: "labspec")
    }
}
