/// How two versions of a protocol line up: which questions are the same question (same id,
/// or renamed with the same text), and what was added, removed or changed in the
/// questions, rules, destinations and scores.
///
/// `ProtocolDiff` compares outcomes over the questions paired here: a patient gives the
/// same answer to a paired question in both versions.
struct ProtocolDiffStructure {
    /// One question of either version or both, in the order the diff lays them out.
    struct Pair: Hashable {
        /// The question's index in the old version, if it has it.
        var old: Int?
        /// The question's index in the new version, if it has it.
        var new: Int?
    }

    /// Every question, paired where the versions share it, new order first.
    var pairs: [Pair] = []
    /// What changed, in the order: protocol, questions, scores, destinations, rules.
    var changes: [StructuralChange] = []

    init(old: TriageProtocol, new: TriageProtocol) {
        let (oldToNew, renamed) = Self.match(old, new)
        pairs = Self.layout(old: old, new: new, oldToNew: oldToNew)
        protocolChanges(old, new)
        questionChanges(old, new, oldToNew: oldToNew, renamed: renamed)
        scoreChanges(old, new)
        destinationChanges(old, new)
        ruleChanges(old, new)
    }

    /// Two questions can be the same question when they take the same kind of answer.
    static func compatible(_ a: Question, _ b: Question) -> Bool {
        a.answerType.name == b.answerType.name
    }

    /// Old index -> new index of paired questions, and the old indices paired by a rename.
    private static func match(_ old: TriageProtocol, _ new: TriageProtocol) -> ([Int: Int], Set<Int>) {
        var newByID: [String: Int] = [:]
        for (index, question) in new.questions.enumerated() where newByID[question.id] == nil { newByID[question.id] = index }
        var oldToNew: [Int: Int] = [:]
        var taken = Set<Int>()
        for (index, question) in old.questions.enumerated() {
            if let match = newByID[question.id], !taken.contains(match), compatible(question, new.questions[match]) {
                oldToNew[index] = match
                taken.insert(match)
            }
        }
        // A question whose id changed but whose text and kind of answer did not: renamed.
        let oldIDs = Set(old.questions.map(\.id))
        var renamed = Set<Int>()
        for (index, question) in old.questions.enumerated() where oldToNew[index] == nil && newByID[question.id] == nil {
            let candidate = new.questions.indices.first { other in
                !taken.contains(other) && !oldIDs.contains(new.questions[other].id)
                    && new.questions[other].text == question.text && compatible(question, new.questions[other])
            }
            if let candidate {
                oldToNew[index] = candidate
                taken.insert(candidate)
                renamed.insert(index)
            }
        }
        return (oldToNew, renamed)
    }

    /// The new version's order, with each old-only question placed after the paired question
    /// that comes before it in the old version.
    private static func layout(old: TriageProtocol, new: TriageProtocol, oldToNew: [Int: Int]) -> [Pair] {
        var newToOld: [Int: Int] = [:]
        for (from, to) in oldToNew { newToOld[to] = from }
        var result: [Pair] = []
        var nextOld = 0
        func flushOld(before limit: Int) {
            while nextOld < limit {
                if oldToNew[nextOld] == nil { result.append(Pair(old: nextOld, new: nil)) }
                nextOld += 1
            }
        }
        for index in new.questions.indices {
            if let from = newToOld[index] { flushOld(before: from) }
            result.append(Pair(old: newToOld[index], new: index))
        }
        flushOld(before: old.questions.count)
        return result
    }

    // MARK: - What changed

    private mutating func add(_ subject: StructuralChange.Subject, _ change: StructuralChange.Change, _ id: String, _ detail: String = "") {
        changes.append(StructuralChange(subject: subject, change: change, id: id, detail: detail))
    }

    private mutating func protocolChanges(_ old: TriageProtocol, _ new: TriageProtocol) {
        if old.id != new.id { add(.protocol, .renamed, new.id, "id \(old.id) → \(new.id)") }
        if old.version != new.version { add(.protocol, .changed, new.id, "version \(old.version) → \(new.version)") }
        if old.hitPolicy != new.hitPolicy {
            add(.protocol, .changed, new.id, "hit_policy \(old.hitPolicy.rawValue) → \(new.hitPolicy.rawValue)")
        }
    }

