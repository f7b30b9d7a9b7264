/// An argv template: the words of a command, split once at load time. Each word may hold
/// `${NAME}` references; after substitution a word is still exactly one argument.
public struct CommandTemplate: Sendable, Hashable {
    public var words: [Template]
    public var location: SourceLocation

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
        let scalars = Array(text.unicodeScalars)
        var words: [Template] = []
        var word = TemplateBuilder()
        var inWord = false
        var quote: Unicode.Scalar?
        var quoteStart = 0
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if quote == nil, scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                if inWord { words.append(word.finish()) }
                inWord = false
                index += 1
                continue
            }
            inWord = true
            if scalar == quote {
                quote = nil
                index += 1
                continue
            }
            if quote == nil, scalar == "'" || scalar == "\"" {
                quote = scalar
                quoteStart = index
                index += 1
                continue
            }
            if scalar == "\\", quote != "'" {
                guard index + 1 < scalars.count else {
                    return .failure(TemplateProblem(kind: .danglingEscape, offset: index))
                }
                let next = scalars[index + 1]
                // Inside double quotes a backslash escapes only what the shell would.
                if quote == "\"", !["\"", "\\", "$"].contains(next) {
                    word.appendLiteral(scalar)
                }
                if next == "$" {
                    word.appendLiteral("$")
                } else if next != "\n" {
                    word.appendLiteral(next)
                }
                index += 2
                continue
            }
            switch TemplateBuilder.scanReference(scalars, at: index) {
            case .none:
                word.appendLiteral(scalar)
                index += 1
            case .escapedDollar(let next):
                word.appendLiteral("$")
                word.appendLiteral("{")
                index = next
            case .reference(let name, let next):
                word.appendVariable(VariableReference(name: name, location: locate(index)))
                index = next
            case .problem(let problem):
                return .failure(problem)
            }
        }
        if let quote {
            return .failure(TemplateProblem(kind: .unterminatedQuote(Character(quote)), offset: quoteStart))
        }
        if inWord { words.append(word.finish()) }
        return .success(words)
    }
}
