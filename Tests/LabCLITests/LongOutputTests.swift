import Foundation
import Testing
import TestSupport

/// A step printing more than labspec keeps in memory is recorded whole: the artifact is
/// written from a spill file, masked piece by piece, while memory stays bounded.
@Suite struct LongOutputTests {
    @Test func aLongOutputIsRecordedWholeMaskedAndInBoundedMemory() throws {
        let pack = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-long-\(UUID().uuidString)")
        let run = try LabspecBinary.runBounded(["run", "Tests/Fixtures/runs/long-output-with-secret.yaml",
                                                "--evidence-dir", pack.path, "--color", "never"],
                                               seconds: 120, memoryKiB: 1_200_000)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let data = try Data(contentsOf: pack.appendingPathComponent("01-print.txt"))
        // 64 MiB of filler less 5 bytes, then the secret across the in-memory limit, 20,000 lines
        // that each hold it, and a 3 MiB stretch with no blank before the last one.
        let secretLength = "s3cr3t-Tok3n-value".utf8.count, maskLength = 3
        let printed = (64 << 20) - 5 + (secretLength + 1) + 20_000 * (1_000 + 1 + secretLength + 2) + (3 << 20) + secretLength + 1
        #expect(data.count == printed - 20_002 * (secretLength - maskLength))
        #expect(data.range(of: Data("s3cr3t".utf8)) == nil)
        let boundary = data[((64 << 20) - 10)..<((64 << 20) - 1)]
        #expect(String(decoding: boundary, as: UTF8.self) == "yyyyy***\n")
        #expect(String(decoding: data.suffix(4), as: UTF8.self) == "***\n")
    }
}
