import Foundation

/// Runs the built `labspec` executable, for end-to-end tests of exact output and exit codes.
public enum LabspecBinary {
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// The executable beside the test bundle (both live in the build products folder).
    public static var url: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent(),
            Fixtures.repositoryRoot.appendingPathComponent(".build/debug"),
        ]
        for folder in candidates {
            var current = folder
            // The test bundle may sit inside a `.xctest` folder.
            for _ in 0..<4 {
                let binary = current.appendingPathComponent("labspec")
                if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
                current = current.deletingLastPathComponent()
            }
        }
        return candidates[2].appendingPathComponent("labspec")
    }

    /// A release of the built labspec as `scripts/release.sh` lays one out, in `folder`:
    /// `labspec-VERSION-linux-ARCH.tar.gz` and its `.sha256`. Returns the archive's name
    /// without `.tar.gz`.
    public static func packRelease(version: String, in folder: URL) throws -> String {
        let arch = try shell("uname -m").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let name = "labspec-\(version)-linux-\(arch)"
        let packed = try shell("""
            set -e; mkdir -p '\(folder.path)/\(name)'; cp '\(url.path)' '\(folder.path)/\(name)/labspec'
            cd '\(folder.path)'; tar -czf '\(name).tar.gz' '\(name)'; sha256sum '\(name).tar.gz' > '\(name).tar.gz.sha256'
            """)
        guard packed.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: packed.stderr]) }
        return name
    }

    /// Runs `labspec ARGUMENTS` in `directory` (the repository root by default).
    public static func run(
        _ arguments: [String], in directory: URL = Fixtures.repositoryRoot,
        environment: [String: String] = [:], stdin: String? = nil
    ) throws -> Outcome {
        try launch(url, arguments, in: directory, environment: environment, stdin: stdin)
    }

    /// Runs `script` with bash in `directory`, `environment` added to this process's.
    public static func shell(
        _ script: String, in directory: URL = Fixtures.repositoryRoot, environment: [String: String] = [:]
    ) throws -> Outcome {
        try launch(URL(fileURLWithPath: "/bin/bash"), ["-c", script], in: directory, environment: environment, stdin: nil)
    }

    /// Runs `labspec ARGUMENTS` under a memory limit (`ulimit -v`, KiB) and a time limit
    /// (`timeout`, seconds), so a regression on hostile input fails the test (status 137
    /// for the time limit) instead of taking the machine down.
    public static func runBounded(
        _ arguments: [String], seconds: Int = 30, memoryKiB: Int = 2_000_000, in directory: URL = Fixtures.repositoryRoot,
        stdin: String? = nil
    ) throws -> Outcome {
        let quoted = ([url.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let script = "ulimit -v \(memoryKiB); exec timeout -s KILL \(seconds) " + quoted.joined(separator: " ")
        return try launch(URL(fileURLWithPath: "/bin/sh"), ["-c", script], in: directory, environment: [:], stdin: stdin)
    }

    /// Starts `executable`, feeds `stdin`, and drains both pipes concurrently so a full
    /// stderr cannot block stdout.
    private static func launch(
        _ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String], stdin: String?
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin {
            // The throwing write: the old one traps when a signal interrupts it.
            try input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8))
        }
        try input.fileHandleForWriting.close()
        let errData = Mutex()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData.set(err.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData.get(), as: UTF8.self))
    }

    private final class Mutex: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
        func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
    }
}
