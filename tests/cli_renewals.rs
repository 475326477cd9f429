//! `csm renewal record` and `csm renewals` on the real binary over a small demo book: a
//! recording says in one line what it did, stores the record and moves the account's ARR and
//! renewal date (a churn clears the date and marks the stage); each refusal exits 1 with one
//! line naming the field and leaves the store as it was; the list is the history known at the
//! as-of date, JSON named as SPEC 12 names it.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/binary.rs"]
mod binary;

use std::path::Path;

use binary::{AS_OF, csm, ok_on_book as ok, on_book as cmd, own_demo_book as book, run, text};
use csm::domain::{Account, RecordSource, RenewalOutcome};
use csm::store::Store;
use serde_json::Value;

fn day(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

fn store(db: &Path) -> Store {
    Store::open_to_read(db).unwrap()
}

/// The demo account with a renewal date and ARR, the largest.
fn renewing(db: &Path) -> Account {
    let accounts = store(db).accounts().unwrap();
    accounts.into_iter().filter(|a| a.renewal_date.is_some()).max_by_key(|a| a.arr_cents).unwrap()
}

/// Everything a recording could write: the accounts and the stored records.
fn written(db: &Path) -> String {
    let store = store(db);
    format!("{:?}{:?}", store.accounts().unwrap(), store.renewal_records().unwrap())
}

#[test]
fn a_renewal_is_recorded_and_moves_the_accounts_arr_and_date() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let before = renewing(db);
    let due = before.renewal_date.unwrap();
    let out = ok(
        dir,
        db,
        &[
            "renewal",
            "record",
            &before.external_id,
            "--outcome",
            "Renewed",
            "--arr",
            "$1,234,567.89",
            "--closed-on",
            "2026-11-20",
            "--note",
            "two-year term",
        ],
    );
    let next = due.checked_add_months(chrono::Months::new(12)).unwrap();
    assert_eq!(
        out,
        format!(
            "recorded {}'s renewal due {due}: renewed on 2026-11-20 at $1,234,567.89 (was {}), \
             next renewal {next}, note “two-year term”\n",
            before.name,
            csm::format::money(before.arr_cents, "USD")
        )
    );
    let after = store(db).account(before.id).unwrap().unwrap();
    assert_eq!((after.arr_cents, after.renewal_date), (123_456_789, Some(next)));
    assert_eq!(after.lifecycle_stage, before.lifecycle_stage);
    // The demo's own history has earlier records of the account: the one due then is new.
    let records = store(db).renewal_records().unwrap();
    let records: Vec<_> =
        records.iter().filter(|r| r.account_id == before.id && r.due == due).collect();
    assert_eq!(records.len(), 1);
    let r = records[0];
    assert_eq!((r.account_id, r.due, r.closed_on), (before.id, due, day("2026-11-20")));
    assert_eq!(
        (r.outcome, r.arr_before, r.arr_after),
        (RenewalOutcome::Renewed, before.arr_cents, 123_456_789)
    );
    assert_eq!((r.note.as_deref(), r.source), (Some("two-year term"), RecordSource::Recorded));

    // The list's JSON carries it, named as SPEC 12 names a record.
    let listed: Value = serde_json::from_str(&ok(dir, db, &["renewals", "--json"])).unwrap();
    let this = |e: &&Value| e["account_id"] == before.id.0 && e["due"] == due.to_string().as_str();
    let entry = listed.as_array().unwrap().iter().find(this).unwrap().clone();
    let expected = serde_json::json!({
        "account_id": before.id.0, "due": due.to_string(), "closed_on": "2026-11-20",
        "outcome": "renewed", "arr_before": before.arr_cents, "arr_after": 123_456_789,
        "note": "two-year term", "source": "recorded"
    });
    assert_eq!(entry, expected);
    // The same renewal cannot be recorded twice.
    let again = cmd(
        dir,
        db,
        &[
            "renewal",
            "record",
            &before.external_id,
            "--outcome",
            "renewed",
            "--arr",
            "1",
            "--due",
            &due.to_string(),
        ],
    )
    .output()
    .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("is recorded already"), "{}", text(&again.stderr));
}

