import Foundation
import LabRunner
import LabSpec

/// Judges a pack exactly as `labspec verify` does: a verifying `LabSession`, replayed
/// through the executor — the one path every verdict takes.
public enum PackVerification {
    public static func verify(_ lab: Lab, pack: URL) async throws -> RunRecord {
        try await LabSession.verifying(lab, evidence: pack).run()
    }

    /// The verdict alone; a lab that states claims always has one.
    public static func verdict(_ lab: Lab, pack: URL) async throws -> Verdict {
        guard let verdict = try await verify(lab, pack: pack).verdict else { throw NoVerdict() }
        return verdict
    }

    /// Loads a spec from text, failing with its diagnostics when it does not load.
    public static func lab(_ text: String, path: String = "test.yaml") throws -> Lab {
        let result = LabLoader.load(text: text, path: path)
        guard let lab = result.lab else { throw SpecDidNotLoad(diagnostics: result.diagnostics.map(\.description)) }
        return lab
    }

    /// A fresh folder holding `files` (name → content).
    public static func pack(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-pack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, content) in files {
            try content.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    public struct NoVerdict: Error {}

    public struct SpecDidNotLoad: Error, CustomStringConvertible {
        public var diagnostics: [String]
        public var description: String { diagnostics.joined(separator: "\n") }
    }
}
