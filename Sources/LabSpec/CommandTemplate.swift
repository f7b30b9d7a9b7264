/// An argv template: the words of a command, split once at load time. Each word may hold
/// `${NAME}` references; after substitution a word is still exactly one argument.
public struct CommandTemplate: Sendable, Hashable {
    public var words: [Template]
    public var location: SourceLocation
    /// Where each word starts in the spec, and how many columns it spans there (a word of
    /// a list is its whole item): what a diagnostic about one word points at.
    public var wordLocations: [SourceLocation] = []
    public var wordLengths: [Int] = []

    public init(words: [Template], location: SourceLocation) {
        self.words = words
        self.location = location
    }

    public var variables: [VariableReference] { words.flatMap(\.variables) }

    /// Splits a command line into words. Quotes (single or double) only group text:
    /// `${NAME}` is substituted inside them too. A backslash escapes the next character
    /// outside single quotes. `locate` maps a scalar offset to a source position.
    public static func split(
        _ text: String, locate: (Int) -> SourceLocation
    ) -> Result<[Template], TemplateProblem> {
        splitLocated(text, locate: locate).map { $0.map(\.word) }
    }

    /// `split`, with each word's start and length in scalars of `text`.
    public static func splitLocated(
        _ text: String, locate: (Int) -> SourceLocation
    ) -> Result<[(word: Template, start: Int, length: Int)], TemplateProblem> {
        var located: [(word: Template, start: Int, length: Int)] = []
        var start = 0
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r"), single = UInt8(ascii: "'"), double = UInt8(ascii: "\"")
        let backslash = UInt8(ascii: "\\"), dollar = UInt8(ascii: "$")
        var scanner = ByteScanner(text)
        var words: [Template] = []
        var word = TemplateBuilder()
        var inWord = false
        var quote: UInt8?
        var quoteStart = 0
        while !scanner.atEnd {
            let byte = scanner.current
            if quote == nil, byte == space || byte == tab || byte == newline || byte == carriageReturn {
                if inWord {
                    words.append(word.finish())
                    located.append((words[words.count - 1], start, scanner.scalarOffset - start))
                }
                inWord = false
                scanner.advance()
                continue
            }
            if !inWord { start = scanner.scalarOffset }
            inWord = true
            if byte == quote {
                quote = nil
                scanner.advance()
                continue
            }
            if quote == nil, byte == single || byte == double {
                quote = byte
                quoteStart = scanner.scalarOffset
                scanner.advance()
                continue
            }
            if byte == backslash, quote != single {
                guard let next = scanner.peek(1) else {
                    return .failure(TemplateProblem(kind: .danglingEscape, offset: scanner.scalarOffset))
                }
                // Inside double quotes a backslash escapes only what the shell would.
                if quote == double, next != double, next != backslash, next != dollar {
                    word.appendByte(byte)
                }
                scanner.advance()
                let length = scanner.currentScalarLength
                if next != newline {
                    for offset in 0..<length { word.appendByte(scanner.bytes[scanner.index + offset]) }
                }
                scanner.advance(by: length)
                continue
            }
            switch TemplateBuilder.scanReference(&scanner) {
            case .none:
                word.appendByte(byte)
                scanner.advance()
            case .escapedDollar:
                word.appendLiteral("${")
            case .reference(let name, let offset):
                word.appendVariable(VariableReference(name: name, location: locate(offset)))
            case .problem(let problem):
                return .failure(problem)
            }
        }
        if let quote {
            return .failure(TemplateProblem(kind: .unterminatedQuote(Character(Unicode.Scalar(quote))), offset: quoteStart))
        }
        if inWord {
            words.append(word.finish())
            located.append((words[words.count - 1], start, scanner.scalarOffset - start))
        }
        return .success(located)
    }
}
