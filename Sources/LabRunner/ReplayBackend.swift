import Foundation
import LabSpec

/// Plays a recorded evidence pack back to the executor: each step that names an artifact
/// sees what the recorded run saw, so captures, `until` conditions and expectations run
/// again on the real outputs with no Azure access. Steps the pack has no artifact for
/// are reported as not recorded, their captures as `${NAME}`; `check` steps run as usual.
public struct ReplayBackend: Backend {
    public let name = "replay"
    public let isDryRun = false
    public let pack: EvidencePack
    /// `verify` judges only what a pack holds: a step whose artifact is missing is then
    /// not recorded rather than failed.
    public let skipsMissingArtifacts: Bool

    /// Fails when `directory` is not a folder.
    public init(directory: URL, skipsMissingArtifacts: Bool = false) throws(BackendUnavailable) {
        self.skipsMissingArtifacts = skipsMissingArtifacts
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BackendUnavailable("no evidence pack at \(directory.path)")
        }
        pack = EvidencePack(directory: directory)
    }

    public func run(_ command: CommandInvocation) async throws -> ProcessOutcome {
        throw BackendUnavailable("the replay backend runs no program")
    }

    public func send(_ request: HTTPInvocation) async -> HTTPResponse {
        HTTPResponse(url: request.url, status: 0, headers: [], body: "", elapsed: 0,
                     error: "the replay backend sends no request")
    }

    public func playback(of step: Step) -> Playback {
        switch step.action {
        case .check: return .perform
        case .sleep: return .recorded(Observation(.none), attempts: 1)
        case .az, .run, .http: break
        }
        guard !step.artifacts.isEmpty else { return .unrecorded("the evidence pack has no artifact for this step") }
        do {
            return .recorded(try pack.observation(for: step), attempts: pack.attempts(of: step))
        } catch {
            if case .missing = error { return skipsMissingArtifacts ? .unrecorded(error.message) : .missing(error.message) }
            return .unavailable(error.message)
        }
    }
}
