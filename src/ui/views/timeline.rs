//! The account timeline: the selected account's interactions, newest first, each with its date,
//! kind and the contacts who took part, its summary in bold and its body wrapped to the width
//! with its paragraph breaks kept. The entry the timeline keys act on is marked on its head line
//! and kept in sight. Narrow views stack each interaction under a header line; wide
//! ones put the date, kind and people in a gutter beside the text. The view scrolls by lines and
//! says what is above and below; only the visible interactions' lines are built.
//!
//! It draws what `state.book.detail` already holds: it must not touch the store or score.

use std::borrow::Cow;
use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::domain::{Contact, Interaction, InteractionId, terminal_safe};
use crate::format::fit;
use crate::ui::scroll::scrolled;
use crate::ui::state::{AppState, Selected};
use crate::ui::theme::Theme;
use crate::ui::view_state::ViewState;
use crate::ui::widgets::frame_block;

/// Inner widths from this one up put the date, kind and people in a gutter beside the text.
const WIDE: usize = 100;
/// The gutter's width in wide views.
const GUTTER: usize = 24;
/// Stacked views indent the summary and the body this much under the header line.
const INDENT: usize = 3;
/// The width of " date  kind   ", the head of an entry.
const HEAD: usize = 1 + 10 + 2 + 7;
/// In stacked views the people follow the head on its line.
const PEOPLE_AT: usize = HEAD + 2;
/// ... unless that leaves them fewer columns than this: then they take lines of their own.
const MIN_PEOPLE: usize = 12;

/// Draws the selected account's timeline into `area`.
pub fn render(
    state: &AppState,
    view_state: &ViewState,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let Some(selected) = &state.book.detail else {
        let block = frame_block(Line::styled(" Timeline ", theme.header()), theme);
        let inner = block.inner(area);
        block.render(area, buf);
        Line::styled(" No account selected.", theme.dim()).render(inner, buf);
        return;
    };
    let block = frame_block(title(selected, theme), theme);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.is_empty() {
        return;
    }
    if selected.timeline.is_empty() {
        Line::styled(" No interactions on record.", theme.dim()).render(inner, buf);
        return;
    }
    let layout = Layout::new(usize::from(inner.width));
    let contacts = &selected.detail.facts.contacts;
    let entries: Vec<Entry<'_>> =
        selected.timeline.iter().map(|i| Entry::new(i, contacts, layout)).collect();
    // Every entry is laid out (its rows borrow its text) to know where it starts; a blank line
    // separates one from the next. Lines are built only for the rows in the window.
    let laid: Vec<Vec<Row<'_>>> = entries.iter().map(|e| layout.rows(e)).collect();
    let mut starts = Vec::with_capacity(laid.len());
    let mut len = 0;
    for rows in &laid {
        starts.push(len);
        len += rows.len() + 1;
    }
    let bounds = Bounds { starts: &starts, len: len.saturating_sub(1) };
    let rows = usize::from(inner.height);
    // The entry the keys act on, or the newest when none is picked (or the picked one is gone).
    let picked = state
        .timeline_pick
        .and_then(|id| selected.timeline.iter().position(|i| i.id == id))
        .unwrap_or(0);
    if let (Some(entry), Some(&start), Some(laid)) =
        (selected.timeline.get(picked), starts.get(picked), laid.get(picked))
    {
        bring_into_sight(view_state, entry.id, start..start + laid.len(), rows);
    }
    let window = scrolled(bounds.len, rows, &view_state.view_scroll, |_| false);
    let (first, last) = (window.lines.start, window.lines.end);
    let heads = starts.iter().filter(|&&s| window.lines.contains(&s)).count();
    view_state.timeline_page.set(heads.max(1));
    let top = inner.y + u16::from(window.above);
    let at = |line: usize| Rect { y: top + (line - first) as u16, height: 1, ..inner };
    if window.above {
        bounds.above(&entries, first, theme).render(Rect { height: 1, ..inner }, buf);
    }
    for (i, ((entry, rows), &start)) in entries.iter().zip(&laid).zip(&starts).enumerate() {
        for line in first.max(start)..last.min(start + rows.len()) {
            let mut drawn = layout.line(entry, &rows[line - start], theme);
            if i == picked && line == start {
                drawn.style = theme.selected();
            }
            drawn.render(at(line), buf);
        }
    }
    if window.below {
        bounds.below(last, theme).render(at(last), buf);
    }
}

