/// A social map (sociale kaart): the local services of one region and how to reach them.
///
/// The protocol says *what kind* of help fits; the social map says *who* provides it here,
/// so one protocol serves every municipality.
public struct SocialMap: Sendable, Hashable {
    /// The region, usually a municipality or a district.
    public var region: String
    /// What the map covers, and whether its contacts are real or placeholders.
    public var description: LocalizedText?
    /// The services, in file order.
    public var services: [Service]

    /// Creates a social map.
    public init(region: String, description: LocalizedText?, services: [Service]) {
        self.region = region
        self.description = description
        self.services = services
    }

    /// The first service that serves destination kind `destinationID`.
    public func service(for destinationID: String) -> Service? {
        services.first { $0.serves.contains(destinationID) }
    }

    /// The service to turn to when `service`'s contact is away: the one its `fallback` names.
    public func fallback(for service: Service) -> Service? {
        guard let id = service.fallback, id != service.id else { return nil }
        return services.first { $0.id == id }
    }
}

/// One local organisation or person a GP can refer to.
public struct Service: Sendable, Hashable {
    /// How a referral reaches the service.
    public enum Channel: String, Sendable, Hashable, Codable, CaseIterable {
        /// By e-mail (preferably secure e-mail).
        case email
        /// By telephone.
        case phone
        /// Through ZorgDomein, the GP's referral portal.
        case zorgdomein
        /// Through Veilig Thuis's own reporting line (advice or a report).
        case veilig_thuis
        /// By letter.
        case letter
        /// Through the service's website or online form.
        case website
        /// The patient walks in, or the GP brings them along.
        case in_person
    }

    /// A search word (`schulden`, `eenzaam`), in one language or, when `language` is `nil`, in any.
    public struct Keyword: Sendable, Hashable {
        /// The word or short phrase.
        public var word: String
        /// `nl`, `en`, or `nil` for a word written without a language.
        public var language: String?

        /// Creates a keyword.
        public init(_ word: String, language: String? = nil) {
            self.word = word
            self.language = language
        }
    }

    /// Whether a service's details can still be trusted on a given day (see `freshness(on:)`).
    package enum Freshness: Sendable, Hashable {
        /// Checked within the last year (or never dated) and not past `valid_until`.
        case current
        /// Last checked more than a year before the day.
        case stale(checked: CivilDate)
        /// Past its `valid_until` date.
        case expired(validUntil: CivilDate)

        /// Whether the details may be out of date.
        public var isOutdated: Bool { self != .current }
    }

    /// The lower_snake_case id.
    public var id: String
    /// The destination kinds (protocol destination ids) this service provides.
    public var serves: [String]
    /// The organisation's name.
    public var name: String
    /// The contact person or role ("welzijnscoach wijk Noord").
    public var contact: LocalizedText?
    /// Telephone number.
    public var phone: String?
    /// E-mail address.
    public var email: String?
    /// Visiting address.
    public var address: String?
    /// Opening hours, as free text.
    public var hours: LocalizedText?
    /// Website.
    public var website: String?
    /// How to refer.
    public var channel: Channel?
    /// What the service offers, in a sentence; shown and searched by `triage kaart`.
    public var description: LocalizedText?
    /// Search words for `triage kaart` (`schulden`, `eenzaam`, `mantelzorg`).
    public var keywords: [Keyword]
    /// When the details were last checked.
    package var checked: CivilDate?
    /// The last day the details are known to hold.
    package var validUntil: CivilDate?
    /// The id of the service to turn to when this one's contact is away.
    public var fallback: String?
    /// Days within which the service reports back on a referral (`nil`: the default, 14).
    public var feedbackDays: Int?
    /// Where the service is written.
    public var location: SourceLocation
    /// Where `checked` is written, for diagnostics.
    package var checkedLocation: SourceLocation?
    /// Where `valid_until` is written, for diagnostics.
    package var validUntilLocation: SourceLocation?

    /// Creates a service.
    package init(
        id: String, serves: [String], name: String, contact: LocalizedText? = nil, phone: String? = nil,
        email: String? = nil, address: String? = nil, hours: LocalizedText? = nil, website: String? = nil,
        channel: Channel? = nil, description: LocalizedText? = nil, keywords: [Keyword] = [], checked: CivilDate? = nil,
        validUntil: CivilDate? = nil, fallback: String? = nil, location: SourceLocation
    ) {
        self.id = id
        self.serves = serves
        self.name = name
        self.contact = contact
        self.phone = phone
        self.email = email
        self.address = address
        self.hours = hours
        self.website = website
        self.channel = channel
        self.description = description
        self.keywords = keywords
        self.checked = checked
        self.validUntil = validUntil
        self.fallback = fallback
        self.location = location
    }

    /// Whether the details may be out of date on `today`: past `valid_until`, or last
    /// `checked` more than a year before (on 2027-03-02 for `checked: 2026-03-01`).
    package func freshness(on today: CivilDate) -> Freshness {
        if let validUntil, today > validUntil { return .expired(validUntil: validUntil) }
        if let checked, today > checked.adding(years: 1) { return .stale(checked: checked) }
        return .current
    }

    /// The keywords to show in `language`: those in it and those written without a language.
    public func keywords(in language: String) -> [String] {
        keywords.filter { $0.language == nil || $0.language == language }.map(\.word)
    }
}
