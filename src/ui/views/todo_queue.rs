//! The book-wide todo queue: every open todo of the book, grouped by when it is due (overdue,
//! today, this week, later, no due date) and ordered within a group by due date then priority.
//! A todo snoozed past the as-of date leaves those groups for a last one, "Snoozed", until its
//! snooze date (SPEC 10); there it is dimmed and says until when. The movement keys pick the
//! todo the todo keys act on; the queue scrolls to keep it in sight and says how many todos are
//! above and below. It draws the state only: it must not touch the store or score anything.

use std::cmp::Ordering;
use std::ops::Range;

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::domain::{AccountId, Priority, Todo, TodoId, TodoStanding, terminal_safe};
use crate::format::{fit, grouped};
use crate::ui::scroll::{ViewScroll, scrolled};
use crate::ui::state::AppState;
use crate::ui::theme::Theme;
use crate::ui::view_state::ViewState;
use crate::ui::widgets::frame_block;

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
    /// Snoozed past the as-of date, whatever the due date: out of the way until it comes back.
    Snoozed,
}

impl When {
    /// The group of `todo`: where it stands (see [`Todo::standing`]), and for an upcoming one
    /// whether it is due within the week.
    fn of(todo: &Todo, as_of: NaiveDate) -> Self {
        match todo.standing(as_of) {
            TodoStanding::Snoozed { .. } => Self::Snoozed,
            TodoStanding::Overdue => Self::Overdue,
            TodoStanding::DueToday => Self::Today,
            TodoStanding::Upcoming => match todo.due.map(|d| (d - as_of).num_days()) {
                Some(..=7) => Self::ThisWeek,
                _ => Self::Later,
            },
            // The queue holds open todos only; a done one would sort with the undated.
            TodoStanding::Undated | TodoStanding::Done => Self::NoDate,
        }
    }

