import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

// MARK: - Reading a chart back as geometry, to test its layout

/// The elements of an SVG document with the geometry the chart tests check: text boxes
/// (extents estimated conservatively, wider than Helvetica or DejaVu Sans draw them), line
/// segments, circles, and the panel (`<g class="panel …">`) each element sits in.
final class SVGGeometry: NSObject, XMLParserDelegate {
    struct Box: CustomStringConvertible {
        var text: String, x0: Double, y0: Double, x1: Double, y1: Double, cls: String, panel: Int
        func overlaps(_ o: Box, by tolerance: Double = 0.5) -> Bool {
            x0 < o.x1 - tolerance && o.x0 < x1 - tolerance && y0 < o.y1 - tolerance && o.y0 < y1 - tolerance
        }
        var description: String { "\"\(text)\" [\(Int(x0))…\(Int(x1)) × \(Int(y0))…\(Int(y1))]" }
    }
    struct Segment { var x1, y1, x2, y2: Double; var cls: String; var panel: Int }
    struct Circle { var cx, cy: Double; var cls: String; var panel: Int }

    private(set) var texts: [Box] = []
    private(set) var lines: [Segment] = []
    private(set) var circles: [Circle] = []
    private(set) var panels = 0
    private(set) var width = 0.0, height = 0.0
    private var panelStack: [Int] = []
    private var pending: [String: String]?
    private var content = ""

    init(_ svg: String) {
        super.init()
        let p = XMLParser(data: Data(svg.utf8))
        p.delegate = self
        precondition(p.parse(), "the chart is not well-formed XML")
    }

    /// Conservative width of `s` at `size`: every glyph a little wider than in common sans fonts.
    static func width(_ s: String, size: Double) -> Double {
        s.reduce(0) { w, c in
            w + size * ("il.,:;|!' ".contains(c) ? 0.36 : ("MWmw@%—".contains(c) ? 0.95 : (c.isUppercase ? 0.74 : 0.62)))
        }
    }

    private var panel: Int { panelStack.last ?? -1 }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes a: [String: String] = [:]) {
        func d(_ k: String) -> Double { Double(a[k] ?? "") ?? 0 }
        switch name {
        case "svg": width = d("width"); height = d("height")
        case "g":
            if (a["class"] ?? "").hasPrefix("panel") { panels += 1; panelStack.append(panels - 1) }
            else { panelStack.append(panel) }
        case "text": pending = a; content = ""
        case "line":
            // A dashed line without a class is a reference line (the 1× line of older charts).
            let cls = a["class"] ?? (a["stroke-dasharray"] != nil ? "one" : "")
            lines.append(Segment(x1: d("x1"), y1: d("y1"), x2: d("x2"), y2: d("y2"), cls: cls, panel: panel))
        case "circle": circles.append(Circle(cx: d("cx"), cy: d("cy"), cls: a["class"] ?? "", panel: panel))
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if pending != nil { content += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "g" { _ = panelStack.popLast() }
        guard name == "text", let a = pending else { return }
        pending = nil
        let x = Double(a["x"] ?? "") ?? 0, y = Double(a["y"] ?? "") ?? 0, size = Double(a["font-size"] ?? "") ?? 12
        let w = Self.width(content, size: size)
        let start: Double
        switch a["text-anchor"] ?? "start" {
        case "middle": start = -w / 2
        case "end": start = -w
        default: start = 0
        }
        if (a["transform"] ?? "").contains("rotate(-90") {
            texts.append(Box(text: content, x0: x - 0.8 * size, y0: y - start - w, x1: x + 0.25 * size, y1: y - start,
                             cls: a["class"] ?? "", panel: panel))
        } else {
            texts.append(Box(text: content, x0: x + start, y0: y - 0.8 * size, x1: x + start + w, y1: y + 0.25 * size,
                             cls: a["class"] ?? "", panel: panel))
        }
    }

    // MARK: - The checks

    /// Pairs of text boxes that overlap.
    func overlappingTexts() -> [(Box, Box)] {
        var out: [(Box, Box)] = []
        for i in texts.indices { for j in texts.indices where j > i && texts[i].overlaps(texts[j]) { out.append((texts[i], texts[j])) } }
        return out
    }

    /// Text boxes that stick out of the canvas.
    func textsOutsideTheCanvas() -> [Box] {
        texts.filter { $0.x0 < 0 || $0.y0 < 0 || $0.x1 > width || $0.y1 > height }
    }

    /// Text boxes crossed by an axis-aligned line of one of `classes` (the 1× line, whiskers).
    func textsCrossedByLines(_ classes: Set<String>) -> [(Box, String)] {
        var out: [(Box, String)] = []
        for s in lines where classes.contains(s.cls) {
            let (lx0, lx1) = (min(s.x1, s.x2), max(s.x1, s.x2)), (ly0, ly1) = (min(s.y1, s.y2), max(s.y1, s.y2))
            for t in texts where lx0 <= t.x1 && lx1 >= t.x0 && ly0 <= t.y1 && ly1 >= t.y0 { out.append((t, s.cls)) }
        }
        return out
    }

    /// Per panel, the span of its grid lines: horizontal grid → (y range, true), vertical → (x range, false).
    func gridSpan(panel p: Int) -> (lo: Double, hi: Double, horizontal: Bool)? {
        let grid = lines.filter { $0.panel == p && ($0.cls == "grid" || $0.cls == "one") }
        guard let first = grid.first else { return nil }
        let horizontal = first.y1 == first.y2
        let v = grid.map { horizontal ? $0.y1 : $0.x1 }
        return (v.min() ?? 0, v.max() ?? 0, horizontal)
    }
}
