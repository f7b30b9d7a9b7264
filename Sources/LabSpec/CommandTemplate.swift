/// An argv template: the words of a command, split once at load time. Each word may hold
/// `${NAME}` references; after substitution a word is still exactly one argument.
public struct CommandTemplate: Sendable, Hashable {
    public var words: [Template]
    public var location: SourceLocation
    /// Where each word stands in the spec: what a diagnostic about one word points at.
    public var wordPlaces: [WordPlace] = []

    /// A word's place in the spec: where it starts, how many columns it spans (a word of a
    /// list is its whole item), and which of those columns its quoting drops, so a
    /// position inside the word's text (a query's error) is found in the source.
    public struct WordPlace: Sendable, Hashable {
        public var location: SourceLocation
        public var length: Int
        /// Offsets, from the word's start, of the quotes and escaping backslashes the
        /// shell's reading removes; ascending.
        public var dropped: [Int]

        public init(location: SourceLocation, length: Int, dropped: [Int] = []) {
            self.location = location
            self.length = length
            self.dropped = dropped
        }

        /// Where the character at `offset` of the word's text is in the spec.
        public func location(ofText offset: Int) -> SourceLocation {
            var source = offset
            for position in dropped {
                guard position <= source else { break }
                source += 1
            }
            var location = location
            location.column += source
            return location
        }
    }

    public init(words: [Template], location: SourceLocation) {
        self.words = words
        self.location = location
    }

    /// Word `index`'s place; the command's own for a word it does not know (a template
    /// made in code).
    public func place(ofWord index: Int) -> WordPlace {
        index < wordPlaces.count ? wordPlaces[index] : WordPlace(location: location, length: 1)
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

    /// `split`, with each word's start and length in scalars of `text`, and the offsets
    /// from its start of what quoting drops.
    public static func splitLocated(
        _ text: String, locate: (Int) -> SourceLocation
    ) -> Result<[(word: Template, start: Int, length: Int, dropped: [Int])], TemplateProblem> {
        var located: [(word: Template, start: Int, length: Int, dropped: [Int])] = []
        var dropped: [Int] = []
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
                    located.append((words[words.count - 1], start, scanner.scalarOffset - start, dropped))
                }
                inWord = false
                scanner.advance()
                continue
            }
            if !inWord {
                start = scanner.scalarOffset
                dropped = []
            }
            inWord = true
            if byte == quote {
                quote = nil
                dropped.append(scanner.scalarOffset - start)
                scanner.advance()
                continue
            }
            if quote == nil, byte == single || byte == double {
                quote = byte
                quoteStart = scanner.scalarOffset
                dropped.append(scanner.scalarOffset - start)
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
                } else {
                    dropped.append(scanner.scalarOffset - start)
                }
                scanner.advance()
                let length = scanner.currentScalarLength
                if next != newline {
                    for offset in 0..<length { word.appendByte(scanner.bytes[scanner.index + offset]) }
                } else {
                    dropped.append(scanner.scalarOffset - start)
                }
                scanner.advance(by: length)
                continue
            }
            let here = scanner.scalarOffset - start
            switch TemplateBuilder.scanReference(&scanner) {
            case .none:
                word.appendByte(byte)
                scanner.advance()
            case .escapedDollar:
                // `$${` is `${`: one `$` dropped.
                dropped.append(here)
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
            located.append((words[words.count - 1], start, scanner.scalarOffset - start, dropped))
        }
        return .success(located)
    }
}
