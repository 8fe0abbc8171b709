import TriageKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes results that contain health data: mode 0600 (unless told otherwise), never over an
/// existing file (unless `replacing`, as `--force` asks), and never half: the text goes to a temporary file next to the target, which
/// gets the target's name only once all of it is written and synced. On any failure (a full
/// disk, a file size limit) nothing is left behind, so the same command can simply be retried.
enum OutputFile {
    enum Failure: Error, CustomStringConvertible {
        case exists(String)
        case noDirectory(String, String)
        case cannotWrite(String, String)

        var description: String { description(in: "en") }

        /// The message in `language` (`nl` or `en`), the path made safe to print.
        func description(in language: String) -> String {
            let english = language == "en"
            switch self {
            case .exists(let path):
                return english
                    ? "\(path.neutralized) already exists; not overwritten (choose another name or remove it first)"
                    : "\(path.neutralized) bestaat al; niet overschreven (kies een andere naam of verwijder het bestand eerst)"
            case .noDirectory(let path, let directory):
                return english
                    ? "cannot write \(path.neutralized): the directory \(directory.neutralized) does not exist"
                    : "kan \(path.neutralized) niet schrijven: de map \(directory.neutralized) bestaat niet"
            case .cannotWrite(let path, let reason):
                return english ? "cannot write \(path.neutralized): \(reason)" : "kan \(path.neutralized) niet schrijven: \(reason)"
            }
        }
    }

    static func write(_ text: String, to path: String, mode: mode_t = 0o600, replacing: Bool = false) throws(Failure) {
        // "dir/" (with its slash) and "name"; the prefix is empty for a bare name.
        let slash = path.lastIndex(of: "/")
        let prefix = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty, name != ".", name != ".." else { throw .cannotWrite(path, "that names a directory, not a file") }
        var existing = stat()
        let exists = lstat(path, &existing) == 0
        if exists, !replacing { throw .exists(path) }
        if exists, (existing.st_mode & S_IFMT) != S_IFREG { throw .cannotWrite(path, "it is not a regular file") }

        let (temporaryPath, descriptor) = try createTemporary(prefix + ".\(name).tmp-\(getpid())-")
        defer { unlink(temporaryPath) }
        try writeAndClose(text, to: descriptor, path: path)
        // Replacing: rename() swaps the complete file in at once; the old one stays whole until then.
        if replacing {
            guard rename(temporaryPath, path) == 0 else { throw .cannotWrite(path, reason(errno)) }
            return
        }
        // link() gives the complete file its name, and fails instead of replacing a file that
        // appeared in the meantime. Where hard links are not supported (e.g. FAT), write the
        // file in place: created exclusively, removed again if writing fails.
        if link(temporaryPath, path) == 0 { return }
        let linkError = errno
        if linkError == EEXIST { throw .exists(path) }
        guard [EPERM, ENOTSUP, EOPNOTSUPP, ENOSYS, EXDEV, EMLINK].contains(linkError) else {
            throw .cannotWrite(path, reason(linkError))
        }
        try writeInPlace(text, to: path, mode: mode)

        /// A new file `stem` + N, created exclusively with `mode`, and its descriptor.
        func createTemporary(_ stem: String) throws(Failure) -> (String, Int32) {
            for attempt in 0..<100 {
                let temporaryPath = stem + String(attempt)
                let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
                if descriptor >= 0 { return (temporaryPath, descriptor) }
                switch errno {
                case EEXIST: continue
                case ENOENT: throw .noDirectory(path, prefix.count > 1 ? String(prefix.dropLast()) : prefix)
                case let code: throw .cannotWrite(path, reason(code))
                }
            }
            throw .cannotWrite(path, "no free temporary file name next to it")
        }
    }

    /// The fallback for file systems without hard links.
    private static func writeInPlace(_ text: String, to path: String, mode: mode_t) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw .exists(path) }
            throw .cannotWrite(path, reason(errno))
        }
        do throws(Failure) {
            try writeAndClose(text, to: descriptor, path: path)
        } catch {
            unlink(path)
            throw error
        }
    }

    /// Writes all of `text`, syncs it to the disk, and closes the descriptor, also on failure.
    private static func writeAndClose(_ text: String, to descriptor: Int32, path: String) throws(Failure) {
        defer { close(descriptor) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw .cannotWrite(path, written == 0 ? "nothing was written" : reason(errno)) }
            bytes = bytes.dropFirst(written)
        }
        guard fsync(descriptor) == 0 else { throw .cannotWrite(path, reason(errno)) }
    }

    private static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}

#if canImport(Glibc)
    let systemWrite = Glibc.write
#elseif canImport(Darwin)
    let systemWrite = Darwin.write
#endif
