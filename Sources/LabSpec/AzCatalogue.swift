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
    /// Each option spec's text (`--name,-n vr`), by number: parsed when a command that
    /// uses it is looked up, not when the catalogue is read.
    private let specs: [Substring]
    /// Each command's marks and option numbers (`+|0 1 x`), by path.
    private let commands: [String: Substring]
    /// Group paths (`containerapp`, `containerapp revision`) and whether each is deprecated.
    private let groups: [String: Bool]

    /// The catalogue of the Azure CLI labspec was built with.
    public static let shipped: AzCatalogue = AzCatalogue(text: azCatalogueText)

    init(text: String) {
        var version = ""
        var globals: [Option] = []
        var specs: [Substring] = []
        var commands: [String: Substring] = [:]
        var groups: [String: Bool] = [:]
        commands.reserveCapacity(8_192)
        specs.reserveCapacity(8_192)
        // One pass over the UTF-8 bytes, keeping offsets: Substrings are made only from
        // them, and only the paths become Strings (dictionary keys). Splitting the text on
        // Characters walks grapheme clusters and was ten times slower.
        let utf8 = text.utf8
        let (newline, space, bar) = (UInt8(ascii: "\n"), UInt8(ascii: " "), UInt8(ascii: "|"))
        func substring(_ range: Range<Int>) -> Substring {
            text[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
        }
        func parse(_ bytes: UnsafeBufferPointer<UInt8>) {
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != newline { end += 1 }
                defer { start = end + 1 }
                guard end > start else { continue }
                switch bytes[start] {
                case UInt8(ascii: "#"):
                    version = String(substring(start..<end).split(separator: " ").last ?? "")
                case UInt8(ascii: "*"):
                    globals = substring((start + 1)..<end).split(separator: ";").compactMap { Self.option(Substring($0)) }
                case UInt8(ascii: "="):
                    guard let gap = (start..<end).first(where: { bytes[$0] == space }) else { continue }
                    specs.append(substring((gap + 1)..<end))
                case UInt8(ascii: "^"):
                    let split = (start..<end).first(where: { bytes[$0] == bar }) ?? end
                    groups[String(substring((start + 1)..<split))] = split < end && (split..<end).contains { bytes[$0] == UInt8(ascii: "d") }
                default:
                    guard let split = (start..<end).first(where: { bytes[$0] == bar }) else { continue }
                    commands[String(substring(start..<split))] = substring((split + 1)..<end)
                }
            }
        }
        // A native string's bytes are contiguous; any other is copied once.
        if utf8.withContiguousStorageIfAvailable(parse) == nil { Array(utf8).withUnsafeBufferPointer(parse) }
        self.version = version
        globalOptions = globals
        self.specs = specs
        self.commands = commands
        self.groups = groups
    }

    /// `--name,-n vr A|B`: names, flags, allowed values.
    private static func option(_ text: Substring) -> Option? {
        let fields = text.split(separator: " ", maxSplits: 2)
        guard let names = fields.first?.split(separator: ",").map(String.init), !names.isEmpty else { return nil }
        let flags = fields.count > 1 ? fields[1] : ""
        let allowed = fields.count > 2 ? fields[2].split(separator: "|").map(String.init) : []
        return Option(names: names, takesValue: flags.contains("v"), required: flags.contains("r"),
                      deprecated: flags.contains("d"), takesSeveral: flags.contains("m"),
                      valueOptional: flags.contains("o"), repeats: flags.contains("a"), allowed: allowed)
    }

    public var commandCount: Int { commands.count }

    /// The command at `path`, its options parsed.
    public func command(_ path: String) -> Command? {
        guard let entry = commands[path] else { return nil }
        let fields = entry.split(separator: "|", omittingEmptySubsequences: false)
        let marks = fields.first ?? ""
        let options = (fields.count > 1 ? fields[1] : "").split(separator: " ").compactMap { Int($0, radix: 36) }
            .compactMap { $0 < specs.count ? Self.option(specs[$0]) : nil }
        return Command(path: path, deprecated: marks.contains("d"), preview: marks.contains("p"),
                       takesPositionals: marks.contains("+"), options: options)
    }

    /// Whether `path` is a command, without parsing its options.
    public func isCommand(_ path: String) -> Bool { commands[path] != nil }

    public func isGroup(_ path: String) -> Bool { groups[path] != nil }

    public func isDeprecatedGroup(_ path: String) -> Bool { groups[path] == true }

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

    /// The words that may follow `path` (the empty path: the top-level groups): found by
    /// a scan, as only a command that is not in the catalogue needs them.
    public func words(after path: String) -> [String] {
        let prefix = Array((path.isEmpty ? "" : path + " ").utf8)
        var words: Set<String> = []
        // Bytes, not Characters: paths are ASCII, and this scans every path there is.
        func consider(_ candidate: String) {
            let bytes = candidate.utf8
            guard bytes.count > prefix.count, bytes.starts(with: prefix) else { return }
            let rest = bytes.dropFirst(prefix.count).prefix { $0 != UInt8(ascii: " ") }
            words.insert(String(decoding: rest, as: UTF8.self))
        }
        commands.keys.forEach(consider)
        groups.keys.forEach(consider)
        return words.sorted()
    }
}
