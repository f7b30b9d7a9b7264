/// A string with `${NAME}` references, parsed once at load time. Substitution happens
/// only at run time and never through a shell, so a value stays exactly one piece of text.
///
/// `$${` writes a literal `${`; a `$` not followed by `{` is literal.
public struct Template: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        case literal(String)
        case variable(VariableReference)
    }

    public var parts: [Part]

    public init(parts: [Part]) {
        self.parts = parts
    }

    public init(literal text: String) {
        parts = text.isEmpty ? [] : [.literal(text)]
    }

    public var variables: [VariableReference] {
        parts.compactMap { part in
            if case .variable(let reference) = part { return reference }
            return nil
        }
    }

    public var isLiteral: Bool { variables.isEmpty }

    /// The text as the author wrote it, with references kept as `${NAME}`.
    public var symbolic: String {
        render { "${\($0.name)}" }
    }

    /// Fills every reference through `value`; a reference it cannot fill is kept symbolic.
    public func render(_ value: (VariableReference) -> String?) -> String {
        var result = ""
        for part in parts {
            switch part {
            case .literal(let text): result += text
            case .variable(let reference): result += value(reference) ?? "${\(reference.name)}"
            }
        }
        return result
    }
}

/// One `${NAME}` use, with the place it was written.
public struct VariableReference: Sendable, Hashable {
    public var name: String
    public var location: SourceLocation

    public init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
    }
}

/// A problem found while splitting a template; `offset` counts scalars into the source text.
public struct TemplateProblem: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case unterminatedVariable
        case invalidVariableName(String)
        case unterminatedQuote(Character)
        case danglingEscape
    }

    public var kind: Kind
    public var offset: Int

    public init(kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }
}

extension Template {
    /// Parses `text`; `locate` maps a scalar offset into `text` to a source position.
    public static func parse(
        _ text: String, locate: (Int) -> SourceLocation
    ) -> Result<Template, TemplateProblem> {
        var builder = TemplateBuilder()
        var scanner = ByteScanner(text)
        while !scanner.atEnd {
            switch TemplateBuilder.scanReference(&scanner) {
            case .none:
                builder.appendByte(scanner.current)
                scanner.advance()
            case .escapedDollar:
                builder.appendLiteral("${")
            case .reference(let name, let offset):
                builder.appendVariable(VariableReference(name: name, location: locate(offset)))
            case .problem(let problem):
                return .failure(problem)
            }
        }
        return .success(builder.finish())
    }
}

/// Walks UTF-8 bytes while counting Unicode scalars, so positions match libyaml's columns
/// without decoding every character.
struct ByteScanner {
    let bytes: [UInt8]
    private(set) var index = 0
    /// Scalars before `index`.
    private(set) var scalarOffset = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    var atEnd: Bool { index >= bytes.count }
    var current: UInt8 { bytes[index] }

    func peek(_ distance: Int) -> UInt8? {
        index + distance < bytes.count ? bytes[index + distance] : nil
    }

    mutating func advance(by count: Int = 1) {
        for _ in 0..<count where index < bytes.count {
            index += 1
            // A scalar starts at every byte that is not a continuation byte.
            if index >= bytes.count || bytes[index] & 0xC0 != 0x80 { scalarOffset += 1 }
        }
    }

    /// The full scalar at `index` (1 to 4 bytes).
    var currentScalarLength: Int {
        var length = 1
        while index + length < bytes.count, bytes[index + length] & 0xC0 == 0x80 { length += 1 }
        return length
    }
}

/// Accumulates template parts, merging adjacent literal text.
struct TemplateBuilder {
    private var parts: [Template.Part] = []
    private var literal: [UInt8] = []

    mutating func appendByte(_ byte: UInt8) {
        literal.append(byte)
    }

    mutating func appendLiteral(_ text: String) {
        literal.append(contentsOf: text.utf8)
    }

    mutating func appendVariable(_ reference: VariableReference) {
        flush()
        parts.append(.variable(reference))
    }

    mutating func flush() {
        if !literal.isEmpty {
            parts.append(.literal(String(decoding: literal, as: UTF8.self)))
            literal.removeAll(keepingCapacity: true)
        }
    }

    mutating func finish() -> Template {
        flush()
        defer { parts = [] }
        return Template(parts: parts)
    }

    enum Scan {
        case none
        case escapedDollar
        case reference(name: String, offset: Int)
        case problem(TemplateProblem)
    }

    /// Recognises `${NAME}` or `$${` at the scanner's position and moves past it.
    static func scanReference(_ scanner: inout ByteScanner) -> Scan {
        let dollar = UInt8(ascii: "$"), open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        guard scanner.current == dollar, let next = scanner.peek(1) else { return .none }
        if next == dollar, scanner.peek(2) == open {
            scanner.advance(by: 3)
            return .escapedDollar
        }
        guard next == open else { return .none }
        let offset = scanner.scalarOffset
        var end = scanner.index + 2
        while end < scanner.bytes.count, scanner.bytes[end] != close { end += 1 }
        guard end < scanner.bytes.count else {
            return .problem(TemplateProblem(kind: .unterminatedVariable, offset: offset))
        }
        let name = String(decoding: scanner.bytes[(scanner.index + 2)..<end], as: UTF8.self)
        guard VariableName.isValid(name) else {
            return .problem(TemplateProblem(kind: .invalidVariableName(name), offset: offset))
        }
        scanner.advance(by: end + 1 - scanner.index)
        return .reference(name: name, offset: offset)
    }
}

/// The spelling rules for variable names: inputs and captures are identifiers,
/// built-ins are dotted (`now.epoch`).
public enum VariableName {
    public static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first,
              first == "_" || ("A"..."Z").contains(first) || ("a"..."z").contains(first)
        else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar == "_" || ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar)
                || ("0"..."9").contains(scalar)
        }
    }

    public static func isValid(_ name: String) -> Bool {
        let pieces = name.split(separator: ".", omittingEmptySubsequences: false)
        return !pieces.isEmpty && pieces.allSatisfy { isIdentifier(String($0)) }
    }
}
