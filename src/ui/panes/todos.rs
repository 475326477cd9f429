//! The todo pane: the selected account's open todos, overdue first, then by due date (undated
//! last) and priority, each with when it is due, a priority marker, its title and the playbook
//! rule that made it; todos snoozed past the as-of date are dimmed, counted as snoozed rather
//! than overdue, and listed after the others in the order they come back. It reads the state
//! only: it must not touch the store or score.

use std::borrow::Cow;

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::domain::{Priority, Todo, TodoCounts, TodoStanding, fold_key, terminal_safe};
use crate::format::fit;
use crate::ui::action::Action;
use crate::ui::ids::PaneId;
use crate::ui::pane::{Moves, Pane};
use crate::ui::state::AppState;
use crate::ui::theme::Theme;
use crate::ui::widgets::pane_block;

/// A title cut to make room for the rule or the snooze keeps at least this many columns.
const MIN_TITLE: usize = 16;

/// Panes at least this wide say "overdue by 3d" rather than "overdue 3d".
const ROOMY: usize = 48;

/// The rows the pane would like, borders included: a line a todo, at least the one that says
/// there are none.
#[must_use]
pub fn height(state: &AppState) -> u16 {
    let todos = state.book.detail.as_ref().map_or(0, |s| s.detail.facts.open_todos.len());
    u16::try_from(todos.max(1) + 2).unwrap_or(u16::MAX)
}

/// The todos pane, as the workspace drives it.
pub const PANE: Pane = Pane {
    id: PaneId::Todos,
    moves: Moves::Todos,
    hints: &[
        Action::AddTodo,
        Action::CompleteTodo,
        Action::SnoozeTodo,
        Action::EditTodo,
        Action::DeleteTodo,
        Action::ToggleZoom,
        Action::Undo,
        Action::ToggleHelp,
    ],
    draw: |scene, theme, focused, area, buf| render(scene.state, theme, focused, area, buf),
};

/// Draws the selected account's open todos into `area`.
pub fn render(state: &AppState, theme: Theme, focused: bool, area: Rect, buf: &mut Buffer) {
    let todos =
        state.book.detail.as_ref().map(|s| in_order(&s.detail.facts.open_todos, state.as_of));
    let mut title = vec![Span::styled(" Todos ", theme.header())];
    if let Some(todos) = &todos {
        let full = counts(todos, state.as_of, theme, false);
        // The border's corners and the title's own spaces take 2 + 7 columns.
        let fits = full.iter().map(Span::width).sum::<usize>() + 9 <= usize::from(area.width);
        title.extend(if fits { full } else { counts(todos, state.as_of, theme, true) });
    }
    let block = pane_block(Line::from(title), theme, focused);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.is_empty() {
        return;
    }
    let lines = match &todos {
        None => vec![Line::styled("No account selected.", theme.dim())],
        Some(todos) if todos.is_empty() => vec![Line::styled("nothing open", theme.dim())],
        Some(todos) => {
            let view = View { as_of: state.as_of, theme, width: usize::from(inner.width) };
            // The focused pane points at a todo, which the todo keys act on.
            let pick = focused
                .then(|| todos.iter().position(|t| Some(t.id) == state.todo_pick).unwrap_or(0));
            view.lines(todos, usize::from(inner.height), pick)
        }
    };
    Paragraph::new(lines).render(inner, buf);
}

/// "3 open · 1 overdue · 1 snoozed" for the title; `compact` drops the "open".
fn counts(todos: &[&Todo], as_of: NaiveDate, theme: Theme, compact: bool) -> Vec<Span<'static>> {
    let TodoCounts { overdue, snoozed } = TodoCounts::of(todos.iter().copied(), as_of);
    let open = if compact { "" } else { " open" };
    let mut spans = vec![Span::styled(format!("{}{open} ", todos.len()), theme.dim())];
    if overdue > 0 {
        spans.push(Span::styled("· ", theme.dim()));
        spans.push(Span::styled(format!("{overdue} overdue "), theme.alert()));
    }
    if snoozed > 0 {
        spans.push(Span::styled(format!("· {snoozed} snoozed "), theme.dim()));
    }
    spans
}

/// The todos in the pane's order: those not snoozed first, the snoozed ones by the day they
/// come back; then overdue, by due date (undated last), by priority, by title. The todo keys
/// walk this order.
#[must_use]
pub fn in_order(todos: &[Todo], as_of: NaiveDate) -> Vec<&Todo> {
    let mut sorted: Vec<&Todo> = todos.iter().collect();
    sorted.sort_by_cached_key(|t| {
        let back = snoozed_until(t, as_of);
        (back.is_some(), back, t.due.is_none(), t.due, t.priority, fold_key(&t.title), t.id)
    });
    sorted
}

