//! The QBR view: the selected account's internal brief (the Markdown file it is written to) and
//! the customer deck's outline (slide by slide, with the QBR's planned day and attendees), side
//! by side when the screen is wide, as two tabs at 80 columns (the tab key switches). Each is
//! wrapped to its width, headings picked out, scrolled by lines with what is above and below
//! said. The titles name the files the write key makes.
//!
//! It draws what `state.book.qbr` already holds (its lines made when it was built, see
//! `briefing`): it must not touch the store, score, or build the brief or the deck.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::timeline::wrap;
use crate::domain::terminal_safe;
use crate::qbr::deck::Slide;
use crate::ui::scroll::scrolled;
use crate::ui::state::{AppState, QbrPreview};
use crate::ui::theme::Theme;
use crate::ui::view_state::ViewState;
use crate::ui::widgets::frame_block;

/// The narrowest screen that shows the brief and the deck side by side.
const SIDE_BY_SIDE: u16 = 120;

/// Draws the brief and the deck outline into `area`.
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
    if area.width >= SIDE_BY_SIDE {
        let left = Rect { width: area.width / 2, ..area };
        let right = Rect { x: area.x + left.width, width: area.width - left.width, ..area };
        pane(
            brief_title(preview, theme, false),
            &preview.brief_lines,
            view_state,
            theme,
            left,
            buf,
        );
        pane(deck_title(preview, theme, false), &preview.outline, view_state, theme, right, buf);
    } else if state.qbr_deck_tab {
        pane(deck_title(preview, theme, true), &preview.outline, view_state, theme, area, buf);
    } else {
        pane(brief_title(preview, theme, true), &preview.brief_lines, view_state, theme, area, buf);
    }
}

/// One framed column of `text` lines (a line starting with `#` is a heading), wrapped and
/// scrolled.
fn pane(
    title: Line<'static>,
    text: &[String],
    view_state: &ViewState,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let block = frame_block(title, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.is_empty() {
        return;
    }
    let width = usize::from(inner.width).saturating_sub(2).max(1);
    let rows = lines(text, width, theme);
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

/// "QBR brief · Halvorsen Maritime · qbr-halvorsen-maritime-2026-11-24.md", with the tab key's
/// hint before the file when the deck is a tab away (the file's name may be cut at 80 columns).
fn brief_title(preview: &QbrPreview, theme: Theme, tabbed: bool) -> Line<'static> {
    let mut spans = vec![
        Span::styled(" QBR brief · ", theme.header()),
        Span::styled(terminal_safe(&preview.name).into_owned(), theme.header()),
    ];
    if tabbed {
        spans.push(Span::styled(" · tab: deck", theme.dim()));
    }
    spans.push(Span::styled(format!(" · {} ", preview.file_name), theme.dim()));
    Line::from(spans)
}

/// "Customer deck · e prepares · qbr-deck-halvorsen-maritime-2026-11-24.html".
fn deck_title(preview: &QbrPreview, theme: Theme, tabbed: bool) -> Line<'static> {
    let mut spans = vec![Span::styled(" Customer deck", theme.header())];
    if tabbed {
        spans.push(Span::styled(" · tab: brief", theme.dim()));
    }
    spans.push(Span::styled(format!(" · e prepares · {} ", preview.deck.file_name()), theme.dim()));
    Line::from(spans)
}

/// The brief's Markdown lines, safe to draw.
pub(in crate::ui) fn brief_text(preview: &QbrPreview) -> Vec<String> {
    preview.markdown.lines().map(|l| terminal_safe(l).into_owned()).collect()
}

