import Foundation

/// Compiled regular expressions, one per pattern text. Compiling once matters twice: a
/// pattern is matched again for every step, claim and attempt that uses it, and
/// Foundation's `NSRegularExpression` on Linux leaks a copy of every pattern longer than
/// about 250 characters each time one is compiled (found by fuzzing the spec loader). The
/// cache holds at most `capacity` patterns; a full cache compiles without keeping.
public final class RegexCache: @unchecked Sendable {
    public static let shared = RegexCache()
    public let capacity = 4_096
    private let lock = NSLock()
    private var compiled: [String: NSRegularExpression] = [:]
    private var failed: Set<String> = []

    /// The compiled pattern, or nil when it does not compile.
    public func regex(_ pattern: String) -> NSRegularExpression? {
        lock.lock()
        if let regex = compiled[pattern] {
            lock.unlock()
            return regex
        }
        if failed.contains(pattern) {
            lock.unlock()
            return nil
        }
        lock.unlock()
        let regex = try? NSRegularExpression(pattern: pattern)
        lock.lock()
        defer { lock.unlock() }
        if compiled.count + failed.count < capacity {
            if let regex { compiled[pattern] = regex } else { failed.insert(pattern) }
        }
        return regex
    }
}