fn is_snoozed(todo: &Todo, as_of: NaiveDate) -> bool {
    todo.standing(as_of).is_snoozed()
}

/// The day a todo snoozed past `as_of` comes back; `None` when it is not snoozed.
fn snoozed_until(todo: &Todo, as_of: NaiveDate) -> Option<NaiveDate> {
    match todo.standing(as_of) {
        TodoStanding::Snoozed { until } => Some(until),
        _ => None,
    }
}

/// How the todo lines are laid out in one width.
struct View {
    as_of: NaiveDate,
    theme: Theme,
    width: usize,
}

impl View {
    /// The todos that fit in `room` lines, ending in "… N more" when some do not, scrolled so
    /// that the todo at `pick` shows (highlighted). When every todo fits, those whose title (or
    /// rule, or snooze) is cut get a second line.
    fn lines(&self, todos: &[&Todo], room: usize, pick: Option<usize>) -> Vec<Line<'static>> {
        let shown = if todos.len() > room { room.saturating_sub(1) } else { todos.len() };
        let start = pick.map_or(0, |p| (p + 1).saturating_sub(shown));
        let visible = &todos[start..start + shown];
        let due_width = visible.iter().map(|t| self.due(t).0.width()).max().unwrap_or(0);
        let long = visible.iter().filter(|t| !self.fits_one_line(t, due_width)).count();
        let two = shown == todos.len() && shown + long <= room;
        let mut lines: Vec<Line> = Vec::new();
        for (i, todo) in visible.iter().enumerate() {
            let mut todo_lines = self.todo(todo, due_width, two);
            if Some(start + i) == pick {
                for line in &mut todo_lines {
                    line.style = self.theme.selected();
                }
            }
            lines.extend(todo_lines);
        }
        if shown < todos.len() && room > 0 {
            lines.push(Line::styled(format!("… {} more", todos.len() - shown), self.theme.dim()));
        }
        lines
    }

    /// Columns left for the title (and its rule or snooze) after the marker and the due column.
    const fn title_room(&self, due_width: usize) -> usize {
        self.width.saturating_sub(2 + 1 + due_width + 1)
    }

    fn fits_one_line(&self, todo: &Todo, due_width: usize) -> bool {
        let title = terminal_safe(&todo.title).width();
        let suffix = self.suffixes(todo).first().map_or(0, |s| s.width() + 1);
        title + suffix <= self.title_room(due_width)
    }

    /// What follows the title, longest form first: the snooze, else the rule.
    fn suffixes<'t>(&self, todo: &'t Todo) -> Vec<Cow<'t, str>> {
        match (snoozed_until(todo, self.as_of), &todo.rule) {
            (Some(until), _) => vec![format!("snoozed to {until}").into(), "snoozed".into()],
            (None, Some(rule)) => vec![terminal_safe(rule)],
            (None, None) => Vec::new(),
        }
    }

    /// One todo in one line, or in two when `two` and it does not fit in one.
    fn todo(&self, todo: &Todo, due_width: usize, two: bool) -> Vec<Line<'static>> {
        let theme = self.theme;
        let snoozed = is_snoozed(todo, self.as_of);
        // A snoozed todo is dimmed whole: it is out of the way until its day.
        let dim_all = |style: Style| if snoozed { theme.dim() } else { style };
        let (marker, marker_style) = priority(todo.priority, theme);
        let (due, due_style) = self.due(todo);
        let mut first = vec![
            Span::styled(marker, dim_all(marker_style)),
            Span::styled(format!(" {due:<due_width$} "), dim_all(due_style)),
        ];
        let room = self.title_room(due_width);
        let title = terminal_safe(&todo.title);
        let suffixes = self.suffixes(todo);
        if !two || self.fits_one_line(todo, due_width) {
            let (title, suffix) = layout(&title, &suffixes, room, snoozed);
            first.push(Span::styled(title, dim_all(Style::new())));
            first.extend(suffix.map(|s| Span::styled(s, theme.dim())));
            return vec![Line::from(first)];
        }
        let (head, rest) = wrap(&title, room);
        first.push(Span::styled(head.to_owned(), dim_all(Style::new())));
        let (rest, suffix) = layout(rest, &suffixes, room, snoozed);
        let mut second = vec![
            Span::raw(" ".repeat(self.width - room)),
            Span::styled(rest, dim_all(Style::new())),
        ];
        second.extend(suffix.map(|s| Span::styled(s, theme.dim())));
        vec![Line::from(first), Line::from(second)]
    }

    /// When the todo is due, in words, and its style.
    fn due(&self, todo: &Todo) -> (String, Style) {
        let theme = self.theme;
        let Some(due) = todo.due else { return ("no date".to_owned(), theme.dim()) };
        match (due - self.as_of).num_days() {
            0 => ("today".to_owned(), theme.warn()),
            days if days < 0 && self.width >= ROOMY => {
                (format!("overdue by {}d", -days), theme.alert())
            }
            days if days < 0 => (format!("overdue {}d", -days), theme.alert()),
            days => (format!("in {days}d"), Style::new()),
        }
    }
}

