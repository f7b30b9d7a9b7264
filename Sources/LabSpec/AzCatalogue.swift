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
    private let commands: [String: Command]
    /// Group paths (`containerapp`, `containerapp revision`) and whether each is deprecated.
    private let groups: [String: Bool]
    /// The words that may follow a group path (subgroups and commands).
    private let children: [String: [String]]

    /// The catalogue of the Azure CLI labspec was built with.
    public static let shipped: AzCatalogue = AzCatalogue(text: azCatalogueText)

    init(text: String) {
        var version = ""
        var globals: [Option] = []
        var specs: [Option] = []
        var commands: [String: Command] = [:]
        var groups: [String: Bool] = [:]
        var children: [String: Set<String>] = [:]
        func addChild(_ path: Substring) {
            let words = path.split(separator: " ")
            for count in 1...max(1, words.count) where count <= words.count {
                let parent = words.prefix(count - 1).joined(separator: " ")
                children[parent, default: []].insert(String(words[count - 1]))
            }
        }
        for line in text.split(separator: "\n") {
            switch line.first {
            case "#": version = String(line.dropFirst(2).split(separator: " ").last ?? "")
            case "*": globals = line.dropFirst().split(separator: ";").compactMap { Self.option(Substring($0)) }
            case "=":
                guard let space = line.firstIndex(of: " ") else { continue }
                specs.append(Self.option(line[line.index(after: space)...]) ?? Option(
                    names: ["--?"], takesValue: true, required: false, deprecated: false, takesSeveral: false,
                    valueOptional: false, repeats: false, allowed: []))
            case "^":
                let fields = line.dropFirst().split(separator: "|", omittingEmptySubsequences: false)
                guard let path = fields.first else { continue }
                groups[String(path)] = fields.count > 1 && fields[1].contains("d")
                addChild(path)
            default:
                let fields = line.split(separator: "|", omittingEmptySubsequences: false)
                guard fields.count == 3 else { continue }
                let marks = fields[1]
                let options = fields[2].split(separator: " ").compactMap { Int($0, radix: 36) }.compactMap {
                    $0 < specs.count ? specs[$0] : nil
                }
                let path = String(fields[0])
                commands[path] = Command(path: path, deprecated: marks.contains("d"), preview: marks.contains("p"),
                                         takesPositionals: marks.contains("+"), options: options)
                addChild(fields[0])
            }
        }
        self.version = version
        globalOptions = globals
        self.commands = commands
        self.groups = groups
        self.children = children.mapValues { $0.sorted() }
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

    public func command(_ path: String) -> Command? { commands[path] }

    public func isGroup(_ path: String) -> Bool { groups[path] != nil || (path.isEmpty ? false : children[path] != nil) }

    public func isDeprecatedGroup(_ path: String) -> Bool { groups[path] == true }

    /// How many leading `words` name a group or command.
    public func pathLength(of words: [String]) -> Int {
        var path = ""
        var count = 0
        for word in words where !word.hasPrefix("-") {
            let candidate = path.isEmpty ? word : path + " " + word
            guard command(candidate) != nil || isGroup(candidate) else { break }
            path = candidate
            count += 1
        }
        return count
    }

    /// The words that may follow `path` (the empty path: the top-level groups).
    public func words(after path: String) -> [String] { children[path] ?? [] }
}
