import Foundation
import Testing

/// What headless Chromium did with a page: its console messages and the network requests the
/// page itself made (the browser's own background requests are left out by their isolation key).
private struct BrowserLoad {
    var console: [String]
    var requests: [String]
    var dom: String

    /// Loads `page` once with console logging and a network log.
    init(_ page: String, directory: String, name: String) throws {
        let netLog = "\(directory)/\(name)-netlog.json"
        let run = try Chromium.run(
            [
                "--enable-logging=stderr", "--v=0", "--log-net-log=\(netLog)", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-pings", "--dump-dom",
            ], page: page, directory: directory)
        console = run.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        dom = run.stdout
        let data = try #require(FileManager.default.contents(atPath: netLog), "no network log; chromium said: \(run.stderr)")
        let log = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let events = log["events"] as? [[String: Any]] ?? []
        requests = events.compactMap { event in
            guard let parameters = event["params"] as? [String: Any], let url = parameters["url"] as? String,
                let key = parameters["network_isolation_key"] as? String, key.contains("file://"), !url.hasPrefix("file:")
            else { return nil }
            return url
        }
    }
}

@Suite(
    "the monitoring report's HTML page in a real browser (headless Chromium)",
    .enabled(if: !Chromium.skipRequested, "TRIAGE_SKIP_BROWSER=1: browser tests skipped"))
struct ReportHTMLBrowserTests {
    private static let widow = CLIFixture.repositoryRoot + "/Examples/answers/welzijn-op-recept-weduwe.yaml"
    private static let lonely = CLIFixture.repositoryRoot + "/Examples/answers/welzijn-op-recept-eenzaam.yaml"

    /// The page of a register with shown and hidden counts and a profile, written to `directory`.
    private func renderPage(in directory: ScratchDirectory) throws -> String {
        let register = try ReportFixture.register(
            in: directory, [(Self.widow, "2026-11", 7), (Self.lonely, "2026-12", 6), (Self.widow, "2026-12", 2)])
        let run = try triage(
            ["report", "--format", "html"], environment: CLIFixture.environment(lang: "nl_NL.UTF-8", extra: ["TRIAGE_REGISTER": register]))
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("&lt;5"), "a hidden count on the page")
        return try directory.write("report.html", run.standardOutput)
    }

    @Test("renders with no console message and no request of its own; the detector sees both on a page that has them")
    func loadsNothing() throws {
        try #require(Chromium.executable != nil, Comment(rawValue: Chromium.missing))
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        // The detector first: a page that logs an error and fetches an image from elsewhere.
        let control = try directory.write(
            "control.html",
            #"<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>c</title></head><body><img src="http://127.0.0.1:9/x.png" alt=""><script>console.error("boom")</script></body></html>"#)
        let seen = try BrowserLoad(control, directory: directory.path, name: "control")
        #expect(seen.console.contains { $0.contains("boom") }, "\(seen.console)")
        #expect(seen.requests.contains("http://127.0.0.1:9/x.png"), "\(seen.requests)")

        let page = try renderPage(in: directory)
        let load = try BrowserLoad(page, directory: directory.path, name: "report")
        #expect(load.console.isEmpty, "console: \(load.console)")
        #expect(load.requests.isEmpty, "requests: \(load.requests)")
        // The page was parsed whole: its charts and tables are in the DOM.
        #expect(load.dom.components(separatedBy: "<svg").count - 1 >= 4, "\(load.dom.prefix(400))")
        #expect(load.dom.contains("</footer>"))
    }

    @Test("a screenshot shows text, the bars and the profile's quartile boxes", arguments: [(794, 3000), (390, 4000)])
    func screenshot(_ width: Int, _ height: Int) throws {
        try #require(Chromium.executable != nil, Comment(rawValue: Chromium.missing))
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let page = try renderPage(in: directory)
        let image = try Chromium.screenshot(page, width: width, height: height, directory: directory.path, name: "report")
        #expect((image.width, image.height) == (width, height))
        let dark = image.count { PNGImage.luminance($0) < 110 }
        #expect(dark * 200 > width * height, "\(dark) dark pixels: text")
        // The bars' blue (#0b4f9c) and the quartile boxes' light blue (#dce8f7).
        let bars = image.count { abs($0.r - 11) + abs($0.g - 79) + abs($0.b - 156) < 12 }
        #expect(bars > (width < 500 ? 300 : 1500), "\(bars) pixels of bars")
        let boxes = image.count { abs($0.r - 220) + abs($0.g - 232) + abs($0.b - 247) < 10 }
        #expect(boxes > 200, "\(boxes) pixels of quartile boxes")
    }

    @Test("prints to a PDF on A4")
    func printToPDF() throws {
        try #require(Chromium.executable != nil, Comment(rawValue: Chromium.missing))
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let page = try renderPage(in: directory)
        #expect(try Chromium.printToA4(page, directory: directory.path) >= 2, "the charts and tables take more than one page")
    }
}
