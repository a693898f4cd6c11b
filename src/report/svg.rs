//! SVG is the vector format the HTML report draws its charts in; this module holds the few
//! primitives the report builds its figures from: an escaping writer, a linear scale with ticks,
//! a sequential colour scale, a legend, and two whole figures (a horizontal bar chart with 95 %
//! interval whiskers, and a heat map).
//!
//! The figures know nothing about skills or languages: the report hands them finished strings
//! (labels, notes, tooltips) and colours, so everything here can be tested with plain numbers.
//! Coordinates are written with at most two decimals, so the same data gives the same bytes.
//!
//! Browsers cannot measure text before it is drawn and the page has no script, so label widths
//! are estimated from the number of characters ([`text_width`]); the estimate is deliberately
//! generous (wide fonts such as DejaVu Sans fit) and long labels are cut with "…" and keep their
//! full text in a `<title>` tooltip.

use std::fmt::Write;

/// Escapes text for HTML or SVG element content and for attribute values in double or single
/// quotes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with at most two decimals and no trailing zeros (`200`, `12.35`).
pub fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    // `-0` would print as "-0".
    let r = if r == 0.0 { 0.0 } else { r };
    let s = format!("{r:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Estimated width in px of `s` drawn at `font_size` px. Ordinary Swedish and English text
/// averages under 0.55 em per character even in a wide font such as DejaVu Sans.
pub fn text_width(s: &str, font_size: f64) -> f64 {
    s.chars().count() as f64 * font_size * CHAR_EM
}

/// Average character width in em assumed by [`text_width`].
const CHAR_EM: f64 = 0.55;

/// Shortens `s` to at most `max` characters, ending it with "…" when cut. Returns the text to
/// draw and whether it was cut (then the caller adds the full text as a tooltip).
pub fn truncate(s: &str, max: usize) -> (String, bool) {
    if s.chars().count() <= max || max == 0 {
        return (s.to_string(), false);
    }
    let mut t: String = s.chars().take(max - 1).collect();
    t.truncate(t.trim_end().len());
    t.push('…');
    (t, true)
}

/// An SVG document being written.
pub struct Svg {
    out: String,
}

/// One element being written: add attributes, then finish it with [`El::end`] (empty element),
/// [`El::text`] (element with text) or [`El::open`] (children follow; close with [`Svg::close`]).
#[must_use = "an element must be finished with end(), text() or open()"]
pub struct El<'a> {
    out: &'a mut String,
    tag: &'static str,
}

impl Svg {
    /// Starts an `<svg>` of the given size in px, with `title` as its accessible name. The SVG is
    /// meant to be inlined in HTML, where it needs no `xmlns` (and the page then holds no URL).
    pub fn new(width: f64, height: f64, title: &str) -> Svg {
        let mut out = String::new();
        // Writing to a String cannot fail, here and below.
        let _ = write!(
            out,
            "<svg width=\"{w}\" height=\"{h}\" \
             viewBox=\"0 0 {w} {h}\" font-size=\"{FONT}\" fill=\"#1f2328\" role=\"img\" \
             aria-label=\"{t}\">\n<title>{t}</title>\n",
            w = num(width),
            h = num(height),
            t = esc(title)
        );
        Svg { out }
    }

