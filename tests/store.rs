//! Store round-trips on in-memory and file databases: what is written is what is read back.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use chrono::NaiveDate;
use csm::domain::{
    Account, AccountId, Advocacy, Contact, ContactId, FeatureDay, Goal, GoalId, GoalStatus,
    Interaction, InteractionId, InteractionKind, Milestone, MilestoneId, NpsId, NpsResponse,
    Opportunity, OpportunityId, OpportunityKind, OpportunityStatus, Priority, Rating, Role,
    Segment, Ticket, TicketId, Todo, TodoId, TodoStatus, UsageDay,
};
use csm::domain::{FactsRequest, FeatureFacts, UsageFacts, Window};
use csm::store::{LATEST_VERSION, Store};

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn account(external_id: &str, name: &str) -> Account {
    Account {
        id: AccountId(0),
        external_id: external_id.into(),
        name: name.into(),
        domain: Some("northwind.example".into()),
        segment: Some(Segment::MidMarket),
        industry: Some("Logistics".into()),
        region: Some("EMEA".into()),
        owner: Some("Dana Reyes".into()),
        arr_cents: 9_600_000,
        seats_licensed: Some(120),
        contract_start: Some(date("2024-01-15")),
        renewal_date: Some(date("2027-01-15")),
        lifecycle_stage: Some("adoption".into()),
        advocacy: Some(Advocacy::Advocate),
        version: 0,
    }
}

fn contact(account: AccountId, name: &str, role: Role) -> Contact {
    Contact {
        id: ContactId(0),
        account_id: account,
        external_id: None,
        name: name.into(),
        title: Some("VP Operations".into()),
        email: Some(format!("{}@northwind.example", name.to_lowercase())),
        role,
        influence: Some(5),
        sentiment: Some(-2),
        reports_to: None,
        last_engaged: Some(date("2026-11-01")),
        left_on: None,
        version: 0,
    }
}

#[test]
fn a_fresh_store_reaches_the_latest_migration() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    assert_eq!(store.account_count().unwrap(), 0);
}

