import Foundation

/// The test HTTP server (`Tests/Fixtures/http-server.py`) on 127.0.0.1, stopped on deinit.
public final class LocalHTTPServer: @unchecked Sendable {
    public let port: Int
    public let stateDirectory: URL
    private let process: Process

    public init() throws {
        stateDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.url("http-server.py").path, stateDirectory.path]
        let output = Pipe()
        process.standardOutput = output
        // Never the test runner's own streams: a server still alive would hold them open
        // and keep the runner waiting for their end.
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadCorruptFile)
        }
        self.port = port
    }

    public var host: String { "127.0.0.1:\(port)" }

    deinit {
        // SIGKILL: a child of a test thread inherits its blocked signals, SIGTERM among them.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: stateDirectory)
    }
}

/// The fake `az` of `Tests/Fixtures/fake-az/az` with a copy of a rule set, its call log
/// and its state folder.
public struct FakeAz: Sendable {
    public let directory: URL
    public let log: URL
    public let state: URL

    public static var executable: URL { Fixtures.url("fake-az/az") }

    /// Copies the rules of `Fixtures/fake-az/NAME` to a fresh folder; `edit` may change them.
    public init(rules name: String, edit: (String) -> String = { $0 }) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-az-\(UUID().uuidString)")
        directory = root.appendingPathComponent("rules")
        state = root.appendingPathComponent("state")
        log = root.appendingPathComponent("calls.log")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.url("fake-az/\(name)"), to: directory)
        let rules = directory.appendingPathComponent("rules.tsv")
        try edit(try String(contentsOf: rules, encoding: .utf8)).write(to: rules, atomically: true, encoding: .utf8)
        FileManager.default.createFile(atPath: log.path, contents: nil)
    }

    /// The environment the fake reads.
    public func environment(host: String = "localhost", stateOverride: URL? = nil) -> [String: String] {
        ["FAKE_AZ_DIR": directory.path, "FAKE_AZ_LOG": log.path, "FAKE_AZ_STATE": (stateOverride ?? state).path,
         "FAKE_AZ_HOST": host]
    }

    /// Every call so far, as argv lists.
    public func calls() -> [[String]] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { line in
            line.split(separator: "\u{1F}", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
    }
}
