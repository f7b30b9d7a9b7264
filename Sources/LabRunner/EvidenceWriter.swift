import Foundation
import JMESPath
import LabSpec

/// Writes a run's evidence pack: each step's raw output to the artifact the spec names
/// (JSON stays JSON, text stays text, HTTP as an envelope) and `manifest.json`. Every
/// file is masked and written atomically (a temporary file renamed into place).
public struct EvidenceWriter: Sendable {
    public let directory: URL
    /// Set by `--sanitize`: IDs and addresses replaced in every file of the pack.
    public let sanitizer: Sanitizer?

    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The pack `--force` replaces, moved aside until the new one is complete.
    private let replaced: URL?

    /// Prepares `directory`; one that already holds a pack is refused unless `force`,
    /// which starts the new pack in an empty folder — nothing of the old run can be
    /// judged as this run's — and deletes the old one once the new manifest is written.
    /// `appending` (a resumed run) writes into the pack as it is, its manifest rewritten
    /// at the end with every step.
    public init(directory: URL, force: Bool, sanitize: Bool = false, appending: Bool = false) throws(Problem) {
        self.directory = directory
        sanitizer = sanitize ? Sanitizer() : nil
        let manifest = directory.appendingPathComponent("manifest.json")
        var replaced: URL?
        if FileManager.default.fileExists(atPath: manifest.path), !appending {
            guard force else {
                throw Problem(message: "\(directory.path) already holds an evidence pack; pass --force to replace it")
            }
            let aside = directory.deletingLastPathComponent()
                .appendingPathComponent(".\(directory.lastPathComponent).replaced-\(UUID().uuidString.prefix(8))")
            do {
                try FileManager.default.moveItem(at: directory, to: aside)
            } catch {
                throw Problem(message: "cannot move the earlier pack in \(directory.path) aside")
            }
            replaced = aside
        }
        self.replaced = replaced
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw Problem(message: "cannot create \(directory.path)")
        }
    }

    /// The output artifact's text for an observation.
    static func contents(of observation: Observation, masker: Masker) -> String {
        switch observation.source {
        case .process, .recorded: return masker(observation.stdout)
        case .http(let responses):
            let value: JSONValue = responses.count == 1 ? responses[0].recordedEnvelope : .array(responses.map(\.recordedEnvelope))
            return masker(value.prettyText) + "\n"
        case .none: return ""
        }
    }

    /// Records every artifact the step names: its output, and its stderr when kept apart.
    /// A stream longer than what is kept in memory is written whole from its spill file.
    public func write(_ step: Step, observation: Observation, masker: Masker) throws(Problem) {
        var process: ProcessOutcome?
        if case .process(let outcome) = observation.source { process = outcome }
        /// One stream's artifact: from memory and its spill when it had one, else its text.
        func stream(_ artifact: Located<String>?, _ kept: Data?, _ spill: OutputSpill?, text: () -> String) throws(Problem) {
            guard let artifact else { return }
            if let spill {
                try write(kept ?? Data(), then: spill, to: artifact.value, masker: masker)
            } else {
                try write(text(), to: artifact.value)
            }
        }
        try stream(step.evidence, process?.stdout, process?.stdoutSpill) { Self.contents(of: observation, masker: masker) }
        try stream(step.stderrEvidence, process?.stderr, process?.stderrSpill) { masker(observation.stderr) }
        try stream(step.combinedEvidence, process?.combined, process?.combinedSpill) { masker(observation.combined ?? "") }
        try stream(step.attemptsEvidence, nil, nil) { masker(observation.attempts ?? "") }
    }

    /// One stream's artifact from the part kept in memory and the rest in its spill file,
    /// masked piece by piece: memory stays bounded however much the program printed.
    func write(_ kept: Data, then spill: OutputSpill, to name: String, masker: Masker) throws(Problem) {
        var stream = StreamingMasker(masker: masker, sanitizer: sanitizer)
        let piece = 1 << 20
        do {
            try SealedFolder(root: directory).write(to: name) { (append: (Data) throws(SealedFolder.Problem) -> Void) throws(SealedFolder.Problem) in
                func add(_ data: Data) throws(SealedFolder.Problem) {
                    do {
                        try append(try stream.add(data))
                    } catch let error as SealedFolder.Problem {
                        throw error
                    } catch {
                        throw .failed("a stretch of over \(StreamingMasker.longestUncut >> 20) MiB without a blank or a "
                            + "separator cannot be masked safely; the rest of the output is not recorded")
                    }
                }
                var offset = kept.startIndex
                while offset < kept.endIndex {
                    let end = min(offset + piece, kept.endIndex)
                    try add(kept[offset..<end])
                    offset = end
                }
                try spill.forEachPiece(size: piece) { (data: Data) throws(SealedFolder.Problem) in try add(data) }
                try append(stream.finish())
            }
        } catch {
            throw Problem(message: "cannot write \(directory.appendingPathComponent(name).path): \(error)")
        }
        if spill.lost > 0 {
            throw Problem(message: "\(name) is cut: \(spill.lost) bytes of output could not be kept (is the disk full?)")
        }
    }

    /// Writes one file of the pack, never through a symbolic link inside it.
    func write(_ text: String, to name: String) throws(Problem) {
        do {
            try SealedFolder(root: directory).write(Data((sanitizer?(text) ?? text).utf8), to: name)
        } catch {
            throw Problem(message: "cannot write \(directory.appendingPathComponent(name).path): \(error)")
        }
    }

    /// `manifest.json`: what only the run knows (argv, exit codes, times), masked.
    public func writeManifest(_ record: RunRecord, lab: Lab, specText: String, version: String) throws(Problem) {
        var manifest = JSONObject()
        manifest["labspec"] = .string(version)
        manifest["lab"] = .string(lab.id.value)
        manifest["spec_hash"] = .string(Self.specHash(specText))
        manifest["backend"] = .string(record.backend)
        manifest["started"] = .string(RunRecordJSON.timestamp(record.started))
        manifest["ended"] = .string(RunRecordJSON.timestamp(record.ended))
        manifest["outcome"] = .string(record.outcome.rawValue)
        if let interruption = record.interruption { manifest["interruption"] = .string(interruption) }
        var inputs = JSONObject()
        for input in record.inputs { inputs[input.name] = .string(input.value) }
        manifest["inputs"] = .object(inputs)
        var captures = JSONObject()
        for (name, value) in record.capturedValues.sorted(by: { $0.key < $1.key }) { captures[name] = .string(value) }
        manifest["captures"] = .object(captures)
        let masked = record.masker.digests
        if !masked.digests.isEmpty { manifest["masked"] = masked.json }
        if let account = record.account { manifest["account"] = .string(record.masker(account.description)) }
        manifest["steps"] = .array((record.steps + record.cleanup).map(RunRecordJSON.step))
        if let sanitizer {
            // Counted before the manifest itself is sanitized, so its own IDs count too.
            _ = sanitizer(JSONValue.object(manifest).compactText)
            var sanitized = JSONObject()
            sanitized["guids"] = .int(sanitizer.counts.guids)
            sanitized["emails"] = .int(sanitizer.counts.emails)
            manifest["sanitized"] = .object(sanitized)
        }
        try write(JSONValue.object(manifest).prettyText + "\n", to: "manifest.json")
        if let replaced { try? FileManager.default.removeItem(at: replaced) }
    }

    /// A stable fingerprint of the spec text: the FNV-1a hash JSON objects use, as hex.
    public static func specHash(_ text: String) -> String {
        String(UInt64(bitPattern: Int64(JSONObject.keyHash(text))), radix: 16)
    }
}
