//! The model check drawn over a book with a history and one with too thin a history, at 80x24
//! (it scrolls) and 160x48 (two columns), and its figures against `csm backtest --json`'s.

use ratatui::crossterm::event::KeyCode;
use serde_json::Value;

use crate::config::Config;
use crate::outcomes::{backtest_at, json};
use crate::ui::App;
use crate::ui::testing::{app_with_history, as_of, buffer_lines, draw, on_each_engine, press};

/// The workspace over a history of `count` records, on the model check.
fn checked(count: usize) -> App {
    let mut app = app_with_history(count);
    press(&mut app, KeyCode::Char('8'));
    app
}

fn screen(app: &App, width: u16, height: u16) -> String {
    buffer_lines(draw(app, width, height).backend().buffer()).join("\n")
}

#[test]
fn model_check_at_80x24() {
    on_each_engine("model_check_at_80x24", || {
        insta::assert_snapshot!("model_check_at_80x24", draw(&checked(40), 80, 24).backend());
    });
}

#[test]
fn model_check_at_160x48() {
    on_each_engine("model_check_at_160x48", || {
        insta::assert_snapshot!("model_check_at_160x48", draw(&checked(40), 160, 48).backend());
    });
}

#[test]
fn thin_model_check_at_80x24() {
    on_each_engine("thin_model_check_at_80x24", || {
        insta::assert_snapshot!("thin_model_check_at_80x24", draw(&checked(6), 80, 24).backend());
    });
}

#[test]
fn thin_model_check_at_160x48() {
    on_each_engine("thin_model_check_at_160x48", || {
        insta::assert_snapshot!("thin_model_check_at_160x48", draw(&checked(6), 160, 48).backend());
    });
}

#[test]
fn a_thin_history_says_so_and_shows_what_it_has() {
    on_each_engine("a_thin_history_says_so_and_shows_what_it_has", || {
        let app = checked(6);
        let b = app.state.model_check.result(90).expect("checked");
        assert!(b.thin(), "{} records", b.count);
        let text = screen(&app, 160, 48);
        assert!(text.contains("The history is too thin to judge"), "{text}");
        assert!(text.contains("By band, 90 days before renewal"), "{text}");
        assert!(!text.contains("NaN"), "{text}");
    });
}

#[test]
fn the_figures_are_those_of_csm_backtest_json() {
    on_each_engine("the_figures_are_those_of_csm_backtest_json", || {
        let mut app = checked(40);
        let b = backtest_at(app.store_mut(), &Config::default(), as_of(), None).expect("backtest");
        let v: Value = serde_json::from_str(&json::backtest(as_of(), &b)).expect("json");
        let shown = app.state.model_check.result(90).expect("checked");
        assert_eq!(json::backtest(as_of(), shown), json::backtest(as_of(), &b));
        assert!(v["count"].as_u64().unwrap() >= 40 && !b.thin());

        // Every figure on screen is the JSON's, as the view writes it (the screen is scrolled
        // whole, a page at a time, at 160x48).
        let mut text = String::new();
        for _ in 0..3 {
            text.push_str(&screen(&app, 160, 48));
            app.apply(crate::ui::Action::PageDown).expect("page");
        }
        let two =
            |x: &Value| format!("{:.2}", crate::scoring::round_to_hundredth(x.as_f64().unwrap()));
        let percent = |x: &Value| crate::outcomes::plain_words::percent(x.as_f64().unwrap());
        let (count, churned) = (&v["count"], &v["churned"]);
        let records = format!("{count} · churned {churned} ({})", percent(&v["churn_rate"]));
        assert!(text.contains(&records), "{records} in {text}");
        let auc = format!(
            "{} · 95 % interval {} to {}",
            two(&v["auc"]["value"]),
            two(&v["auc"]["low"]),
            two(&v["auc"]["high"])
        );
        assert!(text.contains(&auc), "{auc} in {text}");
        let brier = format!("{:.3}", v["brier"].as_f64().unwrap());
        assert!(text.contains(&format!("Brier score, leave one out    {brier}")), "{text}");
        for (band, word) in [("healthy", "healthy"), ("watch", "watch"), ("at_risk", "at risk")] {
            let row = &v["bands"][band];
            let line = text.lines().find(|l| l.contains(&format!(" {word:<9} "))).unwrap();
            let cells: Vec<&str> = line.split_whitespace().collect();
            assert!(cells.contains(&row["count"].to_string().as_str()), "{band}: {line}");
            assert!(cells.contains(&row["churned"].to_string().as_str()), "{band}: {line}");
            if !row["rate"].is_null() {
                assert!(line.contains(&percent(&row["rate"])), "{band}: {line}");
            }
        }
        for (name, c) in v["components"].as_object().unwrap() {
            let shown = if c["auc"].is_null() { "—".to_owned() } else { two(&c["auc"]) };
            let line = format!("{name:<11} {shown:>8} {:>8}", c["count"].as_u64().unwrap());
            assert!(text.contains(&line), "{line} in {text}");
        }
        for (code, s) in v["signals"].as_object().unwrap() {
            let line =
                text.lines().find(|l| l.contains(&format!("  {:<19}", code.replace('_', " "))));
            let line = line.unwrap_or_else(|| panic!("{code} in {text}"));
            assert!(line.contains(&format!(" {} ", s["fired"])), "{code}: {line}");
            if let Some(lift) = s["lift"].as_f64() {
                assert!(line.contains(&format!("x{}", crate::scoring::tenths(lift))), "{line}");
            }
        }
    });
}

#[test]
fn keys_open_the_check_cycle_its_lead_and_scroll_it() {
    on_each_engine("keys_open_the_check_cycle_its_lead_and_scroll_it", || {
        let mut app = app_with_history(40);
        press(&mut app, KeyCode::Char('8'));
        assert_eq!(app.state.view, crate::ui::state::View::ModelCheck);
        assert!(app.state.model_check.result(90).is_some(), "checked on opening");
        assert!(screen(&app, 80, 24).contains("Does the health score predict churn"));

        press(&mut app, KeyCode::Char('L'));
        assert_eq!(app.state.model_check.lead, Some(60));
        assert_eq!(app.state.model_check.result(60).map(|b| b.lead_days), Some(60));
        assert!(screen(&app, 80, 24).contains("health 60 days before each renewal"));
        assert_eq!(app.state.status, "model check: health 60 days before each renewal");
        press(&mut app, KeyCode::Char('L'));
        press(&mut app, KeyCode::Char('L'));
        assert_eq!(app.state.model_check.lead, Some(90), "90, 60, 120 and back");
        assert_eq!(app.state.model_check.results.len(), 3, "each lead kept");

        let top = screen(&app, 80, 24);
        press(&mut app, KeyCode::Char('j'));
        let down = screen(&app, 80, 24);
        assert!(top.contains("more below") && down.contains("↑ 1 more above"), "{down}");

        press(&mut app, KeyCode::Char('?'));
        let help = screen(&app, 80, 24);
        assert!(help.contains("L          lead: 90, 60, 120 days"), "{help}");
    });
}

#[test]
fn tiny_areas_do_not_panic() {
    on_each_engine("tiny_areas_do_not_panic", || {
        use ratatui::buffer::Buffer;
        use ratatui::layout::Rect;
        let app = checked(40);
        for (width, height) in [(0, 0), (5, 2), (12, 4), (30, 3), (1, 30), (160, 8), (200, 8)] {
            let area = Rect::new(0, 0, width, height);
            let mut buf = Buffer::empty(area);
            let theme = crate::ui::theme::Theme::default();
            super::render(&app.state, &app.view_state, theme, area, &mut buf);
        }
    });
}
