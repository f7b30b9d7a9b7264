import ArgumentParser
import Foundation

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

/// The process's two output streams; tests may swap them for pipes.
struct Console {
    var standardOutput: FileHandle = .standardOutput
    var standardError: FileHandle = .standardError

    func out(_ text: String) {
        standardOutput.write(Data(text.utf8))
    }

    func err(_ text: String) {
        standardError.write(Data(text.utf8))
    }
}
