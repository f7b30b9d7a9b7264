import Foundation
import LabRunner
import Testing

@Suite struct ProcessRunnerTests {
    let environment = ProcessInfo.processInfo.environment

    @Test func argumentsArriveExactlyAsGiven() async throws {
        let tricky = "a b; echo pwned $(id) 'q' \"d\" `x`"
        let outcome = try await ProcessRunner.run(["/usr/bin/printf", "%s|", tricky, ""], environment: environment)
        #expect(outcome.exitCode == 0)
        #expect(String(decoding: outcome.stdout, as: UTF8.self) == tricky + "||")
    }

    @Test func bothStreamsAndTheExitCodeAreKept() async throws {
        // 200 KB on each stream: more than a pipe buffer, so reading one to the end before
        // the other would deadlock.
        let script = "head -c 200000 /dev/zero | tr '\\0' o; head -c 200000 /dev/zero | tr '\\0' e >&2; exit 3"
        let outcome = try await ProcessRunner.run(["/bin/sh", "-c", script], environment: environment)
        #expect(outcome.exitCode == 3)
        #expect(outcome.stdout.count == 200_000)
        #expect(outcome.stderr.count == 200_000)
        #expect(!outcome.timedOut)
    }

    @Test func standardInputIsClosed() async throws {
        let outcome = try await ProcessRunner.run(["/bin/cat"], environment: environment, timeout: 5)
        #expect(outcome.exitCode == 0)
        #expect(outcome.stdout.isEmpty)
        #expect(!outcome.timedOut)
    }

    @Test func aHungProgramAndItsChildAreKilledAtTheTimeout() async throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-child-\(UUID().uuidString)")
        let script = "sleep 30 & echo $! > \(marker.path); wait"
        let started = Date()
        let outcome = try await ProcessRunner.run(["/bin/sh", "-c", script], environment: environment, timeout: 0.5)
        #expect(outcome.timedOut)
        #expect(Date().timeIntervalSince(started) < 15, "the 30 s sleep was not cut short")
        let child = try #require(Int32(String(contentsOf: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        // The child started in the background is gone too: no process, or a zombie
        // waiting for init to reap it.
        try await Task.sleep(for: .milliseconds(100))
        let state = (try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8))?
            .split(separator: ")").last?.split(separator: " ").first
        #expect(state == nil || state == "Z", "child \(child) is still running (state \(state ?? "?"))")
    }

    @Test func cancellingTheTaskEndsTheProgram() async throws {
        let task = Task { try await ProcessRunner.run(["/bin/sleep", "30"], environment: environment) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let outcome = try await task.value
        #expect(outcome.cancelled)
        #expect(outcome.signal == SIGTERM)
    }

    @Test func aMissingProgramIsNamed() async {
        await #expect(throws: ProcessRunnerError.notFound("no-such-program-xyz")) {
            try await ProcessRunner.run(["no-such-program-xyz"], environment: environment)
        }
    }

    @Test func theWorkingDirectoryIsUsed() async throws {
        let outcome = try await ProcessRunner.run(["/bin/pwd"], environment: environment, workingDirectory: "/tmp")
        #expect(String(decoding: outcome.stdout, as: UTF8.self) == "/tmp\n")
    }
}
