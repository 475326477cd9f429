//! Draws the whole workspace from the state: the view tabs, the current view, the status line
//! with key hints, an open form or question above the view, and the help above everything.
//! Reads the state only.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::action::Action;
use super::importing::{ImportView, running_status};
use super::keymap::Keymap;
use super::pane::Scene;
use super::panes;
use super::popups;
use super::state::{AppState, PaneId, View};
use super::theme::Theme;
use super::view_state::ViewState;
use super::views;
use crate::domain::terminal_safe;
use crate::format::fit;
use unicode_width::UnicodeWidthStr;

/// Rows of the renewal pane when every pane is on screen.
const RENEWAL_HEIGHT: u16 = 9;

/// Terminals at least this wide show every pane of the book view at once.
const WIDE: u16 = 120;
/// ... and at least this tall.
const TALL: u16 = 32;

/// Draws the workspace into `frame`.
///
/// The state is read only; the scroll in `view_state` is clamped to what fits and each page
/// drawn is recorded there, for the next movement key.
pub fn render(
    frame: &mut Frame<'_>,
    state: &AppState,
    view_state: &ViewState,
    keymap: &Keymap,
    theme: Theme,
) {
    let area = frame.area();
    render_into(area, frame.buffer_mut(), state, view_state, keymap, theme);
}

/// Draws the workspace into `buf` (the seam tests draw through).
pub fn render_into(
    area: Rect,
    buf: &mut Buffer,
    state: &AppState,
    view_state: &ViewState,
    keymap: &Keymap,
    theme: Theme,
) {
    let [tabs, main, status] = screen_areas(state, area);
    render_tabs(tabs, buf, state, theme);
    if state.book.scored.accounts.is_empty() {
        render_first_run(main, buf, theme);
    } else {
        match state.view {
            View::Book => render_book(main, buf, state, view_state, theme),
            View::Todos => views::todo_queue::render(state, view_state, theme, main, buf),
            View::Renewals => views::renewals::render(state, view_state, theme, main, buf),
            View::Portfolio => views::portfolio::render(state, view_state, theme, main, buf),
            View::Timeline => views::timeline::render(state, view_state, theme, main, buf),
            View::Qbr => views::qbr::render(state, view_state, theme, main, buf),
            View::Forecast => views::forecast::render(state, view_state, theme, main, buf),
            View::ModelCheck => views::model_check::render(state, view_state, theme, main, buf),
        }
    }
    render_status(status, buf, state, keymap, theme);
    popups::render(state, view_state, keymap, theme, main, area, buf);
}

/// The screen's rows: the tabs, the body (the view), and the status line (one row, or two for a
/// long message). Drawing and mouse clicks both read it, so a click lands on what is drawn.
#[must_use]
pub fn screen_areas(state: &AppState, area: Rect) -> [Rect; 3] {
    let status_rows = status_rows(state, area.width);
    Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(status_rows)])
        .areas(area)
}

/// Each view's tab and the columns it takes on the tab row of `width`, after csm's name.
#[must_use]
pub fn tabs(width: u16) -> Vec<(View, u16, String)> {
    // Titles shorten where the full ones would crowd the date out, and shorten again where the
    // short ones would (80 columns), the tabs then a space apart rather than two.
    let room = |title: fn(View) -> &'static str| {
        let titles: usize = View::ALL.iter().map(|v| title(*v).chars().count() + 4).sum();
        titles + TAB_LEAD.len() + 11 <= usize::from(width)
    };
    let (title, tight): (fn(View) -> &'static str, bool) = if room(View::title) {
        (View::title, false)
    } else if room(View::short_title) {
        (View::short_title, false)
    } else {
        (View::tiny_title, true)
    };
    let mut x = u16::try_from(TAB_LEAD.width()).unwrap_or(0);
    View::ALL
        .iter()
        .enumerate()
        .map(|(i, view)| {
            let name = title(*view);
            let label =
                if tight { format!(" {} {name}", i + 1) } else { format!(" {} {name} ", i + 1) };
            let at = x;
            x = x.saturating_add(u16::try_from(label.width()).unwrap_or(u16::MAX));
            (*view, at, label)
        })
        .collect()
}

