import JMESPath

/// Compiles the JMESPath of a spec at load time. `${NAME}` references are filled in only
/// at run time, so the expression is tried with stand-ins for them (`0`, then `x`); it is
/// wrong only when no stand-in makes it compile.
enum QueryCheck {
    struct Problem {
        var message: String
        /// Scalar offset into the query as written.
        var offset: Int
        var hint: String?
    }

    static func problem(in template: Template) -> Problem? {
        var first: JMESPathError?
        for standIn in ["0", "x"] {
            let (text, origins) = render(template, standIn: standIn)
            do {
                _ = try JMESPathExpression(text)
                return nil
            } catch {
                if first == nil {
                    first = error
                    first?.offset = error.offset.map { origins.indices.contains($0) ? origins[$0] : (origins.last ?? 0) + 1 }
                }
            }
        }
        guard let error = first else { return nil }
        let hint: String? = switch error.kind {
        case .unknownFunction:
            "the functions are JMESPath's (as in `az --query`), the Community Edition's listed in specs/README.md, and `to_epoch`"
        case .syntax: "JMESPath as `az --query` takes it, plus arithmetic, `let` and `$` (specs/README.md, Queries)"
        case .undefinedVariable: "bind it first: `let $name = EXPR in …`; `${NAME}` is a labspec variable"
        default: nil
        }
        return Problem(message: error.message, offset: error.offset ?? 0, hint: hint)
    }

    /// The text with stand-ins, and for each of its scalars the offset it came from.
    private static func render(_ template: Template, standIn: String) -> (String, [Int]) {
        var text = ""
        var origins: [Int] = []
        var source = 0
        for part in template.parts {
            switch part {
            case .literal(let literal):
                for scalar in literal.unicodeScalars {
                    text.unicodeScalars.append(scalar)
                    origins.append(source)
                    source += 1
                }
            case .variable(let reference):
                for scalar in standIn.unicodeScalars {
                    text.unicodeScalars.append(scalar)
                    origins.append(source)
                }
                source += reference.name.unicodeScalars.count + 3
            }
        }
        return (text, origins)
    }
}
