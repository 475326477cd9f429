//! The engine's SQL windows on both engines: one book, written the same way into a book on each,
//! gives the same facts and the same report, whichever engine holds it.

use chrono::NaiveDate;

use crate::book::ScoredBook;
use crate::config::Config;
use crate::demo::{DemoOptions, generate};
use crate::domain::RecordSource;
use crate::scoring::{Depth, facts_request};
use crate::store::{Store, testing};

const AS_OF: &str = "2026-11-24";

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

/// Writes every record of `from` into the empty book `to` under its id, through the writes a
/// restore uses (which run on both engines): accounts, the feature catalogue, contacts, a year
/// and more of daily usage and feature use, tickets, NPS answers, touches with their
/// participants, todos (the CSM's own too), opportunities, milestones, goals and renewals.
fn copy(from: &Store, to: &mut Store) {
    let writer = to.writer().expect("writer");
    writer.defer_references().expect("deferred");
    for feature in from.feature_catalog().expect("catalog").features {
        writer.load_feature(&feature).expect("feature");
    }
    for todo in from.book_todos().expect("the CSM's own todos") {
        writer.load_todo(&todo).expect("todo");
    }
    let (first, last) = (day("2000-01-01"), day("2100-01-01"));
    for account in from.accounts().expect("accounts") {
        let id = account.id;
        writer.load_account(&account).expect("account");
        for contact in from.contacts(id).expect("contacts") {
            writer.load_contact(&contact).expect("contact");
        }
        for usage in from.usage(id, first, last).expect("usage") {
            writer.load_usage_day(id, &usage).expect("usage day");
        }
        for used in from.feature_usage(id, first, last).expect("feature usage") {
            writer.load_feature_day(id, &used).expect("feature day");
        }
        for ticket in from.tickets(id).expect("tickets") {
            writer.load_ticket(&ticket).expect("ticket");
        }
        for nps in from.nps_responses(id).expect("nps") {
            writer.load_nps(&nps).expect("nps");
        }
        for touch in from.interactions(id).expect("interactions") {
            writer.load_interaction(&touch).expect("interaction");
        }
        for todo in from.todos(id).expect("todos") {
            writer.load_todo(&todo).expect("todo");
        }
        for opportunity in from.opportunities(id).expect("opportunities") {
            writer.load_opportunity(&opportunity).expect("opportunity");
        }
        for (position, milestone) in from.milestones(id).expect("milestones").iter().enumerate() {
            writer.load_milestone(milestone, position).expect("milestone");
        }
        for goal in from.goals(id).expect("goals") {
            writer.load_goal(&goal).expect("goal");
        }
        // The closed renewals say which accounts have churned.
        for r in from.renewal_records_of(id).expect("renewals") {
            if r.source != RecordSource::Opportunity {
                writer.put_renewal_record(&r).expect("renewal");
            }
        }
    }
    writer.ids_after_restore().expect("ids");
    writer.commit().expect("commit");
}

/// A demo book with a year of history, copied into a book on each engine, gives the same facts
/// (every window's sums, features, tickets, NPS, touches and their participants, contacts,
/// opportunities, todos) and the same report, byte for byte, on both, as the book it came from;
/// and the report read again from the score cache is the one just scored.
#[test]
fn a_book_gives_the_same_facts_and_report_on_both_engines() {
    let as_of = day(AS_OF);
    let mut source = Store::open_in_memory().expect("store");
    let options = DemoOptions { accounts: 16, seed: 7, as_of, years: 1 };
    generate(&mut source, &options).expect("demo");
    let config = Config::default();
    let request = facts_request(as_of, &config.scoring, Depth::WithSparkline);
    let expected = source.book_facts(&request).expect("facts");
    assert!(expected.accounts.iter().any(|f| !f.touches.is_empty()), "the demo has touches");
    assert!(expected.accounts.iter().any(|f| !f.tickets.is_empty()), "the demo has tickets");
    assert!(expected.accounts.iter().any(|f| !f.nps.is_empty()), "the demo has NPS answers");
    let report =
        crate::report::json(&ScoredBook::score_all(&source, &config, as_of).expect("score"));
    for (engine, mut store) in testing::stores("same_facts") {
        copy(&source, &mut store);
        let facts = store.book_facts(&request).expect("facts");
        assert_eq!(facts.catalog, expected.catalog, "{engine}: catalogue");
        for (got, want) in facts.accounts.iter().zip(&expected.accounts) {
            assert_eq!(got, want, "{engine}: account {}", want.account.id.0);
        }
        assert_eq!(facts.accounts.len(), expected.accounts.len(), "{engine}");
        // Each account's records read back as they were written, participants included.
        let accounts = store.accounts().expect("accounts");
        assert_eq!(accounts, source.accounts().expect("accounts"), "{engine}");
        let (first, last) = (day("2000-01-01"), day("2100-01-01"));
        for id in accounts.iter().map(|a| a.id) {
            let same = |what: &str, ours: String, theirs: String| {
                assert_eq!(ours, theirs, "{engine}: {what} of account {}", id.0);
            };
            let read = |store: &Store| {
                [
                    format!("{:?}", store.contacts(id).expect("contacts")),
                    format!("{:?}", store.usage(id, first, last).expect("usage")),
                    format!("{:?}", store.feature_usage(id, first, last).expect("features")),
                    format!("{:?}", store.tickets(id).expect("tickets")),
                    format!("{:?}", store.nps_responses(id).expect("nps")),
                    format!("{:?}", store.interactions(id).expect("interactions")),
                    format!("{:?}", store.todos(id).expect("todos")),
                    format!("{:?}", store.opportunities(id).expect("opportunities")),
                    format!("{:?}", store.milestones(id).expect("milestones")),
                    format!("{:?}", store.goals(id).expect("goals")),
                ]
            };
            let names = ["contacts", "usage", "feature use", "tickets", "nps", "touches"];
            let names = names.iter().chain(&["todos", "opportunities", "milestones", "goals"]);
            for ((what, ours), theirs) in names.zip(read(&store)).zip(read(&source)) {
                same(what, ours, theirs);
            }
        }
        assert_eq!(
            store.open_todos().expect("open"),
            source.open_todos().expect("open"),
            "{engine}"
        );
        // One account, a range and a scattered few read the same as the whole book.
        let one = store.account_facts(accounts[3].id, &request).expect("one");
        assert_eq!(one.as_ref(), expected.accounts.get(3), "{engine}: one account");
        let range = store.facts_of(accounts[2..6].to_vec(), &request).expect("range");
        assert_eq!(range, expected.accounts[2..6], "{engine}: a range");
        let few = vec![accounts[1].clone(), accounts[9].clone()];
        let among = store.facts_among(few, &request).expect("among");
        assert_eq!(among, [expected.accounts[1].clone(), expected.accounts[9].clone()], "{engine}");
        // Scored from the facts, then read back from the cache the first load wrote.
        let scored = ScoredBook::score_all(&store, &config, as_of).expect("score");
        assert_eq!(crate::report::json(&scored), report, "{engine}: report");
        let cold = ScoredBook::load(&mut store, &config, as_of).expect("cold");
        let warm = ScoredBook::load(&mut store, &config, as_of).expect("warm");
        assert_eq!(warm.rescored, 0, "{engine}: the cache holds every account");
        assert_eq!(crate::report::json(&cold), report, "{engine}: cold");
        assert_eq!(crate::report::json(&warm), report, "{engine}: warm");
    }
}

