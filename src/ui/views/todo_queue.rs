//! The book-wide todo queue: every open todo of the book, grouped by when it is due (overdue,
//! today, this week, later, no due date) and ordered within a group by due date then priority.
//! Snoozed todos are dimmed and say until when. The movement keys pick the todo the todo keys act
//! on; the queue scrolls to keep it in sight and says how many todos are above and below. It
//! draws the state only: it must not touch the store or score anything.

use std::cmp::Ordering;

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::domain::{AccountId, Priority, Todo, terminal_safe};
use crate::format::{fit, grouped};
use crate::ui::scroll::scrolled;
use crate::ui::state::AppState;
use crate::ui::theme::Theme;
use crate::ui::widgets::pane_block;

/// Inner widths from this one up show full dates and a column of their own for the rule.
const WIDE: u16 = 110;

/// When a todo is due, seen from the as-of date: the groups of the queue, in their order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum When {
    Overdue,
    Today,
    ThisWeek,
    Later,
    NoDate,
}

impl When {
    /// The group of a todo due on `due`.
    fn of(due: Option<NaiveDate>, as_of: NaiveDate) -> Self {
        match due.map(|d| (d - as_of).num_days()) {
            None => Self::NoDate,
            Some(..0) => Self::Overdue,
            Some(0) => Self::Today,
            Some(1..=7) => Self::ThisWeek,
            Some(_) => Self::Later,
        }
    }

    const fn title(self) -> &'static str {
        match self {
            Self::Overdue => "Overdue",
            Self::Today => "Today",
            Self::ThisWeek => "This week",
            Self::Later => "Later",
            Self::NoDate => "No due date",
        }
    }
}

/// How todo lines are laid out in the view's width.
#[derive(Debug, Clone, Copy)]
struct Columns {
    /// Full dates, wider account names, and the rule in a column of its own.
    wide: bool,
    /// The width of the rule column: the longest rule, up to 24 (none when no todo has a rule).
    rule_width: usize,
    width: usize,
}

impl Columns {
    fn new(queue: &[(When, &Todo)], width: u16) -> Self {
        let longest_rule =
            queue.iter().filter_map(|(_, t)| t.rule.as_deref()).map(str::width).max();
        Self {
            wide: width >= WIDE,
            rule_width: longest_rule.unwrap_or(0).min(24),
            width: usize::from(width),
        }
    }
}

/// One line of the queue: a group's header or a todo.
enum Entry<'a> {
    Header(When, usize),
    Todo(&'a Todo),
}

/// Draws the todo queue into `area`.
pub fn render(state: &AppState, theme: Theme, area: Rect, buf: &mut Buffer) {
    let queue = queue(&state.todos, state.as_of);
    let block = pane_block(title(&queue, state, theme), theme, true);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.is_empty() {
        return;
    }
    if queue.is_empty() {
        Line::styled(" No open todos: nothing is waiting.", theme.dim()).render(inner, buf);
        return;
    }
    let columns = Columns::new(&queue, inner.width);
    let entries = entries(&queue);
    let is_header = |i: usize| matches!(entries[i], Entry::Header(..));
    let picked = state
        .queue_pick
        .and_then(|id| entries.iter().position(|e| matches!(e, Entry::Todo(t) if t.id == id)));
    // The first todo when none is picked (or the picked one is gone).
    let picked = picked.or_else(|| entries.iter().position(|e| matches!(e, Entry::Todo(_))));
    let rows = usize::from(inner.height);
    if let Some(line) = picked {
        state.view_scroll.reveal(line, rows);
    }
    let window = scrolled(entries.len(), rows, &state.view_scroll, is_header);
    let mut y = inner.y;
    if window.above {
        let line = above_line(&entries, window.lines.start, theme);
        line.render(Rect { y, height: 1, ..inner }, buf);
        y += 1;
    }
    for (i, entry) in entries.iter().enumerate().take(window.lines.end).skip(window.lines.start) {
        let mut line = match entry {
            Entry::Header(when, count) => header_line(*when, *count, inner.width, theme),
            Entry::Todo(todo) => todo_line(todo, state, columns, theme),
        };
        if Some(i) == picked {
            line.style = theme.selected();
        }
        line.render(Rect { y, height: 1, ..inner }, buf);
        y += 1;
    }
    if window.below {
        let more = todos_in(&entries[window.lines.end..]);
        let text = format!(" … {} more", grouped(more));
        Line::styled(text, theme.dim()).render(Rect { y, height: 1, ..inner }, buf);
    }
}

