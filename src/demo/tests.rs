//! Tests of the demo book: determinism, coverage of segments and renewal phases, dates never
//! after the as-of date, and unique names and ids at scale.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::stories::plans;
use super::{DemoOptions, DemoSummary, generate};
use crate::domain::{Account, Segment};
use crate::store::Store;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
}

fn book(accounts: usize, seed: u64, as_of: NaiveDate) -> (Store, DemoSummary) {
    let mut store = Store::open_in_memory().unwrap();
    let options = DemoOptions { accounts, seed, as_of, years: 3 };
    let summary = generate(&mut store, &options).unwrap();
    (store, summary)
}

fn story_count() -> usize {
    plans(&mut super::names::NameBook::default()).len()
}

#[test]
fn same_seed_same_book() {
    let (a, summary_a) = book(60, 7, as_of());
    let (b, summary_b) = book(60, 7, as_of());
    assert_eq!(summary_a, summary_b);
    let accounts = a.accounts().unwrap();
    assert_eq!(accounts, b.accounts().unwrap());
    for account in accounts.iter().step_by(7) {
        let id = account.id;
        assert_eq!(a.contacts(id).unwrap(), b.contacts(id).unwrap());
        assert_eq!(a.tickets(id).unwrap(), b.tickets(id).unwrap());
        assert_eq!(a.interactions(id).unwrap(), b.interactions(id).unwrap());
        let (from, to) = (as_of() - chrono::Days::new(400), as_of());
        assert_eq!(a.usage(id, from, to).unwrap(), b.usage(id, from, to).unwrap());
        assert_eq!(a.feature_usage(id, from, to).unwrap(), b.feature_usage(id, from, to).unwrap());
    }
}

#[test]
fn different_seeds_differ() {
    let (a, _) = book(60, 7, as_of());
    let (b, _) = book(60, 8, as_of());
    let names = |store: &Store| -> Vec<String> {
        store.accounts().unwrap().into_iter().skip(story_count()).map(|a| a.name).collect()
    };
    assert_ne!(names(&a), names(&b));
    assert_ne!(a.accounts().unwrap(), b.accounts().unwrap());
}

#[test]
fn default_book_has_every_segment_and_renewal_phase() {
    let options = DemoOptions::new(as_of());
    assert_eq!((options.accounts, options.seed), (60, 7));
    let mut store = Store::open_in_memory().unwrap();
    let summary = generate(&mut store, &options).unwrap();
    let accounts = store.accounts().unwrap();
    assert_eq!(summary.accounts, 60);
    // The former customers come after the active accounts.
    assert_eq!(accounts.len(), 60 + summary.former_accounts);
    let accounts: Vec<Account> = accounts.into_iter().take(60).collect();

    let segments: BTreeSet<Segment> = accounts.iter().filter_map(|a| a.segment).collect();
    assert_eq!(segments.len(), Segment::ALL.len(), "{segments:?}");

    let phase = |a: &Account| {
        let days = (a.renewal_date.unwrap() - as_of()).num_days();
        match days {
            ..0 => "overdue",
            0..=30 => "finalize",
            31..=60 => "proposal",
            61..=90 => "review",
            91..=120 => "strategy",
            _ => "later",
        }
    };
    let phases: BTreeSet<&str> = accounts.iter().map(phase).collect();
    assert_eq!(phases.len(), 6, "{phases:?}");

    // A year of daily usage for the established accounts (more with the history), and every
    // kind of record.
    assert!(summary.usage_rows > 50 * 300, "{summary:?}");
    assert!(summary.former_accounts >= 5 && summary.renewals >= 60, "{summary:?}");
    assert!(summary.feature_rows > summary.accounts * 50, "{summary:?}");
    for count in [
        summary.contacts,
        summary.tickets,
        summary.nps,
        summary.interactions,
        summary.todos,
        summary.opportunities,
    ] {
        assert!(count >= 40, "{summary:?}");
    }
}

#[test]
fn story_accounts_are_there_once() {
    let (store, summary) = book(story_count(), 7, as_of());
    assert_eq!(summary.accounts, story_count());
    let names: Vec<String> = store.accounts().unwrap().into_iter().map(|a| a.name).collect();
    for expected in ["Halvorsen Maritime", "Société Lumière", "Northwind Logistics"] {
        assert_eq!(names.iter().filter(|n| *n == expected).count(), 1);
    }
    // Names with accents, so that search has to fold them.
    assert!(names.iter().any(|n| n.contains('é')));
    assert!(names.iter().any(|n| n.contains('Å')));
}

