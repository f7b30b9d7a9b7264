import Yams

/// Maps an offset inside a scalar's value back to the line and column it was written at,
/// so a `${NAME}` deep in a command points at itself rather than at the start of the value.
struct ScalarLocator {
    let file: SourceFile
    let scalar: Node.Scalar
    let start: SourceLocation

    /// The location of the `offset`-th Unicode scalar of the value.
    func locate(_ offset: Int) -> SourceLocation {
        switch scalar.style {
        case .plain, .any:
            return scalar.string.includes("\n") ? blockLocation(offset, firstLine: start.line, fixedIndent: false)
                ?? start : start.advanced(by: offset)
        case .singleQuoted:
            return quotedLocation(offset, escape: singleQuoteEscapeLength) ?? start
        case .doubleQuoted:
            return quotedLocation(offset, escape: doubleQuoteEscapeLength) ?? start
        case .literal, .folded:
            return blockLocation(offset, firstLine: start.line + 1, fixedIndent: true) ?? start
        }
    }

    /// Walks the source after the opening quote; `escape` says how many source scalars an
    /// escape at that point takes (1 when it is no escape).
    private func quotedLocation(_ offset: Int, escape: ([Unicode.Scalar], Int) -> Int) -> SourceLocation? {
        guard let line = file.line(start.line) else { return nil }
        let scalars = Array(line.unicodeScalars)
        // `start.column` is the 1-based column of the quote, so it is also the 0-based
        // index of the first content scalar.
        var index = start.column
        var produced = 0
        while index < scalars.count {
            if produced == offset { return file.location(line: start.line, column: index + 1) }
            let width = escape(scalars, index)
            index += width
            produced += 1
        }
        return nil
    }

    private func singleQuoteEscapeLength(_ scalars: [Unicode.Scalar], _ index: Int) -> Int {
        scalars[index] == "'" && index + 1 < scalars.count && scalars[index + 1] == "'" ? 2 : 1
    }

    private func doubleQuoteEscapeLength(_ scalars: [Unicode.Scalar], _ index: Int) -> Int {
        guard scalars[index] == "\\", index + 1 < scalars.count else { return 1 }
        switch scalars[index + 1] {
        case "x": return 4
        case "u": return 6
        case "U": return 10
        default: return 2
        }
    }

    /// Block scalars: content lines follow the indicator line; the indentation is that of
    /// the first non-blank content line (`fixedIndent`), while a multi-line plain scalar
    /// drops each line's own leading spaces. Each source line contributes its text plus one
    /// break (a newline, or the space folding made of it).
    private func blockLocation(_ offset: Int, firstLine: Int, fixedIndent: Bool) -> SourceLocation? {
        var remaining = offset
        var lineNumber = firstLine
        var contentIndent: Int?
        while let line = file.line(lineNumber) {
            let scalars = Array(line.unicodeScalars)
            let leading = scalars.prefix { $0 == " " }.count
            if lineNumber == start.line {
                // A multi-line plain scalar starts mid-line.
                let available = scalars.count - (start.column - 1)
                if remaining < available { return start.advanced(by: remaining) }
                remaining -= available + 1
                lineNumber += 1
                continue
            }
            if leading == scalars.count {
                remaining -= 1
                lineNumber += 1
                if remaining < 0 { return nil }
                continue
            }
            let usedIndent = contentIndent ?? leading
            if fixedIndent { contentIndent = usedIndent }
            let available = scalars.count - usedIndent
            if remaining < available {
                return file.location(line: lineNumber, column: usedIndent + remaining + 1)
            }
            remaining -= available + 1
            lineNumber += 1
        }
        return nil
    }
}
