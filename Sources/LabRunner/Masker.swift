import JMESPath

/// Replaces every secret value with `***` in text bound for any output — the value as
/// it is, and as it reads once JSON-escaped or shell-quoted, so no rendering leaks it.
/// A writer with an escaping of its own adds it with `including(_:)`.
public struct Masker: Sendable {
    public static let mask = "***"
    private let secrets: Set<String>
    /// Longest first, so a secret that contains another is masked whole.
    private let forms: [String]

    public init(secrets: Set<String>) {
        let secrets = secrets.filter { !$0.isEmpty }
        self.init(secrets: secrets, forms: secrets.flatMap { secret in
            [secret, String(JSONValue.string(secret).compactText.dropFirst().dropLast()),
             secret.replacingOccurrences(of: "'", with: "'\\''")]
        })
    }

    private init(secrets: Set<String>, forms: [String]) {
        self.secrets = secrets
        self.forms = Set(forms).filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// The same secrets, masked also as `encode` writes them (XML, a Markdown cell).
    public func including(_ encode: (String) -> String) -> Masker {
        Masker(secrets: secrets, forms: forms + secrets.map(encode))
    }

    public func callAsFunction(_ text: String) -> String {
        guard !forms.isEmpty else { return text }
        var masked = text
        for form in forms where masked.contains(form) {
            masked = masked.replacingOccurrences(of: form, with: Self.mask)
        }
        return masked
    }
}
