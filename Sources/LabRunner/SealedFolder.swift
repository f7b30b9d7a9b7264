import Foundation
import LabSpec
#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// An evidence pack's folder, read and written as a sealed box: every path inside it is
/// opened one component at a time relative to the folder, and no symbolic link inside
/// it is ever followed — a link planted in a pack cannot make labspec write to, or read
/// from, anywhere else. Writes go to a fresh temporary file renamed into place.
public struct SealedFolder: Sendable {
    public let root: URL
    /// The largest artifact read whole; a larger file is refused rather than exhausting memory.
    public static let maximumReadSize = 256 << 20

    public init(root: URL) {
        self.root = root
    }

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case missing
        case symbolicLink(String)
        case notRegularFile
        case tooLarge(Int)
        case failed(String)

        public var description: String {
            switch self {
            case .missing: "no such file"
            case .symbolicLink(let component): "`\(component)` is a symbolic link, which a pack may not hold"
            case .notRegularFile: "not a regular file"
            case .tooLarge(let size): "\(size) bytes, more than the \(SealedFolder.maximumReadSize >> 20) MiB an artifact may hold"
            case .failed(let reason): reason
            }
        }
    }

    /// Writes `data` to `name` (a relative path; missing folders are created).
    public func write(_ data: Data, to name: String) throws(Problem) {
        try write(to: name) { (append: (Data) throws(Problem) -> Void) throws(Problem) in try append(data) }
    }

    /// Writes `name` piece by piece: `produce` hands each piece to `append`. The file
    /// appears whole or not at all (a temporary file renamed into place).
    public func write(to name: String,
                      _ produce: (_ append: (Data) throws(Problem) -> Void) throws(Problem) -> Void) throws(Problem) {
        let (folder, file) = try openParent(of: name, creating: true)
        defer { close(folder) }
        let temporary = ".\(file).labspec-\(UUID().uuidString.prefix(8))"
        let descriptor = openat(folder, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .failed(String(cString: strerror(errno))) }
        func append(_ data: Data) throws(Problem) {
            var written = 0
            let ok = data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Bool in
                while written < buffer.count {
                    let result = systemWrite(descriptor, buffer.baseAddress! + written, buffer.count - written)
                    if result < 0 { if errno == EINTR { continue }; return false }
                    written += result
                }
                return true
            }
            guard ok else { throw .failed(String(cString: strerror(errno))) }
        }
        do {
            try produce(append)
        } catch {
            close(descriptor)
            unlinkat(folder, temporary, 0)
            throw error
        }
        guard close(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            unlinkat(folder, temporary, 0)
            throw .failed(reason)
        }
        guard renameat(folder, temporary, folder, file) == 0 else {
            let reason = String(cString: strerror(errno))
            unlinkat(folder, temporary, 0)
            throw .failed(reason)
        }
    }

    /// Reads `name` whole, refusing links, anything but a regular file, and files over
    /// `maximumReadSize`.
    public func read(_ name: String) throws(Problem) -> Data {
        let (folder, file) = try openParent(of: name, creating: false)
        defer { close(folder) }
        let descriptor = openat(folder, file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw Self.problem(errno, component: file) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .failed(String(cString: strerror(errno))) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .notRegularFile }
        guard Int(status.st_size) <= Self.maximumReadSize else { throw .tooLarge(Int(status.st_size)) }
        switch BoundedReader.contents(ofDescriptor: descriptor, limit: Self.maximumReadSize) {
        case .success(let data): return data
        // It grew past the limit while being read.
        case .failure(.tooLarge): throw .tooLarge(Self.maximumReadSize + 1)
        case .failure: throw .failed(String(cString: strerror(errno)))
        }
    }

    /// Whether `name` exists in the folder as a regular file reached without links.
    public func contains(_ name: String) -> Bool {
        guard let (folder, file) = try? openParent(of: name, creating: false) else { return false }
        defer { close(folder) }
        var status = stat()
        return fstatat(folder, file, &status, AT_SYMLINK_NOFOLLOW) == 0
    }

    /// The folder holding `name`'s last component, opened without following links, and
    /// that component.
    private func openParent(of name: String, creating: Bool) throws(Problem) -> (Int32, String) {
        let components = name.split(separator: "/").map(String.init)
        guard let file = components.last, !components.contains(".."), !name.hasPrefix("/") else {
            throw .failed("`\(name)` is not a path inside the pack")
        }
        if creating { try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true) }
        var folder = open(root.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { throw Self.problem(errno, component: root.path) }
        for component in components.dropLast() {
            if creating { mkdirat(folder, component, 0o755) }
            let next = openat(folder, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let error = errno
            close(folder)
            guard next >= 0 else { throw Self.problem(error, component: component) }
            folder = next
        }
        return (folder, file)
    }

    private static func problem(_ error: Int32, component: String) -> Problem {
        switch error {
        case ENOENT: .missing
        case ELOOP, ENOTDIR: .symbolicLink(component)
        default: .failed(String(cString: strerror(error)))
        }
    }
}