#[test]
fn every_entity_round_trips() {
    let mut store = Store::open_in_memory().unwrap();
    let w = store.writer().unwrap();
    let id = w.insert_account(&account("0015g00000AbCdEAAV", "Société Générale d'Essai")).unwrap();
    let boss = w.insert_contact(&contact(id, "Ada", Role::ExecutiveSponsor)).unwrap();
    let champ = w.insert_contact(&contact(id, "Cy", Role::Champion)).unwrap();
    w.set_reports_to(champ, Some(boss)).unwrap();
    let usage = [
        UsageDay { date: date("2026-11-01"), active_users: 40, events: Some(900) },
        UsageDay { date: date("2026-11-02"), active_users: 0, events: None },
    ];
    w.upsert_usage(id, &usage).unwrap();
    let dashboards = w.feature(" Dashboards ").unwrap();
    assert_eq!(w.feature("DASHBOARDS").unwrap(), dashboards, "names fold");
    let unused = w.feature("Never used").unwrap();
    let features = [
        FeatureDay { date: date("2026-10-30"), feature: dashboards, events: Some(3) },
        FeatureDay { date: date("2026-11-02"), feature: dashboards, events: None },
    ];
    w.upsert_feature_usage(id, &features).unwrap();
    let ticket = Ticket {
        id: TicketId(0),
        account_id: id,
        external_id: Some("ZD-1".into()),
        opened: date("2026-11-03"),
        closed: None,
        priority: Priority::Urgent,
        rating: Some(Rating::Percent(85.0)),
        status: Some("open".into()),
        subject: Some("Export fails".into()),
    };
    w.insert_ticket(&ticket).unwrap();
    let nps = NpsResponse {
        id: NpsId(0),
        account_id: id,
        email: Some("ada@northwind.example".into()),
        score: 4,
        date: date("2026-10-10"),
        comment: Some("Slow \"exports\"".into()),
    };
    w.insert_nps(&nps).unwrap();
    let meeting = Interaction {
        id: InteractionId(0),
        account_id: id,
        external_id: None,
        date: date("2026-11-04"),
        kind: InteractionKind::Qbr,
        summary: Some("Q4 review".into()),
        body: Some("Line one\nLine two".into()),
        contacts: vec![boss, champ],
        version: 0,
    };
    w.insert_interaction(&meeting).unwrap();
    let todo = Todo {
        id: TodoId(0),
        account_id: Some(id),
        title: "Send the renewal proposal".into(),
        notes: None,
        due: Some(date("2026-11-20")),
        priority: Priority::High,
        status: TodoStatus::Open,
        snoozed_until: None,
        rule: Some("renewal_60".into()),
        created_on: date("2026-11-01"),
        completed_on: None,
        version: 0,
    };
    w.insert_todo(&todo).unwrap();
    let opportunity = Opportunity {
        id: OpportunityId(0),
        account_id: id,
        external_id: Some("006A".into()),
        name: Some("Renewal 2027".into()),
        kind: OpportunityKind::Renewal,
        amount_cents: Some(9_600_000),
        stage: Some("Negotiation".into()),
        close_date: Some(date("2027-01-15")),
        probability: Some(70.0),
        status: OpportunityStatus::Open,
        version: 0,
    };
    w.insert_opportunity(&opportunity).unwrap();
    let milestone = Milestone {
        id: MilestoneId(0),
        account_id: id,
        name: "Foundation".into(),
        target_date: Some(date("2026-12-01")),
        completed_on: None,
        skipped_on: Some(date("2026-11-30")),
        version: 0,
    };
    w.insert_milestone(&milestone).unwrap();
    let goal = Goal {
        id: GoalId(0),
        account_id: id,
        objective: "Cut onboarding time by half".into(),
        metric: Some("days to first shipment".into()),
        target: Some("14".into()),
        status: GoalStatus::Met,
        due: None,
        met_on: Some(date("2026-10-01")),
        version: 0,
    };
    w.insert_goal(&goal).unwrap();
    w.commit().unwrap();

    let mut expected = account("0015g00000AbCdEAAV", "Société Générale d'Essai");
    expected.id = id;
    assert_eq!(store.account(id).unwrap(), Some(expected.clone()));
    assert_eq!(store.accounts().unwrap(), vec![expected]);
    let contacts = store.contacts(id).unwrap();
    assert_eq!(contacts.len(), 2);
    assert_eq!(contacts[1].reports_to, Some(boss));
    assert_eq!((contacts[0].influence, contacts[0].sentiment), (Some(5), Some(-2)));
    assert_eq!(store.usage(id, date("2026-11-01"), date("2026-11-30")).unwrap(), usage);
    assert_eq!(store.usage(id, date("2026-11-02"), date("2026-11-30")).unwrap(), usage[1..]);
    assert_eq!(store.feature_usage(id, date("2026-10-01"), date("2026-11-30")).unwrap(), features);
    let catalog = store.feature_catalog().unwrap();
    assert_eq!(catalog.features.len(), 2);
    assert_eq!(catalog.features[0].name, "Dashboards");
    assert_eq!(catalog.features[0].key, "dashboards");
    // A feature is seen from its earliest usage row, and not at all without one (SPEC 4.1:
    // key features are those that appear in feature-usage rows dated on or before D).
    assert_eq!(catalog.features[0].first_seen, Some(date("2026-10-30")));
    assert_eq!((catalog.features[1].id, catalog.features[1].first_seen), (unused, None));
    let stored = |mut t: Ticket, i| {
        t.id = TicketId(i);
        t
    };
    assert_eq!(store.tickets(id).unwrap(), vec![stored(ticket, 1)]);
    assert_eq!(store.nps_responses(id).unwrap(), vec![NpsResponse { id: NpsId(1), ..nps }]);
    assert_eq!(
        store.interactions(id).unwrap(),
        vec![Interaction { id: InteractionId(1), ..meeting }]
    );
    assert_eq!(store.todos(id).unwrap(), vec![Todo { id: TodoId(1), ..todo }]);
    assert_eq!(
        store.opportunities(id).unwrap(),
        vec![Opportunity { id: OpportunityId(1), ..opportunity }]
    );
    assert_eq!(store.milestones(id).unwrap(), vec![Milestone { id: MilestoneId(1), ..milestone }]);
    assert_eq!(store.goals(id).unwrap(), vec![Goal { id: GoalId(1), ..goal }]);
}

