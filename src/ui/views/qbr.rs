//! The QBR brief view: the selected account's brief as the Markdown file it will be written to,
//! wrapped to the width, headings picked out, scrolled by lines with what is above and below
//! said. The title names the file the write key makes.
//!
//! It draws what `state.book.qbr` already holds: it must not touch the store, score or build the
//! brief.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::timeline::wrap;
use crate::domain::terminal_safe;
use crate::ui::scroll::scrolled;
use crate::ui::state::{AppState, QbrPreview};
use crate::ui::theme::Theme;
use crate::ui::view_state::ViewState;
use crate::ui::widgets::frame_block;

/// Draws the brief into `area`.
pub fn render(
    state: &AppState,
    view_state: &ViewState,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let Some(preview) = &state.book.qbr else {
        let block = frame_block(Line::styled(" QBR brief ", theme.header()), theme);
        let inner = block.inner(area);
        block.render(area, buf);
        Line::styled(" No account selected.", theme.dim()).render(inner, buf);
        return;
    };
    let block = frame_block(title(preview, theme), theme);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.is_empty() {
        return;
    }
    let width = usize::from(inner.width).saturating_sub(2).max(1);
    let rows = lines(preview, width, theme);
    let window =
        scrolled(rows.len(), usize::from(inner.height), &view_state.view_scroll, |_| false);
    let (first, last) = (window.lines.start, window.lines.end);
    let top = inner.y + u16::from(window.above);
    if window.above {
        Line::styled(format!(" ↑ {first} lines above"), theme.dim())
            .render(Rect { height: 1, ..inner }, buf);
    }
    for (n, (style, text)) in rows[first..last].iter().enumerate() {
        let at = Rect { y: top + u16::try_from(n).unwrap_or(u16::MAX), height: 1, ..inner };
        Line::from(vec![Span::raw(" "), Span::styled(*text, *style)]).render(at, buf);
    }
    if window.below {
        let at =
            Rect { y: top + u16::try_from(last - first).unwrap_or(u16::MAX), height: 1, ..inner };
        Line::styled(format!(" … {} more lines", rows.len() - last), theme.dim()).render(at, buf);
    }
}

/// "QBR brief · Halvorsen Maritime · w writes qbr-halvorsen-maritime-2026-11-24.md".
fn title(preview: &QbrPreview, theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(" QBR brief · ", theme.header()),
        Span::styled(terminal_safe(&preview.name).into_owned(), theme.header()),
        Span::styled(format!(" · {} ", preview.file_name), theme.dim()),
    ])
}

/// The brief's lines wrapped to `width`, each with its style: headings stand out, table rules
/// and the rest are plain.
fn lines(preview: &QbrPreview, width: usize, theme: Theme) -> Vec<(Style, &str)> {
    let mut rows = Vec::new();
    for line in preview.markdown.lines() {
        let style = if line.starts_with('#') { theme.header() } else { Style::default() };
        rows.extend(wrap(line, width).into_iter().map(|part| (style, part)));
    }
    rows
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyCode;

    use crate::ui::testing::{demo_app, draw, press, select_by_search};
    use crate::ui::{App, View};

    /// The demo workspace on Halvorsen Maritime's brief, opened as a user would: search, keep,
    /// then the QBR view's key.
    pub(crate) fn qbr_app() -> App {
        let mut app = demo_app();
        select_by_search(&mut app, "Halvorsen Maritime");
        press(&mut app, KeyCode::Char('6'));
        assert_eq!(app.state.view, View::Qbr);
        app
    }

    #[test]
    fn qbr_at_80x24() {
        insta::assert_snapshot!(draw(&qbr_app(), 80, 24).backend());
    }

    #[test]
    fn qbr_at_160x48() {
        insta::assert_snapshot!(draw(&qbr_app(), 160, 48).backend());
    }

    #[test]
    fn scrolled_to_the_end_shows_the_next_steps() {
        let app = qbr_app();
        draw(&app, 80, 24);
        app.view_state.view_scroll.to_end();
        let screen = format!("{:?}", draw(&app, 80, 24).backend());
        assert!(screen.contains("↑"), "{screen}");
        assert!(screen.contains("- [ ] "), "the todos close the brief: {screen}");
    }

    #[test]
    fn tiny_areas_do_not_panic() {
        let app = qbr_app();
        for (width, height) in [(1, 1), (5, 2), (12, 4), (30, 3), (200, 5)] {
            let _ = draw(&app, width, height);
        }
    }
}
