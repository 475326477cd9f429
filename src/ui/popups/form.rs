//! The open form, centred above the view: each field under its label, the focused one marked,
//! the reason a save was refused, and the keys that move, save and cancel. It reads the form
//! only.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::domain::terminal_safe;
use crate::format::fit;
use crate::ui::form::{DAY_FORMS, Field, Form, Input};
use crate::ui::theme::Theme;
use crate::ui::widgets::{centered, frame_block};

/// Columns of the labels left of the inputs.
const LABEL: u16 = 12;

/// Widest the form gets.
const WIDTH: u16 = 76;

/// Lines a checklist shows at most; it scrolls past them.
const CHECK_LINES: usize = 6;

/// Lines of free text shown at least.
const TEXT_LINES: u16 = 3;

/// Draws the open `form` centred in `area`.
pub fn render(form: &Form, theme: Theme, area: Rect, buf: &mut Buffer) {
    let width = WIDTH.min(area.width);
    // Inside the borders, right of the labels.
    let input_width = usize::from(width.saturating_sub(2 + LABEL)).max(1);
    let fixed: u16 = form.fields.iter().map(|f| fixed_height(f, input_width)).sum();
    let free_text = form.fields.iter().filter(|f| matches!(f.input, Input::Text(_))).count();
    let error = u16::from(form.error.is_some());
    // Borders, the hints and the error around the fields; free text takes what is left.
    let wanted = fixed + u16::try_from(free_text).unwrap_or(1) * 8 + error + 3;
    let popup = centered(area, width, wanted.min(area.height));
    Clear.render(popup, buf);
    let title = Line::styled(format!(" {} ", terminal_safe(&form.title)), theme.header());
    let block = frame_block(title, theme);
    let inner = block.inner(popup);
    block.render(popup, buf);

    let mut constraints: Vec<Constraint> = form
        .fields
        .iter()
        .map(|f| match f.input {
            Input::Text(_) => Constraint::Min(TEXT_LINES),
            _ => Constraint::Length(fixed_height(f, input_width)),
        })
        .collect();
    constraints.push(Constraint::Length(error));
    constraints.push(Constraint::Length(1));
    let rows = Layout::vertical(constraints).split(inner);
    for (i, field) in form.fields.iter().enumerate() {
        render_field(field, i == form.focus, theme, rows[i], buf);
    }
    if let Some(message) = &form.error {
        // A refused save may quote SQLite's error or an import's problem.
        Paragraph::new(Line::styled(terminal_safe(message).into_owned(), theme.alert()))
            .wrap(Wrap { trim: true })
            .render(rows[form.fields.len()], buf);
    }
    hints(form, theme).render(rows[form.fields.len() + 1], buf);
}

fn fixed_height(field: &Field, width: usize) -> u16 {
    match &field.input {
        Input::Checks { items, .. } => {
            u16::try_from(items.len().clamp(1, CHECK_LINES)).unwrap_or(1)
        }
        Input::Choice { options, .. } => {
            u16::try_from(option_rows(options, width).len()).unwrap_or(1).max(1)
        }
        Input::Text(_) => 0,
        _ => 1,
    }
}

fn render_field(field: &Field, focused: bool, theme: Theme, area: Rect, buf: &mut Buffer) {
    let [label, input] =
        Layout::horizontal([Constraint::Length(LABEL), Constraint::Fill(1)]).areas(area);
    let marker = if focused { "›" } else { " " };
    let style = if focused { theme.key() } else { theme.dim() };
    Line::styled(format!("{marker}{}", fit(field.label, usize::from(LABEL) - 2)), style)
        .render(label, buf);
    match &field.input {
        Input::Line(text) | Input::Text(text) | Input::Day(text) => text.render(input, buf),
        Input::Choice { options, index } => {
            let style = |i: usize| match (i == *index, focused) {
                (true, true) => theme.selected(),
                (true, false) => theme.key(),
                (false, _) => theme.dim(),
            };
            let lines: Vec<Line> = option_rows(options, usize::from(input.width))
                .into_iter()
                .map(|row| {
                    Line::from(
                        row.map(|i| Span::styled(format!(" {} ", options[i]), style(i)))
                            .collect::<Vec<_>>(),
                    )
                })
                .collect();
            Paragraph::new(lines).render(input, buf);
        }
        Input::Checks { items, cursor } => {
            if items.is_empty() {
                Line::styled("no current contacts", theme.dim()).render(input, buf);
                return;
            }
            let room = usize::from(input.height).max(1);
            let first = (cursor + 1).saturating_sub(room);
            let lines: Vec<Line> = items
                .iter()
                .enumerate()
                .skip(first)
                .take(room)
                .map(|(i, (label, on))| {
                    let tick = if *on { "[x] " } else { "[ ] " };
                    let line = Line::from(format!("{tick}{label}"));
                    if focused && i == *cursor { line.style(theme.selected()) } else { line }
                })
                .collect();
            Paragraph::new(lines).render(input, buf);
        }
    }
}

