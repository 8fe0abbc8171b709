/// What each condition of a protocol reads, and from that the cone of influence of a check:
/// the questions whose answers (or whether they are asked) can change its verdict.
///
/// Whether a question is asked depends on its `when` and on the red flags (a red flag ends
/// the walk), so a cone is closed under the questions each `when` reads and always holds
/// every question a red-flag rule reads. Questions outside a cone can take any answer the
/// walk allows without changing what the check sees, so deciding a check over its cone
/// alone is exact.
struct ConeOfInfluence {
    let spec: TriageProtocol
    /// Per score: the indices of its questions.
    let scoreMembers: [[Int]]
    /// Per question: the questions its `when` reads (directly or through a score).
    let whenReads: [[Int]]
    /// Per rule: the questions its condition reads.
    let ruleReads: [[Int]]
    /// The red-flag rules, in file order.
    let redFlagRules: [Int]
    /// Per question: the red-flag rules that read it.
    let redFlagReaders: [[Int]]
    /// The questions every cone holds: those red flags read, closed under `when`.
    let redFlagQuestions: [Int]

    init(_ spec: TriageProtocol) {
        self.spec = spec
        let members = CompiledProtocol.scoreMembers(of: spec)
        scoreMembers = members
        func reads(_ expression: Expression) -> [Int] { Self.reads(expression, scoreMembers: members) }
        let whens = spec.questions.map { $0.when.map { reads($0.expression) } ?? [] }
        let rules = spec.rules.map { reads($0.when.expression) }
        let redFlags = spec.rules.indices.filter { spec.rules[$0].isRedFlag }
        var readers = Array(repeating: [Int](), count: spec.questions.count)
        for rule in redFlags {
            for question in Set(rules[rule]) { readers[question].append(rule) }
        }
        whenReads = whens
        ruleReads = rules
        redFlagRules = redFlags
        redFlagReaders = readers
        redFlagQuestions = Self.closure(redFlags.flatMap { rules[$0] }, whenReads: whens, extra: [])
    }

    /// The questions `expression` reads, with the members of the scores it reads (unsorted, may repeat).
    static func reads(_ expression: Expression, scoreMembers: [[Int]]) -> [Int] {
        var result: [Int] = []
        expression.visit { node in
            switch node {
            case .question(_, let index): result.append(index)
            case .score(_, let index): result += scoreMembers[index]
            default: break
            }
        }
        return result
    }

    /// The questions `expression` reads, with score members.
    func reads(_ expression: Expression) -> [Int] { Self.reads(expression, scoreMembers: scoreMembers) }

    /// `seed` closed under the questions each `when` reads, with the red flags' questions
    /// unless `withRedFlags` is false; sorted.
    func closure(_ seed: [Int], withRedFlags: Bool = true) -> [Int] {
        Self.closure(seed, whenReads: whenReads, extra: withRedFlags ? redFlagQuestions : [])
    }

    /// In time proportional to the cone, not the protocol: checks are many on large protocols.
    private static func closure(_ seed: [Int], whenReads: [[Int]], extra: [Int]) -> [Int] {
        var inCone = Set<Int>()
        var stack: [Int] = []
        func add(_ index: Int) {
            if inCone.insert(index).inserted { stack.append(index) }
        }
        seed.forEach(add)
        extra.forEach(add)
        while let index = stack.popLast() { whenReads[index].forEach(add) }
        return inCone.sorted()
    }

    /// The rules whose being applied can change what `expression` reads of the outcome:
    /// all of them when it reads the decision or the hit policy makes rules exclude each
    /// other; otherwise the rules referring to a destination it asks about, and the red flags.
    func outcomeRules(_ expression: Expression) -> [Int] {
        var readsDecision = false
        var wanted: [(Destination) -> Bool] = []
        var readsOutcome = false
        expression.visit { node in
            switch node {
            case .outcome(let property):
                readsOutcome = true
                switch property {
                case .decision: readsDecision = true
                case .redFlag: break
                case .referred: wanted.append { _ in true }
                case .referredWelfare: wanted.append { $0.category == .welfare }
                case .referredMedical: wanted.append { $0.category == .medical }
                case .referredUrgent: wanted.append { $0.category == .urgent }
                case .referredNeedingConsent: wanted.append { $0.requiresConsent }
                }
            case .call(.refers, let arguments):
                readsOutcome = true
                if case .symbol(let id) = arguments.first { wanted.append { $0.id == id } }
            default: break
            }
        }
        guard readsOutcome else { return [] }
        if readsDecision || spec.hitPolicy != .collect { return Array(spec.rules.indices) }
        return spec.rules.indices.filter { index in
            let rule = spec.rules[index]
            if rule.isRedFlag { return true }
            guard let target = rule.referTo, let destination = spec.destination(target) else { return false }
            return wanted.contains { $0(destination) }
        }
    }
}
