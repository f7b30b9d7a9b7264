#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Azure CLI's commands and their options, as `scripts/az-catalogue.py` took them from
/// az itself (`AzCatalogueData.swift`): what `validate` checks `az` steps against. Read
/// and indexed on first use only, so a lab without `az` steps never pays for it.
public struct AzCatalogue: Sendable {
    public struct Option: Sendable {
        /// Long names first: `--resource-group`, `-g`.
        public var names: [String]
        public var takesValue: Bool
        public var required: Bool
        public var deprecated: Bool
        /// Takes several values: the words up to the next option.
        public var takesSeveral: Bool
        /// Its value may be left out.
        public var valueOptional: Bool
        /// May be given more than once.
        public var repeats: Bool
        /// The values it allows, when az lists them.
        public var allowed: [String]

        public var name: String { names[0] }
    }

    public struct Command: Sendable {
        public var path: String
        public var deprecated: Bool
        public var preview: Bool
        /// Takes words that are not options (`az acr build SOURCE`).
        public var takesPositionals: Bool
        public var options: [Option]
    }

    public let version: String
    public let globalOptions: [Option]
    /// The catalogue's text: a Swift string literal, so its bytes are the binary's own
    /// read-only data, never copied.
    private let text: String
    /// Where each option spec's text (`--name,-n vr`) lies, by number: parsed when a
    /// command that uses it is looked up, not when the catalogue is read.
    private let specs: [Span]
    /// Each group line (`containerapp revision|d`), sorted by path as the generator writes them.
    private let groups: [Span]
    /// Each command line (`containerapp update|+|0 1 x`), sorted by path.
    private let commands: [Span]

    /// A line of the text by its byte offsets: the part before the first `|` is its key.
    private struct Span: Sendable {
        var start: Int32
        var end: Int32
    }

    /// The catalogue of the Azure CLI labspec was built with.
    public static let shipped: AzCatalogue = AzCatalogue(text: azCatalogueText)

