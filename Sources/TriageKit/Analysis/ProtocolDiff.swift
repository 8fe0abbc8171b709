/// What a new version of a protocol changes for patients, over every reachable answer
/// class: the outcomes (decision, urgency, referrals in order, red flags) that differ,
/// grouped by kind of change, each with a shortest example; and what changed in the
/// protocol's structure.
///
/// `triage diff OLD NEW` prints it. A patient gives the same answer to a question both
/// versions have (same id, or renamed with the same text, and the same kind of answer), so
/// an answer class of the old version maps to the classes of the new one that agree on
/// those questions. The classes are the common refinement of both versions' `AnswerSpace`;
/// all combinations are covered at once by `ProtocolDiffDiagram`, and every example is
/// replayed through `TriageSession` on both versions before it is reported.
package enum ProtocolDiff {
    /// Which version.
    package enum Side: String, Sendable, Hashable, CaseIterable {
        /// The version compared from.
        case old
        /// The version compared to.
        case new
    }

    /// Limits of the comparison.
    package struct Options: Sendable, Hashable {
        /// The most decision-diagram nodes the comparison may build; beyond it the report
        /// says the versions were not fully compared.
        package var maxNodes: Int
        /// The most seconds the comparison may take; beyond it the report says the versions
        /// were not fully compared.
        package var timeLimit: Double

        /// Creates options; by default two million nodes and 60 seconds.
        package init(maxNodes: Int = 2_000_000, timeLimit: Double = 60) {
            self.maxNodes = maxNodes
            self.timeLimit = timeLimit
        }
    }

    /// Compares `old` with `new` over every reachable answer class.
    package static func compare(old: TriageProtocol, new: TriageProtocol, options: Options = Options()) -> ProtocolDiffReport {
        let structure = ProtocolDiffStructure(old: old, new: new)
        let space = ProtocolDiffSpace(old: old, new: new, pairs: structure.pairs)
        var report = ProtocolDiffReport(
            oldID: old.id, oldVersion: old.version, newID: new.id, newVersion: new.version, structure: structure.changes,
            changes: [], classCount: 0, changedClassCount: 0, incomplete: space.approximations)
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(min(options.timeLimit, 1e9) * 1000)))
        var diagram = ProtocolDiffDiagram(
            old: old, new: new, pairs: structure.pairs, values: space.values, budget: options.maxNodes, deadline: deadline)
        do {
            try diagram.build(pairs: structure.pairs)
            var groups = ChangeGroups(diagram: diagram)
            try groups.collect()
            report.classCount = groups.diagram.count(groups.diagram.comparable)
            report.changedClassCount = groups.diagram.count(groups.changed)
            report.changes = groups.found.compactMap { kind, set in
                guard let answers = groups.diagram.shortest(set) else { return nil }
                let example = DiffExample(kind: kind, answers: answers, old: old, new: new)
                return OutcomeChange(kind: kind, classCount: groups.diagram.count(set), example: example)
            }
        } catch is ProtocolDiffDiagram.OutOfTime {
            report.changes = []
            report.incomplete.append(
                "the comparison took longer than its time limit of \(Expression.format(options.timeLimit)) s; no outcomes were compared")
        } catch {
            report.changes = []
            report.incomplete.append(
                "the two versions together need more than \(options.maxNodes) decision-diagram nodes (or a condition reads too many answers at once); no outcomes were compared")
        }
        return report
    }
}

/// The result of `ProtocolDiff.compare`.
package struct ProtocolDiffReport: Sendable {
    /// The old version's id and version string.
    package var oldID: String
    /// The old version's `version`.
    package var oldVersion: String
    /// The new version's id.
    package var newID: String
    /// The new version's `version`.
    package var newVersion: String
    /// Questions, scores, destinations and rules added, removed, renamed or changed.
    package var structure: [StructuralChange]
    /// The outcome changes, one per kind, most serious first (red flags, decision, urgency, referrals).
    package var changes: [OutcomeChange]
    /// How many answer classes (reachable combinations for both versions) were compared.
    package var classCount: Double
    /// How many of them have a different outcome.
    package var changedClassCount: Double
    /// Why the comparison is not complete (empty when every class was compared exactly).
    package var incomplete: [String]

    /// Whether every answer class was compared exactly.
    package var isComplete: Bool { incomplete.isEmpty }
}

