/// The Positieve Gezondheid profile of a group at referral as inline SVG: per dimension a bar
/// from the first to the third quartile with a stroke at the median, on the 0–10 scale.
///
/// A dimension without quartiles (fewer than five scores, a hidden group, none) gets no bar,
/// only its mark (`<5`, `x`, `-`) in words; the numbers are written beside every bar, so the
/// chart reads in black and white and the table under it says the same.
struct ProfileChart {
    let quartiles: [(Dimension, Quartiles)]
    let language: String

    private let width = 720.0
    private let labelWidth = 210.0
    private let scaleWidth = 380.0
    private let rowHeight = 36.0
    private let top = 28.0

    private enum Ink {
        static let text = "#1a1a1a"
        static let box = "#dce8f7"
        static let edge = "#0b4f9c"
        static let grid = "#767676"
    }

    /// One sentence per dimension, for the SVG's description.
    var summary: String {
        quartiles.map { dimension, value in
            let said: String
            switch value {
            case .values(let lower, let median, let upper):
                said = (language == "en" ? "median " : "mediaan ") + Quartiles.text(median) + ", Q1 " + Quartiles.text(lower) + ", Q3 " + Quartiles.text(upper)
            default: said = value.description
            }
            return dimension.name(in: language) + " " + said
        }.joined(separator: "; ") + "."
    }

    private func x(_ value: Double) -> Double { labelWidth + scaleWidth * Swift.min(10, Swift.max(0, value)) / 10 }

    /// The SVG element, its title and description named after `id`.
    func svg(id: String, title: String) -> String {
        let height = top + rowHeight * Double(quartiles.count) + 8
        var out = [
            #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(n(width)) \#(n(height))" role="img" aria-labelledby="\#(id)-title \#(id)-desc" class="chart">"#,
            #"<title id="\#(id)-title">\#(HTMLText.field(title))</title>"#,
            #"<desc id="\#(id)-desc">\#(HTMLText.field(summary))</desc>"#,
            #"<g stroke="\#(Ink.grid)" stroke-width="1">"#,
        ]
        for tick in stride(from: 0.0, through: 10.0, by: 2.0) {
            out.append(#"<line x1="\#(n(x(tick)))" y1="\#(n(top - 4))" x2="\#(n(x(tick)))" y2="\#(n(height - 8))" stroke-dasharray="\#(tick == 0 || tick == 10 ? "none" : "3 4")"/>"#)
        }
        out.append("</g>")
        out.append(#"<g font-size="12" fill="\#(Ink.text)" text-anchor="middle" aria-hidden="true">"#)
        for tick in stride(from: 0.0, through: 10.0, by: 2.0) { out.append(#"<text x="\#(n(x(tick)))" y="\#(n(top - 10))">\#(n(tick))</text>"#) }
        out.append("</g>")
        for (index, (dimension, value)) in quartiles.enumerated() {
            let middle = top + rowHeight * (Double(index) + 0.5)
            out.append(
                #"<text x="\#(n(labelWidth - 10))" y="\#(n(middle + 5))" text-anchor="end" font-size="14" fill="\#(Ink.text)">\#(HTMLText.escape(dimension.name(in: language)))</text>"#)
            switch value {
            case .values(let lower, let median, let upper):
                out.append(
                    #"<rect x="\#(n(x(lower)))" y="\#(n(middle - 11))" width="\#(n(Swift.max(2, x(upper) - x(lower))))" height="22" fill="\#(Ink.box)" stroke="\#(Ink.edge)" stroke-width="2"/>"#)
                out.append(
                    #"<line x1="\#(n(x(median)))" y1="\#(n(middle - 15))" x2="\#(n(x(median)))" y2="\#(n(middle + 15))" stroke="\#(Ink.text)" stroke-width="4"/>"#)
                out.append(
                    #"<text x="\#(n(labelWidth + scaleWidth + 12))" y="\#(n(middle + 5))" font-size="13" fill="\#(Ink.text)">\#(Quartiles.text(lower)) / <tspan font-weight="700">\#(Quartiles.text(median))</tspan> / \#(Quartiles.text(upper))</text>"#)
            default:
                out.append(
                    #"<text x="\#(n(x(0) + 8))" y="\#(n(middle + 5))" font-size="14" font-style="italic" fill="\#(Ink.text)" class="hidden-count">\#(HTMLText.escape(value.description))</text>"#)
            }
        }
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

    private func n(_ value: Double) -> String { SpiderWebChart.number(value) }
}
