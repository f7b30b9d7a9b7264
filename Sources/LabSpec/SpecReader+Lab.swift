import Yams

extension SpecReader {
    /// Builds the lab from the document root. Returns nil when the root is unusable or the
    /// version is one this build cannot read (then nothing else is worth reporting).
    func lab(_ root: Node) -> Lab? {
        guard case .mapping(let mapping) = root else {
            report(.error(.wrongType, "a lab spec must be a mapping of keys, found \(describe(root))",
                          at: location(root), hint: "start with `labspec: 1`"))
            return nil
        }
        if let versionNode = mapping["labspec"], !supportedVersion(versionNode) { return nil }
        guard let fields = fields(root, LabKey.self, for: "lab") else { return nil }

        let id = fields[.id].flatMap { identifier($0, for: "id") }
        let title = fields[.title].flatMap { string($0, for: "title") }
        var metadata = LabMetadata()
        if let node = fields[.metadata] { metadata = self.metadata(node) }
        var requires = Requirements()
        if let node = fields[.requires] { requires = self.requirements(node) }
        let callouts = fields[.callouts].flatMap { list($0, for: "callouts") }?.compactMap(callout) ?? []
        let diagram = fields[.diagram].flatMap(self.diagram)
        let hypothesis = fields[.hypothesis].flatMap(self.hypothesis)
        let inputs = fields[.inputs].flatMap(self.inputs) ?? []
        let files = fields[.files].flatMap(self.files) ?? []
        let phases = fields[.phases].flatMap(self.phases) ?? []
        let cleanup = fields[.cleanup].flatMap { steps($0, phase: Phase.cleanupID, for: Phase.cleanupID) } ?? []
        var evidence = EvidenceSection()
        if let node = fields[.evidence] { evidence = self.evidence(node) }

        guard let id, let title, fields.has(.labspec), fields.has(.phases) else { return nil }
        return Lab(
            file: file.path, version: Lab.supportedVersion, id: id, title: title,
            summary: fields[.summary].flatMap { string($0, for: "summary") },
            metadata: metadata, requires: requires,
            background: fields[.background].flatMap { string($0, for: "background") },
            callouts: callouts, diagram: diagram, hypothesis: hypothesis, inputs: inputs,
            phases: phases, cleanup: cleanup, evidence: evidence, files: files)
    }

    private func supportedVersion(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain, let version = Int(scalar.string) else {
            wrongType(node, expected: "a format version number such as `1`", for: "labspec")
            return true
        }
        if version > Lab.supportedVersion {
            report(.error(.unsupportedVersion,
                          "this spec is labspec format \(version); this labspec reads versions up to \(Lab.supportedVersion)",
                          at: location(node), length: length(of: node),
                          hint: "install a newer labspec, or write `labspec: \(Lab.supportedVersion)`"))
            return false
        }
        if version < 1 {
            report(.error(.unsupportedVersion, "format version \(version) does not exist; the first is 1",
                          at: location(node), length: length(of: node), hint: "write `labspec: 1`"))
            return false
        }
        return true
    }

    /// Ids of labs, phases and steps: letters, digits, `-`, `_` and `.`, starting with a
    /// letter or digit, so they can name files and JUnit test cases.
    func identifier(_ node: Node, for name: String) -> Located<String>? {
        guard let text = locatedString(node, for: name) else { return nil }
        guard isPlainIdentifier(withoutLoopVariables(text.value)) else {
            report(.error(.invalidIdentifier, "`\(text.value)` is not a valid \(name)", at: text.location,
                          length: length(of: node),
                          hint: "use letters, digits, `-`, `_` and `.`, starting with a letter or digit"))
            return nil
        }
        return text
    }

    /// Letters, digits, `-`, `_` and `.`, starting with a letter or digit.
    func isPlainIdentifier(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        return scalars.first.map(isIdentifierStart) == true && scalars.allSatisfy { scalar in
            isIdentifierStart(scalar) || scalar == "-" || scalar == "_" || scalar == "."
        }
    }

    /// `text` with each `${ITEM}` of an enclosing `for-each` as a letter: what can be
    /// checked before the copies fill the items in.
    func withoutLoopVariables(_ text: String) -> String {
        loopVariables.reduce(text) { $0.replacingOccurrences(of: "${\($1)}", with: "x") }
    }

