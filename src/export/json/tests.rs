//! The JSON export parses, carries stored text exactly, and holds every record of the book, on
//! each engine (the failure names it).

use chrono::NaiveDate;
use serde_json::Value;

use crate::book::ScoredBook;
use crate::config::Config;
use crate::demo::{DemoOptions, generate};
use crate::domain::{
    Account, AccountId, Contact, ContactId, Interaction, InteractionId, InteractionKind, Priority,
    Role, Todo, TodoId, TodoStatus,
};
use crate::store::Store;
use crate::test_support::stores::on_each_engine;

const HOSTILE: &str = "Evil\u{1b}[31m \"Corp\"\u{202e}\u{200b}\n=cmd|' /C calc'!A0";

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn todo(account: Option<AccountId>, title: &str) -> Todo {
    Todo {
        id: TodoId(0),
        account_id: account,
        title: title.into(),
        notes: None,
        due: Some(date("2026-12-01")),
        priority: Priority::High,
        status: TodoStatus::Open,
        snoozed_until: None,
        rule: None,
        created_on: date("2026-11-20"),
        completed_on: None,
        version: 0,
    }
}

/// A small demo book plus one account with hostile text, a participant and a book todo.
fn book(mut store: Store) -> (Store, AccountId) {
    let as_of = date("2026-11-24");
    generate(&mut store, &DemoOptions { accounts: 6, seed: 5, as_of, years: 3 }).unwrap();
    let writer = store.writer().unwrap();
    let id = writer
        .insert_account(&Account {
            arr_cents: 123_456,
            renewal_date: Some(date("2026-12-20")),
            ..Account::named("EVIL-1", HOSTILE)
        })
        .unwrap();
    let contact = writer
        .insert_contact(&Contact {
            id: ContactId(0),
            account_id: id,
            external_id: None,
            name: "Ana".into(),
            title: None,
            email: Some("ana@evil.example".into()),
            role: Role::Champion,
            influence: None,
            sentiment: None,
            reports_to: None,
            last_engaged: None,
            left_on: None,
            version: 0,
        })
        .unwrap();
    writer
        .insert_interaction(&Interaction {
            id: InteractionId(0),
            account_id: id,
            external_id: None,
            date: date("2026-11-02"),
            kind: InteractionKind::Call,
            summary: Some("Kick-off".into()),
            body: Some("line one\nline two".into()),
            contacts: vec![contact],
            version: 0,
        })
        .unwrap();
    writer.insert_todo(&todo(None, "Plan the quarter")).unwrap();
    writer.commit().unwrap();
    (store, id)
}

fn export(store: &mut Store) -> (Value, String, ScoredBook) {
    let config = Config::default();
    let scored = ScoredBook::load(store, &config, date("2026-11-24")).unwrap();
    let mut out = Vec::new();
    let count = super::json(store, &scored, "USD", &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(count, scored.accounts.len());
    (value, text, scored)
}

#[test]
fn the_export_is_one_json_document_with_its_marker() {
    on_each_engine("the_export_is_one_json_document_with_its", |store| {
        let (mut store, _) = book(store);
        let (value, text, scored) = export(&mut store);
        assert_eq!(value["format"], super::FORMAT);
        assert_eq!(value["version"], super::VERSION);
        assert_eq!(value["as_of"], "2026-11-24");
        assert_eq!(value["currency"], "USD");
        // The book's totals count the active accounts; the lines hold the former customers too.
        assert_eq!(value["book"]["accounts"], scored.active().count());
        assert!(!value["features"].as_array().unwrap().is_empty());
        // One account per line.
        assert_eq!(
            text.lines().filter(|l| l.starts_with("{\"id\":")).count(),
            scored.accounts.len()
        );
    });
}

#[test]
fn stored_text_is_carried_exactly() {
    on_each_engine("stored_text_is_carried_exactly", |store| {
        let (mut store, id) = book(store);
        let (value, _, _) = export(&mut store);
        let account =
            value["accounts"].as_array().unwrap().iter().find(|a| a["id"] == id.0).unwrap();
        assert_eq!(account["name"], HOSTILE);
        assert_eq!(account["arr_cents"], 123_456);
        assert_eq!(account["interactions"][0]["body"], "line one\nline two");
        let participant = &account["interactions"][0]["contacts"][0];
        assert_eq!(participant["id"], account["contacts"][0]["id"]);
        assert_eq!(participant["email"], "ana@evil.example");
        assert_eq!(account["score"]["renewal"]["days"], 26);
        assert_eq!(account["score"]["renewal"]["phase"], "finalize");
    });
}

#[test]
fn every_record_of_the_book_is_there() {
    on_each_engine("every_record_of_the_book_is_there", |store| {
        let (mut store, _) = book(store);
        let (value, _, scored) = export(&mut store);
        let book_todos = value["todos"].as_array().unwrap();
        assert_eq!(book_todos.len(), store.book_todos().unwrap().len());
        assert!(book_todos.iter().any(|t| t["title"] == "Plan the quarter"));
        let accounts = value["accounts"].as_array().unwrap();
        let (first, last) = super::all_dates();
        for (a, entry) in accounts.iter().zip(&scored.accounts) {
            let id = entry.account.id;
            assert_eq!(a["id"], id.0);
            assert_eq!(a["score"]["health"], serde_json::json!(entry.summary.health));
            let count = |field: &str| a[field].as_array().unwrap().len();
            assert_eq!(count("contacts"), store.contacts(id).unwrap().len());
            assert_eq!(count("usage"), store.usage(id, first, last).unwrap().len());
            assert_eq!(count("feature_usage"), store.feature_usage(id, first, last).unwrap().len());
            assert_eq!(count("tickets"), store.tickets(id).unwrap().len());
            assert_eq!(count("nps_responses"), store.nps_responses(id).unwrap().len());
            assert_eq!(count("interactions"), store.interactions(id).unwrap().len());
            assert_eq!(count("todos"), store.todos(id).unwrap().len());
            assert_eq!(count("opportunities"), store.opportunities(id).unwrap().len());
            assert_eq!(count("milestones"), store.milestones(id).unwrap().len());
            assert_eq!(count("goals"), store.goals(id).unwrap().len());
        }
        let usage: usize = accounts.iter().map(|a| a["usage"].as_array().unwrap().len()).sum();
        assert!(usage > 1000, "a year of daily usage per account: {usage}");
    });
}
