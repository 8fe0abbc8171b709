import Foundation
import Testing

/// Headless Chromium, as Debian installs it (`apt-get install chromium`; `.ci/run` does).
enum Chromium {
    /// `TRIAGE_SKIP_BROWSER=1` skips the browser tests; without it a missing browser fails them.
    static let skipRequested = ProcessInfo.processInfo.environment["TRIAGE_SKIP_BROWSER"] == "1"

    /// `chromium` or `chromium-browser` on `PATH`, if any.
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in ["chromium", "chromium-browser"] {
            for directory in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        return nil
    }()

    static let missing =
        "chromium is not installed: apt-get install chromium (.ci/run installs it), or set TRIAGE_SKIP_BROWSER=1 to skip the browser tests"

    /// Runs headless Chromium on `page` with `arguments` (`--screenshot=...`, `--print-to-pdf=...`),
    /// with a profile of its own in `directory` so that tests running in parallel never share one.
    static func run(_ arguments: [String], page: String, directory: String) throws -> TriageProcess.Result {
        let executable = try #require(executable, Comment(rawValue: missing))
        return try TriageProcess.spawn(
            executable,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--user-data-dir=\(directory)/chromium-profile",
            ] + arguments + ["file://" + page],
            timeout: 180)
    }

    /// Prints `page` to a PDF in `directory`, checks that it is one (over 10 kB) with every page
    /// on A4 — 595 x 842 points, the pages' @page rule; Chromium's default would be Letter,
    /// 612 x 792 — and gives the number of pages.
    static func printToA4(_ page: String, directory: String) throws -> Int {
        let pdf = directory + "/page.pdf"
        let run = try run(["--no-pdf-header-footer", "--print-to-pdf=\(pdf)"], page: page, directory: directory)
        let data = try #require(FileManager.default.contents(atPath: pdf), "no PDF; chromium said: \(run.stderr)")
        #expect(data.starts(with: Array("%PDF-".utf8)))
        #expect(data.count > 10_000, "\(data.count) bytes")
        let text = String(decoding: data, as: Unicode.ASCII.self)
        let sizes = text.components(separatedBy: "/MediaBox [").dropFirst().map { box in
            box.prefix { $0 != "]" }.split(separator: " ").compactMap { Double($0) }
        }
        for size in sizes { #expect(size.count == 4 && abs(size[2] - 595) < 2 && abs(size[3] - 842) < 2, "MediaBox \(size)") }
        return sizes.count
    }

    /// A screenshot of `page` in a window of `width` x `height`, decoded.
    static func screenshot(_ page: String, width: Int, height: Int, directory: String, name: String) throws -> PNGImage {
        let file = "\(directory)/\(name)-\(width)x\(height).png"
        let run = try run(["--screenshot=\(file)", "--window-size=\(width),\(height)"], page: page, directory: directory)
        #expect(FileManager.default.fileExists(atPath: file), "no screenshot; chromium said: \(run.stderr)")
        return try PNGImage(contentsOf: file)
    }
}

/// What a screenshot holds, in numbers a failure message can show.
private struct Ink: CustomStringConvertible {
    var pixels: Int
    /// Darker than mid-gray: text, borders.
    var dark: Int
    /// Anything but (near) white.
    var marked: Int
    /// Distinct lightness levels (anti-aliased text has many; a flat page one).
    var levels: Int

    init(_ image: PNGImage, rows: Range<Int>? = nil) {
        var levels = Set<Int>()
        var dark = 0
        var marked = 0
        var pixels = 0
        for y in rows ?? 0..<image.height {
            for x in 0..<image.width {
                let lightness = PNGImage.luminance(image.rgb(x, y))
                levels.insert(lightness)
                if lightness < 110 { dark += 1 }
                if lightness < 245 { marked += 1 }
                pixels += 1
            }
        }
        (self.pixels, self.dark, self.marked, self.levels) = (pixels, dark, marked, levels.count)
    }

    var description: String { "\(dark) dark and \(marked) marked of \(pixels) pixels, \(levels) levels" }
}

