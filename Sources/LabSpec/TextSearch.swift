/// Literal substring search on UTF-8 bytes.
///
/// With Foundation imported, `contains(_:)` with a string argument resolves to
/// Foundation's `StringProtocol` method, which goes through `NSString` and ICU's
/// collation setup: measurable at start-up for a lab of a few dozen steps. What labspec
/// looks for (`${`, a flag letter, a newline) is a literal byte sequence.
extension StringProtocol {
    package func includes(_ needle: some StringProtocol) -> Bool {
        let haystack = utf8
        let needle = Array(needle.utf8)
        guard let first = needle.first else { return true }
        guard haystack.count >= needle.count else { return false }
        var index = haystack.startIndex
        while let found = haystack[index...].firstIndex(of: first) {
            if haystack[found...].starts(with: needle) { return true }
            index = haystack.index(after: found)
        }
        return false
    }
}