/// The options packed into rows of `width` columns, never split: each row a range of indices.
fn option_rows(options: &[String], width: usize) -> Vec<std::ops::Range<usize>> {
    let mut rows = Vec::new();
    let (mut start, mut used) = (0, 0);
    for (i, option) in options.iter().enumerate() {
        let w = option.width() + 2;
        if used > 0 && used + w > width {
            rows.push(start..i);
            (start, used) = (i, 0);
        }
        used += w;
    }
    rows.push(start..options.len());
    rows
}

/// The keys of the focused field and of the form.
fn hints(form: &Form, theme: Theme) -> Line<'static> {
    let field = match form.fields.get(form.focus).map(|f| &f.input) {
        // The ways to type a day come first: the keys are the same as on any line.
        Some(Input::Day(_)) => return Line::styled(format!("day: {DAY_FORMS}"), theme.dim()),
        Some(Input::Choice { .. }) => "←/→ choose · ",
        Some(Input::Checks { .. }) => "↑/↓ space tick · ",
        Some(Input::Text(_)) => "enter new line · ",
        _ => "",
    };
    let save = if form.in_free_text() { "ctrl-s save" } else { "enter save" };
    Line::styled(format!("{field}tab next field · {save} · esc cancel"), theme.dim())
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyCode;

    use crate::ui::App;
    use crate::ui::state::PaneId;
    use crate::ui::testing::{demo_app, draw, on_each_engine, press, select_by_search};

    /// The demo workspace on the gone-dark account with `pane` focused.
    fn on(pane: PaneId) -> App {
        let mut app = demo_app();
        select_by_search(&mut app, "Quillfeather Books");
        while app.state.focus != pane {
            press(&mut app, KeyCode::Tab);
        }
        app
    }

    #[test]
    fn the_touchpoint_form_at_80x24_and_160x48() {
        on_each_engine("the_touchpoint_form_at_80x24_and_160x48", || {
            let mut app = on(PaneId::Stakeholders);
            press(&mut app, KeyCode::Char('l'));
            (0..3).for_each(|_| press(&mut app, KeyCode::Tab));
            "Check-in".chars().for_each(|c| press(&mut app, KeyCode::Char(c)));
            press(&mut app, KeyCode::Tab);
            insta::assert_snapshot!("touchpoint_80x24", draw(&app, 80, 24).backend());
            insta::assert_snapshot!("touchpoint_160x48", draw(&app, 160, 48).backend());
        });
    }

    #[test]
    fn a_refused_todo_form_at_80x24() {
        on_each_engine("a_refused_todo_form_at_80x24", || {
            let mut app = on(PaneId::Todos);
            press(&mut app, KeyCode::Char('a'));
            press(&mut app, KeyCode::Tab);
            "someday".chars().for_each(|c| press(&mut app, KeyCode::Char(c)));
            press(&mut app, KeyCode::Enter);
            insta::assert_snapshot!("todo_refused_80x24", draw(&app, 80, 24).backend());
        });
    }

    #[test]
    fn the_stakeholder_form_at_80x24_and_160x48() {
        on_each_engine("the_stakeholder_form_at_80x24_and_160x48", || {
            let mut app = on(PaneId::Stakeholders);
            press(&mut app, KeyCode::Char('e'));
            insta::assert_snapshot!("stakeholder_80x24", draw(&app, 80, 24).backend());
            insta::assert_snapshot!("stakeholder_160x48", draw(&app, 160, 48).backend());
        });
    }

    #[test]
    fn the_snooze_form_at_80x24() {
        on_each_engine("the_snooze_form_at_80x24", || {
            let mut app = on(PaneId::Todos);
            press(&mut app, KeyCode::Char('s'));
            insta::assert_snapshot!("snooze_80x24", draw(&app, 80, 24).backend());
        });
    }
}
