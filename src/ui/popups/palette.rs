//! The command palette, as a popup: the query, then the actions that match (what each does and
//! its keys, as the help says them) and the accounts that match. It draws what `update` listed:
//! it must not search or read the store; only the lines on screen are made.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::domain::terminal_safe;
use crate::format::{clip, fit};
use crate::ui::finding::Palette;
use crate::ui::finding::palette::Choice;
use crate::ui::state::AppState;
use crate::ui::theme::Theme;
use crate::ui::widgets::query_popup;

/// One line of the list below the query.
enum Row {
    Header(&'static str),
    Choice(usize),
    More(usize),
}

/// Draws the palette centred in `area`.
pub fn render(state: &AppState, palette: &Palette, theme: Theme, area: Rect, buf: &mut Buffer) {
    let Some(list) = query_popup(
        area,
        (80, 26),
        " Command palette ",
        &palette.query,
        "enter runs or opens · ↑↓ moves · esc closes",
        theme,
        buf,
    ) else {
        return;
    };

    let mut rows = Vec::new();
    let mut header = None;
    for (n, choice) in palette.shown.iter().enumerate() {
        let kind = match choice {
            Choice::Command(_) => "Actions",
            Choice::Account(_) => "Accounts",
        };
        if header != Some(kind) {
            rows.push(Row::Header(kind));
            header = Some(kind);
        }
        rows.push(Row::Choice(n));
    }
    if palette.more_accounts > 0 {
        rows.push(Row::More(palette.more_accounts));
    }
    if rows.is_empty() {
        Line::styled("no match", theme.dim()).render(list, buf);
        return;
    }
    let room = usize::from(list.height).max(1);
    let picked = rows.iter().position(|r| matches!(r, Row::Choice(n) if *n == palette.at));
    let first = (picked.unwrap_or(0) + 1).saturating_sub(room);
    let width = usize::from(list.width);
    for (n, row) in rows.iter().skip(first).take(room).enumerate() {
        let y = list.y + u16::try_from(n).unwrap_or(u16::MAX);
        let line = Rect { y, height: 1, ..list };
        match *row {
            Row::Header(title) => Line::styled(title, theme.header()).render(line, buf),
            Row::More(more) => {
                Line::styled(format!("  … {more} more accounts"), theme.dim()).render(line, buf);
            }
            Row::Choice(at) => {
                let style = if at == palette.at { theme.selected() } else { Default::default() };
                buf.set_style(line, style);
                let spans = match palette.shown.get(at) {
                    Some(Choice::Command(i)) => palette.commands.get(*i).map(|c| {
                        let text = fit(&format!("  {}", c.action.describe()), width * 3 / 5);
                        let keys = clip(&c.keys, width.saturating_sub(width * 3 / 5));
                        vec![Span::raw(text), Span::styled(keys, theme.key())]
                    }),
                    Some(Choice::Account(i)) => state.book.scored.accounts.get(*i).map(|e| {
                        let name = terminal_safe(&e.account.name).into_owned();
                        vec![Span::raw(clip(&format!("  {name}"), width))]
                    }),
                    None => None,
                };
                if let Some(spans) = spans {
                    Line::from(spans).style(style).render(line, buf);
                }
            }
        }
    }
}
