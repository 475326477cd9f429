//! The model check view: does the health score predict churn on this book? The backtest of
//! SPEC 12 as the workspace holds it: what it means in plain words first, then the figures (the
//! records, the AUC with its interval, the leave-one-out Brier score), the table by band, each
//! component's AUC and each risk signal's churn rate with and without it. One column that
//! scrolls on a small terminal; the words and figures beside the tables on a wide one.
//!
//! It draws `state.model_check` only (the backtest is computed beside the screen, see
//! `ui::model_check`): it must not touch the store, score, or compute a figure.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::domain::terminal_safe;
use crate::format::thousands;
use crate::outcomes::Backtest;
use crate::outcomes::plain_words::{percent, plain_words, signal_words};
use crate::scoring::{round_to_hundredth, tenths};
use crate::ui::document::{self, Document};
use crate::ui::model_check::LEADS;
use crate::ui::state::AppState;
use crate::ui::theme::Theme;
use crate::ui::view_state::ViewState;
use crate::ui::widgets::view_frame;

/// Views at least this wide show the words and figures beside the tables.
const TWO_COLUMNS: u16 = 160;

/// Draws the model check into `area`.
pub fn render(
    state: &AppState,
    view_state: &ViewState,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let check = &state.model_check;
    let lead = check.lead.unwrap_or(LEADS[0]);
    let note = format!("health {lead} days before each renewal");
    let Some(inner) = view_frame("Model check", &note, theme, area, buf) else {
        return;
    };
    let (left, right) = match check.result(lead) {
        Some(b) if area.width >= TWO_COLUMNS => {
            let half = inner.width / 2;
            (summary(b, state, half - 1, theme), tables(b, theme))
        }
        Some(b) => {
            let mut lines = summary(b, state, inner.width, theme);
            lines.push(Line::default());
            lines.extend(tables(b, theme));
            (lines, Vec::new())
        }
        None => (waiting(state, lead, inner.width, theme), Vec::new()),
    };
    let mut doc = Document::new(inner.width);
    if right.is_empty() {
        left.into_iter().for_each(|line| doc.line(line));
    } else {
        // Two columns scrolled as one: each row draws its left and its right line.
        let half = inner.width / 2;
        let rows = left.len().max(right.len());
        let (mut left, mut right) = (left.into_iter(), right.into_iter());
        for _ in 0..rows {
            let (l, r) = (left.next().unwrap_or_default(), right.next().unwrap_or_default());
            doc.widget(move |row, buf| {
                l.clone().render(Rect { width: half.min(row.width), ..row }, buf);
                let x = row.x + half;
                r.clone().render(Rect { x, width: row.width.saturating_sub(half), ..row }, buf);
            });
        }
    }
    doc.render(inner, buf, &view_state.view_scroll, theme);
}

/// While the backtest runs, or why it failed.
fn waiting(state: &AppState, lead: u32, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let text = match &state.model_check.failed {
        Some(why) => format!(
            "The model check failed: {}. Open the view again (8) to try again.",
            terminal_safe(why)
        ),
        None => format!(
            "Checking the health model against every renewal record: each account's health \
             {lead} days before its renewal, scored from the facts of that day. The first check \
             of a book takes a few seconds; the workspace stays usable meanwhile."
        ),
    };
    bullet("", &text, width, theme.dim())
}

/// `text` wrapped at spaces into lines of at most `width` columns, a number kept with its
/// percent sign ("95 %" never breaks).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let glued = text.replace(" %", "\u{a0}%");
    let words: Vec<String> =
        glued.split(' ').filter(|w| !w.is_empty()).map(|w| w.replace('\u{a0}', " ")).collect();
    // A word longer than a line goes to the document's wrap, which splits it.
    let mut lines: Vec<String> = Vec::new();
    for word in words {
        match lines.last_mut() {
            Some(line) if line.width() + 1 + word.width() <= width => {
                line.push(' ');
                line.push_str(&word);
            }
            _ if word.width() > width => lines.extend(document::wrap(&word, width)),
            _ => lines.push(word),
        }
    }
    lines
}

/// `text` wrapped to `width` after `lead`, the lines after it indented as far.
fn bullet(lead: &str, text: &str, width: u16, style: Style) -> Vec<Line<'static>> {
    let first = if lead.is_empty() { " ".to_owned() } else { format!(" {lead} ") };
    let pad = " ".repeat(first.width());
    let room = usize::from(width).saturating_sub(pad.width() + 1).max(10);
    wrap(text, room)
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let head = if i == 0 { first.clone() } else { pad.clone() };
            Line::styled(format!("{head}{line}"), style)
        })
        .collect()
}

