import Foundation

/// Turns a program's output chunks into whole lines, per stream, for `--verbose`: a line
/// is reported once its newline arrives, masked.
final class OutputLines: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [Bool: Data] = [:]
    private let emit: @Sendable (String, Bool) -> Void

    init(emit: @escaping @Sendable (String, Bool) -> Void) {
        self.emit = emit
    }

    func add(_ chunk: Data, error: Bool) {
        lock.lock()
        var buffer = (pending[error] ?? Data()) + chunk
        var lines: [String] = []
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
            buffer = Data(buffer[buffer.index(after: newline)...])
        }
        // A line without end is shown in pieces rather than held without bound.
        if buffer.count > 8_192 {
            lines.append(String(decoding: buffer, as: UTF8.self))
            buffer = Data()
        }
        pending[error] = buffer
        lock.unlock()
        for line in lines { emit(line, error) }
    }
}
