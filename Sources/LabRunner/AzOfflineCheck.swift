import Foundation
import JMESPath
import LabSpec

/// `validate --az-check`: every `az` command of a lab run through the real `az`, offline —
/// an empty configuration folder, no login — so az's own parser judges it. az answers a
/// command line it cannot parse with exit 2 and its reason (an error here, at the word it
/// names); one it parsed stops at "Please run 'az login'" (exit 1: fine). Anything else
/// could not be checked offline and is said so. `${…}` values become placeholders of a
/// plausible type; secrets never reach az; a `.bicep` template is replaced by an empty ARM
/// template declaring the parameters passed, so az downloads nothing.
public enum AzOfflineCheck {
    /// Commands that would reach the network or change the machine even without a login.
    static let skipped: [(prefix: [String], reason: String)] = [
        (["bicep"], "it would download Bicep"), (["extension"], "it would change the installed extensions"),
        (["upgrade"], "it would upgrade az"), (["login"], "it would sign in"), (["logout"], "it would sign out"),
    ]

    public static func check(_ lab: Lab, azPath: String, concurrency: Int = 4,
                             environment: [String: String] = ProcessInfo.processInfo.environment) async -> [Diagnostic] {
        await check([lab], azPath: azPath, concurrency: concurrency, environment: environment)[0]
    }

    /// Several labs' commands through one pool of `concurrency` az processes; the
    /// diagnostics of each lab, in the order given.
    public static func check(_ labs: [Lab], azPath: String, concurrency: Int = 4,
                             environment: [String: String] = ProcessInfo.processInfo.environment) async -> [[Diagnostic]] {
        var jobs: [(lab: Int, step: Step, command: CommandTemplate)] = []
        var contexts: [(values: [String: String], masker: Masker)] = []
        for (index, lab) in labs.enumerated() {
            var seen: Set<CommandTemplate> = []
            for step in lab.allSteps {
                if case .az(let command) = step.action, seen.insert(command).inserted { jobs.append((index, step, command)) }
            }
            let values = placeholderValues(lab)
            contexts.append((values.byName, Masker(secrets: Set(values.secrets))))
        }
        return await withTaskGroup(of: (Int, [Diagnostic]).self) { group in
            var next = 0
            var diagnostics = Array(repeating: [Diagnostic](), count: labs.count)
            func start() {
                guard next < jobs.count else { return }
                let job = jobs[next], context = contexts[job.lab], lab = labs[job.lab]
                next += 1
                group.addTask {
                    (job.lab, await check(job.command, of: job.step, lab: lab, azPath: azPath, values: context.values,
                                          masker: context.masker, environment: environment))
                }
            }
            for _ in 0..<max(1, concurrency) { start() }
            while let (lab, found) = await group.next() {
                diagnostics[lab] += found
                start()
            }
            return diagnostics.map { $0.sorted(by: Diagnostic.inOrder) }
        }
    }

    /// Inputs' literal defaults; a placeholder for everything else, and for every secret.
    static func placeholderValues(_ lab: Lab) -> (byName: [String: String], secrets: [String]) {
        var values: [String: String] = [:]
        var secrets: [String] = []
        // A secret's place is held by one stand-in, itself masked in what az answers.
        let stand = "labspec-placeholder-secret"
        for input in lab.inputs {
            if input.secret {
                values[input.name] = stand
            } else if let value = input.defaultValue, value.isLiteral {
                values[input.name] = value.symbolic
            }
        }
        for capture in lab.allSteps.flatMap(\.capture) where capture.secret { values[capture.name] = stand }
        if values.values.contains(stand) { secrets.append(stand) }
        for step in lab.allSteps { for binding in step.bindings { values[binding.name] = binding.value } }
        return (values, secrets)
    }

    /// A value of the kind its name suggests, so az's type checks pass on placeholders.
    static func placeholder(for name: String) -> String {
        let upper = name.uppercased()
        let guid = "00000000-0000-0000-0000-000000000000"
        if ["PORT", "COUNT", "REPLICAS", "SECONDS", "TIMEOUT", "NUMBER", "SIZE"].contains(where: upper.contains) { return "1" }
        if upper.contains("GUID") || ["PRINCIPAL_ID", "OBJECT_ID", "CLIENT_ID", "TENANT_ID", "SUBSCRIPTION_ID", "APP_ID"]
            .contains(where: upper.hasSuffix) { return guid }
        if upper.hasSuffix("_ID") || upper.hasSuffix("IDS") || upper.contains("SCOPE") {
            return "/subscriptions/\(guid)/resourceGroups/rg/providers/Microsoft.Resources/deployments/placeholder"
        }
        if upper.contains("URL") || upper.contains("ENDPOINT") { return "https://placeholder.example.invalid" }
        if upper.contains("FQDN") || upper.contains("HOST") || upper.contains("SERVER") { return "placeholder.example.invalid" }
        if upper.contains("TIME") || upper.hasSuffix("_START") || upper.hasSuffix("_END") { return "2026-01-01T00:00:00Z" }
        if upper == "NOW.EPOCH" { return "1767225600" }
        return "placeholder"
    }