/// What the tab row starts with.
const TAB_LEAD: &str = " csm ";

fn render_tabs(area: Rect, buf: &mut Buffer, state: &AppState, theme: Theme) {
    let mut spans = vec![Span::styled(TAB_LEAD, theme.header())];
    for (view, _, label) in tabs(area.width) {
        let style = if view == state.view { theme.selected() } else { theme.dim() };
        spans.push(Span::styled(label, style));
    }
    // The date keeps its words when they fit, and is never cut.
    let used: usize = spans.iter().map(Span::width).sum();
    let room = usize::from(area.width).saturating_sub(used);
    let mut as_of = format!("  as of {}", state.as_of);
    if as_of.len() > room {
        as_of = format!(" {}", state.as_of);
    }
    if as_of.len() <= room {
        spans.push(Span::styled(as_of, theme.dim()));
    }
    Line::from(spans).render(area, buf);
}

/// Where each pane of the book view is drawn in `area` (the body under the tabs), in focus
/// order, and in small terminals the strip naming the detail panes with each name's columns.
/// Drawing and mouse clicks both read it, so a click lands on what is drawn there.
#[must_use]
pub fn book_areas(state: &AppState, area: Rect) -> BookAreas {
    let focus = state.focus;
    if state.zoomed {
        return BookAreas { panes: vec![(focus, area)], strip: Vec::new() };
    }
    if area.width >= WIDE && area.height >= TALL {
        let list_width = (area.width * 9 / 20).clamp(60, 90);
        let [list, right] =
            Layout::horizontal([Constraint::Length(list_width), Constraint::Fill(1)]).areas(area);
        let [health, lower] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Fill(1)]).areas(right);
        let [left, stakeholders] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(lower);
        // Under the renewal, the todos keep the rows they need up to half of what is left, the
        // plan takes the rows it needs from the rest, and the todos any rows still free.
        let below = left.height.saturating_sub(RENEWAL_HEIGHT);
        let todos_height = panes::todos::height(state).min(below / 2);
        let plan_height = panes::plan::height(state).min(below - todos_height);
        let [renewal, todos, plan] = Layout::vertical([
            Constraint::Length(RENEWAL_HEIGHT),
            Constraint::Fill(1),
            Constraint::Length(plan_height),
        ])
        .areas(left);
        let panes = vec![
            (PaneId::Accounts, list),
            (PaneId::Health, health),
            (PaneId::Renewal, renewal),
            (PaneId::Stakeholders, stakeholders),
            (PaneId::Todos, todos),
            (PaneId::Plan, plan),
        ];
        return BookAreas { panes, strip: Vec::new() };
    }
    // Small terminals: the list beside one detail pane at a time, chosen by the focus (the
    // health pane while the list has it), with a strip naming the others.
    let list_width = (area.width * 11 / 20).max(30).min(area.width);
    let [list, right] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Fill(1)]).areas(area);
    if right.width < 20 {
        return BookAreas { panes: vec![(PaneId::Accounts, list)], strip: Vec::new() };
    }
    let shown = if focus == PaneId::Accounts { PaneId::Health } else { focus };
    let [strip, pane] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(right);
    // Each name padded when they all fit so, else a space apart.
    let padded = PaneId::ALL[1..].iter().map(|&p| short_title(p).len() + 2).sum::<usize>()
        <= usize::from(strip.width);
    let mut x = strip.x;
    let mut names = Vec::new();
    for (i, &p) in PaneId::ALL[1..].iter().enumerate() {
        let name = short_title(p);
        let (lead, text) = match (padded, i) {
            (true, _) => (0, format!(" {name} ")),
            (false, 0) => (0, name.to_owned()),
            (false, _) => (1, name.to_owned()),
        };
        x = x.saturating_add(lead);
        let width = u16::try_from(text.width()).unwrap_or(u16::MAX);
        let at = Rect { x, width: width.min(strip.right().saturating_sub(x)), ..strip };
        names.push((p, at, text));
        x = x.saturating_add(width);
    }
    BookAreas { panes: vec![(PaneId::Accounts, list), (shown, pane)], strip: names }
}