#[test]
fn a_writer_dropped_without_commit_writes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    {
        let w = store.writer().unwrap();
        w.insert_account(&account("A-1", "Acme")).unwrap();
    }
    assert_eq!(store.account_count().unwrap(), 0);
}

#[test]
fn the_schema_refuses_values_outside_the_vocabulary() {
    let mut store = Store::open_in_memory().unwrap();
    let w = store.writer().unwrap();
    let id = w.insert_account(&account("A-1", "Acme")).unwrap();
    assert!(w.insert_account(&account("A-1", "Acme again")).is_err(), "external ids are unique");
    let mut bad = contact(id, "Zed", Role::Other);
    bad.influence = Some(9);
    assert!(w.insert_contact(&bad).is_err(), "influence is 1-5");
    let orphan = contact(AccountId(999), "Orphan", Role::Other);
    assert!(w.insert_contact(&orphan).is_err(), "foreign keys are on");
}

fn request(as_of: &str, windows: &[(&str, &str)], from: &str) -> FactsRequest {
    FactsRequest {
        as_of: date(as_of),
        windows: windows.iter().map(|(s, e)| Window { start: date(s), end: date(e) }).collect(),
        touches_from: date(from),
        tickets_from: date(from),
        open_tickets_from: date(from),
        nps_from: date(from),
    }
}

