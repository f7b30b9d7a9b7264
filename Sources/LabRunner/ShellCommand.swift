import LabSpec

/// A step's action as words a shell line shows, with every `${NAME}` left as a
/// placeholder: what `render` prints for a reader to paste. HTTP probes become `curl`.
public enum ShellCommand {
    /// Step ids and artifacts whose output a claim queries or captures from.
    public static func queriedByClaims(in lab: Lab) -> Set<String> {
        var names: Set<String> = []
        for claim in lab.evidence.all {
            // A claim that extracts from text queries the matches, not the source.
            if !claim.capture.isEmpty || (claim.extract == nil && queries(claim.expect)) {
                names.formUnion(claim.sources.map(\.value))
            }
            for alternative in claim.alternatives where alternative.extract == nil && queries(alternative.expect) {
                names.formUnion(alternative.sources.map(\.value))
            }
        }
        return names
    }

    private static func queries(_ expectations: [Expectation]) -> Bool {
        expectations.flatMap(\.leaves).contains { if case .query = $0.subject { true } else { false } }
    }

    /// Whether an `az` step's output must be JSON: it is queried (by the step or a claim)
    /// or recorded as a `.json`/`.jsonl` artifact — whatever `core.output` the user set.
    public static func needsJSON(_ step: Step, queriedByClaims: Set<String>) -> Bool {
        let queries = queries(step.expect + (step.wait?.until ?? []))
        let captures = step.capture.contains {
            if case .query = $0.source { return true }
            return false
        }
        let recordedAsJSON = step.evidence != nil && [.json, .jsonLines].contains(ArtifactFormat(of: step))
        let claimed = queriedByClaims.contains(step.id) || step.artifacts.contains { queriedByClaims.contains($0.value) }
        return queries || captures || recordedAsJSON || claimed
    }

    /// The words of `step`'s action; nil for `sleep` and `check`, which run nothing.
    public static func words(for step: Step, queriedByClaims: Set<String>) -> [[ShellQuoting.Segment]]? {
        // A repeated step's item is its value: each copy shows its own.
        let item = { (name: String) in step.bindings.first { $0.name == name }?.value }
        let word = { (template: Template) in
            ShellQuoting.segments(template, value: item, isPlaceholder: { item($0) == nil })
        }
        switch step.action {
        case .az(let command):
            var words = [[ShellQuoting.Segment.text("az")]] + command.words.map(word)
            let setsOutput = command.words.contains { ["-o", "--output"].contains($0.symbolic) || $0.symbolic.hasPrefix("--output=") }
            if needsJSON(step, queriedByClaims: queriedByClaims), !setsOutput { words += [[.text("--output")], [.text("json")]] }
            return words
        case .run(let command):
            return command.words.map(word)
        case .http(let request):
            var words: [[ShellQuoting.Segment]] = [[.text("curl")], [.text("--silent")], [.text("--show-error")], [.text("--include")]]
            if request.method != "GET" { words += [[.text("--request")], [.text(request.method)]] }
            for header in request.headers { words += [[.text("--header")], [.text("\(header.name): ")] + word(header.value)] }
            if let body = request.body { words += [[.text("--data")], word(body)] }
            if request.followRedirects { words.append([.text("--location")]) }
            if let timeout = request.timeout ?? step.timeout {
                words += [[.text("--max-time")], [.text(String(max(1, Int(timeout.seconds.rounded(.up)))))]]
            }
            words.append(word(request.url))
            return words
        case .sleep, .check:
            return nil
        }
    }
}
