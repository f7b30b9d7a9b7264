import Foundation
import JMESPath
import LabRunner
import LabSpec

/// One entry point for libFuzzer; `LABSPEC_FUZZ_TARGET` picks what the bytes feed:
/// `spec` (load and every static check; the text escaped for display and quoted for a shell), `jmespath` (the first line is an expression,
/// the rest a JSON document: compile and search), `artifact` (every artifact reader),
/// `manifest` (the evidence manifest reader). A crash, a hang or a sanitizer report is
/// a finding; every error the code reports is expected.
let target = ProcessInfo.processInfo.environment["LABSPEC_FUZZ_TARGET"] ?? "spec"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    let text = String(decoding: data, as: UTF8.self)
    switch target {
    case "jmespath":
        let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        guard let expression = try? JMESPathExpression(String(parts[0])) else { return 0 }
        let document = (try? JSONValue(parsing: parts.count > 1 ? String(parts[1]) : "null")) ?? .null
        _ = try? expression.search(document)
    case "artifact":
        for format in ArtifactFormat.allCases { _ = try? format.read(text) }
    case "manifest":
        _ = RecordedManifest.problem(in: data)
    default:
        _ = LabLoader.load(text: text, path: "fuzz.yaml")
        // What shows text from a spec: the terminal-safe escaping and paste-safe quoting.
        _ = VisibleText.escaped(text, keepingColour: true)
        _ = ShellQuoting.quote(text)
    }
    return 0
}

/// libFuzzer's driver, called from this executable's own entry point: the package
/// manager names an executable's `main` after its module, so libFuzzer's `main` is not
/// the one that runs.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("labspec_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments) { bytes, size in
        guard let bytes else { return 0 }
        return fuzz(bytes, size)
    }
}
