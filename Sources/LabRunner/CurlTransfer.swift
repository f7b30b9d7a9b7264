import CCurl
import Foundation

/// One HTTP request through libcurl, loaded when first needed. Unlike URLSession on
/// Linux, it hands over each header line as the bytes the server sent, so a header with
/// a byte that is not UTF-8 (legal in HTTP) is recorded — read as Latin-1 — instead of
/// failing the request. Blocking, so it runs on a thread of its own; cancelling the task
/// stops the transfer.
enum CurlTransfer {
    static var isAvailable: Bool { labspec_curl_available() != 0 }

    /// What the transfer hands to the C callbacks.
    private final class Collector: @unchecked Sendable {
        let lock = NSLock()
        var headerLines: [Data] = []
        var body = Data()
        var cancelled = false
        /// A body larger than this is cut, as a program's output is (and said so).
        static let largestBody = maximumOutput
        var cut = 0
        /// Headers past this much stop the transfer: a server sending them without end
        /// must not fill memory.
        static let largestHeaders = 1 << 20
        var headerBytes = 0
        var headersTooLarge = false
    }

    static func send(_ request: HTTPInvocation, userAgent: String) async -> HTTPResponse {
        let started = Date()
        let collector = Collector()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let thread = Thread {
                    continuation.resume(returning: perform(request, userAgent: userAgent, collector: collector, started: started))
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
        } onCancel: {
            collector.lock.lock()
            collector.cancelled = true
            collector.lock.unlock()
        }
    }

    private static func perform(_ request: HTTPInvocation, userAgent: String, collector: Collector, started: Date) -> HTTPResponse {
        let headerLines = request.headers.map { "\($0.name): \($0.value)" }
        let context = Unmanaged.passUnretained(collector).toOpaque()
        var status = 0
        var error = [CChar](repeating: 0, count: 512)
        let code: Int32 = withCStrings(headerLines) { headers in
            request.url.withCString { url in
                request.method.withCString { method in
                    userAgent.withCString { agent in
                        let body = request.body ?? ""
                        return body.withCString { bodyPointer in
                            var description = labspec_curl_request(
                                url: url, method: method, headers: headers.baseAddress, header_count: headers.count,
                                body: bodyPointer, body_length: body.utf8.count, has_body: request.body == nil ? 0 : 1,
                                timeout_ms: Int(max(1, request.timeout * 1000)), follow_redirects: request.followRedirects ? 1 : 0,
                                user_agent: agent)
                            var received = 0
                            let result = labspec_curl_perform(&description, { data, length, context in
                                let collector = Unmanaged<Collector>.fromOpaque(context!).takeUnretainedValue()
                                collector.headerBytes += length
                                guard collector.headerBytes <= Collector.largestHeaders else {
                                    collector.headersTooLarge = true
                                    return 0
                                }
                                collector.headerLines.append(Data(bytes: data!, count: length))
                                return length
                            }, { data, length, context in
                                let collector = Unmanaged<Collector>.fromOpaque(context!).takeUnretainedValue()
                                let room = max(0, Collector.largestBody - collector.body.count)
                                collector.body.append(UnsafeRawPointer(data!).assumingMemoryBound(to: UInt8.self), count: min(room, length))
                                collector.cut += length - min(room, length)
                                return length
                            }, { context in
                                let collector = Unmanaged<Collector>.fromOpaque(context!).takeUnretainedValue()
                                collector.lock.lock()
                                defer { collector.lock.unlock() }
                                return collector.cancelled ? 1 : 0
                            }, context, &received, &error, error.count)
                            status = received
                            return result
                        }
                    }
                }
            }
        }
        let elapsed = Date().timeIntervalSince(started)
        guard code == 0 else {
            let message = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return HTTPResponse(url: request.url, status: 0, headers: [], body: "", elapsed: elapsed,
                                error: collector.headersTooLarge
                                    ? "the response's headers are larger than \(Collector.largestHeaders >> 20) MiB"
                                    : describe(code, message))
        }
        var response = HTTPResponse(url: request.url, status: status, headers: headers(of: collector.headerLines),
                                    body: String(decoding: collector.body, as: UTF8.self), elapsed: elapsed)
        response.droppedBytes = collector.cut
        return response
    }

    /// The headers of the last response (a redirect or `100 Continue` starts a new set),
    /// each line read as UTF-8 when it is, else as Latin-1 — every byte a character.
    static func headers(of lines: [Data]) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        for data in lines {
            let line = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) ?? ""
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.hasPrefix("HTTP/") {
                headers.removeAll()
                continue
            }
            guard let colon = trimmed.firstIndex(of: ":") else { continue }
            headers.append((name: String(trimmed[..<colon]),
                            value: trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return headers.sorted { $0.name.lowercased() < $1.name.lowercased() }
    }

    static func describe(_ code: Int32, _ message: String) -> String {
        switch Int(code) {
        case Int(labspec_curl_operation_timedout): return "timed out"
        case Int(labspec_curl_couldnt_connect): return "connection refused"
        case Int(labspec_curl_couldnt_resolve_host): return "host not found"
        case Int(labspec_curl_aborted_by_callback): return "interrupted"
        case Int(labspec_curl_ssl_connect_error), Int(labspec_curl_peer_failed_verification): return "TLS error: \(message)"
        case Int(labspec_curl_got_nothing): return "connection lost"
        // libcurl also says so when what came was refused (headers too large): keep its words.
        case Int(labspec_curl_recv_error): return message.isEmpty ? "connection lost" : "receiving failed: \(message)"
        default: return message.isEmpty ? "transfer failed (libcurl error \(code))" : message
        }
    }

    /// `strings` as C strings for the length of `body`.
    private static func withCStrings<Result>(_ strings: [String],
                                             _ body: (UnsafeBufferPointer<UnsafePointer<CChar>?>) -> Result) -> Result {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) }
        return pointers.withUnsafeBufferPointer(body)
    }
}
