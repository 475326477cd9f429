//! A book scored at one date: every account with its score summary and the book metrics, and
//! the full score of any one account on demand. The one place that joins the store and the
//! engine; reports, the workspace and the QBR brief read from it. It must not format anything.
//!
//! Summaries come from the store's score cache when it holds them for this date, model and
//! revision of the account's facts; the rest are scored from the facts and written back, so a
//! book is scored in full once a day and after each change only where it changed.

use std::hash::{DefaultHasher, Hash, Hasher};

use chrono::NaiveDate;

use crate::config::Config;
use crate::domain::{Account, AccountFacts, AccountId, FeatureCatalog};
use crate::progress::{Unwatched, Watch};
use crate::scoring::{
    AccountScore, AccountSummary, Attention, BookMetrics, Depth, Explanation, Model, facts_request,
    score_account,
};
use crate::store::{CacheAside, CachedAccount, Store, StoreResult};

/// Rescoring this many accounts or more loads their facts a slice of the book at a time, which is
/// cheaper than that many single-account loads.
const BOOK_LOAD_THRESHOLD: usize = 64;

/// Accounts per slice: large enough that each query's fixed cost vanishes, small enough that a
/// 100,000-account book is scored in bounded memory.
const SLICE: usize = 2048;

/// Slices to read from the store before a second connection takes every other one.
const SHARED_SLICES: usize = 4;

/// The cache writer beside a pass scoring `accounts` accounts, if any: a large rescoring
/// writes each slice to the cache while the next one is scored. But on a server, where every
/// connection counts against the limit the whole team shares, a pass that may read with a
/// second connection (see `summarize`) opens no third: the caller writes the cache after it,
/// in a few statements.
fn aside_for(
    store: &Store,
    accounts: usize,
    as_of: NaiveDate,
    model_key: &str,
) -> Option<CacheAside> {
    let shares = accounts >= BOOK_LOAD_THRESHOLD && accounts.div_ceil(SLICE) >= SHARED_SLICES;
    let on_server = store.handle().is_some_and(|handle| handle.on_server());
    if accounts < SLICE || (shares && on_server) {
        return None;
    }
    store.cache_aside(as_of, model_key)
}

/// Scoring this many accounts or more takes a noticeable moment (a few tenths of a second on a
/// slow machine, seconds for a large book), long enough for an interactive start to say so.
pub const SLOW_SCORING: usize = 1_000;

/// One account and its score summary.
#[derive(Debug, Clone, PartialEq)]
pub struct BookEntry {
    pub account: Account,
    pub summary: AccountSummary,
    /// Churned at the book's as-of date (SPEC 12): out of the active book (the list, the
    /// totals, the report, the playbooks), still found by search and kept in history.
    pub churned: bool,
}

/// One account scored in full: facts, score with reasons, attention.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountDetail {
    pub facts: AccountFacts,
    pub score: AccountScore,
    pub attention: Attention,
    pub explanation: Explanation,
    pub catalog: FeatureCatalog,
}

/// Every account of the book scored at `as_of`, ordered by account id; the metrics count the
/// active book only (the accounts not churned at `as_of`).
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredBook {
    pub as_of: NaiveDate,
    pub accounts: Vec<BookEntry>,
    pub metrics: BookMetrics,
    /// How many accounts this load had to score (the others came from the cache).
    pub rescored: usize,
}

