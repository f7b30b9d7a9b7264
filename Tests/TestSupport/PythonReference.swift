import Foundation

/// Runs a python3 script that checks labspec's output with a reference module
/// (xmlschema, jsonschema). A script exits 3 when its module is missing: then the
/// result is nil, which CI must never see (`.ci/run` installs the modules).
public enum PythonReference {
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: String
    }

    public static func run(_ script: String, arguments: [String]) throws -> Outcome? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 3 { return nil }
        return Outcome(status: process.terminationStatus, stdout: text)
    }

    /// Whether a missing reference module is acceptable here: anywhere but CI.
    public static var mayBeMissing: Bool { ProcessInfo.processInfo.environment["CI"] == nil }
}