    private func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private func metadata(_ node: Node) -> LabMetadata {
        var metadata = LabMetadata()
        guard let fields = fields(node, MetadataKey.self, for: "metadata") else { return metadata }
        metadata.difficulty = fields[.difficulty].flatMap { string($0, for: "difficulty") }
        metadata.duration = fields[.duration].flatMap { string($0, for: "duration") }
        metadata.tier = fields[.tier].flatMap { string($0, for: "tier") }
        metadata.failureMode = fields[.failureMode].flatMap { string($0, for: "failure-mode") }
        metadata.skills = fields[.skills].flatMap { strings($0, for: "skills") } ?? []
        return metadata
    }

    private func requirements(_ node: Node) -> Requirements {
        var requires = Requirements()
        guard let fields = fields(node, RequiresKey.self, for: "requires") else { return requires }
        if let azNode = fields[.az], let text = string(azNode, for: "az") {
            requires.azVersion = VersionConstraint.parse(text)
            if requires.azVersion == nil {
                report(.error(.invalidVersionConstraint, "`\(text)` is not a version constraint",
                              at: location(azNode), length: length(of: azNode), hint: "write e.g. `>=2.71`"))
            }
        }
        requires.extensions = fields[.extensions].flatMap { strings($0, for: "extensions") } ?? []
        requires.permissions = fields[.permissions].flatMap { strings($0, for: "permissions") } ?? []
        requires.tools = fields[.tools].flatMap { strings($0, for: "tools") } ?? []
        return requires
    }

    private func callout(_ node: Node) -> Callout? {
        guard let fields = fields(node, CalloutKey.self, for: "callouts") else { return nil }
        var kind = Callout.Kind.note
        if let kindNode = fields[.kind], let text = string(kindNode, for: "kind") {
            if let parsed = Callout.Kind(rawValue: text) {
                kind = parsed
            } else {
                let kinds = Callout.Kind.allCases.map(\.rawValue)
                report(.error(.invalidValue, "`\(text)` is not a callout kind", at: location(kindNode),
                              length: length(of: kindNode),
                              hint: Suggestion.hint(for: text, in: kinds) ?? "use one of: " + kinds.joined(separator: ", ")))
            }
        }
        guard let title = fields[.title].flatMap({ string($0, for: "title") }),
              let body = fields[.body].flatMap({ string($0, for: "body") }) else { return nil }
        return Callout(kind: kind, title: title, body: body)
    }

    private func diagram(_ node: Node) -> Diagram? {
        guard let fields = fields(node, DiagramKey.self, for: "diagram"),
              let mermaid = fields[.mermaid].flatMap({ string($0, for: "mermaid") }) else { return nil }
        return Diagram(title: fields[.title].flatMap { string($0, for: "title") }, mermaid: mermaid)
    }

    private func hypothesis(_ node: Node) -> Hypothesis? {
        guard let fields = fields(node, HypothesisKey.self, for: "hypothesis") else { return nil }
        let variables = fields[.variables].flatMap { list($0, for: "variables") }?.compactMap { item -> Hypothesis.Variable? in
            guard let row = self.fields(item, HypothesisVariableKey.self, for: "variables"),
                  let name = row[.name].flatMap({ string($0, for: "name") }),
                  let control = row[.control].flatMap({ string($0, for: "control") }),
                  let experimental = row[.experimental].flatMap({ string($0, for: "experimental") })
            else { return nil }
            return Hypothesis.Variable(name: name, control: control, experimental: experimental)
        } ?? []
        guard let statement = fields[.statement].flatMap({ string($0, for: "statement") }) else { return nil }
        return Hypothesis(statement: statement, variables: variables)
    }

