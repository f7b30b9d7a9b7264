import Foundation
import LabSpec

/// One use of a lab — a live run, a dry-run, a replay of a pack or a `verify` of one —
/// with the policy every command shares, decided here once: where inputs come from,
/// what a preview or replay does with an input it has no value for, that a replay goes
/// on past a failing step, and the `evidence.dir` built-in. Commands parse, call this,
/// print and map the record to an exit status.
public struct LabSession: Sendable {
    public enum Mode: Sendable, Equatable {
        /// Actions are performed (`az`, HTTP, programs).
        case live
        /// Nothing is run: `plan`, `run --backend dry-run`.
        case dryRun
        /// A pack is played back (`run --backend replay`): a missing artifact fails its step.
        case replay
        /// A pack is judged (`verify`): a step whose artifact is missing is left out.
        case verify
    }

    public let lab: Lab
    public let backend: any Backend
    public let mode: Mode
    public var options: RunOptions
    /// Inputs and built-ins, ready for the first step.
    public private(set) var variables: Variables
    /// Required inputs a preview or replay goes on without (a live run refuses them).
    public let unsetInputs: [String]

    /// Resolves inputs: `--set` beats the environment, which beats the spec's default; a
    /// replay or verify takes what the pack's manifest recorded below `--set`. A preview
    /// shows an input it has no value for as `${NAME}`; a replay marks it unknown, so what
    /// needs it is not judged. A live run refuses to start without it.
    public init(lab: Lab, backend: any Backend, options: RunOptions = RunOptions(), overrides: [String: String] = [:],
                evidenceDirectory: URL? = nil) throws(InputResolver.Problem) {
        let replay = backend as? ReplayBackend
        mode = backend.isDryRun ? .dryRun : (replay.map { $0.skipsMissingArtifacts ? .verify : .replay } ?? .live)
        var options = options
        // A replay has every recorded output at hand and no effects, so it goes on past
        // a failing step and judges the whole pack.
        if replay != nil { options.keepGoing = true }
        self.lab = lab
        self.backend = backend
        self.options = options
        var builtins = Executor.builtins(for: lab)
        if let evidenceDirectory {
            builtins.set(BuiltinVariable.evidenceDir.rawValue, evidenceDirectory.standardized.path)
        } else if backend.isDryRun {
            // A preview records nothing: the folder is shown as what it stands for.
            builtins.setPlaceholder(BuiltinVariable.evidenceDir.rawValue)
        }
        let environment = replay == nil ? options.environment : [:]
        var overrides = overrides
        let recordedPack = replay?.pack ?? (backend as? ResumeBackend)?.pack
        if let recorded = recordedPack?.recordedInputs.filter({ $0.value != Masker.mask }) {
            let declared = Set(lab.inputs.map(\.name))
            for (name, value) in recorded where overrides[name] == nil && declared.contains(name) { overrides[name] = value }
        }
        var variables = builtins
        var unset: [String] = []
        if case .failure(let problem) = InputResolver.resolve(lab, overrides: overrides, environment: environment,
                                                              into: &variables) {
            guard problem.kind == .missingValue, mode != .live else { throw problem }
            unset = problem.names
            for name in problem.names {
                let input = lab.inputs.first { $0.name == name }
                if mode == .dryRun {
                    variables.setPlaceholder(name, secret: input?.secret ?? false, origin: "input")
                } else {
                    variables.setUnknown(name, because: "an input with no value in this replay", origin: "input")
                }
            }
        }
        if let pack = recordedPack {
            // The secrets the recorded run masked stay masked in what this one shows.
            if let secrets = pack.manifest.secrets { variables.recordedSecrets = secrets }
            // What the recorded run captured from steps whose output the pack does not
            // hold (deployments, fixes) is in its manifest: judged, not unknown.
            for (name, value) in pack.manifest.captures where value != Masker.mask {
                variables.set(name, value, origin: Self.recordedOrigin)
            }
        }
        if mode == .dryRun {
            // A preview of some phases shows what earlier phases would capture as `${NAME}`.
            for step in lab.allSteps {
                for capture in step.capture where variables[capture.name] == nil {
                    variables.setPlaceholder(capture.name, origin: "captured by `\(step.id)`")
                }
            }
        }
        self.variables = variables
        unsetInputs = unset
    }

    /// The origin of a value a pack's manifest recorded.
    static let recordedOrigin = "recorded in manifest.json"

    /// A session that judges the pack in `directory`, as `verify` does.
    public static func verifying(_ lab: Lab, evidence directory: URL) throws(SessionProblem) -> LabSession {
        let backend: ReplayBackend
        do {
            backend = try ReplayBackend(directory: directory, skipsMissingArtifacts: true)
        } catch {
            throw .backendUnavailable(error.message)
        }
        do {
            return try LabSession(lab: lab, backend: backend)
        } catch {
            throw .invalidInput(error.message)
        }
    }

    /// A session that runs only the lab's cleanup, with the inputs and non-secret
    /// captures a recorded run's manifest holds (`--set` and the environment first, for
    /// secrets the manifest masks).
    public static func cleaningUp(_ lab: Lab, evidence directory: URL, backend: any Backend, options: RunOptions = RunOptions(),
                                  overrides: [String: String] = [:]) throws(SessionProblem) -> LabSession {
        let pack = EvidencePack(directory: directory)
        if let problem = pack.manifestProblem { throw .invalidInput(problem) }
        guard !pack.manifest.steps.isEmpty else {
            throw .invalidInput("\(directory.path) holds no manifest.json of a recorded run")
        }
        var overrides = overrides
        for (name, value) in pack.recordedInputs where overrides[name] == nil && value != Masker.mask {
            overrides[name] = value
        }
        var session: LabSession
        do {
            session = try LabSession(lab: lab, backend: backend, options: options, overrides: overrides)
        } catch {
            throw .invalidInput(error.message)
        }
        var variables = session.variables
        if let secrets = pack.manifest.secrets { variables.recordedSecrets = secrets }
        for (name, value) in pack.manifest.captures where value != Masker.mask {
            variables.set(name, value, origin: recordedOrigin)
        }
        session.variables = variables
        return session
    }

    /// Runs `phases` (all when nil) and cleanup, and judges the claims when the backend
    /// observes anything — the one way a verdict is reached.
    public func run(phases: [Phase]? = nil, observer: (any RunObserver)? = nil,
                    interruption: RunInterruption = RunInterruption()) async -> RunRecord {
        let executor = Executor(lab: lab, backend: backend, options: options, observer: observer)
        return await executor.run(phases: phases ?? lab.phases, variables: variables, interruption: interruption)
    }

    /// The pack being replayed or verified.
    public var pack: EvidencePack? { (backend as? ReplayBackend)?.pack }
}

/// Why a session could not start.
public enum SessionProblem: Error, Sendable, Equatable {
    case invalidInput(String)
    case backendUnavailable(String)

    public var message: String {
        switch self {
        case .invalidInput(let message), .backendUnavailable(let message): message
        }
    }
}
