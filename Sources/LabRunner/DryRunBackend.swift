import Foundation

/// Runs nothing and sends nothing. The executor shows each action as it would run and
/// marks every expectation "not evaluated".
public struct DryRunBackend: Backend {
    public let name = "dry-run"
    public let isDryRun = true

    public init() {}

    public func run(_ command: CommandInvocation) async throws -> ProcessOutcome {
        ProcessOutcome(exitCode: 0, signal: nil, stdout: Data(), stderr: Data(), started: Date(), ended: Date(),
                       timedOut: false, cancelled: false)
    }

    public func send(_ request: HTTPInvocation) async -> HTTPResponse {
        HTTPResponse(url: request.url, status: 0, headers: [], body: "", elapsed: 0)
    }
}
