import Foundation
import JMESPath
import LabSpec

extension Executor {
    /// One step: its action prepared, performed or played back, then judged.
    func execute(_ written: Step, phase: String, state: inout State) async -> StepRecord {
        // A copy of a repeated step: its item is `${NAME}` in everything the step does.
        for binding in written.bindings { state.variables.set(binding.name, binding.value, typed: binding.json, origin: "for-each") }
        let masker = state.variables.masker
        // `${…}` durations take the run's values; a preview keeps them as written.
        let variables = state.variables
        let resolution = written.resolvingDurations { variables.placeholders.contains($0) ? nil : variables[$0] }
        let step: Step
        switch resolution {
        case .success(let resolved): step = resolved
        case .failure(let problem):
            guard backend.isDryRun else {
                return StepRecord(
                    id: written.id, phase: phase, title: written.title, status: .failed, action: "", started: clock.now(),
                    ended: clock.now(), attempts: 0, exitCode: nil, httpStatus: nil, stderrTail: nil, expectations: [],
                    captured: [], message: masker(problem.message), artifact: written.artifacts.first?.value, sources: [])
            }
            step = written
        }
        var record = StepRecord(
            id: step.id, phase: phase, title: step.title, status: .passed, action: "", started: clock.now(), ended: nil,
            attempts: 0, exitCode: nil, httpStatus: nil, stderrTail: nil, expectations: [], captured: [], message: nil,
            artifact: step.artifacts.first?.value, sources: [], background: step.background)
        func finish(_ status: StepRecord.Status, _ message: String? = nil) -> StepRecord {
            record.status = status
            record.message = message.map { masker($0) }
            record.ended = clock.now()
            return record
        }

        let prepared: PreparedAction
        switch prepare(step, variables: state.variables) {
        case .success(let action): prepared = action
        case .failure(let missing):
            if case .resumed = backend.playback(of: step) { return finish(.resumed, "passed in the recorded run; not run again") }
            let names = missing.names.map { "`${\($0)}`" }.joined(separator: ", ")
            if phase == Phase.cleanupID { return finish(.skipped, "needs \(names), which this run never captured") }
            return finish(.failed, "\(names) \(missing.names.count == 1 ? "has" : "have") no value")
        }
        record.action = prepared.display(masking: masker)
        record.sources = sources(of: step, variables: state.variables)
        var sleep: TimeInterval?
        if case .sleep(let duration) = step.action { sleep = duration.seconds }
        observer?.handle(.stepStarted(id: step.id, title: step.title, action: record.action, sleep: sleep))

        let observed: Observed
        switch await observe(step, prepared, record: &record, state: &state) {
        case .ended(let status, let message): return finish(status, message)
        case .observed(let result): observed = result
        }
        record.exitCode = observed.observation.exitCode
        if case .process(let outcome) = observed.observation.source { record.droppedBytes = outcome.droppedBytes }
        record.httpStatus = observed.observation.response?.status
        state.keep(observed.observation, of: step)
        if backend.isDryRun {
            notePlanned(step, record: &record, variables: &state.variables)
            return finish(.planned)
        }
        let (status, message) = judge(step, observed, record: &record, state: &state)
        return finish(status, message)
    }

    /// What a step's action showed, with the `until` results of its last attempt.
    struct Observed {
        var observation: Observation
        var until: [ExpectationResult]
        /// Played back from a pack rather than performed.
        var replayed: Bool
        /// Why `until` was never met, when it was not: the step fails, but what it saw is
        /// still recorded and judged.
        var gaveUp: String? = nil
    }

    enum ObservationOutcome {
        case observed(Observed)
        case ended(StepRecord.Status, String?)
    }

