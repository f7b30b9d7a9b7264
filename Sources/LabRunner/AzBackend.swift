import Foundation

/// The real thing: `az` (or any program of a `run` step) as a subprocess, HTTP through
/// URLSession.
public struct AzBackend: Backend {
    public let name = "az"
    public let isDryRun = false
    /// The `az` executable, resolved when the backend is made.
    public let azPath: String
    private let http = HTTPClient()

    /// Finds `az` at `path`, or on `PATH`; a missing `az` is `BackendUnavailable` — unless
    /// the lab has no `az` step (`required` false), when only its other programs run.
    public init(azPath path: String? = nil, required: Bool = true,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let resolved = ProcessRunner.resolve(path ?? "az", path: environment["PATH"]) else {
            if !required, path == nil {
                azPath = "az"
                return
            }
            throw BackendUnavailable(path.map { "`\($0)` is not an executable file" }
                ?? "the Azure CLI `az` is not on PATH; install it (pip install azure-cli) or pass --az PATH")
        }
        azPath = resolved
    }

    public func run(_ command: CommandInvocation) async throws -> ProcessOutcome {
        var argv = command.argv
        if argv.first == "az" { argv[0] = azPath }
        return try await ProcessRunner.run(argv, environment: command.environment,
                                           workingDirectory: command.workingDirectory, timeout: command.timeout,
                                           combinedStreams: command.combinedStreams, onOutput: command.onOutput)
    }

    public func send(_ request: HTTPInvocation) async -> HTTPResponse {
        await http.send(request)
    }
}
