//! `csm accounts` and `csm account` on a demo book: the order, each filter, the limit, the JSON
//! (named as `report --json` names an account) and the CSV, one account's page, and the errors.
//! Expected sets are worked out from the book's data through the library, never from the
//! command's own output.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/binary.rs"]
mod binary;

use std::collections::BTreeSet;

use binary::{AS_OF, csm, demo_book, run, text};
use chrono::NaiveDate;
use csm::book::{BookEntry, ScoredBook};
use csm::config::Config;
use csm::store::Store;
use serde_json::Value;

/// The demo book scored at the tests' date, read through the library.
/// The active book: the demo's former customers are not listed.
fn book() -> ScoredBook {
    let (_, db) = demo_book();
    let mut store = Store::open_to_read(db).unwrap();
    let as_of = NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap();
    let mut book = ScoredBook::load(&mut store, &Config::default(), as_of).unwrap();
    book.accounts.retain(|e| !e.churned);
    book
}

fn csm_json(args: &[&str]) -> Vec<Value> {
    let (dir, db) = demo_book();
    let output = run(csm(dir.path()).args(args).args(["--json", "--as-of", AS_OF, "--db"]).arg(db));
    let value: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    match value {
        Value::Array(items) => items,
        other => vec![other],
    }
}

fn ids(items: &[Value]) -> Vec<i64> {
    items.iter().map(|a| a["id"].as_i64().unwrap()).collect()
}

/// The ids of the book's accounts that `keep` keeps, as a set.
fn expected(keep: impl Fn(&BookEntry) -> bool) -> BTreeSet<i64> {
    book().accounts.iter().filter(|e| keep(e)).map(|e| e.account.id.0).collect()
}

fn listed(args: &[&str]) -> BTreeSet<i64> {
    ids(&csm_json(args)).into_iter().collect()
}

#[test]
fn the_default_order_is_attention_then_arr_then_name_over_the_whole_book() {
    let mut entries = book().accounts;
    entries.sort_by(|a, b| {
        b.summary
            .attention
            .cmp(&a.summary.attention)
            .then(b.account.arr_cents.cmp(&a.account.arr_cents))
            .then_with(|| a.account.name.to_lowercase().cmp(&b.account.name.to_lowercase()))
    });
    let want: Vec<i64> = entries.iter().map(|e| e.account.id.0).collect();
    assert_eq!(ids(&csm_json(&["accounts"])), want);
    assert_eq!(ids(&csm_json(&["accounts", "--sort", "attention"])), want);
}

#[test]
fn json_fields_are_named_as_in_the_report() {
    let report = &csm_json(&["report"])[0];
    let report_accounts = report["accounts"].as_array().unwrap();
    let accounts = csm_json(&["accounts"]);
    assert_eq!(accounts.len(), report_accounts.len());
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<BTreeSet<String>>();
    for account in &accounts {
        let id = account["id"].as_i64().unwrap();
        let same = report_accounts.iter().find(|a| a["id"].as_i64() == Some(id)).unwrap();
        assert_eq!(keys(account), keys(same));
        assert_eq!(account, same, "the same values as the report's");
    }
}

#[test]
fn each_filter_keeps_what_the_data_says() {
    let book = book();
    let as_of = book.as_of;
    assert_eq!(
        listed(&["accounts", "--band", "at_risk"]),
        expected(|e| e.summary.band.code() == "at_risk")
    );
    assert_eq!(
        listed(&["accounts", "--segment", "enterprise"]),
        expected(|e| e.account.segment.is_some_and(|s| s.code() == "enterprise"))
    );
    let owner = book.accounts.iter().find_map(|e| e.account.owner.clone()).unwrap();
    let want = expected(|e| e.account.owner.as_deref() == Some(owner.as_str()));
    assert!(!want.is_empty());
    assert_eq!(listed(&["accounts", "--owner", &owner]), want);
    // Typed in another case, the owner is the same person.
    assert_eq!(listed(&["accounts", "--owner", &owner.to_uppercase()]), want);
    let want = expected(|e| {
        e.account.renewal_date.is_some_and(|d| (31..=60).contains(&(d - as_of).num_days()))
    });
    assert!(!want.is_empty());
    assert_eq!(listed(&["accounts", "--phase", "proposal"]), want);
    let signal = "low_utilization";
    let want = expected(|e| e.summary.signal_codes().iter().any(|c| c.code() == signal));
    assert!(!want.is_empty());
    assert_eq!(listed(&["accounts", "--signal", signal]), want);
    // Filters combine: both must hold.
    let want = expected(|e| {
        e.summary.band.code() == "at_risk"
            && e.summary.signal_codes().iter().any(|c| c.code() == signal)
    });
    assert_eq!(listed(&["accounts", "--band", "at-risk", "--signal", signal]), want);
    // Nothing passes an owner the book does not have.
    assert!(listed(&["accounts", "--owner", "Nobody At All"]).is_empty());
}

#[test]
fn search_finds_an_account_by_its_name() {
    let book = book();
    let target = &book.accounts[book.accounts.len() / 2].account;
    let found = csm_json(&["accounts", "--search", &target.name.to_lowercase()]);
    assert_eq!(found[0]["id"].as_i64(), Some(target.id.0), "the best match first");
}

#[test]
fn sort_by_name_and_limit() {
    let mut names: Vec<String> = book().accounts.iter().map(|e| e.account.name.clone()).collect();
    names.sort_by_key(|n| n.to_lowercase());
    let listed: Vec<String> = csm_json(&["accounts", "--sort", "name"])
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, names);
    let all = ids(&csm_json(&["accounts", "--sort", "arr"]));
    let five = ids(&csm_json(&["accounts", "--sort", "arr", "--limit", "5"]));
    assert_eq!(five, all[..5]);
}