/// Scrolls so that the entry `id`, on content lines `lines`, is in sight in a window of `rows`
/// rows: whole (or from its head when taller than the window) when it was just picked; else
/// only when none of it shows, so the scroll keys can read through a long entry.
fn bring_into_sight(view_state: &ViewState, id: InteractionId, lines: Range<usize>, rows: usize) {
    let scroll = &view_state.view_scroll;
    let last = lines.end.saturating_sub(1);
    if view_state.timeline_shown.get() != Some(id) {
        view_state.timeline_shown.set(Some(id));
        scroll.reveal(last, rows);
        scroll.reveal(lines.start, rows);
        return;
    }
    // The first and last rows may say what is above and below. Scrolled past its end, its
    // last line stays at the top; scrolled above its head, the head comes back in at the foot.
    let offset = scroll.offset();
    let shown = offset..offset + rows.saturating_sub(2).max(1);
    if last < shown.start {
        scroll.scroll_by(-isize::try_from(offset - last).unwrap_or(isize::MAX));
    } else if lines.start >= shown.end {
        scroll.reveal(lines.start, rows);
    }
}

/// "Timeline · Halvorsen Maritime · 12 interactions".
fn title(selected: &Selected, theme: Theme) -> Line<'static> {
    let name = terminal_safe(&selected.detail.facts.account.name).into_owned();
    let n = selected.timeline.len();
    let noun = if n == 1 { "interaction" } else { "interactions" };
    Line::from(vec![
        Span::styled(" Timeline · ", theme.header()),
        Span::styled(name, theme.header()),
        Span::styled(format!(" · {n} {noun} "), theme.dim()),
    ])
}

/// Where the entries lie in the content's lines.
struct Bounds<'s> {
    starts: &'s [usize],
    len: usize,
}

impl Bounds<'_> {
    /// The line after entry `i`'s last.
    fn end(&self, i: usize) -> usize {
        self.starts.get(i + 1).map_or(self.len, |next| next - 1)
    }

    /// The entry whose text spans the line `at` without starting on it, if any.
    fn cut_at(&self, at: usize) -> Option<usize> {
        let i = self.starts.partition_point(|&s| s <= at).checked_sub(1)?;
        (self.starts[i] < at && at < self.end(i)).then_some(i)
    }

    /// "↑ 3 above · 2026-10-03 call continued": the entries wholly above line `first`, and the
    /// one cut by it.
    fn above(&self, entries: &[Entry<'_>], first: usize, theme: Theme) -> Line<'static> {
        let whole = (0..entries.len()).filter(|&i| self.end(i) <= first).count();
        let cut = self.cut_at(first).map(|i| {
            let interaction = entries[i].interaction;
            format!("{} {} continued", interaction.date, interaction.kind.code())
        });
        let text = match (whole, cut) {
            (0, Some(cut)) => format!(" ↑ {cut}"),
            (n, Some(cut)) => format!(" ↑ {n} above · {cut}"),
            (n, None) => format!(" ↑ {n} above"),
        };
        Line::styled(text, theme.dim())
    }

    /// "… continues · 9 more": whether the entry cut by line `end` goes on, and how many
    /// entries start after it.
    fn below(&self, end: usize, theme: Theme) -> Line<'static> {
        let more = self.starts.iter().filter(|&&s| s >= end).count();
        let cut = self.cut_at(end).is_some();
        let text = match (cut, more) {
            (true, 0) => " … continues".to_owned(),
            (true, n) => format!(" … continues · {n} more"),
            (false, n) => format!(" … {n} more"),
        };
        Line::styled(text, theme.dim())
    }
}

/// One interaction's text, made safe for the terminal, ready to lay out.
struct Entry<'a> {
    interaction: &'a Interaction,
    /// The names of the contacts who took part, in the interaction's order.
    names: Vec<Cow<'a, str>>,
    /// The names joined, for the stacked layout.
    people: String,
    summary: Option<Cow<'a, str>>,
    /// The body's lines, paragraph breaks kept, each made safe.
    body: Vec<Cow<'a, str>>,
}

