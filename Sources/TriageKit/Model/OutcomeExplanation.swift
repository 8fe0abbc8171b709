/// A trace the engine builds only when it is read (the engine's `PendingTrace`): outcomes that
/// are only acted on, not explained, do not pay for an entry per rule.
protocol DeferredTrace: AnyObject {
    func trace() -> [Outcome.TraceEntry]
    func evaluations() -> [Outcome.TraceEntry]
}

/// Storage of `Outcome.trace` and `Outcome.evaluations`: built from a `DeferredTrace` when read,
/// unless set. Compares and hashes by the entries, so an outcome's equality is what it was.
struct Explanation: Sendable, Hashable {
    /// A deferred trace is never changed after it is made (the engine's is a `ManagedBuffer`,
    /// which is not `Sendable`).
    private struct Shared: @unchecked Sendable {
        let trace: any DeferredTrace
    }

    private var shared: Shared?
    private var pending: (any DeferredTrace)? { shared?.trace }
    private var storedTrace: [Outcome.TraceEntry]?
    private var storedEvaluations: [Outcome.TraceEntry]?

    init(pending: any DeferredTrace) { shared = Shared(trace: pending) }

    init(trace: [Outcome.TraceEntry], evaluations: [Outcome.TraceEntry]) {
        storedTrace = trace
        storedEvaluations = evaluations
    }

    var trace: [Outcome.TraceEntry] {
        get { storedTrace ?? pending?.trace() ?? [] }
        set { storedTrace = newValue }
    }

    var evaluations: [Outcome.TraceEntry] {
        get { storedEvaluations ?? pending?.evaluations() ?? [] }
        set { storedEvaluations = newValue }
    }

    static func == (lhs: Explanation, rhs: Explanation) -> Bool {
        if let left = lhs.pending, left === rhs.pending, lhs.storedTrace == nil, rhs.storedTrace == nil,
            lhs.storedEvaluations == nil, rhs.storedEvaluations == nil
        {
            return true
        }
        return lhs.trace == rhs.trace && lhs.evaluations == rhs.evaluations
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(trace)
        hasher.combine(evaluations)
    }
}