/// The layout of the book view: each pane on screen and its area, and the strip's names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookAreas {
    pub panes: Vec<(PaneId, Rect)>,
    /// In small terminals: each detail pane's name on the strip, where it is drawn.
    pub strip: Vec<(PaneId, Rect, String)>,
}

fn render_book(
    area: Rect,
    buf: &mut Buffer,
    state: &AppState,
    view_state: &ViewState,
    theme: Theme,
) {
    let areas = book_areas(state, area);
    let shown = areas.panes.last().map(|(id, _)| *id);
    for (id, at, name) in &areas.strip {
        let style = if Some(*id) == shown { theme.selected() } else { theme.dim() };
        Span::styled(name.as_str(), style).render(*at, buf);
    }
    for (id, at) in areas.panes {
        let pane = panes::pane(id);
        let scene = Scene { state, view_state };
        pane.render(scene, theme, pane.id == state.focus, at, buf);
    }
}

const fn short_title(pane: PaneId) -> &'static str {
    match pane {
        PaneId::Accounts => "List",
        PaneId::Health => "Health",
        PaneId::Renewal => "Renewal",
        PaneId::Stakeholders => "People",
        PaneId::Todos => "Todos",
        PaneId::Plan => "Plan",
    }
}

fn render_first_run(area: Rect, buf: &mut Buffer, theme: Theme) {
    let text = vec![
        Line::from(Span::styled("Welcome to csm: this book has no accounts yet.", theme.header())),
        Line::from(""),
        Line::from("Try the demo book, a realistic book of 60 accounts:"),
        Line::from(Span::styled("    csm demo", theme.key())),
        Line::from(""),
        Line::from("Or open another book:"),
        Line::from(Span::styled("    csm --db PATH", theme.key())),
        Line::from(""),
        Line::from(Span::styled("Press q to quit.", theme.dim())),
    ];
    let area = super::widgets::centered(area, 64, 11);
    Paragraph::new(text).wrap(Wrap { trim: false }).render(area, buf);
}

/// The rows the status line takes at `width`: two when what happened does not fit on one (it
/// is read in full, and the hints wait for the next message), else one.
fn status_rows(state: &AppState, width: u16) -> u16 {
    let plain = !state.modal.is_search()
        && !matches!(state.import, Some(ImportView::Running { .. }))
        && !state.status.is_empty();
    if plain && terminal_safe(&state.status).width() + 2 > usize::from(width) { 2 } else { 1 }
}

