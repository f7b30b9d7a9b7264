import Foundation
import LabRunner
import Testing
import TestSupport

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

    /// A `workdir` that cannot be entered stops the step: the program never runs in the
    /// folder labspec happens to be in.
    @Test func aMissingWorkingDirectoryIsAnErrorNotAnotherFolder() async throws {
        let missing = "/no/such/folder-\(UUID().uuidString)"
        await #expect(throws: ProcessRunnerError.workingDirectory(missing, reason: "no such folder")) {
            try await ProcessRunner.run(["/bin/pwd"], environment: environment, workingDirectory: missing)
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-file-\(UUID().uuidString)")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        await #expect(throws: ProcessRunnerError.workingDirectory(file.path, reason: "not a folder")) {
            try await ProcessRunner.run(["/bin/pwd"], environment: environment, workingDirectory: file.path)
        }
        let folder = FileManager.default.temporaryDirectory.resolvingSymlinksInPath().path
        let outcome = try await ProcessRunner.run(["/bin/pwd"], environment: environment, workingDirectory: folder)
        #expect(String(decoding: outcome.stdout, as: UTF8.self) == folder + "\n")
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
        let outcome = try await ProcessRunner.run(["/bin/sh", "-c", script], environment: environment, timeout: 0.5)
        #expect(outcome.timedOut)
        // The runner's own clock: how long the test task waited to resume does not count.
        #expect(outcome.ended.timeIntervalSince(outcome.started) < 15, "the 30 s sleep was not cut short")
        let child = try #require(Int32(String(contentsOf: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        // The child started in the background is gone too: no process, or a zombie
        // waiting for init to reap it.
        try await ProcessState.wait { !ProcessState.isRunning(child) }
    }

    @Test func cancellingTheTaskEndsTheProgram() async throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-started-\(UUID().uuidString)")
        let task = Task {
            try await ProcessRunner.run(["/bin/sh", "-c", "touch \(marker.path); exec sleep 30"], environment: environment)
        }
        // Cancel once the program runs, however slow the machine.
        try await ExecutorTests.wait { FileManager.default.fileExists(atPath: marker.path) }
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
