import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a spec file's bytes, bounded: only a regular file (a FIFO or a device would
/// block or never end), and at most `maximumSize` bytes — loading takes about fifty
/// times a spec's size in memory, so the limit keeps a hostile or mistaken file to
/// under a gigabyte, while the largest lab measured (10,000 steps) is 3 MB.
enum SpecFileReader {
    static let maximumSize = 16 << 20

    enum Problem: Error {
        /// Not there, not readable, a folder, a link that leads nowhere.
        case unreadable
        case notARegularFile
        case tooLarge
    }

    static func contents(of path: String) -> Result<Data, Problem> {
        // Non-blocking: opening a FIFO for reading would otherwise wait for a writer.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.unreadable) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(.unreadable) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .failure(.unreadable)
        default: return .failure(.notARegularFile)
        }
        guard status.st_size <= maximumSize else { return .failure(.tooLarge) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failure(.unreadable)
            }
            if count == 0 { return .success(data) }
            data.append(contentsOf: buffer[0..<count])
            // The file may have grown since it was measured.
            guard data.count <= maximumSize else { return .failure(.tooLarge) }
        }
    }
}