#[test]
fn a_churn_clears_the_renewal_date_and_marks_the_stage() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let before = renewing(db);
    let out = ok(dir, db, &["renewal", "record", &before.name, "--outcome", "churned"]);
    assert!(out.starts_with(&format!("recorded {}'s renewal due", before.name)), "{out}");
    assert!(out.contains(&format!("churned on {AS_OF}")), "{out}");
    let after = store(db).account(before.id).unwrap().unwrap();
    assert_eq!((after.arr_cents, after.renewal_date), (0, None));
    assert_eq!(after.lifecycle_stage.as_deref(), Some("churned"));
    let records = store(db).renewal_records().unwrap();
    let last = records.iter().rfind(|r| r.account_id == before.id).unwrap();
    assert_eq!((last.outcome, last.arr_after), (RenewalOutcome::Churned, 0));
    let listed = ok(dir, db, &["renewals"]);
    assert!(listed.lines().any(|l| l.contains("churned") && l.contains("recorded")), "{listed}");
}

/// Each bad value is refused with the field it is in, exit 1, and nothing written.
#[test]
fn bad_values_are_refused_naming_the_field_and_write_nothing() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let account = renewing(db);
    let id = account.external_id.as_str();
    let before = written(db);
    let cases: &[(&[&str], &str)] = &[
        (&["--outcome", "contracted", "--arr", "5"], "outcome: unknown outcome \"contracted\""),
        (&["--outcome", "renewed", "--arr", "-5"], "arr: “-5” is below 0"),
        (&["--outcome", "renewed", "--arr", "lots"], "arr: “lots” is not an amount"),
        (&["--outcome", "renewed"], "arr: give the ARR after the renewal"),
        (&["--outcome", "churned", "--arr", "5"], "new ARR: a churned account keeps no ARR"),
        (&["--outcome", "renewed", "--arr", "5", "--due", "soon"], "due: “soon” is not a day"),
        (
            &["--outcome", "renewed", "--arr", "5", "--closed-on", "2026-12-01"],
            "closed on: 2026-12-01 is after today",
        ),
        (
            &["--outcome", "churned", "--next", "2030-01-01"],
            "next renewal: 2030-01-01: a churned account has no next renewal",
        ),
        (
            &["--outcome", "renewed", "--arr", "5", "--due", "2027-01-01", "--next", "2026-12-31"],
            "next renewal: 2026-12-31 is not after the renewal it closes (2027-01-01)",
        ),
    ];
    for (flags, refusal) in cases {
        let mut args = vec!["renewal", "record", id];
        args.extend_from_slice(flags);
        let output = cmd(dir, db, &args).output().unwrap();
        let said = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{flags:?}: {said}");
        assert!(said.starts_with(&format!("csm: {refusal}")), "{flags:?}: {said}");
        assert_eq!(said.lines().count(), 1, "{said}");
        assert!(output.stdout.is_empty());
    }
    let unknown = cmd(dir, db, &["renewal", "record", "Nobody Inc", "--outcome", "churned"]);
    let output = { unknown }.output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).starts_with("csm: account: no account matches"));
    // An outcome is required: a usage error.
    let output = cmd(dir, db, &["renewal", "record", id, "--arr", "5"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(written(db), before);
}

#[test]
fn an_account_without_a_renewal_date_needs_the_due_it_closes() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let account = renewing(db);
    ok(dir, db, &["account", "set", &account.external_id, "--renewal-date", ""]);
    let output = cmd(
        dir,
        db,
        &["renewal", "record", &account.external_id, "--outcome", "renewed", "--arr", "5"],
    )
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("has no renewal date: give the one it closes (--due D)"));
    let out = ok(
        dir,
        db,
        &[
            "renewal",
            "record",
            &account.external_id,
            "--outcome",
            "renewed",
            "--arr",
            "5",
            "--due",
            "2026-10-31",
            "--next",
            "2027-12-31",
        ],
    );
    assert!(out.contains("due 2026-10-31") && out.contains("next renewal 2027-12-31"), "{out}");
}

