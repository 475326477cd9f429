//! The forecast view: its figures are the command line's (`csm forecast --json`) for the same
//! book and calls; a call set with keys moves them at once by exactly what the probabilities
//! say, undo takes it back, a call changed elsewhere meanwhile is refused with nothing lost; and
//! the view as drawn at 80x24 and 160x48; each on each engine.

use std::collections::BTreeMap;

use chrono::Days;
use ratatui::crossterm::event::KeyCode;

use crate::config::Config;
use crate::domain::{Account, AccountId};
use crate::outcomes::{Call, forecast_at, json};
use crate::scoring::Band;
use crate::store::Store;
use crate::test_support::stores::for_each_engine;
use crate::test_support::stores::on_each_engine as on_each_empty_book;
use crate::ui::app::App;
use crate::ui::keymap::{Keymap, KeymapOverrides};
use crate::ui::state::View;
use crate::ui::testing::{as_of, demo_app, draw, on_each_engine, press};
use crate::ui::theme::Theme;

/// The demo workspace on the forecast view.
fn forecast_app() -> App {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('7'));
    assert_eq!(app.state.view, View::Forecast);
    app
}

/// A book by hand, in `store`: two accounts with no facts (their band is watch, and the model's
/// probability the watch prior, 85 %, as the book has no renewal history): Alder, $100,000.00 renewing in 30 days, and Birch,
/// $50,000.00 in 60 days. Returns Birch's id.
fn two_renewals(store: &mut Store) -> AccountId {
    let writer = store.writer().expect("writer");
    let mut birch = AccountId(0);
    for (id, name, dollars, days) in [("A-1", "Alder", 100_000, 30), ("B-1", "Birch", 50_000, 60)] {
        let account = Account {
            arr_cents: dollars * 100,
            renewal_date: Some(as_of() + Days::new(days)),
            ..Account::named(id, name)
        };
        birch = writer.insert_account(&account).expect("account");
    }
    writer.commit().expect("commit");
    birch
}

fn app_on(store: Store) -> App {
    let keymap = Keymap::load(&KeymapOverrides::new()).expect("default keymap");
    let mut app =
        App::new(store, Config::default(), keymap, Theme::monochrome(), as_of()).expect("app");
    press(&mut app, KeyCode::Char('7'));
    app
}

fn expected(app: &App) -> i64 {
    app.state.forecast.figures.as_ref().expect("figures").expected_cents
}

/// Picks the view's second renewal (Birch) and calls it: `lefts` steps left from the model
/// (5: commit, 4: likely, 3: at risk, 2: lost), then saves.
fn call_birch(app: &mut App, lefts: usize) {
    press(app, KeyCode::Char('j'));
    press(app, KeyCode::Char('c'));
    (0..lefts).for_each(|_| press(app, KeyCode::Left));
    press(app, KeyCode::Enter);
}

#[test]
fn the_views_figures_are_the_command_lines() {
    on_each_engine("the_views_figures_are_the_command_lines", || {
        let mut app = forecast_app();
        press(&mut app, KeyCode::Char('j'));
        press(&mut app, KeyCode::Char('c'));
        (0..5).for_each(|_| press(&mut app, KeyCode::Left));
        press(&mut app, KeyCode::Enter);
        let shown = app.state.forecast.figures.clone().expect("figures");
        let called = shown.renewals[1].account_id;
        assert_eq!(shown.renewals[1].call, Some(Call::Commit));
        let calls = BTreeMap::from([(called, Call::Commit)]);
        let config = Config::default();
        let (_, cli) =
            forecast_at(app.store_mut(), &config, as_of(), None, &calls).expect("forecast");
        assert_eq!(json::forecast(&shown), json::forecast(&cli));
    });
}

#[test]
fn a_call_moves_the_expected_value_at_once_and_undo_takes_it_back() {
    on_each_empty_book("a_call_moves_the_expected_value_at_once_", |store| {
        let mut store = store;
        let birch = two_renewals(&mut store);
        let mut app = app_on(store);
        // Before: 0.85 x 100,000.00 + 0.85 x 50,000.00 = 127,500.00.
        let rows = &app.state.forecast.figures.as_ref().expect("figures").renewals;
        assert_eq!((rows[1].account_id, rows[1].band, rows[1].model_p), (birch, Band::Watch, 0.85));
        assert_eq!(expected(&app), 12_750_000);
        // Birch called commit: p 1.0, the expected value moves by (1.0 - 0.85) x 50,000.00 =
        // +7,500.00, to 135,000.00.
        call_birch(&mut app, 5);
        assert_eq!(expected(&app), 13_500_000);
        assert!(app.state.status.starts_with("Birch: call model → commit"), "{}", app.state.status);
        // Then at risk: p 0.4, (0.4 - 0.85) x 50,000.00 = -22,500.00 from the model: 105,000.00.
        press(&mut app, KeyCode::Char('c'));
        (0..2).for_each(|_| press(&mut app, KeyCode::Right));
        press(&mut app, KeyCode::Enter);
        assert_eq!(
            app.state.forecast.figures.as_ref().expect("f").renewals[1].call,
            Some(Call::AtRisk)
        );
        assert_eq!(expected(&app), 10_500_000);
        // A percentage typed in: 90 % -> (0.9 - 0.85) x 50,000.00 = +2,500.00: 130,000.00.
        press(&mut app, KeyCode::Char('c'));
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Char('9'));
        press(&mut app, KeyCode::Char('0'));
        press(&mut app, KeyCode::Enter);
        assert_eq!(expected(&app), 13_000_000);
        // Undo walks back through at risk and commit to the model, stored and shown.
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(expected(&app), 10_500_000);
        press(&mut app, KeyCode::Char('u'));
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(expected(&app), 12_750_000);
        assert!(app.store().forecast_calls().expect("calls").is_empty());
        assert_eq!(app.state.forecast.figures.as_ref().expect("f").renewals[1].call, None);
    });
}

