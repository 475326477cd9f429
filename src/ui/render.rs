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
use super::panes;
use super::popups;
use super::state::{AppState, PaneId, View};
use super::theme::Theme;
use super::views;
use crate::domain::terminal_safe;
use crate::format::fit;

/// Rows of the renewal pane when every pane is on screen.
const RENEWAL_HEIGHT: u16 = 9;

/// Terminals at least this wide show every pane of the book view at once.
const WIDE: u16 = 120;
/// ... and at least this tall.
const TALL: u16 = 32;

/// Draws the workspace into `frame`.
pub fn render(frame: &mut Frame<'_>, state: &AppState, keymap: &Keymap, theme: Theme) {
    let area = frame.area();
    render_into(area, frame.buffer_mut(), state, keymap, theme);
}

/// Draws the workspace into `buf` (the seam tests draw through).
pub fn render_into(area: Rect, buf: &mut Buffer, state: &AppState, keymap: &Keymap, theme: Theme) {
    let [tabs, main, status] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1)])
            .areas(area);
    render_tabs(tabs, buf, state, theme);
    if state.book.accounts.is_empty() {
        render_first_run(main, buf, theme);
    } else {
        match state.view {
            View::Book => render_book(main, buf, state, theme),
            View::Todos => views::todo_queue::render(state, theme, main, buf),
            View::Renewals => views::renewals::render(state, theme, main, buf),
            View::Portfolio => views::portfolio::render(state, theme, main, buf),
            View::Timeline => views::timeline::render(state, theme, main, buf),
            View::Qbr => views::qbr::render(state, theme, main, buf),
        }
    }
    render_status(status, buf, state, keymap, theme);
    popups::render(state, keymap, theme, main, area, buf);
}

fn render_tabs(area: Rect, buf: &mut Buffer, state: &AppState, theme: Theme) {
    let mut spans = vec![Span::styled(" csm ", theme.header())];
    // Titles shorten where the full ones would crowd the date out.
    let full: usize = View::ALL.iter().map(|v| v.title().chars().count() + 4).sum();
    let short = full + 5 + 11 > usize::from(area.width);
    for (i, view) in View::ALL.iter().enumerate() {
        let name = if short { view.short_title() } else { view.title() };
        let label = format!(" {} {name} ", i + 1);
        let style = if *view == state.view { theme.selected() } else { theme.dim() };
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

fn render_book(area: Rect, buf: &mut Buffer, state: &AppState, theme: Theme) {
    let focus = state.focus;
    let draw = |id: PaneId, area: Rect, buf: &mut Buffer| {
        let pane = panes::pane(id);
        pane.render(state, theme, pane.id() == focus, area, buf);
    };
    if state.zoomed {
        draw(focus, area, buf);
        return;
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
        for (id, area) in [
            (PaneId::Accounts, list),
            (PaneId::Health, health),
            (PaneId::Renewal, renewal),
            (PaneId::Stakeholders, stakeholders),
            (PaneId::Todos, todos),
            (PaneId::Plan, plan),
        ] {
            draw(id, area, buf);
        }
        return;
    }
    // Small terminals: the list beside one detail pane at a time, chosen by the focus (the
    // health pane while the list has it), with a strip naming the others.
    let list_width = (area.width * 11 / 20).max(30).min(area.width);
    let [list, right] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Fill(1)]).areas(area);
    draw(PaneId::Accounts, list, buf);
    if right.width < 20 {
        return;
    }
    let shown = if focus == PaneId::Accounts { PaneId::Health } else { focus };
    let [strip, pane] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(right);
    // Each name padded when they all fit so, else a space apart.
    let padded = PaneId::ALL[1..].iter().map(|&p| short_title(p).len() + 2).sum::<usize>()
        <= usize::from(strip.width);
    let names: Vec<Span> = PaneId::ALL[1..]
        .iter()
        .enumerate()
        .flat_map(|(i, &p)| {
            let style = if p == shown { theme.selected() } else { theme.dim() };
            let name = short_title(p);
            match (padded, i) {
                (true, _) => vec![Span::styled(format!(" {name} "), style)],
                (false, 0) => vec![Span::styled(name, style)],
                (false, _) => vec![Span::raw(" "), Span::styled(name, style)],
            }
        })
        .collect();
    Line::from(names).render(strip, buf);
    draw(shown, pane, buf);
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

fn render_status(area: Rect, buf: &mut Buffer, state: &AppState, keymap: &Keymap, theme: Theme) {
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
        View::Book => panes::pane(state.focus).hints(),
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
        View::Portfolio => &[Action::ToggleHelp, Action::Back, Action::Quit],
        View::Qbr => &[
            Action::WriteQbr,
            Action::SelectNext,
            Action::PageDown,
            Action::ToggleHelp,
            Action::Back,
        ],
        View::Timeline => {
            &[Action::ToggleHelp, Action::SelectNext, Action::PageDown, Action::Back, Action::Quit]
        }
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
        Action::EditTodo | Action::EditStakeholder | Action::EditPlanItem => "edit",
        Action::DeleteTodo | Action::DeleteGoal => "delete",
        Action::CompletePlanItem => "done/met",
        Action::MissGoal => "missed",
        Action::AddGoal => "add goal",
        Action::Undo => "undo",
        Action::ToggleTree => "tree",
        Action::WriteQbr => "write file",
        _ => "",
    }
}

#[cfg(test)]
mod tests;
