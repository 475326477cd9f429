//! The help overlay: every key of the current view (the focused pane's in the book, the todo
//! keys in the todo queue) and every global key, generated from the keymap so it always tells the
//! truth. Two columns when one would not fit the terminal.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::ui::keymap::{KeyScope, Keymap, Scope};
use crate::ui::panes::stakeholders;
use crate::ui::state::{AppState, PaneId, View};
use crate::ui::theme::Theme;
use crate::ui::widgets::{centered, frame_block};

/// Width of one column of the help.
const COLUMN: u16 = 60;

/// Width the glyph legend is laid out in: narrow enough for one column of the two-column help.
const LEGEND: usize = 36;

/// Draws the help above everything in `area`.
pub fn render(state: &AppState, keymap: &Keymap, theme: Theme, area: Rect, buf: &mut Buffer) {
    let mut lines = Vec::new();
    let keys = Keys { keymap, in_force: state.key_scope(), view: state.view, theme };
    if state.view.section().is_some() {
        keys.section(&mut lines, format!("{} view", state.view.title()), Scope::View(state.view));
    }
    match state.view {
        View::Book => {
            let pane = state.focus;
            keys.section(&mut lines, format!("{} pane", pane.title()), Scope::Pane(pane));
        }
        View::Todos => {
            keys.section(&mut lines, "The todo picked".to_owned(), Scope::Pane(PaneId::Todos));
        }
        _ => {}
    }
    keys.section(&mut lines, "Everywhere".to_owned(), Scope::Global);
    // The stakeholder pane's glyphs: always where that pane has the focus, elsewhere when the
    // help has room for them.
    let glyphs = glyph_legend(theme);
    let room = usize::from(area.height.saturating_sub(2)).max(1);
    let capacity = if area.width >= COLUMN + 20 { 2 * room } else { room };
    let on_stakeholders = state.view == View::Book && state.focus == PaneId::Stakeholders;
    if on_stakeholders || lines.len() + glyphs.len() < capacity {
        lines.extend(glyphs);
    }
    lines.push(Line::styled("esc or ? closes this help", theme.dim()));

    let two = lines.len() > room && area.width >= 2 * COLUMN / 2 + 20;
    let height = if two { lines.len().div_ceil(2) } else { lines.len() };
    let width = if two { (2 * COLUMN).min(area.width) } else { COLUMN };
    let popup = centered(area, width, u16::try_from(height + 2).unwrap_or(u16::MAX));
    Clear.render(popup, buf);
    let title = Line::from(format!(" Keys · {} view ", state.view.title()));
    let block = frame_block(title, theme);
    let inner = block.inner(popup);
    block.render(popup, buf);
    if two {
        let right = lines.split_off(height.min(lines.len()));
        let [a, b] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(inner);
        Paragraph::new(lines).render(a, buf);
        Paragraph::new(right).render(b, buf);
    } else {
        Paragraph::new(lines).render(inner, buf);
    }
}

/// What the stakeholder pane's glyphs mean, as a section of the help.
fn glyph_legend(theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled("Stakeholder glyphs", theme.header())];
    // Two short lines, which fit a column of the two-column help.
    lines.extend(stakeholders::legend(theme, LEGEND).into_iter().map(|mut l| {
        l.spans.insert(0, Span::raw("  "));
        l
    }));
    lines.push(Line::from(vec![
        Span::styled("  ✓", theme.good()),
        Span::raw(" engaged  "),
        Span::styled("✗", theme.alert()),
        Span::raw(" left"),
    ]));
    lines.push(Line::from(""));
    lines
}

/// The keys in force where the help was opened.
struct Keys<'a> {
    keymap: &'a Keymap,
    in_force: KeyScope,
    view: View,
    theme: Theme,
}

impl Keys<'_> {
    /// The bindings of `scope` that do what they say where the help was opened (a key the view
    /// or the pane takes over for something else is left out), under `title`.
    fn section(&self, lines: &mut Vec<Line<'static>>, title: String, scope: Scope) {
        let groups: Vec<_> = self
            .keymap
            .grouped(scope)
            .into_iter()
            .filter_map(|(action, keys)| {
                let keys: Vec<String> = keys
                    .iter()
                    .filter(|k| self.keymap.action_of(**k, self.in_force) == Some(action))
                    .map(ToString::to_string)
                    .collect();
                (!keys.is_empty()).then_some((action, keys))
            })
            .collect();
        if groups.is_empty() {
            return;
        }
        lines.push(Line::styled(title, self.theme.header()));
        for (action, keys) in groups {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<11}", keys.join(" ")), self.theme.key()),
                Span::raw(action.describe_in(self.view)),
            ]));
        }
        lines.push(Line::from(""));
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use crate::ui::testing::{demo_app, draw, on_each_engine};

    #[test]
    fn the_queue_s_help_says_enter_opens_the_account_and_never_that_it_edits() {
        on_each_engine(
            "the_queue_s_help_says_enter_opens_the_account_and_never_that_it_edits",
            || {
                let mut app = demo_app();
                app.handle_key(KeyEvent::new(KeyCode::Char('2'), KeyModifiers::NONE)).unwrap();
                app.handle_key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE)).unwrap();
                let screen = format!("{}", draw(&app, 160, 48).backend());
                assert!(screen.contains("Todo queue view"), "{screen}");
                assert!(screen.contains("enter      open the account in the book"), "{screen}");
                assert!(screen.contains("e          edit the todo"), "{screen}");
                assert!(
                    !screen.contains("enter e"),
                    "enter is the view's, not the pane's:\n{screen}"
                );
            },
        );
    }

    #[test]
    fn the_help_explains_the_stakeholder_glyphs() {
        on_each_engine("the_help_explains_the_stakeholder_glyphs", || {
            let mut app = crate::ui::testing::focused_on(
                "Halvorsen Maritime",
                crate::ui::state::PaneId::Stakeholders,
            );
            app.handle_key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE)).unwrap();
            for (width, height) in [(80, 24), (160, 48)] {
                let screen = format!("{}", draw(&app, width, height).backend());
                assert!(screen.contains("infl. ●●●○○ = 3 of 5"), "{screen}");
                assert!(screen.contains("± ++ + · − −− warm to hostile"), "{screen}");
                assert!(screen.contains("✓ engaged  ✗ left"), "{screen}");
            }
        });
    }

    #[test]
    fn the_help_at_80x24_and_160x48() {
        on_each_engine("the_help_at_80x24_and_160x48", || {
            let mut app = demo_app();
            app.handle_key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE)).unwrap();
            insta::assert_snapshot!("help_80x24", draw(&app, 80, 24).backend());
            insta::assert_snapshot!("help_160x48", draw(&app, 160, 48).backend());
        });
    }
}
