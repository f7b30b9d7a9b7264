import Yams

/// What the spec hands to the system by name or as a C string: artifact file names, and
/// the arguments, environment values, folders, URLs and headers that must arrive whole.
extension SpecReader {
    /// A relative path inside the evidence folder: no `/`, `~` or `\\` first, no `..`, `.` or
    /// empty part, and no control character (a NUL would cut the name where the file is
    /// written; an escape or a bidi override would show another name than the file's).
    func isPlainArtifact(_ name: String) -> Bool {
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        return !(name.hasPrefix("/") || name.hasPrefix("~") || name.includes("\\") || VisibleText.hasControl(name)
                 || components.contains("..") || components.contains("") || components.contains("."))
    }

    func artifactName(_ node: Node) -> Located<String>? {
        guard let name = locatedString(node, for: "evidence") else { return nil }
        if VisibleText.hasControl(name.value) {
            report(.error(.artifactEscapes, "artifact `\(name.value)` holds a control character", at: name.location,
                          length: length(of: node), hint: "name the file with visible characters only"))
            return nil
        }
        if !isPlainArtifact(name.value) {
            report(.error(.artifactEscapes, "artifact `\(name.value)` must be a relative path inside the evidence folder",
                          at: name.location, length: length(of: node),
                          hint: "use a plain file name such as `05-http-response-pre-fix.json`"))
            return nil
        }
        if withoutLoopVariables(name.value).includes("${") {
            report(.error(.invalidValue, "artifact `\(name.value)` holds `${…}`, which is never filled in a file name",
                          at: name.location, length: length(of: node),
                          hint: "name the file plainly; `verify` finds each artifact by the name the spec gives"))
            return nil
        }
        if name.value == "manifest.json" {
            report(.error(.reservedID, "`manifest.json` is the pack's own record and cannot be an artifact",
                          at: name.location, length: length(of: node), hint: "choose another file name"))
            return nil
        }
        if name.value.hasPrefix(LabFile.packFolder + "/") {
            report(.error(.reservedID, "`\(LabFile.packFolder)/` holds the pack's copies of the files the lab writes",
                          at: name.location, length: length(of: node), hint: "record the artifact in another folder"))
            return nil
        }
        return name
    }

    /// Whether a scalar the system receives as a C string — an argument, an environment
    /// value, a folder, an HTTP URL or header — can be passed whole: a NUL character would
    /// cut it there (and a line break in a URL or header would start a new header line),
    /// so the program or server would get other text than the spec's. Reported at the
    /// character.
    func passable(_ node: Node, as what: String, lineBreaks: Bool = true) -> Bool {
        guard case .scalar(let scalar) = node,
              let index = scalar.string.unicodeScalars.firstIndex(where: { $0 == "\0" || (!lineBreaks && ($0 == "\n" || $0 == "\r")) })
        else { return true }
        let offset = scalar.string.unicodeScalars.distance(from: scalar.string.unicodeScalars.startIndex, to: index)
        let character = scalar.string.unicodeScalars[index] == "\0" ? "a NUL character (`\\0`)" : "a line break"
        report(.error(.invalidValue, "\(what) cannot hold \(character): it would be cut or split there",
                      at: scalarLocator(node)?.locate(offset) ?? location(node),
                      hint: lineBreaks ? "remove it; text with NUL characters cannot be passed to a program"
                          : "remove it; a header or URL is one line"))
        return false
    }
}
