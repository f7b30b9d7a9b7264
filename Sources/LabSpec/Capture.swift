/// A value taken from a step's output and handed to later steps as `${name}`.
public struct Capture: Sendable {
    public enum Stream: String, Sendable, CaseIterable { case stdout, stderr, body }

    public enum Source: Sendable {
        /// A JMESPath query over the JSON output.
        case query(Query)
        /// Trimmed text of a stream, or the given group of the first regex match in it —
        /// or, with `format`, the groups put together (`$1-$2`).
        case text(Stream, regex: Pattern?, group: Int, format: String?)
    }

    public var name: String
    public var location: SourceLocation
    public var source: Source
    /// Masked as `***` in every output, report and evidence manifest.
    public var secret: Bool

    /// Variables the capture's own query uses.
    public var variables: [VariableReference] {
        switch source {
        case .query(let query): query.variables
        case .text(_, let regex, _, _): regex?.variables ?? []
        }
    }
}
