import Foundation
#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

/// Reads a file or a stream whole, but never more than a limit: what labspec reads
/// whole (a spec, a document to query) could otherwise be a device that never ends or a
/// file of gigabytes, and exhaust memory instead of being refused.
public enum BoundedReader {
    /// The largest spec: loading takes about fifty times a spec's size in memory, so this
    /// keeps a hostile or mistaken file under a gigabyte, while the largest lab measured
    /// (10,000 steps) is 3 MB.
    public static let maximumSpecSize = 16 << 20

    public enum Problem: Error, Equatable {
        /// Not there, not readable, a folder.
        case unreadable
        /// A pipe or a device where only a regular file will do.
        case notARegularFile
        case tooLarge
    }

    /// The bytes of `path`, at most `limit`. With `regularFileOnly`, anything else is
    /// refused before a byte is read, and opening never blocks (a pipe would wait for a
    /// writer); without, a pipe (`<(command)`) is read like a file.
    public static func contents(of path: String, limit: Int, regularFileOnly: Bool) -> Result<Data, Problem> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | (regularFileOnly ? O_NONBLOCK : 0))
        guard descriptor >= 0 else { return .failure(.unreadable) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(.unreadable) }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return .failure(.unreadable)
        case S_IFREG: guard status.st_size <= limit else { return .failure(.tooLarge) }
        default: if regularFileOnly { return .failure(.notARegularFile) }
        }
        return contents(ofDescriptor: descriptor, limit: limit)
    }

    /// What `descriptor` holds until its end, at most `limit` bytes (standard input).
    public static func contents(ofDescriptor descriptor: Int32, limit: Int) -> Result<Data, Problem> {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failure(.unreadable)
            }
            if count == 0 { return .success(data) }
            data.append(contentsOf: buffer[0..<count])
            // A file may grow after it was measured; a stream is measured only here.
            guard data.count <= limit else { return .failure(.tooLarge) }
        }
    }
}
