//! Charts drawn as small hand-written SVG: lines over days with a dashed reference level, grouped
//! horizontal bars, and a goal's progress bar. Every text is cleaned of control and bidi
//! characters and escaped, so a name can only ever be text; nothing links or loads anything.
//! It must not decide what a chart shows.

use std::fmt::Write as _;

use super::model::{Figure, Progress, Series};
use super::words::amount;
use crate::domain::terminal_safe;

/// Colours chosen for a projector: near-black text, a dark blue, a light blue for the period
/// before, and a dark orange for the reference level (distinct for the colour-blind too).
const INK: &str = "#111111";
const GRID: &str = "#c8c8c8";
const STRONG: &str = "#0b3d91";
const LIGHT: &str = "#8fb3e8";
const LEVEL: &str = "#b34700";
const FONT: &str = "font-family=\"'DejaVu Sans', Arial, Helvetica, sans-serif\"";

/// Whether the SVG stands alone (a file: it names its namespace and size) or sits in HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Embed {
    Inline,
    File,
}

/// `text` as SVG/XML text or attribute value: cleaned and escaped.
#[must_use]
pub fn escape(text: &str) -> String {
    let safe = terminal_safe(text);
    let mut out = String::with_capacity(safe.len() + 8);
    for c in safe.chars() {
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

/// `text` cut to `max` characters with an ellipsis.
fn cut(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn open(out: &mut String, embed: Embed, width: u32, height: u32, label: &str) {
    let (ns, size) = match embed {
        Embed::Inline => ("", String::new()),
        Embed::File => (
            " xmlns=\"http://www.w3.org/2000/svg\"",
            format!(" width=\"{width}\" height=\"{height}\""),
        ),
    };
    let label = escape(label);
    let _ = write!(
        out,
        "<svg{ns}{size} viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{label}\" {FONT}><title>{label}</title>"
    );
    // A white ground, so a dark viewer or slide never shows through.
    let _ = write!(out, "<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>");
}

/// A round step for about `ticks` gridlines up to `max`: 1, 2 or 5 times a power of ten.
fn step(max: f64, ticks: f64) -> f64 {
    let raw = (max / ticks).max(1e-9);
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power)
        .max(1.0)
}

/// The figure as SVG, labelled `label` for a screen reader.
#[must_use]
pub fn figure(figure: &Figure, label: &str, embed: Embed) -> String {
    match figure {
        Figure::Lines { y_label, x_ticks, series, reference } => {
            lines(y_label, x_ticks, series, reference.as_ref(), label, embed)
        }
        Figure::Bars { y_label, categories, series, empty } => {
            bars(y_label, categories, series, empty, label, embed)
        }
    }
}

fn colour(s: &Series) -> &'static str {
    if s.light { LIGHT } else { STRONG }
}

fn legend(out: &mut String, series: &[Series], x: f64, y: f64) {
    let mut at = x;
    for s in series {
        let _ = write!(
            out,
            "<rect x=\"{at:.1}\" y=\"{:.1}\" width=\"28\" height=\"16\" fill=\"{}\"/>",
            y - 15.0,
            colour(s)
        );
        let name = escape(&s.name);
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{y:.1}\" font-size=\"24\" fill=\"{INK}\">{name}</text>",
            at + 36.0
        );
        #[allow(clippy::cast_precision_loss)] // names are short
        let width = s.name.chars().count() as f64;
        at += 64.0 + width * 14.0;
    }
}

