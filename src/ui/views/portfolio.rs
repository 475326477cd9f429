//! The portfolio dashboard: the book's accounts, ARR and NPS, ARR by band, the health
//! distribution as a bar chart coloured by band, and renewals by month for the next 12 months.
//! Two columns on large terminals; stacked, most important first, on small ones, where it
//! scrolls. It draws the
//! state only (the book metrics and summaries scored at load): it must not touch the store or
//! score anything.

use chrono::{Datelike, Months, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Widget};
use unicode_width::UnicodeWidthStr;

use crate::format::{grouped, money, money_short, thousands};
use crate::scoring::{Band, BookMetrics};
use crate::ui::document::Document;
use crate::ui::state::AppState;
use crate::ui::theme::Theme;
use crate::ui::view_state::ViewState;
use crate::ui::widgets::pane_block;

mod retention;

/// Two columns at least this tall show the retention by segment too.
const WIDE_SEGMENTS: u16 = 44;
/// Areas at least this wide and this tall get two columns.
const WIDE: (u16, u16) = (120, 32);
/// How many months the renewals by month cover, the as-of month first.
const MONTHS: u16 = 12;

/// The renewals due in one month, from the as-of date on.
#[derive(Debug, Clone, Copy)]
struct Month {
    /// The first day of the month.
    first: NaiveDate,
    count: usize,
    /// A total: `i128`, which no sum of accounts overflows.
    arr_cents: i128,
}

/// Draws the portfolio dashboard into `area`.
pub fn render(
    state: &AppState,
    view_state: &ViewState,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    if area.width >= WIDE.0 && area.height >= WIDE.1 {
        // Everything fits: nothing to scroll, and a scroll asked for does not build up unseen.
        view_state.view_scroll.clamp(0);
        render_wide(state, theme, area, buf);
    } else {
        render_stacked(state, view_state, theme, area, buf);
    }
}

/// Two columns: the book and its health on the left, its renewals on the right.
fn render_wide(state: &AppState, theme: Theme, area: Rect, buf: &mut Buffer) {
    let left_width = (area.width / 2).clamp(60, 90);
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_width), Constraint::Fill(1)]).areas(area);
    let [book, due, health] =
        Layout::vertical([Constraint::Length(10), Constraint::Length(6), Constraint::Fill(1)])
            .areas(left);
    let retention_height = retention::height(state, area.height >= WIDE_SEGMENTS);
    let [month_chart, retention, month_table] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(retention_height),
        Constraint::Length(MONTHS + 3),
    ])
    .areas(right);
    let months = renewals_by_month(state);
    render_book(state, theme, true, book, buf);
    render_due(&state.book.scored.metrics, state, theme, due, buf);
    render_health(state, theme, health, buf);
    render_month_chart(&months, state, theme, month_chart, buf);
    render_month_table(&months, state, theme, month_table, buf);
    retention::render(state, theme, area.height >= WIDE_SEGMENTS, retention, buf);
}

/// Rows of each part stacked in one column: the book, the health distribution, the renewals
/// due, and the renewals by month as a table; the retention, as tall as its rows, comes second.
const STACKED: [u16; 4] = [7, 13, 6, MONTHS + 3];

/// One column, every part in full, most important first: the book and its bands, its
/// retention (by segment too), the health distribution, the renewals due, then renewals by
/// month. An area too short for all of it
/// scrolls (the movement keys), its first and last rows saying what is above and below.
fn render_stacked(
    state: &AppState,
    view_state: &ViewState,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    if area.is_empty() {
        return;
    }
    let [book, health, due, months] = STACKED;
    let retention_height = retention::height(state, true);
    let rows = [book, retention_height, health, due, months];
    let height: u16 = rows.iter().sum();
    // The column is drawn whole off screen, then the rows the scroll shows are copied in.
    let whole = Rect::new(0, 0, area.width, height);
    let mut drawn = Buffer::empty(whole);
    let [book, retention, health, due, months] =
        Layout::vertical(rows.map(Constraint::Length)).areas(whole);
    render_book(state, theme, false, book, &mut drawn);
    retention::render(state, theme, true, retention, &mut drawn);
    render_due(&state.book.scored.metrics, state, theme, due, &mut drawn);
    render_health(state, theme, health, &mut drawn);
    render_month_table(&renewals_by_month(state), state, theme, months, &mut drawn);
    let mut doc = Document::new(area.width);
    for y in 0..height {
        let drawn = &drawn;
        doc.widget(move |row, buf| {
            for x in 0..row.width.min(drawn.area.width) {
                buf[(row.x + x, row.y)] = drawn[(x, y)].clone();
            }
        });
    }
    doc.render(area, buf, &view_state.view_scroll, theme);
}

