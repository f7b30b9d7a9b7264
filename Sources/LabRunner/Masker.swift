import Foundation
import JMESPath

/// Replaces every secret value with `***` in text bound for any output — the value as
/// it is, and as it reads once labspec has encoded it: JSON-escaped (in UTF-8 and in
/// `\uXXXX` ASCII style), shell-quoted. A writer with an escaping of its own (XML, a
/// Markdown cell) adds it with `including(_:)`.
///
/// A secret shorter than `minimumLength` is masked only where it stands alone (not
/// inside a longer word): masking `e` inside `true` would corrupt JSON and spell the
/// secret out by what it leaves.
public struct Masker: Sendable {
    public static let mask = "***"
    /// Shorter secrets are masked as whole words only; `run` warns about them.
    public static let minimumLength = 4
    private let secrets: Set<String>
    /// Longest first, so a secret that contains another is masked whole.
    private let forms: [String]
    /// Forms of short secrets, matched as whole words.
    private let wordForms: [NSRegularExpression]
    /// Secrets a recorded run masked, known by digest only (a replay, `verify`).
    private let recorded: SecretDigests?

    public init(secrets: Set<String>, recorded: SecretDigests? = nil) {
        let secrets = secrets.filter { !$0.isEmpty }
        self.init(secrets: secrets, forms: secrets.flatMap(Self.encodings), recorded: recorded)
    }

    private init(secrets: Set<String>, forms: [String], recorded: SecretDigests?) {
        self.secrets = secrets
        self.recorded = recorded
        let unique = Set(forms).filter { !$0.isEmpty }
        let short = unique.filter { $0.count < Self.minimumLength }
        self.forms = unique.subtracting(short).sorted { $0.count > $1.count }
        wordForms = short.sorted { $0.count > $1.count }.compactMap { form in
            try? NSRegularExpression(pattern: "(?<![\\p{L}\\p{N}_])" + NSRegularExpression.escapedPattern(for: form)
                                     + "(?![\\p{L}\\p{N}_])")
        }
    }

    /// Every way labspec may write `secret`.
    static func encodings(_ secret: String) -> [String] {
        return [secret, JSONValue.escaped(secret), JSONValue.escaped(secret, nonASCII: .escaped(uppercase: false)),
                JSONValue.escaped(secret, nonASCII: .escaped(uppercase: true)),
                secret.replacingOccurrences(of: "'", with: "'\\''")]
    }

    /// The same secrets, masked also as `encode` writes them (XML, a Markdown cell).
    public func including(_ encode: (String) -> String) -> Masker {
        Masker(secrets: secrets, forms: forms + secrets.flatMap { Self.encodings($0).map(encode) }, recorded: recorded)
    }

    /// What a manifest records: the digests of these secrets and of those already recorded,
    /// under the run's salt.
    public var digests: SecretDigests {
        (recorded ?? SecretDigests(salt: SecretDigests.freshSalt())).adding(secrets)
    }

    /// Whether there is nothing to mask: text passes unchanged.
    var isEmpty: Bool { forms.isEmpty && wordForms.isEmpty && recorded?.digests.isEmpty != false }

    /// Every byte of every form a secret is masked in: a text may be cut only at a byte
    /// none of them holds (`StreamingMasker`).
    var formBytes: Set<UInt8> {
        Set((forms + secrets.flatMap(Self.encodings)).flatMap(\.utf8))
    }

    /// Whether any secret is shorter than `minimumLength`.
    public var hasShortSecrets: Bool { secrets.contains { $0.count < Self.minimumLength } }

    public func callAsFunction(_ text: String) -> String {
        guard !forms.isEmpty || !wordForms.isEmpty || recorded?.digests.isEmpty == false else { return text }
        var masked = text
        for form in forms where masked.contains(form) {
            masked = masked.replacingOccurrences(of: form, with: Self.mask)
        }
        for form in wordForms {
            masked = form.stringByReplacingMatches(in: masked, range: NSRange(masked.startIndex..., in: masked),
                                                   withTemplate: NSRegularExpression.escapedTemplate(for: Self.mask))
        }
        if let recorded { masked = recorded.mask(masked, with: Self.mask) }
        return masked
    }
}