impl<'a> Entry<'a> {
    fn new(interaction: &'a Interaction, contacts: &'a [Contact], layout: Layout) -> Self {
        let names: Vec<Cow<'a, str>> = interaction
            .contacts
            .iter()
            .map(|id| {
                contacts
                    .iter()
                    .find(|c| c.id == *id)
                    .map_or(Cow::Borrowed("unknown contact"), |c| terminal_safe(&c.name))
            })
            .collect();
        let people = if layout.wide { String::new() } else { names.join(", ") };
        let summary = interaction
            .summary
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(terminal_safe);
        let body = interaction
            .body
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(|b| b.split('\n').map(|line| terminal_safe(line.trim_end())).collect())
            .unwrap_or_default();
        Self { interaction, names, people, summary, body }
    }
}

/// What the left of a row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Left<'e> {
    /// The date and kind; in stacked views followed by the first line of the people.
    Head(&'e str),
    /// A line of the people (stacked) or one person (the gutter).
    People(&'e str),
    Blank,
}

/// What the text column of a row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Text<'e> {
    Summary(&'e str),
    Body(&'e str),
    /// An interaction with neither summary nor body says so.
    Empty,
    Nothing,
}

/// One row of an entry as laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Row<'e> {
    left: Left<'e>,
    text: Text<'e>,
}

/// How entries are laid out in one width.
#[derive(Debug, Clone, Copy)]
struct Layout {
    width: usize,
    /// Date, kind and people in a gutter beside the text.
    wide: bool,
    /// Stacked views: where the people's lines start (on the head's line when there is room).
    people_at: usize,
}

impl Layout {
    fn new(width: usize) -> Self {
        let beside_head = width.saturating_sub(PEOPLE_AT + 1) >= MIN_PEOPLE;
        Self { width, wide: width >= WIDE, people_at: if beside_head { PEOPLE_AT } else { INDENT } }
    }

    /// The width the summary and body wrap to (a column is kept free on the right).
    fn text_width(self) -> usize {
        let left = if self.wide { GUTTER } else { INDENT };
        self.width.saturating_sub(left + 1).max(1)
    }

    /// The rows of `entry`: the single source of its height and of its lines.
    fn rows<'e>(self, entry: &'e Entry<'_>) -> Vec<Row<'e>> {
        let mut text: Vec<Text<'e>> = Vec::new();
        let width = self.text_width();
        if let Some(summary) = &entry.summary {
            text.extend(wrap(summary, width).into_iter().map(Text::Summary));
        }
        for line in &entry.body {
            text.extend(wrap(line, width).into_iter().map(Text::Body));
        }
        if text.is_empty() {
            text.push(Text::Empty);
        }
        if self.wide {
            let mut left = vec![Left::Head("")];
            left.extend(entry.names.iter().map(|n| Left::People(n)));
            let height = left.len().max(text.len());
            return (0..height)
                .map(|i| Row {
                    left: left.get(i).copied().unwrap_or(Left::Blank),
                    text: text.get(i).copied().unwrap_or(Text::Nothing),
                })
                .collect();
        }
        let mut people = Vec::new();
        if !entry.people.is_empty() {
            people = wrap(&entry.people, self.width.saturating_sub(self.people_at + 1));
        }
        let mut people = people.into_iter();
        let head = if self.people_at == PEOPLE_AT { people.next().unwrap_or("") } else { "" };
        let mut rows = Vec::with_capacity(text.len() + 2);
        rows.push(Row { left: Left::Head(head), text: Text::Nothing });
        rows.extend(people.map(|p| Row { left: Left::People(p), text: Text::Nothing }));
        rows.extend(text.into_iter().map(|text| Row { left: Left::Blank, text }));
        rows
    }

    /// The line of one row of `entry`.
    fn line(self, entry: &Entry<'_>, row: &Row<'_>, theme: Theme) -> Line<'static> {
        let interaction = entry.interaction;
        let mut spans = Vec::with_capacity(4);
        let head = |spans: &mut Vec<Span<'static>>| {
            spans.push(Span::raw(format!(" {}  ", interaction.date)));
            spans.push(Span::raw(format!("{:<7}", interaction.kind.code())));
        };
        if self.wide {
            match row.left {
                Left::Head(_) => {
                    head(&mut spans);
                    spans.push(Span::raw(" ".repeat(GUTTER - HEAD)));
                }
                Left::People(name) => spans.push(Span::raw(format!(" {} ", fit(name, GUTTER - 2)))),
                Left::Blank => spans.push(Span::raw(" ".repeat(GUTTER))),
            }
        } else {
            match row.left {
                Left::Head(people) => {
                    head(&mut spans);
                    spans.push(Span::raw(format!("  {people}")));
                }
                Left::People(people) => {
                    spans.push(Span::raw(format!("{}{people}", " ".repeat(self.people_at))));
                }
                Left::Blank => spans.push(Span::raw(" ".repeat(INDENT))),
            }
        }
        match row.text {
            Text::Summary(text) => spans.push(Span::styled(text.to_owned(), theme.header())),
            Text::Body(text) => spans.push(Span::raw(text.to_owned())),
            Text::Empty => spans.push(Span::styled("no summary or notes", theme.dim())),
            Text::Nothing => {}
        }
        Line::from(spans)
    }
}