/// Draws `block` and returns its inner area, or `None` when nothing fits inside.
fn framed(block: Block<'_>, area: Rect, buf: &mut Buffer) -> Option<Rect> {
    if area.is_empty() {
        return None;
    }
    let inner = block.inner(area);
    block.render(area, buf);
    (!inner.is_empty()).then_some(inner)
}

fn block_title(title: &str, note: String, theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!(" {title} "), theme.header()),
        Span::styled(note, theme.dim()),
    ])
}

/// Accounts, total ARR, NPS, then ARR by band.
fn render_book(state: &AppState, theme: Theme, wide: bool, area: Rect, buf: &mut Buffer) {
    let m = &state.book.scored.metrics;
    let Some(inner) =
        framed(pane_block(block_title("Portfolio", String::new(), theme), theme, false), area, buf)
    else {
        return;
    };
    let nps = nps_words(m);
    let mut lines = if wide {
        vec![
            Line::from(vec![
                Span::styled(" Accounts   ", theme.dim()),
                Span::raw(grouped(m.accounts)),
            ]),
            Line::from(vec![
                Span::styled(" Total ARR  ", theme.dim()),
                Span::raw(money(m.arr_cents, &state.currency)),
            ]),
            Line::from(vec![Span::styled(" NPS        ", theme.dim()), Span::raw(nps)]),
            Line::from(""),
        ]
    } else {
        let headline = format!(
            " {} accounts · ARR {} · NPS {nps}",
            grouped(m.accounts),
            money(m.arr_cents, &state.currency)
        );
        vec![Line::from(headline)]
    };
    lines.extend(
        Band::ALL
            .iter()
            .enumerate()
            .map(|(i, &band)| band_line(m, i, band, state, theme, inner.width)),
    );
    for (i, line) in lines.into_iter().take(usize::from(inner.height)).enumerate() {
        line.render(Rect { y: inner.y + i as u16, height: 1, ..inner }, buf);
    }
}

/// "+12.5 from 48 respondents", or "no responses".
fn nps_words(m: &BookMetrics) -> String {
    match m.nps {
        Some(nps) => {
            let noun = if m.nps_responses == 1 { "respondent" } else { "respondents" };
            format!("{nps:+.1} from {} {noun}", grouped(m.nps_responses))
        }
        None => "no responses".to_owned(),
    }
}

/// One band: symbol and word, accounts, ARR, share of ARR as a number and a bar.
fn band_line(
    m: &BookMetrics,
    i: usize,
    band: Band,
    state: &AppState,
    theme: Theme,
    width: u16,
) -> Line<'static> {
    let count = m.accounts_by_band.get(i).copied().unwrap_or(0);
    let arr = m.arr_by_band.get(band);
    let share = if m.arr_cents > 0 { (arr * 100 + m.arr_cents / 2) / m.arr_cents } else { 0 };
    let noun = if count == 1 { "account" } else { "accounts" };
    // Columns as wide as the book's totals, which no band exceeds.
    let (count_width, money_width) =
        (grouped(m.accounts).len().max(5), money(m.arr_cents, &state.currency).width().max(12));
    let text = format!(
        " {} {:<8} {:>count_width$} {noun:<8} {:>money_width$} {share:>3}% ",
        Theme::band_symbol(band),
        band.word(),
        grouped(count),
        money(arr, &state.currency)
    );
    let room = usize::from(width).saturating_sub(text.width()).min(30);
    let bar = usize::try_from(share).unwrap_or(0) * room / 100;
    let bar = if bar == 0 && arr > 0 && room > 0 { "▏".to_owned() } else { "█".repeat(bar) };
    Line::from(vec![Span::styled(text, theme.band(band)), Span::styled(bar, theme.band(band))])
}