    private mutating func questionChanges(_ old: TriageProtocol, _ new: TriageProtocol, oldToNew: [Int: Int], renamed: Set<Int>) {
        let paired = Set(oldToNew.values)
        for (index, question) in old.questions.enumerated() where oldToNew[index] == nil {
            if let other = new.question(question.id) {
                add(
                    .question, .changed, question.id,
                    "type \(question.answerType.name) → \(other.answerType.name); its answers are not carried over")
            } else {
                add(.question, .removed, question.id)
            }
        }
        for (index, question) in new.questions.enumerated() where !paired.contains(index) && old.question(question.id) == nil {
            add(.question, .added, question.id)
        }
        let sharedInOldOrder = old.questions.indices.compactMap { oldToNew[$0] }
        if sharedInOldOrder != sharedInOldOrder.sorted() {
            add(.protocol, .changed, new.id, "questions reordered (the walk asks them in the new order)")
        }
        for index in old.questions.indices {
            guard let match = oldToNew[index] else { continue }
            let (a, b) = (old.questions[index], new.questions[match])
            if renamed.contains(index) { add(.question, .renamed, b.id, "\(a.id) → \(b.id)") }
            var details: [String] = []
            let (oldOptions, newOptions) = (a.answerType.options.map(\.id), b.answerType.options.map(\.id))
            let removedOptions = oldOptions.filter { !newOptions.contains($0) }
            let addedOptions = newOptions.filter { !oldOptions.contains($0) }
            if !removedOptions.isEmpty {
                details.append("options removed: \(removedOptions.joined(separator: ", ")) (answers with them are compared only where the new version does not ask it)")
            }
            if !addedOptions.isEmpty {
                details.append("options added: \(addedOptions.joined(separator: ", ")) (answers with them are compared only where the old version does not ask it)")
            }
            if Self.range(a) != Self.range(b) { details.append("range \(Self.range(a)) → \(Self.range(b))") }
            if a.allowsUnknown != b.allowsUnknown {
                details.append(b.allowsUnknown ? "now allows weet niet" : "no longer allows weet niet")
            }
            if a.when?.source != b.when?.source {
                details.append("when \(a.when?.source ?? "(always)") → \(b.when?.source ?? "(always)")")
            }
            for detail in details { add(.question, .changed, b.id, detail) }
        }
    }

    private static func range(_ question: Question) -> String {
        switch question.answerType {
        case .scale(let low, let high): "\(low)–\(high)"
        case .number(let low, let high): "\(Expression.format(low))–\(Expression.format(high))\(question.integer ? " whole" : "")"
        default: ""
        }
    }

    private mutating func scoreChanges(_ old: TriageProtocol, _ new: TriageProtocol) {
        for score in old.scores where new.score(score.id) == nil { add(.score, .removed, score.id) }
        for score in new.scores {
            guard let before = old.score(score.id) else {
                add(.score, .added, score.id)
                continue
            }
            if before.method != score.method || before.questionIDs != score.questionIDs {
                add(
                    .score, .changed, score.id,
                    "\(before.method.rawValue) of [\(before.questionIDs.joined(separator: ", "))] → \(score.method.rawValue) of [\(score.questionIDs.joined(separator: ", "))]")
            }
        }
    }

    private mutating func destinationChanges(_ old: TriageProtocol, _ new: TriageProtocol) {
        for destination in old.destinations where new.destination(destination.id) == nil { add(.destination, .removed, destination.id) }
        for destination in new.destinations {
            guard let before = old.destination(destination.id) else {
                add(.destination, .added, destination.id)
                continue
            }
            if before.category != destination.category {
                add(.destination, .changed, destination.id, "category \(before.category.rawValue) → \(destination.category.rawValue)")
            }
            if before.requiresConsent != destination.requiresConsent {
                add(.destination, .changed, destination.id, destination.requiresConsent ? "now requires consent" : "no longer requires consent")
            }
        }
    }

    private mutating func ruleChanges(_ old: TriageProtocol, _ new: TriageProtocol) {
        let oldRules = Dictionary(old.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newIDs = Set(new.rules.map(\.id))
        for rule in old.rules where !newIDs.contains(rule.id) { add(.rule, .removed, rule.id) }
        for rule in new.rules {
            guard let before = oldRules[rule.id] else {
                add(.rule, .added, rule.id, "when \(rule.when.source)")
                continue
            }
            if before.when.source != rule.when.source { add(.rule, .changed, rule.id, "when \(before.when.source) → \(rule.when.source)") }
            if before.isRedFlag != rule.isRedFlag { add(.rule, .changed, rule.id, rule.isRedFlag ? "now a red flag" : "no longer a red flag") }
            if before.decision != rule.decision {
                add(.rule, .changed, rule.id, "decision \(before.decision.rawValue) → \(rule.decision.rawValue)")
            }
            if before.referTo != rule.referTo {
                add(.rule, .changed, rule.id, "refer \(before.referTo ?? "(none)") → \(rule.referTo ?? "(none)")")
            }
            if before.priority != rule.priority { add(.rule, .changed, rule.id, "priority \(before.priority) → \(rule.priority)") }
        }
        let sharedOld = old.rules.map(\.id).filter { newIDs.contains($0) }
        let sharedNew = new.rules.map(\.id).filter { oldRules[$0] != nil }
        if sharedOld != sharedNew {
            add(.protocol, .changed, new.id, "rules reordered (file order decides under hit_policy first, and between referrals of equal priority)")
        }
    }
}

/// One structural difference between two versions of a protocol, for the summary.
package struct StructuralChange: Sendable, Hashable {
    /// What kind of part of the protocol changed.
    package enum Subject: String, Sendable, Hashable, CaseIterable {
        /// The protocol itself (id, version, hit policy).
        case `protocol`
        /// A question or its options, range or `when`.
        case question
        /// A score.
        case score
        /// A destination.
        case destination
        /// A rule.
        case rule
    }

    /// How it changed.
    package enum Change: String, Sendable, Hashable, CaseIterable {
        /// Only in the new version.
        case added
        /// Only in the old version.
        case removed
        /// Same part, new id.
        case renamed
        /// Same id, something about it differs (see `detail`).
        case changed
    }

    /// What changed.
    package var subject: Subject
    /// How.
    package var change: Change
    /// The id (in the new version when it has one).
    package var id: String
    /// What exactly, for renamed and changed parts (may quote conditions: untrusted text).
    package var detail: String
}
