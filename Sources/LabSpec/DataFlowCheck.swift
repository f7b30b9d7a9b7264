/// Every `${NAME}` must be an input, a built-in, or a capture of a step that runs earlier.
/// Steps see what earlier steps captured; a step's expectations also see its own captures;
/// cleanup and evidence claims see everything the phases captured.
enum DataFlowCheck {
    private static let builtins = BuiltinVariable.names

    static func check(_ lab: Lab) -> [Diagnostic] {
        inputDefaults(lab) + references(lab) + duplicateClaimCaptures(lab) + fileNames(lab)
    }

    /// Every reference of steps, cleanup and claims against what is known where it stands.
    private static func references(_ lab: Lab) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var captureSites: [String: SourceLocation] = [:]
        for capture in lab.allSteps.flatMap(\.capture) + lab.evidence.all.flatMap(\.capture)
        where captureSites[capture.name] == nil {
            captureSites[capture.name] = capture.location
        }
        let inputNames = Set(lab.inputs.map(\.name))
        var available = inputNames.union(builtins).union(lab.files.map(\.variable))
        let everyName = Array(available) + Array(captureSites.keys)
        // A file's content is filled in where it is first written: before the first step
        // that uses it, with what is known there.
        var writtenFiles: Set<String> = []
        func verifyFiles(of step: Step) {
            for file in lab.files(usedBy: step) where writtenFiles.insert(file.variable).inserted {
                verify(file.content.variables, against: available)
            }
        }