/// Identifies the model a cached score was computed under: csm's version, the scoring
/// configuration and the feature catalogue (a new feature changes every account's adoption).
/// Settings that do not change a score (keys, currency symbol) are left out.
pub(crate) fn fingerprint(config: &Config, catalog: &FeatureCatalog) -> String {
    let mut hasher = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    format!("{:?}", config.scoring).hash(&mut hasher);
    format!("{catalog:?}").hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

impl ScoredBook {
    /// Loads and scores the book at `as_of`, from the cache where it is valid.
    ///
    /// Fresh scores are written back to the cache; if that write fails (a read-only file, a
    /// long-held lock) the book is still returned, only not cached.
    ///
    /// # Errors
    /// The store could not be read.
    pub fn load(store: &mut Store, config: &Config, as_of: NaiveDate) -> StoreResult<Self> {
        Self::load_watched(store, config, as_of, &Unwatched)
    }

    /// [`ScoredBook::load`], telling `watch` how many accounts are scored as each slice of them
    /// is done (nothing when the cache holds them all).
    ///
    /// # Errors
    /// The store could not be read.
    pub fn load_watched(
        store: &mut Store,
        config: &Config,
        as_of: NaiveDate,
        watch: &dyn Watch,
    ) -> StoreResult<Self> {
        // One snapshot: the revisions and the facts scored under them must agree.
        let (cached, model_key, fresh, aside, churned) = store.snapshot(|store| {
            let churned = store.churned_at(as_of)?;
            let catalog = store.feature_catalog()?;
            let model_key = fingerprint(config, &catalog);
            let cached =
                store.accounts_with_scores(as_of, &model_key, AccountSummary::from_cache_bytes)?;
            let stale: Vec<&Account> =
                cached.iter().filter(|c| c.summary.is_none()).map(|c| &c.account).collect();
            let mut aside = aside_for(store, stale.len(), as_of, &model_key);
            if !stale.is_empty() {
                watch.begin("scoring", stale.len() as u64);
            }
            let mut scored = 0;
            let fresh = summarize(store, config, &catalog, as_of, &stale, &[], |slice| {
                scored += slice.len() as u64;
                watch.reached(scored);
                if let Some(aside) = aside.as_mut() {
                    aside.save(slice.iter().map(|(id, summary)| {
                        (*id, revision(&cached, *id), summary.to_cache_bytes())
                    }));
                }
            })?;
            Ok((cached, model_key, fresh, aside, churned))
        })?;

        let rescored = fresh.len();
        // Caching is an optimisation: a failure to write it must not fail the read.
        match aside {
            Some(aside) => {
                let _ = aside.finish();
            }
            None if rescored > 0 => {
                let revisions: Vec<(AccountId, i64)> =
                    cached.iter().map(|c| (c.account.id, c.revision)).collect();
                let _ = save(store, &revisions, &fresh, as_of, &model_key);
            }
            None => {}
        }
        let mut fresh = fresh.into_iter().peekable();
        let accounts: Vec<BookEntry> = cached
            .into_iter()
            .filter_map(|CachedAccount { account, summary, .. }| {
                let summary = summary.or_else(|| {
                    fresh.next_if(|(id, _)| *id == account.id).map(|(_, summary)| summary)
                })?;
                let churned = churned.contains(&account.id);
                Some(BookEntry { account, summary, churned })
            })
            .collect();
        let metrics = active_metrics(&accounts, as_of);
        Ok(Self { as_of, accounts, metrics, rescored })
    }

    /// Scores every account from its facts, ignoring the cache and leaving it untouched.
    ///
    /// # Errors
    /// The store could not be read.
    pub fn score_all(store: &Store, config: &Config, as_of: NaiveDate) -> StoreResult<Self> {
        store.snapshot(|store| {
            let churned = store.churned_at(as_of)?;
            let catalog = store.feature_catalog()?;
            let accounts = store.accounts()?;
            let fresh = summarize(
                store,
                config,
                &catalog,
                as_of,
                &accounts.iter().collect::<Vec<_>>(),
                &[],
                |_| {},
            )?;
            let accounts: Vec<BookEntry> = accounts
                .into_iter()
                .zip(fresh)
                .map(|(account, (_, summary))| {
                    let churned = churned.contains(&account.id);
                    BookEntry { account, summary, churned }
                })
                .collect();
            let metrics = active_metrics(&accounts, as_of);
            Ok(Self { as_of, rescored: accounts.len(), accounts, metrics })
        })
    }

    /// How many accounts the list holds before its other filters: the active book, or with
    /// `churned` the accounts churned at the as-of date (the metrics count the active ones).
    #[must_use]
    pub fn listed(&self, churned: bool) -> usize {
        if churned {
            self.accounts.len().saturating_sub(self.metrics.accounts)
        } else {
            self.metrics.accounts
        }
    }

    /// The accounts of the active book (not churned at the as-of date), by id.
    pub fn active(&self) -> impl Iterator<Item = &BookEntry> {
        self.accounts.iter().filter(|e| !e.churned)
    }

    /// The accounts of the active book that need attention, most first (points, then ARR, then
    /// name).
    #[must_use]
    pub fn by_attention(&self) -> Vec<&BookEntry> {
        let mut ranked: Vec<&BookEntry> =
            self.active().filter(|e| e.summary.attention > 0).collect();
        ranked.sort_by(|a, b| {
            b.summary
                .attention
                .cmp(&a.summary.attention)
                .then(b.account.arr_cents.cmp(&a.account.arr_cents))
                .then_with(|| a.account.name.cmp(&b.account.name))
        });
        ranked
    }
}

impl ScoredBook {
    /// Scores one account again after an edit and puts its new summary in the book (or takes
    /// it out when the account is gone); the book metrics follow. The fresh summary is written
    /// to the cache like any other. Returns the account's index when it stayed in place (the
    /// other accounts kept theirs).
    ///
    /// # Errors
    /// The store could not be read.
    pub fn rescore(
        &mut self,
        store: &mut Store,
        config: &Config,
        id: AccountId,
    ) -> StoreResult<Option<usize>> {
        let as_of = self.as_of;
        let (model_key, revision, account, fresh, churned) = store.snapshot(|store| {
            let churned = store.account_churned_at(id, as_of)?;
            let catalog = store.feature_catalog()?;
            let model_key = fingerprint(config, &catalog);
            let revision = store.account_revision(id)?;
            let account = store.account(id)?;
            let fresh = match &account {
                Some(account) => {
                    summarize(store, config, &catalog, as_of, &[account], &[], |_| {})?
                }
                None => Vec::new(),
            };
            Ok((model_key, revision, account, fresh, churned))
        })?;
        let at = self.accounts.binary_search_by_key(&id, |e| e.account.id);
        let in_place = match (account, fresh.into_iter().next(), at) {
            (Some(account), Some((_, summary)), at) => {
                if let Some(revision) = revision {
                    // As in `load`: the cache is an optimisation, its failure not the edit's.
                    let _ = cache_one(store, id, revision, as_of, &model_key, &summary);
                }
                let entry = BookEntry { account, summary, churned };
                match at {
                    Ok(i) => {
                        self.accounts[i] = entry;
                        Some(i)
                    }
                    Err(i) => {
                        self.accounts.insert(i, entry);
                        None
                    }
                }
            }
            (_, _, Ok(i)) => {
                self.accounts.remove(i);
                None
            }
            _ => None,
        };
        self.metrics = active_metrics(&self.accounts, as_of);
        Ok(in_place)
    }
}

/// The metrics of the active book: churned accounts leave the totals.
fn active_metrics(accounts: &[BookEntry], as_of: NaiveDate) -> BookMetrics {
    let active = accounts.iter().filter(|e| !e.churned);
    BookMetrics::of(active.map(|e| (&e.account, &e.summary)), as_of)
}

fn cache_one(
    store: &mut Store,
    id: AccountId,
    revision: i64,
    as_of: NaiveDate,
    model_key: &str,
    summary: &AccountSummary,
) -> StoreResult<()> {
    let writer = store.writer()?;
    writer.save_score(id, revision, as_of, model_key, &summary.to_cache_bytes())?;
    writer.commit()
}

/// How many accounts loading the book at `as_of` will score, at least: those without a summary
/// cached for this date and model. A summary cached for an older revision of its account is not
/// counted (an edit rescores only what it touched), so this costs two counts, not a read of the
/// book, and a start can afford it to decide whether to announce a long scoring.
///
/// # Errors
/// The store could not be read.
pub fn accounts_to_score(store: &Store, config: &Config, as_of: NaiveDate) -> StoreResult<usize> {
    store.snapshot(|store| {
        let model_key = fingerprint(config, &store.feature_catalog()?);
        let cached = store.cached_score_count(as_of, &model_key)?;
        Ok(store.account_count()?.saturating_sub(cached))
    })
}

/// Scores the accounts `ids` (sorted) from their facts.
/// Scores `accounts` (in id order) from their facts at `as_of`, handing each slice of fresh
/// summaries to `scored` as soon as it is done. The accounts in `bare` (in id order) are known
/// to have no facts but themselves, and are scored without reading the store.
///
/// The slices of a large pass are shared with a second connection on the same file, on a thread
/// of its own: reading a slice's facts and scoring them takes one core, and a large book has
/// many slices. That connection reads its own snapshot; should a write land between the two, an account
/// scored from the later facts is cached under the earlier revision, which only makes the next
/// load score it again.
fn summarize(
    store: &Store,
    config: &Config,
    catalog: &FeatureCatalog,
    as_of: NaiveDate,
    accounts: &[&Account],
    bare: &[AccountId],
    mut scored: impl FnMut(&[(AccountId, AccountSummary)]),
) -> StoreResult<Vec<(AccountId, AccountSummary)>> {
    let request = facts_request(as_of, &config.scoring, Depth::Report);
    let model = Model::new(&config.scoring, catalog);
    let score_slice = |store: &Store, accounts: &[&Account]| -> StoreResult<Vec<_>> {
        let (bare, read): (Vec<&Account>, Vec<&Account>) =
            accounts.iter().partition(|a| bare.binary_search(&a.id).is_ok());
        let mut facts = store.facts_of(read.into_iter().cloned().collect(), &request)?;
        facts.extend(bare.into_iter().cloned().map(AccountFacts::new));
        facts.sort_unstable_by_key(|f| f.account.id);
        Ok(facts
            .iter()
            .map(|facts| {
                let score = score_account(facts, &model, as_of, Depth::Report);
                let attention = Attention::of(facts, &score, as_of);
                (facts.account.id, AccountSummary::of(facts, &score, &attention, &model))
            })
            .collect())
    };
    // A few accounts are read one by one: a slice's queries cover the range of ids between its
    // first and last account, which for scattered accounts is most of the book.
    let slice = if accounts.len() < BOOK_LOAD_THRESHOLD { 1 } else { SLICE };
    let slices: Vec<&[&Account]> = accounts.chunks(slice).collect();
    // Worth a second connection only for a book-sized pass: a few slices are over before it
    // pays for itself, and slices of accounts created moments ago read nothing.
    let reading = slices.iter().filter(|s| s.iter().any(|a| bare.binary_search(&a.id).is_err()));
    let second = (slice == SLICE && reading.count() >= SHARED_SLICES)
        .then(|| store.handle()?.open().ok())
        .flatten();
    let Some(second) = second else {
        let mut summaries = Vec::with_capacity(accounts.len());
        for accounts in slices {
            let done = summaries.len();
            summaries.extend(score_slice(store, accounts)?);
            scored(&summaries[done..]);
        }
        return Ok(summaries);
    };
    // Each connection takes the next slice not yet taken, so the one that ends its slices
    // first (the other also has the caller's work between them) takes more; put back in order
    // at the end.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let take = || {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        slices.get(i).map(|&accounts| (i, accounts))
    };
    let mut done: Vec<(usize, Vec<(AccountId, AccountSummary)>)> = Vec::with_capacity(slices.len());
    std::thread::scope(|scope| {
        let (sender, received) = std::sync::mpsc::channel();
        let (score_slice, take) = (&score_slice, &take);
        let helper = scope.spawn(move || {
            second.snapshot(|second| {
                while let Some((i, accounts)) = take() {
                    if sender.send((i, score_slice(second, accounts)?)).is_err() {
                        break;
                    }
                }
                Ok(())
            })
        });
        while let Some((i, accounts)) = take() {
            let mine = score_slice(store, accounts)?;
            scored(&mine);
            done.push((i, mine));
            for (j, theirs) in received.try_iter() {
                scored(&theirs);
                done.push((j, theirs));
            }
        }
        for (j, theirs) in received.iter() {
            scored(&theirs);
            done.push((j, theirs));
        }
        // A panic there is a bug like one here: it goes on unwinding, not turned into an error.
        helper.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })?;
    done.sort_unstable_by_key(|(i, _)| *i);
    Ok(done.into_iter().flat_map(|(_, summaries)| summaries).collect())
}

