//! The forecast view (SPEC 12): what the book will renew within the horizon. The totals (ARR up
//! for renewal, expected renewed ARR, P10/P50/P90), the three saves that move it most, each
//! renewal with its band (word and symbol), the model's probability, the CSM's call and the
//! probability used, the distribution of renewed ARR as a small chart with its axis named, and
//! the band rates learnt from the history. Wide and tall terminals put the list beside the rest;
//! others read it as one scrolled page, the picked row kept in sight. It draws the figures
//! `update` made: it must not touch the store nor compute a forecast.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::domain::{AccountId, terminal_safe};
use crate::format::{fit, money, money_short, money_steps};
use crate::outcomes::backtest::BANDS;
use crate::outcomes::{Forecast, ForecastRow};
use crate::scoring::{round_half_away, tenths};
use crate::ui::editing::call_words;
use crate::ui::state::AppState;
use crate::ui::theme::Theme;
use crate::ui::view_state::ViewState;
use crate::ui::widgets::view_frame;

/// How many saves are marked and listed.
const SAVES: usize = 3;
/// Terminals at least this wide put the list beside the rest...
const WIDE: u16 = 150;
/// ... giving the rest this many columns.
const SUMMARY: u16 = 78;

/// A probability as a percentage to one decimal.
fn percent(p: f64) -> String {
    format!("{} %", tenths(100.0 * p))
}

/// A range's share of the draws: a share that rounds to nothing but happened is "< 0.1 %",
/// so its bar of one block does not sit beside "0.0 %".
fn share_words(share: f64) -> String {
    if share > 0.0 && share < 0.0005 { "< 0.1 %".to_owned() } else { percent(share) }
}

/// What `(1 - p) * ARR` puts at stake on a renewal, in cents.
#[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)] // cents far below 2^53
fn stake(r: &ForecastRow) -> i64 {
    round_half_away((1.0 - r.p) * r.arr_cents as f64) as i64
}

/// Draws the forecast view into `area`.
pub fn render(
    state: &AppState,
    view_state: &ViewState,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let session = &state.forecast;
    let horizon = session.figures.as_ref().map_or(0, |f| f.horizon_days);
    let other = if session.year { "h: the configured horizon" } else { "h: 12 months" };
    let note = format!("renewals due within {horizon} days · {other}");
    let Some(inner) = view_frame("Forecast", &note, theme, area, buf) else {
        return;
    };
    let Some(f) = &session.figures else {
        let text = match (&session.failed, session.loading) {
            (Some(why), _) => format!(" The forecast could not be made: {}", terminal_safe(why)),
            (None, true) => " Learning the renewal rates from the book's history…".to_owned(),
            (None, false) => " The forecast is made when the view opens.".to_owned(),
        };
        Line::styled(text, theme.dim()).render(inner, buf);
        return;
    };
    let page = Page { state, f, theme };
    let summary = page.summary();
    if inner.width >= WIDE && usize::from(inner.height) >= summary.len() {
        let [list, right] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(SUMMARY)]).areas(inner);
        let list = Rect { width: list.width.saturating_sub(2), ..list };
        let head = page.head(usize::from(list.width));
        let doc = Doc { before: vec![head], rows: f.renewals.len(), after: Vec::new() };
        doc.render(&page, view_state, list, buf);
        for (i, line) in summary.into_iter().enumerate() {
            let y = right.y + u16::try_from(i).unwrap_or(u16::MAX);
            line.render(Rect { y, height: 1, ..right }, buf);
        }
        return;
    }
    let width = usize::from(inner.width);
    let (top, rest) = summary.split_at(page.top_len().min(summary.len()));
    let mut before = top.to_vec();
    before.push(page.head(width));
    let doc = Doc { before, rows: f.renewals.len(), after: rest.to_vec() };
    doc.render(&page, view_state, inner, buf);
}

/// What the view's lines are made of.
struct Page<'a> {
    state: &'a AppState,
    f: &'a Forecast,
    theme: Theme,
}

