//! The deck as pandoc's source for PPTX and PDF slides: GitHub-flavoured Markdown, one level-1
//! heading a slide, each chart a slide of its own titled by its takeaway, with the image file
//! the exporter wrote. Text goes through the brief's Markdown escaping, so a name is never a
//! link, HTML, LaTeX or code. It must not run pandoc nor write files.

use std::fmt::Write as _;

use super::model::{Deck, Slide, SlideKind};
use super::words::amount;
use crate::qbr::markdown::escape;

/// The Markdown of `deck`; the charts are `chart-1.png`, `chart-2.png`, … in the order
/// [`charts`] gives them.
#[must_use]
pub fn render(deck: &Deck) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let mut chart = 0;
    for slide in &deck.slides {
        slide_text(&mut out, slide);
        for c in &slide.charts {
            chart += 1;
            let _ = write!(
                out,
                "# {}\n\n![{}](chart-{chart}.png)\n\n",
                escape(&c.takeaway),
                escape(&c.title)
            );
        }
    }
    out
}

/// The charts of `deck` in the order their files are named.
pub fn charts(deck: &Deck) -> impl Iterator<Item = &super::Chart> {
    deck.slides.iter().flat_map(|s| &s.charts)
}

fn slide_text(out: &mut String, slide: &Slide) {
    let _ = write!(out, "# {}\n\n", escape(&slide.title));
    if let Some(lead) = &slide.lead {
        let _ = write!(out, "{}\n\n", escape(lead));
    }
    if !slide.stats.is_empty() {
        let stats: Vec<String> = slide
            .stats
            .iter()
            .map(|s| format!("**{}** {}", escape(&s.value), escape(&s.label)))
            .collect();
        let _ = write!(out, "{}\n\n", stats.join(" · "));
    }
    for goal in &slide.goals {
        let mut line = format!("- **{}**", escape(&goal.objective));
        if let Some(measure) = &goal.measure {
            let _ = write!(line, " ({})", escape(measure));
        }
        let _ = write!(line, ": {}", escape(&goal.status));
        if let Some(bar) = goal.bar {
            let _ = write!(
                line,
                "; baseline {}, now {}, target {}",
                amount(bar.baseline),
                amount(bar.now),
                amount(bar.target)
            );
        }
        out.push_str(&line);
        out.push('\n');
    }
    if !slide.goals.is_empty() {
        out.push('\n');
    }
    for (i, point) in slide.points.iter().enumerate() {
        if slide.kind == SlideKind::Agenda {
            let _ = writeln!(out, "{}. {}", i + 1, escape(&point.text));
        } else {
            let _ = writeln!(out, "- {}", escape(&point.text));
        }
    }
    if !slide.points.is_empty() {
        out.push('\n');
    }
    if let Some(table) = &slide.table {
        let row = |cells: &[String]| {
            format!("| {} |\n", cells.iter().map(|c| escape(c)).collect::<Vec<_>>().join(" | "))
        };
        out.push_str(&row(&table.header));
        out.push_str(&format!("|{}\n", "---|".repeat(table.header.len())));
        for r in &table.rows {
            out.push_str(&row(r));
        }
        out.push('\n');
    }
}
