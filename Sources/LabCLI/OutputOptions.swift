import ArgumentParser
import Foundation
import LabSpec
#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// When to colour text output.
public enum ColorMode: String, ExpressibleByArgument, CaseIterable, Sendable {
    case auto, always, never

    /// Colour on a terminal unless `NO_COLOR` is set (https://no-color.org), or when forced.
    func enabled(for handle: FileHandle, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            // A terminal that says it cannot move the cursor or colour gets plain lines.
            if environment["TERM"] == "dumb" { return false }
            return isatty(handle.fileDescriptor) == 1
        }
    }
}

/// Output flags shared by commands that print diagnostics.
public struct OutputOptions: ParsableArguments {
    @Option(help: "When to use colour: auto (a terminal without NO_COLOR), always, never.")
    public var color: ColorMode = .auto

    public init() {}
}

/// The process's two output streams, or — for a command run in-process by a test — two
/// buffers. Commands reach it as `Console.current`, which `LabspecCommand.execute`
/// binds for the task that runs them.
struct Console: Sendable {
    @TaskLocal static var current = Console()

    var standardOutput: FileHandle = .standardOutput
    var standardError: FileHandle = .standardError
    /// Where output goes instead of the streams, when captured.
    var capture: CapturedOutput?

    /// Standard input, whole but at most `limit` bytes: the captured input when a test
    /// gave one.
    func readInput(limit: Int) -> Result<Data, BoundedReader.Problem> {
        if let capture { return capture.input.utf8.count <= limit ? .success(Data(capture.input.utf8)) : .failure(.tooLarge) }
        return BoundedReader.contents(ofDescriptor: FileHandle.standardInput.fileDescriptor, limit: limit)
    }

    /// Writes text for a person to read: a control character that came from a spec or
    /// from evidence is shown as an escape, never acted on (`VisibleText`), and so is a
    /// CI runner's command mark; the console's own colours pass.
    func out(_ text: String) {
        data(Self.shown(text))
    }

    func err(_ text: String) {
        let text = Self.shown(text)
        if let capture { capture.append(text, error: true) } else { Self.write(text, to: standardError.fileDescriptor) }
    }

    /// Replaces the line the cursor is on with `text` (a step's elapsed time, a sleep's
    /// countdown): the carriage return and erase are the console's own, the text is
    /// escaped as `out` escapes it.
    func liveLine(_ text: String) {
        data("\r\u{1B}[2K" + Self.shown(text))
    }

    /// Text for a person: no control character a terminal would act on, no line a CI
    /// runner would take as a command.
    private static func shown(_ text: String) -> String {
        VisibleText.withoutRunnerCommands(VisibleText.escaped(text, keepingColour: true))
    }

    /// Writes output other programs read, exactly: JSON, a query's result, a rendered page
    /// (which escapes what it shows itself).
    func data(_ text: String) {
        if let capture { capture.append(text, error: false) } else { Self.write(text, to: standardOutput.fileDescriptor) }
    }

    /// Writes all of `text`, again when a signal (Ctrl-C, a child ending) interrupts the
    /// call — `FileHandle.write` traps on `EINTR` — and stops quietly on a closed pipe.
    static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            offset += written
        }
    }
}

/// What an in-process command printed.
public final class CapturedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = ""
    private var errText = ""
    /// What the command reads as standard input.
    let input: String

    public init(input: String = "") {
        self.input = input
    }

    func append(_ text: String, error: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if error { errText += text } else { outText += text }
    }

    public var stdout: String {
        lock.lock()
        defer { lock.unlock() }
        return outText
    }

    public var stderr: String {
        lock.lock()
        defer { lock.unlock() }
        return errText
    }
}
