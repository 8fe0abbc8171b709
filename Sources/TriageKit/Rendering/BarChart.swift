/// A column chart in inline SVG for the monitoring page: one strip (panel) per group, one bar
/// per period or bin, each bar with its count written above it.
///
/// A hidden count (`<5`, `x`, `≥N`) gets no bar — a bar's height would give the count away —
/// but its mark written on the baseline; each strip's scale comes from its shown counts only.
/// Meaning is in words and numbers, never in color alone, so it prints in black and white.
struct BarChart {
    /// One strip: its label and its bars, left to right.
    struct Panel {
        var label: String
        var bars: [(label: String, cell: ReferralReport.Cell)]
    }

    let panels: [Panel]
    let language: String

    private let width = 720.0
    private let left = 8.0
    private let titleHeight = 26.0
    private let plotHeight = 96.0
    private let valueHeight = 18.0
    private let labelHeight = 34.0
    private var panelHeight: Double { titleHeight + valueHeight + plotHeight + labelHeight + 8 }

    private enum Ink {
        static let text = "#1a1a1a"
        static let bar = "#0b4f9c"
        static let axis = "#767676"
    }

    /// One sentence per strip, for the SVG's description.
    var summary: String {
        panels.map { panel in
            panel.label + ": " + panel.bars.map { "\($0.label) \($0.cell)" }.joined(separator: ", ")
        }.joined(separator: "; ") + "."
    }

    /// The SVG element, its title and description named after `id`.
    func svg(id: String, title: String) -> String {
        let height = panelHeight * Double(panels.count)
        var out = [
            #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(n(width)) \#(n(height))" role="img" aria-labelledby="\#(id)-title \#(id)-desc" class="chart">"#,
            #"<title id="\#(id)-title">\#(HTMLText.field(title))</title>"#,
            #"<desc id="\#(id)-desc">\#(HTMLText.field(summary))</desc>"#,
        ]
        for (index, panel) in panels.enumerated() {
            out.append(contentsOf: strip(panel, top: panelHeight * Double(index)))
        }
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

    private func strip(_ panel: Panel, top: Double) -> [String] {
        let baseline = top + titleHeight + valueHeight + plotHeight
        let largest = panel.bars.compactMap(\.cell.shownCount).max() ?? 0
        let slot = (width - 2 * left) / Double(max(1, panel.bars.count))
        let barWidth = min(56, slot * 0.7)
        var out = [
            #"<text x="\#(n(left))" y="\#(n(top + 18))" font-size="16" font-weight="700" fill="\#(Ink.text)">\#(HTMLText.field(panel.label))</text>"#,
            #"<line x1="\#(n(left))" y1="\#(n(baseline))" x2="\#(n(width - left))" y2="\#(n(baseline))" stroke="\#(Ink.axis)" stroke-width="1.5"/>"#,
        ]
        for (index, bar) in panel.bars.enumerated() {
            let center = left + slot * (Double(index) + 0.5)
            if let count = bar.cell.shownCount {
                let height = largest == 0 ? 0 : plotHeight * Double(count) / Double(largest)
                if height > 0 {
                    out.append(
                        #"<rect x="\#(n(center - barWidth / 2))" y="\#(n(baseline - height))" width="\#(n(barWidth))" height="\#(n(height))" fill="\#(Ink.bar)"/>"#)
                }
                out.append(
                    #"<text x="\#(n(center))" y="\#(n(baseline - height - 5))" text-anchor="middle" font-size="14" fill="\#(Ink.text)">\#(count)</text>"#)
            } else {
                // No bar: only the mark, on the baseline.
                out.append(
                    #"<text x="\#(n(center))" y="\#(n(baseline - 6))" text-anchor="middle" font-size="14" font-style="italic" fill="\#(Ink.text)" class="hidden-count">\#(HTMLText.escape(bar.cell.description))</text>"#)
            }
            let lines = Self.lines(bar.label)
            var label = #"<text x="\#(n(center))" y="\#(n(baseline + 15))" text-anchor="middle" font-size="12" fill="\#(Ink.text)">"#
            for (number, line) in lines.enumerated() {
                label += #"<tspan x="\#(n(center))" dy="\#(number == 0 ? "0" : "14")">\#(HTMLText.field(line))</tspan>"#
            }
            out.append(label + "</text>")
        }
        return out
    }

    /// A label on one line, or on two split at the space nearest the middle when it is long.
    static func lines(_ label: String) -> [String] {
        guard label.count > 12 else { return [label] }
        let spaces = label.indices.filter { label[$0] == " " }
        let middle = label.index(label.startIndex, offsetBy: label.count / 2)
        guard let split = spaces.min(by: { label.distance(from: $0, to: middle).magnitude < label.distance(from: $1, to: middle).magnitude })
        else { return [label] }
        return [String(label[..<split]), String(label[label.index(after: split)...])]
    }

    private func n(_ value: Double) -> String { SpiderWebChart.number(value) }
}
