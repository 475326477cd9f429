//! The restore's writes under their ids, the days sent in bulk, and what a book that holds records says.

use super::*;
use crate::domain::{Priority, TodoStatus};

/// Records written under their ids read back under them, a contact's manager written after
/// it included; a book with records refuses a restore, naming what it holds.
#[test]
fn records_keep_their_ids_and_a_book_with_records_refuses_a_restore() {
    for (engine, store) in crate::store::testing::stores("restore_ids") {
        keep_their_ids(engine, store);
    }
}

fn keep_their_ids(engine: &str, mut store: Store) {
    assert_eq!(store.restore_refusal().expect("read"), None, "{engine}");
    let day: NaiveDate = "2026-11-02".parse().expect("date");
    let writer = store.writer().expect("writer");
    writer.defer_references().expect("deferred");
    writer
        .load_account(&Account { id: AccountId(40), ..Account::named("A-40", "Acme") })
        .expect("a");
    let contact = |id, reports_to: Option<i64>| Contact {
        id: crate::domain::ContactId(id),
        account_id: AccountId(40),
        external_id: None,
        name: format!("C{id}"),
        title: None,
        email: None,
        role: crate::domain::Role::Other,
        influence: None,
        sentiment: None,
        reports_to: reports_to.map(crate::domain::ContactId),
        last_engaged: None,
        left_on: None,
        version: 0,
    };
    writer.load_contact(&contact(7, Some(9))).expect("before its manager");
    writer.load_contact(&contact(9, None)).expect("manager");
    let todo = Todo {
        id: TodoId(12),
        account_id: Some(AccountId(40)),
        title: "Call".into(),
        notes: None,
        due: None,
        priority: Priority::Normal,
        status: TodoStatus::Open,
        snoozed_until: None,
        rule: Some("qbr".into()),
        created_on: day,
        completed_on: None,
        version: 0,
    };
    writer.load_todo(&todo).expect("todo");
    let firing = Firing {
        rule: "qbr".into(),
        occasion: "2026-Q4".into(),
        fired_on: day,
        ended_on: None,
        todo_id: Some(TodoId(12)),
    };
    writer.load_firing(AccountId(40), &firing).expect("firing");
    // Ordered byte by byte on both engines: upper case before lower case.
    let other = Firing { rule: "Qbr".into(), occasion: "2026-Q3".into(), ..firing.clone() };
    writer.load_firing(AccountId(40), &other).expect("firing");
    for source in ["zendesk", "Salesforce"] {
        writer.set_account_source(source, "3601", AccountId(40)).expect("source");
    }
    writer.ids_after_restore().expect("ids");
    writer.commit().expect("references hold at commit");
    let contacts = store.contacts(AccountId(40)).expect("contacts");
    assert_eq!(contacts[0].reports_to, Some(crate::domain::ContactId(9)), "{engine}");
    assert_eq!(store.firings_of(AccountId(40)).expect("firings"), [other, firing], "{engine}");
    let sources: Vec<String> =
        store.sources_of(AccountId(40)).expect("sources").into_iter().map(|s| s.source).collect();
    assert_eq!(sources, ["Salesforce", "zendesk"], "{engine}");
    assert_eq!(
        store.restore_refusal().expect("read").as_deref(),
        Some("1 account, 1 todo"),
        "{engine}"
    );
    // The ids handed out next come after the restored ones.
    let writer = store.writer().expect("writer");
    let next = writer.insert_account(&Account::named("A-41", "Next")).expect("next");
    writer.commit().expect("commit");
    assert!(next.0 > 40, "{engine}: {next:?}");
}

/// On a server whose databases compare text by language (here ICU's root collation, where
/// "qbr" sorts before "Qbr"), the book's text still orders byte by byte, as on SQLite: its
/// columns say so themselves.
#[test]
fn text_orders_byte_by_byte_whatever_the_server_s_collation() {
    let Some(db) = crate::test_support::postgres::database("icu_collation") else {
        return;
    };
    let name = format!("{}_icu", db.name());
    db.connect()
        .batch_execute(&format!(
            "CREATE DATABASE \"{name}\" TEMPLATE template0 LOCALE_PROVIDER icu \
             ICU_LOCALE 'und' LOCALE 'C.UTF-8'"
        ))
        .expect("a database that orders by language");
    let mut client = db.config().dbname(&name).connect(::postgres::NoTls).expect("connect");
    let rows = client
        .query("SELECT w FROM (VALUES ('qbr'), ('Qbr')) v(w) ORDER BY w", &[])
        .expect("order");
    let ordered: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
    assert_eq!(ordered, ["qbr", "Qbr"], "the database's own order");
    drop(client);
    // Set up and opened as csm does it.
    let url = format!("postgres://postgres@127.0.0.1:{}/{name}", db.port());
    let url = crate::store::ServerUrl::parse(&url).expect("url");
    crate::store::init_schema(&url).expect("schema");
    let mut store = Store::connect_to(&url).expect("store");
    let writer = store.writer().expect("writer");
    writer.load_account(&Account { id: AccountId(1), ..Account::named("A", "A") }).expect("a");
    let day: NaiveDate = "2026-11-02".parse().expect("date");
    for rule in ["qbr", "Qbr"] {
        let firing = Firing {
            rule: rule.into(),
            occasion: "x".into(),
            fired_on: day,
            ended_on: None,
            todo_id: None,
        };
        writer.load_firing(AccountId(1), &firing).expect("firing");
    }
    writer.commit().expect("commit");
    let rules: Vec<String> =
        store.firings_of(AccountId(1)).expect("firings").into_iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["Qbr", "qbr"], "byte order, as SQLite's");
}

/// Every text column of the server's book, those of later migrations too, compares byte by
/// byte: a column left to the database's collation would order differently there. (The
/// migrations' own history is not the book's: csm never orders it.)
#[test]
fn every_text_column_on_the_server_is_in_byte_order() {
    let Some(db) = crate::test_support::postgres::book("text_collation") else {
        return;
    };
    let rows = db
        .connect()
        .query(
            "SELECT table_name::text || '.' || column_name::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND data_type = 'text' \
             AND table_name <> 'csm_schema_history' \
             AND collation_name IS DISTINCT FROM 'C' ORDER BY 1",
            &[],
        )
        .expect("columns");
    let loose: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
    assert!(loose.is_empty(), "text columns without COLLATE \"C\": {loose:?}");
}