fn todos_in(entries: &[Entry<'_>]) -> usize {
    entries.iter().filter(|e| matches!(e, Entry::Todo(_))).count()
}

/// "↑ 12 above", naming the group the first todo shown belongs to when its header is above.
fn above_line(entries: &[Entry<'_>], start: usize, theme: Theme) -> Line<'static> {
    let mut text = format!(" ↑ {} above", grouped(todos_in(&entries[..start])));
    let group = entries[..start].iter().rev().find_map(|e| match e {
        Entry::Header(when, _) => Some(*when),
        Entry::Todo(_) => None,
    });
    if let (Some(when), Some(Entry::Todo(_))) = (group, entries.get(start)) {
        text.push_str(&format!(" · {} continued", when.title()));
    }
    Line::styled(text, theme.dim())
}

/// The open todos (already in queue order, see [`sort`]), each with its group.
fn queue(todos: &[Todo], as_of: NaiveDate) -> Vec<(When, &Todo)> {
    todos.iter().map(|t| (When::of(t.due, as_of), t)).collect()
}

/// Puts `todos` in the queue's order: by group, due date, priority, title. `update` keeps the
/// book's open todos in this order, so drawing never sorts.
pub fn sort(todos: &mut [Todo], as_of: NaiveDate) {
    todos.sort_by(|a, b| queue_order(&(When::of(a.due, as_of), a), &(When::of(b.due, as_of), b)));
}

fn queue_order(a: &(When, &Todo), b: &(When, &Todo)) -> Ordering {
    let (a_when, a) = a;
    let (b_when, b) = b;
    a_when
        .cmp(b_when)
        .then(a.due.cmp(&b.due))
        .then(a.priority.cmp(&b.priority))
        .then_with(|| a.title.cmp(&b.title))
        .then(a.id.cmp(&b.id))
}

/// The queue as lines: each group's header followed by its todos.
fn entries<'a>(queue: &[(When, &'a Todo)]) -> Vec<Entry<'a>> {
    let mut entries = Vec::with_capacity(queue.len() + 5);
    for (i, &(when, todo)) in queue.iter().enumerate() {
        if i == 0 || queue[i - 1].0 != when {
            let count = queue[i..].iter().take_while(|(w, _)| *w == when).count();
            entries.push(Entry::Header(when, count));
        }
        entries.push(Entry::Todo(todo));
    }
    entries
}

fn title(queue: &[(When, &Todo)], state: &AppState, theme: Theme) -> Line<'static> {
    let overdue = queue.iter().filter(|(w, _)| *w == When::Overdue).count();
    let snoozed = queue.iter().filter(|(_, t)| is_snoozed(t, state.as_of)).count();
    let mut tags = vec![format!("{} open", grouped(queue.len()))];
    if overdue > 0 {
        tags.push(format!("{} overdue", grouped(overdue)));
    }
    if snoozed > 0 {
        tags.push(format!("{} snoozed", grouped(snoozed)));
    }
    Line::from(vec![
        Span::styled(" Todo queue ", theme.header()),
        Span::styled(format!("{} ", tags.join(" · ")), theme.dim()),
    ])
}

fn header_line(when: When, count: usize, width: u16, theme: Theme) -> Line<'static> {
    let style =
        if when == When::Overdue { theme.alert().patch(theme.header()) } else { theme.header() };
    let text = format!(" {} · {} ", when.title(), grouped(count));
    let rule = "─".repeat(usize::from(width).saturating_sub(text.width()));
    Line::from(vec![Span::styled(text, style), Span::styled(rule, theme.dim())])
}

fn is_snoozed(todo: &Todo, as_of: NaiveDate) -> bool {
    todo.snoozed_until.is_some_and(|d| d > as_of)
}

