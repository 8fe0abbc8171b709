#if canImport(Glibc)
    import Glibc
    private let readBytes = Glibc.read
#elseif canImport(Musl)
    import Musl
    private let readBytes = Musl.read
#elseif canImport(Darwin)
    import Darwin
    private let readBytes = Darwin.read
#endif

/// Reads input files from disk, turning every failure into a diagnostic that names the file.
package enum SourceFile {
    /// The bytes of the file at `path`, refusing directories, unreadable files, files larger
    /// than `maxSize`, and what is not a file: sockets, devices other than a terminal, and
    /// named pipes that nobody writes to.
    ///
    /// Never blocks on opening. A pipe with a writer (`<(cat file)`, `/dev/stdin` fed from a
    /// pipe, a FIFO some process is writing to) is read to its end; a terminal is read until
    /// end of input (Ctrl-D).
    package static func read(_ path: String, maxSize: Int = YAMLLimits.standard.maxFileSize) -> Result<[UInt8], Diagnostic> {
        let start = SourceLocation(file: path, line: 1, column: 1)
        func failure(_ code: String, _ message: String, hint: String? = nil) -> Result<[UInt8], Diagnostic> {
            .failure(.error(code, message, at: start, hint: hint))
        }
        func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
        // O_NONBLOCK: opening a FIFO without a writer (or a device) must not wait forever.
        // O_NOCTTY: a terminal named as input never becomes the controlling terminal.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            switch code {
            case ENOENT: return failure("file-not-found", "no such file: \(path)", hint: "check the path and the spelling")
            case EACCES: return failure("file-unreadable", "permission denied: \(path)")
            case ENXIO, EOPNOTSUPP:
                var status = stat()
                if stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFSOCK {
                    return failure("file-not-regular", "\(path) is a socket, not a file", hint: notAFileHint)
                }
                return failure("file-unreadable", "cannot open \(path): \(reason(code))")
            default: return failure("file-unreadable", "cannot open \(path): \(reason(code))")
            }
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return failure("file-unreadable", "cannot inspect \(path)") }
        var bytes: [UInt8] = []
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            if Int(status.st_size) > maxSize {
                return failure(
                    "yaml-file-too-large", "the file is \(status.st_size) bytes; at most \(maxSize) bytes are accepted",
                    hint: "protocol files are small; check that this is the file you meant")
            }
        case S_IFDIR:
            return failure("file-is-directory", "\(path) is a directory, not a file", hint: "name the YAML files, e.g. \(path)/*.yaml")
        case S_IFIFO:
            // One read without waiting tells a pipe with a writer (data, or "try again") from
            // one without: end of input right away.
            var chunk = [UInt8](repeating: 0, count: 4096)
            var count: Int
            repeat {
                count = chunk.withUnsafeMutableBytes { readBytes(descriptor, $0.baseAddress, $0.count) }
            } while count < 0 && errno == EINTR
            if count == 0 {
                // An anonymous pipe (`/dev/stdin`, `/dev/fd/N`) that is at its end is empty input;
                // a named pipe in the file system nobody writes to would otherwise wait forever.
                var link = stat()
                if lstat(path, &link) == 0, (link.st_mode & S_IFMT) == S_IFIFO {
                    return failure(
                        "file-not-regular", "\(path) is a named pipe with no writer",
                        hint: "start the program that writes to it first, or name a file")
                }
                return .success([])
            }
            if count < 0, errno != EAGAIN, errno != EWOULDBLOCK {
                return failure("file-unreadable", "cannot read \(path): \(reason(errno))")
            }
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
        case S_IFCHR where isatty(descriptor) == 1:
            break  // a terminal: typed by hand, read until Ctrl-D
        case S_IFCHR, S_IFBLK:
            return failure("file-not-regular", "\(path) is a device, not a file", hint: notAFileHint)
        case S_IFSOCK:
            return failure("file-not-regular", "\(path) is a socket, not a file", hint: notAFileHint)
        default:
            return failure("file-not-regular", "\(path) is not a regular file", hint: notAFileHint)
        }
        // From here on reads wait for data, as for any file.
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) == 0 else {
            return failure("file-unreadable", "cannot read \(path): \(reason(errno))")
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { readBytes(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return failure("file-unreadable", "cannot read \(path): \(reason(errno))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maxSize {
                return failure("yaml-file-too-large", "the file is larger than \(maxSize) bytes")
            }
        }
        return .success(bytes)
    }

    private static let notAFileHint = "name a YAML file"
}
