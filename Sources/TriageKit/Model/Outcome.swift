/// The result of a triage session: the decision, where to refer and why, the scores,
/// the red flags, and a trace of the rules that fired.
///
/// Same protocol and same answers always give an equal outcome (and byte-identical JSON).
public struct Outcome: Sendable, Hashable {
    /// How soon something must happen.
    public enum Urgency: String, Sendable, Hashable, Codable, CaseIterable {
        /// Today: a red flag or an urgent route.
        case today
        /// Medical follow-up soon, in the practice.
        case soon
        /// A referral into the social domain; contact within about two weeks.
        case routine
        /// Nothing to arrange.
        case none
    }

    /// A recommended referral.
    public struct Referral: Sendable, Hashable {
        /// The destination kind from the protocol.
        public var destination: Destination
        /// 1 is the most important.
        public var priority: Int
        /// Why, one per rule that recommended it.
        public var reasons: [LocalizedText]
        /// The rules that recommended it.
        public var ruleIDs: [String]
        /// The local service from the social map, when one serves this destination.
        public var service: Service?
        /// The service to turn to when `service`'s contact is away (its `fallback` on the map).
        public var fallback: Service? = nil
    }

    /// A red flag that was raised.
    public struct RedFlag: Sendable, Hashable {
        /// The rule that raised it.
        public var ruleID: String
        /// Why.
        public var reason: LocalizedText
        /// What to do now.
        public var action: LocalizedText?
    }

    /// A score and its value (none when no usable answer fed it).
    public struct ScoreValue: Sendable, Hashable {
        /// The score's id.
        public var id: String
        /// Its dimension, for the spider web.
        public var dimension: Dimension?
        /// Its label, if the protocol gave one.
        public var label: LocalizedText?
        /// The value.
        public var value: Double?
    }

    /// One rule in the trace.
    public struct TraceEntry: Sendable, Hashable {
        /// The rule's id.
        public var ruleID: String
        /// Whether its condition held.
        public var fired: Bool
        /// Whether it shaped the outcome (false when overruled by a red flag or the hit policy).
        public var applied: Bool
        /// The condition as written.
        public var condition: String
        /// The answers the condition looked at.
        public var inputs: [AnsweredQuestion]
        /// Why a rule that fired did not shape the outcome, if it did not.
        public var note: Remark?
        /// The scores the condition looked at, with their values.
        public var scoreInputs: [ScoreValue] = []
    }

    /// Why a rule whose condition held did not shape the outcome.
    public enum Remark: String, Sendable, Hashable, CaseIterable {
        /// A red flag was raised; only red-flag rules apply.
        case overruledByRedFlag = "overruled_by_red_flag"
        /// A fallback ("no referral needed") rule, while another rule applies.
        case anotherRuleApplies = "another_rule_applies"
        /// Hit policy `first`: an earlier rule matched.
        case earlierRuleMatched = "earlier_rule_matched"
        /// Hit policy `unique`: more than one rule fired.
        case conflict

        /// The remark in `language` (`nl` or `en`).
        public func text(in language: String) -> String {
            let english = language == "en"
            switch self {
            case .overruledByRedFlag: return english ? "overruled by a red flag" : "overstemd door een rode vlag"
            case .anotherRuleApplies:
                return english ? "not applied: another rule applies" : "niet toegepast: een andere regel is van toepassing"
            case .earlierRuleMatched:
                return english ? "not applied: an earlier rule matched first" : "niet toegepast: een eerdere regel gold al"
            case .conflict:
                return english
                    ? "conflict: more than one rule fired under the unique hit policy"
                    : "conflict: meer dan één regel gold onder de hit policy unique"
            }
        }
    }

    /// A question with its answer (or none when it was not asked).
    public struct AnsweredQuestion: Sendable, Hashable {
        /// The question's id.
        public var questionID: String
        /// The answer; `nil` when the question was not asked.
        public var answer: AnswerValue?

        /// Creates an answered question.
        public init(questionID: String, answer: AnswerValue?) {
            self.questionID = questionID
            self.answer = answer
        }
    }

    /// The protocol's id.
    public var protocolID: String
    /// The protocol's version.
    public var protocolVersion: String
    /// SHA-256 of the protocol file.
    public var protocolHash: String
    /// The region of the social map used, if any.
    public var region: String?
    /// The overall decision.
    public var decision: Decision
    /// How soon.
    public var urgency: Urgency
    /// Red flags raised, in protocol order.
    public var redFlags: [RedFlag]
    /// Referrals, most important first.
    public var referrals: [Referral]
    /// Why: the reasons of every rule that shaped the outcome (also those without a
    /// referral, such as "no consent: follow-up appointment"), most important first.
    public var reasons: [LocalizedText]
    /// Every score, in protocol order.
    public var scores: [ScoreValue]
    /// The dimensions scoring lowest (below 6), lowest first: three, or more when scores tie.
    public var lowestDimensions: [Dimension]
    /// The answers, in the order the questions were asked.
    public var answers: [AnsweredQuestion]
    /// The protocol's notes whose condition holds (e.g. "the picture is incomplete").
    package var notes: [ProtocolNote] = []
    /// The questions the walk reached and passed without asking (their `when` did not hold),
    /// in protocol order. A red flag ends the walk: questions after it are neither asked nor
    /// skipped. Coverage and `--explain` read which way each `when` went from here.
    package var skippedQuestionIDs: [String] = []
    /// The GP's change to the advice, when there is one: then `referrals` and `urgency` are
    /// the GP's decision and `advice` what the protocol advised.
    package var adjustment: Adjustment? = nil
    /// What the protocol advised, kept when the GP adjusted it (`nil` otherwise).
    package var advice: Advice? = nil
    /// The rules that fired, in protocol order.
    public var trace: [TraceEntry] {
        get { explanation.trace }
        set { explanation.trace = newValue }
    }
    /// Every rule, fired or not, in protocol order, with the values its condition saw
    /// (what `triage run --explain` shows).
    public var evaluations: [TraceEntry] {
        get { explanation.evaluations }
        set { explanation.evaluations = newValue }
    }
    /// Where `trace` and `evaluations` come from: they are built when first read (from the
    /// rules' fired and applied state the outcome keeps), so outcomes that are only acted on,
    /// not explained, do not pay for an entry per rule.
    var explanation: Explanation
}
