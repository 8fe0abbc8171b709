/// A text of the model: a string, or, as the loader makes them, the bytes of a YAML scalar.
///
/// Validating a protocol reads none of its tens of thousands of texts and conditions, so
/// the loader keeps where each is in the file's text instead of copying it into a string;
/// the string is made when the text is read. Used by `LocalizedText` and `Condition`.
package struct TextValue: Sendable, Hashable {
    private enum Storage: Sendable {
        case string(String)
        /// `count` bytes of valid UTF-8 at `offset` in `bytes`.
        case bytes([UInt8], offset: Int, count: Int)
    }

    private let storage: Storage

    /// A text that is already a string.
    package init(_ string: String) {
        storage = .string(string)
    }

    /// The text of the `count` bytes at `offset` in `bytes`, which must be valid UTF-8 (as
    /// the text of every scalar libyaml reads is).
    package init(bytes: [UInt8], offset: Int, count: Int) {
        storage = .bytes(bytes, offset: offset, count: count)
    }

    /// The text.
    package var string: String {
        switch storage {
        case .string(let string): string
        case .bytes(let bytes, let offset, let count): String(decoding: bytes[offset..<(offset + count)], as: UTF8.self)
        }
    }

    package static func == (lhs: TextValue, rhs: TextValue) -> Bool {
        // The same bytes are the same text; anything else compares as strings do.
        if case .bytes(let a, let offset, let count) = lhs.storage, case .bytes(let b, offset, count) = rhs.storage,
            a.withUnsafeBufferPointer({ a in b.withUnsafeBufferPointer { $0.baseAddress == a.baseAddress } })
        {
            return true
        }
        return lhs.string == rhs.string
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(string)
    }
}
