/// The six dimensions of Positieve Gezondheid as the *spinnenweb* the patient knows from the
/// iPH dialogue tool: an inline SVG radar chart, with a title and a description for screen
/// readers, that reads in black and white (hatching, dashes and words, never color alone).
///
/// Every number is drawn clamped to 0–10 and every coordinate is rounded and finite, whatever
/// the `Double`: a value outside the scale is drawn on its edge and says so, NaN is not drawn,
/// and a dimension without a value leaves a gap in the web and reads "niet gevraagd".
struct SpiderWebChart {
    /// One axis of the web.
    struct Axis: Equatable {
        /// The dimension.
        var dimension: Dimension
        /// Its value; `nil` when it was not asked.
        var value: Double?
        /// Whether it is among the outcome's lowest dimensions.
        var low: Bool

        /// Where the value is drawn, 0–10; `nil` when there is nothing to draw (not asked, NaN).
        var plotted: Double? {
            guard let value, !value.isNaN else { return nil }
            return Swift.min(10, Swift.max(0, value))
        }

        /// Whether there is a value and it is not on the 0–10 scale (NaN included).
        var isOutsideScale: Bool { value.map { !(0...10).contains($0) } ?? false }
    }

    /// The dimensions clockwise from the top, in the order of the iPH spider web.
    static let iPHOrder: [Dimension] = [
        .lichaamsfuncties, .mentaalWelbevinden, .zingeving, .kwaliteitVanLeven, .meedoen, .dagelijksFunctioneren,
    ]

    /// The colors, each with a contrast of at least 4.5:1 on white (the hatching's background
    /// excepted), and none carrying meaning alone.
    private enum Ink {
        static let text = "#1a1a1a"
        static let muted = "#4d4d4d"
        static let grid = "#767676"
        static let patient = "#0b4f9c"
        static let hatch = "#dce8f7"
        static let paper = "#ffffff"
    }

    /// The six axes of `outcome`, in iPH order.
    static func axes(of outcome: Outcome) -> [Axis] {
        let profile = outcome.dimensionProfile
        return iPHOrder.map { dimension in
            Axis(dimension: dimension, value: profile[dimension], low: outcome.lowestDimensions.contains(dimension))
        }
    }

    let axes: [Axis]
    let labels: Labels

    // The geometry, in viewBox units.
    // The labels get room for 21px text (the page's phone size) beside the web.
    private let width = 640.0
    private let height = 476.0
    private let centerX = 320.0
    private let centerY = 236.0
    private let radius = 150.0
    private let lineHeight = 22.0

    /// Unit vectors of the six axes, clockwise from the top (no trigonometry needed: every
    /// angle is a multiple of 60°).
    private static let directions: [(x: Double, y: Double)] = {
        let s = 3.0.squareRoot() / 2
        return [(0, -1), (s, -0.5), (s, 0.5), (0, 1), (-s, 0.5), (-s, -0.5)]
    }()

    /// The value as shown: one decimal at most, with what is special about it.
    func valueText(_ axis: Axis) -> String {
        guard let value = axis.value else { return labels.notAsked }
        return labels.score(value)
    }

    /// What is said after the value: out of scale, or low.
    func remark(_ axis: Axis) -> String? {
        axis.isOutsideScale ? labels.outsideScale : axis.low ? labels.low : nil
    }

    /// One sentence per axis, for the SVG's description.
    var summary: String {
        axes.map { axis in
            let name = axis.dimension.name(in: labels.language)
            return name + " " + valueText(axis) + (remark(axis).map { " (\($0))" } ?? "")
        }.joined(separator: ", ") + "."
    }