impl Page<'_> {
    fn name(&self, id: AccountId) -> String {
        let book = &self.state.book.scored.accounts;
        book.binary_search_by_key(&id, |e| e.account.id)
            .map_or_else(|_| format!("#{id}"), |i| terminal_safe(&book[i].account.name).into())
    }

    fn money(&self, cents: i64) -> String {
        money(cents, &self.state.currency)
    }

    /// How many lines of the summary come before the list on a narrow page: the totals and
    /// the saves.
    fn top_len(&self) -> usize {
        let saves = self.f.saves.len().min(SAVES);
        4 + if saves > 0 { saves + 2 } else { 0 }
    }

    /// The totals, the saves, the chart and the band rates.
    fn summary(&self) -> Vec<Line<'static>> {
        let (f, theme) = (self.f, self.theme);
        let figure = |label: &str, value: String| {
            Line::from(vec![Span::styled(format!(" {label:<22}"), theme.dim()), Span::raw(value)])
        };
        let mut lines = vec![
            figure(
                "ARR up for renewal",
                format!("{} · {} renewals", self.money(f.arr_up_cents), f.renewals.len()),
            ),
            figure("Expected renewed ARR", self.money(f.expected_cents)),
            figure(
                "P10 / P50 / P90",
                format!(
                    "{} / {} / {}",
                    money_short(f.p10_cents, &self.state.currency),
                    money_short(f.p50_cents, &self.state.currency),
                    money_short(f.p90_cents, &self.state.currency)
                ),
            ),
            Line::default(),
        ];
        let saves: Vec<&ForecastRow> = f
            .saves
            .iter()
            .take(SAVES)
            .filter_map(|id| f.renewals.iter().find(|r| r.account_id == *id))
            .collect();
        if !saves.is_empty() {
            lines.push(Line::styled(
                " The saves that matter most (S1-S3 in the list; (1 - p) x ARR at stake):",
                theme.header(),
            ));
            for (i, r) in saves.iter().enumerate() {
                lines.push(Line::from(vec![
                    Span::styled(format!(" S{} ", i + 1), theme.key()),
                    Span::raw(format!(
                        "{} · {} at stake · p {} · due {}",
                        self.name(r.account_id),
                        money_short(stake(r), &self.state.currency),
                        percent(r.p),
                        r.due
                    )),
                ]));
            }
            lines.push(Line::default());
        }
        lines.extend(self.chart());
        lines.push(Line::default());
        lines.push(Line::styled(" Renewal rate by band (the model):", theme.header()));
        for band in BANDS {
            let count = f.rates.count(band);
            let basis = if f.rates.from_prior(band) {
                "no history: the prior".to_owned()
            } else {
                format!("{} of {} renewed", count.renewed, count.count)
            };
            lines.push(Line::from(vec![
                Span::styled(
                    format!(" {} {:<9}", Theme::band_symbol(band), band.word()),
                    theme.band(band),
                ),
                Span::raw(format!("{:>8}  ", percent(f.rates.rate(band)))),
                Span::styled(basis, theme.dim()),
            ]));
        }
        lines
    }

    /// The distribution of renewed ARR: a bar per bucket, its share of the draws.
    fn chart(&self) -> Vec<Line<'static>> {
        let spread = &self.state.forecast.spread;
        let theme = self.theme;
        let mut lines =
            vec![Line::styled(" Renewed ARR: how likely each range is", theme.header())];
        let top = spread.iter().map(|b| b.2).fold(0.0, f64::max);
        let bar_width = 24.0;
        // Every range's two ends, once: a narrow spread needs more decimals to tell them apart.
        let mut steps: Vec<i64> = spread.iter().map(|b| b.0).collect();
        steps.extend(spread.last().map(|b| b.1));
        let labels = money_steps(&steps, &self.state.currency);
        let ranges: Vec<String> = labels.windows(2).map(|w| format!("{}–{}", w[0], w[1])).collect();
        let width = ranges.iter().map(|r| r.chars().count()).max().unwrap_or(0).max(17);
        for (&(_, _, share), range) in spread.iter().zip(&ranges) {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let bar = if top > 0.0 { (share / top * bar_width).round() as usize } else { 0 };
            lines.push(Line::from(vec![
                Span::styled(format!(" {range:>width$} "), theme.dim()),
                Span::styled("█".repeat(bar.max(usize::from(share > 0.0))), theme.key()),
                Span::raw(format!(" {}", share_words(share))),
            ]));
        }
        lines.push(Line::styled(
            format!(" {:>width$} share of {} seeded draws", "renewed ARR", grouped_draws()),
            theme.dim(),
        ));
        lines
    }

    /// The list's header.
    fn head(&self, width: usize) -> Line<'static> {
        let account = account_width(width);
        let text = format!(
            "    {:<10} {:<account$} {:>9} {:<10} {:>7} {:<8} {:>7}",
            "due", "account", "ARR", "band", "model", "call", "p"
        );
        Line::styled(fit(&text, width), self.theme.header())
    }

    /// The list's row `i`.
    fn row(&self, i: usize, width: usize) -> Line<'static> {
        let r = &self.f.renewals[i];
        let theme = self.theme;
        let rank = self.f.saves.iter().take(SAVES).position(|id| *id == r.account_id);
        let mark = rank.map_or_else(|| "   ".to_owned(), |n| format!("S{} ", n + 1));
        let account = account_width(width);
        let call = r.call.map_or_else(|| "—".to_owned(), |c| call_words(Some(c)));
        let band = format!("{} {}", Theme::band_symbol(r.band), r.band.word());
        let spans = vec![
            Span::styled(format!(" {mark}"), theme.key()),
            Span::raw(format!(
                "{} {} {:>9} ",
                r.due,
                fit(&self.name(r.account_id), account),
                money_short(r.arr_cents, &self.state.currency)
            )),
            Span::styled(fit(&band, 10), theme.band(r.band)),
            Span::raw(format!(" {:>7} ", percent(r.model_p))),
            Span::styled(
                fit(&call, 8),
                if r.call.is_some() { theme.header() } else { theme.dim() },
            ),
            Span::raw(format!(" {:>7}", percent(r.p))),
        ];
        Line::from(spans)
    }
}

