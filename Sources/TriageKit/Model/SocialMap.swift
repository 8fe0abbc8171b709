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
}

/// One local organisation or person a GP can refer to.
public struct Service: Sendable, Hashable {
    /// How a referral reaches the service.
    public enum Channel: String, Sendable, Hashable, Codable, CaseIterable {
        case email, phone, zorgdomein, veilig_thuis, letter, website, in_person
    }

    /// The lower_snake_case id.
    public var id: String
    /// The destination kinds (protocol destination ids) this service provides.
    public var serves: [String]
    /// The organisation's name.
    public var name: String
    /// The contact person or role ("welzijnscoach wijk Noord").
    public var contact: String?
    /// Telephone number.
    public var phone: String?
    /// E-mail address.
    public var email: String?
    /// Visiting address.
    public var address: String?
    /// Opening hours, as free text.
    public var hours: String?
    /// Website.
    public var website: String?
    /// How to refer.
    public var channel: Channel?
    /// Where the service is written.
    public var location: SourceLocation

    /// Creates a service.
    public init(
        id: String, serves: [String], name: String, contact: String? = nil, phone: String? = nil,
        email: String? = nil, address: String? = nil, hours: String? = nil, website: String? = nil,
        channel: Channel? = nil, location: SourceLocation
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
        self.location = location
    }
}
