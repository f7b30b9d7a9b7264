import Foundation

/// Masks (and sanitizes) an output too long to hold whole, piece by piece. A piece ends
/// only just after a blank or a JSON/shell punctuation mark that no masked form
/// contains, so no secret can straddle two pieces, and the context a whole-word match
/// looks at is the same as in the whole text. Those marks are ASCII, which never occurs
/// inside a multi-byte UTF-8 character, so a cut never splits one.
struct StreamingMasker {
    let masker: Masker
    let sanitizer: Sanitizer?
    private let boundaries: Set<UInt8>
    /// Bytes of no masked form: a cut after one cannot split a secret, though a
    /// whole-word match right after it may see a word start where there was none (masking
    /// more, never less). Used when a long stretch has no boundary.
    private let formBytes: Set<UInt8>
    private var pending = Data()
    /// A stretch longer than this with no place to cut cannot be masked safely.
    static let longestUncut = 8 << 20
    /// Past this, a cut at any byte of no masked form will do.
    static let preferredPiece = 1 << 20

    struct Unmaskable: Error {}

    init(masker: Masker, sanitizer: Sanitizer?) {
        self.masker = masker
        self.sanitizer = sanitizer
        formBytes = masker.formBytes
        boundaries = Set(" \t\r\n,;{}[]:\"'".utf8).subtracting(formBytes)
    }

    /// The masked text of what came so far that is safe to write now.
    mutating func add(_ data: Data) throws(Unmaskable) -> Data {
        // Nothing to mask or replace: the bytes go as printed.
        if masker.isEmpty, sanitizer == nil { return data }
        pending.append(data)
        let formBytes = formBytes
        guard let cut = pending.lastIndex(where: boundaries.contains)
            ?? (pending.count > Self.preferredPiece ? pending.lastIndex(where: { $0 < 0x80 && !formBytes.contains($0) }) : nil)
        else {
            if pending.count > Self.longestUncut { throw Unmaskable() }
            return Data()
        }
        let ready = pending[..<pending.index(after: cut)]
        let masked = mask(ready)
        pending = Data(pending[pending.index(after: cut)...])
        return masked
    }

    /// What is left, masked.
    mutating func finish() -> Data {
        defer { pending = Data() }
        return mask(pending)
    }

    private func mask(_ bytes: Data) -> Data {
        let masked = masker(String(decoding: bytes, as: UTF8.self))
        return Data((sanitizer?(masked) ?? masked).utf8)
    }
}
