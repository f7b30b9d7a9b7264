import Foundation
import Testing
import TestSupport

/// Every shipped lab's page, rendered with MkDocs admonitions, builds with MkDocs
/// Material under `--strict` — the setup of the public guide: admonitions, details,
/// and superfences with Mermaid fences.
@Suite struct MkDocsBuildTests {
    static let config = """
        site_name: Labs
        theme:
          name: material
        markdown_extensions:
          - admonition
          - tables
          - pymdownx.details
          - pymdownx.superfences:
              custom_fences:
                - name: mermaid
                  class: mermaid
                  format: !!python/name:pymdownx.superfences.fence_code_format
        """

    @Test func everyShippedPageBuildsStrictly() throws {
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-mkdocs-\(UUID().uuidString)")
        let docs = site.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try Self.config.write(to: site.appendingPathComponent("mkdocs.yml"), atomically: true, encoding: .utf8)
        try "# Labs\n".write(to: docs.appendingPathComponent("index.md"), atomically: true, encoding: .utf8)
        for id in ["managed-identity-key-vault-failure", "scale-rule-mismatch", "cd-reconnect-rbac-conflict"] {
            let page = try LabspecBinary.run(["render", "specs/\(id).yaml", "--flavor", "mkdocs",
                                              "--output", docs.appendingPathComponent("\(id).md").path])
            #expect(page.status == 0, "\(page.stderr)")
        }
        let page = try String(contentsOf: docs.appendingPathComponent("managed-identity-key-vault-failure.md"), encoding: .utf8)
        #expect(page.contains("!!! warning \"Identity enabled does not mean authorized\"\n\n    System-assigned identity"))
        let script = """
            import os, subprocess, sys
            try:
                import mkdocs, material
            except ImportError:
                sys.exit(3)
            os.chdir(sys.argv[1])
            result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
                                    capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
            print(result.stdout + result.stderr)
            sys.exit(1 if result.returncode else 0)
            """
        guard let outcome = try PythonReference.run(script, arguments: [site.path]) else {
            #expect(PythonReference.mayBeMissing, "CI must have mkdocs-material (.ci/run installs it)")
            return
        }
        #expect(outcome.status == 0, "\(outcome.stdout)")
    }
}