fn render_status(area: Rect, buf: &mut Buffer, state: &AppState, keymap: &Keymap, theme: Theme) {
    if area.height >= 2 {
        // A message too long for one row: wrapped on two, the second cut if it must be.
        let status = terminal_safe(&state.status);
        let width = usize::from(area.width).saturating_sub(2);
        let mut lines = super::document::wrap(&status, width).into_iter();
        let first = lines.next().unwrap_or_default();
        let rest = lines.collect::<Vec<_>>().join(" ");
        let row = |y| Rect { y, height: 1, ..area };
        Line::raw(format!(" {first}")).render(row(area.y), buf);
        Line::raw(format!(" {}", fit(&rest, width))).render(row(area.y + 1), buf);
        return;
    }
    let mut spans = Vec::new();
    if state.modal.is_search() {
        spans.push(Span::styled(" search: ", theme.key()));
        spans.push(Span::raw(format!("{}▏", terminal_safe(&state.search.query))));
        spans.push(Span::styled("  enter keep · esc clear", theme.dim()));
        Line::from(spans).render(area, buf);
        return;
    }
    let width = usize::from(area.width);
    if let Some(ImportView::Running { request, started, progress }) = &state.import {
        // The clock is read here, not a store: the loop wakes twice a second while it runs.
        let running = running_status(request, *progress, started.elapsed());
        // The file's name is the user's, and may hold anything.
        let text =
            format!(" {} · the workspace stays usable; edits wait ", terminal_safe(&running));
        Line::styled(fit(&text, width), theme.warn()).render(area, buf);
        return;
    }
    if !state.status.is_empty() {
        // The one place the status line reaches the screen: whatever outside text a message
        // quotes (a file name, SQLite's error, an import's problem) is made safe here.
        let status = terminal_safe(&state.status);
        spans.push(Span::raw(format!(" {} ", fit(&status, width.saturating_sub(2)))));
        spans.push(Span::styled("│", theme.dim()));
    }
    // The hints of the view and pane on screen: the list keys on the list, the edit keys on the
    // panes that edit, scrolling and back in the views that scroll.
    let hints: &[Action] = match state.view {
        View::Book => panes::pane(state.focus).hints,
        View::Todos => &[
            Action::CompleteTodo,
            Action::SnoozeTodo,
            Action::EditTodo,
            Action::OpenAccount,
            Action::DeleteTodo,
            Action::Undo,
            Action::ToggleHelp,
            Action::Back,
        ],
        View::Renewals => &[Action::OpenAccount, Action::ToggleHelp, Action::Back, Action::Quit],
        View::Portfolio => {
            &[Action::ToggleHelp, Action::SelectNext, Action::PageDown, Action::Back, Action::Quit]
        }
        View::Qbr => &[
            Action::EditQbr,
            Action::WriteQbr,
            Action::SwitchQbrTab,
            Action::MarkQbrHeld,
            Action::Undo,
            Action::SelectNext,
            Action::PageDown,
            Action::ToggleHelp,
            Action::Back,
        ],
        View::Forecast => &[
            Action::CallRenewal,
            Action::OpenAccount,
            Action::ToggleForecastHorizon,
            Action::Undo,
            Action::ToggleHelp,
            Action::Back,
        ],
        View::ModelCheck => &[
            Action::CycleLead,
            Action::SelectNext,
            Action::PageDown,
            Action::ToggleHelp,
            Action::Back,
            Action::Quit,
        ],
        View::Timeline => &[
            Action::EditInteraction,
            Action::OpenAccount,
            Action::DeleteInteraction,
            Action::LogTouchpoint,
            Action::Undo,
            Action::ToggleHelp,
            Action::Back,
        ],
    };
    // Whole hints only, as many as fit after what happened.
    let mut used: usize = spans.iter().map(Span::width).sum();
    for &action in hints {
        if let Some(key) = keymap.key_for(action, state.key_scope()) {
            let key = Span::styled(format!(" {key}"), theme.key());
            let label = Span::styled(format!(" {}", hint(action)), theme.dim());
            used += key.width() + label.width();
            if used > width {
                break;
            }
            spans.extend([key, label]);
        }
    }
    Line::from(spans).render(area, buf);
}

const fn hint(action: Action) -> &'static str {
    match action {
        Action::ToggleHelp => "help",
        Action::StartSearch => "search",
        Action::CycleSort => "sort",
        Action::FilterBand => "band",
        Action::FocusNext => "pane",
        Action::Quit => "quit",
        Action::SelectNext => "scroll",
        Action::ToggleZoom => "zoom",
        Action::OpenAccount => "open account",
        Action::PageDown => "page",
        Action::Back => "back",
        Action::LogTouchpoint => "log",
        Action::AddTodo => "add todo",
        Action::CompleteTodo => "done",
        Action::SnoozeTodo => "snooze",
        Action::EditTodo
        | Action::EditStakeholder
        | Action::EditPlanItem
        | Action::EditInteraction => "edit",
        Action::DeleteTodo
        | Action::DeleteGoal
        | Action::DeleteContact
        | Action::DeleteInteraction => "delete",
        Action::AddContact => "add contact",
        Action::CompletePlanItem => "done/met",
        Action::MissGoal => "missed",
        Action::AddGoal => "add goal",
        Action::EditOpportunity => "edit",
        Action::AddOpportunity => "add opp",
        Action::CloseOpportunity => "won/lost",
        Action::RecordRenewal => "record",
        Action::Undo => "undo",
        Action::ToggleTree => "tree",
        Action::WriteQbr => "write files",
        Action::EditQbr => "prepare",
        Action::SwitchQbrTab => "brief/deck",
        Action::MarkQbrHeld => "held",
        Action::CallRenewal => "call",
        Action::ToggleForecastHorizon => "horizon",
        Action::CycleLead => "lead",
        _ => "",
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod zoom_tests;
