import JMESPath

/// Checks every `az` step against the Azure CLI's own catalogue (`AzCatalogue`) before
/// anything runs: the command exists, each option belongs to it and gets a value only if
/// it takes one, a literal value is one it allows, nothing is given twice, the `--query`
/// compiles, and text output is not read as JSON. Each diagnostic points at its word.
///
/// The catalogue holds az's core commands; extensions add commands and options to them.
/// In a lab that requires extensions, what the catalogue does not know may come from one:
/// a name close to a known one is then a warning (a typo, most likely), any other a note
/// saying it was not checked. In a lab that requires none, both are errors.
enum AzCommandCheck {
    static func check(_ lab: Lab) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var seen: Set<CommandTemplate> = []
        // A value made of inputs with literal defaults is known when the spec loads.
        var defaults: [String: String] = [:]
        for input in lab.inputs where !input.secret {
            if let value = input.defaultValue, value.isLiteral { defaults[input.name] = value.symbolic }
        }
        for step in lab.allSteps {
            guard case .az(let command) = step.action, seen.insert(command).inserted else { continue }
            var checker = Checker(command: command, step: step, catalogue: AzCatalogue.shipped,
                                  extensions: lab.requires.extensions, azVersion: lab.requires.azVersion,
                                  defaults: defaults)
            diagnostics += checker.run()
        }
        return diagnostics
    }

    /// One word of the command: its literal text (nil when it holds `${…}`), where it is.
    struct Word {
        var text: String?
        var symbolic: String
        var place: CommandTemplate.WordPlace
        /// Where `text` begins in the word's own text (after `--query=`).
        var textOffset = 0
        var location: SourceLocation { place.location }
        var length: Int { place.length }
        /// For a word with `${…}`: its text filled with the inputs' defaults, when they
        /// are all it uses.
        var byDefault: String?

        var isOption: Bool { text.map { $0.hasPrefix("-") && $0.count > 1 && Double($0) == nil } ?? false }
    }

    struct Checker {
        let words: [Word]
        let step: Step
        let catalogue: AzCatalogue
        /// The extensions the lab requires, which may add what the catalogue lacks.
        let extensions: [String]
        /// The lab requires an az the catalogue's version does not satisfy (a newer one),
        /// which may have commands and options the catalogue lacks.
        let newerAz: VersionConstraint?
        var diagnostics: [Diagnostic] = []

        init(command: CommandTemplate, step: Step, catalogue: AzCatalogue, extensions: [String],
             azVersion: VersionConstraint? = nil, defaults: [String: String] = [:]) {
            words = command.words.indices.map { index in
                let word = command.words[index]
                var filled: String?
                if !word.isLiteral, word.variables.allSatisfy({ defaults[$0.name] != nil }) {
                    filled = word.render { defaults[$0.name] }
                }
                return Word(text: word.isLiteral ? word.symbolic : nil, symbolic: word.symbolic,
                            place: command.place(ofWord: index), byDefault: filled)
            }
            self.step = step
            self.catalogue = catalogue
            self.extensions = extensions
            let version = catalogue.version.split(separator: ".").compactMap { Int($0) }
            newerAz = azVersion.flatMap { $0.isSatisfied(by: version) ? nil : $0 }
        }

        /// `unknown`: the catalogue does not know the name or value — which an extension may.
        private mutating func report(_ code: DiagnosticCode, _ message: String, at word: Word, hint: String? = nil,
                                     unknown: Bool = false) {
            let (location, length) = (word.location, word.length)
            if unknown, let newerAz {
                diagnostics.append(.note(code, "not checked: " + message + " in az \(catalogue.version); the lab requires az "
                                         + "\(newerAz), which may have it", at: location, length: length))
            } else if unknown, !extensions.isEmpty {
                let from = " in az \(catalogue.version) core; an extension the lab requires ("
                    + extensions.map { "`\($0)`" }.joined(separator: ", ") + ") may add it"
                if let hint, hint.hasPrefix("did you mean") {
                    diagnostics.append(.warning(code, message + from, at: location, length: length, hint: hint))
                } else {
                    diagnostics.append(.note(code, "not checked: " + message + from, at: location, length: length))
                }
            } else if code == .deprecatedAzCommand || code == .missingAzOption {
                diagnostics.append(.warning(code, message, at: location, length: length, hint: hint))
            } else {
                let hint = unknown && hint == nil ? "if an az extension provides it, list it under `requires: extensions:`" : hint
                diagnostics.append(.error(code, message, at: location, length: length, hint: hint))
            }
        }

        mutating func run() -> [Diagnostic] {
            guard let (command, start) = findCommand() else { return diagnostics }
            if command.deprecated, let word = words.first {
                report(.deprecatedAzCommand, "`az \(command.path)` is deprecated in az \(catalogue.version)", at: word)
            }
            checkOptions(of: command, from: start)
            return diagnostics
        }

        /// The longest run of leading words that names a group or command; nil (after
        /// reporting) when it names no command, or when a `${…}` word leaves it unknown.
        private mutating func findCommand() -> (AzCatalogue.Command, Int)? {
            let (path, index) = catalogue.commandPath(of: words.map(\.text))
            if let command = catalogue.command(path) { return (command, index) }
            let word = index < words.count ? words[index] : nil
            if word == nil || word?.isOption == true {
                // `az containerapp`, or `az containerapp --name x`: a group where a command belongs.
                if index > 0 {
                    report(.unknownAzCommand, "`az \(path)` is a command group, not a command", at: words[index - 1],
                           hint: "name one of its commands: " + catalogue.words(after: path).prefix(8).joined(separator: ", "),
                           unknown: true)
                }
                return nil
            }
            guard let word, let text = word.text else { return nil }
            let what = path.isEmpty ? "an az command group" : "a command or group under `az \(path)`"
            report(.unknownAzCommand, "`\(text)` is not \(what)", at: word,
                   hint: Suggestion.hint(for: text, in: catalogue.words(after: path)), unknown: true)
            return nil
        }

        private mutating func checkOptions(of command: AzCatalogue.Command, from start: Int) {
            let options = command.options + catalogue.globalOptions
            var byName: [String: AzCatalogue.Option] = [:]
            for option in options { for name in option.names where byName[name] == nil { byName[name] = option } }
            var given: [String: Word] = [:]
            var index = start
            while index < words.count {
                let word = words[index]
                index += 1
                guard word.isOption, let text = word.text else {
                    if !command.takesPositionals {
                        report(.azOptionValue, "`\(word.symbolic)` is neither an option nor the value of one",
                               at: word, hint: "az would stop with `unrecognized arguments`; quote a value with spaces")
                    }
                    continue
                }
                let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
                let name = parts[0]
                guard let option = byName[name] else {
                    report(.unknownAzOption, "`\(name)` is not an option of `az \(command.path)`",
                           at: word, hint: Suggestion.hint(for: name, in: byName.keys), unknown: true)
                    // Its value, if it has one, is not another problem.
                    if parts.count == 1, index < words.count, !words[index].isOption { index += 1 }
                    continue
                }
                if let first = given[option.name], !option.repeats {
                    report(.duplicateAzOption, "`\(option.name)` is given twice", at: word,
                           hint: "az keeps only the last one; the first is at line \(first.location.line)")
                } else {
                    given[option.name] = word
                }
                if option.deprecated {
                    report(.deprecatedAzCommand, "`\(name)` of `az \(command.path)` is deprecated", at: word)
                }
                var values: [Word] = []
                if parts.count == 2 {
                    values.append(Word(text: parts[1], symbolic: parts[1], place: word.place, textOffset: name.count + 1))
                }
                if option.takesValue {
                    while values.isEmpty || option.takesSeveral, index < words.count, !words[index].isOption {
                        values.append(words[index])
                        index += 1
                    }
                    if values.isEmpty, !option.valueOptional {
                        report(.azOptionValue, "`\(name)` needs a value", at: word)
                    }
                    checkValues(values, of: option, name: name)
                } else if !values.isEmpty {
                    report(.azOptionValue, "`\(name)` is a flag: it takes no value", at: word, hint: "write `\(name)` alone")
                }
            }
            if given["--ids"] == nil {
                for option in command.options where option.required && given[option.name] == nil {
                    report(.missingAzOption, "`az \(command.path)` needs `\(option.name)`", at: words[0],
                           hint: "add `\(option.name)`, or `--ids` where the command takes it")
                }
            }
            checkOutput(given: given)
        }

        private mutating func checkValues(_ values: [Word], of option: AzCatalogue.Option, name: String) {
            for value in values {
                guard let text = value.text ?? value.byDefault else { continue }
                if !option.allowed.isEmpty, !option.allowed.contains(where: { $0.lowercased() == text.lowercased() }) {
                    let what = value.text == nil ? "`\(value.symbolic)` (by the inputs' defaults `\(text)`)" : "`\(text)`"
                    report(.azOptionValue, "\(what) is not a value `\(name)` allows", at: value,
                           hint: Suggestion.hint(for: text, in: option.allowed)
                               ?? "allowed: " + option.allowed.prefix(12).joined(separator: ", "), unknown: true)
                }
                if option.name == "--query", value.text != nil {
                    checkQuery(text, at: value)
                }
            }
        }

        /// `--query` is JMESPath that az runs: compiled here, its error at its column.
        private mutating func checkQuery(_ text: String, at word: Word) {
            do {
                _ = try JMESPathExpression(text)
            } catch {
                // An error at the end points just past the last character (at a closing quote).
                let offset = error.offset ?? 0
                var location = word.place.location(ofText: word.textOffset + min(offset, max(0, text.count - 1)))
                if offset >= text.count, !text.isEmpty { location.column += 1 }
                diagnostics.append(.error(.invalidQuery, "the `--query` of this command does not compile: \(error.message)",
                                          at: location, length: 1, hint: "az would stop with the same error"))
            }
        }

        /// `-o tsv`, `table`, `yaml` or `none` print something other than JSON: a query,
        /// a JSON capture or a `.json` artifact of the step cannot read it.
        private mutating func checkOutput(given: [String: Word]) {
            guard let word = given["--output"], let index = words.firstIndex(where: { $0.location == word.location }) else {
                return
            }
            let value = words[index].text?.split(separator: "=", maxSplits: 1).dropFirst().first.map(String.init)
                ?? (index + 1 < words.count ? words[index + 1].text : nil)
            guard let format = value?.lowercased(), !["json", "jsonc"].contains(format) else { return }
            let readsJSON = step.capture.contains { if case .query = $0.source { true } else { false } }
                || (step.expect + (step.wait?.until ?? [])).flatMap(\.leaves).contains { if case .query = $0.subject { true } else { false } }
                || (step.evidence.map { $0.value.hasSuffix(".json") || $0.value.hasSuffix(".jsonl") } ?? false)
            if readsJSON {
                report(.azOutputNotJSON, "`-o \(format)` prints text, but this step reads its output as JSON",
                       at: words[index], hint: "drop `-o \(format)` (labspec adds `--output json`), or read the text with `stdout`/`regex`")
            }
        }
    }
}
