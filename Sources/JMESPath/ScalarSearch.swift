/// Where a run of Unicode scalars occurs in another, in linear time (Knuth–Morris–Pratt):
/// `contains`, `split`, `replace` and `find_*` on evidence text never take time that
/// grows with the product of the two lengths.
struct ScalarSearch {
    let needle: [Unicode.Scalar]
    /// For each prefix of the needle, the length of its longest proper border.
    private let borders: [Int]

    init(_ needle: [Unicode.Scalar]) {
        self.needle = needle
        var borders = Array(repeating: 0, count: needle.count)
        var length = 0
        for index in needle.indices.dropFirst() {
            while length > 0, needle[index] != needle[length] { length = borders[length - 1] }
            if needle[index] == needle[length] { length += 1 }
            borders[index] = length
        }
        self.borders = borders
    }

    /// Start offsets of the non-overlapping occurrences in `haystack[range]`, left to
    /// right, at most `limit` of them. The needle must not be empty.
    func occurrences(in haystack: [Unicode.Scalar], _ range: Range<Int>, limit: Int = .max) -> [Int] {
        var found: [Int] = []
        var matched = 0
        var index = range.lowerBound
        while index < range.upperBound, found.count < limit {
            while matched > 0, haystack[index] != needle[matched] { matched = borders[matched - 1] }
            if haystack[index] == needle[matched] { matched += 1 }
            if matched == needle.count {
                found.append(index + 1 - needle.count)
                matched = 0
            }
            index += 1
        }
        return found
    }

    /// The start of the last occurrence in `haystack[range]`, overlapping ones counted.
    func last(in haystack: [Unicode.Scalar], _ range: Range<Int>) -> Int? {
        let reversed = ScalarSearch(needle.reversed())
        let flipped = Array(haystack[range].reversed())
        return reversed.occurrences(in: flipped, flipped.indices, limit: 1).first.map { range.upperBound - $0 - needle.count }
    }
}