/// `text` broken into lines of at most `width` columns, between words where it can be (a word
/// longer than the width is cut). An empty text is one empty line: a paragraph break.
pub(super) fn wrap(text: &str, width: usize) -> Vec<&str> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut rest = text.trim_end();
    if rest.is_empty() {
        return vec![""];
    }
    while !rest.is_empty() {
        if rest.width() <= width {
            lines.push(rest);
            break;
        }
        let (mut used, mut cut, mut space) = (0, rest.len(), None);
        for (i, c) in rest.char_indices() {
            let w = c.width().unwrap_or(0);
            if used + w > width {
                cut = i;
                if c == ' ' {
                    space = Some(i);
                }
                break;
            }
            if c == ' ' {
                space = Some(i);
            }
            used += w;
        }
        // Break at the last space that fits; else cut the word, taking at least one character.
        let at = space.filter(|&i| i > 0).unwrap_or(cut);
        let at = if at == 0 { rest.chars().next().map_or(rest.len(), char::len_utf8) } else { at };
        lines.push(rest[..at].trim_end());
        rest = rest[at..].trim_start();
    }
    lines
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::crossterm::event::KeyCode;
    use ratatui::layout::Rect;

    use super::{render, wrap};
    use crate::ui::testing::{demo_app, draw, on_each_engine, press};
    use crate::ui::theme::Theme;
    use crate::ui::{App, View};

    /// The demo workspace on Halvorsen Maritime's timeline, opened as a user would: search,
    /// enter to keep the search, enter to open the timeline.
    fn timeline_app() -> App {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('/'));
        "halvorsen maritime".chars().for_each(|c| press(&mut app, KeyCode::Char(c)));
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.state.view, View::Timeline);
        assert_eq!(app.state.selected_entry().unwrap().account.name, "Halvorsen Maritime");
        app
    }

    /// The view alone at `width` x `height`, as text lines.
    fn view_text(app: &App, width: u16, height: u16) -> Vec<String> {
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        render(&app.state, &app.view_state, Theme::monochrome(), area, &mut buf);
        (0..height).map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect::<String>()).collect()
    }

    #[test]
    fn timeline_at_80x24() {
        on_each_engine("timeline_at_80x24", || {
            insta::assert_snapshot!("timeline_at_80x24", draw(&timeline_app(), 80, 24).backend());
        });
    }

    #[test]
    fn timeline_at_160x48() {
        on_each_engine("timeline_at_160x48", || {
            insta::assert_snapshot!("timeline_at_160x48", draw(&timeline_app(), 160, 48).backend());
        });
    }

    #[test]
    fn bodies_keep_their_paragraphs_and_are_made_safe() {
        on_each_engine("bodies_keep_their_paragraphs_and_are_made_safe", || {
            let mut app = timeline_app();
            let timeline = &mut app.state.book.detail.as_mut().unwrap().timeline;
            timeline[0].summary = Some("Steering\u{1b}[31m committee".to_owned());
            timeline[0].body =
                Some("First paragraph,\tshort.\n\nSecond\u{202e} paragraph.".to_owned());
            let lines = view_text(&app, 60, 12);
            assert!(lines[2].contains("Steering[31m committee"), "{lines:#?}");
            assert!(lines[3].contains("First paragraph, short."), "{lines:#?}");
            assert_eq!(lines[4].trim_matches(['┃', ' ']), "", "{lines:#?}");
            assert!(lines[5].contains("   Second paragraph."), "{lines:#?}");
        });
    }

    #[test]
    fn long_bodies_wrap_and_scroll_to_their_end() {
        on_each_engine("long_bodies_wrap_and_scroll_to_their_end", || {
            let mut app = timeline_app();
            let words: Vec<String> = (0..120).map(|i| format!("word{i}")).collect();
            app.state.book.detail.as_mut().unwrap().timeline[0].body = Some(words.join(" "));
            let lines = view_text(&app, 40, 10);
            assert!(lines[8].contains("… continues"), "{lines:#?}");
            // The scroll keys read through the picked entry and stop with its last line in sight.
            for _ in 0..80 {
                app.view_state.view_scroll.scroll_by(1);
                view_text(&app, 40, 10);
            }
            let lines = view_text(&app, 40, 10);
            assert!(lines[1].contains("↑"), "{lines:#?}");
            let text = lines.join("\n");
            assert!(text.contains("word119"), "the end of the body: {lines:#?}");
        });
    }

    #[test]
    fn narrow_views_give_the_people_lines_of_their_own() {
        on_each_engine("narrow_views_give_the_people_lines_of_their_own", || {
            let app = timeline_app();
            let lines = view_text(&app, 28, 8);
            assert_eq!(lines[1], "┃ 2026-11-18  meeting      ┃", "{lines:#?}");
            assert_eq!(lines[2], "┃   Kai Fernández, Mateo   ┃", "{lines:#?}");
            assert_eq!(lines[3], "┃   Sato                   ┃", "{lines:#?}");
            assert!(lines[4].starts_with("┃   Renewal and"), "{lines:#?}");
        });
    }

    #[test]
    fn the_picked_entry_is_marked_on_its_head_line_only() {
        on_each_engine("the_picked_entry_is_marked_on_its_head_line_only", || {
            let mut app = timeline_app();
            press(&mut app, KeyCode::Char('j'));
            let area = Rect::new(0, 0, 60, 20);
            let mut buf = Buffer::empty(area);
            render(&app.state, &app.view_state, Theme::monochrome(), area, &mut buf);
            let marked: Vec<u16> = (0..20)
                .filter(|&y| buf[(2, y)].modifier.contains(ratatui::style::Modifier::REVERSED))
                .collect();
            let second = &app.state.book.detail.as_ref().unwrap().timeline[1];
            let head = format!("{}  {}", second.date, second.kind.code());
            assert_eq!(marked.len(), 1, "{marked:?}");
            let row: String = (0..60).map(|x| buf[(x, marked[0])].symbol()).collect();
            assert!(row.contains(&head), "{row}");
        });
    }

    #[test]
    fn tiny_areas_do_not_panic() {
        on_each_engine("tiny_areas_do_not_panic", || {
            let app = timeline_app();
            for (width, height) in [(0, 0), (5, 2), (12, 4), (1, 30), (30, 3), (200, 5)] {
                let _ = view_text(&app, width, height);
            }
            app.view_state.view_scroll.to_end();
            for (width, height) in [(0, 0), (5, 2), (12, 4), (1, 30), (30, 3)] {
                let _ = view_text(&app, width, height);
            }
        });
    }

    #[test]
    fn wrapping_breaks_between_words_and_cuts_long_ones() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("aaaa bbbb", 4), ["aaaa", "bbbb"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("日本語", 1), ["日", "本", "語"]);
        assert_eq!(wrap("a  b", 10), ["a  b"]);
    }
}
