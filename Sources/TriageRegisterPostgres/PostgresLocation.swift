import TriageKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the shared register lives, read from a `postgres://user:password@host:port/database?sslmode=…`
/// URL (libpq's shape; `host=/dir` or a percent-encoded `/dir` as host names a Unix socket
/// directory). Its `description` never contains the password, so it can go into any message.
package struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is protected, as libpq's `sslmode` names it.
    package enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// No TLS: only for Unix sockets and loopback, where nothing crosses a network.
        case disable
        /// TLS, without checking the server's certificate (libpq's `require`).
        case require
        /// TLS, and the certificate must be valid for the host (against `sslrootcert` or the system's roots).
        case verifyFull = "verify-full"
    }

    /// The TCP host, or `nil` for a Unix socket.
    package var host: String?
    /// The Unix socket directory, or `nil` for TCP.
    package var socketDirectory: String?
    /// The port (also part of the socket's file name).
    package var port: Int
    /// The role to log in as.
    package var user: String
    /// The password, from the URL or `PGPASSWORD`.
    package var password: String?
    /// The database.
    package var database: String
    /// How the connection is protected.
    package var tls: TLSMode
    /// A CA certificate file (PEM) for `verify-full`.
    package var rootCertificate: String?

    /// Whether `text` names a PostgreSQL register rather than a SQLite file.
    package static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Reads a URL; `environment` gives `PGPASSWORD` when the URL holds no password.
    package init(url text: String, environment: (String) -> String? = Self.processEnvironment) throws(RegisterError) {
        func invalid(_ why: String) -> RegisterError {
            .storage(path: Self.redacted(text), message: "not a PostgreSQL URL: \(why) (like postgres://role@host/database?sslmode=require)")
        }
        guard let schemeEnd = text.range(of: "://"), Self.isURL(text) else { throw invalid("it must start with postgres://") }
        var rest = Substring(text[schemeEnd.upperBound...])
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var userInfo: Substring = ""
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        var hostPart = rest
        var port = 5432
        if let colon = hostPart.lastIndex(of: ":"), !hostPart.hasSuffix("]") {
            guard let number = Int(hostPart[hostPart.index(after: colon)...]), (1...65535).contains(number) else {
                throw invalid("the port is not a number from 1 to 65535")
            }
            port = number
            hostPart = hostPart[..<colon]
        }
        var user = ""
        var password: String?
        if let colon = userInfo.firstIndex(of: ":") {
            user = Self.percentDecoded(userInfo[..<colon])
            password = Self.percentDecoded(userInfo[userInfo.index(after: colon)...])
        } else {
            user = Self.percentDecoded(userInfo)
        }
        var host: String? = hostPart.isEmpty ? nil : Self.percentDecoded(hostPart)
        var tls: TLSMode?
        var rootCertificate: String?
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let key = String(parts[0])
            let value = parts.count > 1 ? Self.percentDecoded(parts[1]) : ""
            switch key {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    throw invalid("sslmode '\(value)' is not one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                tls = mode
            case "host": host = value
            case "port":
                guard let number = Int(value), (1...65535).contains(number) else { throw invalid("the port is not a number from 1 to 65535") }
                port = number
            case "user": user = value
            case "password": password = value
            case "dbname": path = Substring(value)
            case "sslrootcert": rootCertificate = value
            case "connect_timeout", "application_name": continue
            default: throw invalid("unknown parameter '\(key)'")
            }
        }
        if user.isEmpty { user = environment("PGUSER") ?? "" }
        guard !user.isEmpty else { throw invalid("it names no role (postgres://ROLE@host/database)") }
        if password == nil || password == "" { password = environment("PGPASSWORD") }
        let database = Self.percentDecoded(path)
        self.user = user
        self.password = password
        self.database = database.isEmpty ? user : database
        self.port = port
        self.rootCertificate = rootCertificate
        if let directory = host, directory.hasPrefix("/") {
            socketDirectory = directory
            self.host = nil
        } else {
            socketDirectory = nil
            self.host = host ?? "localhost"
        }
        self.tls = tls ?? (socketDirectory != nil || Self.isLoopback(self.host ?? "") ? .disable : .require)
    }

    /// The Unix socket's file, for a socket directory.
    package var socketPath: String? {
        socketDirectory.map { "\($0)/.s.PGSQL.\(port)" }
    }

    /// The URL without its password: `postgres://role@host:5432/database`.
    package var description: String {
        var text = "postgres://\(user)@"
        if let host { text += "\(host.contains(":") ? "[\(host)]" : host):\(port)" }
        text += "/\(database)"
        if let socketDirectory { text += "?host=\(socketDirectory)" + (port == 5432 ? "" : "&port=\(port)") }
        return text
    }

    /// The URL to hand to an organisation: this server, another role and its password.
    package func connectionString(user: String, password: String) -> String {
        var text = "postgres://\(user):\(password)@"
        if let host { text += "\(host.contains(":") ? "[\(host)]" : host):\(port)" }
        text += "/\(Self.percentEncoded(database))"
        var parameters: [String] = []
        if let socketDirectory {
            parameters.append("host=\(Self.percentEncoded(socketDirectory))")
            if port != 5432 { parameters.append("port=\(port)") }
        }
        if tls != .disable || socketDirectory == nil { parameters.append("sslmode=\(tls.rawValue)") }
        if let rootCertificate { parameters.append("sslrootcert=\(Self.percentEncoded(rootCertificate))") }
        return text + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&"))
    }

    /// A URL as it may be shown: the password (between `:` and `@` after the scheme) replaced.
    package static func redacted(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var result = text
        if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
            result = String(text[..<colon]) + ":***" + String(text[at...])
        }
        if let range = result.range(of: "password=") {
            let end = result[range.upperBound...].firstIndex(of: "&") ?? result.endIndex
            result.replaceSubrange(range.upperBound..<end, with: "***")
        }
        return result
    }

    /// Whether `host` is this machine (no TLS needed by default).
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// The process's environment.
    package static func processEnvironment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    private static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"), let first = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex),
                let second = utf8.index(index, offsetBy: 2, limitedBy: utf8.endIndex), second < utf8.endIndex,
                let value = UInt8(String(decoding: [utf8[first], utf8[second]], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index = utf8.index(after: second)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            let character = Character(Unicode.Scalar(byte))
            if byte < 0x80, character.isLetter || character.isNumber || "-._~".contains(character) {
                result.append(character)
            } else {
                result += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }
}
