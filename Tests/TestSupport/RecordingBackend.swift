import Foundation
import LabRunner

/// A backend for in-process tests: records every call and answers from a closure, with
/// an optional delay that honours cancellation like a real process does.
public final class RecordingBackend: Backend, @unchecked Sendable {
    public let name = "recording"
    public let isDryRun = false
    private let lock = NSLock()
    private var recorded: [[String]] = []
    private let answer: @Sendable ([String]) -> (exitCode: Int32, stdout: String, delay: TimeInterval)
    private let http = HTTPClient()

    public init(answer: @escaping @Sendable ([String]) -> (exitCode: Int32, stdout: String, delay: TimeInterval)) {
        self.answer = answer
    }

    public var calls: [[String]] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    public func run(_ command: CommandInvocation) async throws -> ProcessOutcome {
        lock.withLock { recorded.append(command.argv) }
        let reply = answer(command.argv)
        let started = Date()
        var cancelled = false
        if reply.delay > 0 {
            do {
                try await Task.sleep(nanoseconds: UInt64(reply.delay * 1_000_000_000))
            } catch {
                cancelled = true
            }
        }
        return ProcessOutcome(exitCode: cancelled ? 143 : reply.exitCode, signal: cancelled ? 15 : nil,
                              stdout: Data(reply.stdout.utf8), stderr: Data(), started: started, ended: Date(),
                              timedOut: false, cancelled: cancelled)
    }

    public func send(_ request: HTTPInvocation) async -> HTTPResponse {
        await http.send(request)
    }
}
