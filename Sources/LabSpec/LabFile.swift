/// A file the lab writes before the first step that uses it — a YAML patch for
/// `az containerapp update --yaml`, a load script, a request body — declared once, its
/// content a template filled with the values known at that step. `${VARIABLE}` stands for
/// the file's absolute path in the run's work folder.
public struct LabFile: Sendable {
    /// The name steps use: `${PATCH}`.
    public var variable: String
    /// The file's name in the work folder (and under `files/` in the pack).
    public var name: String
    public var content: Template
    public var location: SourceLocation

    public init(variable: String, name: String, content: Template, location: SourceLocation) {
        self.variable = variable
        self.name = name
        self.content = content
        self.location = location
    }

    /// The folder of the pack that keeps a copy of each file the run wrote.
    public static let packFolder = "files"

    /// Whether `name` is a plain file name: no folder, no `.` or `..`, nothing a shell or a
    /// path would read twice.
    public static func isPlainName(_ name: String) -> Bool {
        guard !name.isEmpty, name != ".", name != "..", name.utf8.count <= 255 else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            (scalar.properties.isAlphabetic && scalar.isASCII) || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar)
        }
    }
}

extension Lab {
    /// The files a step needs written before it runs: those its action uses, and the
    /// files their content names, those first — each once.
    public func files(usedBy step: Step) -> [LabFile] {
        guard !files.isEmpty else { return [] }
        let byVariable = Dictionary(files.map { ($0.variable, $0) }, uniquingKeysWith: { first, _ in first })
        var ordered: [LabFile] = []
        var seen: Set<String> = []
        func visit(_ names: [String]) {
            for name in names {
                guard let file = byVariable[name], seen.insert(name).inserted else { continue }
                visit(file.content.variables.map(\.name))
                ordered.append(file)
            }
        }
        visit(step.actionVariables.map(\.name))
        return ordered
    }
}