    private func inputs(_ node: Node) -> [InputDeclaration]? {
        guard let entries = namedEntries(node, for: "inputs") else { return nil }
        return entries.compactMap { key, name, value -> InputDeclaration? in
            guard VariableName.isIdentifier(name) else {
                report(.error(.invalidIdentifier, "`\(name)` is not a valid input name", at: location(key),
                              length: name.unicodeScalars.count,
                              hint: "input names are letters, digits and `_`, not starting with a digit"))
                return nil
            }
            var input = InputDeclaration(name: name, location: location(key), defaultValue: nil,
                                         description: nil, secret: false, required: false)
            switch value {
            case .scalar(let scalar) where isNull(scalar) && scalar.style == .plain:
                input.required = true
            case .scalar:
                input.defaultValue = template(value, for: name, allowEmpty: true)
            default:
                guard let fields = fields(value, InputKey.self, for: name) else { return nil }
                input.defaultValue = fields[.default].flatMap { template($0, for: "default", allowEmpty: true) }
                input.description = fields[.description].flatMap { string($0, for: "description") }
                input.secret = fields[.secret].flatMap { bool($0, for: "secret") } ?? false
                input.required = fields[.required].flatMap { bool($0, for: "required") } ?? (input.defaultValue == nil)
            }
            return input
        }
    }

    /// `files: {PATCH: {name: patch.yaml, content: …}}`.
    private func files(_ node: Node) -> [LabFile]? {
        guard let entries = namedEntries(node, for: "files") else { return nil }
        return entries.compactMap { key, variable, value -> LabFile? in
            guard VariableName.isIdentifier(variable) else {
                report(.error(.invalidIdentifier, "`\(variable)` is not a valid file variable name", at: location(key),
                              length: variable.unicodeScalars.count,
                              hint: "a file is named by a variable: letters, digits and `_`, not starting with a digit"))
                return nil
            }
            guard let fields = fields(value, FileKey.self, for: variable) else { return nil }
            var name = variable
            if let nameNode = fields[.name], let written = string(nameNode, for: "name") {
                guard LabFile.isPlainName(written) else {
                    report(.error(.artifactEscapes, "`\(written)` is not a plain file name", at: location(nameNode),
                                  length: length(of: nameNode),
                                  hint: "a file goes into the run's work folder: letters, digits, `-`, `_` and `.`, no folder"))
                    return nil
                }
                name = written
            }
            guard let content = fields[.content].flatMap({ template($0, for: "content", allowEmpty: true) }) else { return nil }
            return LabFile(variable: variable, name: name, content: content, location: location(key))
        }
    }

    private func phases(_ node: Node) -> [Phase]? {
        guard let items = list(node, for: "phases") else { return nil }
        return items.flatMap { item -> [Phase] in
            guard let fields = fields(item, PhaseKey.self, for: "phases") else { return [] }
            let repetition = fields[.forEach].flatMap(repetition)
            let items = fields[.forEach].map(loopNames) ?? []
            let added = items.filter { loopVariables.insert($0).inserted }
            defer { loopVariables.subtract(added) }
            guard let id = fields[.id].flatMap({ identifier($0, for: "phase id") }),
                  fields[.forEach] == nil || repetition != nil else { return [] }
            if id.value == Phase.cleanupID {
                report(.error(.reservedID, "`cleanup` is not a phase: cleanup steps always run, after every phase",
                              at: id.location, length: 7, hint: "move these steps under the top-level `cleanup:` key"))
            }
            let phaseSteps = fields[.steps].flatMap { self.steps($0, phase: id.value, for: "steps") } ?? []
            if case .sequence(let sequence)? = fields[.steps], sequence.isEmpty {
                report(.warning(.emptyPhase, "phase `\(id.value)` has no steps", at: id.location,
                                length: id.value.unicodeScalars.count))
            }
            let phase = Phase(id: id, title: fields[.title].flatMap { string($0, for: "title") },
                              description: fields[.description].flatMap { string($0, for: "description") },
                              steps: phaseSteps)
            guard let repetition else { return [phase] }
            return expand(phase, repetition)
        }
    }

    private func evidence(_ node: Node) -> EvidenceSection {
        var section = EvidenceSection()
        guard let fields = fields(node, EvidenceKey.self, for: "evidence") else { return section }
        section.duringFailure = fields[.duringFailure].flatMap { claims($0, side: .duringFailure) } ?? []
        section.afterFix = fields[.afterFix].flatMap { claims($0, side: .afterFix) } ?? []
        return section
    }

