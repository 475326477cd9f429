//! A pane's content as a column of rows that may be taller than the pane: text wrapped to the
//! pane's width (never cut), and one-row widgets (gauges, a sparkline). The pane builds it at its
//! width and draws the window its scroll shows, saying how much is above and below. It builds
//! rows only from what it is given; it must not read the store or change the state.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::scroll::{ViewScroll, scrolled};
use super::theme::Theme;
use crate::format::grouped;

/// One-row drawing of a widget into the row's area.
type Draw<'a> = Box<dyn Fn(Rect, &mut Buffer) + 'a>;

/// One row of a document.
enum Row<'a> {
    Text(Line<'a>),
    Widget(Draw<'a>),
}

/// Rows to draw in a pane, top to bottom, built at one width.
pub struct Document<'a> {
    width: usize,
    rows: Vec<Row<'a>>,
}

impl<'a> Document<'a> {
    /// An empty document for a pane `width` columns wide.
    #[must_use]
    pub fn new(width: u16) -> Self {
        Self { width: usize::from(width), rows: Vec::new() }
    }

    /// A row of text, as it is: for short texts (labels, headers) that need no wrapping; what may
    /// be longer than the width goes through [`Document::wrapped`].
    pub fn line(&mut self, line: Line<'a>) {
        self.rows.push(Row::Text(line));
    }

    /// An empty row between parts.
    pub fn gap(&mut self) {
        self.rows.push(Row::Text(Line::default()));
    }

    /// A one-row widget, drawn into its row's area when the row is shown.
    pub fn widget(&mut self, draw: impl Fn(Rect, &mut Buffer) + 'a) {
        self.rows.push(Row::Widget(Box::new(draw)));
    }

    /// `text` wrapped at spaces to the width, every line after `lead` indented by `indent`
    /// columns: `lead` (styled with `lead_style`) starts the first line, and the text follows
    /// on it when it fits beside it.
    pub fn wrapped(
        &mut self,
        lead: &str,
        lead_style: Style,
        text: &str,
        indent: usize,
        style: Style,
    ) {
        let pad = " ".repeat(indent);
        let room = self.width.saturating_sub(lead.width()).max(1);
        let mut lines = wrap(text, room).into_iter();
        let first = lines.next().unwrap_or_default();
        let rest: Vec<String> = if lead.width() > indent && text.width() > room {
            // The text does not fit beside the lead: it goes under it, at the indent.
            let under = wrap(text, self.width.saturating_sub(indent).max(1));
            self.line(Line::styled(lead.to_owned(), lead_style));
            under
        } else {
            self.line(Line::from(vec![
                Span::styled(lead.to_owned(), lead_style),
                Span::styled(first, style),
            ]));
            let after = lines.collect::<Vec<_>>().join(" ");
            if after.is_empty() {
                Vec::new()
            } else {
                wrap(&after, self.width.saturating_sub(indent).max(1))
            }
        };
        for line in rest {
            self.line(Line::styled(format!("{pad}{line}"), style));
        }
    }

    /// Draws the rows `scroll` shows into `area` (clamping it to the content): a first row
    /// says how many rows are above when scrolled, a last one how many are below.
    pub fn render(self, area: Rect, buf: &mut Buffer, scroll: &ViewScroll, theme: Theme) {
        if area.is_empty() {
            return;
        }
        let len = self.rows.len();
        let shown = scrolled(len, usize::from(area.height), scroll, |_| false);
        let mut rows = (area.y..area.bottom()).map(|y| Rect { y, height: 1, ..area });
        if shown.above
            && let Some(at) = rows.next()
        {
            let text = format!(" ↑ {} more above", grouped(shown.lines.start));
            Line::styled(text, theme.dim()).render(at, buf);
        }
        let below = len - shown.lines.end;
        let visible = self.rows.into_iter().skip(shown.lines.start).take(shown.lines.len());
        for (row, at) in visible.zip(rows.by_ref()) {
            match row {
                Row::Text(line) => line.render(at, buf),
                Row::Widget(draw) => draw(at, buf),
            }
        }
        if shown.below
            && let Some(at) = rows.next()
        {
            let text = format!(" ↓ {} more below", grouped(below));
            Line::styled(text, theme.dim()).render(at, buf);
        }
    }
}

/// `text` wrapped at spaces into lines of at most `width` columns; a word longer than a line is
/// split where the line ends. Runs of spaces between words become one.
#[must_use]
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let mut word = word;
        let mut word_width = word.width();
        if used > 0 && used + 1 + word_width <= width {
            line.push(' ');
            line.push_str(word);
            used += 1 + word_width;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
        }
        // A word wider than the line fills lines of its own.
        while word_width > width {
            let mut cut = 0;
            let mut cut_width = 0;
            for (i, c) in word.char_indices() {
                let w = c.width().unwrap_or(0);
                if cut_width + w > width {
                    break;
                }
                cut = i + c.len_utf8();
                cut_width += w;
            }
            if cut == 0 {
                // A character wider than the whole line: it goes on a line of its own.
                cut = word.chars().next().map_or(word.len(), char::len_utf8);
            }
            lines.push(word[..cut].to_owned());
            word = &word[cut..];
            word_width = word.width();
        }
        line.push_str(word);
        used = word_width;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_wraps_at_spaces_and_long_words_are_split_never_cut() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij k", 4), ["abcd", "efgh", "ij k"]);
        assert_eq!(wrap("  spaced   out  ", 20), ["spaced out"]);
        assert_eq!(wrap("", 5), [""]);
        // Wide characters count two columns.
        assert_eq!(wrap("日本語の文", 4), ["日本", "語の", "文"]);
        let text = "Only 54.1 of 295 seats used in the last 30 days";
        assert_eq!(wrap(text, 20).join(" "), text, "every word kept");
        assert!(wrap(text, 20).iter().all(|l| l.width() <= 20));
    }

    #[test]
    fn a_lead_keeps_its_text_beside_it_or_puts_it_under() {
        let mut doc = Document::new(20);
        doc.wrapped("  code ", Style::new(), "short reason", 4, Style::new());
        doc.wrapped("  a_long_code_here ", Style::new(), "a reason too long", 4, Style::new());
        let text: Vec<String> = doc
            .rows
            .iter()
            .map(|r| match r {
                Row::Text(line) => line.to_string(),
                Row::Widget(_) => String::new(),
            })
            .collect();
        assert_eq!(
            text,
            ["  code short reason", "  a_long_code_here ", "    a reason too", "    long"]
        );
    }

    #[test]
    fn the_window_says_what_is_above_and_below() {
        let scroll = ViewScroll::default();
        let draw = |scroll: &ViewScroll| {
            let mut doc = Document::new(20);
            for i in 0..10 {
                doc.line(Line::raw(format!("row {i}")));
            }
            let area = Rect::new(0, 0, 20, 5);
            let mut buf = Buffer::empty(area);
            doc.render(area, &mut buf, scroll, Theme::monochrome());
            (0..5)
                .map(|y| {
                    (0..20).map(|x| buf[(x, y)].symbol()).collect::<String>().trim_end().to_owned()
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(draw(&scroll), ["row 0", "row 1", "row 2", "row 3", " ↓ 6 more below"]);
        scroll.scroll_by(3);
        assert_eq!(
            draw(&scroll),
            [" ↑ 3 more above", "row 3", "row 4", "row 5", " ↓ 4 more below"]
        );
        scroll.to_end();
        assert_eq!(draw(&scroll), [" ↑ 6 more above", "row 6", "row 7", "row 8", "row 9"]);
    }
}
