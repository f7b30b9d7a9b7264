import Foundation
import LabSpec

/// Finds the spec files named on a command line. Files are taken as given; folders are
/// searched recursively for `*.yaml`/`*.yml` files that declare `labspec:` at the top
/// level, so evidence packs and other YAML beside the specs are left alone.
enum SpecDiscovery {
    struct Found {
        var files: [String] = []
        var missing: [String] = []
    }

    /// `onlySpecs`: a file named directly is taken only when it declares the format too
    /// (what a pre-commit hook hands over is every changed YAML file).
    static func find(_ paths: [String], onlySpecs: Bool = false) -> Found {
        var found = Found()
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                found.missing.append(path)
                continue
            }
            guard isDirectory.boolValue else {
                if !onlySpecs || declaresFormat(URL(fileURLWithPath: path)) { found.files.append(path) }
                continue
            }
            found.files += specs(under: path)
        }
        return found
    }

    private static func specs(under folder: String) -> [String] {
        // A folder named through a link is searched where the link leads (links inside it
        // are not followed, so a loop cannot recur); paths are shown under the given name.
        let root = URL(fileURLWithPath: folder).resolvingSymlinksInPath()
        guard let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else { return [] }
        var files: [String] = []
        for case let url as URL in enumerator {
            if url.lastPathComponent.hasPrefix(".build") {
                enumerator.skipDescendants()
                continue
            }
            guard ["yaml", "yml"].contains(url.pathExtension), declaresFormat(url) else { continue }
            let relative = url.path.hasPrefix(root.path + "/") ? String(url.path.dropFirst(root.path.count + 1)) : url.lastPathComponent
            files.append(folder.hasSuffix("/") ? folder + relative : folder + "/" + relative)
        }
        return files.sorted()
    }

    private static func declaresFormat(_ url: URL) -> Bool {
        // What cannot be read within a spec's bounds is listed, and loading says why.
        guard case .success(let data) = BoundedReader.contents(of: url.path, limit: BoundedReader.maximumSpecSize,
                                                               regularFileOnly: true) else { return true }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").contains { $0.hasPrefix("labspec:") }
    }
}