    private func claims(_ node: Node, side: EvidenceClaim.Side) -> [EvidenceClaim]? {
        guard let items = list(node, for: side.rawValue) else { return nil }
        return items.compactMap { item -> EvidenceClaim? in
            guard let fields = fields(item, ClaimKey.self, for: side.rawValue) else { return nil }
            let id = fields[.id].flatMap { identifier($0, for: "claim id") }
            let claim = fields[.claim].flatMap { string($0, for: "claim") }
            let advisory = fields[.advisory].flatMap { bool($0, for: "advisory") } ?? false
            if let anyNode = fields[.any] {
                return alternativeClaim(fields, anyNode, id: id?.value, side: side, claim: claim, advisory: advisory)
            }
            for key in [ClaimKey.source, .expect] where !fields.has(key) {
                report(.error(.missingKey, "evidence claim is missing required key `\(key.rawValue)`", at: fields.location,
                              hint: "give `source` and `expect`, or alternatives under `any`"))
            }
            let sources = fields[.source].flatMap(claimSources)
            let expect = fields[.expect].flatMap(expectations) ?? []
            let capture = fields[.capture].flatMap(captures) ?? []
            if let written = fields[.expect], case .sequence(let items) = written, items.isEmpty {
                report(.error(.emptyValue, "a claim with no expectation can never be judged", at: location(written),
                              hint: "say what the evidence must show, for example `- {query: \"length(@)\", ge: 1}`"))
            }
            guard let claim, let sources else { return nil }
            var result = EvidenceClaim(id: id?.value, side: side, claim: claim, sources: sources, expect: expect,
                                       capture: capture, location: fields.location)
            result.advisory = advisory
            result.extract = fields[.extract].flatMap { pattern($0, for: "extract") }
            if fields.has(.extract), result.extract == nil { return nil }
            return result
        }
    }

    /// `any: [{source, expect, optional}, …]`: alternatives instead of one source.
    private func alternativeClaim(_ fields: Fields<ClaimKey>, _ anyNode: Node, id: String?, side: EvidenceClaim.Side,
                                  claim: String?, advisory: Bool) -> EvidenceClaim? {
        let conflicting = [ClaimKey.source, .expect, .capture, .extract].compactMap { key in
            fields.keyNode(key).map { (key.rawValue, $0) }
        }
        guard let items = anyItems(anyNode, conflicting: conflicting, moveHint: "move it into the alternatives, or drop `any`",
                                   oneHint: "with one, write `source` and `expect` on the claim itself") else { return nil }
        let alternatives = items.compactMap { item -> ClaimAlternative? in
            guard let alternative = self.fields(item, AlternativeKey.self, for: "alternative") else { return nil }
            let sources = alternative[.source].flatMap(claimSources)
            let expect = alternative[.expect].flatMap(expectations) ?? []
            if let written = alternative[.expect], case .sequence(let list) = written, list.isEmpty {
                report(.error(.emptyValue, "an alternative with no expectation can never hold", at: location(written)))
            }
            let optional = alternative[.optional].flatMap { bool($0, for: "optional") } ?? false
            let extract = alternative[.extract].flatMap { pattern($0, for: "extract") }
            guard let sources, extract != nil || !alternative.has(.extract) else { return nil }
            var result = ClaimAlternative(sources: sources, expect: expect, optional: optional, location: alternative.location)
            result.extract = extract
            return result
        }
        guard let claim, alternatives.count == items.count, items.count >= 2,
              !fields.has(.source), !fields.has(.expect), !fields.has(.capture) else { return nil }
        var result = EvidenceClaim(id: id, side: side, claim: claim, sources: alternatives.flatMap(\.sources), expect: [],
                                   capture: [], location: fields.location)
        result.alternatives = alternatives
        result.advisory = advisory
        return result
    }

    /// `source: NAME`, or a list of names judged together.
    private func claimSources(_ node: Node) -> [Located<String>]? {
        guard case .sequence = node else { return locatedString(node, for: "source").map { [$0] } }
        guard let items = list(node, for: "source") else { return nil }
        if items.isEmpty {
            report(.error(.emptyValue, "`source` lists no step or artifact", at: location(node),
                          hint: "name the step id or artifact the claim looks at"))
            return nil
        }
        let names = items.compactMap { locatedString($0, for: "source") }
        return names.count == items.count ? names : nil
    }
}
