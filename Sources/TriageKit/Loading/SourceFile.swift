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
public enum SourceFile {
    /// The bytes of the file at `path`, refusing directories, unreadable files and files
    /// larger than `maxSize`.
    public static func read(_ path: String, maxSize: Int = YAMLLimits.standard.maxFileSize) -> Result<[UInt8], Diagnostic> {
        let start = SourceLocation(file: path, line: 1, column: 1)
        func failure(_ code: String, _ message: String, hint: String? = nil) -> Result<[UInt8], Diagnostic> {
            .failure(.error(code, message, at: start, hint: hint))
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            let reason = errno
            switch reason {
            case ENOENT: return failure("file-not-found", "no such file: \(path)", hint: "check the path and the spelling")
            case EACCES: return failure("file-unreadable", "permission denied: \(path)")
            default: return failure("file-unreadable", "cannot open \(path): \(String(cString: strerror(reason)))")
            }
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return failure("file-unreadable", "cannot inspect \(path)") }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            return failure("file-is-directory", "\(path) is a directory, not a file", hint: "name the YAML files, e.g. \(path)/*.yaml")
        }
        if (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) > maxSize {
            return failure(
                "yaml-file-too-large", "the file is \(status.st_size) bytes; at most \(maxSize) bytes are accepted",
                hint: "protocol files are small; check that this is the file you meant")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { readBytes(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return failure("file-unreadable", "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maxSize {
                return failure("yaml-file-too-large", "the file is larger than \(maxSize) bytes")
            }
        }
        return .success(bytes)
    }
}