/// A book smaller than the stories has the accounts asked for, the first stories, no more.
#[test]
fn a_book_has_exactly_the_accounts_asked_for() {
    let (all, _) = book(story_count(), 7, as_of());
    let first: Vec<String> = all.accounts().unwrap().into_iter().map(|a| a.name).collect();
    for size in [1, 3, story_count() - 1] {
        let (store, summary) = book(size, 7, as_of());
        assert_eq!(summary.accounts, size);
        let names: Vec<String> =
            store.accounts().unwrap().into_iter().take(size).map(|a| a.name).collect();
        assert_eq!(names, first[..size], "{size}");
    }
}

#[test]
fn nothing_happened_after_the_as_of_date() {
    let day = as_of();
    let (store, _) = book(40, 11, day);
    // Dates are stored as ISO text, so the range must stay within four-digit years.
    let (from, to) = (day - chrono::Days::new(2_000), day + chrono::Days::new(2_000));
    let churned = store.churned_at(day).unwrap();
    for account in store.accounts().unwrap() {
        let id = account.id;
        assert!(account.contract_start.unwrap() <= day);
        let usage = store.usage(id, from, to).unwrap();
        // Every active account's usage runs to the as-of date, but the one whose product data
        // is not connected (it has none); a former customer's stops when it churned.
        if churned.contains(&id) {
            assert!(usage.last().unwrap().date < day, "{}", account.name);
        } else if account.name != "Larkspur Legal Partners" {
            assert_eq!(usage.last().map(|u| u.date), Some(day), "{}", account.name);
        }
        if let Some(first) = usage.first() {
            assert!(first.date >= account.contract_start.unwrap(), "{}", account.name);
        }
        // Three years and the half year before them, at most.
        assert!(usage.len() <= 3 * 365 + 181, "{}", account.name);
        let features = store.feature_usage(id, NaiveDate::MIN, NaiveDate::MAX).unwrap();
        assert!(features.iter().all(|f| f.date <= day && f.used()));
        for ticket in store.tickets(id).unwrap() {
            assert!(ticket.opened <= day && ticket.closed.is_none_or(|c| c <= day));
            assert!(ticket.closed.is_none_or(|c| c >= ticket.opened));
        }
        for contact in store.contacts(id).unwrap() {
            assert!(contact.last_engaged.is_none_or(|d| d <= day));
            assert!(contact.left_on.is_none_or(|d| d <= day));
            assert!(contact.email.unwrap().ends_with(account.domain.as_deref().unwrap()));
        }
        assert!(store.nps_responses(id).unwrap().iter().all(|n| n.date <= day));
        assert!(store.interactions(id).unwrap().iter().all(|i| i.date <= day));
        for todo in store.todos(id).unwrap() {
            assert!(todo.created_on <= day && todo.completed_on.is_none_or(|d| d <= day));
            assert!(todo.rule.is_none());
        }
        assert!(store.goals(id).unwrap().iter().all(|g| g.met_on.is_none_or(|d| d <= day)));
        let milestones = store.milestones(id).unwrap();
        assert!(milestones.iter().all(|m| m.completed_on.is_none_or(|d| d <= day)));
    }
}

#[test]
fn a_large_book_has_unique_names_domains_and_ids() {
    let (store, summary) = book(500, 3, as_of());
    let accounts = store.accounts().unwrap();
    assert_eq!(summary.accounts, 500);
    // The former customers' names, domains and ids are unique too.
    let all = 500 + summary.former_accounts;
    assert_eq!(accounts.len(), all);
    let names: BTreeSet<&str> = accounts.iter().map(|a| a.name.as_str()).collect();
    let ids: BTreeSet<&str> = accounts.iter().map(|a| a.external_id.as_str()).collect();
    let domains: BTreeSet<&str> = accounts.iter().filter_map(|a| a.domain.as_deref()).collect();
    assert_eq!(names.len(), all);
    assert_eq!(ids.len(), all);
    assert_eq!(domains.len(), all);
    assert!(accounts.iter().all(|a| a.external_id.len() == 18));
    assert!(accounts.iter().all(|a| a.external_id.starts_with("0015g00000")));
}