    const fn title(self) -> &'static str {
        match self {
            Self::Overdue => "Overdue",
            Self::Today => "Today",
            Self::ThisWeek => "This week",
            Self::Later => "Later",
            Self::NoDate => "No due date",
            Self::Snoozed => "Snoozed",
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
    fn new(todos: &[Todo], width: u16) -> Self {
        let longest_rule = todos.iter().filter_map(|t| t.rule.as_deref()).map(str::width).max();
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

/// The queue as lines, each group's header followed by its todos, without building them: the
/// todos are in queue order (see [`sort`]), so each group is one run of them, found by binary
/// search, and a line's index maps to its header or todo by arithmetic. A draw makes only the
/// lines it shows; what it needs of the whole queue (the snoozed count, the longest rule, where
/// the picked todo is) it finds in passes that allocate nothing.
struct Lines<'a> {
    todos: &'a [Todo],
    /// The groups that have todos, in order, with where their todos are in `todos`.
    groups: Vec<(When, Range<usize>)>,
}

impl<'a> Lines<'a> {
    fn new(todos: &'a [Todo], as_of: NaiveDate) -> Self {
        let mut groups = Vec::new();
        let mut start = 0;
        let all =
            [When::Overdue, When::Today, When::ThisWeek, When::Later, When::NoDate, When::Snoozed];
        for when in all {
            let end = start + todos[start..].partition_point(|t| When::of(t, as_of) <= when);
            if end > start {
                groups.push((when, start..end));
            }
            start = end;
        }
        Self { todos, groups }
    }

    fn len(&self) -> usize {
        self.todos.len() + self.groups.len()
    }

    /// The line at `line`.
    fn get(&self, line: usize) -> Option<Entry<'a>> {
        let mut first = 0;
        for (when, todos) in &self.groups {
            if line == first {
                return Some(Entry::Header(*when, todos.len()));
            }
            if line <= first + todos.len() {
                return self.todos.get(todos.start + line - first - 1).map(Entry::Todo);
            }
            first += 1 + todos.len();
        }
        None
    }

    fn is_header(&self, line: usize) -> bool {
        matches!(self.get(line), Some(Entry::Header(..)))
    }

    /// The line of the todo at `index` of the todos.
    fn line_of(&self, index: usize) -> usize {
        index + self.groups.iter().filter(|(_, todos)| todos.start <= index).count()
    }

    /// The headers among the lines before `line`, and the group of the last of them.
    fn headers_before(&self, line: usize) -> (usize, Option<When>) {
        let (mut headers, mut group, mut first) = (0, None, 0);
        for (when, todos) in &self.groups {
            if first < line {
                headers += 1;
                group = Some(*when);
            }
            first += 1 + todos.len();
        }
        (headers, group)
    }

    /// How many todos the lines before `line` hold.
    fn todos_before(&self, line: usize) -> usize {
        line.min(self.len()) - self.headers_before(line).0
    }

    /// The group whose header is the last one before `line`.
    fn group_before(&self, line: usize) -> Option<When> {
        self.headers_before(line).1
    }

    /// How many todos are in `when`.
    fn count(&self, when: When) -> usize {
        self.groups.iter().find(|(w, _)| *w == when).map_or(0, |(_, todos)| todos.len())
    }
}

/// Draws the todo queue into `area`.
pub fn render(
    state: &AppState,
    view_state: &ViewState,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let lines = Lines::new(&state.book.todos, state.as_of);
    let block = frame_block(title(&lines, state, theme), theme);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.is_empty() {
        return;
    }
    if state.book.todos.is_empty() {
        Line::styled(" No open todos: nothing is waiting.", theme.dim()).render(inner, buf);
        return;
    }
    let columns = Columns::new(&state.book.todos, inner.width);
    // The picked todo, or the first when none is picked (or the picked one is gone).
    let picked = state.queue_pick.and_then(|id| state.book.todos.iter().position(|t| t.id == id));
    let picked = lines.line_of(picked.unwrap_or(0));
    let rows = usize::from(inner.height);
    view_state.view_scroll.reveal(picked, rows);
    let window = scrolled(lines.len(), rows, &view_state.view_scroll, |i| lines.is_header(i));
    let mut y = inner.y;
    if window.above {
        let line = above_line(&lines, window.lines.start, theme);
        line.render(Rect { y, height: 1, ..inner }, buf);
        y += 1;
    }
    for i in window.lines.clone() {
        let mut line = match lines.get(i) {
            Some(Entry::Header(when, count)) => header_line(when, count, inner.width, theme),
            Some(Entry::Todo(todo)) => todo_line(todo, state, columns, theme),
            None => break,
        };
        if i == picked {
            line.style = theme.selected();
        }
        line.render(Rect { y, height: 1, ..inner }, buf);
        y += 1;
    }
    if window.below {
        let more = state.book.todos.len() - lines.todos_before(window.lines.end);
        let text = format!(" … {} more", grouped(more));
        Line::styled(text, theme.dim()).render(Rect { y, height: 1, ..inner }, buf);
    }
}

/// "↑ 12 above", naming the group the first todo shown belongs to when its header is above.
fn above_line(lines: &Lines<'_>, start: usize, theme: Theme) -> Line<'static> {
    let mut text = format!(" ↑ {} above", grouped(lines.todos_before(start)));
    if let (Some(when), Some(Entry::Todo(_))) = (lines.group_before(start), lines.get(start)) {
        text.push_str(&format!(" · {} continued", when.title()));
    }
    Line::styled(text, theme.dim())
}

/// The todo drawn on screen row `y` of the queue drawn in `area`, as the last drawing laid it
/// out (for a click).
#[must_use]
pub fn todo_at(state: &AppState, view_state: &ViewState, area: Rect, y: u16) -> Option<TodoId> {
    let inner = Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    };
    if y < inner.y || y >= inner.bottom() {
        return None;
    }
    // The window the last drawing showed, worked out again on a scroll of its own so that
    // asking moves nothing: its first row may say what is above, its last what is below.
    let lines = Lines::new(&state.book.todos, state.as_of);
    let probe = ViewScroll::default();
    probe.scroll_by(isize::try_from(view_state.view_scroll.offset()).unwrap_or(isize::MAX));
    let window = scrolled(lines.len(), usize::from(inner.height), &probe, |i| lines.is_header(i));
    let row = usize::from(y - inner.y);
    let line = window.lines.start + row.checked_sub(usize::from(window.above))?;
    if line >= window.lines.end {
        return None;
    }
    match lines.get(line) {
        Some(Entry::Todo(todo)) => Some(todo.id),
        _ => None,
    }
}

/// Puts `todos` in the queue's order: by group, due date, priority, title (snoozed todos first by
/// the day they come back). `update` keeps the book's open todos in this order, so drawing never
/// sorts.
pub fn sort(todos: &mut [Todo], as_of: NaiveDate) {
    todos.sort_by(|a, b| queue_order(&(When::of(a, as_of), a), &(When::of(b, as_of), b)));
}

fn queue_order(a: &(When, &Todo), b: &(When, &Todo)) -> Ordering {
    let (a_when, a) = a;
    let (b_when, b) = b;
    // Only in the snoozed group does the snooze date order: elsewhere a snooze has run out.
    let back = |when: When, todo: &Todo| todo.snoozed_until.filter(|_| when == When::Snoozed);
    a_when
        .cmp(b_when)
        .then(back(*a_when, a).cmp(&back(*b_when, b)))
        .then(a.due.cmp(&b.due))
        .then(a.priority.cmp(&b.priority))
        .then_with(|| a.title.cmp(&b.title))
        .then(a.id.cmp(&b.id))
}

fn title(lines: &Lines<'_>, state: &AppState, theme: Theme) -> Line<'static> {
    let overdue = lines.count(When::Overdue);
    let snoozed = lines.count(When::Snoozed);
    let mut tags = vec![format!("{} open", grouped(state.book.todos.len()))];
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
    todo.standing(as_of).is_snoozed()
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
    let accounts = &state.book.scored.accounts;
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
mod group_tests;

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::layout::Rect;

    use crate::ui::App;
    use crate::ui::testing::{demo_app, draw, on_each_engine};
    use crate::ui::theme::Theme;

    fn queue_app() -> App {
        let mut app = demo_app();
        app.handle_key(KeyEvent::new(KeyCode::Char('2'), KeyModifiers::NONE)).expect("key");
        app
    }

    #[test]
    fn todo_queue_at_80x24() {
        on_each_engine("todo_queue_at_80x24", || {
            insta::assert_snapshot!("todo_queue_at_80x24", draw(&queue_app(), 80, 24).backend());
        });
    }

    #[test]
    fn todo_queue_at_160x48() {
        on_each_engine("todo_queue_at_160x48", || {
            insta::assert_snapshot!("todo_queue_at_160x48", draw(&queue_app(), 160, 48).backend());
        });
    }

    #[test]
    fn todo_queue_scrolled_down_a_page_at_80x24() {
        on_each_engine("todo_queue_scrolled_down_a_page_at_80x24", || {
            let mut app = queue_app();
            let first = draw(&app, 80, 24);
            app.handle_key(KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE)).expect("key");
            let terminal = draw(&app, 80, 24);
            let page = app.view_state.view_scroll.offset();
            assert!(page > 10, "the queue scrolled to the todo a page down: {page}");
            assert_ne!(first.backend().buffer(), terminal.backend().buffer());
            insta::assert_snapshot!("todo_queue_scrolled_down_a_page_at_80x24", terminal.backend());
        });
    }

    #[test]
    fn scrolled_to_the_end_shows_the_last_todo_and_nothing_below() {
        on_each_engine("scrolled_to_the_end_shows_the_last_todo_and_nothing_below", || {
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
            let last = app.state.book.todos.last().expect("a todo");
            let title: String =
                crate::domain::terminal_safe(&last.title).chars().take(12).collect();
            assert!(row(21).contains(&title), "{} does not show {title}", row(21));
        });
    }

    #[test]
    fn snoozed_todos_and_rules_at_120x16() {
        on_each_engine("snoozed_todos_and_rules_at_120x16", || {
            let mut app = queue_app();
            let as_of = app.state.as_of;
            let todos = &mut app.state.book.todos;
            todos[0].snoozed_until = Some(as_of + chrono::Duration::days(5));
            todos[1].rule = Some("renewal_prep".to_owned());
            todos[2].snoozed_until = Some(as_of - chrono::Duration::days(1));
            // As `update` keeps it: in queue order, the todo snoozed ahead in the snoozed group.
            super::sort(todos, as_of);
            insta::assert_snapshot!(
                "snoozed_todos_and_rules_at_120x16",
                draw(&app, 120, 16).backend()
            );
            insta::assert_snapshot!(
                "snoozed_todos_and_rules_at_80x16",
                draw(&app, 80, 16).backend()
            );
            // The snoozed group is the last: the end of the queue shows it, dimmed.
            app.handle_key(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT)).expect("key");
            insta::assert_snapshot!(
                "snoozed_group_at_the_end_at_80x16",
                draw(&app, 80, 16).backend()
            );
        });
    }