        // One growing set, never copied per step: a lab of 10,000 steps stays linear.
        func verify(_ references: [VariableReference], against names: Set<String>, or own: [Capture] = []) {
            for reference in references where !names.contains(reference.name)
                && !own.contains(where: { $0.name == reference.name }) {
                diagnostics.append(undefined(reference, captureSites: captureSites, everyName: everyName))
            }
        }
        for step in lab.phases.flatMap(\.steps) {
            diagnostics += shadowing(step.capture, inputNames)
            // A repeated step's item is known in that step only.
            let items = step.bindings.map(\.name).filter { available.insert($0).inserted }
            defer { available.subtract(items) }
            verifyFiles(of: step)
            verify(step.actionVariables, against: available)
            verify(step.capture.flatMap(\.variables), against: available)
            verify(step.expect.flatMap(\.variables) + (step.wait?.until.flatMap(\.variables) ?? []),
                   against: available, or: step.capture)
            available.formUnion(step.capture.map(\.name))
        }
        for step in lab.cleanup {
            diagnostics += shadowing(step.capture, inputNames)
            let items = step.bindings.map(\.name).filter { available.insert($0).inserted }
            defer { available.subtract(items) }
            verifyFiles(of: step)
            verify(step.actionVariables + step.capture.flatMap(\.variables), against: available)
            available.formUnion(step.capture.map(\.name))
            verify(step.expect.flatMap(\.variables), against: available)
        }
        for file in lab.files where !writtenFiles.contains(file.variable) {
            diagnostics.append(.warning(.unusedFile, "file `\(file.variable)` is used by no step, so it is never written",
                                        at: file.location, length: file.variable.unicodeScalars.count,
                                        hint: "use `${\(file.variable)}` in the step that reads it, or remove the file"))
        }
        for claim in lab.evidence.all {
            verify(claim.capture.flatMap(\.variables), against: available)
            available.formUnion(claim.capture.map(\.name))
            verify(claim.allExpectations.flatMap(\.variables) + (claim.extract?.variables ?? [])
                   + claim.alternatives.flatMap { $0.extract?.variables ?? [] }, against: available)
        }
        return diagnostics
    }

    /// A file's variable names one thing: not an input or a capture too; two files never
    /// share a name in the work folder.
    private static func fileNames(_ lab: Lab) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let inputs = Set(lab.inputs.map(\.name))
        let captures = Set(lab.allSteps.flatMap(\.capture).map(\.name) + lab.evidence.all.flatMap(\.capture).map(\.name))
        var names: [String: LabFile] = [:]
        for file in lab.files {
            let length = file.variable.unicodeScalars.count
            if inputs.contains(file.variable) || captures.contains(file.variable) {
                diagnostics.append(.error(.duplicateID, "`\(file.variable)` is already \(inputs.contains(file.variable) ? "an input" : "a capture")",
                                          at: file.location, length: length, hint: "give the file a name of its own"))
            }
            if let first = names[file.name] {
                diagnostics.append(.error(.duplicateID, "files `\(first.variable)` and `\(file.variable)` are both written to `\(file.name)`",
                                          at: file.location, length: length, hint: "give each file its own `name`"))
            } else {
                names[file.name] = file
            }
        }
        return diagnostics
    }

    /// A default may use built-ins and the inputs declared above it.
    private static func inputDefaults(_ lab: Lab) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let inputNames = Set(lab.inputs.map(\.name))
        var earlierInputs = builtins
        for input in lab.inputs {
            for reference in input.defaultValue?.variables ?? [] where !earlierInputs.contains(reference.name) {
                if inputNames.contains(reference.name) {
                    diagnostics.append(.error(.variableCapturedLater,
                                              "`${\(reference.name)}` is declared below the input whose default uses it",
                                              at: reference.location, length: reference.name.unicodeScalars.count + 3,
                                              hint: "a default may use built-ins and the inputs declared above it; move `\(reference.name)` up"))
                } else {
                    diagnostics.append(undefined(reference, captureSites: [:], everyName: Array(earlierInputs)))
                }
            }
            earlierInputs.insert(input.name)
        }
        return diagnostics
    }

    /// Two claims that capture one name: the later replaces the earlier for the claims
    /// after it. (A claim may re-read a value a step captured: that is one meaning.)
    private static func duplicateClaimCaptures(_ lab: Lab) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var capturedBy: [String: (claim: String, at: SourceLocation)] = [:]
        for claim in lab.evidence.all {
            for capture in claim.capture {
                if let first = capturedBy[capture.name] {
                    diagnostics.append(.warning(.duplicateCapture,
                                                "`\(capture.name)` is already captured by claim `\(first.claim)`; this claim replaces it",
                                                at: capture.location, length: capture.name.unicodeScalars.count,
                                                hint: "give each claim's capture a name of its own",
                                                notes: [.init("first captured here", at: first.at)]))
                } else {
                    capturedBy[capture.name] = (claim.id ?? claim.claim, capture.location)
                }
            }
        }
        return diagnostics
    }

    /// A capture named as an input replaces the input's value from there on.
    private static func shadowing(_ captures: [Capture], _ inputNames: Set<String>) -> [Diagnostic] {
        captures.filter { inputNames.contains($0.name) }.map { capture in
            .warning(.shadowedVariable, "capture `\(capture.name)` replaces the input of the same name from here on",
                     at: capture.location, length: capture.name.unicodeScalars.count,
                     hint: "rename the capture if both values are needed")
        }
    }

    private static func undefined(
        _ reference: VariableReference, captureSites: [String: SourceLocation], everyName: [String]
    ) -> Diagnostic {
        let length = reference.name.unicodeScalars.count + 3
        if let site = captureSites[reference.name] {
            return .error(.variableCapturedLater,
                          "`${\(reference.name)}` is used before it is captured",
                          at: reference.location, length: length,
                          hint: "a step can use only what earlier steps captured",
                          notes: [.init("captured here, by a step that runs later", at: site)])
        }
        let hint = Suggestion.hint(for: reference.name, in: everyName)
            ?? "declare it under `inputs:`, or capture it in an earlier step"
        return .error(.undefinedVariable,
                      "`${\(reference.name)}` is not defined: not an input, a built-in or a capture",
                      at: reference.location, length: length, hint: hint)
    }
}
