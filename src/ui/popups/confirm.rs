//! The yes-or-no question asked before a destructive edit. It reads the question only.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::domain::terminal_safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::{centered, frame_block};

/// Draws the open `question` centred in `area`.
pub fn render(question: &str, theme: Theme, area: Rect, buf: &mut Buffer) {
    // The question quotes what would be deleted: a name or title that came from an import.
    let question = terminal_safe(question);
    let width = u16::try_from(question.width() + 4).unwrap_or(u16::MAX).clamp(30, 72);
    let lines = question.width().div_ceil(usize::from(width.saturating_sub(2)).max(1));
    let popup = centered(area, width, u16::try_from(lines + 4).unwrap_or(u16::MAX));
    Clear.render(popup, buf);
    let block = frame_block(Line::styled(" Confirm ", theme.header()), theme);
    let inner = block.inner(popup);
    block.render(popup, buf);
    let answer = Line::from(vec![
        Span::styled("y", theme.key()),
        Span::styled(" yes · ", theme.dim()),
        Span::styled("n", theme.key()),
        Span::styled(" no (undo with u)", theme.dim()),
    ]);
    let text = vec![Line::from(question.into_owned()), Line::from(""), answer];
    Paragraph::new(text).wrap(Wrap { trim: true }).render(inner, buf);
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyCode;

    use crate::ui::testing::{demo_app, draw, on_each_engine, press, select_by_search};

    #[test]
    fn deleting_a_todo_asks_at_80x24_and_160x48() {
        on_each_engine("deleting_a_todo_asks_at_80x24_and_160x48", || {
            let mut app = demo_app();
            select_by_search(&mut app, "Quillfeather Books");
            (0..4).for_each(|_| press(&mut app, KeyCode::Tab));
            press(&mut app, KeyCode::Char('d'));
            insta::assert_snapshot!("delete_80x24", draw(&app, 80, 24).backend());
            insta::assert_snapshot!("delete_160x48", draw(&app, 160, 48).backend());
        });
    }
}
