import Foundation
import LabSpec
import Testing
import TestSupport

/// `labspec render`: the lab page, rebuilt from the spec.
@Suite struct RenderCommandTests {
    @Test(arguments: ["managed-identity-key-vault-failure", "scale-rule-mismatch", "cd-reconnect-rbac-conflict"])
    func everyShippedLabRendersWithEveryStep(_ id: String) throws {
        let spec = "specs/\(id).yaml"
        let outcome = try LabspecBinary.run(["render", spec])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let page = outcome.stdout
        let headings = page.split(separator: "\n").filter { $0.hasPrefix("## ") }.map(String.init)
        #expect(headings == ["## Lab Metadata", "## 1) Background", "## 2) Hypothesis", "## 3) Runbook",
                             "## 4) Experiment Log", "## Expected Evidence", "## Clean Up"])
        let lab = try #require(LabLoader.load(path: spec).lab)
        for step in lab.phases.flatMap(\.steps) {
            #expect(page.contains("**\(step.title ?? step.id)**"), "\(id): \(step.id) is missing")
        }
        for claim in lab.evidence.all {
            #expect(page.contains(claim.claim), "\(id): claim \(claim.claim) is missing")
        }
    }

    @Test func theSeedPageReadsLikeTheLabPage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labspec-render-\(UUID().uuidString)")
        let file = folder.appendingPathComponent("guide.md")
        let outcome = try LabspecBinary.run(["render", RunCommandTests.seed, "--output", file.path])
        #expect(outcome.status == 0 && outcome.stdout.isEmpty)
        let page = try String(contentsOf: file, encoding: .utf8)
        #expect(page.hasPrefix("# Managed Identity Key Vault Failure Lab\n\nReproduce Key Vault access denial"))
        #expect(page.contains("| Failure Mode | App returns 500 when reading a secret because the managed identity lacks Key Vault Secrets User |"))
        #expect(page.contains("```mermaid\nsequenceDiagram\n"))
        #expect(page.contains("> [!WARNING]\n> **Identity enabled does not mean authorized**"))
        #expect(page.contains("| Secret-dependent endpoint | HTTP 200 | HTTP 500 or authorization-related failure |"))
        #expect(page.contains("export RG=rg-aca-lab-kv  # Resource group that holds every lab resource\n"))
        #expect(page.contains("```sh\naz group create --name \"${RG}\" --location \"${LOCATION}\" --output json\n```"))
        #expect(page.contains("```sh\ncurl --silent --show-error --include \"${SCHEME}\"://\"${FQDN}\"/health\n```"))
        // One Experiment Log row per step, with every expectation.
        #expect(page.contains("| 4. `deployment-outputs` | Read the names the deployment generated | "
            + "query properties.outputs.containerAppName.value exists<br>query properties.outputs.keyVaultName.value exists |  |  |"))
        // A wait is a bounded loop that stops when the status shows the failure.
        #expect(page.contains("# Every 10 s, at most 18 times (within 3m), until: status != 200\nfor attempt in $(seq 1 18); do\n"))
        #expect(page.contains("  [ \"$code\" != 200 ] && break\n  sleep 10\ndone\n"))
        // A capture is the command that sets it.
        #expect(page.contains("APP_NAME=\"$(printf '%s' \"$output\" | labspec query --raw properties.outputs.containerAppName.value)\""))
        #expect(page.contains("| `05-http-response-pre-fix.json` | The secret-dependent endpoint fails with ForbiddenByRbac |"))
        #expect(page.hasSuffix("## Clean Up\n\n```sh\naz group delete --name \"${RG}\" --yes --no-wait\n```\n"))

        let broken = try LabspecBinary.run(["render", Fixtures.url("invalid/unknown-key-in-step.yaml").path])
        #expect(broken.status == 2)
    }
}
