//! `csm renewal call` on the real binary over a small demo book: a call is stored and prints
//! old → new in one line, `csm forecast` (text and JSON) shows it overriding the model, `model`
//! takes it back, and each refusal (a call out of range or not one, an unknown account, a stale
//! version, a churned account) exits 1 with one line naming the field and writes nothing.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/binary.rs"]
mod binary;

use std::path::Path;

use binary::{ok_on_book as ok, on_book as cmd, own_demo_book as book, text};
use csm::domain::Account;
use csm::store::Store;
use serde_json::Value;

fn store(db: &Path) -> Store {
    Store::open_to_read(db).unwrap()
}

/// The demo account with a renewal date and ARR, the largest.
fn renewing(db: &Path) -> Account {
    let accounts = store(db).accounts().unwrap();
    accounts.into_iter().filter(|a| a.renewal_date.is_some()).max_by_key(|a| a.arr_cents).unwrap()
}

/// The stored calls, as the store reads them.
fn calls(db: &Path) -> String {
    format!("{:?}", store(db).forecast_calls().unwrap())
}

/// The forecast's row of `account` over a year.
fn row(dir: &Path, db: &Path, account: &Account) -> Value {
    let json: Value =
        serde_json::from_str(&ok(dir, db, &["forecast", "--horizon", "400", "--json"])).unwrap();
    let rows = json["renewals"].as_array().unwrap();
    rows.iter().find(|r| r["account_id"] == account.id.0).cloned().unwrap()
}

/// Runs `args`, which must be refused: exit 1, one line on stderr starting `csm: {start}`.
fn refused(dir: &Path, db: &Path, args: &[&str], start: &str) -> String {
    let output = cmd(dir, db, args).output().unwrap();
    let said = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{args:?}: {said}");
    assert!(said.starts_with(&format!("csm: {start}")), "{args:?}: {said}");
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(output.stdout.is_empty());
    said
}

#[test]
fn a_call_is_stored_shown_by_the_forecast_and_taken_back() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let account = renewing(db);
    let id = account.external_id.as_str();
    let model = row(dir, db, &account);
    assert_eq!(model["call"], Value::Null);
    let name = &account.name;
    let out = ok(dir, db, &["renewal", "call", id, "commit"]);
    assert_eq!(out, format!("{name}: call model → commit (version 1)\n"));
    let called = row(dir, db, &account);
    assert_eq!((&called["call"], &called["p"]), (&Value::from("commit"), &Value::from(1.0)));
    assert_eq!(called["model_p"], model["model_p"], "the model's own figure stays shown");
    let listed = ok(dir, db, &["forecast", "--horizon", "400"]);
    assert!(listed.contains("called by a CSM: the call overrides the model"), "{listed}");
    assert!(listed.lines().any(|l| l.contains(&name[..10]) && l.contains("commit")), "{listed}");

    let out = ok(dir, db, &["renewal", "call", id, "70%", "--expect-version", "1"]);
    assert_eq!(out, format!("{name}: call commit → 70.0 % (version 2)\n"));
    assert_eq!(row(dir, db, &account)["call"], Value::from(0.7));
    let out = ok(dir, db, &["renewal", "call", id, "0.7"]);
    assert_eq!(out, format!("{name}: call 70.0 %, nothing changed (version 2)\n"));
    let out = ok(dir, db, &["renewal", "call", id, "model"]);
    assert_eq!(out, format!("{name}: call 70.0 % → model (version 3)\n"));
    assert_eq!(row(dir, db, &account), model, "back on the model");
}

#[test]
fn bad_calls_are_refused_naming_the_field_and_write_nothing() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let account = renewing(db);
    let id = account.external_id.as_str();
    ok(dir, db, &["renewal", "call", id, "likely"]);
    let before = calls(db);
    let words = "(use commit, likely, at_risk, lost, a percentage (70%), a share (0.7), or model";
    for (call, refusal) in [
        ("120%", format!("call: “120%” is outside 0% to 100% {words}")),
        ("-5%", format!("call: “-5%” is outside 0% to 100% {words}")),
        ("maybe", format!("call: “maybe” is not a call {words}")),
    ] {
        refused(dir, db, &["renewal", "call", id, call], &refusal);
    }
    let said = refused(dir, db, &["renewal", "call", "Nobody Inc", "lost"], "account: ");
    assert!(said.contains("no account matches"), "{said}");
    // A near miss names the nearest accounts.
    let typo: String = account.name.chars().take(6).chain("xq".chars()).collect();
    let said = refused(dir, db, &["renewal", "call", &typo, "lost"], "account: ");
    assert!(said.contains(&account.name), "the nearest names: {said}");
    // Another writer changed the call since version 0 was read.
    refused(
        dir,
        db,
        &["renewal", "call", id, "lost", "--expect-version", "0"],
        "the forecast call was changed elsewhere since it was read: it is at version 1, not 0",
    );
    assert_eq!(calls(db), before, "nothing written");

    // A churned account has no renewal ahead to call (recording the churn took its call back).
    ok(dir, db, &["renewal", "record", id, "--outcome", "churned"]);
    assert_eq!(calls(db), "[]");
    let churned = refused(dir, db, &["renewal", "call", id, "commit"], "account: ");
    assert!(churned.contains("churned: it has no renewal ahead to call"), "{churned}");
    assert_eq!(calls(db), "[]");
}