#[test]
fn book_facts_sum_usage_over_the_requested_windows_only() {
    let mut store = Store::open_in_memory().unwrap();
    let w = store.writer().unwrap();
    let a = w.insert_account(&account("A-1", "Acme")).unwrap();
    let b = w.insert_account(&account("B-2", "Bolt")).unwrap();
    w.insert_account(&account("C-3", "Cove")).unwrap();
    // A: 11-01..=11-30, day n has n users. B: 11-01..=11-03 only.
    let days: Vec<UsageDay> = (1..=30)
        .map(|n| UsageDay {
            date: date("2026-10-31") + chrono::Days::new(n),
            active_users: i64::try_from(n).unwrap(),
            events: None,
        })
        .collect();
    w.upsert_usage(a, &days).unwrap();
    w.upsert_usage(b, &days[..3]).unwrap();
    let f1 = w.feature("Reports").unwrap();
    let f2 = w.feature("Alerts").unwrap();
    let feature_days = [
        FeatureDay { date: date("2026-11-21"), feature: f2, events: Some(2) },
        FeatureDay { date: date("2026-11-22"), feature: f1, events: Some(0) },
        FeatureDay { date: date("2026-11-23"), feature: f1, events: None },
        FeatureDay { date: date("2026-11-02"), feature: f1, events: Some(1) },
    ];
    w.upsert_feature_usage(a, &feature_days).unwrap();
    let mut late = contact(a, "Ada", Role::Champion);
    late.left_on = Some(date("2026-12-01"));
    w.insert_contact(&late).unwrap();
    let touch = |day: &str| Interaction {
        id: InteractionId(0),
        account_id: b,
        external_id: None,
        date: date(day),
        kind: InteractionKind::Note,
        summary: None,
        body: None,
        contacts: vec![],
        version: 0,
    };
    w.insert_interaction(&touch("2026-11-10")).unwrap();
    w.insert_interaction(&touch("2026-11-25")).unwrap();
    w.insert_interaction(&touch("2026-08-01")).unwrap();
    w.commit().unwrap();

    let req = request(
        "2026-11-24",
        &[("2026-11-20", "2026-11-24"), ("2026-10-01", "2026-11-02")],
        "2026-09-01",
    );
    let facts = store.book_facts(&req).unwrap();
    assert_eq!(facts.accounts.len(), 3);
    let (fa, fb, fc) = (&facts.accounts[0], &facts.accounts[1], &facts.accounts[2]);
    // A: 20 + 21 + 22 + 23 + 24 = 110 over 11-20..=11-24; 1 + 2 = 3 over 10-01..=11-02.
    assert_eq!(fa.usage.sum(req.windows[0]), Some(110));
    assert_eq!(fa.usage.sum(req.windows[1]), Some(3));
    assert_eq!(fa.usage.first, Some(date("2026-11-01")));
    assert_eq!(fa.contacts.len(), 1);
    // A's features in 11-20..=11-24: Alerts (2 events) and Reports (a row without a value);
    // the 0-event row does not count. In 10-01..=11-02: Reports.
    assert!(fa.features.used_in(req.windows[0], f1) && fa.features.used_in(req.windows[0], f2));
    assert!(fa.features.used_in(req.windows[1], f1) && !fa.features.used_in(req.windows[1], f2));
    assert_eq!(fa.features.first, Some(date("2026-11-02")));
    // B: nothing in the first window (a real zero); 1 + 2 = 3 in the second (11-03 is after it).
    assert_eq!(fb.usage.sum(req.windows[0]), Some(0));
    assert_eq!(fb.usage.sum(req.windows[1]), Some(3));
    // C: no usage at all.
    assert_eq!((fc.usage.first, fc.usage.sum(req.windows[0])), (None, Some(0)));
    // B's touches: 11-10 only (11-25 is after as-of, 08-01 before the request).
    assert_eq!(fb.touches.len(), 1);
    assert_eq!(fb.touches[0].date, date("2026-11-10"));
}

#[test]
fn book_facts_bring_each_touch_once_with_its_participants_in_order() {
    let mut store = Store::open_in_memory().unwrap();
    let w = store.writer().unwrap();
    let a = w.insert_account(&account("A-1", "Acme")).unwrap();
    let ada = w.insert_contact(&contact(a, "Ada", Role::Champion)).unwrap();
    let bob = w.insert_contact(&contact(a, "Bob", Role::EndUser)).unwrap();
    let touch = |day: &str, contacts: Vec<ContactId>| Interaction {
        id: InteractionId(0),
        account_id: a,
        external_id: None,
        date: date(day),
        kind: InteractionKind::Meeting,
        summary: None,
        body: None,
        contacts,
        version: 0,
    };
    w.insert_interaction(&touch("2026-11-10", vec![bob, ada])).unwrap();
    w.insert_interaction(&touch("2026-11-10", vec![])).unwrap();
    w.insert_interaction(&touch("2026-11-12", vec![bob])).unwrap();
    w.commit().unwrap();
    let facts = store.book_facts(&request("2026-11-24", &[], "2026-09-01")).unwrap();
    let touches: Vec<(String, Vec<ContactId>)> = facts.accounts[0]
        .touches
        .iter()
        .map(|t| (t.date.to_string(), t.contacts.clone()))
        .collect();
    assert_eq!(
        touches,
        [
            ("2026-11-10".to_owned(), vec![ada, bob]),
            ("2026-11-10".to_owned(), vec![]),
            ("2026-11-12".to_owned(), vec![bob]),
        ]
    );
}

