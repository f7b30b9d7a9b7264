/// The text of one spec file with its line starts indexed once, so diagnostics and
/// in-scalar positions are found without rescanning the file.
public struct SourceFile: Sendable {
    public let path: String
    public let text: String
    /// UTF-8 offset of the start of each line.
    private let lineStarts: [Int]

    public init(path: String, text: String) {
        self.path = path
        var text = text
        text.makeContiguousUTF8()
        self.text = text
        var starts = [0]
        text.utf8.withContiguousStorageIfAvailable { bytes in
            for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
                starts.append(index + 1)
            }
        }
        lineStarts = starts
    }

    public var lineCount: Int { lineStarts.count }

    /// The text of a 1-based line without its line break, or nil past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lineStarts.count else { return nil }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: lineStarts[number - 1])
        var end = number < lineStarts.count ? utf8.index(utf8.startIndex, offsetBy: lineStarts[number]) : utf8.endIndex
        while end > start {
            let previous = utf8.index(before: end)
            guard utf8[previous] == UInt8(ascii: "\n") || utf8[previous] == UInt8(ascii: "\r") else { break }
            end = previous
        }
        return text[start..<end]
    }

    public func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: path, line: line, column: column)
    }
}
