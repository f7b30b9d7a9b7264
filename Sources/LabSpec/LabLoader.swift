import Foundation
import Yams

/// The outcome of loading one spec: the plan when it could be built, and every problem
/// found on the way. A plan may come with warnings; errors mean `lab` must not run.
public struct LoadResult: Sendable {
    public var lab: Lab?
    public var diagnostics: [Diagnostic]
    public var source: SourceFile
    /// The plan as read, even when checks found errors in it: for checks that add to
    /// those (`validate --az-check`), never to run.
    public var readLab: Lab?

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

/// Loads lab specs: YAML → node tree with marks → typed plan → static checks.
public enum LabLoader {
    /// Problems reported for one file at most; the rest are counted in one closing
    /// diagnostic, so a file of two million mistakes prints a page, not half a gigabyte.
    public static let maximumDiagnostics = 1_000

    public static func load(path: String) -> LoadResult {
        switch BoundedReader.contents(of: path, limit: BoundedReader.maximumSpecSize, regularFileOnly: true) {
        case .success(let data):
            guard let text = String(data: data, encoding: .utf8) else { return notUTF8(path, data) }
            return load(text: text, path: path)
        case .failure(.unreadable):
            return unreadable(path, Self.whyUnreadable(path))
        case .failure(.notARegularFile):
            return unreadable(path, "it is not a regular file (a pipe or a device is never read as a spec)")
        case .failure(.tooLarge):
            return unreadable(path, "it is larger than \(BoundedReader.maximumSpecSize >> 20) MiB, the most a spec may be "
                                  + "(split the lab, or move long text into the files it reads)")
        }
    }

    public static func load(text: String, path: String) -> LoadResult {
        let file = SourceFile(path: path, text: text)
        let (root, yamlDiagnostics) = YAMLComposer.compose(file)
        guard let root else {
            return LoadResult(lab: nil, diagnostics: yamlDiagnostics, source: file)
        }
        let reader = SpecReader(file: file)
        let lab = reader.lab(root)
        var diagnostics = yamlDiagnostics + reader.diagnostics
        if let lab {
            diagnostics += LabChecks.check(lab)
        }
        diagnostics.sort(by: Diagnostic.inOrder)
        let suppressed = reader.suppressed + max(0, diagnostics.count - maximumDiagnostics)
        if suppressed > 0 {
            let dropped = diagnostics.dropFirst(maximumDiagnostics)
            let droppedErrors = reader.suppressedErrors + dropped.filter { $0.severity == .error }.count
            diagnostics = Array(diagnostics.prefix(maximumDiagnostics))
            let last = diagnostics.last?.location ?? file.location(line: 1, column: 1)
            // An error when one of the unshown problems is: warnings alone never make a
            // spec invalid, however many there are.
            let message = "\(suppressed) more problems in this file are not shown"
                + (droppedErrors > 0 ? " (\(droppedErrors) of them errors)" : " (all warnings or notes)")
            diagnostics.append(droppedErrors > 0
                ? .error(.tooManyProblems, message, at: last, hint: "fix the ones above and validate again")
                : .warning(.tooManyProblems, message, at: last, hint: "fix the ones above and validate again"))
        }
        let errors = diagnostics.contains { $0.severity == .error }
        return LoadResult(lab: errors ? nil : lab, diagnostics: diagnostics, source: file, readLab: lab)
    }

    /// Why a path cannot be read: missing, a link that loops or leads nowhere, a folder.
    static func whyUnreadable(_ path: String) -> String {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            return isFolder.boolValue ? "it is a folder" : "the file cannot be read"
        }
        if let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
            // `stat` follows the links and names which way it failed.
            var status = stat()
            if stat(path, &status) != 0, errno == ELOOP {
                return "it is a symbolic link that loops (to `\(destination)`)"
            }
            return "it is a symbolic link to `\(destination)`, which does not exist"
        }
        return "no such file"
    }

    /// Points at the first byte that is not UTF-8, by line and column.
    private static func notUTF8(_ path: String, _ data: Data) -> LoadResult {
        var line = 1, column = 1, offset = 0
        var iterator = data.makeIterator()
        var decoder = Unicode.UTF8()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += Unicode.UTF8.width(scalar)
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput, .error: break decoding
            }
        }
        let file = SourceFile(path: path, text: "")
        let byte = offset < data.count ? String(format: "0x%02X", data[data.startIndex + offset]) : "?"
        let diagnostic = Diagnostic.error(.unreadableFile, "cannot read spec: byte \(byte) at offset \(offset) is not UTF-8",
                                          at: SourceLocation(file: path, line: line, column: column),
                                          hint: "save the file as UTF-8")
        return LoadResult(lab: nil, diagnostics: [diagnostic], source: file)
    }

    private static func unreadable(_ path: String, _ reason: String) -> LoadResult {
        let file = SourceFile(path: path, text: "")
        let diagnostic = Diagnostic.error(.unreadableFile, "cannot read spec: \(reason)",
                                          at: file.location(line: 1, column: 1))
        return LoadResult(lab: nil, diagnostics: [diagnostic], source: file)
    }
}
