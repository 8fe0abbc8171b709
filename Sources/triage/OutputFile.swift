#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes results that contain health data: mode 0600 (unless told otherwise), and never over an existing file.
enum OutputFile {
    enum Failure: Error, CustomStringConvertible {
        case exists(String)
        case cannotWrite(String, String)

        var description: String {
            switch self {
            case .exists(let path): "\(path) already exists; not overwritten (choose another name or remove it first)"
            case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
            }
        }
    }

    static func write(_ text: String, to path: String, mode: mode_t = 0o600) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw .exists(path) }
            throw .cannotWrite(path, String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            guard written > 0 else { throw .cannotWrite(path, String(cString: strerror(errno))) }
            bytes = bytes.dropFirst(written)
        }
    }
}

#if canImport(Glibc)
    let systemWrite = Glibc.write
#elseif canImport(Darwin)
    let systemWrite = Darwin.write
#endif