    /// Performs the action (again while `until` does not hold), or plays back its recording.
    private func observe(_ step: Step, _ prepared: PreparedAction, record: inout StepRecord,
                         state: inout State) async -> ObservationOutcome {
        var playback = backend.playback(of: step)
        if case .check(let source?) = step.action, let reason = state.unobserved[source.value] {
            playback = state.absent.contains(source.value) ? .unrecorded("reads `\(source.value)`: \(reason)")
                : .unavailable("reads `\(source.value)`: \(reason)")
        }
        switch playback {
        case .resumed(let recorded):
            // Passed in the recorded run: its output, when kept, is what later steps and
            // claims read, and its captures are taken again (a secret one among them).
            if let recorded {
                record.exitCode = recorded.exitCode
                record.attempts = 1
                state.keep(recorded, of: step)
                for capture in step.capture {
                    _ = CaptureEvaluator.apply(capture, to: &state.variables, from: recorded,
                                               origin: "\(step.id): \(Self.describe(capture))")
                }
            }
            record.captured = step.capture.map(\.name)
            return .ended(.resumed, "passed in the recorded run; not run again")
        case .missing(let message):
            markUnobserved(step, because: message, absent: true, record: &record, state: &state)
            return .ended(.failed, message)
        case .unavailable(let message):
            markUnobserved(step, because: message, absent: false, record: &record, state: &state)
            return .ended(.failed, message)
        case .unrecorded(let reason):
            markUnobserved(step, because: reason, absent: true, record: &record, state: &state)
            return .ended(.notRecorded, reason)
        case .recorded(let observation, let attempts):
            record.attempts = attempts ?? 1
            guard let wait = step.wait else { return .observed(Observed(observation: observation, until: [], replayed: true)) }
            let evaluator = ExpectationEvaluator(variables: state.variables)
            let until = wait.until.map { evaluator.evaluate($0, on: observation) }
            var observed = Observed(observation: observation, until: until, replayed: true)
            if let first = until.first(where: { $0.status == .failed }) {
                observed.gaveUp = "the recorded output does not meet `until`: \(first.description) "
                    + "(observed \(first.observed ?? first.message ?? "?"))"
            }
            return .observed(observed)
        case .perform:
            if let problem = writeFiles(for: step, state: &state) { return .ended(.failed, problem) }
            switch await attempt(step, prepared, record: &record, state: state) {
            case .observed(let observation, let until, let gaveUp):
                return .observed(Observed(observation: observation, until: until, replayed: false, gaveUp: gaveUp))
            case .ended(let status, let message):
                return .ended(status, message)
            }
        }
    }

    /// Captures, the evidence artifact and expectations, and the step's status from them.
    private func judge(_ step: Step, _ observed: Observed, record: inout StepRecord,
                       state: inout State) -> (StepRecord.Status, String?) {
        let observation = observed.observation
        var failures = (observed.gaveUp.map { [$0] } ?? []) + outcomeProblems(step, observation, state.variables)
        for capture in step.capture {
            let outcome = CaptureEvaluator.apply(capture, to: &state.variables, from: observation,
                                                 origin: "\(step.id): \(Self.describe(capture))")
            if let problem = outcome.problem {
                failures.append("capture `\(capture.name)`: \(problem)")
                state.variables.setUnknown(capture.name, because: "captured by `\(step.id)`, which did not capture it: \(problem)")
            } else {
                record.captured.append(capture.name)
            }
        }
        // Written after the captures, so a secret this step revealed is masked in it too.
        if let writer = options.evidence {
            do {
                try writer.write(step, observation: observation, masker: state.variables.masker)
            } catch {
                // Evidence the pack does not hold cannot support the verdict either.
                failures.append(error.message)
                for name in [step.id] + step.artifacts.map(\.value) {
                    state.observations[name] = nil
                    state.unobserved[name] = "its artifact could not be recorded: \(error.message)"
                }
            }
        }
        let evaluator = ExpectationEvaluator(variables: state.variables)
        record.expectations = observed.until + step.expect.map { evaluator.evaluate($0, on: observation) }
        if case .recorded = observation.source, let expected = step.expectFailure {
            let code = expected.exitCode.map { "exit-code == \($0)" } ?? "exit-code != 0"
            record.expectations.append(ExpectationResult(
                status: .notJudged, description: "\(code) (expect-failure)", observed: nil,
                message: "the pack holds no exit code for this output (it has no manifest entry)",
                location: expected.location))
        }
        if let pattern = step.expectFailure?.stderr, let reason = observation.unrecordedStderr {
            record.expectations.append(ExpectationResult(
                status: .notJudged, description: "stderr matches /\(pattern.source)/ (expect-failure)", observed: nil,
                message: reason, location: pattern.location))
        }
        // Failed expectations are reported by their own results; the message says what
        // else went wrong, if anything. Played back, what could not be judged leaves
        // the step not judged; in a live run it fails the step, which cannot be trusted.
        let failed = record.expectations.contains { $0.status == .failed }
        let unjudged = record.expectations.contains { $0.status == .notJudged }
        if failures.isEmpty, !failed, !unjudged { return (.passed, nil) }
        if failures.isEmpty, !failed, observed.replayed { return (.notJudged, nil) }
        let stderr = state.variables.masker(observation.stderr)
        if !stderr.isEmpty {
            record.stderrTail = stderr.split(separator: "\n", omittingEmptySubsequences: false).suffix(8).joined(separator: "\n")
        }
        return (step.allowFailure ? .allowedFailure : .failed, failures.first)
    }

