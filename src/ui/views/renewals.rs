//! The renewals calendar: every account renewing in the next 120 days and every overdue one,
//! grouped by renewal phase (overdue, finalize, proposal, review, strategy) and by month within
//! each phase, with counts and ARR at stake per phase and per month. Wide terminals flow the
//! calendar into two columns. The movement keys move a pick along its accounts (enter opens the
//! picked one) and the calendar scrolls to keep it in sight, saying how many accounts are above
//! and below. It draws the state only: it must not touch the store or score.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::book::BookEntry;
use crate::domain::terminal_safe;
use crate::format::{fit, grouped, money_short};
use crate::scoring::{Renewal, RenewalPhase};
use crate::ui::scroll::ViewScroll;
use crate::ui::state::AppState;
use crate::ui::theme::Theme;
use crate::ui::view_state::ViewState;
use crate::ui::widgets::frame_block;

/// The phases the calendar shows, nearest first.
const PHASES: [RenewalPhase; 5] = [
    RenewalPhase::Overdue,
    RenewalPhase::Finalize,
    RenewalPhase::Proposal,
    RenewalPhase::Review,
    RenewalPhase::Strategy,
];

/// A calendar column is at least this wide; wider views get two.
const COLUMN: u16 = 76;

/// An account on the calendar.
struct Due<'a> {
    entry: &'a BookEntry,
    renewal: Renewal,
}

/// How many renewals and how much ARR a phase or a month holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Tally {
    count: usize,
    /// A total: `i128`, which no sum of accounts overflows.
    arr_cents: i128,
}

impl Tally {
    fn of<'a>(dues: impl IntoIterator<Item = &'a Due<'a>>) -> Self {
        dues.into_iter().fold(Self::default(), |t, d| Self {
            count: t.count + 1,
            arr_cents: t.arr_cents + i128::from(d.entry.account.arr_cents),
        })
    }

    fn describe(self, currency: &str) -> String {
        let noun = if self.count == 1 { "renewal" } else { "renewals" };
        format!("{} {noun} · {}", grouped(self.count), money_short(self.arr_cents, currency))
    }
}

/// One line of the calendar.
enum Entry<'a> {
    Phase(RenewalPhase, Tally),
    Month(NaiveDate, Tally),
    Account(&'a Due<'a>),
}

/// Draws the renewals calendar into `area`.
pub fn render(
    state: &AppState,
    view_state: &ViewState,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let dues = calendar(state);
    let block = frame_block(title(&dues, state, theme), theme);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.is_empty() {
        return;
    }
    if dues.is_empty() {
        let text = " No renewal in the next 120 days, and none overdue.";
        Line::styled(text, theme.dim()).render(inner, buf);
        return;
    }
    let totals = totals_lines(&dues, state, inner.width, theme);
    let mut body = inner;
    if usize::from(inner.height) > totals.len() + 4 {
        for (i, line) in totals.iter().enumerate() {
            line.render(Rect { y: inner.y + i as u16, height: 1, ..inner }, buf);
        }
        let used = totals.len() as u16 + 1;
        body = Rect { y: inner.y + used, height: inner.height - used, ..inner };
    }
    render_calendar(&entries(&dues), state, view_state, theme, body, buf);
}

/// The accounts renewing within 120 days or overdue, by date then name: the front of the
/// book's renewal order, up to the last date within the window.
fn calendar(state: &AppState) -> Vec<Due<'_>> {
    let accounts = &state.book.scored.accounts;
    state
        .renewal_window()
        .iter()
        .filter_map(|&i| {
            let date = accounts[i].account.renewal_date?;
            Some(Due { entry: &accounts[i], renewal: Renewal::new(date, state.as_of) })
        })
        .collect()
}

