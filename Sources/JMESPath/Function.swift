/// The built-in functions of JMESPath.
enum Function: String, Sendable, CaseIterable {
    case abs, avg, ceil, contains, floor, join, keys, length, map, max, merge, min
    case reverse, sort, sum, type, values
    case endsWith = "ends_with"
    case maxBy = "max_by"
    case minBy = "min_by"
    case notNull = "not_null"
    case sortBy = "sort_by"
    case startsWith = "starts_with"
    case toArray = "to_array"
    case toNumber = "to_number"
    case toString = "to_string"
    /// labspec's own: an RFC 3339 timestamp as seconds since the epoch, so time spans
    /// are arithmetic. Neither JMESPath edition has one.
    case toEpoch = "to_epoch"
    /// Community Edition (JEP-13, JEP-14, JEP-18).
    case items, lower, upper, zip
    case fromItems = "from_items"
    case groupBy = "group_by"

    /// Fixed argument count, or the minimum for variadic functions.
    private var arity: (count: Int, variadic: Bool) {
        switch self {
        case .abs, .avg, .ceil, .floor, .keys, .length, .max, .min, .reverse, .sort, .sum, .type, .values,
             .toArray, .toNumber, .toString, .toEpoch, .items, .fromItems, .lower, .upper:
            (1, false)
        case .contains, .endsWith, .join, .map, .maxBy, .minBy, .sortBy, .startsWith, .groupBy:
            (2, false)
        case .merge, .notNull, .zip:
            (1, true)
        }
    }

    func checkArity(_ count: Int, offset: Int?) throws(JMESPathError) {
        let (expected, variadic) = arity
        if variadic ? count < expected : count != expected {
            let takes = variadic ? "at least \(expected)" : "\(expected)"
            throw JMESPathError(.invalidArity,
                                "\(rawValue)() takes \(takes) argument\(expected == 1 ? "" : "s"), given \(count)",
                                offset: offset)
        }
    }
}
