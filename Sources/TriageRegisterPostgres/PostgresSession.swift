import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import TriageKit

/// One connection to the shared register, used synchronously: the one place where
/// postgres-nio's event-loop futures meet triage's synchronous store protocol. Each call waits
/// on a future (on NIO's own threads, never Swift's cooperative pool), and each has a timeout
/// after which the connection is closed, so a server that stops answering gives an error, not a hang.
package final class PostgresSession: Sendable {
    /// Where it is connected to (no password).
    package let location: PostgresLocation
    private let connection: PostgresConnection
    private let timeout: TimeAmount
    private let timedOut = NIOLockedValueBox(false)

    /// Connects and logs in; `seconds` bounds the connect and every statement.
    package init(_ location: PostgresLocation, seconds: Int64 = 30) throws(RegisterError) {
        self.location = location
        timeout = .seconds(seconds)
        var configuration: PostgresConnection.Configuration
        if let socket = location.socketPath {
            configuration = .init(unixSocketPath: socket, username: location.user, password: location.password, database: location.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            do {
                switch location.tls {
                case .disable: tls = .disable
                case .require:
                    var settings = TLSConfiguration.makeClientConfiguration()
                    settings.certificateVerification = .none
                    tls = .require(try NIOSSLContext(configuration: settings))
                case .verifyFull:
                    var settings = TLSConfiguration.makeClientConfiguration()
                    settings.certificateVerification = .fullVerification
                    if let file = location.rootCertificate { settings.trustRoots = .file(file) }
                    tls = .require(try NIOSSLContext(configuration: settings))
                }
            } catch {
                throw .storage(path: location.description, message: "TLS cannot be set up: \(error)")
            }
            configuration = .init(
                host: location.host ?? "localhost", port: location.port, username: location.user, password: location.password,
                database: location.database, tls: tls)
        }
        configuration.options.connectTimeout = timeout
        let logger = Logger(label: "triage.register", factory: { _ in SwiftLogNoOpLogHandler() })
        do {
            connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: logger
            ).wait()
        } catch {
            throw Self.mapped(error, location: location, timedOut: false)
        }
    }

    deinit {
        close()
    }

    /// Closes the connection and waits until it is closed (also done when the session goes away).
    package func close() {
        let closing: EventLoopFuture<Void> = connection.close()
        try? closing.wait()
    }

    /// Runs `query` and returns its rows.
    @discardableResult
    package func query(_ query: PostgresQuery) throws(RegisterError) -> [PostgresRow] {
        let connection = connection
        let timedOut = timedOut
        let deadline = connection.eventLoop.scheduleTask(in: timeout) {
            timedOut.withLockedValue { $0 = true }
            let closing: EventLoopFuture<Void> = connection.close()
            closing.whenComplete { _ in }
        }
        defer { deadline.cancel() }
        do {
            return try connection.query(query, logger: connection.logger).wait().rows
        } catch {
            throw Self.mapped(error, location: location, timedOut: timedOut.withLockedValue { $0 })
        }
    }

    /// Runs a script of statements without parameters, one by one (the extended protocol
    /// takes one statement at a time); `;` inside `$$…$$` bodies and `--` comments does not split.
    package func execute(_ script: String) throws(RegisterError) {
        for statement in Self.statements(script) { try query(PostgresQuery(unsafeSQL: statement)) }
    }

    /// The statements of a script.
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var inBody = false
        var inComment = false
        var previous: Character = " "
        for character in script {
            if inComment {
                if character == "\n" { inComment = false }
                previous = character
                continue
            }
            if !inBody, character == "-", previous == "-" {
                current.removeLast()
                inComment = true
                previous = " "
                continue
            }
            if character == "$", previous == "$" { inBody.toggle() }
            if character == ";", !inBody {
                statements.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        statements.append(current)
        return statements.filter { !$0.allSatisfy(\.isWhitespace) }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    package func transaction<T>(_ body: () throws(RegisterError) -> T) throws(RegisterError) -> T {
        try query("BEGIN")
        do {
            let result = try body()
            try query("COMMIT")
            return result
        } catch {
            if !connection.isClosed { _ = try? query("ROLLBACK") }
            throw error
        }
    }

    /// The SQLSTATE of a server error, for callers that react to one (e.g. `42P01`, no such table).
    package static func sqlState(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// Every failure as a `RegisterError` naming the register without its password.
    static func mapped(_ error: any Error, location: PostgresLocation, timedOut: Bool) -> RegisterError {
        let path = location.description
        if timedOut { return .storage(path: path, message: "the server did not answer in time; nothing was changed by the unfinished command") }
        guard let error = error as? PSQLError else { return .storage(path: path, message: "\(error)") }
        if error.code == .server, let info = error.serverInfo {
            let state = info[.sqlState] ?? ""
            let message = info[.message] ?? "error"
            switch state {
            case "23505": return .storage(path: path, message: "a referral with this code is already registered")
            case "28P01", "28000": return .storage(path: path, message: "login refused: \(message)")
            case "42501": return .storage(path: path, message: "not allowed for this role: \(message)")
            default: return .storage(path: path, message: "\(message) [\(state)]")
            }
        }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return .storage(path: path, message: "the connection to the server was lost; the unfinished command changed nothing")
        case .connectionError:
            return .storage(path: path, message: "cannot connect: \(error.underlying.map { "\($0)" } ?? "no answer")")
        case .sslUnsupported:
            return .storage(path: path, message: "the server does not offer TLS (use sslmode=disable only on this machine or a Unix socket)")
        case .authMechanismRequiresPassword:
            return .storage(path: path, message: "the server asks for a password: put it in PGPASSWORD or the URL")
        default:
            return .storage(path: path, message: "\(error.code)" + (error.underlying.map { ": \($0)" } ?? ""))
        }
    }
}
