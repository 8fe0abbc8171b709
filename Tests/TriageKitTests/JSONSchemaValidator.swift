import TriageKit

/// A small JSON Schema validator for the keywords `triage schema` uses, so the schema test
/// needs no Python or network in CI.
///
/// A keyword it does not know is reported as a problem rather than ignored, so the schema
/// cannot grow a keyword that silently goes unchecked here.
struct JSONSchemaValidator {
    let root: JSONValue

    /// Keywords that only annotate.
    static let annotations: Set<String> = ["$schema", "$defs", "title", "description"]
    /// Keywords that are checked.
    static let assertions: Set<String> = [
        "$ref", "type", "properties", "required", "additionalProperties", "enum", "const", "items", "oneOf", "anyOf",
        "allOf", "if", "then", "else", "pattern", "minimum", "maximum", "minItems", "minProperties", "propertyNames",
    ]

    /// Every way `instance` fails the schema, as `path: problem`; empty when it is valid.
    func problems(_ instance: JSONValue) -> [String] {
        check(instance, against: root, at: "")
    }

    private func check(_ instance: JSONValue, against schema: JSONValue, at path: String) -> [String] {
        if case .bool(let allowed) = schema { return allowed ? [] : ["\(path): not allowed here"] }
        guard case .object(let keywords) = schema else { return ["\(path): the schema is not an object"] }
        var problems: [String] = []
        for (keyword, value) in keywords {
            switch keyword {
            case _ where Self.annotations.contains(keyword): continue
            case "then", "else": continue  // applied with "if"
            case "$ref":
                guard case .string(let reference) = value, let target = resolve(reference) else {
                    problems.append("\(path): cannot resolve $ref \(value.serialized(pretty: false))")
                    continue
                }
                problems += check(instance, against: target, at: path)
            case "type":
                let types: [String] =
                    switch value {
                    case .string(let one): [one]
                    case .array(let many): many.compactMap { if case .string(let name) = $0 { name } else { nil } }
                    default: []
                    }
                if !types.contains(where: { Self.matches(instance, type: $0) }) {
                    problems.append("\(path): expected \(types.joined(separator: " or ")), found \(Self.typeName(instance))")
                }
            case "enum":
                guard case .array(let allowed) = value else { continue }
                if !allowed.contains(instance) {
                    problems.append("\(path): \(instance.serialized(pretty: false)) is not one of \(value.serialized(pretty: false))")
                }
            case "const":
                if instance != value {
                    problems.append("\(path): expected \(value.serialized(pretty: false)), found \(instance.serialized(pretty: false))")
                }
            case "properties":
                guard case .object(let pairs) = instance, case .object(let properties) = value else { continue }
                for (key, item) in pairs {
                    if let property = properties.first(where: { $0.0 == key })?.1 {
                        problems += check(item, against: property, at: path + "/" + key)
                    }
                }
            case "additionalProperties":
                guard case .object(let pairs) = instance else { continue }
                let known = Set(Self.member("properties", of: schema).flatMap(Self.keys) ?? [])
                for (key, item) in pairs where !known.contains(key) {
                    if case .bool(false) = value {
                        problems.append("\(path): unknown key '\(key)'")
                    } else {
                        problems += check(item, against: value, at: path + "/" + key)
                    }
                }
            case "required":
                guard case .object(let pairs) = instance, case .array(let names) = value else { continue }
                for case .string(let name) in names where !pairs.contains(where: { $0.0 == name }) {
                    problems.append("\(path): missing '\(name)'")
                }
            case "propertyNames":
                guard case .object(let pairs) = instance else { continue }
                for (key, _) in pairs { problems += check(.string(key), against: value, at: path + "/" + key + " (key)") }
            case "minProperties":
                guard case .object(let pairs) = instance, case .number(let minimum) = value else { continue }
                if Double(pairs.count) < minimum { problems.append("\(path): needs at least \(Int(minimum)) keys") }
            case "items":
                guard case .array(let items) = instance else { continue }
                for (index, item) in items.enumerated() { problems += check(item, against: value, at: "\(path)/\(index)") }
            case "minItems":
                guard case .array(let items) = instance, case .number(let minimum) = value else { continue }
                if Double(items.count) < minimum { problems.append("\(path): needs at least \(Int(minimum)) items") }
            case "pattern":
                guard case .string(let text) = instance, case .string(let pattern) = value else { continue }
                do {
                    if try !text.contains(Regex(pattern)) { problems.append("\(path): '\(text)' does not match \(pattern)") }
                } catch {
                    problems.append("\(path): invalid pattern \(pattern)")
                }
            case "minimum", "maximum":
                guard case .number(let number) = instance, case .number(let bound) = value else { continue }
                if keyword == "minimum" ? number < bound : number > bound {
                    problems.append("\(path): \(number) is out of range (\(keyword) \(bound))")
                }
            case "allOf", "anyOf", "oneOf":
                guard case .array(let branches) = value else { continue }
                let results = branches.map { check(instance, against: $0, at: path) }
                let passing = results.count(where: \.isEmpty)
                switch keyword {
                case "allOf": problems += results.flatMap { $0 }
                case "anyOf" where passing == 0:
                    problems.append("\(path): matches none of the alternatives: " + results.map { $0.joined(separator: "; ") }.joined(separator: " | "))
                case "oneOf" where passing != 1:
                    problems.append("\(path): matches \(passing) alternatives, expected exactly one")
                default: break
                }
            case "if":
                let branch = check(instance, against: value, at: path).isEmpty ? "then" : "else"
                if let next = Self.member(branch, of: schema) { problems += check(instance, against: next, at: path) }
            default:
                problems.append("\(path): unsupported keyword '\(keyword)' in the schema")
            }
        }
        return problems
    }

    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var node = root
        for part in reference.dropFirst(2).split(separator: "/") {
            guard let next = Self.member(String(part), of: node) else { return nil }
            node = next
        }
        return node
    }

    static func member(_ key: String, of value: JSONValue) -> JSONValue? {
        guard case .object(let pairs) = value else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    static func keys(_ value: JSONValue) -> [String]? {
        guard case .object(let pairs) = value else { return nil }
        return pairs.map(\.0)
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array),
            ("object", .object):
            true
        case ("integer", .number(let number)): number == number.rounded()
        default: false
        }
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// A YAML tree as a YAML 1.2 editor (yaml-language-server) sees it: plain scalars are
/// resolved with the core schema (`true` a boolean, `1.5` a number, `~` null, `ja`, `no`
/// and `1.0.0` strings); quoted and block scalars stay strings.
enum YAML12 {
    static func json(_ node: YAMLNode) -> JSONValue {
        switch node.content {
        case .mapping(let pairs): .object(pairs.map { ($0.key, json($0.value)) })
        case .sequence(let items): .array(items.map(json))
        case .scalar(let text, let isPlain): isPlain ? resolve(text) : .string(text)
        }
    }

    static func resolve(_ text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        case ".nan", ".NaN", ".NAN": return .number(.nan)
        default: break
        }
        if text.wholeMatch(of: /[-+]?[0-9]+/) != nil, let number = Double(text) { return .number(number) }
        if text.wholeMatch(of: /0o[0-7]+/) != nil, let number = Int(text.dropFirst(2), radix: 8) { return .number(Double(number)) }
        if text.wholeMatch(of: /0x[0-9a-fA-F]+/) != nil, let number = Int(text.dropFirst(2), radix: 16) {
            return .number(Double(number))
        }
        if text.wholeMatch(of: /[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?/) != nil, let number = Double(text) {
            return .number(number)
        }
        return .string(text)
    }
}
