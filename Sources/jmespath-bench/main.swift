import Foundation
import JMESPath

// Times the `bench` cases of a JMESPath benchmarks file: compiling and searching
// separately, each repeated until it has run for at least 0.2 s. Prints one JSON line
// per case: {"comment", "bench", "parse_ns", "search_ns"}.

func nanosecondsPerRun(_ body: () throws -> Void) rethrows -> Double {
    var iterations = 1
    while true {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations { try body() }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
        if elapsed > 200_000_000 || iterations > 50_000_000 { return elapsed / Double(iterations) }
        iterations *= elapsed < 20_000_000 ? 10 : 2
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 2, let text = try? String(contentsOfFile: arguments[1], encoding: .utf8),
      case .array(let groups)? = try? JSONValue(parsing: text) else {
    FileHandle.standardError.write(Data("usage: jmespath-bench BENCHMARKS.json\n".utf8))
    exit(2)
}

for case .object(let group) in groups {
    guard case .array(let cases)? = group["cases"] else { continue }
    let given = group["given"] ?? .null
    for case .object(let entry) in cases {
        guard case .string(let expression)? = entry["expression"] else { continue }
        do {
            let compiled = try JMESPathExpression(expression)
            let parse = try nanosecondsPerRun { _ = try JMESPathExpression(expression) }
            let search = try nanosecondsPerRun { _ = try compiled.search(given) }
            var record = JSONObject()
            record["comment"] = entry["comment"] ?? .null
            record["bench"] = entry["bench"] ?? .null
            record["parse_ns"] = .double(parse.rounded())
            record["search_ns"] = .double(search.rounded())
            print(JSONValue.object(record).compactText)
        } catch {
            FileHandle.standardError.write(Data("\(expression): \(error)\n".utf8))
            exit(1)
        }
    }
}
