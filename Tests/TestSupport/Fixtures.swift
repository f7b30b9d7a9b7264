import Foundation

/// Paths of the repository and its test fixtures, found from this file's location so
/// tests run from any working directory.
public enum Fixtures {
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let root: URL = repositoryRoot.appendingPathComponent("Tests/Fixtures")

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