/// The deck's outline: the QBR's planned day and attendees, then each slide's title and what
/// it shows, safe to draw.
pub(in crate::ui) fn outline(preview: &QbrPreview) -> Vec<String> {
    let q = &preview.record;
    let mut out = Vec::new();
    let planned =
        q.planned_on.map_or_else(|| "not planned yet".to_owned(), |d| format!("planned on {d}"));
    let state = if q.stored() { "" } else { " (e prepares it, H marks it held)" };
    out.push(format!("QBR {planned}{state}"));
    let mut names: Vec<String> = q
        .contacts
        .iter()
        .filter_map(|id| preview.contacts.iter().find(|c| c.id == *id))
        .map(|c| c.name.clone())
        .collect();
    names.extend(q.guests.iter().cloned());
    if !names.is_empty() {
        out.push(format!("Attending: {}", names.join(", ")));
    }
    for (n, slide) in preview.deck.slides.iter().enumerate() {
        out.push(String::new());
        out.push(format!("# {}. {}", n + 1, slide.title));
        slide_lines(slide, &mut out);
    }
    out.into_iter().map(|l| terminal_safe(&l).into_owned()).collect()
}

/// What one slide shows, a line each.
fn slide_lines(slide: &Slide, out: &mut Vec<String>) {
    out.extend(slide.lead.iter().cloned());
    out.extend(slide.stats.iter().map(|s| format!("{} {}", s.value, s.label)));
    for goal in &slide.goals {
        let measure = goal.measure.as_deref().map(|m| format!(" ({m})")).unwrap_or_default();
        out.push(format!("◦ {}{measure}: {}", goal.objective, goal.status));
    }
    out.extend(slide.points.iter().map(|p| format!("• {}", p.text)));
    if let Some(table) = &slide.table {
        out.push(table.header.join(" · "));
        out.extend(table.rows.iter().map(|r| format!("  {}", r.join(" · "))));
    }
    out.extend(slide.charts.iter().map(|c| format!("▤ {}: {}", c.title, c.takeaway)));
}

/// The lines wrapped to `width`, each with its style: headings stand out, the rest is plain.
fn lines(text: &[String], width: usize, theme: Theme) -> Vec<(Style, &str)> {
    let mut rows = Vec::new();
    for line in text {
        let style = if line.starts_with('#') { theme.header() } else { Style::default() };
        rows.extend(wrap(line, width).into_iter().map(|part| (style, part)));
    }
    rows
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyCode;

    use crate::ui::testing::{demo_app, draw, on_each_engine, press, select_by_search};
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
        on_each_engine("qbr_at_80x24", || {
            insta::assert_snapshot!("qbr_at_80x24", draw(&qbr_app(), 80, 24).backend());
        });
    }

    #[test]
    fn qbr_deck_tab_at_80x24() {
        on_each_engine("qbr_deck_tab_at_80x24", || {
            let mut app = qbr_app();
            press(&mut app, KeyCode::Tab);
            assert!(app.state.qbr_deck_tab);
            let screen = draw(&app, 80, 24);
            insta::assert_snapshot!("qbr_deck_tab_at_80x24", screen.backend());
            press(&mut app, KeyCode::Tab);
            assert!(!app.state.qbr_deck_tab, "tab again: back to the brief");
        });
    }

    #[test]
    fn qbr_at_160x48() {
        on_each_engine("qbr_at_160x48", || {
            insta::assert_snapshot!("qbr_at_160x48", draw(&qbr_app(), 160, 48).backend());
        });
    }

    #[test]
    fn scrolled_to_the_end_shows_the_next_steps() {
        on_each_engine("scrolled_to_the_end_shows_the_next_steps", || {
            let app = qbr_app();
            draw(&app, 80, 24);
            app.view_state.view_scroll.to_end();
            let screen = format!("{:?}", draw(&app, 80, 24).backend());
            assert!(screen.contains("↑"), "{screen}");
            assert!(screen.contains("- [ ] "), "the todos close the brief: {screen}");
        });
    }

    #[test]
    fn tiny_areas_do_not_panic() {
        on_each_engine("tiny_areas_do_not_panic", || {
            let app = qbr_app();
            for (width, height) in [(1, 1), (5, 2), (12, 4), (30, 3), (200, 5)] {
                let _ = draw(&app, width, height);
            }
        });
    }
}
