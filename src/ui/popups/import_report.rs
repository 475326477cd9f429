//! How an import ended, above the view: its summary or every problem, scrollable, until closed.
//! It reads the report only.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::domain::terminal_safe;
use crate::ui::importing::ImportReport;
use crate::ui::theme::Theme;
use crate::ui::widgets::{centered, frame_block};

/// Draws the ended import's `report` centred in `area`.
pub fn render(report: &ImportReport, theme: Theme, area: Rect, buf: &mut Buffer) {
    let ImportReport { title, lines, ok, scroll } = report;
    let width = area.width.saturating_sub(4).min(110);
    // Tall enough for every line as it wraps, within the screen.
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(inner_width).max(1)).sum();
    let wanted = u16::try_from(rows + 2).unwrap_or(u16::MAX);
    let popup = centered(area, width, wanted.min(area.height.saturating_sub(2)).max(5));
    Clear.render(popup, buf);
    let verdict = if *ok { "" } else { " · nothing imported" };
    let heading =
        Line::styled(format!(" Import {}{verdict} ", terminal_safe(title)), theme.header());
    let block = frame_block(heading, theme)
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

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyCode;

    use crate::ui::testing::{demo_app, draw, on_each_engine, press};

    /// Imports `file` (relative to the crate) as `kind_steps` right-presses from accounts.
    fn imported(file: &str, kind_steps: usize) -> crate::ui::App {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('i'));
        (0..kind_steps).for_each(|_| press(&mut app, KeyCode::Right));
        press(&mut app, KeyCode::Tab);
        file.chars().for_each(|c| press(&mut app, KeyCode::Char(c)));
        press(&mut app, KeyCode::Enter);
        app
    }

    #[test]
    fn a_finished_import_at_80x24_and_160x48() {
        on_each_engine("a_finished_import_at_80x24_and_160x48", || {
            let app = imported("tests/fixtures/hubspot_companies.csv", 0);
            insta::assert_snapshot!("import_ok_80x24", draw(&app, 80, 24).backend());
            insta::assert_snapshot!("import_ok_160x48", draw(&app, 160, 48).backend());
        });
    }

    #[test]
    fn a_refused_import_at_80x24() {
        on_each_engine("a_refused_import_at_80x24", || {
            // Usage before its accounts: every row names an account the book does not have.
            let app = imported("tests/fixtures/usage.csv", 2);
            insta::assert_snapshot!("import_refused_80x24", draw(&app, 80, 24).backend());
        });
    }
}
