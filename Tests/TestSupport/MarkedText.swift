import Foundation

/// Text with position markers `1️⃣` … `9️⃣` where diagnostics must point. The markers are
/// stripped; each one's 1-based line and column (in Unicode scalars, as libyaml counts)
/// is kept.
public struct MarkedText {
    public let text: String
    public let markers: [Int: (line: Int, column: Int)]

    public init(_ marked: String) {
        var output = String.UnicodeScalarView()
        var markers: [Int: (line: Int, column: Int)] = [:]
        let scalars = Array(marked.unicodeScalars)
        var line = 1
        var column = 1
        var index = 0
        var currentLine = ""
        while index < scalars.count {
            let scalar = scalars[index]
            if ("1"..."9").contains(scalar), index + 2 < scalars.count,
               scalars[index + 1] == "\u{FE0F}", scalars[index + 2] == "\u{20E3}" {
                // Markers inside the `# expect:` header only name codes; they point nowhere.
                let number = Int(scalar.value) - 48
                if !currentLine.hasPrefix("# expect:"), markers[number] == nil {
                    markers[number] = (line, column)
                }
                index += 3
                continue
            }
            output.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
                currentLine = ""
            } else {
                currentLine.unicodeScalars.append(scalar)
                column += 1
            }
            index += 1
        }
        text = String(output)
        self.markers = markers
    }
}

/// What a fixture expects: `# expect: 1️⃣ unknown-key, 2️⃣ undefined-variable` on its
/// first lines, a code per marker.
public struct FixtureExpectation: Hashable, CustomStringConvertible {
    public var code: String
    public var line: Int
    public var column: Int

    public init(code: String, line: Int, column: Int) {
        self.code = code
        self.line = line
        self.column = column
    }

    public var description: String { "\(code)@\(line):\(column)" }

    /// Reads the `# expect:` header of a marked fixture.
    public static func parse(_ marked: String) -> [FixtureExpectation] {
        let text = MarkedText(marked)
        var expectations: [FixtureExpectation] = []
        for line in marked.split(separator: "\n") where MarkedText(String(line)).text.hasPrefix("# expect:") {
            guard let header = line.range(of: "# expect:") else { continue }
            for item in line[header.upperBound...].split(separator: ",") {
                let parsed = MarkedText(String(item).trimmingCharacters(in: .whitespaces))
                // The marker's own column in the header says which marker it is.
                guard let number = MarkedText.markerNumbers(in: String(item)).first,
                      let position = text.markers[number] else { continue }
                expectations.append(FixtureExpectation(
                    code: parsed.text.trimmingCharacters(in: .whitespaces), line: position.line, column: position.column))
            }
        }
        return expectations
    }
}

extension MarkedText {
    static func markerNumbers(in text: String) -> [Int] {
        let scalars = Array(text.unicodeScalars)
        var numbers: [Int] = []
        for index in scalars.indices where ("1"..."9").contains(scalars[index]) && index + 2 < scalars.count
            && scalars[index + 1] == "\u{FE0F}" && scalars[index + 2] == "\u{20E3}" {
            numbers.append(Int(scalars[index].value) - 48)
        }
        return numbers
    }
}