#[test]
fn a_percentage_out_of_range_is_refused_on_its_field() {
    on_each_empty_book("a_percentage_out_of_range_is_refused_on_", |store| {
        let mut store = store;
        two_renewals(&mut store);
        let mut app = app_on(store);
        press(&mut app, KeyCode::Char('c'));
        press(&mut app, KeyCode::Left);
        press(&mut app, KeyCode::Tab);
        "120".chars().for_each(|c| press(&mut app, KeyCode::Char(c)));
        press(&mut app, KeyCode::Enter);
        assert!(app.state.modal.editor_mut().is_some(), "the picker stays open");
        assert!(app.store().forecast_calls().expect("calls").is_empty());
        assert_eq!(expected(&app), 12_750_000);
    });
}

#[test]
fn a_call_changed_elsewhere_meanwhile_is_refused_and_nothing_is_lost() {
    let label = "a_call_changed_elsewhere_meanwhile";
    for_each_engine(label, |engine| {
        // Two workspaces on one book: two connections to one database on the server, a file on
        // SQLite (a book in memory has one store only).
        let dir = tempfile::tempdir().expect("dir");
        let fill: fn(&mut Store) = |store| {
            two_renewals(store);
        };
        let (store, mut other) =
            engine.filled_twice(label, "csm_two_renewals", fill).unwrap_or_else(|| {
                let path = dir.path().join("book.db");
                fill(&mut Store::create(&path).expect("store"));
                (Store::open(&path).expect("store"), Store::open(&path).expect("store"))
            });
        let accounts = other.accounts().expect("accounts");
        let birch = accounts.iter().find(|a| a.name == "Birch").expect("Birch").id;
        let mut app = app_on(store);
        press(&mut app, KeyCode::Char('j'));
        press(&mut app, KeyCode::Char('c'));
        // Another workspace calls Birch lost while the picker is open.
        let w = other.writer().expect("writer");
        w.set_forecast_call(birch, Call::Lost, as_of(), 0).expect("call");
        w.commit().expect("commit");
        (0..5).for_each(|_| press(&mut app, KeyCode::Left));
        press(&mut app, KeyCode::Enter);
        assert!(app.state.status.contains("was changed elsewhere"), "{}", app.state.status);
        let calls = other.forecast_calls().expect("calls");
        assert_eq!((calls.len(), calls[0].call), (1, Call::Lost), "the other call stands");
        // The view shows the call as it is now: 0.85 x 100,000.00 + 0 x 50,000.00.
        assert_eq!(expected(&app), 8_500_000);
        assert!(app.state.undo.is_empty(), "nothing to undo");
    });
}

#[test]
fn enter_opens_the_picked_renewals_account_in_the_book() {
    on_each_empty_book("enter_opens_the_picked_renewals_account_", |store| {
        let mut store = store;
        two_renewals(&mut store);
        let mut app = app_on(store);
        press(&mut app, KeyCode::Char('j'));
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.state.view, View::Book);
        assert_eq!(app.state.selected_entry().expect("selected").account.name, "Birch");
    });
}

#[test]
fn twelve_months_holds_every_renewal_of_the_year() {
    on_each_engine("twelve_months_holds_every_renewal_of_the_year", || {
        let mut app = forecast_app();
        let quarter = app.state.forecast.figures.as_ref().expect("f").renewals.len();
        press(&mut app, KeyCode::Char('h'));
        let year = app.state.forecast.figures.as_ref().expect("f");
        assert_eq!(year.horizon_days, 365);
        assert!(year.renewals.len() > quarter, "{} renewals", year.renewals.len());
    });
}

#[test]
fn forecast_at_80x24() {
    on_each_engine("forecast_at_80x24", || {
        insta::assert_snapshot!("forecast_at_80x24", draw(&forecast_app(), 80, 24).backend());
    });
}

#[test]
fn forecast_at_160x48() {
    on_each_engine("forecast_at_160x48", || {
        insta::assert_snapshot!("forecast_at_160x48", draw(&forecast_app(), 160, 48).backend());
    });
}

/// At 80x24 the chart and the band rates are below the list: the scroll keys reach them.
#[test]
fn forecast_scrolled_to_its_end_at_80x24() {
    on_each_engine("forecast_scrolled_to_its_end_at_80x24", || {
        let mut app = forecast_app();
        draw(&app, 80, 24);
        (0..60).for_each(|_| press(&mut app, KeyCode::Char('J')));
        insta::assert_snapshot!(
            "forecast_scrolled_to_its_end_at_80x24",
            draw(&app, 80, 24).backend()
        );
    });
}

#[test]
fn a_range_that_happened_too_rarely_to_round_up_says_so_and_an_empty_one_says_nothing() {
    assert_eq!(super::share_words(0.0002), "< 0.1 %");
    assert_eq!(super::share_words(0.0), "0.0 %");
    assert_eq!(super::share_words(0.0005), "0.1 %");
    assert_eq!(super::share_words(0.576), "57.6 %");
}

#[test]
fn saving_the_call_already_there_says_it_is_unchanged() {
    on_each_empty_book("saving_the_call_already_there_says_it_is", |store| {
        let mut store = store;
        two_renewals(&mut store);
        let mut app = app_on(store);
        call_birch(&mut app, 0);
        assert!(
            app.state.status.starts_with("Birch: call unchanged (model)"),
            "{}",
            app.state.status
        );
        assert_eq!(expected(&app), 12_750_000);
    });
}
