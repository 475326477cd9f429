//! What is open over the workspace decides what a key becomes, in one place: a form over a
//! question over the search over the help over an import's report, each taking fewer keys than
//! the one before; and a report that ends while something else is open waits for it to close.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::domain::InteractionId;
use crate::store::{BookWriter, StoreResult};
use crate::ui::edit::{Done, Revert};
use crate::ui::keymap::{KeyScope, KeymapOverrides};
use crate::ui::testing::{demo_app, on_each_engine, press};

/// An edit a question can carry; never written here.
#[derive(Debug)]
struct Nothing;

impl Edit for Nothing {
    fn account(&self) -> Option<crate::domain::AccountId> {
        None
    }

    fn write(self: Box<Self>, _: &BookWriter<'_>) -> StoreResult<Done> {
        Ok(Done { what: String::new(), revert: Revert::Forget(InteractionId(0)) })
    }
}

fn report() -> ImportReport {
    ImportReport {
        title: "accounts · a.csv".to_owned(),
        lines: vec!["done".to_owned()],
        ok: true,
        scroll: 0,
    }
}

/// One of each, from the one that takes the most keys to the one that takes the fewest.
fn every_modal() -> Vec<(&'static str, Modal)> {
    let question = Confirm { question: "Delete?".to_owned(), then: Box::new(Nothing) };
    vec![
        ("form", Modal::Form(Editor::import(crate::ui::importing::form()))),
        ("confirm", Modal::Confirm(question)),
        ("search", Modal::Search),
        ("help", Modal::Help),
        ("report", Modal::ImportReport(report())),
        ("none", Modal::None),
    ]
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// What each of [`every_modal`] makes of `pressed`, in that order.
fn routes(pressed: KeyEvent) -> Vec<Option<Action>> {
    let keymap = Keymap::load(&KeymapOverrides::new()).unwrap();
    let scope = KeyScope::default();
    every_modal().iter().map(|(_, modal)| modal.route(pressed, &keymap, scope)).collect()
}

#[test]
fn a_form_takes_every_key_a_question_only_its_answers() {
    let q = key(KeyCode::Char('q'));
    let [form, confirm, ..] = routes(q)[..] else { panic!() };
    assert_eq!(form, Some(Action::FormKey(q)), "even quit is typed into a form");
    assert_eq!(confirm, None, "a question swallows what is not an answer");
    let answers: Vec<_> = ['y', 'n'].map(|c| routes(key(KeyCode::Char(c)))[1]).into();
    assert_eq!(answers, [Some(Action::Answer(true)), Some(Action::Answer(false))]);
    assert_eq!(routes(key(KeyCode::Esc))[1], Some(Action::Answer(false)));
}

#[test]
fn the_search_takes_text_and_lets_quit_through() {
    assert_eq!(routes(key(KeyCode::Char('q')))[2], Some(Action::SearchType('q')));
    assert_eq!(routes(key(KeyCode::Enter))[2], Some(Action::SearchKeep));
    assert_eq!(routes(key(KeyCode::Esc))[2], Some(Action::Back));
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(routes(ctrl_c)[2], Some(Action::Quit));
}

#[test]
fn the_help_and_the_report_take_only_what_reads_or_closes_them() {
    let j = routes(key(KeyCode::Char('j')));
    assert_eq!(j[3], None, "the help does not scroll");
    assert_eq!(j[4], Some(Action::SelectNext), "the report scrolls");
    assert_eq!(j[5], Some(Action::SelectNext));
    let a = routes(key(KeyCode::Char('a')));
    assert_eq!((a[3], a[4], a[5]), (None, None, Some(Action::AddTodo)));
    for closes in [KeyCode::Esc, KeyCode::Char('?')] {
        let routed = routes(key(closes));
        assert!(routed[3].is_some() && routed[3] == routed[4], "{closes:?}");
    }
}

/// Each modal takes fewer keys than the one above it: what a lower one lets through, every
/// higher one that takes keys at all catches or swallows first.
#[test]
fn the_routing_precedence_is_form_confirm_search_help_report() {
    let q = routes(key(KeyCode::Char('q')));
    assert_eq!(
        q,
        [
            Some(Action::FormKey(key(KeyCode::Char('q')))),
            None,
            Some(Action::SearchType('q')),
            Some(Action::Quit),
            Some(Action::Quit),
            Some(Action::Quit),
        ]
    );
    let taken = |code| routes(key(code)).iter().filter(|a| a.is_some()).count();
    assert_eq!(taken(KeyCode::Char('j')), 4, "form, search, report and none take j");
    assert_eq!(taken(KeyCode::Char('a')), 3, "form, search and none take a");
}

#[test]
fn an_ended_import_waits_behind_anything_open() {
    for (name, mut modal) in every_modal() {
        let mut import = Some(ImportView::Ended(report()));
        modal.open_ended(&mut import);
        match name {
            "none" => {
                assert!(modal.report().is_some(), "opens over nothing");
                assert!(import.is_none());
            }
            "report" => assert!(import.is_some(), "one report at a time"),
            _ => {
                assert!(import.is_some(), "{name}: the report waits");
                assert!(modal.report().is_none(), "{name} stays open");
            }
        }
    }
}

/// In the workspace: an import that ends under the help opens its report once the help closes.
#[test]
fn the_report_opens_when_what_covered_it_closes() {
    on_each_engine("the_report_opens_when_what_covered_it_closes", || {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("accounts.csv");
        std::fs::write(&file, "Account ID,Account Name\nZ-1,Zephyr Outfitters\n").unwrap();
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('?'));
        let request = crate::ui::importing::ImportRequest {
            kind: crate::import::Kind::Accounts,
            path: file,
            dry_run: false,
            date_order: None,
        };
        // The import runs, and ends as the event loop would end a background import: while the
        // help is open.
        let started = std::time::Instant::now();
        app.state.import =
            Some(ImportView::Running { request: request.clone(), started, progress: None });
        let (config, as_of) = (crate::config::Config::default(), app.state.as_of);
        let outcome = crate::ui::importing::run(&request, app.store_mut(), &config, as_of, None);
        app.send(crate::ui::msg::Msg::ImportFinished(outcome)).unwrap();
        assert!(app.state.modal.is_help(), "the help stays");
        assert!(matches!(app.state.import, Some(ImportView::Ended(_))), "the report waits");
        press(&mut app, KeyCode::Esc);
        assert!(app.state.modal.report().is_some_and(|r| r.ok));
        assert!(app.state.import.is_none());
    });
}