/// Renewals due within 30, 60, 90 and 120 days.
fn render_due(m: &BookMetrics, state: &AppState, theme: Theme, area: Rect, buf: &mut Buffer) {
    let title = block_title("Renewals due", format!("from {} ", state.as_of), theme);
    let Some(inner) = framed(pane_block(title, theme, false), area, buf) else { return };
    // Columns as wide as the longest window's figures, which hold every shorter window's.
    let widest = m.renewals.iter().max_by_key(|b| b.days);
    let count_width = widest.map_or(0, |b| grouped(b.count).len()).max(5);
    let money_width = widest.map_or(0, |b| money(b.arr_cents, &state.currency).width()).max(12);
    for (i, bucket) in m.renewals.iter().take(usize::from(inner.height)).enumerate() {
        let noun = if bucket.count == 1 { "renewal" } else { "renewals" };
        let line = Line::from(vec![
            Span::styled(format!(" within {:>3} days ", bucket.days), theme.dim()),
            Span::raw(format!(
                "{:>count_width$} {noun:<8} {:>money_width$}",
                grouped(bucket.count),
                money(bucket.arr_cents, &state.currency)
            )),
        ]);
        line.render(Rect { y: inner.y + i as u16, height: 1, ..inner }, buf);
    }
}

/// The health distribution: accounts per ten points of health, each bar in the colour of its
/// band and the bands named under their bars.
fn render_health(state: &AppState, theme: Theme, area: Rect, buf: &mut Buffer) {
    let bins = health_bins(state);
    let scored: u64 = bins.iter().map(|(n, _)| n).sum();
    let unscored = state
        .book
        .scored
        .metrics
        .accounts
        .saturating_sub(usize::try_from(scored).unwrap_or(usize::MAX));
    let mut note = format!("of {} scored accounts ", thousands(scored));
    if unscored > 0 {
        note.push_str(&format!("· {} unscored not shown ", grouped(unscored)));
    }
    let title = block_title("Health distribution", note, theme);
    let Some(inner) = framed(pane_block(title, theme, false), area, buf) else { return };
    let runs = band_runs(&bins);
    let gaps = 9 + 2 * (runs.len() as u16).saturating_sub(1);
    let bar_width = (inner.width.saturating_sub(gaps) / 10).clamp(1, 9);
    let mut chart = BarChart::default().bar_width(bar_width).bar_gap(1).group_gap(2);
    let mut first = 0;
    for &(band, len) in &runs {
        let bars: Vec<Bar<'static>> = (first..first + len)
            .map(|bin| health_bar(bin, bins[bin].0, band, bar_width, theme))
            .collect();
        first += len;
        let span = len as u16 * (bar_width + 1) - 1;
        chart = chart.data(BarGroup::new(bars).label(group_label(band, span, theme)));
    }
    chart.render(centered_width(inner, 10 * bar_width + gaps), buf);
}

/// `area` narrowed to `width` columns in its middle.
fn centered_width(area: Rect, width: u16) -> Rect {
    let width = width.min(area.width);
    Rect { x: area.x + (area.width - width) / 2, width, ..area }
}

/// The count of scored accounts in each tenth of health (90 to 100 in the last) and the band
/// each tenth falls in: the most urgent band among its accounts, or the band below it when it
/// is empty (the thresholds are not part of the state).
fn health_bins(state: &AppState) -> [(u64, Band); 10] {
    let mut bins = [(0_u64, Band::Unscored); 10];
    for entry in state.book.scored.active() {
        let Some(health) = entry.summary.health else { continue };
        let bin = usize::try_from(health.clamp(0, 100) / 10).unwrap_or(0).min(9);
        let (count, band) = &mut bins[bin];
        *count += 1;
        *band = (*band).min(entry.summary.band);
    }
    let first_band =
        bins.iter().map(|(_, b)| *b).find(|b| *b != Band::Unscored).unwrap_or(Band::AtRisk);
    let mut below = first_band;
    for (_, band) in &mut bins {
        if *band == Band::Unscored {
            *band = below;
        }
        below = *band;
    }
    bins
}

