//! Bar charts of shares as HTML: each bar is a row of the page's own text (label, the bar with
//! its interval, the note), so the text keeps the page's size on a phone instead of shrinking
//! with a scaled drawing. Only the bar and its whisker are drawn, in a small inline SVG that
//! stretches to its column; the numbers are text, readable without styles or script.

use std::fmt::Write;

use super::svg::{esc, num, BarChart};

/// Renders `chart` as a list of rows: label (and detail), bar with whisker, note; a legend
/// above and a 0–100 % axis below.
pub fn html_bars(chart: &BarChart) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<figure class=\"bars\" aria-label=\"{}\">",
        esc(&chart.title)
    );
    if !chart.legend.is_empty() {
        out.push_str("<p class=\"legend\">");
        for item in &chart.legend {
            let _ = write!(
                out,
                "<span><i style=\"background:{}\"></i>{}</span>",
                esc(&item.fill),
                esc(&item.label)
            );
        }
        out.push_str("</p>");
    }
    for bar in &chart.bars {
        let _ = write!(
            out,
            "\n<div class=\"bar\" title=\"{}\"><span class=\"label\">{}",
            esc(&bar.title),
            esc(&bar.label)
        );
        if !bar.detail.is_empty() {
            let _ = write!(out, "<small>{}</small>", esc(&bar.detail));
        }
        out.push_str("</span>");
        match bar.value {
            Some(v) => {
                let pct = |x: f64| num((x.clamp(0.0, 1.0) * 100.0 * 10.0).round() / 10.0);
                let _ = write!(
                    out,
                    "<span class=\"track\"><svg viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" \
                     aria-hidden=\"true\"><rect x=\"0\" y=\"1.5\" width=\"{}\" height=\"7\" \
                     fill=\"{}\"/>",
                    pct(v),
                    esc(&bar.fill)
                );
                if let (Some(l), Some(h)) = (bar.low, bar.high) {
                    let _ = write!(
                        out,
                        "<g stroke=\"#1f2328\" stroke-width=\"1.5\" \
                         vector-effect=\"non-scaling-stroke\"><line x1=\"{l}\" y1=\"5\" x2=\"{h}\" \
                         y2=\"5\" vector-effect=\"non-scaling-stroke\"/><line x1=\"{l}\" y1=\"2\" \
                         x2=\"{l}\" y2=\"8\" vector-effect=\"non-scaling-stroke\"/><line \
                         x1=\"{h}\" y1=\"2\" x2=\"{h}\" y2=\"8\" \
                         vector-effect=\"non-scaling-stroke\"/></g>",
                        l = pct(l),
                        h = pct(h)
                    );
                }
                let _ = write!(
                    out,
                    "</svg></span><span class=\"note\">{}</span>",
                    esc(&bar.note)
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<span class=\"track missing\">{}</span><span class=\"note\"></span>",
                    esc(&bar.missing)
                );
            }
        }
        out.push_str("</div>");
    }
    let _ = write!(
        out,
        "\n<div class=\"bar axis\" aria-hidden=\"true\"><span class=\"label\"></span>\
         <span class=\"ticks\"><i>0</i><i>25</i><i>50</i><i>75</i><i>100</i></span>\
         <span class=\"note\"></span></div>\n<figcaption>{}</figcaption></figure>",
        esc(&chart.axis_label)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::super::svg::{Bar, LegendItem};
    use super::*;

    fn bar(label: &str, value: Option<f64>) -> Bar {
        Bar {
            label: label.into(),
            value,
            low: value.map(|v| v - 0.1),
            high: value.map(|v| v + 0.2),
            note: value.map_or(String::new(), |v| format!("{v}")),
            missing: "färre än 3".into(),
            fill: "#0072B2".into(),
            title: format!("{label} <tip>"),
            detail: if label == "G" {
                "grupp".into()
            } else {
                String::new()
            },
        }
    }

    #[test]
    fn bars_are_text_rows_with_a_drawn_bar_and_whisker() {
        let chart = BarChart {
            title: "Top & more".into(),
            bars: vec![bar("AI", Some(0.5)), bar("G", Some(0.25)), bar("X", None)],
            legend: vec![LegendItem {
                fill: "#0072B2".into(),
                label: "Specialist".into(),
            }],
            axis_label: "Andel företag (%)".into(),
        };
        let s = html_bars(&chart);
        assert!(s.starts_with("<figure class=\"bars\" aria-label=\"Top &amp; more\">"));
        assert!(s.contains("<span><i style=\"background:#0072B2\"></i>Specialist</span>"));
        // The bar of 0.5 is half the track, its whisker from 0.4 to 0.7; the note is text.
        assert!(s.contains("<rect x=\"0\" y=\"1.5\" width=\"50\" height=\"7\""));
        assert!(s.contains("<line x1=\"40\" y1=\"5\" x2=\"70\" y2=\"5\""));
        assert!(s.contains("<span class=\"note\">0.5</span>"));
        assert!(s.contains("title=\"AI &lt;tip&gt;\""));
        assert!(s.contains("<span class=\"label\">G<small>grupp</small></span>"));
        // A suppressed bar says so in words, with no drawing.
        assert!(s.contains("<span class=\"track missing\">färre än 3</span>"));
        assert!(s.ends_with("<figcaption>Andel företag (%)</figcaption></figure>"));
    }
}