/// The consult of the README's tour, rendered by the CLI to an HTML file in `directory`.
private func renderPage(in directory: ScratchDirectory, answers: String = "welzijn-op-recept-schulden") throws -> String {
    let root = CLIFixture.repositoryRoot
    let page = directory.path + "/\(answers).html"
    let run = try triage([
        "run", root + "/Protocols/welzijn-op-recept.yaml", "--answers", root + "/Examples/answers/\(answers).yaml",
        "--map", root + "/Examples/sociale-kaart/weert.yaml", "--format", "html", "--lang", "nl", "--output", page,
    ])
    #expect(run.status == 0, "\(run.standardError)")
    return page
}

@Suite(
    "the HTML page in a real browser (headless Chromium)",
    .enabled(if: !Chromium.skipRequested, "TRIAGE_SKIP_BROWSER=1: browser tests skipped"))
struct HTMLPageBrowserTests {
    @Test(
        "a screenshot at A4 and at phone width shows the page (and an empty page shows nothing)",
        arguments: [(794, 1123), (390, 844)])
    func screenshot(_ width: Int, _ height: Int) throws {
        try #require(Chromium.executable != nil, Comment(rawValue: Chromium.missing))
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let page = try renderPage(in: directory)
        let empty = try directory.write("empty.html", "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>leeg</title></head><body></body></html>\n")

        // The detector first: an empty page at the same size is blank by these numbers.
        let blank = try Chromium.screenshot(empty, width: width, height: height, directory: directory.path, name: "empty")
        #expect((blank.width, blank.height) == (width, height))
        let nothing = Ink(blank)
        #expect(nothing.marked == 0 && nothing.levels == 1, "an empty page: \(nothing)")

        let image = try Chromium.screenshot(page, width: width, height: height, directory: directory.path, name: "page")
        #expect((image.width, image.height) == (width, height))
        let ink = Ink(image)
        #expect(ink.dark * 200 > ink.pixels, "at least 0.5% text: \(ink)")
        #expect(ink.marked * 50 > ink.pixels, "at least 2% marked: \(ink)")
        #expect(ink.dark * 2 < ink.pixels, "not a black page: \(ink)")
        #expect(ink.levels >= 32, "anti-aliased text: \(ink)")
        // Text from the top (the headline) to the bottom of the window: the page fills it.
        let quarter = height / 4
        let top = Ink(image, rows: 0..<quarter)
        let bottom = Ink(image, rows: height - quarter..<height)
        #expect(top.dark * 100 > top.pixels, "the headline: \(top)")
        #expect(bottom.dark > 0, "content further down: \(bottom)")
        // The decision box's border in the psychosocial color (#0b4f9c), left of the headline.
        let decisionBlue = image.count(rows: 0..<quarter) { abs($0.r - 11) + abs($0.g - 79) + abs($0.b - 156) < 12 }
        #expect(decisionBlue > 500, "\(decisionBlue) pixels of the decision border")
    }

    @Test("the spider web is drawn: hatched area, outline and axes, at A4 and at phone width", arguments: [(794, 2000), (390, 3000)])
    func spiderWeb(_ width: Int, _ height: Int) throws {
        try #require(Chromium.executable != nil, Comment(rawValue: Chromium.missing))
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let page = try renderPage(in: directory)
        let image = try Chromium.screenshot(page, width: width, height: height, directory: directory.path, name: "whole")
        // The hatching's light blue (#dce8f7) is used nowhere else on the page.
        let hatch = image.count { abs($0.r - 220) + abs($0.g - 232) + abs($0.b - 247) < 10 }
        #expect(hatch > (width < 500 ? 300 : 1000), "\(hatch) pixels of hatching")
        // The grid's gray (#767676) rings and axes.
        let grid = image.count { abs($0.r - 118) + abs($0.g - 118) + abs($0.b - 118) < 12 }
        #expect(grid > 300, "\(grid) pixels of the web's grid")
    }

    @Test("prints to a PDF on A4")
    func printToPDF() throws {
        try #require(Chromium.executable != nil, Comment(rawValue: Chromium.missing))
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let page = try renderPage(in: directory)
        #expect(try Chromium.printToA4(page, directory: directory.path) >= 1)
    }
}
