import ArgumentParser

/// A command that cannot go on: what to say and the exit status. Thrown by commands,
/// printed in one place (`LabspecCommand.execute`) as `labspec: error: MESSAGE`.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var status: ExitStatus

    init(_ message: String, _ status: ExitStatus) {
        self.message = message
        self.status = status
    }

    var description: String { message }

    /// Runs `body`; any error it throws is invalid input (exit 2) with its message.
    static func invalidInput<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError(Self.message(of: error), .invalidInput)
        }
    }

    private static func message(of error: any Error) -> String {
        String(describing: error)
    }
}
