import Foundation
import Testing

@testable import TriageKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `SourceFile.read` on what is not a plain file: named pipes with and without a writer,
/// anonymous pipes (`/dev/fd/N`, as `<(cat file)` and `/dev/stdin` give), sockets, devices.
/// Every read runs under a deadline, so a read that blocks fails the test instead of hanging
/// the suite.
@Suite struct SourceFileTests {
    /// A fresh private directory, removed by `remove()`.
    struct Scratch {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory.appending(path: "sf-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    /// `SourceFile.read(path)` on another thread; `nil` when it has not returned within
    /// `seconds`. Then `unblock` runs (e.g. opening the FIFO's other end) so the stuck
    /// thread can finish.
    private func readWithin(
        _ seconds: Double, _ path: String, unblock: @escaping @Sendable () -> Void = {}
    ) -> Result<[UInt8], Diagnostic>? {
        final class Box: @unchecked Sendable { var result: Result<[UInt8], Diagnostic>? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        Thread {
            box.result = SourceFile.read(path)
            done.signal()
        }.start()
        guard done.wait(timeout: .now() + seconds) == .success else {
            unblock()
            return nil
        }
        return box.result
    }

    /// Opens the write end of a FIFO and closes it again: wakes a reader stuck in `open`.
    private static func wakeReader(of fifo: String) {
        let descriptor = open(fifo, O_WRONLY | O_NONBLOCK)
        if descriptor >= 0 { close(descriptor) }
    }

    private func expectRefusal(
        _ result: Result<[UInt8], Diagnostic>?, path: String, message: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        guard let result else {
            Issue.record("reading \(path) did not return within the deadline", sourceLocation: sourceLocation)
            return
        }
        guard case .failure(let diagnostic) = result else {
            Issue.record("reading \(path) succeeded; expected a refusal", sourceLocation: sourceLocation)
            return
        }
        #expect(diagnostic.code == "file-not-regular", sourceLocation: sourceLocation)
        #expect(diagnostic.severity == .error, sourceLocation: sourceLocation)
        #expect(diagnostic.message == message, sourceLocation: sourceLocation)
        #expect(diagnostic.location == SourceLocation(file: path, line: 1, column: 1), sourceLocation: sourceLocation)
    }

    @Test func aNamedPipeWithoutAWriterIsRefusedPromptly() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let fifo = scratch.path + "/answers.yaml"
        try #require(mkfifo(fifo, 0o600) == 0)
        let result = readWithin(5, fifo) { Self.wakeReader(of: fifo) }
        expectRefusal(result, path: fifo, message: "\(fifo) is a named pipe with no writer")
    }

    @Test func aNamedPipeWithAWriterIsReadToItsEnd() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let fifo = scratch.path + "/protocol.yaml"
        try #require(mkfifo(fifo, 0o600) == 0)
        // Hold a read end so the write end can be opened without waiting; the writer then
        // sends its bytes in two parts, the second after the read has started waiting, and
        // more than a pipe holds at once.
        let holder = open(fifo, O_RDONLY | O_NONBLOCK)
        try #require(holder >= 0)
        defer { close(holder) }
        let writer = open(fifo, O_WRONLY)
        try #require(writer >= 0)
        let first = Array("kind: protocol\n".utf8)
        let second = [UInt8](repeating: UInt8(ascii: "#"), count: 200_000)
        Thread {
            usleep(200_000)
            for part in [first, second] {
                var offset = 0
                while offset < part.count {
                    let written = part[offset...].withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }
                    guard written > 0 else { break }
                    offset += written
                }
                usleep(100_000)
            }
            close(writer)
        }.start()
        let result = try #require(readWithin(10, fifo), "reading the FIFO did not end after its writer closed")
        #expect(try result.get() == first + second)
    }

    @Test func anAnonymousPipeIsReadLikeProcessSubstitution() throws {
        var ends: [Int32] = [-1, -1]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let text = Array("kind: answers\nanswers: {}\n".utf8)
        #expect(text.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) } == text.count)
        close(ends[1])
        let result = try #require(readWithin(5, "/dev/fd/\(ends[0])"))
        #expect(try result.get() == text)
    }

    @Test func anEmptyAnonymousPipeIsEmptyInputNotAnError() throws {
        var ends: [Int32] = [-1, -1]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        close(ends[1])
        let result = try #require(readWithin(5, "/dev/fd/\(ends[0])"))
        #expect(try result.get() == [])
    }

    @Test func aSocketIsRefused() throws {
        // Socket paths are short (about 100 bytes): bind in /tmp.
        let path = "/tmp/sf-\(getpid())-\(UUID().uuidString.prefix(8)).sock"
        let socketDescriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(socketDescriptor >= 0)
        defer {
            close(socketDescriptor)
            unlink(path)
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(bound == 0)
        expectRefusal(readWithin(5, path), path: path, message: "\(path) is a socket, not a file")
    }

    @Test(arguments: ["/dev/null", "/dev/zero"])
    func aDeviceIsRefused(device: String) {
        expectRefusal(readWithin(5, device), path: device, message: "\(device) is a device, not a file")
    }

    @Test func aRegularFileAndADirectoryBehaveAsBefore() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = scratch.path + "/map.yaml"
        try Data("kind: social_map\n".utf8).write(to: URL(filePath: file))
        #expect(try SourceFile.read(file).get() == Array("kind: social_map\n".utf8))
        guard case .failure(let diagnostic) = SourceFile.read(scratch.path) else {
            Issue.record("a directory was read")
            return
        }
        #expect(diagnostic.code == "file-is-directory")
    }
}
