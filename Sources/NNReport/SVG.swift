import Foundation

// MARK: - A minimal SVG document builder (plain text, no dependencies)

/// Accumulates SVG elements and renders a standalone document. Coordinates are user units
/// (pixels); numbers are written with one decimal so the output is stable and diffable.
struct SVG {
    let width: Double
    let height: Double
    private var elements: [String] = []

    init(width: Double, height: Double) {
        self.width = width; self.height = height
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                       stroke: String? = nil, title: String? = nil, cls: String? = nil) {
        var e = "<rect" + classAttribute(cls) + " x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(width, 0)))\" height=\"\(n(max(height, 0)))\" fill=\"\(fill)\""
        if let s = stroke { e += " stroke=\"\(s)\"" }
        elements.append(e + closing(title, "rect"))
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#333",
                       width: Double = 1, dash: String? = nil, cls: String? = nil) {
        var e = "<line" + classAttribute(cls) + " x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
        if let d = dash { e += " stroke-dasharray=\"\(d)\"" }
        elements.append(e + "/>")
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, dash: String? = nil) {
        let p = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        var e = "<polyline points=\"\(p)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
        if let d = dash, !d.isEmpty { e += " stroke-dasharray=\"\(d)\"" }
        elements.append(e + "/>")
    }

    /// A closed, filled shape (markers such as the ▲/▼ of a step change).
    mutating func polygon(_ points: [(Double, Double)], fill: String, stroke: String = "none", strokeWidth: Double = 1,
                          title: String? = nil, cls: String? = nil) {
        let p = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        elements.append("<polygon" + classAttribute(cls) + " points=\"\(p)\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(n(strokeWidth))\""
                        + closing(title, "polygon"))
    }

    /// An error bar from (x, y1) to (x, y2) (or horizontal with `horizontal`) with caps at both
    /// ends, `cap` long; `class="whisker"`.
    mutating func whisker(_ a: (Double, Double), _ b: (Double, Double), cap: Double = 8, stroke: String = "#222",
                          width: Double = 1.2, capA: Bool = true, capB: Bool = true) {
        line(a.0, a.1, b.0, b.1, stroke: stroke, width: width, cls: "whisker")
        let vertical = a.0 == b.0
        for (p, draw) in [(a, capA), (b, capB)] where draw {
            if vertical { line(p.0 - cap / 2, p.1, p.0 + cap / 2, p.1, stroke: stroke, width: width, cls: "whisker") }
            else { line(p.0, p.1 - cap / 2, p.0, p.1 + cap / 2, stroke: stroke, width: width, cls: "whisker") }
        }
    }

    /// Opens a `<g class="…">` group (a panel); close it with `close()`.
    mutating func open(_ cls: String) { elements.append("<g class=\"\(cls)\">") }

    mutating func close() { elements.append("</g>") }

    /// A circle; with `stroke`, a ring of that colour and `strokeWidth` (use fill "none").
    mutating func circle(cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil,
                         strokeWidth: Double = 1, title: String? = nil, cls: String? = nil) {
        var e = "<circle" + classAttribute(cls) + " cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(r))\" fill=\"\(fill)\""
        if let s = stroke { e += " stroke=\"\(s)\" stroke-width=\"\(n(strokeWidth))\"" }
        elements.append(e + closing(title, "circle"))
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ s: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start,
                       bold: Bool = false, fill: String = "#222", rotate: Double? = nil, cls: String? = nil) {
        var e = "<text" + classAttribute(cls) + " x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(fill)\""
        if bold { e += " font-weight=\"bold\"" }
        if let r = rotate { e += " transform=\"rotate(\(n(r)) \(n(x)) \(n(y)))\"" }
        elements.append(e + ">\(SVG.escape(s))</text>")
    }

    /// The whole document, with a white background and a sans-serif default font.
    func render() -> String {
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" "
        out += "viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
        for e in elements { out += e + "\n" }
        return out + "</svg>\n"
    }

    /// Escapes the five XML special characters.
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Ends an element: self-closing, or with a `<title>` (a hover tooltip in browsers).
    private func closing(_ title: String?, _ tag: String) -> String {
        guard let t = title else { return "/>" }
        return "><title>\(SVG.escape(t))</title></\(tag)>"
    }

    private func classAttribute(_ cls: String?) -> String { cls.map { " class=\"\($0)\"" } ?? "" }

    /// A conservative estimate of a text's width in pixels at `size` (Helvetica/Arial widths
    /// rounded up; bold glyphs about 8% wider), used to lay out labels so they never overlap.
    static func textWidth(_ s: String, size: Double, bold: Bool = false) -> Double {
        s.reduce(0) { w, c in
            let f: Double = "il.,:;|!'ıj ".contains(c) ? 0.32 : ("MWmw@%—".contains(c) ? 0.92 : (c.isUppercase ? 0.7 : 0.6))
            return w + f * size
        } * (bold ? 1.08 : 1)
    }

    private func n(_ x: Double) -> String { String(format: "%.1f", x.isFinite ? x : 0) }
}
