import Yams

/// Turns spec text into a Yams node tree, converting libyaml's errors into diagnostics.
///
/// Yams stops at the first duplicate key and points at its *first* occurrence. We find
/// the repeated one, report it there, comment that entry out (keeping line numbers) and
/// compose again, so one duplicate does not hide every other problem in the file.
enum YAMLComposer {
    private static let maximumRetries = 50

    static func compose(_ file: SourceFile) -> (Node?, [Diagnostic]) {
        var text = file.text
        var diagnostics: [Diagnostic] = []
        for _ in 0..<maximumRetries {
            do {
                // `.basic`: no implicit tag resolution. The reader decides types itself, and the
                // default resolver's regexes would cost more than the parse.
                guard let root = try Yams.compose(yaml: text, .basic) else {
                    diagnostics.append(.error(.emptyDocument, "the spec is empty", at: file.location(line: 1, column: 1),
                                              hint: "start with `labspec: 1`, or run `labspec new ID` for a skeleton"))
                    return (nil, diagnostics)
                }
                guard StructuredDocument.size(of: root, within: StructuredDocument.maximumValues) != nil else {
                    diagnostics.append(.error(.yamlAlias, "the spec expands to more than \(StructuredDocument.maximumValues) "
                                              + "values through its aliases", at: file.location(line: 1, column: 1),
                                              hint: "write values out instead of repeating anchors inside anchors"))
                    return (nil, diagnostics)
                }
                diagnostics += unknownTags(in: root, file: file)
                return (root, diagnostics)
            } catch let error as YamlError {
                guard case .duplicatedKeysInMapping(let keys, let context) = error,
                      let key = keys.first else {
                    diagnostics.append(diagnostic(for: error, in: file, composing: text))
                    return (nil, diagnostics)
                }
                let first = file.location(line: context.mark.line, column: context.mark.column)
                guard let repeated = findRepeat(of: key, after: first, in: text) else {
                    diagnostics.append(.error(.duplicateKey, "key `\(key)` appears more than once in this mapping",
                                              at: first, length: key.unicodeScalars.count,
                                              hint: "keep one of them"))
                    return (nil, diagnostics)
                }
                diagnostics.append(.error(.duplicateKey, "duplicate key `\(key)`: it is already set in this mapping",
                                          at: file.location(line: repeated, column: first.column),
                                          length: key.unicodeScalars.count, hint: "keep one of them",
                                          notes: [.init("first set here", at: first)]))
                text = commentOut(entryAt: repeated, indent: first.column - 1, in: text)
            } catch {
                diagnostics.append(.error(.yamlSyntax, "the YAML cannot be read", at: file.location(line: 1, column: 1)))
                return (nil, diagnostics)
            }
        }
        return (nil, diagnostics)
    }

    /// The core tags labspec reads; any other (`!custom`, `!!binary`, `!!python/object`)
    /// asks for a type labspec has not, and is an error rather than silently text.
    private static let coreTags: Set<String> = ["str", "int", "float", "bool", "null", "seq", "map"].reduce(into: []) {
        $0.insert("tag:yaml.org,2002:\($1)")
    }

    private static func unknownTags(in root: Node, file: SourceFile) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var pending = [root]
        while let node = pending.popLast() {
            let tag = node.tag.description
            if !coreTags.contains(tag), tag != "?", tag != "!" {
                let mark = node.mark
                let shown = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst(18) : tag
                diagnostics.append(.error(.invalidValue, "YAML tag `\(shown)` is not read by labspec",
                                          at: file.location(line: mark?.line ?? 1, column: mark?.column ?? 1),
                                          length: shown.unicodeScalars.count,
                                          hint: "remove the tag; quote the value to make it text"))
                if diagnostics.count >= 100 { break }
            }
            switch node {
            case .sequence(let sequence): pending.append(contentsOf: sequence)
            case .mapping(let mapping):
                for (key, value) in mapping { pending.append(key); pending.append(value) }
            case .scalar, .alias: break
            }
        }
        return diagnostics
    }

    private static func diagnostic(for error: YamlError, in file: SourceFile, composing text: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let location = file.location(line: mark.line, column: mark.column)
            if problem.hasPrefix("but found another document") {
                return .error(.multipleDocuments, "a spec holds one YAML document; this starts a second one",
                              at: location, length: 3, hint: "put each lab in a file of its own")
            }
            if problem.hasPrefix("found undefined alias") {
                return .error(.yamlAlias, "this alias names no anchor defined before it", at: location)
            }
            var message = "YAML syntax error: \(problem)"
            if let context { message += " (\(context.text) at \(context.mark.line):\(context.mark.column))" }
            var hint: String?
            if file.line(mark.line)?.includes("\t") == true {
                hint = "YAML indents with spaces; this line has a tab"
            } else if problem.includes("mapping values are not allowed") {
                hint = "quote a value that contains `: `, or check the indentation of this line"
            } else if context?.text.includes("flow mapping") == true || context?.text.includes("flow sequence") == true {
                hint = "inside `{…}` or `[…]`, quote a value that holds `[`, `]`, `{`, `}` or `,` — a JMESPath query, say"
            }
            return .error(.yamlSyntax, message, at: location, hint: hint)
        case .reader(let problem, let offset, let value, _):
            // libyaml names the byte offset of the character it refused (a control
            // character, say): point there, and name the character, which the echoed line
            // shows only as its escape.
            let at = offset.map { location(ofCharacter: $0, in: text, file: file) } ?? file.location(line: 1, column: 1)
            let hex = String(value, radix: 16, uppercase: true)
            let character = value >= 0 ? " (U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex))" : ""
            return .error(.unreadableFile, "the file cannot be decoded: \(problem)\(character)", at: at,
                          hint: problem.includes("control characters") ? "write a control character as an escape inside double quotes, like `\"\\e\"` or `\"\\u0007\"`" : nil)
        default:
            return .error(.yamlSyntax, "the YAML cannot be read: \(error)", at: file.location(line: 1, column: 1))
        }
    }

    /// The line and column of the character at `offset` of `text`: libyaml counts a
    /// reader error's offset in characters (Unicode scalars), not bytes.
    private static func location(ofCharacter offset: Int, in text: String, file: SourceFile) -> SourceLocation {
        var line = 1
        var column = 1
        var consumed = 0
        for scalar in text.unicodeScalars {
            guard consumed < offset else { break }
            consumed += 1
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return file.location(line: line, column: column)
    }

    /// The line of the next block-mapping entry `key:` at the same indentation.
    private static func findRepeat(of key: String, after first: SourceLocation, in text: String) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let indent = first.column - 1
        var number = first.line + 1
        while number <= lines.count {
            let line = lines[number - 1]
            let leading = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(leading)
            if rest.isEmpty || rest.hasPrefix("#") {
                number += 1
                continue
            }
            if leading < indent { return nil }
            if leading == indent {
                for spelling in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(spelling) {
                    if rest.dropFirst(spelling.count).drop(while: { $0 == " " }).hasPrefix(":") { return number }
                }
            }
            number += 1
        }
        return nil
    }

    /// Replaces the entry starting at `line` (and its more-indented continuation) by comments.
    private static func commentOut(entryAt line: Int, indent: Int, in text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var number = line
        while number <= lines.count {
            let current = lines[number - 1]
            let leading = current.prefix { $0 == " " }.count
            let isBlank = current.allSatisfy { $0 == " " || $0 == "\r" }
            if number > line, !isBlank, leading <= indent { break }
            lines[number - 1] = isBlank ? current : String(repeating: " ", count: leading) + "#"
            number += 1
        }
        return lines.joined(separator: "\n")
    }
}
