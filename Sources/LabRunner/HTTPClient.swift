import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends requests: no cookies, no cache, redirects only when asked, and transport
/// failures (TLS, refused, timeout) reported as status 0 with the reason. Through libcurl
/// where it can be loaded (`CurlTransfer`: headers as the server sent them), else URLSession.
public struct HTTPClient: Sendable {
    /// Whether requests go through libcurl; tests set it to check the other way too.
    let prefersCurl: Bool

    public init(prefersCurl: Bool = true) {
        self.prefersCurl = prefersCurl
    }

    public func send(_ request: HTTPInvocation) async -> HTTPResponse {
        guard let url = URL(string: request.url), url.scheme == "http" || url.scheme == "https" else {
            return HTTPResponse(url: request.url, status: 0, headers: [], body: "", elapsed: 0,
                                error: "not an http(s) URL")
        }
        if prefersCurl, CurlTransfer.isAvailable { return await CurlTransfer.send(request, userAgent: "labspec") }
        return await sendWithURLSession(request, url: url)
    }

    private func sendWithURLSession(_ request: HTTPInvocation, url: URL) async -> HTTPResponse {
        let started = Date()
        var urlRequest = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData,
                                    timeoutInterval: request.timeout)
        urlRequest.httpMethod = request.method
        urlRequest.httpShouldHandleCookies = false
        for header in request.headers { urlRequest.setValue(header.value, forHTTPHeaderField: header.name) }
        if let body = request.body { urlRequest.httpBody = Data(body.utf8) }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = request.timeout
        configuration.timeoutIntervalForResource = request.timeout
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        let delegate = RedirectPolicy(follow: request.followRedirects)
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        do {
            let (data, response) = try await session.data(for: urlRequest)
            let http = response as? HTTPURLResponse
            var headers: [(name: String, value: String)] = []
            for (name, value) in http?.allHeaderFields ?? [:] {
                headers.append((name: "\(name)", value: "\(value)"))
            }
            headers.sort { $0.name.lowercased() < $1.name.lowercased() }
            return HTTPResponse(url: request.url, status: http?.statusCode ?? 0, headers: headers,
                                body: String(decoding: data, as: UTF8.self), elapsed: Date().timeIntervalSince(started))
        } catch {
            return HTTPResponse(url: request.url, status: 0, headers: [], body: "",
                                elapsed: Date().timeIntervalSince(started), error: Self.describe(error))
        }
    }

    static func describe(_ error: Error) -> String {
        let code = (error as NSError).code
        switch code {
        case NSURLErrorTimedOut: return "timed out"
        case NSURLErrorCannotConnectToHost: return "connection refused"
        case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed: return "host not found"
        case NSURLErrorSecureConnectionFailed, NSURLErrorServerCertificateUntrusted, NSURLErrorServerCertificateHasBadDate,
             NSURLErrorServerCertificateNotYetValid, NSURLErrorServerCertificateHasUnknownRoot:
            return "TLS error: \((error as NSError).localizedDescription)"
        case NSURLErrorNetworkConnectionLost: return "connection lost"
        default: return (error as NSError).localizedDescription
        }
    }
}

private final class RedirectPolicy: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    let follow: Bool

    init(follow: Bool) {
        self.follow = follow
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(follow ? request : nil)
    }
}