fn lines(
    y_label: &str,
    x_ticks: &[(usize, String)],
    series: &[Series],
    reference: Option<&(f64, String)>,
    label: &str,
    embed: Embed,
) -> String {
    let (width, height) = (800_u32, 440_u32);
    let (left, right, top, bottom) = (100.0, 780.0, 64.0, 374.0);
    let mut out = String::with_capacity(8192);
    open(&mut out, embed, width, height, label);
    let max_value =
        series.iter().flat_map(|s| s.values.iter().flatten()).copied().fold(0.0_f64, f64::max);
    let max = max_value.max(reference.map_or(0.0, |r| r.0)).max(1.0) * 1.08;
    let step = step(max, 5.0);
    let top_value = (max / step).ceil() * step;
    let y = |v: f64| bottom - (bottom - top) * v / top_value;
    let days = series.iter().map(|s| s.values.len()).max().unwrap_or(1).max(2);
    #[allow(clippy::cast_precision_loss)] // a quarter has 90 days
    let x = |i: usize| left + (right - left) * i as f64 / (days - 1) as f64;
    let mut v = 0.0;
    while v <= top_value + 1e-9 {
        let _ = write!(
            out,
            "<line x1=\"{left}\" y1=\"{0:.1}\" x2=\"{right}\" y2=\"{0:.1}\" stroke=\"{GRID}\" stroke-width=\"1\"/>",
            y(v)
        );
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"24\" text-anchor=\"end\" fill=\"{INK}\">{}</text>",
            left - 10.0,
            y(v) + 7.0,
            amount(v)
        );
        v += step;
    }
    for (i, tick) in x_ticks {
        let _ = write!(
            out,
            "<line x1=\"{0:.1}\" y1=\"{bottom}\" x2=\"{0:.1}\" y2=\"{1:.1}\" stroke=\"{INK}\" stroke-width=\"2\"/>",
            x(*i),
            bottom + 8.0
        );
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"24\" text-anchor=\"middle\" fill=\"{INK}\">{}</text>",
            x(*i),
            bottom + 32.0,
            escape(tick)
        );
    }
    let _ = write!(
        out,
        "<line x1=\"{left}\" y1=\"{bottom}\" x2=\"{right}\" y2=\"{bottom}\" stroke=\"{INK}\" stroke-width=\"2\"/>"
    );
    let _ = write!(
        out,
        "<text x=\"26\" y=\"{:.1}\" font-size=\"24\" text-anchor=\"middle\" fill=\"{INK}\" transform=\"rotate(-90 26 {:.1})\">{}</text>",
        (top + bottom) / 2.0,
        (top + bottom) / 2.0,
        escape(y_label)
    );
    // The lighter series first, so this quarter's line is drawn on top.
    for s in series.iter().rev() {
        let mut path = String::new();
        let mut pen_down = false;
        for (i, value) in s.values.iter().enumerate() {
            match value {
                Some(v) => {
                    let _ = write!(
                        path,
                        "{}{:.1} {:.1} ",
                        if pen_down { "L" } else { "M" },
                        x(i),
                        y(*v)
                    );
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        let stroke = if s.light { 3 } else { 4 };
        let _ = write!(
            out,
            "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{stroke}\" stroke-linejoin=\"round\"/>",
            path.trim_end(),
            colour(s)
        );
    }
    if let Some((level, name)) = reference {
        let _ = write!(
            out,
            "<line x1=\"{left}\" y1=\"{0:.1}\" x2=\"{right}\" y2=\"{0:.1}\" stroke=\"{LEVEL}\" stroke-width=\"3\" stroke-dasharray=\"10 6\"/>",
            y(*level)
        );
        // Named at its right end, above the line: the legend has no room for a third entry.
        let _ = write!(
            out,
            "<text x=\"{right}\" y=\"{:.1}\" font-size=\"24\" text-anchor=\"end\" fill=\"{LEVEL}\" font-weight=\"bold\">{}</text>",
            y(*level) - 10.0,
            escape(name)
        );
    }
    legend(&mut out, series, left, 30.0);
    out.push_str("</svg>");
    out
}

fn bars(
    y_label: &str,
    categories: &[String],
    series: &[Series],
    empty: &str,
    label: &str,
    embed: Embed,
) -> String {
    let bar = 24.0;
    #[allow(clippy::cast_precision_loss)] // two series
    let group = bar * series.len().max(1) as f64 + 14.0;
    let (left, right, top) = (270.0, 750.0, 64.0);
    #[allow(clippy::cast_precision_loss)] // a handful of categories
    let bottom = top + group * categories.len() as f64;
    let width = 800_u32;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // small and positive
    let height = (bottom + 70.0) as u32;
    let mut out = String::with_capacity(8192);
    open(&mut out, embed, width, height, label);
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .copied()
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let step = step(max, 5.0);
    let top_value = (max / step).ceil() * step;
    let x = |v: f64| left + (right - left) * v / top_value;
    let mut v = 0.0;
    while v <= top_value + 1e-9 {
        let _ = write!(
            out,
            "<line x1=\"{0:.1}\" y1=\"{top}\" x2=\"{0:.1}\" y2=\"{bottom:.1}\" stroke=\"{GRID}\" stroke-width=\"1\"/>",
            x(v)
        );
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"24\" text-anchor=\"middle\" fill=\"{INK}\">{}</text>",
            x(v),
            bottom + 28.0,
            amount(v)
        );
        v += step;
    }
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"24\" text-anchor=\"middle\" fill=\"{INK}\">{}</text>",
        (left + right) / 2.0,
        bottom + 60.0,
        escape(y_label)
    );
    for (c, name) in categories.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)] // a handful of categories
        let y0 = top + group * c as f64 + 7.0;
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"25\" text-anchor=\"end\" fill=\"{INK}\">{}</text>",
            left - 12.0,
            y0 + group / 2.0 - 4.0,
            escape(&cut(name, 18))
        );
        let nothing =
            series.iter().all(|s| s.values.get(c).copied().flatten().unwrap_or(0.0) <= 0.0);
        if nothing {
            // Said once in words: two bars of zero read as a drawing fault.
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"22\" fill=\"{INK}\">{}</text>",
                left + 10.0,
                y0 + group / 2.0 - 4.0,
                escape(empty)
            );
            continue;
        }
        for (k, s) in series.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)] // two series
            let y = y0 + bar * k as f64;
            let value = s.values.get(c).copied().flatten().unwrap_or(0.0);
            let _ = write!(
                out,
                "<rect x=\"{left}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\"/>",
                x(value) - left,
                bar - 3.0,
                colour(s)
            );
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"22\" fill=\"{INK}\">{}</text>",
                x(value) + 8.0,
                y + bar - 5.0,
                amount(value)
            );
        }
    }
    let _ = write!(
        out,
        "<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{bottom:.1}\" stroke=\"{INK}\" stroke-width=\"2\"/>"
    );
    legend(&mut out, series, left, 30.0);
    out.push_str("</svg>");
    out
}