/// Two connections to one book: a file on SQLite, a database on the test server.
fn two_connections(label: &str) -> Vec<(&'static str, Store, Store, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("book.db");
    let first = Store::create(&path).expect("book");
    let second = Store::open(&path).expect("again");
    let mut pairs = vec![("sqlite", first, second, Some(dir))];
    if let Some(db) = crate::test_support::postgres::book(label) {
        let first = Store::over_postgres(db.connect()).expect("server");
        let second = Store::over_postgres(db.connect()).expect("server again");
        pairs.push(("postgres", first, second, None));
    }
    pairs
}

/// What a report reads inside one snapshot comes from one state of the book: a write another
/// connection commits meanwhile is not seen until the snapshot ends.
#[test]
fn a_snapshot_does_not_see_what_another_connection_commits_meanwhile() {
    for (engine, reader, mut writer, _dir) in two_connections("snapshot") {
        let as_of = day(AS_OF);
        let request = facts_request(as_of, &Config::default().scoring, Depth::Report);
        let write = |store: &mut Store, name: &str, users: i64| {
            let w = store.writer().expect("writer");
            let id = w.insert_account(&crate::domain::Account::named(name, name)).expect("a");
            let usage = crate::domain::UsageDay { date: as_of, active_users: users, events: None };
            w.load_usage_day(id, &usage).expect("usage");
            w.commit().expect("commit");
        };
        write(&mut writer, "A-1", 5);
        let usage_sums = |facts: &super::BookFacts| -> Vec<i64> {
            facts.accounts.iter().map(|f| f.usage.sums.iter().map(|(_, n)| n).sum()).collect()
        };
        let (before, during) = reader
            .snapshot(|store| {
                let before = store.book_facts(&request)?;
                write(&mut writer, "A-2", 7);
                let during = store.book_facts(&request)?;
                let cached = store.accounts_with_scores(as_of, "m", |_| Some(()))?;
                assert_eq!(cached.len(), 1, "{engine}: the cache read is in the snapshot too");
                Ok((before, during))
            })
            .expect("snapshot");
        assert_eq!(usage_sums(&before), [5], "{engine}");
        assert_eq!(during, before, "{engine}: the snapshot saw another connection's commit");
        let after = reader.book_facts(&request).expect("after");
        assert_eq!(usage_sums(&after), [5, 7], "{engine}: seen once the snapshot ended");
    }
}

/// The demo written straight into a book on each engine reports the same, byte for byte, cold
/// (scored from the facts) and warm (read from the cache the cold report wrote).
#[test]
fn the_demo_reports_the_same_on_both_engines() {
    let as_of = day(AS_OF);
    let options = DemoOptions { accounts: 24, seed: 3, as_of, years: 2 };
    let config = Config::default();
    let mut reports = Vec::new();
    for (engine, mut store) in testing::stores("demo_report") {
        generate(&mut store, &options).expect("demo");
        let cold =
            crate::report::json(&ScoredBook::load(&mut store, &config, as_of).expect("cold"));
        let warm = ScoredBook::load(&mut store, &config, as_of).expect("warm");
        assert_eq!(warm.rescored, 0, "{engine}: the cache holds every account");
        assert_eq!(crate::report::json(&warm), cold, "{engine}: warm");
        reports.push((engine, cold));
    }
    let (first, report) = &reports[0];
    for (engine, other) in &reports[1..] {
        assert_eq!(other, report, "{engine} against {first}");
    }
}
