import Testing

@testable import TriageKit

/// `SocialMapSearch`: Dutch search words find their services, grouped by route, on the
/// shipped Weert map and on small maps written here.
@Suite struct SocialMapSearchTests {
    static func weert() throws -> SocialMap {
        let path = ReadmeExample.packageRoot + "/Examples/sociale-kaart/weert.yaml"
        let loaded = SocialMapLoader().load(path: path)
        return try #require(loaded.value, "\(loaded.diagnostics)")
    }

    static func map(_ services: String) throws -> SocialMap {
        let loaded = SocialMapLoader().load(Array("kind: social_map\nregion: Testdorp\nservices:\n\(services)".utf8), file: "m.yaml")
        return try #require(loaded.value, "\(loaded.diagnostics)")
    }

    /// (route, service ids) pairs of a search.
    private func found(_ search: SocialMapSearch, _ terms: [String], destination: String? = nil) -> [String] {
        search.routes(matching: terms, destination: destination).map { "\($0.destinationID): \($0.services.map(\.id).joined(separator: ", "))" }
    }

    @Test("schulden, eenzaam and mantelzorg find their services on the Weert map")
    func weertSearches() throws {
        let search = SocialMapSearch(map: try Self.weert())
        #expect(found(search, ["schulden"]) == ["schuldhulpverlening: schuldhulp_weert"])
        #expect(found(search, ["eenzaam"]) == ["welzijnscoach: punt_welzijn"])
        // Punt Welzijn is shown under the route its words fit (carer support), once.
        #expect(found(search, ["mantelzorg"]) == ["mantelzorgondersteuning: punt_welzijn", "wmo_loket: wmo_weert"])
        #expect(found(search, ["geldzorgen"]) == ["schuldhulpverlening: schuldhulp_weert", "poh_financien: thuisadministratie"])
        #expect(found(search, ["huiselijk", "geweld"]) == ["veilig_thuis: veilig_thuis"])
        #expect(found(search, ["huiselijk geweld"]) == ["veilig_thuis: veilig_thuis"])
        #expect(found(search, ["opvoeding"]).contains("opvoedondersteuning: jgz_weert"))
    }

    @Test("case and accents do not matter: é is e, ë is e, ĳ is ij, combining accents are dropped")
    func foldsCaseAndAccents() throws {
        let search = SocialMapSearch(map: try Self.weert())
        for term in ["SCHULDEN", "Schulden", "schúlden", "schu\u{308}lden"] {
            #expect(found(search, [term]) == ["schuldhulpverlening: schuldhulp_weert"], "\(term)")
        }
        // The map writes "suïcide": "suicide" finds it.
        #expect(found(search, ["suicide"]).contains("lijn_113: zelfmoordpreventie_113"))
        #expect(SocialMapSearch.fold("Één ĲSBEER Coördinator naïef çà ø e\u{301}") == "een ijsbeer coordinator naief ca o e")
        #expect(SocialMapSearch.fold("ß 福祉") == "ß 福祉")
        #expect(SocialMapSearch.words("poh_ggz, Punt-Welzijn (rol)") == ["poh", "ggz", "punt", "welzijn", "rol"])
    }

    @Test("a word matches the start of a word; from four letters on also inside one")
    func prefixAndInfix() throws {
        #expect(SocialMapSearch.matches("schuld", "schuldhulpverlening"))
        #expect(SocialMapSearch.matches("zorg", "mantelzorgondersteuning"))
        #expect(!SocialMapSearch.matches("org", "mantelzorgondersteuning"), "three letters only match the start")
        #expect(SocialMapSearch.matches("wmo", "wmo"))
        #expect(!SocialMapSearch.matches("schulden", "schuld"))
        let search = SocialMapSearch(map: try Self.weert())
        // Route ids read as words: "poh" finds poh_ggz, poh_jeugd and poh_financien.
        #expect(Set(search.routes(matching: ["poh"]).map(\.destinationID)).isSuperset(of: ["poh_ggz", "poh_jeugd", "poh_financien"]))
    }