/// The revision `cached` (in account order) holds for `id`.
fn revision(cached: &[CachedAccount<AccountSummary>], id: AccountId) -> i64 {
    cached.binary_search_by_key(&id, |c| c.account.id).map_or(0, |i| cached[i].revision)
}

fn save(
    store: &mut Store,
    revisions: &[(AccountId, i64)],
    fresh: &[(AccountId, AccountSummary)],
    as_of: NaiveDate,
    model_key: &str,
) -> StoreResult<()> {
    let encoded: Vec<(AccountId, i64, Vec<u8>)> = fresh
        .iter()
        .filter_map(|(id, summary)| {
            let i = revisions.binary_search_by_key(id, |(id, _)| *id).ok()?;
            Some((*id, revisions[i].1, summary.to_cache_bytes()))
        })
        .collect();
    let writer = store.writer()?;
    writer.save_scores(&encoded, as_of, model_key)?;
    writer.prune_scores()?;
    writer.commit()
}

/// Scores the accounts `changed` (in id order) at `as_of` and caches their summaries, without
/// reading the rest of the book: what an import does for the accounts it changed, so that the
/// next look at the book finds them scored. The accounts in `created` (among `changed`) were
/// created by the import and have no other facts yet: they are scored from the account alone,
/// without reading anything. Returns how many were scored.
///
/// # Errors
/// The store could not be read. (A cache that could not be written is no error: the next load
/// scores those accounts again.)
pub fn rescore_changed(
    store: &mut Store,
    config: &Config,
    as_of: NaiveDate,
    changed: &[AccountId],
    mut created: Vec<Account>,
) -> StoreResult<usize> {
    created.sort_unstable_by_key(|a| a.id);
    let bare: Vec<AccountId> = created.iter().map(|a| a.id).collect();
    let stored: Vec<AccountId> =
        changed.iter().copied().filter(|id| bare.binary_search(id).is_err()).collect();
    let (revisions, model_key, fresh, aside) = store.snapshot(|store| {
        let catalog = store.feature_catalog()?;
        let model_key = fingerprint(config, &catalog);
        let found = store.accounts_with_revisions(&stored)?;
        let mut revisions: Vec<(AccountId, i64)> = found.iter().map(|(a, r)| (a.id, *r)).collect();
        revisions.extend(store.revisions(&bare)?);
        revisions.sort_unstable_by_key(|(id, _)| *id);
        let mut accounts: Vec<&Account> = found.iter().map(|(a, _)| a).collect();
        accounts.extend(
            created.iter().filter(|a| revisions.binary_search_by_key(&a.id, |(id, _)| *id).is_ok()),
        );
        accounts.sort_unstable_by_key(|a| a.id);
        let mut aside = aside_for(store, accounts.len(), as_of, &model_key);
        let fresh = summarize(store, config, &catalog, as_of, &accounts, &bare, |slice| {
            if let Some(aside) = aside.as_mut() {
                aside.save(slice.iter().map(|(id, summary)| {
                    let at = revisions.binary_search_by_key(id, |(id, _)| *id);
                    (*id, at.map_or(0, |i| revisions[i].1), summary.to_cache_bytes())
                }));
            }
        })?;
        Ok((revisions, model_key, fresh, aside))
    })?;
    match aside {
        Some(aside) => {
            let _ = aside.finish();
        }
        None if !fresh.is_empty() => {
            let _ = save(store, &revisions, &fresh, as_of, &model_key);
        }
        None => {}
    }
    Ok(fresh.len())
}

