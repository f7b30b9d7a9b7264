import Foundation

/// Paths of the repository and its test fixtures, found from this file's location so
/// tests run from any working directory.
public enum Fixtures {
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let root: URL = repositoryRoot.appendingPathComponent("Tests/Fixtures")

    /// A new, empty folder for one test: `labspec-NAME-UUID` in the temporary folder.
    public static func newFolder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `text` written as the spec `name` in `folder`.
    public static func spec(_ text: String, in folder: URL, named name: String = "lab.yaml") throws -> URL {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// A lab of one phase `p`: the header, then `steps` (YAML list items, indented for
    /// `steps:`) and anything `rest` adds at the top level (a `cleanup:`).
    public static func onePhaseLab(id: String, title: String? = nil, steps: String, rest: String = "") -> String {
        let indented = steps.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n")
        return "labspec: 1\nid: \(id)\ntitle: \(title ?? id)\nphases:\n  - id: p\n    steps:\n\(indented)\n" + rest
    }

    public static func url(_ relative: String) -> URL {
        root.appendingPathComponent(relative)
    }

    /// Every file with one of `extensions` under a folder, sorted by path.
    public static func files(under relative: String, extensions: Set<String>) -> [URL] {
        let folder = url(relative)
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        return enumerator.compactMap { $0 as? URL }
            .filter { extensions.contains($0.pathExtension) }
            .sorted { $0.path < $1.path }
    }
}

extension Fixtures {
    /// A temporary copy of fixture folders with position markers stripped, laid out like
    /// `Tests/Fixtures`, so the built binary can read them. Returns the copy's root.
    public static func strippedCopy(of folders: [String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("labspec-fixtures-\(UUID().uuidString)")
        for folder in folders {
            for file in files(under: folder, extensions: ["yaml", "yml"]) {
                let relative = String(file.path.dropFirst(Fixtures.root.path.count + 1))
                let target = root.appendingPathComponent(relative)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(),
                                                        withIntermediateDirectories: true)
                let text = MarkedText(try String(contentsOf: file, encoding: .utf8)).text
                try text.write(to: target, atomically: true, encoding: .utf8)
            }
        }
        return root
    }
}

extension Fixtures {
    /// A temporary copy of the shipped evidence pack of `lab`, with `edit` applied to one
    /// artifact (nil deletes it): the mutations that must flip a verdict.
    public static func packCopy(of lab: String, editing artifact: String, _ edit: ((String) -> String)?) throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-pack-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: url("packs/\(lab)"), to: copy)
        let file = copy.appendingPathComponent(artifact)
        if let edit {
            try edit(try String(contentsOf: file, encoding: .utf8)).write(to: file, atomically: true, encoding: .utf8)
        } else {
            try FileManager.default.removeItem(at: file)
        }
        return copy
    }
}