fn heading(text: String, theme: Theme) -> Line<'static> {
    Line::styled(format!(" {text}"), theme.header())
}

/// An AUC to two decimals, or a dash.
fn auc_text(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{:.2}", round_to_hundredth(v)))
}

fn rate_text(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), percent)
}

/// The words, then the headline figures.
fn summary(b: &Backtest, state: &AppState, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let question = "Does the health score predict churn on this book? In plain words:";
    let mut lines = vec![heading(question.to_owned(), theme)];
    for sentence in plain_words(b) {
        lines.extend(bullet("•", &sentence, width, Style::default()));
    }
    lines.push(Line::default());
    lines.push(heading(format!("The figures, as of {}", state.as_of), theme));
    let label = |text: &str| Span::styled(format!("  {text:<30}"), theme.dim());
    lines.push(Line::from(vec![
        label("Renewal records"),
        Span::raw(format!(
            "{} · churned {} ({})",
            thousands(b.count),
            thousands(b.churned),
            rate_text(b.churn_rate)
        )),
    ]));
    let interval = match (b.auc.low, b.auc.high) {
        (Some(low), Some(high)) => {
            format!("95 % interval {} to {}", auc_text(Some(low)), auc_text(Some(high)))
        }
        _ if b.auc.value.is_some() => "no interval: too few of one outcome".to_owned(),
        _ => "needs churned and renewed records".to_owned(),
    };
    lines.push(Line::from(vec![
        label("AUC of 100 - health"),
        Span::raw(format!("{} · {interval}", auc_text(b.auc.value))),
    ]));
    let brier = b.brier.map_or_else(|| "—".to_owned(), |v| format!("{v:.3}"));
    lines.push(Line::from(vec![label("Brier score, leave one out"), Span::raw(brier)]));
    lines
}

/// The table by band, each component's AUC and each signal's churn with and without it.
fn tables(b: &Backtest, theme: Theme) -> Vec<Line<'static>> {
    let lead = b.lead_days;
    let mut lines = vec![heading(format!("By band, {lead} days before renewal"), theme)];
    lines.push(Line::styled(
        format!(
            "  {:<11} {:>8} {:>8} {:>11} {:>14}",
            "band", "records", "churned", "churn", "renewal rate"
        ),
        theme.dim(),
    ));
    for band in &b.bands {
        let renewal = if band.from_prior {
            format!("{} prior", percent(band.calibrated))
        } else {
            percent(band.calibrated)
        };
        let churn = match band.rate {
            Some(rate) => percent(rate),
            None => "no record".to_owned(),
        };
        lines.push(Line::styled(
            format!(
                "  {} {:<9} {:>8} {:>8} {churn:>11} {renewal:>14}",
                Theme::band_symbol(band.band),
                band.band.word(),
                thousands(band.count),
                thousands(band.churned),
            ),
            theme.band(band.band),
        ));
    }
    lines.push(Line::default());
    lines.push(heading("Each component alone".to_owned(), theme));
    lines.push(Line::styled(
        format!("  {:<11} {:>8} {:>8}  {}", "component", "AUC", "records", "95 % interval"),
        theme.dim(),
    ));
    for (i, (kind, auc)) in b.components.iter().enumerate() {
        let with_data = b.rows.iter().filter(|r| r.components[i].is_some()).count();
        let interval = match (auc.low, auc.high) {
            (Some(low), Some(high)) => {
                format!("{} to {}", auc_text(Some(low)), auc_text(Some(high)))
            }
            _ if with_data == 0 => "no data".to_owned(),
            _ => "—".to_owned(),
        };
        lines.push(Line::raw(format!(
            "  {:<11} {:>8} {:>8}  {interval}",
            kind.name(),
            auc_text(auc.value),
            thousands(with_data as u64)
        )));
    }
    lines.push(Line::default());
    lines.push(heading(format!("Risk signals {lead} days before renewal"), theme));
    lines.push(Line::styled(
        format!(
            "  {:<19} {:>6} {:>10} {:>9} {:>6}",
            "signal", "fired", "churn with", "without", "lift"
        ),
        theme.dim(),
    ));
    for s in &b.signals {
        let (with, lift) = if s.fired == 0 {
            ("never".to_owned(), String::new())
        } else {
            (
                rate_text(s.with),
                s.lift.map_or_else(|| "—".to_owned(), |l| format!("x{}", tenths(l))),
            )
        };
        lines.push(Line::raw(format!(
            "  {:<19} {:>6} {with:>10} {:>9} {lift:>6}",
            signal_words(s.code),
            thousands(s.fired),
            rate_text(s.without),
        )));
    }
    lines
}

#[cfg(test)]
mod tests;