    /// The SVG element; `titleID` and `descriptionID` name its title and description.
    func svg(titleID: String, descriptionID: String) -> String {
        let t = labels
        var out: [String] = []
        out.append(
            #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(number(width)) \#(number(height))" role="img" "#
                + #"aria-labelledby="\#(titleID) \#(descriptionID)" class="web">"#)
        out.append(#"<title id="\#(titleID)">\#(HTMLText.escape(t("Spinnenweb Positieve Gezondheid", "Positive Health spider web")))</title>"#)
        out.append(#"<desc id="\#(descriptionID)">\#(HTMLText.escape(summary))</desc>"#)
        out.append(
            #"<defs><pattern id="web-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">"#
                + #"<rect width="8" height="8" fill="\#(Ink.hatch)"/><line x1="0" y1="0" x2="0" y2="8" stroke="\#(Ink.patient)" stroke-width="2"/>"#
                + "</pattern></defs>")
        // The web: rings at 2, 4, 6, 8 and 10, and the six axes (dashed where not asked).
        out.append(#"<g fill="none" stroke="\#(Ink.grid)">"#)
        for ring in stride(from: 2.0, through: 10.0, by: 2.0) {
            let points = Self.directions.map { point($0, ring).text }.joined(separator: " ")
            out.append(#"<polygon points="\#(points)" stroke-width="\#(ring == 10 ? "2" : "1")"/>"#)
        }
        for (axis, direction) in zip(axes, Self.directions) {
            let end = point(direction, 10)
            let dash = axis.plotted == nil ? #" stroke-dasharray="6 5" stroke-width="2""# : ""
            out.append(#"<line x1="\#(number(centerX))" y1="\#(number(centerY))" \#(end.split(x: "x2", y: "y2"))\#(dash)/>"#)
        }
        out.append("</g>")
        out.append(contentsOf: patientShape())
        // The ring values on top of the shape, with a halo of paper so they stay readable.
        out.append(
            #"<g font-size="13" fill="\#(Ink.muted)" stroke="\#(Ink.paper)" stroke-width="3" paint-order="stroke" aria-hidden="true">"#)
        for ring in stride(from: 2.0, through: 10.0, by: 2.0) {
            out.append(
                #"<text x="\#(number(centerX + 6))" y="\#(number(centerY - radius * ring / 10 + 15))">\#(number(ring))</text>"#)
        }
        out.append("</g>")
        out.append(#"<g class="labels" font-size="18" fill="\#(Ink.text)">"#)
        for (axis, direction) in zip(axes, Self.directions) { out.append(label(axis, direction)) }
        out.append("</g>")
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

    /// The patient's area (hatched), its outline and a marker per value. The area is the union
    /// of the wedges between neighbouring axes that both have a value, so a dimension that was
    /// not asked leaves a visible gap instead of pulling the shape to 0.
    private func patientShape() -> [String] {
        let points = zip(axes, Self.directions).map { axis, direction in axis.plotted.map { point(direction, $0) } }
        var area: [String] = []
        var outline: [String] = []
        if points.allSatisfy({ $0 != nil }) {
            let all = points.compactMap { $0 }.map(\.text)
            let closed = "M " + all.joined(separator: " L ") + " Z"
            area.append(closed)
            outline.append(closed)
        } else {
            for index in points.indices {
                guard let from = points[index], let to = points[(index + 1) % points.count] else { continue }
                area.append("M \(number(centerX)),\(number(centerY)) L \(from.text) L \(to.text) Z")
                outline.append("M \(from.text) L \(to.text)")
            }
        }
        var out: [String] = []
        if !area.isEmpty {
            out.append(#"<path d="\#(area.joined(separator: " "))" fill="url(#web-hatch)" fill-opacity="0.9"/>"#)
            out.append(
                #"<path d="\#(outline.joined(separator: " "))" fill="none" stroke="\#(Ink.patient)" stroke-width="3" stroke-linejoin="round"/>"#)
        }
        for (axis, point) in zip(axes, points) {
            guard let point else { continue }
            if axis.isOutsideScale {
                // Off the scale: a hollow square on the edge, and the label says so.
                out.append(
                    #"<rect x="\#(number(point.x - 7))" y="\#(number(point.y - 7))" width="14" height="14" "#
                        + #"fill="\#(Ink.paper)" stroke="\#(Ink.text)" stroke-width="3"/>"#)
            } else {
                out.append(
                    #"<circle \#(point.split(x: "cx", y: "cy")) r="6" fill="\#(Ink.patient)" stroke="\#(Ink.paper)" stroke-width="2"/>"#)
            }
        }
        return out
    }

    /// The axis label outside the web: the name (two lines when it has more than one word),
    /// then the value in bold with a remark in italics, or "niet gevraagd" in italics.
    private func label(_ axis: Axis, _ direction: (x: Double, y: Double)) -> String {
        let name = axis.dimension.name(in: labels.language)
        var lines: [String] = []
        if let space = name.firstIndex(of: " ") {
            lines.append(HTMLText.escape(String(name[..<space])))
            lines.append(HTMLText.escape(String(name[name.index(after: space)...])))
        } else {
            lines.append(HTMLText.escape(name))
        }
        let value = HTMLText.escape(valueText(axis))
        var valueLine =
            axis.value == nil ? #"<tspan font-style="italic">\#(value)</tspan>"# : #"<tspan font-weight="700">\#(value)</tspan>"#
        if let remark = remark(axis) { valueLine += #" <tspan font-style="italic" font-size="0.85em">(\#(HTMLText.escape(remark)))</tspan>"# }
        lines.append(valueLine)

        let anchorPoint = point(direction, 10 + 16 / radius * 10)
        let anchor = direction.x > 0.1 ? "start" : direction.x < -0.1 ? "end" : "middle"
        let span = lineHeight * Double(lines.count - 1)
        let firstBaseline: Double =
            if direction.y < -0.9 { anchorPoint.y - 6 - span }  // top: the block ends above the axis
            else if direction.y > 0.9 { anchorPoint.y + 16 }  // bottom: it starts below
            else { anchorPoint.y - span / 2 + 6 }  // sides: centred on the axis
        var text = #"<text x="\#(number(anchorPoint.x))" y="\#(number(firstBaseline))" text-anchor="\#(anchor)">"#
        for (index, line) in lines.enumerated() {
            text += #"<tspan x="\#(number(anchorPoint.x))" dy="\#(index == 0 ? "0" : number(lineHeight))">\#(line)</tspan>"#
        }
        return text + "</text>"
    }

    /// A point on an axis at `value` (0–10).
    private func point(_ direction: (x: Double, y: Double), _ value: Double) -> Point {
        Point(x: centerX + direction.x * radius * value / 10, y: centerY + direction.y * radius * value / 10)
    }

    /// A point of the drawing, written with one decimal.
    private struct Point {
        var x: Double
        var y: Double
        var text: String { "\(SpiderWebChart.number(x)),\(SpiderWebChart.number(y))" }
        func split(x xName: String, y yName: String) -> String {
            #"\#(xName)="\#(SpiderWebChart.number(x))" \#(yName)="\#(SpiderWebChart.number(y))""#
        }
    }

    private func number(_ value: Double) -> String { Self.number(value) }

    /// A coordinate with one decimal at most; total (a non-finite value, which the clamping
    /// above never lets through, becomes 0 rather than an invalid attribute).
    static func number(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e9 else { return "0" }
        let rounded = (value * 10).rounded() / 10
        return Expression.format(rounded == 0 ? 0 : rounded)
    }
}
