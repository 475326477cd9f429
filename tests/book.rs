//! The scored book and its score cache: a cached load equals scoring from the facts, and every
//! write rescores exactly the accounts it touched.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use chrono::NaiveDate;
use csm::book::{ScoredBook, account_detail, accounts_to_score};
use csm::config::Config;
use csm::demo::{DemoOptions, generate};
use csm::domain::{Interaction, InteractionId, InteractionKind, Role};
use csm::scoring::{Depth, SignalCode};
use csm::store::Store;

fn as_of() -> NaiveDate {
    "2026-11-24".parse().unwrap()
}

fn demo_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    generate(&mut store, &DemoOptions { accounts: 80, seed: 5, as_of: as_of(), years: 3 }).unwrap();
    store
}

#[test]
fn a_cached_load_equals_scoring_from_the_facts() {
    let mut store = demo_store();
    let config = Config::default();
    let first = ScoredBook::load(&mut store, &config, as_of()).unwrap();
    assert_eq!(first.rescored, first.accounts.len(), "a new book is scored in full");
    let second = ScoredBook::load(&mut store, &config, as_of()).unwrap();
    assert_eq!(second.rescored, 0, "then served from the cache");
    let fresh = ScoredBook::score_all(&store, &config, as_of()).unwrap();
    assert_eq!(second.accounts, fresh.accounts);
    assert_eq!(second.metrics, fresh.metrics);
}

#[test]
fn a_cold_book_counts_every_account_to_score_and_a_warm_one_none() {
    let mut store = demo_store();
    let config = Config::default();
    let n = store.account_count().unwrap();
    assert_eq!(accounts_to_score(&store, &config, as_of()).unwrap(), n, "nothing cached yet");
    ScoredBook::load(&mut store, &config, as_of()).unwrap();
    assert_eq!(accounts_to_score(&store, &config, as_of()).unwrap(), 0);
    let yesterday = as_of().pred_opt().unwrap();
    assert_eq!(accounts_to_score(&store, &config, yesterday).unwrap(), n, "another date is cold");
    let mut heavier = config.clone();
    heavier.scoring.weights.usage = 60.0;
    assert_eq!(accounts_to_score(&store, &heavier, as_of()).unwrap(), n, "so is another model");
}

#[test]
fn another_date_or_model_rescores_everything() {
    let mut store = demo_store();
    let config = Config::default();
    let n = ScoredBook::load(&mut store, &config, as_of()).unwrap().accounts.len();
    let yesterday = as_of().pred_opt().unwrap();
    assert_eq!(ScoredBook::load(&mut store, &config, yesterday).unwrap().rescored, n);
    let mut heavier = config.clone();
    heavier.scoring.weights.usage = 60.0;
    let book = ScoredBook::load(&mut store, &heavier, yesterday).unwrap();
    assert_eq!(book.rescored, n);
    assert_eq!(book.accounts, ScoredBook::score_all(&store, &heavier, yesterday).unwrap().accounts);
}

#[test]
fn a_write_rescores_only_the_account_it_touched() {
    let mut store = demo_store();
    let config = Config::default();
    let before = ScoredBook::load(&mut store, &config, as_of()).unwrap();
    // An account that has gone dark: a meeting with its contacts today lights it up again.
    let dark = before
        .accounts
        .iter()
        .find(|e| e.summary.signal_codes().contains(&SignalCode::GoneDark))
        .expect("the demo has a gone-dark account");
    let contacts = store.contacts(dark.account.id).unwrap();
    let champion = contacts.iter().find(|c| c.role == Role::Champion && c.left_on.is_none());
    let writer = store.writer().unwrap();
    writer
        .insert_interaction(&Interaction {
            id: InteractionId(0),
            account_id: dark.account.id,
            external_id: None,
            date: as_of(),
            kind: InteractionKind::Meeting,
            summary: Some("Re-engagement call".into()),
            body: None,
            contacts: champion.map(|c| c.id).into_iter().collect(),
            version: 0,
        })
        .unwrap();
    writer.commit().unwrap();

    let after = ScoredBook::load(&mut store, &config, as_of()).unwrap();
    assert_eq!(after.rescored, 1);
    let entry = after.accounts.iter().find(|e| e.account.id == dark.account.id).unwrap();
    assert!(!entry.summary.signal_codes().contains(&SignalCode::GoneDark));
    assert_eq!(after.accounts, ScoredBook::score_all(&store, &config, as_of()).unwrap().accounts);
}

