/// The text of one spec file with its line starts indexed once, so diagnostics and
/// in-scalar positions are found without rescanning the file.
public struct SourceFile: Sendable {
    public let path: String
    public let text: String
    private let lineStarts: [String.Index]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        var starts = [text.startIndex]
        var index = text.startIndex
        let scalars = text.unicodeScalars
        while index < text.endIndex {
            let scalar = scalars[index]
            index = scalars.index(after: index)
            if scalar == "\n" { starts.append(index) }
        }
        lineStarts = starts
    }

    public var lineCount: Int { lineStarts.count }

    /// The text of a 1-based line without its line break, or nil past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lineStarts.count else { return nil }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] : text.endIndex
        let scalars = text.unicodeScalars
        while end > start {
            let previous = scalars.index(before: end)
            guard scalars[previous] == "\n" || scalars[previous] == "\r" else { break }
            end = previous
        }
        return text[start..<end]
    }

    public func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: path, line: line, column: column)
    }
}
