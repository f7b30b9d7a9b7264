import Foundation
import LabSpec
import Testing
import TestSupport

/// Mangles each shipped spec in many small ways and loads every variant: the loader must
/// never crash, and every diagnostic must point inside the file it reports on.
@Suite struct LoaderRobustnessTests {
    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    struct Generator {
        var state: UInt64

        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(max(bound, 1)))
        }
    }

    static let fragments = [":", "- ", "{", "}", "[", "]", "\"", "'", "${", "}", "$", "\t", "  ", "\n", "#", "&a ",
                            "*a", "|", ">-", "yes", "~", "`", "\\", "é", "🚀", "${X", "--", "? ", "!!str "]

    static func mutate(_ text: String, seed: UInt64) -> String {
        var generator = Generator(state: seed)
        var lines = text.components(separatedBy: "\n")
        for _ in 0..<(1 + generator.next(3)) {
            let line = generator.next(lines.count)
            switch generator.next(5) {
            case 0:
                lines.remove(at: line)
            case 1:
                lines.insert(lines[line], at: generator.next(lines.count))
            case 2:
                var scalars = Array(lines[line].unicodeScalars)
                let fragment = fragments[generator.next(fragments.count)]
                scalars.insert(contentsOf: fragment.unicodeScalars, at: generator.next(scalars.count + 1))
                lines[line] = String(String.UnicodeScalarView(scalars))
            case 3:
                let scalars = Array(lines[line].unicodeScalars)
                lines[line] = String(String.UnicodeScalarView(scalars.prefix(generator.next(scalars.count + 1))))
            default:
                lines.swapAt(line, generator.next(lines.count))
            }
            if lines.isEmpty { lines = [""] }
        }
        return lines.joined(separator: "\n")
    }

    /// Each shipped lab: the seed, and the two that use stderr artifacts, background
    /// steps and multi-source claims.
    @Test(arguments: ["managed-identity-key-vault-failure", "scale-rule-mismatch", "cd-reconnect-rbac-conflict"])
    func mangledSpecsNeverCrashAndDiagnosticsStayInTheFile(_ lab: String) async throws {
        let spec = Fixtures.repositoryRoot.appendingPathComponent("specs/\(lab).yaml")
        let text = try String(contentsOf: spec, encoding: .utf8)
        var invalid = 0
        let variants = 300
        for index in 0..<variants {
            // CPU-bound: let the tests that wait on processes and timers run meanwhile.
            if index % 20 == 0 { await Task.yield() }
            let variant = Self.mutate(text, seed: UInt64(index))
            let result = LabLoader.load(text: variant, path: "variant-\(index).yaml")
            let lineCount = variant.components(separatedBy: "\n").count
            for diagnostic in result.diagnostics {
                #expect((1...lineCount + 1).contains(diagnostic.location.line), "variant \(index): \(diagnostic)")
                #expect(diagnostic.location.column >= 1, "variant \(index): \(diagnostic)")
            }
            if result.hasErrors {
                invalid += 1
                #expect(result.lab == nil)
            }
        }
        // Most mutations break something; if none did, the mutator itself is broken.
        #expect(invalid > variants / 2)
    }
}