#[test]
fn csv_has_a_header_and_one_row_per_account_in_the_listed_order() {
    let (dir, db) = demo_book();
    let output = run(csm(dir.path())
        .args(["accounts", "--band", "watch", "--csv", "--as-of", AS_OF, "--db"])
        .arg(db));
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(&header[..6], ["id", "external_id", "name", "segment", "owner", "arr_cents"]);
    let id_at = 0;
    let band_at = header.iter().position(|h| h == "band").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.iter().all(|r| r.len() == header.len() && &r[band_at] == "watch"));
    let csv_ids: Vec<i64> = rows.iter().map(|r| r[id_at].parse().unwrap()).collect();
    assert_eq!(csv_ids, ids(&csm_json(&["accounts", "--band", "watch"])));
    assert_eq!(
        csv_ids.iter().copied().collect::<BTreeSet<_>>(),
        expected(|e| e.summary.band.code() == "watch")
    );
}

#[test]
fn the_table_has_a_header_and_a_line_per_account() {
    let (dir, db) = demo_book();
    let output =
        run(csm(dir.path()).args(["accounts", "--limit", "3", "--as-of", AS_OF, "--db"]).arg(db));
    let out = text(&output.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[0].starts_with("account") && lines[0].ends_with("signals"), "{out}");
}

#[test]
fn one_account_as_text_and_json() {
    let book = book();
    let entry = book.accounts.iter().find(|e| !e.summary.signal_codes().is_empty()).unwrap();
    let (dir, db) = demo_book();
    let store = Store::open_to_read(db).unwrap();
    let contacts = store.contacts(entry.account.id).unwrap();

    let output = run(csm(dir.path())
        .args(["account", &entry.account.external_id, "--as-of", AS_OF, "--db"])
        .arg(db));
    let out = text(&output.stdout);
    assert!(out.starts_with(&entry.account.name), "{out}");
    for section in ["Components", "Risk signals", "Contacts", "Open todos", "Opportunities"] {
        assert!(out.contains(section), "{section}: {out}");
    }
    for code in entry.summary.signal_codes() {
        assert!(out.contains(code.code()), "{code:?}: {out}");
    }

    let json = &csm_json(&["account", &entry.account.name])[0];
    assert_eq!(json["id"].as_i64(), Some(entry.account.id.0));
    assert_eq!(json["health"].as_i64(), entry.summary.health);
    assert_eq!(json["contacts"].as_array().unwrap().len(), contacts.len());
    let reasons = json["risk_reasons"].as_array().unwrap();
    assert_eq!(reasons.len(), entry.summary.signal_codes().len());
    assert!(reasons.iter().all(|r| !r["reason"].as_str().unwrap().is_empty()));
    assert_eq!(json["explanation"]["components"].as_array().unwrap().len(), 4);
    assert!(json["todos"].is_array() && json["opportunities"].is_array());
}

#[test]
fn an_unknown_account_or_value_is_refused_with_what_would_do() {
    let (dir, db) = demo_book();
    let output = csm(dir.path())
        .args(["account", "Zzqx Nonexistent", "--as-of", AS_OF, "--db"])
        .arg(db)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = text(&output.stderr);
    assert!(err.contains("no account matches") && err.contains("nearest"), "{err}");
    assert!(output.stdout.is_empty());

    let output = csm(dir.path())
        .args(["accounts", "--band", "green", "--as-of", AS_OF, "--db"])
        .arg(db)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "a usage error");
    let err = text(&output.stderr);
    assert!(err.contains("at_risk, watch, healthy, unscored"), "{err}");
}

#[test]
fn each_account_carries_the_share_of_the_weights_its_health_rests_on() {
    // Default weights usage 40, adoption 30, support 20, engagement 10 (total 100); support and
    // engagement always have a value: coverage = (30 + 40 [usage] + 30 [adoption]) / 100.
    for account in csm_json(&["accounts"]) {
        let has = |c: &str| !account["components"][c].is_null();
        let want = (30.0
            + if has("usage") { 40.0 } else { 0.0 }
            + if has("adoption") { 30.0 } else { 0.0 })
            / 100.0;
        let coverage = account["coverage"].as_f64().unwrap();
        assert!((coverage - want).abs() < 1e-9, "{}: {coverage} != {want}", account["name"]);
    }
}

#[test]
fn one_watch_account_says_what_would_drop_it_as_text_and_json() {
    let book = book();
    let entry = book.accounts.iter().find(|e| e.summary.band == csm::scoring::Band::Watch).unwrap();
    let json = &csm_json(&["account", &entry.account.external_id])[0];
    let explanation = &json["explanation"];
    assert_eq!(explanation["lower_band"], "at_risk");
    assert_eq!(explanation["thin_data"], Value::Null);
    let drops = explanation["drops"].as_array().unwrap();
    let names: Vec<&str> = drops.iter().map(|d| d["component"].as_str().unwrap()).collect();
    assert_eq!(names, ["usage", "adoption", "support", "engagement"]);
    for d in drops {
        let outcome = d["outcome"].as_str().unwrap();
        assert!(["fall", "not_reachable", "no_data"].contains(&outcome), "{d}");
        assert_eq!(d["points"].is_number(), outcome == "fall", "{d}");
    }
    let (dir, db) = demo_book();
    let output = run(csm(dir.path())
        .args(["account", &entry.account.external_id, "--as-of", AS_OF, "--db"])
        .arg(db));
    let out = text(&output.stdout);
    assert!(out.lines().any(|l| l.trim_start().starts_with("drop to at risk")), "{out}");
}