fn grouped_draws() -> String {
    crate::format::grouped(crate::outcomes::distribution::SIMULATIONS)
}

/// The account column's width in a list `width` wide.
fn account_width(width: usize) -> usize {
    width.saturating_sub(4 + 11 + 10 + 11 + 8 + 9 + 8).clamp(8, 40)
}

/// The lines of a page: some before the list, the list's rows (made only when in sight), some
/// after.
struct Doc {
    before: Vec<Line<'static>>,
    rows: usize,
    after: Vec<Line<'static>>,
}

impl Doc {
    fn len(&self) -> usize {
        self.before.len() + self.rows + self.after.len()
    }

    fn render(&self, page: &Page<'_>, view_state: &ViewState, area: Rect, buf: &mut Buffer) {
        let rows = usize::from(area.height);
        let scroll = &view_state.view_scroll;
        let picked = page.state.forecast.picked();
        let at = picked.and_then(|id| page.f.renewals.iter().position(|r| r.account_id == id));
        if view_state.forecast_shown.get() != picked {
            // Another row picked since the last drawing: bring it into sight.
            if let Some(at) = at {
                scroll.reveal(self.before.len() + at, rows);
            }
            view_state.forecast_shown.set(picked);
        }
        let start = scroll.clamp(self.len().saturating_sub(rows));
        scroll.set_page(rows.saturating_sub(2));
        let width = usize::from(area.width);
        for (y, line) in (start..self.len().min(start + rows)).enumerate() {
            let cell = Rect { y: area.y + u16::try_from(y).unwrap_or(u16::MAX), height: 1, ..area };
            let row = line.checked_sub(self.before.len()).filter(|&r| r < self.rows);
            match row {
                Some(r) if Some(r) == at => {
                    page.row(r, width).style(page.theme.selected()).render(cell, buf);
                }
                Some(r) => page.row(r, width).render(cell, buf),
                None if line < self.before.len() => self.before[line].clone().render(cell, buf),
                None => {
                    let after = line - self.before.len() - self.rows;
                    self.after[after].clone().render(cell, buf);
                }
            }
        }
        if self.rows == 0 {
            let y = area.y + u16::try_from(self.before.len().saturating_sub(start)).unwrap_or(0);
            if y < area.bottom() {
                let text = " No renewal is due in the horizon.";
                Line::styled(text, Style::default()).render(Rect { y, height: 1, ..area }, buf);
            }
        }
    }
}

#[cfg(test)]
mod tests;