#[test]
fn names_fold_to_ascii_slugs_and_ids_never_collide() {
    use super::names::{ascii_slug, external_id};
    assert_eq!(ascii_slug("Société Lumière", Some('-')), "societe-lumiere");
    assert_eq!(ascii_slug("Müller & Søhne", Some('-')), "muller-sohne");
    assert_eq!(ascii_slug("O'Brien", None), "obrien");
    assert_eq!(ascii_slug("Ångström Analytics", None), "angstromanalytics");
    let ids: BTreeSet<String> = (0..100_000).map(|i| external_id(7, i)).collect();
    assert_eq!(ids.len(), 100_000);
}

#[test]
fn random_names_and_domains_stay_unique_at_100k() {
    use rand::SeedableRng;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let mut book = super::names::NameBook::default();
    let mut names = std::collections::HashSet::new();
    let mut domains = std::collections::HashSet::new();
    for _ in 0..100_000 {
        let plan = super::random::random_plan(&mut rng, &mut book);
        assert!(names.insert(plan.name.clone()), "{}", plan.name);
        assert!(domains.insert(plan.domain.clone()), "{}", plan.domain);
    }
}

#[test]
fn usage_hits_the_planned_level_and_features_the_planned_adoption() {
    use rand::SeedableRng;

    use super::usage::{FeatureShape, Trend, UsageShape, fill_features, fill_usage};
    use crate::domain::FeatureId;

    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
    let shape = UsageShape {
        now: 0.48,
        trend: Trend::Cliff { days_ago: 32, ramp: 12, before: 1.9 },
        weekend: 0.2,
        noise: 0.1,
        history: 364,
    };
    let ids: Vec<FeatureId> = (1..=8).map(FeatureId).collect();
    // Every weekday of the as-of date: the rhythm must not move the 30-day mean.
    for offset in 0..7 {
        let day = as_of() + chrono::Days::new(offset);
        let (mut rows, mut scratch) = (Vec::new(), Vec::new());
        fill_usage(&mut rows, &mut scratch, &shape, 1_000, day, &mut rng);
        assert_eq!(rows.len(), 365);
        let mean = |days: &[crate::domain::UsageDay]| {
            days.iter().map(|d| d.active_users).sum::<i64>() as f64 / days.len() as f64
        };
        let recent = mean(&rows[335..]);
        let previous = mean(&rows[305..335]);
        assert!((recent - 480.0).abs() < 1.0, "{recent}");
        assert!(recent / previous < 0.65, "{recent} / {previous}");

        let mut features = Vec::new();
        let plan = FeatureShape { now: 3, before: 7 };
        fill_features(&mut features, plan, &ids, 364, day, &mut rng);
        let used_between = |from: u64, to: u64| {
            let (from, to) = (day - chrono::Days::new(to), day - chrono::Days::new(from));
            features
                .iter()
                .filter(|f| f.date >= from && f.date <= to)
                .map(|f| f.feature)
                .collect::<BTreeSet<_>>()
                .len()
        };
        assert_eq!(used_between(0, 29), 3);
        assert_eq!(used_between(30, 59), 7);
        assert!(features.windows(2).all(|w| (w[0].date, w[0].feature) < (w[1].date, w[1].feature)));
    }
}

#[test]
fn the_account_imported_without_product_data_says_its_score_is_thin() {
    let (mut store, _) = book(60, 7, as_of());
    let larkspur = store
        .accounts()
        .unwrap()
        .into_iter()
        .find(|a| a.name == "Larkspur Legal Partners")
        .expect("the thin-data story account");
    let (from, to) = (NaiveDate::MIN, NaiveDate::MAX);
    assert!(store.usage(larkspur.id, from, to).unwrap().is_empty());
    assert!(store.feature_usage(larkspur.id, from, to).unwrap().is_empty());
    let scored =
        crate::book::ScoredBook::load(&mut store, &crate::config::Config::default(), as_of())
            .unwrap();
    let entry = scored.accounts.iter().find(|s| s.account.id == larkspur.id).unwrap();
    // Usage (40) and adoption (30) have no data: support and engagement carry 30 of 100.
    assert!((entry.summary.coverage - 0.3).abs() < 1e-9, "{}", entry.summary.coverage);
    assert_eq!(entry.summary.thin_data().as_deref(), Some("based on support and engagement only"));
}
