#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The hex SHA-256 of a protocol file, worked out from its bytes the first time it is read.
///
/// Validating a protocol never reads its hash, and hashing is a large part of loading a big
/// file; an outcome reads it once, and copies of the protocol share the result.
package final class ContentHash: @unchecked Sendable, Hashable {
    // `@unchecked`: `bytes` and `digest` are only touched with `mutex` held.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    /// The file's bytes, until the digest is worked out.
    private var bytes: [UInt8]?
    private var digest: String?

    /// The hash of `bytes`, worked out when first read.
    package init(of bytes: [UInt8]) {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        self.bytes = bytes
    }

    /// A hash that is already known (or stands in for one, as in tests).
    package init(digest: String) {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        self.digest = digest
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// 64 lowercase hex digits.
    package var value: String {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if let digest { return digest }
        let computed = SHA256.hex(bytes ?? [])
        digest = computed
        bytes = nil
        return computed
    }

    package static func == (lhs: ContentHash, rhs: ContentHash) -> Bool {
        lhs === rhs || lhs.value == rhs.value
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(value)
    }
}
