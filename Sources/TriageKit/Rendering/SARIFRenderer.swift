/// Renders diagnostics as a SARIF 2.1.0 log, the format code-scanning services and editors
/// read (GitHub code scanning, GitLab, VS Code's SARIF viewer).
///
/// One run, one result per diagnostic, one rule per diagnostic code. Levels map one to one:
/// error, warning, note. Columns count Unicode code points, as the YAML reader does.
package struct SARIFRenderer: Sendable {
    /// The tool's name, `triage`.
    package var toolName: String
    /// The tool's version.
    package var toolVersion: String
    /// Report warnings as errors (for `triage validate --strict`).
    package var warningsAsErrors: Bool

    /// Creates a renderer.
    package init(toolName: String = "triage", toolVersion: String, warningsAsErrors: Bool = false) {
        self.toolName = toolName
        self.toolVersion = toolVersion
        self.warningsAsErrors = warningsAsErrors
    }

    /// The SARIF log as pretty-printed JSON, ending in a newline.
    package func render(_ diagnostics: [Diagnostic]) -> String {
        json(diagnostics).serialized() + "\n"
    }

    /// The SARIF log as a JSON value.
    package func json(_ diagnostics: [Diagnostic]) -> JSONValue {
        let codes = Array(Set(diagnostics.map(\.code))).sorted()
        var ruleIndex: [String: Int] = [:]
        for (index, code) in codes.enumerated() { ruleIndex[code] = index }
        let rules = codes.map { code in
            JSONValue.object([
                ("id", .string(code)),
                ("name", .string(Self.ruleName(code))),
                ("shortDescription", .object([("text", .string(Self.sentence(code)))])),
            ])
        }
        let results = diagnostics.map { diagnostic in
            var text = diagnostic.message
            if let hint = diagnostic.hint { text += "\nhint: " + hint }
            var location: [(String, JSONValue)] = [("artifactLocation", .object([("uri", .string(Self.uri(diagnostic.location.file)))]))]
            if diagnostic.location.line >= 1 {
                location.append(
                    (
                        "region",
                        .object([
                            ("startLine", .number(Double(diagnostic.location.line))),
                            ("startColumn", .number(Double(max(1, diagnostic.location.column)))),
                        ])
                    ))
            }
            return JSONValue.object([
                ("ruleId", .string(diagnostic.code)),
                ("ruleIndex", .number(Double(ruleIndex[diagnostic.code] ?? 0))),
                ("level", .string(level(diagnostic.severity))),
                ("message", .object([("text", .string(text))])),
                ("locations", .array([.object([("physicalLocation", .object(location))])])),
            ])
        }
        return .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            (
                "runs",
                .array([
                    .object([
                        (
                            "tool",
                            .object([
                                (
                                    "driver",
                                    .object([
                                        ("name", .string(toolName)),
                                        ("version", .string(toolVersion)),
                                        ("rules", .array(rules)),
                                    ])
                                )
                            ])
                        ),
                        ("columnKind", .string("unicodeCodePoints")),
                        ("results", .array(results)),
                    ])
                ])
            ),
        ])
    }

    private func level(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: warningsAsErrors ? "error" : "warning"
        case .note: "note"
        }
    }

    /// `type-mismatch` -> `TypeMismatch` (SARIF's `name` is a PascalCase identifier).
    static func ruleName(_ code: String) -> String {
        code.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// `type-mismatch` -> `Type mismatch.`
    static func sentence(_ code: String) -> String {
        let words = code.split(separator: "-").joined(separator: " ")
        return words.prefix(1).uppercased() + words.dropFirst() + "."
    }

    /// A file path as a URI reference: relative paths stay relative, absolute paths become
    /// `file://` URIs; anything but unreserved characters and `/` is percent-encoded.
    static func uri(_ path: String) -> String {
        var out = path.hasPrefix("/") ? "file://" : ""
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in path.utf8 {
            let isUnreserved =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "-._~/".utf8.contains(byte)
            if isUnreserved {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
            }
        }
        return out
    }
}