/// One todo: due date and distance, priority, account, title, then the snooze and the rule.
fn todo_line(todo: &Todo, state: &AppState, columns: Columns, theme: Theme) -> Line<'static> {
    let snoozed = is_snoozed(todo, state.as_of);
    let (date, date_width, account_width) = match (todo.due, columns.wide) {
        (Some(d), true) => (d.format("%Y-%m-%d").to_string(), 10, 24),
        (Some(d), false) => (d.format("%b %d").to_string(), 6, 16),
        (None, wide) => (String::new(), if wide { 10 } else { 6 }, if wide { 24 } else { 16 }),
    };
    let (distance, distance_style) = distance(todo.due, state.as_of, theme);
    let account = account_name(state, todo.account_id);
    let mut spans = vec![
        Span::raw(format!(" {} ", fit(&date, date_width))),
        Span::styled(format!("{distance:>13} "), distance_style),
        priority_span(todo.priority, theme),
        Span::raw(format!(" {} ", fit(&account, account_width))),
    ];
    let used: usize = spans.iter().map(Span::width).sum();
    let rest = columns.width.saturating_sub(used);
    let mut notes = Vec::new();
    if let Some(until) = todo.snoozed_until.filter(|_| snoozed) {
        notes.push(format!("snoozed to {}", until.format("%b %d")));
    }
    let rule = todo.rule.as_deref().map(|r| terminal_safe(r).into_owned());
    if columns.wide && columns.rule_width > 0 {
        let rule_width = columns.rule_width.min(rest / 3);
        let title_width = rest.saturating_sub(rule_width + 1);
        spans.extend(title_spans(&todo.title, &notes, title_width, theme));
        let rule = fit(rule.as_deref().unwrap_or(""), rule_width);
        spans.push(Span::styled(format!(" {rule}"), theme.dim()));
    } else {
        notes.extend(rule);
        spans.extend(title_spans(&todo.title, &notes, rest, theme));
    }
    if snoozed {
        // Dimmed throughout, over the colours of distance and priority.
        for span in &mut spans {
            span.style = span.style.patch(theme.dim());
        }
    }
    Line::from(spans)
}

/// "3 d overdue", "today" or "in 5 d", with the overdue ones marked.
fn distance(due: Option<NaiveDate>, as_of: NaiveDate, theme: Theme) -> (String, Style) {
    match due.map(|d| (d - as_of).num_days()) {
        None => (String::new(), Style::new()),
        Some(0) => ("today".to_owned(), theme.warn()),
        Some(days) if days < 0 => (format!("{} d overdue", -days), theme.alert()),
        Some(days) => (format!("in {days} d"), Style::new()),
    }
}

/// The priority as a word; normal is left blank so the others stand out.
fn priority_span(priority: Priority, theme: Theme) -> Span<'static> {
    let (word, style) = match priority {
        Priority::Urgent => ("urgent", theme.alert().patch(theme.header())),
        Priority::High => ("high", theme.warn()),
        Priority::Normal => ("", Style::new()),
        Priority::Low => ("low", theme.dim()),
    };
    Span::styled(format!("{word:<6}"), style)
}

/// The name of the account `id`, or a dash for a todo of no account.
fn account_name(state: &AppState, id: Option<AccountId>) -> String {
    let accounts = &state.book.accounts;
    let Some(id) = id else { return "—".to_owned() };
    // The book is ordered by account id; fall back to a scan should it ever not be.
    let found = accounts
        .binary_search_by_key(&id, |e| e.account.id)
        .ok()
        .or_else(|| accounts.iter().position(|e| e.account.id == id));
    found.map_or_else(|| "—".to_owned(), |i| terminal_safe(&accounts[i].account.name).into_owned())
}