/// The list knows only what closed by the as-of date.
#[test]
fn the_list_is_the_history_known_at_the_as_of_date() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let account = renewing(db);
    ok(
        dir,
        db,
        &[
            "renewal",
            "record",
            &account.external_id,
            "--outcome",
            "renewed",
            "--arr",
            "5",
            "--closed-on",
            "2026-11-01",
        ],
    );
    let known = |as_of: &str| -> usize {
        let out =
            run(csm(dir).args(["--as-of", as_of, "--db"]).arg(db).args(["renewals", "--json"]));
        let listed: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
        // The demo's history has recorded renewals of its own: only this one counts.
        let due = account.renewal_date.unwrap().to_string();
        let this = |e: &&Value| e["account_id"] == account.id.0 && e["due"] == due.as_str();
        listed.as_array().unwrap().iter().filter(this).count()
    };
    assert_eq!(known("2026-10-31"), 0);
    assert_eq!(known("2026-11-01"), 1);
}

/// A churned account leaves the active book at the as-of date of its churn's close: the list,
/// the report's accounts and totals; `accounts --churned` lists it, `account` still shows it,
/// and a report of an earlier date includes it.
#[test]
fn a_churned_account_leaves_the_active_book_from_its_close_and_stays_findable() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let account = renewing(db);
    let report = |as_of: &str| -> Value {
        let out = run(csm(dir).args(["--as-of", as_of, "--db"]).arg(db).args(["report", "--json"]));
        serde_json::from_str(&text(&out.stdout)).unwrap()
    };
    let before = report(AS_OF);
    let churned_ids = || -> Vec<i64> {
        let churned: Value =
            serde_json::from_str(&ok(dir, db, &["accounts", "--churned", "--json"])).unwrap();
        churned.as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()).collect()
    };
    // The demo's former customers are churned already.
    let mut formers = churned_ids();
    let count = before["book"]["accounts"].as_i64().unwrap();
    let arr = before["book"]["arr_cents"].as_i64().unwrap();
    ok(
        dir,
        db,
        &[
            "renewal",
            "record",
            &account.external_id,
            "--outcome",
            "churned",
            "--closed-on",
            "2026-11-10",
        ],
    );

    let after = report(AS_OF);
    assert_eq!(after["book"]["accounts"].as_i64().unwrap(), count - 1);
    // Its ARR was set to 0 by the recording: the total loses what it had.
    assert_eq!(after["book"]["arr_cents"].as_i64().unwrap(), arr - account.arr_cents);
    let ids = |report: &Value| -> Vec<i64> {
        report["accounts"].as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()).collect()
    };
    assert!(!ids(&after).contains(&account.id.0));
    // A report of a day before the churn closed still counts it.
    assert!(ids(&report("2026-11-09")).contains(&account.id.0));

    let listed: Value = serde_json::from_str(&ok(dir, db, &["accounts", "--json"])).unwrap();
    let listed_ids: Vec<i64> =
        listed.as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()).collect();
    assert!(!listed_ids.contains(&account.id.0));
    assert_eq!(listed_ids.len() as i64, count - 1);
    let mut churned = churned_ids();
    churned.sort_unstable();
    formers.push(account.id.0);
    formers.sort_unstable();
    assert_eq!(churned, formers);
    let shown = ok(dir, db, &["account", &account.external_id]);
    assert!(shown.starts_with(&account.name), "{shown}");
}

/// An imported churn leaves the account's renewal date as the CRM has it, but the calendar has
/// no renewal for an account that churned.
#[test]
fn the_calendar_leaves_out_the_renewal_of_a_churned_account() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let account = renewing(db);
    let uid = format!("renewal-{}@csm", account.external_id);
    assert!(ok(dir, db, &["calendar"]).contains(&uid));
    let file = dir.join("renewals.csv");
    let row = format!(
        "account,due,closed_on,outcome\n{},2026-11-01,2026-11-01,churned\n",
        account.external_id
    );
    std::fs::write(&file, row).unwrap();
    run(&mut cmd(dir, db, &["import", "renewals", file.to_str().unwrap(), "--no-playbooks"]));
    assert_eq!(store(db).account(account.id).unwrap().unwrap().renewal_date, account.renewal_date);
    assert!(!ok(dir, db, &["calendar"]).contains(&uid));
}
