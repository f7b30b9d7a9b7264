import ArgumentParser

/// The root command. Each subcommand lives in a file of its own and only turns flags into
/// options, calls the library, and maps the outcome to an exit status.
@available(macOS 10.15, *)
public struct LabspecCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "labspec",
        abstract: "Author, preview, run and verify declarative cloud failure labs.",
        discussion: ExitStatus.helpText,
        version: LabspecVersion.current,
        subcommands: [Validate.self, Plan.self, Run.self, Verify.self, Query.self, List.self, New.self, Render.self, Schema.self])

    public init() {}
}

/// The version printed by `--version` and recorded in evidence manifests.
public enum LabspecVersion {
    public static let current = "0.1.0"
}