    /// Starts an element.
    pub fn el(&mut self, tag: &'static str) -> El<'_> {
        self.out.push('<');
        self.out.push_str(tag);
        El {
            out: &mut self.out,
            tag,
        }
    }

    /// Closes an element started with [`El::open`].
    pub fn close(&mut self, tag: &str) {
        let _ = writeln!(self.out, "</{tag}>");
    }

    /// A `<title>` child: the tooltip of the enclosing element.
    pub fn title(&mut self, text: &str) {
        let _ = write!(self.out, "<title>{}</title>", esc(text));
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}

impl El<'_> {
    /// A numeric attribute.
    pub fn n(self, name: &str, v: f64) -> Self {
        let _ = write!(self.out, " {name}=\"{}\"", num(v));
        self
    }

    /// A text attribute (escaped).
    pub fn s(self, name: &str, v: &str) -> Self {
        let _ = write!(self.out, " {name}=\"{}\"", esc(v));
        self
    }

    /// Ends an element without content: `<rect …/>`.
    pub fn end(self) {
        self.out.push_str("/>\n");
    }

    /// Ends an element with escaped text as its content: `<text …>a &amp; b</text>`.
    pub fn text(self, text: &str) {
        let _ = writeln!(self.out, ">{}</{}>", esc(text), self.tag);
    }

    /// Ends an element with a tooltip as its only content.
    pub fn with_title(self, title: &str) {
        let _ = writeln!(self.out, "><title>{}</title></{}>", esc(title), self.tag);
    }

    /// Ends the start tag; children follow and [`Svg::close`] ends the element.
    pub fn open(self) {
        self.out.push('>');
    }
}

/// Writes `text` at (x, y), vertically centred on y, cut to `max_chars` with the full text as a
/// tooltip when cut.
fn label(svg: &mut Svg, x: f64, y: f64, anchor: &str, text: &str, max_chars: usize) {
    let (shown, cut) = truncate(text, max_chars);
    let el = svg
        .el("text")
        .n("x", x)
        .n("y", y)
        .s("dy", "0.35em")
        .s("text-anchor", anchor);
    if cut {
        el.open();
        svg.title(text);
        let _ = write!(svg.out, "{}", esc(&shown));
        svg.close("text");
    } else {
        el.text(&shown);
    }
}

/// One legend entry: a colour swatch and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendItem {
    pub fill: String,
    pub label: String,
}

/// Draws swatches side by side from (x, y) (y is the centre line). Returns the x after the last
/// entry.
pub fn legend(svg: &mut Svg, x: f64, y: f64, items: &[LegendItem]) -> f64 {
    let mut x = x;
    let _ = writeln!(svg.out, "<g class=\"legend\">");
    for item in items {
        svg.el("rect")
            .n("x", x)
            .n("y", y - 6.0)
            .n("width", 12.0)
            .n("height", 12.0)
            .n("rx", 2.0)
            .s("fill", &item.fill)
            .s("stroke", "#8c959f")
            .n("stroke-width", 0.5)
            .end();
        label(svg, x + 17.0, y, "start", &item.label, 60);
        // Legend labels are short words, where the estimate runs tight: add room.
        x += 17.0 + text_width(&item.label, FONT) * 1.1 + 24.0;
    }
    svg.close("g");
    x
}

/// The ColorBrewer "Blues" scale: light to dark, one hue, readable for colour-blind readers and
/// in greyscale print.
const BLUES: [(u8, u8, u8); 9] = [
    (0xf7, 0xfb, 0xff),
    (0xde, 0xeb, 0xf7),
    (0xc6, 0xdb, 0xef),
    (0x9e, 0xca, 0xe1),
    (0x6b, 0xae, 0xd6),
    (0x42, 0x92, 0xc6),
    (0x21, 0x71, 0xb5),
    (0x08, 0x51, 0x9c),
    (0x08, 0x30, 0x6b),
];

/// The colour at `t` in 0..=1 (clamped) on the sequential scale, as `#rrggbb`.
pub fn sequential(t: f64) -> String {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let pos = t * (BLUES.len() - 1) as f64;
    let i = (pos.floor() as usize).min(BLUES.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (BLUES[i], BLUES[i + 1]);
    let mix = |p: u8, q: u8| (p as f64 + (q as f64 - p as f64) * f).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(a.0, b.0),
        mix(a.1, b.1),
        mix(a.2, b.2)
    )
}

/// Dark or white text, whichever reads better on the `#rrggbb` background.
pub fn text_on(bg: &str) -> &'static str {
    let hex = bg.trim_start_matches('#');
    let channel = |i: usize| {
        let c = u8::from_str_radix(hex.get(i..i + 2).unwrap_or("ff"), 16).unwrap_or(255);
        let c = c as f64 / 255.0;
        // sRGB to linear light (WCAG relative luminance).
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    // The luminance where black and white text have equal contrast.
    if l < 0.179 {
        "#ffffff"
    } else {
        "#1f2328"
    }
}

/// Text size in the figures, px.
const FONT: f64 = 14.0;

/// One bar: a share in 0..=1 with its interval, or no value (suppressed).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// Written right of the bar and whisker, e.g. "69 % (9/13)".
    pub note: String,
    /// Written instead of the bar when `value` is `None`, e.g. "färre än 3".
    pub missing: String,
    pub fill: String,
    /// Tooltip of the row.
    pub title: String,
    /// A second line under the label, e.g. "group of 3 sub-codes · direct 3 of 13".
    pub detail: String,
}

