/// A table of the compiled protocol: made once from an array, never changed, freed with the
/// compiled protocol that holds it. Reading an element costs no reference counting (unlike an
/// array property of a class), which the session's walk and outcome do millions of times a
/// second.
///
/// The engine's only owner of unsafe memory. Built with `-D TRIAGE_ARRAY_TABLES` it keeps a
/// plain array instead, to measure what the unsafe memory gains (Benchmarks/README.md).
struct FrozenTable<Element>: ~Copyable, @unchecked Sendable {
    #if TRIAGE_ARRAY_TABLES
        private let elements: [Element]

        init(_ array: [Element]) { elements = array }

        /// The element at `index` (which must be in `indices`).
        @inline(__always)
        subscript(index: Int) -> Element { elements[index] }

        /// How many elements the table holds.
        @inline(__always)
        var count: Int { elements.count }
    #else
        private let base: UnsafeBufferPointer<Element>

        init(_ array: [Element]) {
            let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: array.count)
            _ = buffer.initialize(from: array)
            base = UnsafeBufferPointer(buffer)
        }

        deinit {
            let buffer = UnsafeMutableBufferPointer(mutating: base)
            buffer.deinitialize()
            buffer.deallocate()
        }

        /// The element at `index` (which must be in `indices`).
        @inline(__always)
        subscript(index: Int) -> Element { base[index] }

        /// How many elements the table holds.
        @inline(__always)
        var count: Int { base.count }
    #endif

    /// The valid indices.
    var indices: Range<Int> { 0..<count }

    /// The first index whose element satisfies `predicate`.
    func firstIndex(where predicate: (Element) -> Bool) -> Int? {
        for index in 0..<count where predicate(self[index]) { return index }
        return nil
    }

    /// The last element, if any.
    var last: Element? { count > 0 ? self[count - 1] : nil }

    /// The elements as an array.
    var array: [Element] { (0..<count).map { self[$0] } }
}

extension FrozenTable where Element: Equatable {
    /// The first index of `element`.
    func firstIndex(of element: Element) -> Int? { firstIndex { $0 == element } }
}
