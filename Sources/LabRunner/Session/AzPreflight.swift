import Foundation
import JMESPath
import LabSpec

/// What a live run checks through `az` before its first action: the version and
/// extensions `requires:` names, the tools its `run` steps use, and the signed-in
/// account whose subscription the run will change.
public enum AzPreflight {
    /// The account `az account show` reports.
    public struct Account: Sendable, Equatable {
        public var subscription: String
        public var subscriptionID: String
        public var tenant: String
        public var user: String

        /// `Contoso Dev (0000…) · tenant 1111… · user ana@contoso.com`.
        public var description: String {
            "\(subscription) (\(subscriptionID)) · tenant \(tenant) · user \(user)"
        }

        public var json: JSONValue {
            .object(JSONObject([("subscription", .string(subscription)), ("subscription_id", .string(subscriptionID)),
                                ("tenant", .string(tenant)), ("user", .string(user))]))
        }
    }

    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Checks `requires:` and reads the account; the account is nil for a lab with no
    /// `az` step.
    public static func check(_ lab: Lab, backend: any Backend, environment: [String: String]) async throws(Problem) -> Account? {
        for tool in lab.requires.tools where ProcessRunner.resolve(tool, path: environment["PATH"]) == nil {
            throw Problem(message: "`\(tool)` is not on PATH; the lab's requires: tools lists it")
        }
        let usesAz = lab.allSteps.contains { if case .az = $0.action { true } else { false } }
        guard usesAz else { return nil }
        if lab.requires.azVersion != nil || !lab.requires.extensions.isEmpty {
            try checkVersion(lab.requires, try await json(["az", "version", "--output", "json"], backend, environment))
        }
        let account = try await json(["az", "account", "show", "--output", "json"], backend, environment,
                                     hint: "sign in with `az login`, then choose the subscription with `az account set`")
        func field(_ path: String) -> String {
            (try? JMESPathExpression(path).search(account)).flatMap { if case .string(let text) = $0 { text } else { nil } } ?? "?"
        }
        return Account(subscription: field("name"), subscriptionID: field("id"), tenant: field("tenantId"), user: field("user.name"))
    }

    private static func checkVersion(_ requires: Requirements, _ version: JSONValue) throws(Problem) {
        guard case .object(let object) = version else { throw Problem(message: "`az version` did not print a JSON object") }
        if let constraint = requires.azVersion {
            guard case .string(let installed)? = object["azure-cli"] else {
                throw Problem(message: "`az version` did not say which azure-cli is installed")
            }
            let numbers = installed.split(separator: ".").map { Int($0.prefix { $0.isNumber }) ?? 0 }
            guard constraint.isSatisfied(by: numbers) else {
                throw Problem(message: "az \(installed) is installed; the lab requires az \(constraint) (run `az upgrade`)")
            }
        }
        var installed: Set<String> = []
        if case .object(let extensions)? = object["extensions"] { installed = Set(extensions.keys) }
        for name in requires.extensions where !installed.contains(name) {
            throw Problem(message: "the az extension `\(name)` is not installed (run `az extension add --name \(name)`)")
        }
    }

    private static func json(_ argv: [String], _ backend: any Backend, _ environment: [String: String],
                             hint: String? = nil) async throws(Problem) -> JSONValue {
        let outcome: ProcessOutcome
        do {
            outcome = try await backend.run(CommandInvocation(argv: argv, environment: environment, timeout: 60))
        } catch {
            throw Problem(message: "`\(argv.joined(separator: " "))` could not run: \(error)")
        }
        let stderr = String(decoding: outcome.stderr, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        guard outcome.exitCode == 0 else {
            throw Problem(message: "`\(argv.joined(separator: " "))` failed (exit \(outcome.exitCode)): \(stderr)"
                + (hint.map { "; \($0)" } ?? ""))
        }
        do {
            return try JSONValue(parsing: String(decoding: outcome.stdout, as: UTF8.self))
        } catch {
            throw Problem(message: "`\(argv.joined(separator: " "))` did not print JSON: \(error.description)")
        }
    }
}