/// The title in `width` columns, followed by the dimmed `notes`. When both do not fit, the
/// title keeps at least two fifths of the width (or all it needs) and the notes are cut.
fn title_spans(title: &str, notes: &[String], width: usize, theme: Theme) -> Vec<Span<'static>> {
    let title = terminal_safe(title);
    let notes =
        if notes.is_empty() { String::new() } else { format!(" · {}", notes.join(" · ")) };
    let kept = title.width().min((width * 2 / 5).max(12));
    let notes_width = notes.width().min(width.saturating_sub(kept));
    // A note cut below a few columns says nothing: leave it out.
    let notes_width = if notes_width < 6 { 0 } else { notes_width };
    let title_width = width - notes_width;
    vec![Span::raw(fit(&title, title_width)), Span::styled(fit(&notes, notes_width), theme.dim())]
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::layout::Rect;

    use crate::ui::App;
    use crate::ui::testing::{demo_app, draw};
    use crate::ui::theme::Theme;

    fn queue_app() -> App {
        let mut app = demo_app();
        app.handle_key(KeyEvent::new(KeyCode::Char('2'), KeyModifiers::NONE)).expect("key");
        app
    }

    #[test]
    fn todo_queue_at_80x24() {
        insta::assert_snapshot!(draw(&queue_app(), 80, 24).backend());
    }

    #[test]
    fn todo_queue_at_160x48() {
        insta::assert_snapshot!(draw(&queue_app(), 160, 48).backend());
    }

    #[test]
    fn todo_queue_scrolled_down_a_page_at_80x24() {
        let mut app = queue_app();
        let first = draw(&app, 80, 24);
        app.handle_key(KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE)).expect("key");
        let terminal = draw(&app, 80, 24);
        let page = app.state.view_scroll.offset();
        assert!(page > 10, "the queue scrolled to the todo a page down: {page}");
        assert_ne!(first.backend().buffer(), terminal.backend().buffer());
        insta::assert_snapshot!(terminal.backend());
    }

    #[test]
    fn scrolled_to_the_end_shows_the_last_todo_and_nothing_below() {
        let mut app = queue_app();
        draw(&app, 80, 24);
        app.handle_key(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT)).expect("key");
        let terminal = draw(&app, 80, 24);
        let buffer = terminal.backend().buffer();
        let row = |y: u16| (0..80).map(|x| buffer[(x, y)].symbol()).collect::<String>();
        assert!(row(2).contains("↑"), "{}", row(2));
        let screen: String = (0..24).map(row).collect();
        assert!(!screen.contains("more"), "{screen}");
        // The last todo of the queue is on the last line inside the border.
        let queue = super::queue(&app.state.todos, app.state.as_of);
        let (_, last) = queue.last().expect("a todo");
        let title: String = crate::domain::terminal_safe(&last.title).chars().take(12).collect();
        assert!(row(21).contains(&title), "{} does not show {title}", row(21));
    }

    #[test]
    fn snoozed_todos_and_rules_at_120x16() {
        let mut app = queue_app();
        let as_of = app.state.as_of;
        let todos = &mut app.state.todos;
        todos[0].snoozed_until = Some(as_of + chrono::Duration::days(5));
        todos[1].rule = Some("renewal_prep".to_owned());
        todos[2].snoozed_until = Some(as_of - chrono::Duration::days(1));
        insta::assert_snapshot!(draw(&app, 120, 16).backend());
        insta::assert_snapshot!("snoozed_todos_and_rules_at_80x16", draw(&app, 80, 16).backend());
    }

    #[test]
    fn tiny_areas_do_not_panic() {
        let app = queue_app();
        for scrolled in [false, true] {
            if scrolled {
                app.state.view_scroll.to_end();
            }
            for (width, height) in [(0, 0), (5, 2), (12, 4), (30, 3), (1, 30)] {
                let area = Rect::new(0, 0, width, height);
                let mut buf = Buffer::empty(area);
                super::render(&app.state, Theme { color: true }, area, &mut buf);
            }
        }
    }

    #[test]
    fn groups_follow_the_due_date() {
        use super::When;
        let as_of = crate::ui::testing::as_of();
        let day = |n: i64| Some(as_of + chrono::Duration::days(n));
        assert_eq!(When::of(day(-1), as_of), When::Overdue);
        assert_eq!(When::of(day(0), as_of), When::Today);
        assert_eq!(When::of(day(1), as_of), When::ThisWeek);
        assert_eq!(When::of(day(7), as_of), When::ThisWeek);
        assert_eq!(When::of(day(8), as_of), When::Later);
        assert_eq!(When::of(None, as_of), When::NoDate);
    }

    /// A group header of a very large book groups its count by thousands.
    #[test]
    fn a_large_group_count_is_grouped_by_thousands() {
        let line = super::header_line(super::When::Overdue, 23_907, 40, Theme { color: false });
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert!(text.starts_with(" Overdue · 23,907 ─"), "{text}");
    }
}
