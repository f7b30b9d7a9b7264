/// The starting point `labspec new ID` writes: every part of a lab in place, each with a
/// comment on what to put there. It loads without a problem and dry-runs as it stands.
public enum LabScaffold {
    public static func text(id: String) -> String {
        header(id: id) + phases + claimsAndCleanup
    }

    /// `my-lab` → `My Lab`; `key-vault` → `Key Vault Lab`.
    static func title(for id: String) -> String {
        let words = id.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
        let title = words.joined(separator: " ")
        return words.last?.lowercased() == "lab" ? title : title + " Lab"
    }

    private static func header(id: String) -> String {
        """
            labspec: 1
            id: \(id)
            title: \(title(for: id))
            summary: >-
              One paragraph: what breaks, why, and how the fix restores service.

            metadata:
              difficulty: Intermediate
              duration: 20-30 minutes
              failure-mode: What the user sees when it breaks

            requires:
              az: ">=2.71"

            hypothesis:
              statement: IF <the trigger>, THEN <the failure you expect to observe>.
              variables:
                - name: Health endpoint
                  control: HTTP 200
                  experimental: HTTP 5xx

            inputs:
              RG: {default: "rg-\(id)-${run.id}", description: Resource group that holds every lab resource}
              LOCATION: {default: koreacentral, description: Azure region}
              APP_URL: {description: "Base URL of the app under test, e.g. https://app.example.net"}


            """
    }

    private static let phases = """
            phases:
              - id: deploy
                title: Deploy the baseline
                steps:
                  - id: create-group
                    az: group create --name ${RG} --location ${LOCATION}
                    expect:
                      - {query: properties.provisioningState, equals: Succeeded}

              - id: trigger
                title: Trigger the failure
                steps:
                  # The change that breaks the app: an az command, a `run` step, an HTTP call.
                  - id: wait-for-failure
                    http: GET ${APP_URL}/health
                    until: {status: {not: 200}}
                    interval: 10s
                    within: 5m

              - id: observe
                title: Record the failure
                steps:
                  - id: health-before-fix
                    http: GET ${APP_URL}/health
                    evidence: 01-health-before-fix.json

              - id: fix
                title: Apply the fix
                steps:
                  # The change that restores service.
                  - id: wait-for-recovery
                    http: GET ${APP_URL}/health
                    until: {status: 200}
                    interval: 10s
                    within: 5m

              - id: verify
                title: Record the recovery
                steps:
                  - id: health-after-fix
                    http: GET ${APP_URL}/health
                    evidence: 02-health-after-fix.json


            """

    private static let claimsAndCleanup = """
            evidence:
              during-failure:
                - id: endpoint-fails
                  claim: The health endpoint fails while the trigger is in place
                  source: 01-health-before-fix.json
                  expect: [{status: {not: 200}}]
              after-fix:
                - id: endpoint-recovers
                  claim: The health endpoint answers 200 after the fix
                  source: 02-health-after-fix.json
                  expect: [{status: 200}]

            cleanup:
              - id: delete-group
                az: group delete --name ${RG} --yes --no-wait
                expect: [{exit-code: 0}]

            """
}
