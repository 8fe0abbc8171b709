/// Reads a `ReportExport` (NDJSON) strictly: the header must name the format and a version this
/// build knows, every line must be one JSON object of a known table with exactly its fields,
/// every count a whole number (0 or more) or `"<5"` or `"x"`, every period of the header's
/// granularity and within its range, and no row twice. Each line is read with the YAML reader
/// (libyaml reads JSON), so every error points at `file:line:column`.
package struct ReportExportLoader: Sendable {
    private let reader: YAMLReader

    /// Creates a loader.
    package init(reader: YAMLReader = YAMLReader()) {
        self.reader = reader
    }

    /// The export in `bytes`, read from `file`.
    package func load(_ bytes: [UInt8], file: String) throws(ReportExportError) -> ReportExport {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard let headerLine = lines.first else {
            throw .notAnExport("the file is empty", at: SourceLocation(file: file, line: 1, column: 1))
        }
        let header = try object(headerLine, file: file, line: 1, isHeader: true)
        let fields = Fields(node: header, file: file, line: 1)
        guard header["format"]?.scalar == ReportExport.formatName else {
            throw .notAnExport("the first line does not say \"format\": \"\(ReportExport.formatName)\"", at: fields.location(header["format"]))
        }
        let version = try fields.count("version", allowHidden: false)
        guard case .count(let found) = version, found >= 1 else { throw .invalid("\"version\" must be a whole number from 1", at: fields.location("version")) }
        if found > ReportExport.version { throw .newerVersion(found: found, supported: ReportExport.version, at: fields.location("version")) }
        try fields.expectKeys(["format", "version", "by", "from", "to", "generator", "suppression"])
        guard let granularity = ReportGranularity(rawValue: try fields.string("by")) else {
            throw .invalid("\"by\" must be \"month\" or \"quarter\"", at: fields.location("by"))
        }
        let from = try fields.period("from", by: granularity, within: nil)
        let to = try fields.period("to", by: granularity, within: nil)
        guard let from, let to, from <= to else { throw .invalid("\"from\" and \"to\" must be periods, \"from\" not after \"to\"", at: fields.location("from")) }
        let generator = try fields.string("generator")
        _ = try fields.string("suppression")

        var export = ReportExport(
            file: file, granularity: granularity, from: from, to: to, generator: generator, rows: [], adjustmentReasons: [], feedbackDays: [])
        var seen: Set<String> = []
        for (offset, bytes) in lines.enumerated().dropFirst() {
            let line = offset + 1
            let node = try object(bytes, file: file, line: line, isHeader: false)
            let fields = Fields(node: node, file: file, line: line)
            let table = try fields.string("table")
            let key: String
            switch table {
            case "referrals":
                try fields.expectKeys(["table", "period", "destination", "destination_name"] + ReferralReport.Measure.allCases.map(\.rawValue))
                let period = try fields.period("period", by: granularity, within: from...to)
                let destination = try fields.destination("destination")
                let name = try fields.optionalString("destination_name")
                guard (destination == nil) == (name == nil) else {
                    throw .invalid("\"destination_name\" goes with \"destination\": both or neither", at: fields.location("destination_name"))
                }
                let cells = try ReferralReport.Measure.allCases.map { measure throws(ReportExportError) in try fields.count(measure.rawValue) }
                export.rows.append(
                    .init(period: period, destinationID: destination, destinationName: name, cells: cells, medianDaysToFeedback: .unavailable, profile: []))
                key = "\(table) \(period?.description ?? "-") \(destination ?? "-")"
            case "adjustment_reasons":
                try fields.expectKeys(["table", "period"] + Adjustment.Reason.allCases.map(\.rawValue))
                let period = try fields.period("period", by: granularity, within: from...to)
                let cells = try Adjustment.Reason.allCases.map { reason throws(ReportExportError) in try fields.count(reason.rawValue) }
                export.adjustmentReasons.append(.init(period: period, cells: cells))
                key = "\(table) \(period?.description ?? "-")"
            case "feedback_days":
                try fields.expectKeys(["table", "destination"] + ReferralReport.FeedbackBin.allCases.map(\.rawValue))
                let destination = try fields.destination("destination")
                let cells = try ReferralReport.FeedbackBin.allCases.map { bin throws(ReportExportError) in try fields.count(bin.rawValue) }
                export.feedbackDays.append(.init(destinationID: destination, destinationName: nil, cells: cells))
                key = "\(table) \(destination ?? "-")"
            default:
                throw .invalid(
                    "unknown table '\(table)' (known: referrals, adjustment_reasons, feedback_days)", at: fields.location("table"))
            }
            guard seen.insert(key).inserted else { throw .invalid("this row is in the file twice", at: SourceLocation(file: file, line: line, column: 1)) }
        }
        // The names of the feedback rows come from the referral rows.
        let names = Dictionary(export.rows.compactMap { row in row.destinationID.map { ($0, row.destinationName ?? $0) } }, uniquingKeysWith: { a, _ in a })
        for index in export.feedbackDays.indices {
            export.feedbackDays[index].destinationName = export.feedbackDays[index].destinationID.flatMap { names[$0] }
        }
        return export
    }

    /// The JSON object on one line.
    private func object(_ bytes: [UInt8], file: String, line: Int, isHeader: Bool) throws(ReportExportError) -> YAMLNode {
        let start = SourceLocation(file: file, line: line, column: 1)
        // JSON only: an object on one line, so YAML's other syntax (block mappings, anchors, tags) never gets in.
        guard bytes.first == UInt8(ascii: "{") else {
            let message = "each line must be one JSON object"
            throw isHeader ? .notAnExport(message, at: start) : .invalid(message, at: start)
        }
        let read = reader.read(bytes, file: file)
        if let error = read.diagnostics.first(where: { $0.severity == .error }) {
            let at = SourceLocation(file: file, line: line, column: error.location.column)
            throw isHeader ? .notAnExport(error.message, at: at) : .invalid(error.message, at: at)
        }
        guard let root = read.root, root.mapping != nil else {
            throw isHeader ? .notAnExport("each line must be one JSON object", at: start) : .invalid("each line must be one JSON object", at: start)
        }
        return root
    }

    /// The fields of one line's object, read with their locations.
    private struct Fields {
        let node: YAMLNode
        let file: String
        let line: Int

        func location(_ node: YAMLNode?) -> SourceLocation {
            SourceLocation(file: file, line: line, column: (node ?? self.node).location.column)
        }

        func location(_ key: String) -> SourceLocation { location(node[key]) }

        func expectKeys(_ keys: [String]) throws(ReportExportError) {
            for pair in node.mapping ?? [] where !keys.contains(pair.key) {
                throw .invalid("unknown field '\(pair.key)'", at: SourceLocation(file: file, line: line, column: pair.keyLocation.column))
            }
            for key in keys where node[key] == nil {
                throw .invalid("missing field '\(key)'", at: SourceLocation(file: file, line: line, column: 1))
            }
        }

        func optionalString(_ key: String) throws(ReportExportError) -> String? {
            guard let value = node[key] else { throw .invalid("missing field '\(key)'", at: location(nil)) }
            if value.isNull && value.isPlainScalar { return nil }
            guard let text = value.scalar, !value.isPlainScalar else { throw .invalid("'\(key)' must be a string or null", at: location(value)) }
            return text
        }

        func string(_ key: String) throws(ReportExportError) -> String {
            guard let text = try optionalString(key) else { throw .invalid("'\(key)' must be a string", at: location(key)) }
            return text
        }

        func period(_ key: String, by granularity: ReportGranularity, within range: ClosedRange<ReportPeriod>?) throws(ReportExportError) -> ReportPeriod? {
            guard let text = try optionalString(key) else { return nil }
            guard let period = ReportPeriod.parse(text, by: granularity) else {
                let shape = granularity == .month ? "YYYY-MM" : "YYYY-Qn"
                throw .invalid("'\(key)' \"\(text)\" is not a period by \(granularity.rawValue) (\(shape))", at: location(key))
            }
            if let range, !range.contains(period) {
                throw .invalid("period \(period) is outside the file's range \(range.lowerBound) – \(range.upperBound)", at: location(key))
            }
            return period
        }

        func destination(_ key: String) throws(ReportExportError) -> String? {
            guard let id = try optionalString(key) else { return nil }
            guard NodeReader.isIdentifier(id) else { throw .invalid("'\(key)' must be a lower_snake_case destination id", at: location(key)) }
            return id
        }

        /// A count: a whole number from 0 (at most a billion), or `"<5"` or `"x"` where hidden counts are allowed.
        func count(_ key: String, allowHidden: Bool = true) throws(ReportExportError) -> ReferralReport.Cell {
            guard let value = node[key], let text = value.scalar else { throw .invalid("'\(key)' must be a count", at: location(key)) }
            if value.isPlainScalar {
                guard text.count <= 10, text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text), number <= 1_000_000_000 else {
                    throw .invalid("'\(key)' must be a whole number from 0, \"<5\" or \"x\"", at: location(value))
                }
                return .count(number)
            }
            switch text {
            case "<5" where allowHidden: return .small
            case "x" where allowHidden: return .complement
            default: throw .invalid("'\(key)' must be a whole number from 0, \"<5\" or \"x\"", at: location(value))
            }
        }
    }
}