#[test]
fn the_detail_of_an_account_agrees_with_its_summary() {
    let mut store = demo_store();
    let config = Config::default();
    let book = ScoredBook::load(&mut store, &config, as_of()).unwrap();
    for entry in book.accounts.iter().take(20) {
        let detail =
            account_detail(&store, &config, entry.account.id, as_of(), Depth::WithSparkline)
                .unwrap()
                .unwrap();
        assert_eq!(detail.score.health.value, entry.summary.health);
        assert_eq!(detail.score.delta, entry.summary.delta);
        let codes: Vec<SignalCode> = detail.score.signals.iter().map(|s| s.code).collect();
        assert_eq!(codes, entry.summary.signal_codes());
        assert_eq!(detail.score.sparkline.len(), 12);
        assert_eq!(*detail.score.sparkline.last().unwrap(), entry.summary.health);
    }
}

/// A book large enough to be scored in slices, shared between two connections, has each slice
/// written to the cache by a third while the next is scored: what it caches must be what
/// scoring gives, and a second load must find all of it.
#[test]
fn a_large_book_is_cached_in_full_while_it_is_scored() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("book.db")).unwrap();
    let demo =
        generate(&mut store, &DemoOptions { accounts: 40, seed: 5, as_of: as_of(), years: 3 })
            .unwrap();
    let writer = store.writer().unwrap();
    for n in 0..16_500 {
        writer
            .insert_account(&csm::domain::Account {
                id: csm::domain::AccountId(0),
                external_id: format!("BULK-{n}"),
                name: format!("Bulk {n}"),
                domain: None,
                segment: None,
                industry: None,
                region: None,
                owner: None,
                arr_cents: 100 * n,
                seats_licensed: Some(10),
                contract_start: None,
                renewal_date: Some(as_of() + chrono::Days::new(30 + (n as u64 % 400))),
                lifecycle_stage: None,
                advocacy: None,
                version: 0,
            })
            .unwrap();
    }
    writer.commit().unwrap();
    let config = Config::default();
    let first = ScoredBook::load(&mut store, &config, as_of()).unwrap();
    // The demo's former customers are in the book too (churned, scored all the same).
    assert_eq!(first.rescored, 16_540 + demo.former_accounts);
    let second = ScoredBook::load(&mut store, &config, as_of()).unwrap();
    assert_eq!(second.rescored, 0, "every slice was cached");
    let fresh = ScoredBook::score_all(&store, &config, as_of()).unwrap();
    assert_eq!(first.accounts, fresh.accounts);
    assert_eq!(second.accounts, fresh.accounts);
    // Slices were shared with another connection and thread, each taking the next one free:
    // a sample of accounts across the middle slices has the summary scoring it alone gives.
    for entry in first.accounts.iter().skip(4_096).take(4_096).step_by(37) {
        let detail = account_detail(&store, &config, entry.account.id, as_of(), Depth::Report)
            .unwrap()
            .unwrap();
        assert_eq!(detail.score.health.value, entry.summary.health, "{}", entry.account.name);
        let codes: Vec<SignalCode> = detail.score.signals.iter().map(|s| s.code).collect();
        assert_eq!(codes, entry.summary.signal_codes(), "{}", entry.account.name);
    }
}

