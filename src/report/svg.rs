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

/// A linear map from a domain of values to a range of px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Linear {
    pub domain: (f64, f64),
    pub range: (f64, f64),
}

impl Linear {
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> Linear {
        Linear { domain, range }
    }

    /// The px position of `v`, clamped to the range.
    pub fn map(&self, v: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if d1 == d0 {
            return r0;
        }
        let t = ((v - d0) / (d1 - d0)).clamp(0.0, 1.0);
        r0 + t * (r1 - r0)
    }
}

/// `count + 1` evenly spaced ticks from 0 to `max` (`ticks(1.0, 5)` is 0, 0.2, …, 1). Dividing
/// rather than adding a step keeps 0.6 exactly 0.6.
pub fn ticks(max: f64, count: usize) -> Vec<f64> {
    let count = count.max(1);
    (0..=count).map(|i| max * i as f64 / count as f64).collect()
}

/// Draws a horizontal value axis at `y` under a plot that starts at `top`: a light vertical
/// grid line per tick, the tick labels under the axis line and `axis_label` centred below.
/// Returns the y just below the axis label.
pub fn x_axis(
    svg: &mut Svg,
    scale: &Linear,
    ticks: &[f64],
    top: f64,
    y: f64,
    tick_label: impl Fn(f64) -> String,
    axis_label: &str,
) -> f64 {
    let _ = writeln!(svg.out, "<g class=\"axis\">");
    for &t in ticks {
        let x = scale.map(t);
        svg.el("line")
            .n("x1", x)
            .n("y1", top)
            .n("x2", x)
            .n("y2", y)
            .s("stroke", "#e1e4e8")
            .end();
        svg.el("line")
            .n("x1", x)
            .n("y1", y)
            .n("x2", x)
            .n("y2", y + 5.0)
            .s("stroke", "#57606a")
            .end();
        svg.el("text")
            .n("x", x)
            .n("y", y + 18.0)
            .s("text-anchor", "middle")
            .s("fill", "#57606a")
            .text(&tick_label(t));
    }
    svg.el("line")
        .n("x1", scale.range.0)
        .n("y1", y)
        .n("x2", scale.range.1)
        .n("y2", y)
        .s("stroke", "#57606a")
        .end();
    svg.el("text")
        .n("x", (scale.range.0 + scale.range.1) / 2.0)
        .n("y", y + 38.0)
        .s("text-anchor", "middle")
        .s("class", "axis-label")
        .text(axis_label);
    svg.close("g");
    y + 46.0
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
}

/// Where a bar and its whisker go on the value axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BarGeometry {
    pub x: f64,
    pub width: f64,
    pub whisker: Option<(f64, f64)>,
}