/// The bins as runs of one band: (band, number of bins).
fn band_runs(bins: &[(u64, Band); 10]) -> Vec<(Band, usize)> {
    bins.chunk_by(|a, b| a.1 == b.1).map(|run| (run[0].1, run.len())).collect()
}

fn health_bar(bin: usize, count: u64, band: Band, width: u16, theme: Theme) -> Bar<'static> {
    let low = bin * 10;
    let label = match (bin, width) {
        (9, 6..) => "90-100".to_owned(),
        (_, 5..) => format!("{low}-{}", low + 9),
        _ => low.to_string(),
    };
    Bar::default()
        .value(count)
        .label(Line::from(label))
        .style(theme.band(band))
        .value_style(theme.band(band).reversed())
}

/// The band's symbol and word under its bars, or the symbol alone when the word does not fit.
fn group_label(band: Band, width: u16, theme: Theme) -> Line<'static> {
    let full = format!("{} {}", Theme::band_symbol(band), band.word());
    let text =
        if full.width() <= usize::from(width) { full } else { Theme::band_symbol(band).to_owned() };
    Line::styled(text, theme.band(band)).centered()
}

/// The renewals due in each of the next 12 months (the as-of month first), from the as-of date on.
fn renewals_by_month(state: &AppState) -> Vec<Month> {
    let as_of = state.as_of;
    let start = as_of.with_day(1).unwrap_or(as_of);
    let mut months: Vec<Month> = (0..u32::from(MONTHS))
        .map(|i| Month {
            first: start.checked_add_months(Months::new(i)).unwrap_or(start),
            count: 0,
            arr_cents: 0,
        })
        .collect();
    for entry in state.book.scored.active() {
        let Some(date) = entry.account.renewal_date.filter(|d| *d >= as_of) else { continue };
        let index =
            (date.year() - start.year()) * 12 + date.month0() as i32 - start.month0() as i32;
        if let Some(month) = usize::try_from(index).ok().and_then(|i| months.get_mut(i)) {
            month.count += 1;
            month.arr_cents += i128::from(entry.account.arr_cents);
        }
    }
    months
}

/// "Nov 2026 – Oct 2027" for the months shown.
fn months_note(months: &[Month]) -> String {
    match (months.first(), months.last()) {
        (Some(first), Some(last)) => {
            format!("{} – {} ", first.first.format("%b %Y"), last.first.format("%b %Y"))
        }
        _ => String::new(),
    }
}

/// Renewals by month as a table: month, renewals, ARR and a bar of the ARR.
fn render_month_table(
    months: &[Month],
    state: &AppState,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let title = block_title("Renewals by month", months_note(months), theme);
    let Some(inner) = framed(pane_block(title, theme, false), area, buf) else { return };
    let header = format!(" {:<9} {:>8} {:>12}", "month", "renewals", "ARR");
    let most = months.iter().map(|m| m.arr_cents).max().unwrap_or(0).max(1);
    let room = i128::from(inner.width.saturating_sub(34).min(30));
    let lines = std::iter::once(Line::styled(header, theme.dim())).chain(months.iter().map(|m| {
        let bar = usize::try_from(m.arr_cents * room / most).unwrap_or(0);
        let money = money(m.arr_cents, &state.currency);
        Line::from(vec![
            Span::raw(format!(
                " {:<9} {:>8} {money:>12} ",
                m.first.format("%b %Y"),
                grouped(m.count)
            )),
            Span::styled("█".repeat(bar), theme.dim()),
        ])
    }));
    for (i, line) in lines.take(usize::from(inner.height)).enumerate() {
        line.render(Rect { y: inner.y + i as u16, height: 1, ..inner }, buf);
    }
}

