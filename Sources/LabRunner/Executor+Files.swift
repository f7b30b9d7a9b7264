import Foundation
import LabSpec
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Executor {
    /// A fresh folder only this user can enter, for the files the lab writes; nil when it
    /// declares none, or when the run performs nothing (a preview shows `${NAME}`).
    static func makeWorkFolder(for lab: Lab, dryRun: Bool) -> URL? {
        guard !lab.files.isEmpty, !dryRun else { return nil }
        let safeID = lab.id.value.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined().prefix(40)
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("labspec-\(safeID)-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { return nil }
        return URL(fileURLWithPath: String(cString: made), isDirectory: true)
    }

    /// Each file's variable: its path in the work folder, or a placeholder in a preview.
    static func fileVariables(_ lab: Lab, workFolder: URL?, into variables: inout Variables) {
        for file in lab.files {
            if let workFolder {
                variables.set(file.variable, workFolder.appendingPathComponent(file.name).path, origin: "file `\(file.name)`")
            } else {
                variables.setPlaceholder(file.variable, origin: "file `\(file.name)`")
            }
        }
    }

    /// Writes the files `step` uses that are not written yet, their content filled with the
    /// values known now, and keeps a masked copy in the pack. Returns why a file could not
    /// be written, which fails the step.
    func writeFiles(for step: Step, state: inout State) -> String? {
        guard !backend.isDryRun else { return nil }
        for file in lab.files(usedBy: step) where !state.writtenFiles.contains(file.variable) {
            guard let folder = state.workFolder else { return "file `\(file.variable)`: the run's work folder could not be made" }
            let rendered = state.variables.render(file.content)
            if !rendered.missing.isEmpty {
                let names = rendered.missing.map { "`${\($0)}`" }.joined(separator: ", ")
                return "file `\(file.variable)` needs \(names), which \(rendered.missing.count == 1 ? "has" : "have") no value"
            }
            do {
                try SealedFolder(root: folder).write(Data(rendered.text.utf8), to: file.name)
            } catch {
                return "file `\(file.variable)` cannot be written to \(folder.path): \(error.description)"
            }
            state.writtenFiles.insert(file.variable)
            if let writer = options.evidence {
                do {
                    try writer.write(state.variables.masker(rendered.text), to: LabFile.packFolder + "/" + file.name)
                } catch {
                    return error.message
                }
            }
        }
        return nil
    }

    /// The facts a preview shows of the files a step would write first: the content as it
    /// would be written, its first `shownLines` lines.
    func plannedFiles(for step: Step, variables: Variables) -> [String] {
        lab.files(usedBy: step).map { file in
            var lines = variables.masker(variables.render(file.content).text).split(separator: "\n", omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }
            let more = lines.count - Self.shownLines
            let shown = lines.prefix(Self.shownLines).joined(separator: "\n") + (more > 0 ? "\n… \(more) more lines" : "")
            return "writes `\(file.name)` first (`${\(file.variable)}`):\n" + shown
        }
    }

    /// How much of a file a preview shows.
    static let shownLines = 40
}
