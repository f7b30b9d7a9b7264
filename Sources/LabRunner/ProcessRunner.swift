import CProcessSpawn
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one program run produced.
public struct ProcessOutcome: Sendable {
    public var exitCode: Int32
    /// The signal that ended the program, if one did.
    public var signal: Int32?
    public var stdout: Data
    public var stderr: Data
    public var started: Date
    public var ended: Date
    public var timedOut: Bool
    public var cancelled: Bool
    /// Bytes of output past `ProcessRunner.maximumOutput` that were not kept, per stream:
    /// a program printing without end cannot exhaust memory, and what was cut is never
    /// judged as if it were whole.
    public var droppedBytes = 0
    /// Both streams in the order they were read, when the run asked for them
    /// (`combinedStreams`); capped like each stream.
    public var combined: Data?
    /// What each stream printed past what is kept in memory, for its artifact.
    public var stdoutSpill: OutputSpill?
    public var stderrSpill: OutputSpill?
    public var combinedSpill: OutputSpill?

    public init(exitCode: Int32, signal: Int32?, stdout: Data, stderr: Data, started: Date, ended: Date,
                timedOut: Bool, cancelled: Bool) {
        self.exitCode = exitCode
        self.signal = signal
        self.stdout = stdout
        self.stderr = stderr
        self.started = started
        self.ended = ended
        self.timedOut = timedOut
        self.cancelled = cancelled
    }
}

/// The most of one output stream a step keeps (64 MiB).
public let maximumOutput = 64 << 20

public enum ProcessRunnerError: Error, Sendable, Equatable {
    case notFound(String)
    case spawnFailed(String, code: Int32)
    /// The step's `workdir` is not a folder that can be entered: the program never runs
    /// rather than running somewhere else.
    case workingDirectory(String, reason: String)
    /// A word, an environment entry or the folder holds a NUL character, which no C
    /// string carries: passed on, it would be cut there, and the program would get
    /// other arguments than the spec's. `what` names which.
    case nulCharacter(what: String)
}

/// Runs programs as argv — never through a shell — in a session of their own, with
/// stdin closed and both output pipes drained together (a full stderr cannot stall
/// stdout). On timeout or cancellation the whole process group is terminated, then
/// killed, so children the program started do not outlive it.
public enum ProcessRunner {
    /// How long a terminated group gets before SIGKILL.
    static let terminationGrace: TimeInterval = 2
    /// How long output may keep arriving after the program itself exited.
    static let drainAfterExit: TimeInterval = 0.2

