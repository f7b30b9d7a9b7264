import LabSpec

/// What a run of the selected phases would lack, found before anything runs: every
/// `${NAME}` of the selected phases and cleanup must have a value from the inputs or a
/// step that runs earlier. `run --from fix` cannot get back what earlier phases captured,
/// so it is refused rather than started.
public enum Preflight {
    /// One value the run would not have.
    public struct MissingValue: Sendable, Equatable, CustomStringConvertible {
        public var name: String
        /// The step that needs it.
        public var neededBy: String
        /// The step that would capture it, when one does (in a phase not selected).
        public var capturedBy: String?

        public var description: String {
            "`${\(name)}` (needed by `\(neededBy)`)"
                + (capturedBy.map { " is captured by `\($0)`, which this run does not include" } ?? " has no value")
        }
    }

    /// The captured values `phases` and cleanup would need and not have.
    public static func missingValues(in lab: Lab, phases: [Phase]) -> [MissingValue] {
        // Inputs are resolved (or refused) by the session; what is left is captures.
        var known = Set(BuiltinVariable.names).union(lab.inputs.map(\.name)).union(lab.files.map(\.variable))
        var written: Set<String> = []
        var capturer: [String: String] = [:]
        for step in lab.allSteps { for capture in step.capture where capturer[capture.name] == nil { capturer[capture.name] = step.id } }
        var missing: [MissingValue] = []
        var reported: Set<String> = []
        func check(_ step: Step) {
            let own = Set(step.capture.map(\.name))
            // A repeated step's item is its own; a file is filled in before the first step that uses it.
            let items = Set(step.bindings.map(\.name))
            let files = lab.files(usedBy: step).filter { written.insert($0.variable).inserted }
            let needed = step.actionVariables + files.flatMap(\.content.variables) + step.capture.flatMap(\.variables)
                + (step.expect + (step.wait?.until ?? [])).flatMap(\.variables).filter { !own.contains($0.name) }
            for reference in needed where !known.contains(reference.name) && !items.contains(reference.name)
                && reported.insert(reference.name).inserted {
                missing.append(MissingValue(name: reference.name, neededBy: step.id, capturedBy: capturer[reference.name]))
            }
            known.formUnion(step.capture.map(\.name))
        }
        for phase in phases { phase.steps.forEach(check) }
        lab.cleanup.forEach(check)
        return missing
    }
}