/// A horizontal bar chart of shares (0..=1) with 95 % interval whiskers.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Accessible name of the figure.
    pub title: String,
    pub bars: Vec<Bar>,
    pub legend: Vec<LegendItem>,
    pub axis_label: String,
}

/// One heat-map cell: its fill, the text drawn in it and its tooltip.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatCell {
    pub fill: String,
    pub text: String,
    pub title: String,
}

/// A grid of cells with row labels left and column labels on top, rotated 45°.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatMap {
    /// Accessible name of the figure.
    pub title: String,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    /// `cells[row][col]`.
    pub cells: Vec<Vec<HeatCell>>,
    pub legend_title: String,
    pub legend: Vec<LegendItem>,
}

const CELL: f64 = 36.0;
const ROW_LABEL_CHARS: usize = 44;
const COL_LABEL_CHARS: usize = 34;

/// Draws a heat map.
pub fn heat_map(map: &HeatMap) -> String {
    let font = 13.0;
    let row_label_w = map
        .rows
        .iter()
        .map(|r| text_width(&truncate(r, ROW_LABEL_CHARS).0, font))
        .fold(40.0, f64::max);
    let col_label_w: Vec<f64> = map
        .cols
        .iter()
        .map(|c| text_width(&truncate(c, COL_LABEL_CHARS).0, font))
        .collect();
    let diag = std::f64::consts::FRAC_1_SQRT_2;
    let x0 = row_label_w + 10.0;
    let y0 = col_label_w.iter().fold(0.0, |a: f64, &w| a.max(w)) * diag + 16.0;
    let grid_right = x0 + CELL * map.cols.len() as f64;
    let grid_bottom = y0 + CELL * map.rows.len() as f64;
    let cx = |j: usize| x0 + CELL * j as f64 + CELL / 2.0;
    // Rotated column labels reach up and to the right of their column.
    let labels_right = col_label_w
        .iter()
        .enumerate()
        .map(|(j, w)| cx(j) + w * diag + 4.0)
        .fold(grid_right, f64::max);
    let legend_y = grid_bottom + 28.0;
    let legend_title_w = text_width(&map.legend_title, font) * 1.1 + 12.0;
    let legend_w = 8.0
        + legend_title_w
        + map
            .legend
            .iter()
            .map(|i| 41.0 + text_width(&i.label, FONT) * 1.1)
            .sum::<f64>();
    let width = (labels_right + 8.0).max(legend_w).ceil();
    let height = legend_y + 16.0;
    let mut svg = Svg::new(width, height, &map.title);
    let _ = writeln!(svg.out, "<g class=\"cols\" font-size=\"{}\">", num(font));
    for (j, c) in map.cols.iter().enumerate() {
        let (x, y) = (cx(j) - 2.0, y0 - 8.0);
        let _ = write!(
            svg.out,
            "<g transform=\"translate({},{}) rotate(-45)\">",
            num(x),
            num(y)
        );
        label(&mut svg, 0.0, 0.0, "start", c, COL_LABEL_CHARS);
        svg.close("g");
    }
    svg.close("g");
    let _ = writeln!(svg.out, "<g class=\"rows\" font-size=\"{}\">", num(font));
    for (i, r) in map.rows.iter().enumerate() {
        let y = y0 + CELL * i as f64 + CELL / 2.0;
        label(&mut svg, x0 - 8.0, y, "end", r, ROW_LABEL_CHARS);
    }
    svg.close("g");
    let _ = writeln!(svg.out, "<g class=\"cells\">");
    for (i, row) in map.cells.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            let (x, y) = (x0 + CELL * j as f64, y0 + CELL * i as f64);
            let _ = write!(svg.out, "<g class=\"cell\">");
            svg.title(&cell.title);
            svg.el("rect")
                .n("x", x)
                .n("y", y)
                .n("width", CELL)
                .n("height", CELL)
                .s("fill", &cell.fill)
                .s("stroke", "#ffffff")
                .n("stroke-width", 1.5)
                .end();
            if !cell.text.is_empty() {
                svg.el("text")
                    .n("x", x + CELL / 2.0)
                    .n("y", y + CELL / 2.0)
                    .s("dy", "0.35em")
                    .s("text-anchor", "middle")
                    .s("fill", text_on(&cell.fill))
                    .text(&cell.text);
            }
            svg.close("g");
        }
    }
    svg.close("g");
    // A thin frame so that the empty (white) cells at the edge still read as a grid.
    svg.el("rect")
        .n("x", x0)
        .n("y", y0)
        .n("width", grid_right - x0)
        .n("height", grid_bottom - y0)
        .s("fill", "none")
        .s("stroke", "#d0d7de")
        .end();
    svg.el("text")
        .n("x", 0.0)
        .n("y", legend_y)
        .s("dy", "0.35em")
        .n("font-size", font)
        .text(&map.legend_title);
    legend(&mut svg, legend_title_w, legend_y, &map.legend);
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        assert_eq!(
            esc(r#"<a & "b" 'c'>"#),
            "&lt;a &amp; &quot;b&quot; &#39;c&#39;&gt;"
        );
        assert_eq!(esc("Spårbarhet"), "Spårbarhet");
        let mut svg = Svg::new(10.0, 10.0, "x<y");
        svg.el("text").s("data-x", "\"q\"").text("a<b&c");
        let s = svg.finish();
        assert!(s.contains("<title>x&lt;y</title>"), "{s}");
        assert!(s.contains("aria-label=\"x&lt;y\""), "{s}");
        assert!(
            s.contains("<text data-x=\"&quot;q&quot;\">a&lt;b&amp;c</text>"),
            "{s}"
        );
        assert!(s.starts_with("<svg width=\"10\""));
        assert!(s.ends_with("</svg>\n"));
    }

    #[test]
    fn numbers_are_short_and_deterministic() {
        let cases = [
            (200.0, "200"),
            (12.345, "12.35"),
            (0.5, "0.5"),
            (-0.001, "0"),
            (1.1, "1.1"),
            (-3.25, "-3.25"),
        ];
        for (v, want) in cases {
            assert_eq!(num(v), want, "{v}");
        }
    }

    #[test]
    fn truncates_with_ellipsis() {
        assert_eq!(truncate("Svetsning", 9), ("Svetsning".to_string(), false));
        assert_eq!(truncate("Svetsning", 5), ("Svet…".to_string(), true));
        // No space before the ellipsis.
        assert_eq!(truncate("CNC och skärande", 5), ("CNC…".to_string(), true));
        assert_eq!(truncate("åäöåäö", 4), ("åäö…".to_string(), true));
    }

    #[test]
    fn colour_scale_ends_and_text_contrast() {
        assert_eq!(sequential(0.0), "#f7fbff");
        assert_eq!(sequential(1.0), "#08306b");
        assert_eq!(sequential(0.5), "#6baed6");
        assert_eq!(sequential(-1.0), "#f7fbff");
        assert_eq!(sequential(2.0), "#08306b");
        assert_eq!(text_on("#f7fbff"), "#1f2328");
        assert_eq!(text_on("#08306b"), "#ffffff");
        assert_eq!(text_on("#ffffff"), "#1f2328");
    }

    #[test]
    fn heat_map_draws_every_cell_with_its_tooltip() {
        let cell = |n: u32| HeatCell {
            fill: sequential(n as f64 / 3.0),
            text: if n == 0 { String::new() } else { n.to_string() },
            title: format!("{n} företag, {} segment", n + 1),
        };
        let map = HeatMap {
            title: "H".into(),
            rows: vec!["PLC".into(), "Robotik & <AI>".into()],
            cols: vec!["Svetsning".into(), "Logistik".into(), "Livsmedel".into()],
            cells: vec![
                vec![cell(0), cell(1), cell(2)],
                vec![cell(3), cell(0), cell(1)],
            ],
            legend_title: "Antal företag".into(),
            legend: vec![],
        };
        let s = heat_map(&map);
        assert_eq!(s.matches("<g class=\"cell\">").count(), 6);
        assert!(s.contains("<title>3 företag, 4 segment</title>"));
        assert!(s.contains("Robotik &amp; &lt;AI&gt;"));
        assert!(s.contains("rotate(-45)"));
        // Zero cells have no number; the darkest has white text.
        assert_eq!(s.matches("text-anchor=\"middle\"").count(), 4);
        assert!(s.contains("fill=\"#ffffff\">3</text>"));
    }
}
