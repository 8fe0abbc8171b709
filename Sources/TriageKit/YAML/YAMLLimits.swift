/// Bounds the strict YAML reader enforces, so that no input can exhaust memory or time.
///
/// Protocols are small hand-written files; anything beyond these bounds is a mistake or
/// an attack, and is reported as a clear error instead of a crash.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest accepted file, in bytes.
    public var maxFileSize: Int
    /// Deepest accepted nesting of lists and mappings.
    public var maxDepth: Int
    /// Most nodes (scalars, lists, mappings) in one document.
    public var maxNodes: Int
    /// Longest accepted scalar, in bytes.
    public var maxScalarLength: Int

    /// Creates limits.
    public init(maxFileSize: Int, maxDepth: Int, maxNodes: Int, maxScalarLength: Int) {
        self.maxFileSize = maxFileSize
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
        self.maxScalarLength = maxScalarLength
    }

    /// 32 MiB (a generated protocol of 10,000 questions and rules is about 9 MiB), depth 64,
    /// two million nodes, 64 KiB scalars.
    public static let standard = YAMLLimits(
        maxFileSize: 32 * 1024 * 1024, maxDepth: 64, maxNodes: 2_000_000, maxScalarLength: 64 * 1024)
}