/// Renewals by month as a bar chart of ARR, the months and counts under the bars.
fn render_month_chart(
    months: &[Month],
    state: &AppState,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let note = "with the number of renewals under each month ".to_owned();
    let title = block_title("ARR renewing by month", note, theme);
    let Some(inner) = framed(pane_block(title, theme, false), area, buf) else { return };
    let count = months.len() as u16;
    let bar_width =
        (inner.width.saturating_sub(count.saturating_sub(1)) / count.max(1)).clamp(1, 9);
    let mut chart = BarChart::default().bar_width(bar_width).bar_gap(0).group_gap(1);
    for month in months {
        let value = if month.count == 0 {
            String::new()
        } else {
            money_short(month.arr_cents, &state.currency)
        };
        let bar = Bar::default()
            .value(u64::try_from(month.arr_cents / 100).unwrap_or(0))
            .text_value(value)
            .label(Line::from(month.first.format("%b").to_string()))
            .value_style(theme.header().reversed());
        let count = Line::styled(grouped(month.count), theme.dim()).centered();
        chart = chart.data(BarGroup::new([bar]).label(count));
    }
    let width = count * bar_width + count.saturating_sub(1);
    chart.render(centered_width(inner, width), buf);
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::layout::Rect;

    use crate::ui::App;
    use crate::ui::testing::{buffer_lines, demo_app, draw, on_each_engine};
    use crate::ui::theme::Theme;

    fn portfolio_app() -> App {
        let mut app = demo_app();
        app.handle_key(KeyEvent::new(KeyCode::Char('4'), KeyModifiers::NONE)).expect("key");
        app
    }

    #[test]
    fn portfolio_at_80x24() {
        on_each_engine("portfolio_at_80x24", || {
            insta::assert_snapshot!("portfolio_at_80x24", draw(&portfolio_app(), 80, 24).backend());
        });
    }

    #[test]
    fn portfolio_at_160x48() {
        on_each_engine("portfolio_at_160x48", || {
            insta::assert_snapshot!(
                "portfolio_at_160x48",
                draw(&portfolio_app(), 160, 48).backend()
            );
        });
    }

    /// The demo workspace in colour, on the view of `key`, for the styled snapshot.
    fn colour_app(key: char) -> App {
        let mut app = crate::ui::testing::demo_app_in_colour();
        app.handle_key(KeyEvent::new(KeyCode::Char(key), KeyModifiers::NONE)).expect("key");
        app
    }

    #[test]
    fn bands_keep_their_colours() {
        on_each_engine("bands_keep_their_colours", || {
            let terminal = draw(&colour_app('4'), 80, 24);
            insta::assert_debug_snapshot!("bands_keep_their_colours", terminal.backend().buffer());
        });
    }

    #[test]
    fn totals_past_i64_are_drawn_whole() {
        on_each_engine("totals_past_i64_are_drawn_whole", || {
            // 2 * 9,223,372,036,854,775,807 cents: $184,467,440,737,095,516 (it overflowed to -$0).
            let mut app = crate::ui::testing::largest_arr_app();
            app.handle_key(KeyEvent::new(KeyCode::Char('4'), KeyModifiers::NONE)).expect("key");
            let text = crate::ui::testing::buffer_lines(draw(&app, 160, 48).backend().buffer());
            let text = text.join("\n");
            assert!(text.contains("$184,467,440,737,095,516"), "{text}");
            assert!(!text.contains("-$"), "{text}");
        });
    }

    #[test]
    fn tiny_areas_do_not_panic() {
        on_each_engine("tiny_areas_do_not_panic", || {
            let app = portfolio_app();
            for (width, height) in [(0, 0), (5, 2), (12, 4), (30, 3), (1, 30), (120, 32), (200, 8)]
            {
                let area = Rect::new(0, 0, width, height);
                let mut buf = Buffer::empty(area);
                super::render(&app.state, &app.view_state, Theme::default(), area, &mut buf);
            }
        });
    }

    #[test]
    fn at_80x24_the_portfolio_scrolls_to_its_renewals_by_month() {
        on_each_engine("at_80x24_the_portfolio_scrolls_to_its_renewals_by_month", || {
            use crate::ui::Action;
            let mut app = crate::ui::testing::demo_app();
            app.apply(Action::ShowPortfolio).unwrap();
            let screen = |app: &crate::ui::App| format!("{}", draw(app, 80, 24).backend());
            let top = screen(&app);
            assert!(top.contains("more below") && !top.contains("Renewals by month"), "{top}");
            app.apply(Action::SelectLast).unwrap();
            let end = screen(&app);
            assert!(end.contains("Renewals by month") && end.contains("within 120 days"), "{end}");
            assert!(end.contains("more above") && !end.contains("more below"), "{end}");
            assert_eq!(app.state.selected, 0, "scrolling leaves the selection alone");
        });
    }

    #[test]
    fn the_retention_panel_shows_the_figures_of_csm_retention() {
        on_each_engine("the_retention_panel_shows_the_figures_of_csm_retention", || {
            use crate::outcomes::retention_at;
            let mut app = crate::ui::testing::app_with_history(40);
            app.apply(crate::ui::Action::ShowPortfolio).unwrap();
            let periods = retention_at(app.store(), crate::ui::testing::as_of()).unwrap();
            let text = buffer_lines(draw(&app, 160, 48).backend().buffer()).join("\n");
            let shown = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| format!("{v:.1} %"));
            let book: Vec<_> = periods.iter().filter(|r| r.segment.is_none()).collect();
            assert_eq!(book.len(), 5, "four quarters and their span");
            let names = ["Q4 2025", "Q1 2026", "Q2 2026", "Q3 2026", "Q4 2025 – Q3 2026"];
            for (r, name) in book.iter().zip(names) {
                let figures = format!(
                    "{:>9} {:>9} {:>9} {:>9}",
                    r.records.len(),
                    shown(r.grr),
                    shown(r.nrr),
                    shown(r.logo)
                );
                let line = text.lines().find(|l| l.contains(&format!(" {name:<19}{figures}")));
                assert!(line.is_some(), "{name}{figures} in {text}");
            }
            // The segments with renewals over the span, at 48 rows.
            assert!(text.contains("By segment, Q4 2025 – Q3 2026"), "{text}");
            for r in periods.iter().filter(|r| r.segment.is_some() && r.period == book[4].period) {
                let name = r.segment.unwrap().code().replace('_', "-");
                assert_eq!(text.contains(&format!(" {name:<19}")), !r.records.is_empty(), "{name}");
            }
        });
    }

    #[test]
    fn a_quarter_without_renewals_shows_a_dash_and_says_why() {
        on_each_engine("a_quarter_without_renewals_shows_a_dash_and_says_why", || {
            // Twelve renewals due 20 to 141 days before the as-of date: all in Q3 and Q4 2026.
            let mut app = crate::ui::testing::app_with_history(12);
            app.apply(crate::ui::Action::ShowPortfolio).unwrap();
            let text = buffer_lines(draw(&app, 160, 48).backend().buffer()).join("\n");
            let q1 = text.lines().find(|l| l.contains(" Q1 2026 ")).expect("Q1 2026");
            assert!(q1.contains("0         —         —         —  no renewal due"), "{q1}");
            let q3 = text.lines().find(|l| l.contains(" Q3 2026 ")).expect("Q3 2026");
            assert!(!q3.contains("no renewal due") && q3.contains(" %"), "{q3}");
        });
    }

    #[test]
    fn no_renewal_closed_in_the_four_quarters_says_how_to_record_one() {
        on_each_engine("no_renewal_closed_in_the_four_quarters_says_how_to_record_one", || {
            let mut app = crate::ui::testing::app_with_history(3);
            app.apply(crate::ui::Action::ShowPortfolio).unwrap();
            let text = buffer_lines(draw(&app, 160, 48).backend().buffer()).join("\n");
            assert!(text.contains("No renewal has closed in these quarters yet"), "{text}");
        });
    }

    #[test]
    fn retention_is_read_again_after_an_edit() {
        on_each_engine("retention_is_read_again_after_an_edit", || {
            let mut app = crate::ui::testing::app_with_history(12);
            app.apply(crate::ui::Action::ShowPortfolio).unwrap();
            assert!(app.state.book.retention.is_some(), "read when the portfolio opens");
            app.apply(crate::ui::Action::Undo).unwrap();
            assert!(app.state.book.retention.is_some(), "read again after the edit");
            app.apply(crate::ui::Action::ShowBook).unwrap();
            app.apply(crate::ui::Action::Undo).unwrap();
            assert!(app.state.book.retention.is_none(), "not read while the portfolio is away");
        });
    }
}
