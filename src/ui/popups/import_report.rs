//! How an import ended, above the view: its summary or every problem, scrollable, until closed.
//! It reads the state only.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use crate::domain::terminal_safe;
use crate::ui::importing::ImportView;
use crate::ui::state::AppState;
use crate::ui::theme::Theme;
use crate::ui::widgets::{centered, pane_block};

/// Draws the ended import's report, if one is open, centred in `area`.
pub fn render(state: &AppState, theme: Theme, area: Rect, buf: &mut Buffer) {
    let Some(ImportView::Report { title, lines, ok, scroll }) = &state.import else { return };
    let width = area.width.saturating_sub(4).min(110);
    let wanted = u16::try_from(lines.len() + 3).unwrap_or(u16::MAX);
    let popup = centered(area, width, wanted.min(area.height.saturating_sub(2)).max(5));
    Clear.render(popup, buf);
    let verdict = if *ok { "" } else { " · nothing imported" };
    let heading =
        Line::styled(format!(" Import {}{verdict} ", terminal_safe(title)), theme.header());
    let block = pane_block(heading, theme, true)
        .title_bottom(Line::styled(" j/k scroll · esc close ", theme.dim()).right_aligned());
    let inner = block.inner(popup);
    block.render(popup, buf);
    let style = if *ok { ratatui::style::Style::new() } else { theme.alert() };
    let text: Vec<Line> = lines
        .iter()
        .skip(*scroll)
        .map(|l| Line::styled(terminal_safe(l).into_owned(), style))
        .collect();
    Paragraph::new(text).wrap(Wrap { trim: false }).render(inner, buf);
}