/// An import caches the scores of the accounts it changed without reading the rest of the book,
/// the accounts it created from the account alone: what it caches must be what scoring the
/// whole book from its facts gives, in slices (many accounts) and one by one (a few).
#[test]
fn an_import_caches_what_scoring_the_book_gives() {
    use csm::import::{Kind, Options, import_bytes};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("book.db")).unwrap();
    generate(&mut store, &DemoOptions { accounts: 40, seed: 5, as_of: as_of(), years: 3 }).unwrap();
    let config = Config::default();
    ScoredBook::load(&mut store, &config, as_of()).unwrap();
    let existing = store.accounts().unwrap();
    let mut csv = String::from("external_id,name,segment,arr,seats_licensed,renewal_date\n");
    // Two demo accounts change (their other facts stay), and thousands are new.
    for account in &existing[..2] {
        csv.push_str(&format!("{},{},smb,1234,7,2027-01-15\n", account.external_id, account.name));
    }
    for n in 0..4_500 {
        csv.push_str(&format!(
            "NEW-{n},New {n},mid_market,{},{},2027-0{}-1{}\n",
            n * 10,
            n % 50,
            1 + n % 9,
            n % 10
        ));
    }
    let options = Options::default();
    let summary =
        import_bytes(&mut store, &config, Kind::Accounts, csv.into_bytes(), &options, as_of())
            .unwrap();
    assert_eq!(summary.accounts_changed, 4_502);
    let cached = ScoredBook::load(&mut store, &config, as_of()).unwrap();
    assert_eq!(cached.rescored, 0, "the import cached every account it changed");
    let fresh = ScoredBook::score_all(&store, &config, as_of()).unwrap();
    assert_eq!(cached.accounts, fresh.accounts);

    let few = "external_id,name,arr\nFEW-1,Few One,100\nFEW-2,Few Two,200\n";
    import_bytes(&mut store, &config, Kind::Accounts, few.as_bytes().to_vec(), &options, as_of())
        .unwrap();
    let cached = ScoredBook::load(&mut store, &config, as_of()).unwrap();
    assert_eq!(cached.rescored, 0);
    assert_eq!(cached.accounts, ScoredBook::score_all(&store, &config, as_of()).unwrap().accounts);
}

/// A churn imported for one account (its ARR and renewal date untouched, as an import leaves
/// them) takes it out of the active book from the day it closed: the totals, the attention
/// ranking; the book still holds it, marked, and rescoring after an edit keeps the mark.
#[test]
fn a_churned_account_leaves_the_totals_and_the_ranking_but_stays_in_the_book() {
    use csm::domain::{RecordSource, RenewalOutcome, RenewalRecord};
    let mut store = demo_store();
    let config = Config::default();
    let before = ScoredBook::load(&mut store, &config, as_of()).unwrap();
    let gone = before.by_attention()[0].account.clone();
    let w = store.writer().unwrap();
    w.put_renewal_record(&RenewalRecord {
        account_id: gone.id,
        due: as_of(),
        closed_on: as_of(),
        outcome: RenewalOutcome::Churned,
        arr_before: gone.arr_cents,
        arr_after: 0,
        note: None,
        source: RecordSource::Imported,
    })
    .unwrap();
    w.commit().unwrap();

    let mut after = ScoredBook::load(&mut store, &config, as_of()).unwrap();
    assert_eq!(after.accounts.len(), before.accounts.len(), "still in the book");
    let entry = after.accounts.iter().find(|e| e.account.id == gone.id).unwrap();
    assert!(entry.churned);
    assert_eq!(after.metrics.accounts, before.metrics.accounts - 1);
    assert_eq!(after.metrics.arr_cents, before.metrics.arr_cents - i128::from(gone.arr_cents));
    assert!(after.by_attention().iter().all(|e| e.account.id != gone.id));
    // The demo's former customers were churned already.
    let formers = before.accounts.iter().filter(|e| e.churned).count();
    assert_eq!(after.active().count(), after.accounts.len() - 1 - formers);
    assert_eq!(
        (after.listed(false), after.listed(true)),
        (after.accounts.len() - 1 - formers, 1 + formers)
    );
    after.rescore(&mut store, &config, gone.id).unwrap();
    assert!(after.accounts.iter().find(|e| e.account.id == gone.id).unwrap().churned);
    assert_eq!(after.metrics.accounts, before.metrics.accounts - 1);

    // The day before it closed, the account was in the book.
    let yesterday = as_of().pred_opt().unwrap();
    let then = ScoredBook::load(&mut store, &config, yesterday).unwrap();
    assert!(!then.accounts.iter().find(|e| e.account.id == gone.id).unwrap().churned);
}