#[test]
fn book_facts_agree_with_summing_the_daily_rows() {
    // On the demo book, SQLite's window sums equal the same sums over the daily rows.
    let mut store = Store::open_in_memory().unwrap();
    let as_of = date("2026-11-24");
    csm::demo::generate(
        &mut store,
        &csm::demo::DemoOptions { accounts: 60, seed: 11, as_of, years: 3 },
    )
    .unwrap();
    let config = csm::config::Config::default();
    let req =
        csm::scoring::facts_request(as_of, &config.scoring, csm::scoring::Depth::WithSparkline);
    let facts = store.book_facts(&req).unwrap();
    let (lo, hi) = (req.windows[0].start, as_of);
    for account in &facts.accounts {
        let id = account.account.id;
        let usage = UsageFacts::from_days(&store.usage(id, lo, hi).unwrap(), &req.windows);
        assert_eq!(account.usage.sums, usage.sums, "{}", account.account.name);
        let all = store.usage(id, date("1900-01-01"), date("2999-12-31")).unwrap();
        assert_eq!(account.usage.first, all.first().map(|d| d.date));
        let features =
            FeatureFacts::from_days(&store.feature_usage(id, lo, hi).unwrap(), &req.windows);
        assert_eq!(account.features.used, features.used, "{}", account.account.name);
    }
}

#[cfg(unix)]
#[test]
fn a_new_store_file_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("book.db");
    let store = Store::create(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let dir_mode = std::fs::metadata(path.parent().unwrap()).unwrap().permissions().mode() & 0o777;
    assert_eq!(dir_mode, 0o700);
    drop(store);
    // Reopening an existing store keeps its data and version.
    assert_eq!(Store::open(&path).unwrap().schema_version().unwrap(), LATEST_VERSION);
}

#[test]
fn a_file_that_is_not_a_store_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "this is not sqlite, just some text that is long enough to matter")
        .unwrap();
    let err = Store::open(&path).unwrap_err().to_string();
    assert!(err.contains("notes.txt"), "{err}");
}

/// SQLite would turn a missing, empty or one-byte file into a new empty book, and a lost book
/// would then read as an intact empty one: only `create` makes a book, and it never replaces a
/// file.
#[test]
fn only_create_makes_a_book_and_never_over_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    assert!(Store::open(&missing).unwrap_err().to_string().starts_with("no book at"));
    assert!(Store::open_to_read(&missing).is_err());
    assert!(!missing.exists(), "opening a missing book created it");
    for (name, bytes) in [("empty.db", &b""[..]), ("one.db", b"S")] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let err = Store::open(&path).unwrap_err().to_string();
        assert!(err.contains("not a csm book"), "{err}");
        assert!(Store::open_to_read(&path).unwrap_err().to_string().contains("not a csm book"));
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} was changed");
        assert!(Store::create(&path).is_err(), "create replaced {name}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} was changed");
    }
    let created = dir.path().join("new.db");
    drop(Store::create(&created).unwrap());
    assert_eq!(Store::open(&created).unwrap().schema_version().unwrap(), LATEST_VERSION);
}

fn open_todo(account: AccountId, title: &str) -> Todo {
    Todo {
        id: TodoId(0),
        account_id: Some(account),
        title: title.into(),
        notes: None,
        due: Some(date("2026-12-01")),
        priority: Priority::Normal,
        status: TodoStatus::Open,
        snoozed_until: None,
        rule: None,
        created_on: date("2026-11-20"),
        completed_on: None,
        version: 0,
    }
}

fn revision(store: &Store, id: AccountId) -> i64 {
    store.account_revision(id).unwrap().unwrap()
}