    /// Reads the lines' positions in one pass over the bytes and makes no strings: a
    /// lookup is a binary search over the sorted lines (the generator sorts them), so
    /// `validate` pays microseconds, not the milliseconds of hashing 7,500 paths.
    init(text: String) {
        var text = text
        text.makeContiguousUTF8()
        var version = ""
        var globals: [Option] = []
        var specs: [Span] = []
        var groups: [Span] = []
        var commands: [Span] = []
        specs.reserveCapacity(8_192)
        commands.reserveCapacity(8_192)
        func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
            var start = 0
            while start < bytes.count {
                let end = Self.offset(of: UInt8(ascii: "\n"), in: bytes, from: start, to: bytes.count) ?? bytes.count
                defer { start = end + 1 }
                guard end > start else { continue }
                let line = bytes[start..<end]
                switch bytes[start] {
                case UInt8(ascii: "#"):
                    version = String(String(decoding: line, as: UTF8.self).split(separator: " ").last ?? "")
                case UInt8(ascii: "*"):
                    globals = String(decoding: line.dropFirst(), as: UTF8.self).split(separator: ";").compactMap { Self.option($0) }
                case UInt8(ascii: "="):
                    guard let gap = Self.offset(of: UInt8(ascii: " "), in: bytes, from: start, to: end) else { continue }
                    specs.append(Span(start: Int32(gap + 1), end: Int32(end)))
                case UInt8(ascii: "^"):
                    groups.append(Span(start: Int32(start + 1), end: Int32(end)))
                default:
                    commands.append(Span(start: Int32(start), end: Int32(end)))
                }
            }
        }
        _ = text.utf8.withContiguousStorageIfAvailable(scan)
        self.text = text
        self.version = version
        globalOptions = globals
        self.specs = specs
        self.groups = groups
        self.commands = commands
    }

    /// The first `byte` in `bytes[from..<to]`, by `memchr`: the catalogue's 626 KB are
    /// scanned once per process, and a loop over Swift's bounds-checked bytes was most of it.
    private static func offset(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard let base = bytes.baseAddress, from < to, let found = memchr(base + from, Int32(byte), to - from) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// `--name,-n vr A|B`: names, flags, allowed values.
    private static func option(_ text: Substring) -> Option? {
        let fields = text.split(separator: " ", maxSplits: 2)
        guard let names = fields.first?.split(separator: ",").map(String.init), !names.isEmpty else { return nil }
        let flags = fields.count > 1 ? fields[1].utf8 : Substring().utf8
        let allowed = fields.count > 2 ? fields[2].split(separator: "|").map(String.init) : []
        return Option(names: names, takesValue: flags.contains(UInt8(ascii: "v")), required: flags.contains(UInt8(ascii: "r")),
                      deprecated: flags.contains(UInt8(ascii: "d")), takesSeveral: flags.contains(UInt8(ascii: "m")),
                      valueOptional: flags.contains(UInt8(ascii: "o")), repeats: flags.contains(UInt8(ascii: "a")),
                      allowed: allowed)
    }

    public var commandCount: Int { commands.count }

    /// The command at `path`, its options parsed.
    public func command(_ path: String) -> Command? {
        guard let entry = line(path, in: commands) else { return nil }
        let fields = entry.split(separator: "|", omittingEmptySubsequences: false)
        let marks = fields.count > 1 ? fields[1].utf8 : Substring().utf8
        let options = (fields.count > 2 ? fields[2] : "").split(separator: " ").compactMap { Int($0, radix: 36) }
            .compactMap { $0 < specs.count ? Self.option(slice(specs[$0])) : nil }
        return Command(path: path, deprecated: marks.contains(UInt8(ascii: "d")), preview: marks.contains(UInt8(ascii: "p")),
                       takesPositionals: marks.contains(UInt8(ascii: "+")), options: options)
    }

    /// Whether `path` is a command, without parsing its options.
    public func isCommand(_ path: String) -> Bool { line(path, in: commands) != nil }

    public func isGroup(_ path: String) -> Bool { line(path, in: groups) != nil }

    public func isDeprecatedGroup(_ path: String) -> Bool {
        guard let entry = line(path, in: groups) else { return false }
        return entry.utf8.drop { $0 != UInt8(ascii: "|") }.contains(UInt8(ascii: "d"))
    }

    private func slice(_ span: Span) -> Substring {
        let utf8 = text.utf8
        return Substring(utf8[utf8.index(utf8.startIndex, offsetBy: Int(span.start))..<utf8.index(utf8.startIndex, offsetBy: Int(span.end))])
    }

    /// The line of `lines` whose key (its text before the first `|`) is `path`.
    private func line(_ path: String, in lines: [Span]) -> Substring? {
        var path = path
        return path.withUTF8 { key in
            text.utf8.withContiguousStorageIfAvailable { bytes -> Substring? in
                let found = Self.lowerBound(key, bytes, lines)
                return found < lines.count && Self.compare(key, bytes, lines[found]) == 0 ? slice(lines[found]) : nil
            } ?? nil
        }
    }

    /// The first of `lines` whose key does not sort before `key`, by binary search on
    /// bytes: the generator sorts paths by code point, which for these ASCII paths is
    /// byte order. Keys that start with `key` follow it, one after another.
    private static func lowerBound(_ key: UnsafeBufferPointer<UInt8>, _ bytes: UnsafeBufferPointer<UInt8>, _ lines: [Span]) -> Int {
        var low = 0
        var high = lines.count
        while low < high {
            let middle = (low + high) / 2
            if compare(key, bytes, lines[middle]) > 0 { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Negative, zero or positive as `key` sorts before, as, or after the key of `span`.
    private static func compare(_ key: UnsafeBufferPointer<UInt8>, _ bytes: UnsafeBufferPointer<UInt8>, _ span: Span) -> Int {
        var index = Int(span.start)
        let end = Int(span.end)
        for byte in key {
            guard index < end, bytes[index] != UInt8(ascii: "|") else { return 1 }
            if byte != bytes[index] { return byte < bytes[index] ? -1 : 1 }
            index += 1
        }
        return index < end && bytes[index] != UInt8(ascii: "|") ? -1 : 0
    }

    /// The longest run of leading `words` that names a group or command, and how many
    /// words it took. It stops at the first option, or at a word not known when the spec
    /// loads (nil: it holds `${…}`).
    public func commandPath(of words: [String?]) -> (path: String, length: Int) {
        var path = ""
        var length = 0
        for word in words {
            guard let word, !word.hasPrefix("-") else { break }
            let candidate = path.isEmpty ? word : path + " " + word
            guard isCommand(candidate) || isGroup(candidate) else { break }
            path = candidate
            length += 1
        }
        return (path, length)
    }

    /// The words that may follow `path` (the empty path: the top-level groups): the
    /// paths that start with it lie together in the sorted lines.
    public func words(after path: String) -> [String] {
        var prefix = path.isEmpty ? "" : path + " "
        var words: Set<String> = []
        prefix.withUTF8 { prefix in
            _ = text.utf8.withContiguousStorageIfAvailable { bytes in
                for lines in [commands, groups] {
                    var index = Self.lowerBound(prefix, bytes, lines)
                    while index < lines.count {
                        let start = Int(lines[index].start)
                        let end = Int(lines[index].end)
                        guard end - start > prefix.count, prefix.elementsEqual(bytes[start..<(start + prefix.count)]) else { break }
                        var wordEnd = start + prefix.count
                        while wordEnd < end, bytes[wordEnd] != UInt8(ascii: " "), bytes[wordEnd] != UInt8(ascii: "|") { wordEnd += 1 }
                        if wordEnd > start + prefix.count {
                            words.insert(String(decoding: bytes[(start + prefix.count)..<wordEnd], as: UTF8.self))
                        }
                        index += 1
                    }
                }
            }
        }
        return words.sorted()
    }
}