/// One kind of outcome change and the answer classes that have it.
package struct OutcomeChange: Sendable, Hashable {
    /// What differs between the two outcomes.
    package enum Kind: Sendable, Hashable {
        /// The new version raises this red flag (rule id) where the old one did not.
        case redFlagRaised(String)
        /// The new version no longer raises this red flag.
        case redFlagDropped(String)
        /// The decision changes from the first to the second.
        case decision(Decision, Decision)
        /// The urgency changes from the first to the second.
        case urgency(Outcome.Urgency, Outcome.Urgency)
        /// The new version refers to this destination where the old one did not.
        case referralAdded(String)
        /// The new version no longer refers to this destination.
        case referralDropped(String)
        /// Both refer to both destinations, but the first now comes before the second.
        case referralOrder(earlier: String, later: String)

        /// One line for people: `poh_ggz no longer referred`.
        package var summary: String {
            switch self {
            case .redFlagRaised(let id): "red flag \(id) newly raised"
            case .redFlagDropped(let id): "red flag \(id) no longer raised"
            case .decision(let a, let b): "decision \(a.rawValue) → \(b.rawValue)"
            case .urgency(let a, let b): "urgency \(a.rawValue) → \(b.rawValue)"
            case .referralAdded(let id): "\(id) newly referred"
            case .referralDropped(let id): "\(id) no longer referred"
            case .referralOrder(let earlier, let later): "\(earlier) now referred before \(later)"
            }
        }

        /// A stable machine name: `referral-dropped`, `decision`, ...
        package var code: String {
            switch self {
            case .redFlagRaised: "red-flag-raised"
            case .redFlagDropped: "red-flag-dropped"
            case .decision: "decision"
            case .urgency: "urgency"
            case .referralAdded: "referral-added"
            case .referralDropped: "referral-dropped"
            case .referralOrder: "referral-order"
            }
        }

        /// A file-name part: `poh_ggz-no-longer-referred`.
        package var slug: String {
            switch self {
            case .redFlagRaised(let id): "red-flag-\(id)-raised"
            case .redFlagDropped(let id): "red-flag-\(id)-dropped"
            case .decision(let a, let b): "decision-\(a.rawValue)-to-\(b.rawValue)"
            case .urgency(let a, let b): "urgency-\(a.rawValue)-to-\(b.rawValue)"
            case .referralAdded(let id): "\(id)-newly-referred"
            case .referralDropped(let id): "\(id)-no-longer-referred"
            case .referralOrder(let earlier, let later): "\(earlier)-before-\(later)"
            }
        }

        /// Whether the two outcomes differ in this way.
        package func holds(old: Outcome, new: Outcome) -> Bool {
            func raises(_ outcome: Outcome, _ id: String) -> Bool { outcome.redFlags.contains { $0.ruleID == id } }
            func position(_ outcome: Outcome, _ id: String) -> Int? { outcome.referrals.firstIndex { $0.destination.id == id } }
            switch self {
            case .redFlagRaised(let id): return !raises(old, id) && raises(new, id)
            case .redFlagDropped(let id): return raises(old, id) && !raises(new, id)
            case .decision(let a, let b): return old.decision == a && new.decision == b
            case .urgency(let a, let b): return old.urgency == a && new.urgency == b
            case .referralAdded(let id): return position(old, id) == nil && position(new, id) != nil
            case .referralDropped(let id): return position(old, id) != nil && position(new, id) == nil
            case .referralOrder(let earlier, let later):
                guard let oldEarlier = position(old, earlier), let oldLater = position(old, later),
                    let newEarlier = position(new, earlier), let newLater = position(new, later)
                else { return false }
                return oldLater < oldEarlier && newEarlier < newLater
            }
        }
    }

    /// What differs.
    package var kind: Kind
    /// How many answer classes have this change.
    package var classCount: Double
    /// A shortest such class, as answers files.
    package var example: DiffExample
}

/// Collects, per kind of change, the set of comparable answer classes that have it.
private struct ChangeGroups {
    typealias Ref = DecisionDiagram.Ref

    var diagram: ProtocolDiffDiagram
    /// The non-empty sets, in report order.
    var found: [(OutcomeChange.Kind, Ref)] = []
    /// Every class with some change.
    var changed = DecisionDiagram.falseRef

    init(diagram: ProtocolDiffDiagram) {
        self.diagram = diagram
    }

    private mutating func keep(_ kind: OutcomeChange.Kind, _ set: Ref) throws {
        try diagram.checkTime()
        guard set != DecisionDiagram.falseRef else { return }
        found.append((kind, set))
        changed = try diagram.or(changed, set)
    }