#[test]
fn edits_check_the_version_they_were_made_on() {
    use csm::store::{Conflict, StoreError};
    let mut store = Store::open_in_memory().unwrap();
    let w = store.writer().unwrap();
    let id = w.insert_account(&account("A-1", "Northwind")).unwrap();
    let todo_id = w.insert_todo(&open_todo(id, "Call Ana")).unwrap();
    let contact_id = w.insert_contact(&contact(id, "Ana", Role::Champion)).unwrap();
    w.commit().unwrap();
    let read = store.todos(id).unwrap().remove(0);
    assert_eq!(read.version, 0);
    let before = revision(&store, id);

    // An edit on the version read goes through and moves the version and the account's revision.
    let w = store.writer().unwrap();
    let edited = Todo { title: "Call Ana today".into(), ..read.clone() };
    assert_eq!(w.update_todo(&edited).unwrap(), 1);
    w.commit().unwrap();
    let stored = store.todos(id).unwrap().remove(0);
    assert_eq!((stored.title.as_str(), stored.version), ("Call Ana today", 1));
    assert_eq!(revision(&store, id), before + 1, "the cached score is invalidated");

    // An edit on the old version is refused and changes nothing.
    let w = store.writer().unwrap();
    let stale = Todo { title: "Stale".into(), ..read.clone() };
    let err = w.update_todo(&stale).unwrap_err();
    assert!(matches!(err, StoreError::Conflict(Conflict::Changed("todo"))), "{err}");
    assert_eq!(err.to_string(), "the todo was changed elsewhere since it was read");
    assert!(matches!(
        w.delete_todo(todo_id, 0).unwrap_err(),
        StoreError::Conflict(Conflict::Changed("todo"))
    ));
    drop(w);
    assert_eq!(store.todos(id).unwrap()[0].title, "Call Ana today");

    // Deleting on the current version, then restoring puts back the same record.
    let w = store.writer().unwrap();
    w.delete_todo(todo_id, 1).unwrap();
    assert!(matches!(
        w.update_todo(&stored).unwrap_err(),
        StoreError::Conflict(Conflict::Deleted("todo"))
    ));
    w.restore_todo(&stored).unwrap();
    assert!(matches!(
        w.restore_todo(&stored).unwrap_err(),
        StoreError::Conflict(Conflict::Exists("todo"))
    ));
    w.commit().unwrap();
    assert_eq!(store.todos(id).unwrap(), vec![stored]);

    // Contacts too.
    let ana = store.contacts(id).unwrap().remove(0);
    assert_eq!(ana.id, contact_id);
    let w = store.writer().unwrap();
    let left = Contact { left_on: Some(date("2026-11-24")), role: Role::Influencer, ..ana.clone() };
    assert_eq!(w.update_contact(&left).unwrap(), 1);
    assert!(matches!(
        w.update_contact(&ana).unwrap_err(),
        StoreError::Conflict(Conflict::Changed("contact"))
    ));
    w.commit().unwrap();
    let stored = store.contacts(id).unwrap().remove(0);
    assert_eq!(stored, Contact { version: 1, ..left });
}

#[test]
fn deleting_an_interaction_removes_it_and_invalidates_the_score() {
    use csm::store::{Conflict, StoreError};
    let mut store = Store::open_in_memory().unwrap();
    let w = store.writer().unwrap();
    let id = w.insert_account(&account("A-1", "Northwind")).unwrap();
    let ana = w.insert_contact(&contact(id, "Ana", Role::Champion)).unwrap();
    let meeting = Interaction {
        id: InteractionId(0),
        account_id: id,
        external_id: None,
        date: date("2026-11-24"),
        kind: InteractionKind::Meeting,
        summary: Some("Kick-off".into()),
        body: None,
        contacts: vec![ana],
        version: 0,
    };
    let meeting = w.insert_interaction(&meeting).unwrap();
    w.commit().unwrap();
    let before = revision(&store, id);
    let w = store.writer().unwrap();
    w.delete_interaction(meeting).unwrap();
    assert!(matches!(
        w.delete_interaction(meeting).unwrap_err(),
        StoreError::Conflict(Conflict::Deleted("interaction"))
    ));
    w.commit().unwrap();
    assert!(store.interactions(id).unwrap().is_empty());
    assert_eq!(revision(&store, id), before + 1);
}
