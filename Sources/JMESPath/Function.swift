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
    /// Community Edition string functions (JEP-14).
    case split, replace, trim
    case trimLeft = "trim_left"
    case trimRight = "trim_right"
    case padLeft = "pad_left"
    case padRight = "pad_right"
    case findFirst = "find_first"
    case findLast = "find_last"

    /// How many arguments the function takes: at least `minimum`, at most `maximum`
    /// (nil for variadic functions).
    private var arity: (minimum: Int, maximum: Int?) {
        switch self {
        case .abs, .avg, .ceil, .floor, .keys, .length, .max, .min, .reverse, .sort, .sum, .type, .values,
             .toArray, .toNumber, .toString, .toEpoch, .items, .fromItems, .lower, .upper:
            (1, 1)
        case .contains, .endsWith, .join, .map, .maxBy, .minBy, .sortBy, .startsWith, .groupBy:
            (2, 2)
        case .merge, .notNull, .zip:
            (1, nil)
        case .trim, .trimLeft, .trimRight: (1, 2)
        case .split, .padLeft, .padRight: (2, 3)
        case .replace: (3, 4)
        case .findFirst, .findLast: (2, 4)
        }
    }

    func checkArity(_ count: Int, offset: Int?) throws(JMESPathError) {
        let (minimum, maximum) = arity
        guard count < minimum || count > (maximum ?? .max) else { return }
        let takes = switch maximum {
        case nil: "at least \(minimum)"
        case minimum: "\(minimum)"
        case let maximum?: "\(minimum) to \(maximum)"
        }
        throw JMESPathError(.invalidArity,
                            "\(rawValue)() takes \(takes) argument\(takes == "1" ? "" : "s"), given \(count)",
                            offset: offset)
    }
}