    /// The absolute path of `program`, searching `PATH` when it has no slash.
    public static func resolve(_ program: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        if program.contains("/") {
            return FileManager.default.isExecutableFile(atPath: program) ? program : nil
        }
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// `onOutput` sees each chunk of output as it arrives (`true` for stderr), for
    /// `--verbose`; the outcome still holds it all.
    public static func run(
        _ argv: [String], environment: [String: String], workingDirectory: String? = nil,
        timeout: TimeInterval? = nil, combinedStreams: Bool = false, onOutput: (@Sendable (Data, Bool) -> Void)? = nil
    ) async throws -> ProcessOutcome {
        if let index = argv.firstIndex(where: { $0.utf8.contains(0) }) {
            throw ProcessRunnerError.nulCharacter(what: index == 0 ? "the program name" : "argument \(index)")
        }
        if let entry = environment.first(where: { $0.key.utf8.contains(0) || $0.value.utf8.contains(0) }) {
            throw ProcessRunnerError.nulCharacter(what: "environment variable `\(entry.key.replacingOccurrences(of: "\0", with: "\\0"))`")
        }
        if workingDirectory?.utf8.contains(0) == true { throw ProcessRunnerError.nulCharacter(what: "the workdir") }
        guard let program = argv.first, let executable = resolve(program, path: environment["PATH"]) else {
            throw ProcessRunnerError.notFound(argv.first ?? "")
        }
        let control = RunControl(onOutput: onOutput, combinesStreams: combinedStreams)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let thread = Thread {
                    do {
                        let outcome = try spawnAndWait(executable: executable, argv: argv, environment: environment,
                                                       workingDirectory: workingDirectory, timeout: timeout,
                                                       control: control)
                        continuation.resume(returning: outcome)
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
        } onCancel: {
            control.cancel()
        }
    }

    private static func spawnAndWait(
        executable: String, argv: [String], environment: [String: String], workingDirectory: String?,
        timeout: TimeInterval?, control: RunControl
    ) throws -> ProcessOutcome {
        if let workingDirectory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: workingDirectory, isDirectory: &isDirectory) else {
                throw ProcessRunnerError.workingDirectory(workingDirectory, reason: "no such folder")
            }
            guard isDirectory.boolValue else { throw ProcessRunnerError.workingDirectory(workingDirectory, reason: "not a folder") }
        }
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else {
            throw ProcessRunnerError.spawnFailed(executable, code: errno)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for descriptor in outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, descriptor) }
        if let workingDirectory {
            let code = labspec_spawn_file_actions_addchdir(&actions, workingDirectory)
            guard code == 0 else {
                (outPipe + errPipe).forEach { close($0) }
                throw ProcessRunnerError.workingDirectory(workingDirectory, reason: String(cString: strerror(code)))
            }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT] { sigaddset(&defaultSignals, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setflags(&attributes, labspec_spawn_setsid_flag() | Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var pid: pid_t = 0
        let started = Date()
        let status = posix_spawn(&pid, executable, &actions, &attributes, cArguments, cEnvironment)
        close(outPipe[1])
        close(errPipe[1])
        guard status == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw ProcessRunnerError.spawnFailed(executable, code: status)
        }
        control.started(pid)
        defer {
            close(outPipe[0])
            close(errPipe[0])
        }
        return collect(pid: pid, out: outPipe[0], err: errPipe[0], started: started, timeout: timeout, control: control)
    }

    private static func collect(
        pid: pid_t, out: Int32, err: Int32, started: Date, timeout: TimeInterval?, control: RunControl
    ) -> ProcessOutcome {
        var stdout = Data()
        var stderr = Data()
        // Both pipes are polled together, so chunks land here in the order they arrive.
        var combined = Data()
        var open: [Int32] = [out, err]
        var exitStatus: Int32?
        var exitedAt: Date?
        var timedOut = false
        var terminatedAt: Date?
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var dropped = 0
        var spills: [Int: OutputSpill] = [:]
        /// Past the part kept in memory, output goes to a spill file, not nowhere.
        func spill(_ stream: Int, _ slice: ArraySlice<UInt8>) {
            guard !slice.isEmpty else { return }
            if spills[stream] == nil { spills[stream] = OutputSpill() ?? OutputSpill.unavailable }
            slice.withUnsafeBytes { spills[stream]?.append($0) }
        }
        let deadline = timeout.map { started.addingTimeInterval($0) }

        while true {
            if exitStatus == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    exitStatus = status
                    exitedAt = Date()
                }
            }
            let now = Date()
            if let exitedAt, open.isEmpty || now.timeIntervalSince(exitedAt) > drainAfterExit { break }
            // Time is up, or the run was cancelled: end the whole group, then force it.
            if terminatedAt == nil, exitStatus == nil,
               control.isCancelled || deadline.map({ now >= $0 }) == true {
                timedOut = !control.isCancelled
                kill(-pid, SIGTERM)
                terminatedAt = now
            }
            if let terminatedAt, now.timeIntervalSince(terminatedAt) > terminationGrace {
                kill(-pid, SIGKILL)
            }
            if open.isEmpty {
                usleep(5_000)
                continue
            }
            var descriptors = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), 50)
            guard ready > 0 else { continue }
            for descriptor in descriptors where descriptor.revents != 0 {
                let count = read(descriptor.fd, &buffer, buffer.count)
                if count > 0 {
                    // Keep the first `maximumOutput` bytes of each stream; count the rest.
                    let kept = descriptor.fd == out ? stdout.count : stderr.count
                    let room = max(0, maximumOutput - kept)
                    let take = min(room, count)
                    if descriptor.fd == out {
                        stdout.append(contentsOf: buffer[0..<take])
                    } else {
                        stderr.append(contentsOf: buffer[0..<take])
                    }
                    dropped += count - take
                    spill(descriptor.fd == out ? 1 : 2, buffer[take..<count])
                    if control.combinesStreams {
                        let kept = min(count, max(0, maximumOutput - combined.count))
                        combined.append(contentsOf: buffer[0..<kept])
                        spill(3, buffer[kept..<count])
                    }
                    control.onOutput?(Data(buffer[0..<count]), descriptor.fd != out)
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    open.removeAll { $0 == descriptor.fd }
                }
            }
        }
        // Anything the program left running in its session goes with it.
        kill(-pid, SIGKILL)
        if exitStatus == nil {
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            exitStatus = status
        }
        let status = exitStatus ?? 0
        let signaled = (status & 0x7F) != 0 && (status & 0x7F) != 0x7F
        var outcome = ProcessOutcome(
            exitCode: signaled ? 128 + (status & 0x7F) : (status >> 8) & 0xFF,
            signal: signaled ? status & 0x7F : nil,
            stdout: stdout, stderr: stderr, started: started, ended: Date(),
            timedOut: timedOut, cancelled: control.isCancelled)
        outcome.droppedBytes = dropped
        if control.combinesStreams { outcome.combined = combined }
        outcome.stdoutSpill = spills[1]
        outcome.stderrSpill = spills[2]
        outcome.combinedSpill = spills[3]
        return outcome
    }
}

/// Shared between the waiting thread and the task's cancellation handler.
final class RunControl: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private var pid: pid_t?
    let onOutput: (@Sendable (Data, Bool) -> Void)?
    let combinesStreams: Bool

    init(onOutput: (@Sendable (Data, Bool) -> Void)? = nil, combinesStreams: Bool = false) {
        self.onOutput = onOutput
        self.combinesStreams = combinesStreams
    }

    var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    func started(_ pid: pid_t) {
        lock.lock()
        self.pid = pid
        lock.unlock()
    }

    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }
}