/// Scores one account in full at `as_of`: the reasons, explanations and (with
/// `Depth::WithSparkline`) the weekly health the book-wide summary leaves out.
///
/// # Errors
/// The store could not be read.
pub fn account_detail(
    store: &Store,
    config: &Config,
    id: AccountId,
    as_of: NaiveDate,
    depth: Depth,
) -> StoreResult<Option<AccountDetail>> {
    store.snapshot(|store| {
        let catalog = store.feature_catalog()?;
        let Some(facts) = store.account_facts(id, &facts_request(as_of, &config.scoring, depth))?
        else {
            return Ok(None);
        };
        let model = Model::new(&config.scoring, &catalog);
        let score = score_account(&facts, &model, as_of, depth);
        let attention = Attention::of(&facts, &score, as_of);
        let explanation = Explanation::of(&score, &model);
        Ok(Some(AccountDetail { facts, score, attention, explanation, catalog }))
    })
}

#[cfg(test)]
mod tests {
    use super::{SHARED_SLICES, SLICE, aside_for};
    use crate::store::{Store, testing};

    /// A pass that may read with a second connection writes the cache beside it on a third
    /// only where connections cost the team nothing (a file); on a server it writes the cache
    /// itself after the read, so a scoring holds two connections at most. A pass of one slice
    /// reads on one connection and keeps its writer beside, on either.
    #[test]
    fn a_scoring_on_a_server_holds_two_connections_at_most() {
        let as_of = "2026-11-24".parse().expect("date");
        let shared = SHARED_SLICES * SLICE;
        let dir = tempfile::tempdir().expect("dir");
        let file = Store::create(&dir.path().join("book.db")).expect("book");
        let aside = aside_for(&file, shared, as_of, "m").expect("a writer beside, on a file");
        assert!(aside.finish());
        for (engine, store) in testing::stores("aside_for") {
            if store.handle().is_some_and(|handle| handle.on_server()) {
                assert!(aside_for(&store, shared, as_of, "m").is_none(), "{engine}");
                let one = aside_for(&store, SLICE, as_of, "m").expect("one slice: a writer");
                assert!(one.finish(), "{engine}");
            }
        }
    }
}
