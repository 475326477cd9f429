//! The search over everything, as a popup: the query, then the matches grouped by kind (each
//! with the account it belongs to, the picked one highlighted, "N more" under a cut group).
//! It draws the matches `update` found: it must not search, score or read the store; only the
//! lines on screen are made.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::domain::terminal_safe;
use crate::format::clip;
use crate::listing::everything::{Record, RecordKind, Target};
use crate::ui::finding::{self, Finder};
use crate::ui::state::AppState;
use crate::ui::theme::Theme;
use crate::ui::widgets::query_popup;

/// What the search reads, said while nothing is typed.
const HINT: &str = "Type a few letters of an account, a contact (name, email, title), a todo, a \
                    timeline entry, a goal or an opportunity.";

/// One line of the list below the query.
enum Row {
    Header(RecordKind, usize),
    /// A match, by its index in the index, and whether it is picked.
    Match(usize, bool),
    More(usize),
}

/// Draws the search over everything centred in `area`; says how many lines of matches it has
/// room for.
pub fn render(
    state: &AppState,
    finder: &Finder,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) -> usize {
    let Some(list) = query_popup(
        area,
        (140, 44),
        " Find anything ",
        &finder.query,
        "enter opens · ↑↓ moves · esc closes",
        theme,
        buf,
    ) else {
        return 0;
    };
    let room = usize::from(list.height);

    let Some(index) = state.records.index.as_ref() else {
        Line::styled(finding::INDEXING, theme.dim()).render(list, buf);
        return room;
    };
    if finder.query.trim().is_empty() {
        let hint = ratatui::widgets::Paragraph::new(HINT)
            .style(theme.dim())
            .wrap(ratatui::widgets::Wrap { trim: true });
        hint.render(list, buf);
        return room;
    }
    let mut rows = Vec::new();
    let mut shown = 0;
    for group in &finder.found.groups {
        rows.push(Row::Header(group.kind, group.records.len() + group.more));
        for &i in &group.records {
            rows.push(Row::Match(i, shown == finder.at));
            shown += 1;
        }
        if group.more > 0 {
            rows.push(Row::More(group.more));
        }
    }
    if rows.is_empty() {
        Line::styled("no match", theme.dim()).render(list, buf);
        return room;
    }
    // The picked match stays in sight: the list starts low enough to show it.
    let picked = rows.iter().position(|r| matches!(r, Row::Match(_, true))).unwrap_or(0);
    let first = (picked + 1).saturating_sub(room.max(1));
    for (n, row) in rows.iter().skip(first).take(room).enumerate() {
        let y = list.y + u16::try_from(n).unwrap_or(u16::MAX);
        let line = Rect { y, height: 1, ..list };
        match *row {
            Row::Header(kind, count) => {
                let title = format!("{} ({count})", capitalised(kind.plural()));
                Line::styled(title, theme.header()).render(line, buf);
            }
            Row::More(more) => {
                Line::styled(format!("  … {more} more",), theme.dim()).render(line, buf);
            }
            Row::Match(i, picked) => {
                if let Some(record) = index.record(i) {
                    let account = finding::account_name(state, record.account);
                    render_match(record, &account, &finder.query, picked, theme, line, buf);
                }
            }
        }
    }
    room
}

/// The fewest columns worth showing a match's other fields in.
const GLIMPSE_MIN: usize = 12;

/// One match on one line: what it is, a glimpse of its other fields, and its account at the
/// right (an account stands for itself).
fn render_match(
    record: &Record,
    account: &str,
    query: &str,
    picked: bool,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let width = usize::from(area.width);
    let account = if matches!(record.target, Target::Account(_)) { "" } else { account };
    let right = clip(account, width / 3);
    let left_room = width.saturating_sub(right.width() + 3);
    let mut head = String::from("  ");
    if let Target::Entry { date, kind, .. } = record.target {
        head.push_str(&format!("{date} {kind} · "));
    }
    head.push_str(&one_line(record.title()));
    let head = clip(&head, left_room);
    let details: Vec<String> = record.details().map(one_line).collect();
    let room = left_room.saturating_sub(head.width() + 3);
    // A glimpse of a few letters says nothing: the line keeps to its title then.
    let details = if details.is_empty() || room < GLIMPSE_MIN {
        String::new()
    } else {
        format!(" · {}", snippet(&details.join(" · "), query, room))
    };
    let details = clip(&details, left_room.saturating_sub(head.width()));
    let style = if picked { theme.selected() } else { ratatui::style::Style::new() };
    buf.set_style(area, style);
    let left = Line::from(vec![Span::raw(head), Span::styled(details, theme.dim())]);
    left.style(style).render(area, buf);
    let x = area.right().saturating_sub(u16::try_from(right.width() + 1).unwrap_or(0));
    let at = Rect { x, width: area.right().saturating_sub(x), ..area };
    Line::styled(right, theme.dim()).style(style).render(at, buf);
}

/// `text` on one line, safe to draw.
fn one_line(text: &str) -> String {
    terminal_safe(&text.replace(['\n', '\r'], " ")).into_owned()
}

/// `text` cut to start a little before the first place a word of `query` shows in it, when that
/// place would not fit in `room` columns: the line shows why the record matched.
fn snippet(text: &str, query: &str, room: usize) -> String {
    let lower = text.to_lowercase();
    let at = query
        .split_whitespace()
        .filter(|w| w.len() > 2)
        .filter_map(|w| lower.find(&w.to_lowercase()))
        .min();
    // A few characters before the word, fewer on a narrow line, so the word itself shows.
    let before = (room / 4).min(12);
    match at {
        Some(at) if lower.len() == text.len() && at + before + 8 > room => {
            let mut start = at.saturating_sub(before);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            format!("…{}", &text[start..])
        }
        _ => text.to_owned(),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
