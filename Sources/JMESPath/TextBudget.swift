/// How many Unicode scalars the string functions of one search may build, all calls
/// together: a projection of `pad_left` over a long array cannot add up to what would
/// exhaust memory, though each call stays within its own bound.
final class TextBudget {
    /// Four times the largest text one call may build.
    static let total = 4 * 16_777_216
    private var spent = 0

    func spend(_ scalars: Int, in function: String) throws(JMESPathError) {
        spent += scalars
        guard spent > Self.total else { return }
        throw JMESPathError(.tooLarge, "\(function)() and the string functions before it built more than "
                            + "\(Self.total) characters in one query")
    }
}