/// A goal's progress bar: the track from baseline to target, filled to now.
#[must_use]
pub fn progress(p: Progress, label: &str, met: bool, embed: Embed) -> String {
    let (width, height) = (600_u32, 40_u32);
    let mut out = String::with_capacity(512);
    open(&mut out, embed, width, height, label);
    let fill = if met { "#1e7b34" } else { STRONG };
    let _ = write!(
        out,
        "<rect x=\"2\" y=\"8\" width=\"596\" height=\"24\" rx=\"4\" fill=\"#e6e6e6\" stroke=\"{INK}\" stroke-width=\"2\"/>"
    );
    let _ = write!(
        out,
        "<rect x=\"2\" y=\"8\" width=\"{:.1}\" height=\"24\" rx=\"4\" fill=\"{fill}\"/>",
        596.0 * p.share()
    );
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_cleaned() {
        assert_eq!(escape("<b>&\"'</b>"), "&lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;");
        assert_eq!(escape("a\u{202e}b\u{7}c"), "abc");
    }

    #[test]
    fn steps_are_round() {
        assert!((step(453.0, 5.0) - 100.0).abs() < 1e-9);
        assert!((step(9.0, 5.0) - 2.0).abs() < 1e-9);
        assert!((step(0.0, 5.0) - 1.0).abs() < 1e-9);
    }
}
