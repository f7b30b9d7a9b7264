import Foundation
import Testing
import TestSupport

/// A value filled in at run time (here a capture) that the system cannot carry whole — a
/// NUL in an argument or environment value, a line break in a URL or header — stops its
/// step with the reason; the program or request never gets cut or split text.
@Suite struct SystemBoundaryTests {
    static let spec = """
        labspec: 1
        id: system-boundary
        title: Captured text the system cannot carry
        phases:
          - id: p
            steps:
              - id: make
                run: [printf, 'a\\000b|x\\r\\nInjected: 1']
                capture:
                  WITH_NUL: {from: stdout, regex: '^([^|]*)'}
                  WITH_BREAK: {from: stdout, regex: '\\|([\\s\\S]*)'}
                expect: [{exit-code: 0}]
              - id: argument
                run: [echo, "${WITH_NUL}"]
                expect: [{exit-code: 0}]
              - id: environment
                run: [sh, -c, 'echo "$V"']
                env: {V: "${WITH_NUL}"}
                expect: [{exit-code: 0}]
              - id: header
                http: {url: "http://127.0.0.1:9/", headers: {X-T: "${WITH_BREAK}"}}
                expect: [{status: 200}]
        """

    @Test func eachStepStopsWithItsReason() async throws {
        let folder = try Fixtures.newFolder("labspec-boundary")
        let spec = try Fixtures.spec(Self.spec, in: folder)
        let outcome = await InProcess.run(["run", spec.path, "--keep-going", "--color", "never"])
        #expect(outcome.status == 1, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("✔ make"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("not run: argument 1 holds a NUL character, which no program argument can carry"),
                "\(outcome.stdout)")
        #expect(outcome.stdout.contains("not run: environment variable `V` holds a NUL character"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("not sent: header `X-T` holds a line break or NUL character"), "\(outcome.stdout)")
    }
}
