/// What the primitives of the condition language mean, written once. The compiled program
/// (`ConditionMachine`) applies these rules to answer codes; the analysis's evaluator over
/// answers by question (`Evaluator`) applies the same rules to answer values.
///
/// A question that was not asked, or answered "weet niet", counts as "no" where a yes/no value
/// is needed and makes every comparison with it false (also `!=`).
enum ConditionSemantics {
    /// A value while evaluating. `Symbol` is how a word is held (its text, or an id standing for
    /// it); `Chosen` how the chosen options of a multiple-choice answer are held.
    enum Value<Symbol: Equatable, Chosen> {
        case bool(Bool)
        case number(Double)
        case symbol(Symbol)
        case symbols(Chosen)
        case missing

        /// Only `true` holds; every other value (also a missing one) does not.
        @inline(__always)
        var isTrue: Bool {
            if case .bool(true) = self { return true }
            return false
        }
    }

    /// What a question reads as, given its answer's kind: yes/no a boolean, a number a number,
    /// a choice its option, a multiple choice its options; no answer, "weet niet" and text are
    /// missing.
    @inline(__always)
    static func question<Symbol, Chosen>(
        _ kind: AnswerCode.Kind, number: () -> Double, option: () -> Symbol, chosen: () -> Chosen
    ) -> Value<Symbol, Chosen> {
        switch kind {
        case .yes: .bool(true)
        case .no: .bool(false)
        case .number: .number(number())
        case .choice: .symbol(option())
        case .choices: .symbols(chosen())
        case .none, .unknown, .text: .missing
        }
    }

    /// `a OP b`: numbers by the operator; booleans and words only as equal or not (any operator
    /// but `==` means "not equal"); anything else, a missing value included, is false.
    @inline(__always)
    static func compare<Symbol, Chosen>(_ op: ComparisonOperator, _ a: Value<Symbol, Chosen>, _ b: Value<Symbol, Chosen>) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): op.holds(x, y)
        case (.bool(let x), .bool(let y)): equality(op, same: x == y)
        case (.symbol(let x), .symbol(let y)): equality(op, same: x == y)
        default: false
        }
    }

    /// A comparison of two booleans or two words that are (or are not) the same.
    @inline(__always)
    static func equality(_ op: ComparisonOperator, same: Bool) -> Bool { op == .equal ? same : !same }

    /// `subject in [items]` (or `not in`): for a multiple-choice answer, whether any listed word
    /// was chosen; for any other value, whether it equals an item. A missing subject is in no
    /// list and not "not in" any either.
    @inline(__always)
    static func membership<Symbol, Chosen>(
        _ subject: Value<Symbol, Chosen>, negated: Bool, chosenIncludesAnItem: (Chosen) -> Bool,
        equalsAnItem: (Value<Symbol, Chosen>) -> Bool
    ) -> Bool {
        switch subject {
        case .missing: false
        case .symbols(let chosen): chosenIncludesAnItem(chosen) != negated
        default: equalsAnItem(subject) != negated
        }
    }

    /// `subject contains word`: only a multiple-choice answer contains anything.
    @inline(__always)
    static func contains<Symbol, Chosen>(_ subject: Value<Symbol, Chosen>, includes: (Chosen) -> Bool) -> Bool {
        guard case .symbols(let chosen) = subject else { return false }
        return includes(chosen)
    }

    /// `count(...)`: of one multiple-choice answer, how many options were chosen; otherwise how
    /// many of the arguments hold.
    @inline(__always)
    static func count(chosenCount: Int?, holding: () -> Int) -> Double {
        Double(chosenCount ?? holding())
    }

    /// `answered(q)`: an answer other than "weet niet"; `unknown(q)`: "weet niet";
    /// `asked(q)`: any answer. An argument that is not a question: false.
    @inline(__always)
    static func answered(_ kind: AnswerCode.Kind?) -> Bool { kind != nil && kind != AnswerCode.Kind.none && kind != .unknown }
    @inline(__always)
    static func unknown(_ kind: AnswerCode.Kind?) -> Bool { kind == .unknown }
    @inline(__always)
    static func asked(_ kind: AnswerCode.Kind?) -> Bool { kind != nil && kind != AnswerCode.Kind.none }

    /// An outcome property, read by invariants: the decision as its word, the rest booleans.
    /// Outside an outcome (a rule, a `when`, a note), the decision is missing and the rest false.
    static func outcome<Symbol, Chosen>(
        _ property: Expression.OutcomeProperty, _ outcome: OutcomeFacts?, word: (Decision) -> Symbol
    ) -> Value<Symbol, Chosen> {
        let destinations = outcome?.destinations ?? []
        switch property {
        case .decision: return outcome.map { .symbol(word($0.decision)) } ?? .missing
        case .redFlag: return .bool(outcome?.redFlag ?? false)
        case .referred: return .bool(!destinations.isEmpty)
        case .referredWelfare: return .bool(destinations.contains { $0.category == .welfare })
        case .referredUrgent: return .bool(destinations.contains { $0.category == .urgent })
        case .referredMedical: return .bool(destinations.contains { $0.category == .medical })
        case .referredNeedingConsent: return .bool(destinations.contains { $0.requiresConsent })
        }
    }

    /// `refers(destination)`: whether the outcome refers to it (never outside an outcome).
    static func refers(_ id: String?, _ outcome: OutcomeFacts?) -> Bool {
        guard let id, let outcome else { return false }
        return outcome.destinations.contains { $0.id == id }
    }
}

/// What an invariant can read of an outcome.
package struct OutcomeFacts: Sendable {
    var decision: Decision
    var redFlag: Bool
    /// The destinations referred to, in the outcome's order.
    var destinations: [Destination]

    package init(_ outcome: Outcome) {
        decision = outcome.decision
        redFlag = !outcome.redFlags.isEmpty
        destinations = outcome.referrals.map(\.destination)
    }

    package init(decision: Decision, redFlag: Bool, destinations: [Destination]) {
        self.decision = decision
        self.redFlag = redFlag
        self.destinations = destinations
    }
}

extension AnswerCode.Kind {
    /// The kind of an answer value (`none`: not asked).
    init(_ answer: AnswerValue?) {
        switch answer {
        case nil: self = .none
        case .unknown: self = .unknown
        case .yesNo(let flag): self = flag ? .yes : .no
        case .number: self = .number
        case .choice: self = .choice
        case .choices: self = .choices
        case .text: self = .text
        }
    }
}
