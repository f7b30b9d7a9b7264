import Foundation
import ArgumentParser
import LabSpec

/// The root command. Each subcommand lives in a file of its own and only turns flags into
/// options, calls the library, and maps the outcome to an exit status.
@available(macOS 10.15, *)
public struct LabspecCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "labspec",
        abstract: "Author, preview, run and verify declarative cloud failure labs.",
        discussion: ExitStatus.helpText,
        version: LabspecVersion.current,
        subcommands: [Validate.self, Plan.self, Run.self, Verify.self, Cleanup.self, Query.self, List.self, New.self, Render.self, Schema.self])

    public init() {}

    /// Parses `arguments` and runs the subcommand. A `CLIError` is printed here, the one
    /// place that does, with the one prefix `labspec: error:`; exit statuses pass through.
    public static func execute(_ arguments: [String]? = nil) async -> Int32 {
        await run(arguments)
    }

    /// Runs a command in this process with its output captured — how tests exercise
    /// the CLI without starting the binary.
    public static func execute(_ arguments: [String], capturing output: CapturedOutput) async -> Int32 {
        await Console.$current.withValue(Console(standardOutput: .nullDevice, standardError: .nullDevice, capture: output)) {
            await run(arguments)
        }
    }

    private static func run(_ arguments: [String]?) async -> Int32 {
        if let unknown = unknownSubcommand(arguments ?? Array(CommandLine.arguments.dropFirst())) { return unknown }
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            return ExitCode.success.rawValue
        } catch let error as CLIError {
            Console.current.err("labspec: error: \(error.message)\n")
            return error.status.rawValue
        } catch {
            let code = exitCode(for: error).rawValue
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == ExitCode.success.rawValue { Console.current.out(message + "\n") } else { Console.current.err(message + "\n") }
            }
            return code
        }
    }
}

extension LabspecCommand {
    /// A first word that is no subcommand, no option and no help: say so, with the
    /// closest subcommand, rather than "unexpected argument".
    static func unknownSubcommand(_ arguments: [String]) -> Int32? {
        guard let first = arguments.first, !first.hasPrefix("-"), first != "help" else { return nil }
        let names = configuration.subcommands.map { $0._commandName }
        guard !names.contains(first) else { return nil }
        let hint = Suggestion.closest(to: first, in: names).map { "; did you mean `\($0)`?" }
            ?? "; the commands are " + names.map { "`\($0)`" }.joined(separator: ", ")
        Console.current.err("labspec: error: `\(first)` is not a labspec command\(hint)\n")
        return ExitStatus.usage.rawValue
    }
}

/// The version printed by `--version` and recorded in evidence manifests.
public enum LabspecVersion {
    public static let current = "0.1.0"
}
