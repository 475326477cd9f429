//! Scrolling content that can be taller than its area (the todo queue, the renewals calendar,
//! the portfolio, the timeline, the brief, and the panes drawn as a `document`): the scroll
//! position `update` moves, and the window each renderer cuts from its content with it. Only positions and ranges live here: it must not
//! touch the store or score, and it draws nothing.

use std::cell::Cell;
use std::ops::Range;

/// How far a view's content is scrolled. `update` moves it; the view's renderer, which alone
/// knows how tall the content is at the terminal's size, clamps it and says how far it may go.
#[derive(Debug)]
pub struct ViewScroll {
    /// The first line of content shown.
    offset: Cell<usize>,
    /// The largest offset the last drawing allowed (`usize::MAX` before the first drawing).
    max: Cell<usize>,
    /// The lines of content the last drawing showed: a page.
    page: Cell<usize>,
}

impl Default for ViewScroll {
    fn default() -> Self {
        Self { offset: Cell::new(0), max: Cell::new(usize::MAX), page: Cell::new(10) }
    }
}

impl ViewScroll {
    /// The first line of content to show.
    #[must_use]
    pub fn offset(&self) -> usize {
        self.offset.get()
    }

    /// The lines of content the last drawing showed: a page.
    #[must_use]
    pub fn page(&self) -> usize {
        self.page.get()
    }

    /// Back to the top, for a view just opened.
    pub fn reset(&self) {
        self.offset.set(0);
        self.max.set(usize::MAX);
    }

    /// Scrolls by `delta` lines, within what the last drawing allowed.
    pub fn scroll_by(&self, delta: isize) {
        let offset = self.offset.get().saturating_add_signed(delta);
        self.offset.set(offset.min(self.max.get()));
    }

    /// Scrolls by `pages` pages (negative: up).
    pub fn scroll_pages(&self, pages: isize) {
        let page = isize::try_from(self.page.get().max(1)).unwrap_or(1);
        self.scroll_by(page.saturating_mul(pages));
    }

    /// Scrolls to the top of the content.
    pub fn to_top(&self) {
        self.offset.set(0);
    }

    /// Scrolls to the end of the content.
    pub fn to_end(&self) {
        self.offset.set(self.max.get());
    }

    /// For the renderer: `max` is the largest offset the content allows at this size; returns
    /// the offset clamped to it.
    pub fn clamp(&self, max: usize) -> usize {
        self.max.set(max);
        let offset = self.offset.get().min(max);
        self.offset.set(offset);
        offset
    }

    /// For the renderer: scrolls just enough that content line `line` shows in a window of
    /// `rows` rows (whose first and last rows may say what is above and below).
    pub fn reveal(&self, line: usize, rows: usize) {
        let offset = self.offset.get();
        if line <= offset {
            // The line before is kept in sight too: a group's header, or the row above.
            self.offset.set(line.saturating_sub(1));
        } else if rows >= 3 && line + 2 >= offset + rows {
            self.offset.set(line + 3 - rows);
        } else if rows < 3 && line >= offset + rows {
            self.offset.set(line + 1 - rows);
        }
    }

    /// For the renderer: `lines` of content were shown, a page for page up and down.
    pub fn set_page(&self, lines: usize) {
        self.page.set(lines.max(1));
    }
}

/// What a scrolled view shows of its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scrolled {
    /// The first row says what is above.
    pub above: bool,
    /// The lines of content shown, after that row.
    pub lines: Range<usize>,
    /// The row after the lines says what is below.
    pub below: bool,
}

/// The part of `len` lines of content that a view scrolled by `scroll` shows in `rows` rows.
///
/// When scrolled (and at least three rows tall), the first row is kept to say what is above;
/// when lines remain below, the row after the last line shown says so, and the lines shown never
/// end on one for which `must_continue` holds (a group's header). Clamps the scroll to the
/// content and records the page for page up and down.
pub fn scrolled(
    len: usize,
    rows: usize,
    scroll: &ViewScroll,
    must_continue: impl Fn(usize) -> bool,
) -> Scrolled {
    if len <= rows {
        scroll.clamp(0);
        scroll.set_page(len);
        return Scrolled { above: false, lines: 0..len, below: false };
    }
    // At the end of the content, only the row above is taken.
    let marks = rows >= 3;
    let max = len - if marks { rows - 1 } else { rows };
    let start = scroll.clamp(max);
    let above = marks && start > 0;
    let mut end = (start + rows - usize::from(above)).min(len);
    let below = end < len;
    if below {
        end = end.saturating_sub(1).max(start);
        while end > start && must_continue(end - 1) {
            end -= 1;
        }
    }
    scroll.set_page(end - start);
    Scrolled { above, lines: start..end, below }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window of `len` lines in `rows` rows at `offset`, with no header to keep.
    fn window(len: usize, rows: usize, offset: usize) -> (Scrolled, usize) {
        let scroll = ViewScroll::default();
        scroll.scroll_by(isize::try_from(offset).unwrap());
        let shown = scrolled(len, rows, &scroll, |_| false);
        (shown, scroll.offset())
    }

    #[test]
    fn windows_mark_what_is_above_and_below_and_stop_at_the_end() {
        let at = |above, lines, below| Scrolled { above, lines, below };
        // Everything fits: no marks, no scroll.
        assert_eq!(window(5, 10, 3), (at(false, 0..5, false), 0));
        // The top: the last row says more is below.
        assert_eq!(window(30, 10, 0), (at(false, 0..9, true), 0));
        // The middle: a row for each.
        assert_eq!(window(30, 10, 9), (at(true, 9..17, true), 9));
        // The end: the row above, and the last line on the last row.
        assert_eq!(window(30, 10, 21), (at(true, 21..30, false), 21));
        assert_eq!(window(30, 10, 99), (at(true, 21..30, false), 21), "clamped to the end");
        // Too short for marks on both sides: the row above goes.
        assert_eq!(window(30, 2, 5), (at(false, 5..6, true), 5));
        assert_eq!(window(30, 2, 99), (at(false, 28..30, false), 28));
        assert_eq!(window(30, 0, 5).0.lines.len(), 0);
    }

    #[test]
    fn a_header_never_ends_a_window_that_continues() {
        let scroll = ViewScroll::default();
        let shown = scrolled(30, 10, &scroll, |i| i == 8 || i == 7);
        assert_eq!(shown.lines, 0..7);
        assert_eq!(scroll.page.get(), 7, "a page is the lines shown");
    }

    #[test]
    fn moves_stay_within_what_the_last_drawing_allowed() {
        let scroll = ViewScroll::default();
        scroll.scroll_by(-3);
        assert_eq!(scroll.offset(), 0);
        scrolled(30, 10, &scroll, |_| false);
        scroll.scroll_pages(1);
        assert_eq!(scroll.offset(), 9);
        scroll.scroll_pages(5);
        assert_eq!(scroll.offset(), 21);
        scroll.to_top();
        assert_eq!(scroll.offset(), 0);
        scroll.to_end();
        assert_eq!(scroll.offset(), 21);
        scroll.reset();
        assert_eq!(scroll.offset(), 0);
    }
}