    #[test]
    fn tiny_areas_do_not_panic() {
        on_each_engine("tiny_areas_do_not_panic", || {
            let app = queue_app();
            for scrolled in [false, true] {
                if scrolled {
                    app.view_state.view_scroll.to_end();
                }
                for (width, height) in [(0, 0), (5, 2), (12, 4), (30, 3), (1, 30)] {
                    let area = Rect::new(0, 0, width, height);
                    let mut buf = Buffer::empty(area);
                    super::render(&app.state, &app.view_state, Theme::default(), area, &mut buf);
                }
            }
        });
    }

    /// A group header of a very large book groups its count by thousands.
    #[test]
    fn a_large_group_count_is_grouped_by_thousands() {
        let line = super::header_line(super::When::Overdue, 23_907, 40, Theme::monochrome());
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert!(text.starts_with(" Overdue · 23,907 ─"), "{text}");
    }

    /// The line map agrees, line by line, with the queue written out in full: each group's
    /// header (with its count) and then its todos; the todos above any line, its group, and
    /// the line of every todo.
    #[test]
    fn lines_map_to_the_queue_written_out() {
        on_each_engine("lines_map_to_the_queue_written_out", || {
            use super::{Entry, Lines, When};

            let app = queue_app();
            let (todos, as_of) = (&app.state.book.todos, app.state.as_of);
            let mut written: Vec<(Option<When>, Option<usize>)> = Vec::new();
            let mut last = None;
            for (i, todo) in todos.iter().enumerate() {
                let when = When::of(todo, as_of);
                if last != Some(when) {
                    let count = todos[i..].iter().take_while(|t| When::of(t, as_of) == when);
                    written.push((Some(when), Some(count.count())));
                    last = Some(when);
                }
                written.push((None, Some(i)));
            }
            let lines = Lines::new(todos, as_of);
            assert!(lines.groups.len() >= 3, "the demo queue has several groups");
            assert_eq!(lines.len(), written.len());
            for (line, expected) in written.iter().enumerate() {
                match (lines.get(line), expected) {
                    (Some(Entry::Header(when, count)), (Some(w), Some(c))) => {
                        assert_eq!((when, count), (*w, *c));
                    }
                    (Some(Entry::Todo(todo)), (None, Some(i))) => {
                        assert_eq!(todo.id, todos[*i].id);
                        assert_eq!(lines.line_of(*i), line);
                    }
                    _ => panic!("line {line} differs"),
                }
                let above = written[..line].iter().filter(|(h, _)| h.is_none()).count();
                assert_eq!(lines.todos_before(line), above, "todos above line {line}");
                let group = written[..line].iter().rev().find_map(|(h, _)| *h);
                assert_eq!(lines.group_before(line), group, "group of line {line}");
            }
            assert!(lines.get(written.len()).is_none());
            assert_eq!(lines.todos_before(written.len()), todos.len());
        });
    }
}
