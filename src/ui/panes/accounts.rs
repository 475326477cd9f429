//! The account list: name, health with band colour and symbol, trend, ARR, days to renewal and
//! the number of risk signals; the title says the order, the filters and the count. Only the
//! visible rows are built.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, Widget};

use crate::domain::terminal_safe;
use crate::format::{fit, health_figure, money_short, thousands, trend_arrow};
use crate::ui::action::Action;
use crate::ui::ids::PaneId;
use crate::ui::pane::{Moves, Pane};
use crate::ui::state::AppState;
use crate::ui::theme::Theme;
use crate::ui::view_state::ViewState;
use crate::ui::widgets::{pane_block, visible_window};

/// The accounts pane, as the workspace drives it.
pub const PANE: Pane = Pane {
    id: PaneId::Accounts,
    moves: Moves::Accounts,
    hints: &[
        Action::ToggleHelp,
        Action::StartSearch,
        Action::CycleSort,
        Action::FilterBand,
        Action::ToggleZoom,
        Action::LogTouchpoint,
        Action::AddTodo,
        Action::FocusNext,
        Action::Quit,
    ],
    draw: |scene, theme, focused, area, buf| {
        render(scene.state, scene.view_state, theme, focused, area, buf)
    },
};

/// Draws the account list into `area`.
pub fn render(
    state: &AppState,
    view_state: &ViewState,
    theme: Theme,
    focused: bool,
    area: Rect,
    buf: &mut Buffer,
) {
    let mut title = vec![Span::styled(" Accounts ", theme.header())];
    let mut tags = vec![format!("by {}", state.sort.label())];
    tags.extend(state.filters.describe());
    if !state.search.query.is_empty() {
        tags.push(format!("\"{}\"", state.search.query));
    }
    title.push(Span::styled(format!("{} ", tags.join(" · ")), theme.dim()));
    let count = format!(
        " {} of {} ",
        thousands(state.book.rows.len() as u64),
        thousands(state.book.scored.listed(state.filters.churned) as u64)
    );
    let block = pane_block(Line::from(title), theme, focused)
        .title_bottom(Line::from(count).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    if state.book.rows.is_empty() {
        Line::styled(" No account matches the search and filters.", theme.dim()).render(inner, buf);
        return;
    }
    // One line for the header; the rest shows rows.
    let height = usize::from(inner.height.saturating_sub(1));
    view_state.list_page.set(height.max(1));
    let window =
        visible_window(state.book.rows.len(), state.selected, height, &view_state.list_scroll);
    let wide = inner.width >= 56;
    // The name column takes what the others leave; a long name ends in an ellipsis.
    let fixed: u16 = 5 + 1 + 6 + 8 + 3 + if wide { 8 + 6 } else { 5 };
    let name_width = usize::from(inner.width.saturating_sub(fixed).max(4));
    let rows: Vec<Row> = window
        .clone()
        .filter_map(|r| state.book.rows.get(r).map(|&i| (r, &state.book.scored.accounts[i])))
        .map(|(r, entry)| {
            let s = &entry.summary;
            let band = theme.band(s.band);
            // "~70": the health rests on thin data (the health pane says which components).
            let health = health_figure(s.health, s.is_thin());
            let gap = if health.chars().count() > 3 { "" } else { " " };
            let days = entry.account.renewal_date.map_or_else(String::new, |d| {
                let days = (d - state.as_of).num_days();
                if days < 0 { format!("{}d ago", -days) } else { format!("{days}d") }
            });
            let signals = match s.signals.len() {
                0 => String::new(),
                n => format!("⚑{n}"),
            };
            let mut cells = vec![
                Cell::from(fit(&terminal_safe(&entry.account.name), name_width)),
                Cell::from(Line::from(vec![
                    Span::styled(health, band),
                    Span::styled(format!("{gap}{}", Theme::band_symbol(s.band)), band),
                ])),
                Cell::from(trend_arrow(s.delta)),
                Cell::from(
                    Line::from(money_short(entry.account.arr_cents, &state.currency))
                        .right_aligned(),
                ),
                Cell::from(Line::from(days).right_aligned()),
                Cell::from(Span::styled(signals, theme.alert())),
            ];
            if wide {
                cells.insert(2, Cell::from(Span::styled(s.band.word(), band)));
            }
            let row = Row::new(cells);
            if r == state.selected { row.style(theme.selected()) } else { row }
        })
        .collect();
    let mut widths = vec![
        Constraint::Fill(1),
        Constraint::Length(5),
        Constraint::Length(1),
        Constraint::Length(6),
        Constraint::Length(8),
        Constraint::Length(3),
    ];
    let mut header = vec!["account", "hlth", "", "ARR", "renewal", "⚑"];
    if wide {
        widths.insert(2, Constraint::Length(8));
        header.insert(2, "band");
    }
    let header = Row::new(header.into_iter().map(|h| Cell::from(Span::styled(h, theme.dim()))));
    Table::new(rows, widths).header(header).column_spacing(1).render(inner, buf);
}

#[cfg(test)]
mod tests {
    use crate::ui::testing::{demo_app, draw, on_each_engine};

    #[test]
    fn imported_control_and_bidi_characters_never_reach_the_screen() {
        use crate::config::Config;
        use crate::domain::Account;
        use crate::test_support::stores::on_each_engine;
        use crate::ui::keymap::{Keymap, KeymapOverrides};
        use crate::ui::testing::{as_of, buffer_lines, press, select_by_search};
        use crate::ui::{App, Theme};
        use ratatui::crossterm::event::KeyCode;

        on_each_engine("imported_control_and_bidi_characters", |mut store| {
            let hostile = "Evil\x1b[31mCorp\x1b]0;pwned\x07\u{9b}2J\u{202e}\u{200b} Ltd";
            let writer = store.writer().unwrap();
            writer
                .insert_account(&Account { arr_cents: 100, ..Account::named("X-1", hostile) })
                .unwrap();
            writer.commit().unwrap();
            let keymap = Keymap::load(&KeymapOverrides::new()).unwrap();
            let mut app =
                App::new(store, Config::default(), keymap, Theme::monochrome(), as_of()).unwrap();
            for size in [(80, 24), (160, 48)] {
                let terminal = draw(&app, size.0, size.1);
                let lines = buffer_lines(terminal.backend().buffer());
                assert!(lines.iter().any(|l| l.contains("Evil[31mCorp")), "{lines:#?}");
                for line in &lines {
                    assert!(
                        !line
                            .chars()
                            .any(|c| c.is_control()
                                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{200b}')),
                        "{line:?}"
                    );
                }
            }
            // The search still finds it, and the timeline view draws it clean too.
            select_by_search(&mut app, hostile);
            press(&mut app, KeyCode::Char('5'));
            let lines = buffer_lines(draw(&app, 80, 24).backend().buffer());
            assert!(lines.iter().all(|l| !l.chars().any(char::is_control)));
        });
    }

    #[test]
    fn the_list_at_80x24() {
        on_each_engine("the_list_at_80x24", || {
            let app = demo_app();
            insta::assert_snapshot!("the_list_at_80x24", draw(&app, 80, 24).backend());
        });
    }
}
