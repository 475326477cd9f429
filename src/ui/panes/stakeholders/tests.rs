//! The stakeholder pane drawn over the demo book: roles, the reporting tree, coverage, departures
//! and hostile names, at the sizes a CSM uses.

use chrono::Days;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;

use super::render;
use crate::domain::ContactId;
use crate::ui::App;
use crate::ui::testing::{draw, on_each_engine, press};
use crate::ui::theme::Theme;

fn stakeholders_of(account: &str) -> App {
    crate::ui::testing::focused_on(account, crate::ui::state::PaneId::Stakeholders)
}

fn pane_text(app: &App, width: u16, height: u16) -> Vec<String> {
    crate::ui::testing::pane_lines(app, render, width, height)
}

#[test]
fn champion_left_at_80x24() {
    on_each_engine("champion_left_at_80x24", || {
        let app = stakeholders_of("Halvorsen Maritime");
        insta::assert_snapshot!("champion_left_at_80x24", draw(&app, 80, 24).backend());
    });
}

#[test]
fn champion_left_at_160x48() {
    on_each_engine("champion_left_at_160x48", || {
        let app = stakeholders_of("Halvorsen Maritime");
        insta::assert_snapshot!("champion_left_at_160x48", draw(&app, 160, 48).backend());
    });
}

#[test]
fn single_contact_at_80x24() {
    on_each_engine("single_contact_at_80x24", || {
        let app = stakeholders_of("Pinecrest Family Bakery");
        insta::assert_snapshot!("single_contact_at_80x24", draw(&app, 80, 24).backend());
    });
}

#[test]
fn the_reporting_tree_at_80x24() {
    on_each_engine("the_reporting_tree_at_80x24", || {
        let mut app = stakeholders_of("Halvorsen Maritime");
        press(&mut app, KeyCode::Char('t'));
        assert!(app.state.tree);
        insta::assert_snapshot!("the_reporting_tree_at_80x24", draw(&app, 80, 24).backend());
    });
}

#[test]
fn the_reporting_tree_at_160x48() {
    on_each_engine("the_reporting_tree_at_160x48", || {
        let mut app = stakeholders_of("Halvorsen Maritime");
        press(&mut app, KeyCode::Char('t'));
        insta::assert_snapshot!("the_reporting_tree_at_160x48", draw(&app, 160, 48).backend());
    });
}

#[test]
fn a_reporting_cycle_shows_everyone_once() {
    on_each_engine("a_reporting_cycle_shows_everyone_once", || {
        let mut app = stakeholders_of("Halvorsen Maritime");
        app.state.tree = true;
        let detail = &mut app.state.book.detail.as_mut().unwrap().detail;
        let ids: Vec<ContactId> = detail.facts.contacts.iter().map(|c| c.id).collect();
        let n = ids.len();
        assert!(n >= 3);
        // Everyone reports to the next one, round the circle.
        for (i, contact) in detail.facts.contacts.iter_mut().enumerate() {
            contact.reports_to = Some(ids[(i + 1) % n]);
        }
        let names: Vec<String> = detail.facts.contacts.iter().map(|c| c.name.clone()).collect();
        let text = pane_text(&app, 100, 40).join("\n");
        for name in names {
            assert_eq!(text.matches(&name).count(), 1, "{name} once in\n{text}");
        }
    });
}

#[test]
fn more_contacts_than_lines_end_with_a_count() {
    on_each_engine("more_contacts_than_lines_end_with_a_count", || {
        let app = stakeholders_of("Halvorsen Maritime");
        let contacts = &app.state.book.detail.as_ref().unwrap().detail.facts.contacts;
        let lines = pane_text(&app, 60, 8);
        let text = lines.join("\n");
        let more = lines
            .iter()
            .map(|l| l.trim_matches(['┃', ' ']))
            .find_map(|l| l.strip_prefix("… ")?.strip_suffix(" more"))
            .unwrap_or_else(|| panic!("no \"… N more\" line in\n{text}"));
        let hidden: usize = more.parse().unwrap();
        let shown = contacts.iter().filter(|c| text.contains(&c.name)).count();
        assert!(shown > 0 && hidden > 0, "{text}");
        assert_eq!(shown + hidden, contacts.len(), "{text}");
    });
}

#[test]
fn a_contact_who_left_is_marked_with_the_day() {
    on_each_engine("a_contact_who_left_is_marked_with_the_day", || {
        let mut app = stakeholders_of("Halvorsen Maritime");
        let as_of = app.state.as_of;
        let detail = &mut app.state.book.detail.as_mut().unwrap().detail;
        let left = as_of.checked_sub_days(Days::new(3)).unwrap();
        detail.facts.contacts[0].left_on = Some(left);
        let text = pane_text(&app, 70, 30).join("\n");
        assert!(text.contains(&format!("left {left}")), "{text}");
    });
}

#[test]
fn a_covered_account_says_so_calmly() {
    on_each_engine("a_covered_account_says_so_calmly", || {
        let app = stakeholders_of("Northwind Logistics");
        insta::assert_snapshot!(
            "a_covered_account_says_so_calmly",
            pane_text(&app, 40, 16).join("\n")
        );
    });
}

#[test]
fn gaps_and_departures_are_in_alert_style() {
    on_each_engine("gaps_and_departures_are_in_alert_style", || {
        let app = stakeholders_of("Halvorsen Maritime");
        let area = Rect::new(0, 0, 40, 20);
        let mut buf = Buffer::empty(area);
        render(&app.state, Theme::default(), true, area, &mut buf);
        let alert = Theme::default().alert().fg;
        let find = |symbol: &str| {
            (0..area.height)
                .flat_map(|y| (0..area.width).map(move |x| (x, y)))
                .find(|&(x, y)| buf[(x, y)].symbol() == symbol && x == 1)
                .unwrap_or_else(|| panic!("no {symbol} in column 1"))
        };
        assert_eq!(buf[find("!")].fg, alert.unwrap());
        let (_, y) = find("✗");
        assert_eq!(buf[(1, y)].fg, alert.unwrap());
        assert_eq!(buf[(38, y)].fg, alert.unwrap(), "the day it left");
    });
}

#[test]
fn tiny_areas_do_not_panic() {
    on_each_engine("tiny_areas_do_not_panic", || {
        let mut app = stakeholders_of("Halvorsen Maritime");
        for tree in [false, true] {
            app.state.tree = tree;
            for (w, h) in [(0, 0), (5, 2), (12, 4), (1, 30), (30, 3)] {
                let _ = pane_text(&app, w, h);
            }
        }
    });
}

#[test]
fn the_glyphs_are_explained_at_the_foot_when_there_is_room() {
    on_each_engine("the_glyphs_are_explained_at_the_foot_when_there_is_room", || {
        let app = stakeholders_of("Pinecrest Family Bakery");
        let lines = pane_text(&app, 40, 14);
        let foot = &lines[lines.len() - 3..];
        assert!(foot[0].contains("infl. ●●●○○ = 3 of 5"), "{lines:#?}");
        assert!(foot[1].contains("± ++ + · − −− warm to hostile"), "{lines:#?}");
        let wide = pane_text(&app, 80, 14);
        assert!(wide[wide.len() - 2].contains("= 3 of 5 · ± ++ + · − −− warm"), "{wide:#?}");
        let full = pane_text(&stakeholders_of("Halvorsen Maritime"), 40, 14);
        assert!(!full.iter().any(|l| l.contains("3 of 5")), "no room: {full:#?}");
    });
}
