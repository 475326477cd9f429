//! The portfolio's retention panel: gross, net and logo retention of the renewals due in each
//! of the last four quarters and their span (SPEC 12), for the book, then by segment over the
//! span where there is room. A quarter with no renewal due shows a dash and says so. It draws
//! `state.book.retention` (read by `update` when the portfolio opens, see `load`): it must not
//! touch the store or compute a figure.

use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{block_title, framed};
use crate::format::grouped;
use crate::outcomes::{Period, Retention};
use crate::ui::state::AppState;
use crate::ui::theme::Theme;
use crate::ui::widgets::pane_block;

/// "Q4 2025".
fn quarter(period: Period) -> String {
    format!("Q{} {}", period.start.month0() / 3 + 1, period.start.year())
}

/// "Q4 2025 – Q3 2026" for the span of the four quarters.
fn span(period: Period) -> String {
    let end = Period { start: period.end, end: period.end };
    format!("{} – {}", quarter(period), quarter(end))
}

fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v:.1} %"))
}

/// The book's periods (the quarters, then their span), and the segments' over the span that
/// had renewals.
fn parts(retention: &[Retention]) -> (Vec<&Retention>, Vec<&Retention>) {
    let book: Vec<&Retention> = retention.iter().filter(|r| r.segment.is_none()).collect();
    let whole = book.last().map(|r| r.period);
    let segments = retention
        .iter()
        .filter(|r| r.segment.is_some() && Some(r.period) == whole && !r.records.is_empty())
        .collect();
    (book, segments)
}

/// The rows the panel takes, borders included; with the segments when `segments`.
#[must_use]
pub fn height(state: &AppState, segments: bool) -> u16 {
    let Some(retention) = &state.book.retention else { return 3 };
    let (book, by_segment) = parts(retention);
    let mut rows = 1 + book.len();
    if book.iter().all(|r| r.records.is_empty()) {
        rows += 3;
    } else if segments && !by_segment.is_empty() {
        rows += 2 + by_segment.len();
    }
    u16::try_from(rows + 2).unwrap_or(u16::MAX)
}

/// One row: its name, the renewals, GRR, NRR and logo retention, and a word when empty.
fn row(name: String, r: &Retention, theme: Theme) -> Line<'static> {
    let mut spans = vec![
        Span::styled(format!(" {name:<19}"), theme.dim()),
        Span::raw(format!(
            "{:>9} {:>9} {:>9} {:>9}",
            grouped(r.records.len()),
            figure(r.grr),
            figure(r.nrr),
            figure(r.logo)
        )),
    ];
    if r.records.is_empty() {
        spans.push(Span::styled("  no renewal due", theme.dim()));
    }
    Line::from(spans)
}

/// Draws the panel into `area`; the segments when `segments` and any had renewals.
pub fn render(state: &AppState, theme: Theme, segments: bool, area: Rect, buf: &mut Buffer) {
    let note = format!("of the renewals due each quarter, closed by {} ", state.as_of);
    let title = block_title("Retention", note, theme);
    let Some(inner) = framed(pane_block(title, theme, false), area, buf) else { return };
    let Some(retention) = &state.book.retention else {
        Line::styled(" reading the renewal history…", theme.dim()).render(inner, buf);
        return;
    };
    let (book, by_segment) = parts(retention);
    let header =
        format!(" {:<19}{:>9} {:>9} {:>9} {:>9}", "period", "renewals", "GRR", "NRR", "logo");
    let mut lines = vec![Line::styled(header, theme.dim())];
    let last = book.len().saturating_sub(1);
    for (i, r) in book.iter().enumerate() {
        let name = if i == last { span(r.period) } else { quarter(r.period) };
        lines.push(row(name, r, theme));
    }
    if book.iter().all(|r| r.records.is_empty()) {
        lines.push(Line::default());
        lines.push(Line::styled(" No renewal has closed in these quarters yet:", theme.dim()));
        lines.push(Line::styled(
            " record outcomes from the renewal pane (R), or import them.",
            theme.dim(),
        ));
    } else if segments && !by_segment.is_empty() {
        lines.push(Line::default());
        let heading =
            format!(" By segment, {}", book.last().map(|r| span(r.period)).unwrap_or_default());
        lines.push(Line::styled(heading, theme.header()));
        for r in by_segment {
            let name = r.segment.map(|s| s.code().replace('_', "-")).unwrap_or_default();
            lines.push(row(name, r, theme));
        }
    }
    for (i, line) in lines.into_iter().take(usize::from(inner.height)).enumerate() {
        let y = inner.y + u16::try_from(i).unwrap_or(u16::MAX);
        line.render(Rect { y, height: 1, ..inner }, buf);
    }
}