    private static func check(_ command: CommandTemplate, of step: Step, lab: Lab, azPath: String, values: [String: String],
                              masker: Masker, environment: [String: String]) async -> [Diagnostic] {
        var argv = command.words.map { word in word.render { values[$0.name] ?? placeholder(for: $0.name) } }
        if let skip = skipped.first(where: { Array(argv.prefix($0.prefix.count)) == $0.prefix }) {
            return [.note(.azCheck, "not checked with az: \(skip.reason)", at: command.location)]
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-az-check-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // az would download Bicep to compile a `.bicep` template: an empty ARM template
        // declaring the parameters the command passes stands in for it.
        if argv.contains(where: { $0.hasSuffix(".bicep") }) {
            let template = folder.appendingPathComponent("template.json")
            try? placeholderTemplate(for: argv).write(to: template, atomically: true, encoding: .utf8)
            argv = argv.map { $0.hasSuffix(".bicep") ? template.path : $0 }
        }
        var env = environment
        env["AZURE_CONFIG_DIR"] = folder.path
        env["AZURE_CORE_COLLECT_TELEMETRY"] = "false"
        env["AZURE_CORE_NO_COLOR"] = "true"
        env["AZURE_EXTENSION_USE_DYNAMIC_INSTALL"] = "no"
        let outcome: ProcessOutcome
        do {
            outcome = try await ProcessRunner.run([azPath] + argv, environment: env, timeout: 60)
        } catch {
            return [.note(.azCheck, "not checked with az: it could not be started (\(error))", at: command.location)]
        }
        let stderr = masker(String(decoding: outcome.stderr, as: UTF8.self))
        let message = firstError(in: stderr)
        switch outcome.exitCode {
        case 0:
            return []
        case 1 where stderr.contains("az login"):
            return []
        case 2 where stderr.contains("misspelled or not recognized") && !lab.requires.extensions.isEmpty:
            return [.note(.azCheck, "not checked with az: \(message) (this az lacks an extension the lab requires?)",
                          at: command.location)]
        case 2:
            let (location, length) = position(of: message, in: command, argv: argv)
            return [.error(.azCheck, "az rejects this command: \(message)",
                           at: location, length: length, hint: "`az \(argv.prefix(3).joined(separator: " ")) --help` shows what it takes")]
        default:
            return [.note(.azCheck, "not checkable offline (exit \(outcome.exitCode)): \(message)", at: command.location)]
        }
    }

    /// An ARM template with no resources and a string parameter for each `NAME=VALUE`
    /// after `--parameters`/`-p`.
    static func placeholderTemplate(for argv: [String]) -> String {
        var names: [String] = []
        var inParameters = false
        for word in argv {
            if word.hasPrefix("-") {
                inParameters = word == "--parameters" || word == "-p"
                continue
            }
            if inParameters, let equals = word.firstIndex(of: "="), !word.hasPrefix("@"), !word.hasPrefix("{") {
                names.append(String(word[..<equals]))
            }
        }
        let parameters = names.map { "\(JSONValue.string($0).compactText): {\"type\": \"string\"}" }.joined(separator: ", ")
        return "{\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\", "
            + "\"contentVersion\": \"1.0.0.0\", \"parameters\": {\(parameters)}, \"resources\": []}"
    }

    /// az's first `ERROR:` line, else its first line.
    static func firstError(in stderr: String) -> String {
        let lines = stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let line = lines.first { $0.hasPrefix("ERROR:") } ?? lines.first ?? "no message"
        let text = line.hasPrefix("ERROR:") ? String(line.dropFirst(6)).trimmingCharacters(in: .whitespaces) : line
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }

    /// The word az's message names (an unrecognized option, a rejected value), else the command.
    static func position(of message: String, in command: CommandTemplate, argv: [String]) -> (SourceLocation, Int) {
        let tokens = Set(message.split(whereSeparator: { " '\":,".contains($0) }).map(String.init))
        // The command's own words (`az containerapp ingress enable: …`) name nothing wrong.
        let path = AzCatalogue.shipped.commandPath(of: argv).length
        let index = argv.indices.first { $0 >= path && tokens.contains(argv[$0]) } ?? min(path, max(0, argv.count - 1))
        let place = command.place(ofWord: index)
        return (place.location, place.length)
    }
}
