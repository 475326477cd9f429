//! Small drawing helpers shared by panes and views.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Widget};

use super::theme::Theme;

/// What marks the focused pane's title, so the focus reads without colour or border weight.
pub const FOCUS_MARK: &str = "▶";

/// The columns [`FOCUS_MARK`] and its space take in a focused pane's title.
pub const FOCUS_MARK_WIDTH: u16 = 2;

/// The bordered block of a pane: its title, marked with [`FOCUS_MARK`] and a heavier, brighter
/// border when it has the focus.
#[must_use]
pub fn pane_block(mut title: Line<'static>, theme: Theme, focused: bool) -> Block<'static> {
    if focused {
        title.spans.insert(0, Span::styled(format!(" {FOCUS_MARK}"), theme.border(true)));
    }
    Block::bordered()
        .border_type(if focused { BorderType::Thick } else { BorderType::Plain })
        .border_style(theme.border(focused))
        .title(title)
}

/// The block of a whole view or a popup: bordered and bright, with no focus to mark since it
/// is the only thing taking keys.
#[must_use]
pub fn frame_block(title: Line<'static>, theme: Theme) -> Block<'static> {
    Block::bordered().border_type(BorderType::Thick).border_style(theme.border(true)).title(title)
}

/// A view's frame titled with its name and a dimmed note (" Forecast · renewals due … "),
/// drawn into `area`: its inner area, or `None` when nothing fits inside.
pub fn view_frame(
    name: &str,
    note: &str,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) -> Option<Rect> {
    let title = Line::from(vec![
        Span::styled(format!(" {name} "), theme.header()),
        Span::styled(format!("· {note} "), theme.dim()),
    ]);
    let block = frame_block(title, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    (!inner.is_empty()).then_some(inner)
}

/// A detail pane while no account is selected: its block and a short dim note.
pub fn render_unselected(
    title: &'static str,
    theme: Theme,
    focused: bool,
    area: Rect,
    buf: &mut Buffer,
) {
    use ratatui::widgets::Widget as _;
    let block = pane_block(Line::styled(title, theme.header()), theme, focused);
    let inner = block.inner(area);
    block.render(area, buf);
    Line::styled(" No account selected.", theme.dim()).render(inner, buf);
}

/// The rows of a list of `len` items that fit in `height`, scrolled so that `selected` is visible;
/// `scroll` is the previous first row and is updated.
#[must_use]
pub fn visible_window(
    len: usize,
    selected: usize,
    height: usize,
    scroll: &std::cell::Cell<usize>,
) -> std::ops::Range<usize> {
    let height = height.max(1);
    let mut first = scroll.get().min(len.saturating_sub(1));
    if selected < first {
        first = selected;
    } else if selected >= first + height {
        first = selected + 1 - height;
    }
    // Fill the pane when the list shrank below the scroll position.
    first = first.min(len.saturating_sub(height));
    scroll.set(first);
    first..(first + height).min(len)
}

/// `area` shrunk to at most `width` x `height`, centred.
#[must_use]
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// The frame every typed-query popup shares (the search over everything, the command palette):
/// a bordered popup of at most `max` (width, height) centred in `area`, the query on its first
/// line with a cursor, `footer` on its last; returns the rows between for the list, or `None`
/// when the terminal is too small to show one.
pub fn query_popup(
    area: Rect,
    max: (u16, u16),
    title: &'static str,
    query: &str,
    footer: &'static str,
    theme: Theme,
    buf: &mut Buffer,
) -> Option<Rect> {
    use ratatui::widgets::{Clear, Widget};
    let width = area.width.saturating_sub(4).min(max.0);
    let height = area.height.saturating_sub(2).min(max.1);
    let popup = centered(area, width, height);
    Clear.render(popup, buf);
    let block = frame_block(Line::from(title), theme);
    let inner = block.inner(popup);
    block.render(popup, buf);
    if inner.height < 3 {
        return None;
    }
    let query = Line::from(vec![
        Span::styled("> ", theme.key()),
        Span::raw(crate::domain::terminal_safe(query).into_owned()),
        Span::styled("▏", theme.key()),
    ]);
    query.render(Rect { height: 1, ..inner }, buf);
    let footer_row = Rect { y: inner.bottom() - 1, height: 1, ..inner };
    Line::styled(footer, theme.dim()).render(footer_row, buf);
    Some(Rect { y: inner.y + 2, height: inner.height.saturating_sub(3), ..inner })
}