    /// Dry-run sources: where each `${NAME}` of the action comes from. A replay lists
    /// the names it cannot know.
    private func sources(of step: Step, variables: Variables) -> [(name: String, origin: String)] {
        var seen: Set<String> = []
        return step.actionVariables.compactMap { reference in
            guard seen.insert(reference.name).inserted else { return nil }
            guard backend.isDryRun || variables.unknown[reference.name] != nil else { return nil }
            return variables.origins[reference.name].flatMap { $0 == "input" ? nil : (reference.name, $0) }
        }
    }

    /// A replayed step with no usable recording: why is kept for the claims and
    /// `check` steps that read it, and its captures are unknown to everything after it.
    private func markUnobserved(_ step: Step, because reason: String, absent: Bool, record: inout StepRecord,
                                state: inout State) {
        state.unobserved[step.id] = reason
        for artifact in step.artifacts { state.unobserved[artifact.value] = reason }
        if absent { state.absent.formUnion([step.id] + step.artifacts.map(\.value)) }
        for capture in step.capture where state.variables.origins[capture.name] != LabSession.recordedOrigin {
            state.variables.setUnknown(capture.name, because: "captured by `\(step.id)`, which was not observed: \(reason)",
                                       origin: "\(step.id): \(Self.describe(capture))")
        }
        record.captured = step.capture.map(\.name)
    }

    /// A step shown but not run: captures become `${NAME}` and expectations are not
    /// evaluated.
    private func notePlanned(_ step: Step, record: inout StepRecord, variables: inout Variables) {
        for capture in step.capture {
            variables.setPlaceholder(capture.name, origin: "\(step.id): \(Self.describe(capture))")
        }
        record.captured = step.capture.map(\.name)
        record.notes = plannedFiles(for: step, variables: variables) + StepFacts.describe(step, waiting: true).map { variables.masker($0) }
        let evaluator = ExpectationEvaluator(variables: variables)
        record.expectations = ((step.wait?.until ?? []) + step.expect).map {
            ExpectationResult(status: .notEvaluated, description: variables.masker(evaluator.describeFilled($0)),
                              observed: nil, message: nil, location: $0.location)
        }
    }

    enum AttemptResult {
        case observed(Observation, until: [ExpectationResult], gaveUp: String?)
        case ended(StepRecord.Status, String)
    }

