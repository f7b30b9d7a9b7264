import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a process still runs, for tests that check nothing outlives a timeout.
public enum ProcessState {
    /// Running (or stopped): neither gone nor a zombie waiting to be reaped. On Linux from
    /// `/proc/PID/stat`; elsewhere from `kill(pid, 0)`, which counts a zombie as alive.
    public static func isRunning(_ pid: Int32) -> Bool {
        #if os(Linux)
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        // The state is the first field after the command name, which is in parentheses.
        guard let state = stat.split(separator: ")").last?.split(separator: " ").first else { return false }
        return state != "Z" && state != "X"
        #else
        return kill(pid, 0) == 0
        #endif
    }

    /// Polls `condition` every 10 ms; throws when it is still false after `seconds`. The
    /// limit is generous: tests that run the binary block threads of the shared pool, so
    /// on a loaded machine a poll may wait long to resume; it returns as soon as it holds.
    public static func wait(seconds: Double = 60, _ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        if condition() { return }
        throw TimedOut(seconds: seconds)
    }

    public struct TimedOut: Error, CustomStringConvertible {
        public var seconds: Double
        public var description: String { "the condition did not hold within \(seconds) s" }
    }
}
