import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a stream printed past the part kept in memory, held in a file that has no name
/// (created and unlinked at once, readable by this process only) until the step's
/// artifact is written from it — so an output of any size is recorded whole while memory
/// stays bounded. The bytes are raw, as printed: they are masked when the artifact is
/// written, once every secret the step reveals is known.
public final class OutputSpill: @unchecked Sendable {
    private let lock = NSLock()
    private let descriptor: Int32
    /// Bytes held.
    public private(set) var count = 0
    /// Bytes that could not be held (the disk was full): the artifact is then cut.
    public private(set) var lost = 0

    /// A new spill in the system's temporary folder; nil when none can be made.
    init?() {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("labspec-spill-XXXXXX").utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else { return nil }
        unlink(template)
        self.descriptor = descriptor
    }

    /// A spill that could not be made: everything sent to it is lost, and says so.
    static var unavailable: OutputSpill { OutputSpill(descriptor: -1) }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    func append(_ bytes: UnsafeRawBufferPointer) {
        lock.lock()
        defer { lock.unlock() }
        guard lost == 0, descriptor >= 0 else {
            lost += bytes.count
            return
        }
        var written = 0
        while written < bytes.count {
            let result = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                lost += bytes.count - written
                return
            }
            written += result
        }
        count += written
    }

    /// Every held byte, in pieces of at most `size`, from the start.
    func forEachPiece<Failure: Error>(size: Int = 1 << 20, _ body: (Data) throws(Failure) -> Void) throws(Failure) {
        lock.lock()
        defer { lock.unlock() }
        var offset = 0
        var buffer = [UInt8](repeating: 0, count: size)
        while offset < count {
            let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, min(size, count - offset), off_t(offset)) }
            if read < 0, errno == EINTR { continue }
            guard read > 0 else { return }
            try body(Data(buffer[0..<read]))
            offset += read
        }
    }
}