/// The geometry of a bar of `value` with the interval `low..high` on `scale`.
pub fn bar_geometry(
    scale: &Linear,
    value: f64,
    low: Option<f64>,
    high: Option<f64>,
) -> BarGeometry {
    let x = scale.map(0.0);
    let whisker = match (low, high) {
        (Some(l), Some(h)) => Some((scale.map(l), scale.map(h))),
        _ => None,
    };
    BarGeometry {
        x,
        width: scale.map(value) - x,
        whisker,
    }
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

/// Width of the bar chart, px: the width of the report's content column.
pub const CHART_WIDTH: f64 = 920.0;
const ROW: f64 = 28.0;
const BAR: f64 = 17.0;
/// Room right of the plot for the longest note ("100 % (13/13)").
const NOTE_ROOM: f64 = 125.0;
/// The widest a label column may get; longer labels are cut.
const MAX_LABEL: f64 = 360.0;

/// Draws a bar chart: labels left, bars coloured by `fill`, whiskers from `low` to `high`,
/// the note right of the whisker, and a 0–100 axis below.
pub fn bar_chart(chart: &BarChart) -> String {
    let widest = chart
        .bars
        .iter()
        .map(|b| text_width(&b.label, FONT))
        .fold(80.0, f64::max);
    let label_w = widest.min(MAX_LABEL);
    let max_chars = (MAX_LABEL / (FONT * CHAR_EM)) as usize;
    let plot = Linear::new((0.0, 1.0), (label_w + 14.0, CHART_WIDTH - NOTE_ROOM));
    let legend_h = if chart.legend.is_empty() { 4.0 } else { 34.0 };
    let top = legend_h;
    let rows_h = ROW * chart.bars.len() as f64;
    let height = top + rows_h + 6.0 + 46.0;
    let mut svg = Svg::new(CHART_WIDTH, height, &chart.title);
    if !chart.legend.is_empty() {
        legend(&mut svg, plot.range.0, 12.0, &chart.legend);
    }
    let axis_y = top + rows_h + 6.0;
    x_axis(
        &mut svg,
        &plot,
        &ticks(1.0, 5),
        top,
        axis_y,
        |t| format!("{}", (t * 100.0).round()),
        &chart.axis_label,
    );
    for (i, bar) in chart.bars.iter().enumerate() {
        let cy = top + ROW * i as f64 + ROW / 2.0;
        let _ = write!(svg.out, "<g class=\"row\">");
        svg.title(&bar.title);
        label(&mut svg, label_w + 4.0, cy, "end", &bar.label, max_chars);
        let Some(value) = bar.value else {
            svg.el("text")
                .n("x", plot.range.0 + 4.0)
                .n("y", cy)
                .s("dy", "0.35em")
                .s("class", "missing")
                .s("fill", "#57606a")
                .text(&bar.missing);
            svg.close("g");
            continue;
        };
        let g = bar_geometry(&plot, value, bar.low, bar.high);
        svg.el("rect")
            .s("class", "bar")
            .n("x", g.x)
            .n("y", cy - BAR / 2.0)
            .n("width", g.width)
            .n("height", BAR)
            .s("fill", &bar.fill)
            .end();
        let mut note_x = g.x + g.width;
        if let Some((x1, x2)) = g.whisker {
            whisker(&mut svg, x1, x2, cy);
            note_x = note_x.max(x2);
        }
        svg.el("text")
            .s("class", "note")
            .n("x", note_x + 6.0)
            .n("y", cy)
            .s("dy", "0.35em")
            .text(&bar.note);
        svg.close("g");
    }
    svg.finish()
}

/// An interval: a line from x1 to x2 with end caps.
fn whisker(svg: &mut Svg, x1: f64, x2: f64, cy: f64) {
    let _ = write!(
        svg.out,
        "<g class=\"ci\" stroke=\"#1f2328\" stroke-width=\"1.5\">"
    );
    svg.el("line")
        .n("x1", x1)
        .n("y1", cy)
        .n("x2", x2)
        .n("y2", cy)
        .end();
    for x in [x1, x2] {
        svg.el("line")
            .n("x1", x)
            .n("y1", cy - 5.0)
            .n("x2", x)
            .n("y2", cy + 5.0)
            .end();
    }
    svg.close("g");
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
    fn bar_of_half_on_400_px_is_200_px() {
        let scale = Linear::new((0.0, 1.0), (0.0, 400.0));
        let g = bar_geometry(&scale, 0.5, Some(0.25), Some(0.75));
        assert_eq!(g.x, 0.0);
        assert_eq!(g.width, 200.0);
        assert_eq!(g.whisker, Some((100.0, 300.0)));
        // Shifted plot: the bar starts at the axis origin.
        let scale = Linear::new((0.0, 1.0), (100.0, 500.0));
        let g = bar_geometry(&scale, 0.5, None, Some(0.9));
        assert_eq!((g.x, g.width, g.whisker), (100.0, 200.0, None));
        // Out of range is clamped.
        assert_eq!(scale.map(1.2), 500.0);
        assert_eq!(scale.map(-1.0), 100.0);
    }

    #[test]
    fn ticks_are_even_and_exact() {
        assert_eq!(ticks(1.0, 5), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(ticks(10.0, 2), vec![0.0, 5.0, 10.0]);
        assert_eq!(ticks(1.0, 0), vec![0.0, 1.0]);
    }

    #[test]
    fn axis_draws_a_label_per_tick_and_the_axis_label() {
        let mut svg = Svg::new(500.0, 100.0, "t");
        let scale = Linear::new((0.0, 1.0), (100.0, 500.0));
        let bottom = x_axis(
            &mut svg,
            &scale,
            &ticks(1.0, 5),
            0.0,
            50.0,
            |t| format!("{}", (t * 100.0).round()),
            "Andel (%)",
        );
        let s = svg.finish();
        assert_eq!(bottom, 96.0);
        for (x, l) in [(100, "0"), (180, "20"), (340, "60"), (500, "100")] {
            let want = format!(
                "<text x=\"{x}\" y=\"68\" text-anchor=\"middle\" fill=\"#57606a\">{l}</text>"
            );
            assert!(s.contains(&want), "missing {want} in {s}");
        }
        assert!(s.contains(">Andel (%)</text>"));
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

    fn bar(label: &str, value: Option<f64>) -> Bar {
        Bar {
            label: label.into(),
            value,
            low: value.map(|v| v / 2.0),
            high: value.map(|v| (v * 1.5).min(1.0)),
            note: "n".into(),
            missing: "färre än 3".into(),
            fill: "#0072B2".into(),
            title: "tip".into(),
        }
    }

    #[test]
    fn bar_chart_draws_bars_whiskers_and_missing_rows() {
        let chart = BarChart {
            title: "Top".into(),
            bars: vec![bar("A", Some(0.5)), bar("B", None)],
            legend: vec![LegendItem {
                fill: "#0072B2".into(),
                label: "Specialist".into(),
            }],
            axis_label: "Andel företag (%)".into(),
        };
        let s = bar_chart(&chart);
        let rows: Vec<&str> = s.split("<g class=\"row\">").skip(1).collect();
        assert_eq!(rows.len(), 2);
        assert!(rows[0].contains("class=\"bar\""));
        assert!(rows[0].contains("<g class=\"ci\""));
        assert!(!rows[1].contains("class=\"bar\""));
        assert!(!rows[1].contains("class=\"ci\""));
        assert!(rows[1].contains(">färre än 3</text>"));
        assert!(s.contains(">Specialist</text>"));
        assert!(s.contains(">Andel företag (%)</text>"));
        // The bar's width is half the plot's.
        let plot_w = CHART_WIDTH - NOTE_ROOM - (80.0 + 14.0);
        assert!(
            rows[0].contains(&format!("width=\"{}\"", num(plot_w / 2.0))),
            "{}",
            rows[0]
        );
    }

    #[test]
    fn long_labels_are_cut_and_keep_a_tooltip() {
        let long = "Tillverkningsprocesser och produktionsteknik och mycket mer därtill";
        let s = bar_chart(&BarChart {
            title: "t".into(),
            bars: vec![bar(long, Some(0.1))],
            legend: vec![],
            axis_label: "a".into(),
        });
        assert!(s.contains(&format!("<title>{long}</title>")));
        assert!(s.contains("…</text>"));
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
