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
        guard CurlTransfer.isAvailable else {
            return HTTPResponse(url: request.url, status: 0, headers: [], body: "", elapsed: 0,
                                error: "libcurl cannot be loaded: HTTP steps need the system's libcurl (libcurl4 on Debian and Ubuntu)")
        }
        return await CurlTransfer.send(request, userAgent: "labspec")
    }
}
