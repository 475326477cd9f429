//! The deck as Typst markup, for a PDF where typst is installed: one 16:9 page a slide, large
//! type, each chart a page of its own titled by its takeaway and drawn from the SVG file the
//! exporter wrote beside it (Typst reads SVG itself). Every text goes through the brief's Typst
//! escaping, so a name is never markup, code or a link. It must not run typst nor write files.

use std::fmt::Write as _;

use super::model::{Deck, Slide, SlideKind};
use super::words::amount;
use crate::qbr::typst::escape;

const PAGE: &str = "#set page(width: 33.867cm, height: 19.05cm, margin: (x: 1.8cm, y: 1.4cm))\n\
    #set text(size: 20pt, fill: rgb(\"#111111\"))\n\
    #set table(stroke: 0.5pt + rgb(\"#888888\"), inset: 8pt)\n\
    #show heading: set text(size: 32pt, fill: rgb(\"#0b3d91\"))\n";

/// The Typst source of `deck`; the charts are `chart-1.svg`, `chart-2.svg`, … in the order
/// [`super::pandoc::charts`] gives them.
#[must_use]
pub fn render(deck: &Deck) -> String {
    let mut out = String::from(PAGE);
    let mut chart = 0;
    for (i, slide) in deck.slides.iter().enumerate() {
        if i > 0 {
            out.push_str("#pagebreak()\n");
        }
        slide_text(&mut out, slide);
        for c in &slide.charts {
            chart += 1;
            let _ = write!(
                out,
                "#pagebreak()\n= {}\n#align(center, image(\"chart-{chart}.svg\", height: 13cm, alt: \"{}\"))\n",
                escape(&c.takeaway),
                quoted(&c.title)
            );
        }
    }
    out
}

/// `text` inside a Typst string literal: only a quote and a backslash need escaping there.
fn quoted(text: &str) -> String {
    crate::domain::terminal_safe(text).replace('\\', "\\\\").replace('"', "\\\"")
}

fn slide_text(out: &mut String, slide: &Slide) {
    if slide.kind == SlideKind::Title {
        let _ = writeln!(
            out,
            "#v(3cm)\n#text(size: 40pt, weight: \"bold\", fill: rgb(\"#0b3d91\"))[{}]\n",
            escape(&slide.title)
        );
    } else {
        let _ = writeln!(out, "= {}\n", escape(&slide.title));
    }
    if let Some(lead) = &slide.lead {
        let _ = writeln!(out, "{}\n", escape(lead));
    }
    if !slide.stats.is_empty() {
        let cells: Vec<String> = slide
            .stats
            .iter()
            .map(|s| {
                format!(
                    "[#text(size: 30pt, weight: \"bold\", fill: rgb(\"#0b3d91\"))[{}] \\ {}]",
                    escape(&s.value),
                    escape(&s.label)
                )
            })
            .collect();
        let _ =
            writeln!(out, "#grid(columns: {}, gutter: 1.5cm, {})\n", cells.len(), cells.join(", "));
    }
    for goal in &slide.goals {
        let mut line = format!("- *{}*", escape(&goal.objective));
        if let Some(measure) = &goal.measure {
            let _ = write!(line, " ({})", escape(measure));
        }
        let _ = write!(line, ": {}", escape(&goal.status));
        if let Some(bar) = goal.bar {
            let figures = format!(
                "; baseline {}, now {}, target {}",
                amount(bar.baseline),
                amount(bar.now),
                amount(bar.target)
            );
            line.push_str(&escape(&figures));
        }
        let _ = writeln!(out, "{line}");
    }
    for point in &slide.points {
        let marker = if slide.kind == SlideKind::Agenda { "+" } else { "-" };
        let _ = writeln!(out, "{marker} {}", escape(&point.text));
    }
    if let Some(table) = &slide.table {
        let _ = writeln!(out, "#table(columns: (3fr, 2fr, 2fr, 1.5fr),");
        let head: Vec<String> = table.header.iter().map(|h| format!("[*{}*]", escape(h))).collect();
        let _ = writeln!(out, "  table.header({}),", head.join(", "));
        for row in &table.rows {
            let cells: Vec<String> = row.iter().map(|c| format!("[{}]", escape(c))).collect();
            let _ = writeln!(out, "  {},", cells.join(", "));
        }
        out.push_str(")\n");
    }
}
