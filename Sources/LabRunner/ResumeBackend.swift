import Foundation
import LabSpec

/// Continues a recorded run (`run --resume DIR`): every step before the first one the
/// recorded run did not pass is taken as done — not run again, its recorded output read
/// by later steps and claims — and the rest run through the live backend.
public struct ResumeBackend: Backend {
    public let name: String
    public let isDryRun = false
    public let live: any Backend
    public let pack: EvidencePack
    /// The ids of the steps taken as done.
    public let done: Set<String>

    /// Fails when `directory` holds no manifest of a recorded run.
    public init(live: any Backend, directory: URL, lab: Lab) throws(BackendUnavailable) {
        let pack = EvidencePack(directory: directory)
        if let problem = pack.manifestProblem { throw BackendUnavailable(problem) }
        guard !pack.manifest.steps.isEmpty else {
            throw BackendUnavailable("\(directory.path) holds no manifest.json of a recorded run to resume")
        }
        self.live = live
        self.pack = pack
        name = live.name
        var done: Set<String> = []
        for step in lab.phases.flatMap(\.steps) {
            let status = pack.manifest.steps[step.id]?.status
            guard status == StepRecord.Status.passed.rawValue || status == StepRecord.Status.resumed.rawValue else { break }
            done.insert(step.id)
        }
        self.done = done
    }

    public func run(_ command: CommandInvocation) async throws -> ProcessOutcome {
        try await live.run(command)
    }

    public func send(_ request: HTTPInvocation) async -> HTTPResponse {
        await live.send(request)
    }

    public func playback(of step: Step) -> Playback {
        guard done.contains(step.id) else { return live.playback(of: step) }
        guard !step.artifacts.isEmpty else { return .resumed(nil) }
        return .resumed(try? pack.observation(for: step))
    }
}
