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
        let pending = try Pending(path, mode: mode, replacing: replacing)
        do throws(Failure) {
            try writeAll(text, to: pending.descriptor, path: path)
        } catch {
            pending.discard()
            throw error
        }
        try pending.commit(replacing: replacing)
    }

    /// Writes all of `text` to `descriptor`.
    private static func writeAll(_ text: String, to descriptor: Int32, path: String) throws(Failure) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw .cannotWrite(path, written == 0 ? "nothing was written" : reason(errno)) }
            bytes = bytes.dropFirst(written)
        }
    }

    /// A result being written: a temporary file next to `path` (0600) that becomes `path` on
    /// `commit()`, or disappears on `discard()`. Used when the result is streamed to standard
    /// output (see `OutputOptions.capture`) rather than built as one text.
    struct Pending {
        let path: String
        let temporaryPath: String
        let descriptor: Int32

        /// `replacing`: an existing regular file may be replaced (never a directory or a link).
        init(_ path: String, mode: mode_t = 0o600, replacing: Bool = false) throws(Failure) {
            let slash = path.lastIndex(of: "/")
            let prefix = slash.map { String(path[...$0]) } ?? ""
            let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
            guard !name.isEmpty, name != ".", name != ".." else { throw .cannotWrite(path, "that names a directory, not a file") }
            var existing = stat()
            if lstat(path, &existing) == 0 {
                guard replacing else { throw .exists(path) }
                guard (existing.st_mode & S_IFMT) == S_IFREG else { throw .cannotWrite(path, "it is not a regular file") }
            }
            for attempt in 0..<100 {
                let candidate = prefix + ".\(name).tmp-\(getpid())-\(attempt)"
                let descriptor = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
                if descriptor >= 0 {
                    (self.path, temporaryPath, self.descriptor) = (path, candidate, descriptor)
                    return
                }
                switch errno {
                case EEXIST: continue
                case ENOENT: throw .noDirectory(path, prefix.count > 1 ? String(prefix.dropLast()) : prefix)
                case let code: throw .cannotWrite(path, OutputFile.reason(code))
                }
            }
            throw .cannotWrite(path, "no free temporary file name next to it")
        }

        /// How many bytes have been written so far.
        var size: Int {
            var status = stat()
            return fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
        }

        /// Syncs the file and gives it its name; never replaces a file that appeared meanwhile,
        /// unless `replacing`: then rename() swaps it in at once, the old file whole until then.
        func commit(replacing: Bool = false) throws(Failure) {
            defer { discard() }
            guard fsync(descriptor) == 0 else { throw .cannotWrite(path, OutputFile.reason(errno)) }
            if replacing {
                guard rename(temporaryPath, path) == 0 else { throw .cannotWrite(path, OutputFile.reason(errno)) }
                return
            }
            if link(temporaryPath, path) == 0 { return }
            let linkError = errno
            if linkError == EEXIST { throw .exists(path) }
            // Without hard links (e.g. FAT): rename, after checking again that nothing is there.
            guard [EPERM, ENOTSUP, EOPNOTSUPP, ENOSYS, EXDEV, EMLINK].contains(linkError) else {
                throw .cannotWrite(path, OutputFile.reason(linkError))
            }
            var existing = stat()
            if lstat(path, &existing) == 0 { throw .exists(path) }
            guard rename(temporaryPath, path) == 0 else { throw .cannotWrite(path, OutputFile.reason(errno)) }
        }

        /// Removes the temporary file (after `commit()`, only the name it had).
        func discard() {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    fileprivate static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}

#if canImport(Glibc)
    let systemWrite = Glibc.write
#elseif canImport(Darwin)
    let systemWrite = Darwin.write
#endif