fn title(dues: &[Due<'_>], state: &AppState, theme: Theme) -> Line<'static> {
    let tally = Tally::of(dues);
    let text = format!("next 120 days and overdue · {} at stake ", tally.describe(&state.currency));
    Line::from(vec![Span::styled(" Renewals ", theme.header()), Span::styled(text, theme.dim())])
}

/// The calendar as lines: each phase's header, its months' headers, their accounts.
fn entries<'a>(dues: &'a [Due<'a>]) -> Vec<Entry<'a>> {
    let mut entries = Vec::with_capacity(dues.len() + 20);
    for phase in PHASES {
        let start = dues.partition_point(|d| d.renewal.phase < phase);
        let end = dues.partition_point(|d| d.renewal.phase <= phase);
        let in_phase = &dues[start..end];
        if in_phase.is_empty() {
            continue;
        }
        entries.push(Entry::Phase(phase, Tally::of(in_phase)));
        for month in in_phase.chunk_by(|a, b| month_of(a.renewal.date) == month_of(b.renewal.date))
        {
            entries.push(Entry::Month(month[0].renewal.date, Tally::of(month)));
            entries.extend(month.iter().map(Entry::Account));
        }
    }
    entries
}

fn month_of(date: NaiveDate) -> (i32, u32) {
    (date.year(), date.month())
}

/// Lays the entries out in one column, or two when the area is wide enough, from the view's
/// scroll on: when scrolled, the first line says how many accounts are above; when some are
/// below, the last line says how many.
fn render_calendar(
    entries: &[Entry<'_>],
    state: &AppState,
    view_state: &ViewState,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    if area.is_empty() {
        return;
    }
    let count: u16 = if area.width >= 2 * COLUMN + 2 { 2 } else { 1 };
    let width = (area.width - 2 * (count - 1)) / count;
    let rows = usize::from(area.height);
    let scroll = &view_state.view_scroll;
    // The picked account (the first when none is picked or it is gone) is kept on screen.
    let picked = entries
        .iter()
        .position(
            |e| matches!(e, Entry::Account(d) if Some(d.entry.account.id) == state.renewal_pick),
        )
        .or_else(|| entries.iter().position(|e| matches!(e, Entry::Account(_))));
    if let Some(at) = picked {
        reveal(entries, at, rows, usize::from(count), scroll);
    }
    let start = scroll.clamp(max_scroll(entries, rows, usize::from(count)));
    // Scrolled calendars keep their first line to say what is above (when there is room).
    let above = start > 0 && rows >= 3;
    let mut body = area;
    if above {
        let cell = Rect { height: 1, ..area };
        above_line(&entries[..start], entries.get(start), theme).render(cell, buf);
        body = Rect { y: area.y + 1, height: area.height - 1, ..area };
    }
    let shown = &entries[start..];
    let (columns, more) = split_columns(shown, usize::from(body.height), usize::from(count));
    scroll.set_page(columns.iter().map(ExactSizeIterator::len).sum());
    let mut last = (area.x, 0);
    for (c, range) in columns.iter().enumerate() {
        let x = body.x + c as u16 * (width + 2);
        for (row, entry) in shown[range.clone()].iter().enumerate() {
            let cell = Rect { x, y: body.y + row as u16, width, height: 1 };
            let line = entry_line(entry, state, theme, width);
            if picked == Some(start + range.start + row) {
                line.style(theme.selected()).render(cell, buf);
            } else {
                line.render(cell, buf);
            }
        }
        last = (x, range.len());
    }
    if more > 0 {
        let cell = Rect { x: last.0, y: body.y + last.1 as u16, width, height: 1 };
        Line::styled(format!(" … {} more", grouped(more)), theme.dim()).render(cell, buf);
    }
}

/// The furthest the calendar scrolls in `rows` lines of `count` columns: the first entry from
/// which everything left fits below the line that says what is above.
fn max_scroll(entries: &[Entry<'_>], rows: usize, count: usize) -> usize {
    let fits = |start: usize, rows: usize| split_columns(&entries[start..], rows, count).1 == 0;
    if rows == 0 || fits(0, rows) {
        return 0;
    }
    let rows = if rows >= 3 { rows - 1 } else { rows };
    let mut max = entries.len().saturating_sub(1).max(1);
    while max > 1 && fits(max - 1, rows) {
        max -= 1;
    }
    max
}

/// Scrolls the calendar just enough that entry `at` shows in `rows` rows of `count` columns:
/// above the window it becomes the first entry shown (after its month's header when that fits);
/// below, the window moves down until it holds it.
fn reveal(entries: &[Entry<'_>], at: usize, rows: usize, count: usize, scroll: &ViewScroll) {
    let start = scroll.offset();
    if at < start {
        let header = usize::from(at > 0 && matches!(entries[at - 1], Entry::Month(..)));
        scroll.scroll_by(-isize::try_from(start - (at - header)).unwrap_or(0));
        return;
    }
    // Each step down shows at least one more entry; the window never needs more steps than
    // the entries between its start and the pick.
    for _ in start..=at {
        let offset = scroll.offset();
        let above = usize::from(offset > 0 && rows >= 3);
        let (columns, _) = split_columns(&entries[offset..], rows - above.min(rows), count);
        let shown: usize = columns.iter().map(ExactSizeIterator::len).sum();
        if at < offset + shown {
            return;
        }
        scroll.scroll_by(1);
    }
}

/// "↑ 12 above", naming the phase the first account shown belongs to when its header is above.
fn above_line(above: &[Entry<'_>], first: Option<&Entry<'_>>, theme: Theme) -> Line<'static> {
    let accounts = above.iter().filter(|e| matches!(e, Entry::Account(_))).count();
    let mut text = format!(" ↑ {} above", grouped(accounts));
    let phase = above.iter().rev().find_map(|e| match e {
        Entry::Phase(phase, _) => Some(*phase),
        _ => None,
    });
    if let (Some(phase), Some(Entry::Month(..) | Entry::Account(_))) = (phase, first) {
        text.push_str(&format!(" · {} continued", phase.code()));
    }
    Line::styled(text, theme.dim())
}

/// The entries of each of `count` columns of `rows` lines, and how many accounts are left out
/// (the last column then keeps a line to say so). Two columns that can hold everything break at
/// the phase nearest the middle; otherwise the entries flow, and no column ends on a header.
fn split_columns(entries: &[Entry<'_>], rows: usize, count: usize) -> (Vec<Range<usize>>, usize) {
    let len = entries.len();
    if rows == 0 || count == 0 {
        return (Vec::new(), 0);
    }
    if count == 2 && len > rows && len <= 2 * rows {
        let phase_starts = (1..len).filter(|&i| matches!(entries[i], Entry::Phase(..)));
        if let Some(split) =
            phase_starts.filter(|&i| i <= rows && len - i <= rows).min_by_key(|&i| i.max(len - i))
        {
            return (vec![0..split, split..len], 0);
        }
    }
    let mut columns = Vec::with_capacity(count);
    let mut start = 0;
    for column in 0..count {
        if len - start <= rows {
            columns.push(start..len);
            return (columns, 0);
        }
        let mut end = start + if column + 1 == count { rows - 1 } else { rows };
        while end > start && !matches!(entries[end - 1], Entry::Account(_)) {
            end -= 1;
        }
        columns.push(start..end);
        start = end;
    }
    let more = entries[start..].iter().filter(|e| matches!(e, Entry::Account(_))).count();
    (columns, more)
}

fn entry_line(entry: &Entry<'_>, state: &AppState, theme: Theme, width: u16) -> Line<'static> {
    match entry {
        Entry::Phase(phase, tally) => phase_line(*phase, *tally, state, theme, width),
        Entry::Month(date, tally) => {
            let text = format!("  {} · {}", date.format("%B %Y"), tally.describe(&state.currency));
            Line::styled(text, theme.header())
        }
        Entry::Account(due) => account_line(due, state, theme, usize::from(width)),
    }
}

const fn phase_words(phase: RenewalPhase) -> &'static str {
    match phase {
        RenewalPhase::Overdue => "OVERDUE",
        RenewalPhase::Finalize => "FINALIZE · 0-30 days",
        RenewalPhase::Proposal => "PROPOSAL · 31-60 days",
        RenewalPhase::Review => "REVIEW · 61-90 days",
        RenewalPhase::Strategy => "STRATEGY · 91-120 days",
        RenewalPhase::Later => "LATER",
    }
}

fn phase_style(phase: RenewalPhase, theme: Theme) -> Style {
    match phase {
        RenewalPhase::Overdue => theme.alert().patch(theme.header()),
        RenewalPhase::Finalize => theme.warn().patch(theme.header()),
        _ => theme.header(),
    }
}

fn phase_line(
    phase: RenewalPhase,
    tally: Tally,
    state: &AppState,
    theme: Theme,
    width: u16,
) -> Line<'static> {
    let text = format!(" {} · {} at stake ", phase_words(phase), tally.describe(&state.currency));
    let rule = "─".repeat(usize::from(width).saturating_sub(text.width()));
    Line::from(vec![Span::styled(text, phase_style(phase, theme)), Span::styled(rule, theme.dim())])
}

/// One account: date, days, name, health with band symbol and word, ARR.
fn account_line(due: &Due<'_>, state: &AppState, theme: Theme, width: usize) -> Line<'static> {
    let summary = &due.entry.summary;
    let band = theme.band(summary.band);
    let days = match due.renewal.days {
        0 => "today".to_owned(),
        d if d < 0 => format!("{} d ago", -d),
        d => format!("in {d} d"),
    };
    let days_style = if due.renewal.days < 0 { theme.alert() } else { Style::new() };
    let health = summary.health.map_or_else(|| "–".to_owned(), |h| h.to_string());
    let arr = money_short(due.entry.account.arr_cents, &state.currency);
    // indent, date, days, health, symbol and word, ARR, with their spaces.
    let fixed = 4 + 10 + 1 + 9 + 1 + 1 + 3 + 1 + 1 + 1 + 8 + 1 + 7;
    let name_width = width.saturating_sub(fixed).max(4);
    Line::from(vec![
        Span::raw(format!("    {} ", due.renewal.date.format("%Y-%m-%d"))),
        Span::styled(format!("{days:>9} "), days_style),
        Span::raw(format!("{} ", fit(&terminal_safe(&due.entry.account.name), name_width))),
        Span::styled(
            format!("{health:>3} {} {:<8}", Theme::band_symbol(summary.band), summary.band.word()),
            band,
        ),
        Span::raw(format!(" {arr:>7}")),
    ])
}

/// The totals per phase as a grid of cells ("finalize  4 · $1.2M"), as many to a line as fit.
fn totals_lines(
    dues: &[Due<'_>],
    state: &AppState,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    const CELL: usize = 24;
    let per_line = (usize::from(width).saturating_sub(1) / CELL).clamp(1, PHASES.len());
    let cells: Vec<Vec<Span<'static>>> = PHASES
        .iter()
        .map(|&phase| {
            let tally = Tally::of(dues.iter().filter(|d| d.renewal.phase == phase));
            let money = money_short(tally.arr_cents, &state.currency);
            let style = if tally.count == 0 { theme.dim() } else { phase_style(phase, theme) };
            vec![
                Span::styled(format!("{:<9}", phase.code()), style),
                Span::raw(format!("{:>3} · {money:<7}", grouped(tally.count))),
                Span::raw("   "),
            ]
        })
        .collect();
    cells
        .chunks(per_line)
        .map(|chunk| {
            let mut spans = vec![Span::raw(" ")];
            spans.extend(chunk.iter().flatten().cloned());
            Line::from(spans)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::layout::Rect;

    use crate::ui::App;
    use crate::ui::testing::{demo_app, draw, on_each_engine};
    use crate::ui::theme::Theme;

    fn renewals_app() -> App {
        let mut app = demo_app();
        app.handle_key(KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE)).expect("key");
        app
    }

    #[test]
    fn totals_past_i64_are_drawn_whole() {
        on_each_engine("totals_past_i64_are_drawn_whole", || {
            // 2 * 9,223,372,036,854,775,807 cents: about $184,467 trillion, never negative.
            let mut app = crate::ui::testing::largest_arr_app();
            app.handle_key(KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE)).expect("key");
            let text = crate::ui::testing::buffer_lines(draw(&app, 160, 48).backend().buffer());
            let text = text.join("\n");
            assert!(text.contains("2 renewals · $184467T"), "{text}");
            assert!(!text.contains("-$"), "{text}");
        });
    }

    #[test]
    fn renewals_at_80x24() {
        on_each_engine("renewals_at_80x24", || {
            insta::assert_snapshot!("renewals_at_80x24", draw(&renewals_app(), 80, 24).backend());
        });
    }

    #[test]
    fn renewals_at_160x48() {
        on_each_engine("renewals_at_160x48", || {
            insta::assert_snapshot!("renewals_at_160x48", draw(&renewals_app(), 160, 48).backend());
        });
    }

    #[test]
    fn a_long_calendar_flows_into_two_columns_and_counts_the_rest() {
        on_each_engine("a_long_calendar_flows_into_two_columns_and_counts_the_rest", || {
            let app = renewals_app();
            insta::assert_snapshot!(
                "a_long_calendar_flows_into_two_columns_and_counts_the_rest",
                draw(&app, 160, 20).backend()
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
            let terminal = draw(&colour_app('3'), 80, 24);
            insta::assert_debug_snapshot!("bands_keep_their_colours", terminal.backend().buffer());
        });
    }

    #[test]
    fn scrolling_reaches_the_last_renewal_in_one_and_two_columns() {
        on_each_engine("scrolling_reaches_the_last_renewal_in_one_and_two_columns", || {
            let mut app = renewals_app();
            for (width, height) in [(80, 24), (160, 20)] {
                let screen = |app: &App| {
                    let terminal = draw(app, width, height);
                    let buffer = terminal.backend().buffer().clone();
                    (0..height)
                        .map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect::<String>())
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                app.view_state.view_scroll.to_top();
                app.state.renewal_pick = None;
                let top = screen(&app);
                assert!(top.contains("… ") && !top.contains("↑"), "{top}");
                app.handle_key(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT))
                    .expect("key");
                let end = screen(&app);
                assert!(end.contains("↑") && !end.contains("… "), "{end}");
                // The last renewal of the calendar shows at the end.
                let dues = super::calendar(&app.state);
                let last = &dues.last().expect("a renewal").entry.account.name;
                assert!(end.contains(last.as_str()), "{last} is not on\n{end}");
            }
        });
    }

    #[test]
    fn tiny_areas_do_not_panic() {
        on_each_engine("tiny_areas_do_not_panic", || {
            let app = renewals_app();
            for (width, height) in [(0, 0), (5, 2), (12, 4), (30, 3), (1, 30), (200, 8)] {
                let area = Rect::new(0, 0, width, height);
                let mut buf = Buffer::empty(area);
                super::render(&app.state, &app.view_state, Theme::default(), area, &mut buf);
            }
            app.view_state.view_scroll.to_end();
            for (width, height) in [(0, 0), (5, 2), (12, 4), (30, 3), (1, 30), (200, 8)] {
                let area = Rect::new(0, 0, width, height);
                let mut buf = Buffer::empty(area);
                super::render(&app.state, &app.view_state, Theme::default(), area, &mut buf);
            }
        });
    }

    /// A book of tens of thousands of renewals and billions at stake still reads at a glance:
    /// counts grouped by thousands, amounts in at most three digits.
    #[test]
    fn large_tallies_group_thousands_and_shorten_amounts() {
        let tally = super::Tally { count: 35_062, arr_cents: 820_240_000_000 };
        assert_eq!(tally.describe("USD"), "35,062 renewals · $8.2B");
        let one = super::Tally { count: 1, arr_cents: 41_540_000_000 };
        assert_eq!(one.describe("EUR"), "1 renewal · €415M");
    }

    /// The renewal order kept beside the book stays what ordering it from scratch gives when
    /// one account's renewal moves (an edit), comes or goes, so the calendar never sorts on a
    /// draw and never shows a stale place.
    #[test]
    fn the_renewal_order_follows_an_edited_account() {
        on_each_engine("the_renewal_order_follows_an_edited_account", || {
            let mut app = renewals_app();
            let as_of = app.state.as_of;
            let moves =
                [Some(as_of - chrono::Days::new(3)), None, Some(as_of + chrono::Days::new(40))];
            for (n, date) in moves.into_iter().enumerate() {
                let i = (n * 17) % app.state.book.scored.accounts.len();
                app.state.book.scored.accounts[i].account.renewal_date = date;
                app.state.refresh_account(i);
                let kept = app.state.book.renewal_order.clone();
                app.state.book.order_renewals();
                assert_eq!(kept, app.state.book.renewal_order, "after move {n}");
            }
            let shown = super::calendar(&app.state);
            assert!(shown.windows(2).all(|w| w[0].renewal.date <= w[1].renewal.date));
            assert!(shown.iter().all(|d| d.renewal.days <= 120));
        });
    }
}
