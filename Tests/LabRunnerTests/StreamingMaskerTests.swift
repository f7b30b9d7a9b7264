import Foundation
import Testing
@testable import LabRunner

/// Masking an output piece by piece gives what masking it whole gives, wherever the
/// pieces happen to end.
@Suite struct StreamingMaskerTests {
    static let text = """
        {"user": "pa ss", "token": "hunter22", "note": "e is short; true stays true"}
        line with pa ss inside, and hunter22,hunter22;éé "pa\\"ss" {[e]} tail hunter2
        """

    @Test(arguments: [1, 2, 3, 5, 7, 64])
    func piecesOfAnySizeMaskAsTheWholeText(_ size: Int) throws {
        let masker = Masker(secrets: ["pa ss", "hunter22", "e", "pa\"ss"])
        var stream = StreamingMasker(masker: masker, sanitizer: nil)
        let bytes = Data(Self.text.utf8)
        var output = Data()
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + size, bytes.count)
            output += try stream.add(bytes[offset..<end])
            offset = end
        }
        output += stream.finish()
        #expect(String(decoding: output, as: UTF8.self) == masker(Self.text))
        #expect(!String(decoding: output, as: UTF8.self).contains("hunter22"))
    }

    @Test func nothingToMaskPassesTheBytesAsPrinted() throws {
        var stream = StreamingMasker(masker: Masker(secrets: []), sanitizer: nil)
        let invalid = Data([0x61, 0xFF, 0x62])
        #expect(try stream.add(invalid) == invalid)
    }

    @Test func aLongStretchOfSecretBytesOnlyIsRefusedRatherThanCut() {
        var stream = StreamingMasker(masker: Masker(secrets: ["aaaa"]), sanitizer: nil)
        let stretch = Data(repeating: UInt8(ascii: "a"), count: StreamingMasker.longestUncut + 1)
        #expect(throws: StreamingMasker.Unmaskable.self) { try stream.add(stretch) }
    }
}
