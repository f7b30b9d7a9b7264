import LabReports
import LabRunner
import LabSpec

/// Prints claims grouped by hypothesis — held, failed or not judged, with why — then
/// the verdict line with the counts of each side.
struct VerdictPrinter {
    var console: Console
    var colors: Bool
    /// Only the claims that did not hold, and the verdict line.
    var quiet = false

    private var paint: Style { Style(enabled: colors) }

    func print(_ verdict: Verdict, lab: Lab, source: String, interrupted: Bool = false) {
        if !quiet { console.out(paint(lab.title, .bold) + " (\(lab.id.value)) · evidence from \(source)\n") }
        let groups: [(String, [ClaimResult])] = [
            ("H1 during failure — the trigger produces the failure", verdict.duringFailure),
            ("H2 after fix — the fix restores recovery", verdict.afterFix),
        ]
        for (heading, all) in groups {
            let claims = quiet ? all.filter { $0.status != .held } : all
            guard !claims.isEmpty else { continue }
            console.out("\n" + paint(heading, .heading) + "\n")
            for claim in claims {
                let symbol = switch claim.status {
                case .held: paint("✔", .pass)
                case .failed: paint("✘", .fail)
                case .notJudged: paint("?", .warn)
                }
                let name = claim.id.map { "\($0) " } ?? ""
                let source = claim.alternatives.isEmpty ? (claim.source.hasPrefix("[") ? claim.source : "[\(claim.source)]") : ""
                let tags = (claim.heldBy.map { " (alternative \($0))" } ?? "") + (claim.advisory ? " (advisory)" : "")
                console.out("  \(symbol) \(name)\(claim.claim)\(tags)" + (source.isEmpty ? "" : " " + paint(source, .dim)) + "\n")
                if let error = claim.error { console.out("      " + paint("not judged: \(error)", .warn) + "\n") }
                for expectation in claim.expectations {
                    console.out(ConsoleObserver.line(for: expectation, paint: paint))
                }
                for (index, alternative) in claim.alternatives.enumerated() {
                    console.out("    " + paint(ResultText.alternative(index, alternative), .dim) + "\n")
                    for expectation in alternative.expectations {
                        console.out("  " + ConsoleObserver.line(for: expectation, paint: paint))
                    }
                }
            }
        }
        let tone: Style.Tone = switch verdict.outcome {
        case .confirmed: .strongPass
        case .error: .strongWarn
        default: .strongFail
        }
        if interrupted {
            // What an interrupted run judged is not a verdict on the lab.
            console.out("\nverdict: " + paint("interrupted", .strongWarn) + " — the run was stopped; the claims above judge "
                + "only what ran (\(VerdictSummary.line(verdict)))\n")
            return
        }
        console.out("\nverdict: " + paint(verdict.outcome.rawValue, tone) + " (\(VerdictSummary.line(verdict)))\n")
        if let reason = verdict.reason { console.out(paint("  \(reason)", .warn) + "\n") }
    }

    static func exitStatus(for outcome: Verdict.Outcome) -> ExitStatus {
        switch outcome {
        case .confirmed: .success
        case .notReproduced: .notReproduced
        case .notRecovered: .notRecovered
        case .error: .verdictError
        case .cleanupFailed: .cleanupFailed
        }
    }
}