    @Test("several words must all match")
    func allWordsMustMatch() throws {
        let search = SocialMapSearch(map: try Self.weert())
        #expect(found(search, ["geldzorgen", "administratie"]) == ["poh_financien: thuisadministratie"])
        #expect(found(search, ["schulden", "kinderen"]).isEmpty)
        // A word may match the route and another the service.
        #expect(found(search, ["ouderenadviseur", "eenzaam"]) == ["ouderenadviseur: punt_welzijn"])
    }

    @Test("routes are named by the protocols when given, and found by those names")
    func protocolNames() throws {
        let map = try Self.map(
            """
              - {id: a, serves: [poh_financien], name: Thuisadministratie}
              - {id: b, serves: [wmo_loket], name: Gemeente}

            """)
        let plain = SocialMapSearch(map: map)
        #expect(plain.routes(matching: []).map { $0.title(in: "nl") } == ["Poh financien", "Wmo loket"])
        #expect(found(plain, ["geldzaken"]).isEmpty)
        let named = SocialMapSearch(
            map: map, destinationNames: ["poh_financien": LocalizedText(["nl": "POH financiën (geldzaken op orde)", "en": "Money"])])
        #expect(named.routes(matching: []).map { $0.title(in: "en") } == ["Money", "Wmo loket"])
        #expect(found(named, ["geldzaken"]) == ["poh_financien: a"])
        #expect(found(named, ["financien"]) == ["poh_financien: a"])
        #expect(named.title(of: "wmo_loket", in: "nl") == "Wmo loket")
    }

    @Test("no words: every route with all its services, in map order; --destination: one route")
    func everythingAndOneRoute() throws {
        let map = try Self.weert()
        let search = SocialMapSearch(map: map)
        let all = search.routes(matching: [])
        #expect(all.map(\.destinationID) == search.destinationIDs)
        #expect(all.flatMap(\.services).count == map.services.flatMap(\.serves).count)
        #expect(search.routes(matching: ["", "—", "!!"]).count == all.count, "words without letters or digits do not narrow")
        #expect(found(search, [], destination: "ouderenadviseur") == ["ouderenadviseur: punt_welzijn"])
        #expect(found(search, ["eenzaam"], destination: "ouderenadviseur") == ["ouderenadviseur: punt_welzijn"])
        #expect(found(search, ["schulden"], destination: "ouderenadviseur").isEmpty)
        #expect(found(search, [], destination: "bestaat_niet").isEmpty)
    }

    @Test("suggestions: the map's keywords in the language, closest first, at most the limit")
    func suggestions() throws {
        let search = SocialMapSearch(map: try Self.weert())
        let typo = search.suggestions(for: ["schlden"], language: "nl")
        #expect(typo.first == "schulden")
        #expect(typo.count == 5)
        #expect(search.suggestions(for: ["xyz"], language: "nl", limit: 3).count == 3)
        #expect(search.suggestions(for: ["xyz"], language: "nl", limit: -1).isEmpty)
        let perLanguage = try Self.map(
            """
              - id: a
                serves: [x_y]
                name: A
                keywords: {nl: [schulden], en: [debts]}

            """)
        #expect(SocialMapSearch(map: perLanguage).suggestions(for: ["dbt"], language: "en") == ["debts"])
        #expect(SocialMapSearch(map: perLanguage).suggestions(for: ["dbt"], language: "nl") == ["schulden"])
        // Both languages are searched.
        #expect(SocialMapSearch(map: perLanguage).routes(matching: ["debts"]).count == 1)
        let noKeywords = try Self.map("  - {id: a, serves: [spoed_schuldhulp], name: A}\n")
        #expect(SocialMapSearch(map: noKeywords).suggestions(for: ["q"], language: "nl") == ["spoed schuldhulp"])
    }
}