    /// Keeps, per pair of different values, the classes whose outcome goes from one to the other.
    private mutating func split<Value>(
        _ all: Ref, _ values: [Value], _ holds: (inout ProtocolDiffDiagram, Int, Value) throws -> Ref,
        _ kind: (Value, Value) -> OutcomeChange.Kind
    ) throws {
        var from: [Ref] = []
        var to: [Ref] = []
        for value in values {
            from.append(try diagram.and(all, holds(&diagram, 0, value)))
            to.append(try diagram.and(all, holds(&diagram, 1, value)))
        }
        // The values partition the classes, so when each value holds on the same classes in both
        // versions (canonical diagrams: the same reference) nothing changes.
        guard from != to else { return }
        for a in values.indices where from[a] != DecisionDiagram.falseRef {
            for b in values.indices where b != a && to[b] != DecisionDiagram.falseRef {
                try keep(kind(values[a], values[b]), diagram.and(from[a], to[b]))
            }
        }
    }

    /// Whether `first` comes before `second` whenever both are referred, in both versions,
    /// whatever the answers: every rule naming it has a better priority, or all have one
    /// priority and every rule naming it comes first.
    private static func fixedOrder(_ old: TriageProtocol, _ new: TriageProtocol, _ first: String, _ second: String) -> Bool {
        [old, new].allSatisfy { spec in
            let a = spec.rules.indices.filter { spec.rules[$0].referTo == first }
            let b = spec.rules.indices.filter { spec.rules[$0].referTo == second }
            guard let lastA = a.last, let firstB = b.first else { return true }
            let (priorityA, priorityB) = (a.map { spec.rules[$0].priority }, b.map { spec.rules[$0].priority })
            guard let worstA = priorityA.max(), let bestB = priorityB.min() else { return true }
            if worstA < bestB { return true }
            return Set(priorityA + priorityB).count == 1 && lastA < firstB
        }
    }

    mutating func collect() throws {
        let all = diagram.comparable
        let (old, new) = (diagram.versions[0].spec, diagram.versions[1].spec)
        func union(_ a: [String], _ b: [String]) -> [String] {
            var seen = Set<String>()
            return (a + b).filter { seen.insert($0).inserted }
        }
        let redFlags = union(old.rules.filter(\.isRedFlag).map(\.id), new.rules.filter(\.isRedFlag).map(\.id))
        for id in redFlags {
            // Restricted to the comparable classes first: that keeps every diagram small.
            let before = try diagram.and(all, diagram.redFlag(0, id))
            let after = try diagram.and(all, diagram.redFlag(1, id))
            guard before != after else { continue }  // diagrams are canonical: the same set, no change
            try keep(.redFlagRaised(id), diagram.and(after, diagram.not(before)))
            try keep(.redFlagDropped(id), diagram.and(before, diagram.not(after)))
        }
        try split(all, Decision.allCases, { try $0.decision($1, $2) }, OutcomeChange.Kind.decision)
        try split(all, Outcome.Urgency.allCases, { try $0.urgency($1, $2) }, OutcomeChange.Kind.urgency)
        let destinations = union(old.rules.compactMap(\.referTo), new.rules.compactMap(\.referTo))
        var both: [Ref] = []
        for id in destinations {
            let before = try diagram.and(all, diagram.refers(0, id))
            let after = try diagram.and(all, diagram.refers(1, id))
            both.append(try diagram.and(before, after))
            guard before != after else { continue }
            try keep(.referralAdded(id), diagram.and(after, diagram.not(before)))
            try keep(.referralDropped(id), diagram.and(before, diagram.not(after)))
        }
        for (i, first) in destinations.enumerated() where both[i] != DecisionDiagram.falseRef {
            for j in (i + 1)..<destinations.count where both[j] != DecisionDiagram.falseRef {
                if Self.fixedOrder(old, new, first, destinations[j]) || Self.fixedOrder(old, new, destinations[j], first) { continue }
                let together = try diagram.and(both[i], both[j])
                guard together != DecisionDiagram.falseRef else { continue }
                let second = destinations[j]
                let before = try diagram.and(together, diagram.before(0, first, second))
                let after = try diagram.and(together, diagram.before(1, first, second))
                guard before != after else { continue }
                try keep(.referralOrder(earlier: first, later: second), diagram.and(after, diagram.not(before)))
                try keep(.referralOrder(earlier: second, later: first), diagram.and(before, diagram.not(after)))
            }
        }
    }
}