/// `text` split after the last word that ends within `width` columns (or at `width` when the
/// first word is longer); the rest starts at its next word.
fn wrap(text: &str, width: usize) -> (&str, &str) {
    let mut used = 0;
    let mut cut = text.len();
    let mut last_space = None;
    for (i, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            cut = i;
            break;
        }
        if c == ' ' {
            last_space = Some(i);
        }
        used += w;
    }
    if cut == text.len() {
        return (text, "");
    }
    let at = last_space.filter(|&i| i > 0).unwrap_or(cut);
    (text[..at].trim_end(), text[at..].trim_start())
}

/// The title in `room` columns and the first of `suffixes` (longest first) that fits after it,
/// right-aligned: a title is cut for a suffix only down to [`MIN_TITLE`] columns, unless the
/// suffix is `required` (then its shortest form always shows).
fn layout(
    title: &str,
    suffixes: &[Cow<'_, str>],
    room: usize,
    required: bool,
) -> (String, Option<String>) {
    let keep = title.width().min(MIN_TITLE);
    let fitting = suffixes.iter().find(|s| room >= s.width() + 1 + keep);
    let chosen = fitting.or_else(|| suffixes.last().filter(|_| required));
    let Some(suffix) = chosen.filter(|s| s.width() <= room) else {
        return (fit(title, room), None);
    };
    let title_room = room.saturating_sub(suffix.width() + 1);
    let title = if title.width() <= title_room { title.to_owned() } else { fit(title, title_room) };
    let pad = room - title.width() - suffix.width();
    (title, Some(format!("{}{suffix}", " ".repeat(pad))))
}

/// A two-column priority marker, readable without colour.
fn priority(priority: Priority, theme: Theme) -> (&'static str, Style) {
    match priority {
        Priority::Urgent => ("!!", theme.alert()),
        Priority::High => ("! ", theme.warn()),
        Priority::Normal => ("  ", Style::new()),
        Priority::Low => ("– ", theme.dim()),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Days, NaiveDate};

    use super::render;
    use crate::domain::{Priority, Todo, TodoId, TodoStatus};
    use crate::ui::App;
    use crate::ui::testing::{draw, on_each_engine};

    fn todos_of(account: &str) -> App {
        crate::ui::testing::focused_on(account, crate::ui::state::PaneId::Todos)
    }

    fn pane_text(app: &App, width: u16, height: u16) -> Vec<String> {
        crate::ui::testing::pane_lines(app, render, width, height)
    }

    fn day(as_of: NaiveDate, offset: i64) -> NaiveDate {
        let days = Days::new(offset.unsigned_abs());
        if offset < 0 { as_of - days } else { as_of + days }
    }

    /// A todo due `due` days from `as_of` (none when `None`).
    fn todo(id: i64, title: &str, as_of: NaiveDate, due: Option<i64>, priority: Priority) -> Todo {
        Todo {
            id: TodoId(id),
            account_id: None,
            title: title.to_owned(),
            notes: None,
            due: due.map(|d| day(as_of, d)),
            priority,
            status: TodoStatus::Open,
            snoozed_until: None,
            rule: None,
            created_on: day(as_of, -40),
            completed_on: None,
            version: 0,
        }
    }

    /// The selected account's todos replaced by one of each kind, in a shuffled order.
    fn with_every_kind(app: &mut App) {
        let as_of = app.state.as_of;
        let mut snoozed = todo(1, "Chase the signed order form", as_of, Some(-2), Priority::High);
        snoozed.snoozed_until = Some(day(as_of, 5));
        let mut ruled = todo(2, "Plan the renewal", as_of, Some(10), Priority::High);
        ruled.rule = Some("renewal_120".to_owned());
        let todos = vec![
            todo(3, "Send the QBR deck", as_of, None, Priority::Normal),
            ruled,
            todo(4, "Call the new sponsor", as_of, Some(0), Priority::Low),
            snoozed,
            todo(5, "Escalate the outage\twith engineering", as_of, Some(-12), Priority::Urgent),
            todo(6, "Book the onsite", as_of, Some(10), Priority::Urgent),
            todo(7, "Review seat usage", as_of, Some(-3), Priority::Low),
        ];
        app.state.book.detail.as_mut().unwrap().detail.facts.open_todos = todos;
    }

    #[test]
    fn champion_left_at_80x24() {
        on_each_engine("champion_left_at_80x24", || {
            let app = todos_of("Halvorsen Maritime");
            insta::assert_snapshot!("champion_left_at_80x24", draw(&app, 80, 24).backend());
        });
    }

    #[test]
    fn champion_left_at_160x48() {
        on_each_engine("champion_left_at_160x48", || {
            let app = todos_of("Halvorsen Maritime");
            insta::assert_snapshot!("champion_left_at_160x48", draw(&app, 160, 48).backend());
        });
    }

    #[test]
    fn every_kind_in_order_at_80x24() {
        on_each_engine("every_kind_in_order_at_80x24", || {
            let mut app = todos_of("Halvorsen Maritime");
            with_every_kind(&mut app);
            insta::assert_snapshot!("every_kind_in_order_at_80x24", draw(&app, 80, 24).backend());
        });
    }

    #[test]
    fn every_kind_in_a_wide_pane() {
        on_each_engine("every_kind_in_a_wide_pane", || {
            let mut app = todos_of("Halvorsen Maritime");
            with_every_kind(&mut app);
            insta::assert_snapshot!(
                "every_kind_in_a_wide_pane",
                pane_text(&app, 72, 10).join("\n")
            );
        });
    }

    #[test]
    fn more_todos_than_lines_end_with_a_count() {
        on_each_engine("more_todos_than_lines_end_with_a_count", || {
            let mut app = todos_of("Halvorsen Maritime");
            with_every_kind(&mut app);
            let lines = pane_text(&app, 40, 6);
            assert!(lines[4].contains("… 4 more"), "{lines:#?}");
            assert!(lines[1].contains("overdue 12d"), "{lines:#?}");
        });
    }

    /// A snooze that has run out counts as overdue again; those still running are counted
    /// apart and listed last, the one that comes back first before the other.
    #[test]
    fn snoozed_todos_are_counted_apart_and_listed_last_by_the_day_they_come_back() {
        on_each_engine(
            "snoozed_todos_are_counted_apart_and_listed_last_by_the_day_they_come_back",
            || {
                let mut app = todos_of("Halvorsen Maritime");
                let as_of = app.state.as_of;
                let snoozed = |id, title, due, back| {
                    let mut t = todo(id, title, as_of, Some(due), Priority::Normal);
                    t.snoozed_until = Some(day(as_of, back));
                    t
                };
                let todos = vec![
                    snoozed(1, "Chase the order form", -5, 6), // snoozed, back in 6 days
                    snoozed(2, "Send the QBR deck", -1, 2),    // snoozed, back in 2 days
                    snoozed(3, "Call the sponsor", -3, 0),     // snooze ran out today: 3 days late
                    todo(4, "Review seat usage", as_of, Some(4), Priority::Normal),
                ];
                let order: Vec<i64> =
                    super::in_order(&todos, as_of).iter().map(|t| t.id.0).collect();
                assert_eq!(order, [3, 4, 2, 1]);
                app.state.book.detail.as_mut().unwrap().detail.facts.open_todos = todos;
                let lines = pane_text(&app, 60, 8);
                assert!(lines[0].contains("Todos 4 open · 1 overdue · 2 snoozed"), "{lines:#?}");
                assert!(
                    lines[1].contains("overdue by 3d") && lines[1].contains("Call the sponsor")
                );
                assert!(
                    lines[3].contains("Send the QBR deck")
                        && lines[3].ends_with("snoozed to 2026-11-26┃"),
                    "{lines:#?}"
                );
            },
        );
    }

    #[test]
    fn an_account_without_todos_says_nothing_open() {
        on_each_engine("an_account_without_todos_says_nothing_open", || {
            let mut app = todos_of("Halvorsen Maritime");
            app.state.book.detail.as_mut().unwrap().detail.facts.open_todos.clear();
            let lines = pane_text(&app, 40, 5);
            assert!(lines[0].contains("Todos 0 open"), "{lines:#?}");
            assert!(lines[1].contains("nothing open"), "{lines:#?}");
        });
    }

    #[test]
    fn tiny_areas_do_not_panic() {
        on_each_engine("tiny_areas_do_not_panic", || {
            let mut app = todos_of("Halvorsen Maritime");
            with_every_kind(&mut app);
            for (w, h) in [(0, 0), (5, 2), (12, 4), (1, 30), (30, 3)] {
                let _ = pane_text(&app, w, h);
            }
        });
    }
}