    /// Performs the action, again and again while `until` does not hold and `within`
    /// leaves time for another attempt.
    private func attempt(_ step: Step, _ prepared: PreparedAction, record: inout StepRecord, state: State) async -> AttemptResult {
        let masker = state.variables.masker
        var untilResults: [ExpectationResult] = []
        let waitStarted = clock.now()
        var heldInARow = 0
        var transcript = PollTranscript(recording: step.attemptsEvidence != nil)
        while true {
            record.attempts += 1
            let observation: Observation
            do {
                let performed = try await perform(prepared, state: state)
                if case .check = step.action { observation = performed } else { observation = performed.read(as: step) }
            } catch let error as ProcessRunnerError {
                switch error {
                case .notFound(let program): return .ended(.failed, "`\(program)` is not installed or not on PATH")
                case .spawnFailed(let program, let code): return .ended(.failed, "could not start `\(program)` (error \(code))")
                case .workingDirectory(let folder, let reason):
                    return .ended(.failed, "cannot run in workdir `\(folder)`: \(reason)")
                case .nulCharacter(let what):
                    return .ended(.failed, "not run: \(what) holds a NUL character, which no program argument can carry")
                }
            } catch let error as CheckSourceMissing {
                return .ended(.failed, error.message)
            } catch let error as BackendUnavailable {
                return .ended(.failed, error.message)
            } catch is CancellationError {
                return .ended(.failed, "interrupted")
            } catch {
                return .ended(.failed, "could not perform the step: \(error)")
            }
            guard let wait = step.wait, !backend.isDryRun else { return .observed(observation, until: [], gaveUp: nil) }
            let evaluator = ExpectationEvaluator(variables: state.variables)
            untilResults = wait.until.map { evaluator.evaluate($0, on: observation) }
            // Held in `consecutive` attempts in a row: a flapping condition is not met.
            heldInARow = untilResults.allSatisfy(\.passed) ? heldInARow + 1 : 0
            let elapsed = clock.now().timeIntervalSince(waitStarted)
            transcript.add(attempt: record.attempts, at: clock.now(), elapsed: elapsed, inARow: heldInARow,
                           observation: observation, results: untilResults)
            if heldInARow >= wait.consecutive {
                return .observed(transcript.attach(to: observation), until: untilResults, gaveUp: nil)
            }
            let within = wait.within?.seconds ?? 0
            let interval = wait.interval?.seconds ?? options.defaultInterval
            let first = untilResults.first { !$0.passed }
            let observed = first.map { $0.observed ?? $0.message ?? "?" }
                ?? "held \(heldInARow) of \(wait.consecutive) attempts in a row"
            if Task.isCancelled {
                record.expectations = untilResults
                return .ended(.failed, "interrupted while waiting")
            }
            if elapsed + interval > within {
                let what = first.map { "\($0.description) (last observed \(observed))" } ?? "the condition"
                return .observed(transcript.attach(to: observation), until: untilResults,
                                 gaveUp: "gave up after \(record.attempts) attempt\(record.attempts == 1 ? "" : "s") in "
                                     + "\(LabDurationText.format(elapsed)) (within \(LabDurationText.format(within))): \(what)")
            }
            observer?.handle(.waiting(id: step.id, attempt: record.attempts, elapsed: elapsed, deadline: within,
                                      observed: masker(observed)))
            do {
                try await clock.sleep(seconds: interval)
            } catch {
                record.expectations = untilResults
                return .ended(.failed, "interrupted while waiting")
            }
        }
    }

    private func perform(_ action: PreparedAction, state: State) async throws -> Observation {
        switch action {
        case .command(let command, _):
            return Observation(.process(try await backend.run(command)))
        case .http(let request, let count, let every):
            var responses: [HTTPResponse] = []
            for index in 0..<count {
                try Task.checkCancellation()
                responses.append(await backend.send(request))
                if index < count - 1, !backend.isDryRun { try await clock.sleep(seconds: every) }
            }
            return Observation(.http(responses))
        case .sleep(let seconds):
            if !backend.isDryRun { try await clock.sleep(seconds: seconds) }
            return Observation(.none)
        case .check(let source):
            guard let source else { return Observation(.none) }
            guard let observation = state.observations[source] else {
                if backend.isDryRun { return Observation(.none) }
                throw CheckSourceMissing(message: "`\(source)` has no recorded output in this run")
            }
            return observation
        }
    }
}
