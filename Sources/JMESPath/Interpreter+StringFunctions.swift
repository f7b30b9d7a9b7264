/// The Community Edition's string functions (JEP-14), counted in Unicode scalars as its
/// reference implementation counts: `split`, `replace`, `trim`, `trim_left`,
/// `trim_right`, `pad_left`, `pad_right`, `find_first`, `find_last`. A count, width or
/// index that is not a whole number (or, where it must not be, is negative) is an
/// `invalid-value` error.
extension Interpreter {
    func callString(_ function: Function, _ arguments: [Argument]) throws(JMESPathError) -> JSONValue {
        let name = function.rawValue
        func value(_ index: Int) throws(JMESPathError) -> JSONValue { try Self.value(arguments, index, of: name) }
        func text(_ index: Int) throws(JMESPathError) -> [Unicode.Scalar] {
            let argument = try value(index)
            guard case .string(let text) = argument else { throw Self.wrongType(name, index, "a string", argument) }
            return Array(text.unicodeScalars)
        }
        /// An optional whole-number argument; `nonNegative` refuses one below zero.
        func whole(_ index: Int, nonNegative: Bool) throws(JMESPathError) -> Int? {
            guard index < arguments.count else { return nil }
            let argument = try value(index)
            let number = argument.number ?? .nan
            guard number.rounded() == number, abs(number) < 1e15, !nonNegative || number >= 0 else {
                throw JMESPathError(.invalidValue, "\(name)() expects a\(nonNegative ? " non-negative" : "n") integer "
                                    + "as argument \(index + 1), found \(argument.compactText)")
            }
            return Int(number)
        }
        func string(_ scalars: some Collection<Unicode.Scalar>) throws(JMESPathError) -> JSONValue {
            try budget.spend(scalars.count, in: name)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return .string(String(view))
        }

        // Every argument's type is checked before any value, as the reference does.
        let types: [String] = switch function {
        case .split: ["string", "string", "number"]
        case .replace: ["string", "string", "string", "number"]
        case .padLeft, .padRight: ["string", "number", "string"]
        case .findFirst, .findLast: ["string", "string", "number", "number"]
        default: ["string", "string"]
        }
        for index in arguments.indices {
            let found = try value(index)
            guard found.typeName == types[index] else { throw Self.wrongType(name, index, "a \(types[index])", found) }
        }

        /// What a hostile query could make grow without end is refused before it is built.
        func bounded(_ size: Int, _ what: String) throws(JMESPathError) {
            guard size > Self.maximumText else { return }
            throw JMESPathError(.tooLarge, "\(name)() would make \(what) of \(size), more than \(Self.maximumText)")
        }

        switch function {
        case .split:
            let subject = try text(0), separator = try text(1)
            if separator.isEmpty { try bounded(subject.count, "an array") }
            let parts = Self.split(subject, on: separator, limit: try whole(2, nonNegative: true))
            var pieces: [JSONValue] = []
            for part in parts { pieces.append(try string(part)) }
            return .array(pieces)
        case .replace:
            let subject = try text(0), old = try text(1), new = try text(2)
            let limit = try whole(3, nonNegative: true)
            let parts = Self.split(subject, on: old, limit: limit, emptyMeansBetweenEveryScalar: true)
            let (grown, overflow) = (parts.count - 1).multipliedReportingOverflow(by: new.count)
            try bounded(overflow ? .max : grown + subject.count, "a text")
            var joined: [Unicode.Scalar] = parts.first ?? []
            for part in parts.dropFirst() { joined += new + part }
            return try string(joined)
        case .trim, .trimLeft, .trimRight:
            let subject = try text(0)
            var set = Set<Unicode.Scalar>()
            if arguments.count > 1 { set = Set(try text(1)) }
            func strip(_ scalar: Unicode.Scalar) -> Bool { set.isEmpty ? Self.isSpace(scalar) : set.contains(scalar) }
            var slice = subject[...]
            if function != .trimRight { slice = slice.drop(while: strip) }
            if function != .trimLeft { while let last = slice.last, strip(last) { slice = slice.dropLast() } }
            return try string(slice)
        case .padLeft, .padRight:
            let subject = try text(0)
            let width = try whole(1, nonNegative: true) ?? 0
            try bounded(width, "a text")
            var pad: [Unicode.Scalar] = [" "]
            if arguments.count > 2 { pad = try text(2) }
            guard pad.count == 1 else {
                throw JMESPathError(.invalidValue, "\(name)() pads with one character, found \(pad.count)")
            }
            let padding = Array(repeating: pad[0], count: max(0, width - subject.count))
            return try string(function == .padLeft ? padding + subject : subject + padding)
        default:
            let subject = try text(0), search = try text(1)
            let count = subject.count
            func clamp(_ index: Int?, _ fallback: Int) -> Int {
                guard let index else { return fallback }
                return Swift.min(Swift.max(index < 0 ? index + count : index, 0), count)
            }
            let start = clamp(try whole(2, nonNegative: false), 0)
            let end = clamp(try whole(3, nonNegative: false), count)
            guard !search.isEmpty, start < end else { return .null }
            let finder = ScalarSearch(search)
            let found = function == .findFirst
                ? finder.occurrences(in: subject, start..<end, limit: 1).first : finder.last(in: subject, start..<end)
            return found.map { .int($0) } ?? .null
        }
    }

    /// The longest text (in scalars) or array a string function builds: far beyond any
    /// evidence a lab reads, far below what would exhaust memory.
    static let maximumText = 16_777_216

    /// Python's `str.split(separator, limit)`; an empty separator gives each scalar, the
    /// rest after `limit` of them in one piece. For `replace`, an empty separator instead
    /// matches between every scalar and at both ends, as `str.replace` does.
    static func split(_ subject: [Unicode.Scalar], on separator: [Unicode.Scalar], limit: Int?,
                      emptyMeansBetweenEveryScalar: Bool = false) -> [[Unicode.Scalar]] {
        let limit = limit ?? .max
        if separator.isEmpty {
            if emptyMeansBetweenEveryScalar {
                let cuts = Swift.min(limit, subject.count + 1)
                guard cuts > 0 else { return [subject] }
                return [[]] + subject.prefix(cuts - 1).map { [$0] } + [Array(subject.dropFirst(cuts - 1))]
            }
            guard limit < subject.count else { return subject.map { [$0] } }
            return subject.prefix(limit).map { [$0] } + [Array(subject.dropFirst(limit))]
        }
        var parts: [[Unicode.Scalar]] = []
        var start = 0
        for found in ScalarSearch(separator).occurrences(in: subject, subject.indices, limit: limit) {
            parts.append(Array(subject[start..<found]))
            start = found + separator.count
        }
        return parts + [Array(subject[start...])]
    }

    /// Python's `str.isspace` for one scalar: Unicode white space and the four
    /// information separators.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }
}
