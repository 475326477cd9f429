//! Tests of the demo book's history: the backtest finds a realistic signal in it, churn runs at
//! a plausible rate each year with contractions and expansions beside it, the present (every
//! story account's health) is what it was before the history existed, the records' ARR joins
//! the accounts' ARR today, and the same options give the same history.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{DemoOptions, generate};
use crate::book::ScoredBook;
use crate::config::Config;
use crate::domain::{AccountId, RenewalRecord};
use crate::outcomes::backtest_at;
use crate::store::Store;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
}

fn default_book() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    generate(&mut store, &DemoOptions::new(as_of())).unwrap();
    store
}

/// Records and churned records per year back (0: the last 365 days).
fn churn_by_year(records: &[RenewalRecord], as_of: NaiveDate) -> BTreeMap<i64, (usize, usize)> {
    let mut years: BTreeMap<i64, (usize, usize)> = BTreeMap::new();
    for r in records {
        let year = ((as_of - r.due).num_days() - 1).max(0) / 365;
        let entry = years.entry(year).or_default();
        entry.0 += 1;
        entry.1 += usize::from(r.churned());
    }
    years
}

#[test]
fn the_backtest_of_the_default_book_finds_a_realistic_signal() {
    let mut store = default_book();
    let backtest = backtest_at(&mut store, &Config::default(), as_of(), None).unwrap();
    let auc = backtest.auc.value.expect("an AUC");
    assert!((0.65..=0.9).contains(&auc), "AUC {auc}, {} records", backtest.count);
    assert!(!backtest.thin());
}

#[test]
fn churn_runs_at_eight_to_fifteen_percent_each_year_with_contractions_and_expansions() {
    let store = default_book();
    let records = store.renewal_records().unwrap();
    let years = churn_by_year(&records, as_of());
    assert_eq!(years.keys().copied().collect::<Vec<_>>(), [0, 1, 2], "{years:?}");
    for (year, (count, churned)) in &years {
        let rate = *churned as f64 / *count as f64;
        assert!((0.08..=0.15).contains(&rate), "year {year}: {churned} of {count}");
    }
    let renewed = records.iter().filter(|r| !r.churned());
    let (mut contracted, mut expanded) = (0, 0);
    for r in renewed {
        contracted += usize::from(r.arr_after < r.arr_before);
        expanded += usize::from(r.arr_after > r.arr_before);
    }
    assert!(contracted >= 2 && expanded >= 2, "{contracted} contractions, {expanded} expansions");
    assert!(records.iter().any(|r| r.note.is_some()));
}

/// The story accounts' health as of 2025-06-30 on the default book, read before the history
/// existed (`csm report --json` of that book): the history must not move the present.
#[test]
fn the_story_accounts_keep_their_health() {
    let expected = [
        ("Halvorsen Maritime", 63),
        ("Société Lumière", 65),
        ("Northwind Logistics", 96),
        ("Müller Präzisionstechnik", 84),
        ("Ångström Analytics", 59),
        ("Brightwater Dental Group", 83),
        ("Quillfeather Books", 57),
        ("Kestrel Insurance Group", 56),
        ("Pinecrest Family Bakery", 82),
        ("Ironbridge Freight", 18),
        ("Tidewater Credit Union", 85),
        ("Larkspur Legal Partners", 87),
    ];
    let mut store = default_book();
    let book = ScoredBook::load(&mut store, &Config::default(), as_of()).unwrap();
    assert_eq!(book.active().count(), 60, "the former customers stay out of the active book");
    for (name, health) in expected {
        let entry = book.active().find(|e| e.account.name == name).expect(name);
        assert_eq!(entry.summary.health, Some(health), "{name}");
    }
}

#[test]
fn active_accounts_renewed_every_time_and_their_latest_record_ends_at_todays_arr() {
    let store = default_book();
    let records = store.renewal_records().unwrap();
    let churned = store.churned_at(as_of()).unwrap();
    let accounts = store.accounts().unwrap();
    let mut latest: BTreeMap<AccountId, &RenewalRecord> = BTreeMap::new();
    for r in &records {
        latest.insert(r.account_id, r);
    }
    let mut active_with_history = 0;
    for account in &accounts {
        let Some(last) = latest.get(&account.id) else { continue };
        if churned.contains(&account.id) {
            assert!(last.churned(), "{}", account.name);
            assert_eq!(account.lifecycle_stage.as_deref(), Some("churned"));
            assert_eq!(account.renewal_date, None);
            continue;
        }
        active_with_history += 1;
        assert_eq!(last.arr_after, account.arr_cents, "{}", account.name);
        let mine = records.iter().filter(|r| r.account_id == account.id);
        assert!(mine.clone().all(|r| !r.churned()), "{}", account.name);
        // Each record's ARR before is the one after the record before it.
        let mine: Vec<&RenewalRecord> = mine.collect();
        for pair in mine.windows(2) {
            assert_eq!(pair[0].arr_after, pair[1].arr_before, "{}", account.name);
        }
        assert!(mine.iter().all(|r| r.closed_on <= r.due && r.due <= as_of()));
    }
    assert!(active_with_history >= 20, "{active_with_history}");
    assert!(churned.len() >= 5, "{churned:?}");
}

#[test]
fn the_same_options_give_the_same_history() {
    let (a, b) = (default_book(), default_book());
    assert_eq!(a.renewal_records().unwrap(), b.renewal_records().unwrap());
    let accounts = a.accounts().unwrap();
    assert_eq!(accounts, b.accounts().unwrap());
    let (from, to) = (NaiveDate::MIN, NaiveDate::MAX);
    for account in accounts.iter().step_by(5) {
        let id = account.id;
        assert_eq!(a.usage(id, from, to).unwrap(), b.usage(id, from, to).unwrap());
        assert_eq!(a.feature_usage(id, from, to).unwrap(), b.feature_usage(id, from, to).unwrap());
        assert_eq!(a.contacts(id).unwrap(), b.contacts(id).unwrap());
        assert_eq!(a.tickets(id).unwrap(), b.tickets(id).unwrap());
        assert_eq!(a.interactions(id).unwrap(), b.interactions(id).unwrap());
        assert_eq!(a.nps_responses(id).unwrap(), b.nps_responses(id).unwrap());
    }
}

/// One year of history leaves the present as three years do, with renewals of the last year
/// only.
#[test]
fn fewer_years_of_history_leave_the_present_as_it_is() {
    let mut one = Store::open_in_memory().unwrap();
    let options = DemoOptions { years: 1, ..DemoOptions::new(as_of()) };
    generate(&mut one, &options).unwrap();
    let three = default_book();
    let records = one.renewal_records().unwrap();
    assert!(records.iter().all(|r| (as_of() - r.due).num_days() <= 365));
    let active = |store: &Store| -> Vec<crate::domain::Account> {
        store.accounts().unwrap().into_iter().take(60).collect()
    };
    assert_eq!(active(&one), active(&three));
    let last_year = as_of() - chrono::Days::new(364);
    for account in active(&one).iter().step_by(6) {
        let id = account.id;
        assert_eq!(
            one.usage(id, last_year, as_of()).unwrap(),
            three.usage(id, last_year, as_of()).unwrap()
        );
    }
}
