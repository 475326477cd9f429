//! Health at many past dates at once (SPEC 12): the backtest and the band rates need every
//! renewal record's account scored a lead before its due date, tens of thousands of (account,
//! date) pairs. They are grouped by date and each date's facts are read once, for its accounts
//! only, then scored by the engine as any report would. The one part of `outcomes` that reads the
//! store; what it writes is only its own cache of these scores (see `store::outcome_cache`).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::backtest::BacktestRow;
use super::rates::BandRates;
use crate::config::Config;
use crate::domain::{Account, AccountId, RenewalRecord, back};
use crate::scoring::{
    Band, CodeSet, Depth, Model, SignalCode, facts_request, round_to_tenth, score_account,
};
use crate::store::{Store, StoreResult};

/// How much of the book's file a pass over many past dates maps into memory: all of any book
/// csm is made for (the address space is reserved, not the memory).
const MAPPED_BYTES: i64 = 1 << 34;

/// An account to score at a past date, with the renewal date and ARR to score it under (a
/// backtest row's are its record's `due` and `arr_before`, not the account's current ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probe {
    pub account_id: AccountId,
    pub date: NaiveDate,
    pub renewal_date: Option<NaiveDate>,
    pub arr_cents: i64,
}

/// What the engine said at a past date, as reports print it: the integer health, its band, the
/// components rounded to one decimal, the risk signals that fired.
#[derive(Debug, Clone, PartialEq)]
pub struct PastHealth {
    pub health: Option<i64>,
    pub band: Band,
    /// Usage, adoption, support, engagement.
    pub components: [Option<f64>; 4],
    pub signals: Vec<SignalCode>,
}

/// The health at each probe, in the probes' order; `None` for an account the store no longer
/// has. One read snapshot; each date's facts are read once for the accounts probed at it.
///
/// # Errors
/// The store could not be read.
pub fn health_at(
    store: &Store,
    config: &Config,
    probes: &[Probe],
) -> StoreResult<Vec<Option<PastHealth>>> {
    store.snapshot(|store| {
        let catalog = store.feature_catalog()?;
        score_probes(store, config, &Model::new(&config.scoring, &catalog), probes)
    })
}

/// [`health_at`] inside the caller's snapshot.
fn score_probes(
    store: &Store,
    config: &Config,
    model: &Model<'_>,
    probes: &[Probe],
) -> StoreResult<Vec<Option<PastHealth>>> {
    let mut by_date: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    for (i, probe) in probes.iter().enumerate() {
        by_date.entry(probe.date).or_default().push(i);
    }
    let mut out: Vec<Option<PastHealth>> = vec![None; probes.len()];
    let accounts = store.accounts()?;
    let find =
        |id: AccountId| accounts.binary_search_by_key(&id, |a| a.id).ok().map(|i| &accounts[i]);
    for (date, mut at) in by_date {
        at.sort_by_key(|&i| probes[i].account_id);
        let mut read: Vec<Account> =
            at.iter().filter_map(|&i| find(probes[i].account_id)).cloned().collect();
        read.dedup_by_key(|a| a.id);
        let request = facts_request(date, &config.scoring, Depth::Report);
        let mut facts = store.facts_among(read, &request)?;
        for &i in &at {
            let probe = probes[i];
            let Ok(slot) = facts.binary_search_by_key(&probe.account_id, |f| f.account.id) else {
                continue;
            };
            let facts = &mut facts[slot];
            facts.account.renewal_date = probe.renewal_date;
            facts.account.arr_cents = probe.arr_cents;
            let score = score_account(facts, model, date, Depth::Report);
            let c = &score.components;
            let components =
                [c.usage.value, c.adoption.value, Some(c.support.value), Some(c.engagement.value)]
                    .map(|v| v.map(round_to_tenth));
            let mut signals: Vec<SignalCode> = score.signals.iter().map(|s| s.code).collect();
            signals.sort_by_key(|code| SignalCode::ALL.iter().position(|c| c == code));
            out[i] = Some(PastHealth {
                health: score.health.value,
                band: score.health.band,
                components,
                signals,
            });
        }
    }
    Ok(out)
}

impl PastHealth {
    /// The bytes the past-health cache keeps: the health (`i64::MIN` for none), the band's
    /// place in [`Band::ALL`], each component (NaN for none) and the signals as a bit set.
    fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(45);
        bytes.extend(self.health.unwrap_or(i64::MIN).to_le_bytes());
        let band = Band::ALL.iter().position(|b| *b == self.band).unwrap_or(0);
        bytes.push(u8::try_from(band).unwrap_or(0));
        for c in self.components {
            bytes.extend(c.unwrap_or(f64::NAN).to_le_bytes());
        }
        bytes.extend(CodeSet::of(self.signals.iter().copied(), SignalCode::ALL).0.to_le_bytes());
        bytes
    }

    /// The band alone of what [`PastHealth::to_bytes`] wrote.
    fn band_from_bytes(bytes: &[u8]) -> Option<Band> {
        Band::ALL.get(usize::from(*bytes.get(8)?)).copied()
    }

    /// What [`PastHealth::to_bytes`] wrote; `None` for anything else.
    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let (health, rest) = bytes.split_first_chunk::<8>()?;
        let (&band, mut rest) = rest.split_first()?;
        let health = i64::from_le_bytes(*health);
        let mut components = [None; 4];
        for c in &mut components {
            let (value, tail) = rest.split_first_chunk::<8>()?;
            let value = f64::from_le_bytes(*value);
            *c = (!value.is_nan()).then_some(value);
            rest = tail;
        }
        let signals: [u8; 4] = rest.try_into().ok()?;
        Some(Self {
            health: (health != i64::MIN).then_some(health),
            band: *Band::ALL.get(usize::from(band))?,
            components,
            signals: CodeSet(u32::from_le_bytes(signals)).codes(SignalCode::ALL),
        })
    }
}

/// The backtest rows of `records` (those known at `as_of`), each scored `lead_days` before its
/// due date with the record's due date as the renewal date and its `arr_before` as the ARR.
/// Records of accounts the store no longer has are left out.
///
/// Rows are taken from the past-health cache where it is valid for the model and the account's
/// facts; the others are scored and written back (when the book can be written: a read-only
/// book is only slower), so the band rates of the next forecast cost a read.
///
/// # Errors
/// The store could not be read.
pub fn backtest_rows(
    store: &mut Store,
    config: &Config,
    records: &[RenewalRecord],
    as_of: NaiveDate,
    lead_days: u32,
) -> StoreResult<Vec<BacktestRow>> {
    let known: Vec<&RenewalRecord> = records.iter().filter(|r| r.known_at(as_of)).collect();
    let health = past_health_of(store, config, &known, lead_days, PastHealth::from_bytes, |p| p)?;
    Ok(known
        .into_iter()
        .zip(health)
        .filter_map(|(r, health)| {
            let health = health?;
            Some(BacktestRow {
                account_id: r.account_id,
                due: r.due,
                outcome: r.outcome,
                arr_before: r.arr_before,
                arr_after: r.arr_after,
                health: health.health,
                band: health.band,
                components: health.components,
                signals: health.signals,
            })
        })
        .collect())
}

/// For each of `known`, what `pick` takes of its health `lead_days` before its due date: read by
/// `decode` from the past-health cache where valid, else scored from the facts (and written
/// back). `None` for a record of an account the store no longer has.
fn past_health_of<T: Clone>(
    store: &mut Store,
    config: &Config,
    known: &[&RenewalRecord],
    lead_days: u32,
    decode: fn(&[u8]) -> Option<T>,
    pick: fn(PastHealth) -> T,
) -> StoreResult<Vec<Option<T>>> {
    let (picked, model_key, fresh, revisions) = store.mapped(MAPPED_BYTES, |store| {
        store.snapshot(|store| {
            let catalog = store.feature_catalog()?;
            let model_key = crate::book::fingerprint(config, &catalog);
            let cached = store.past_health(lead_days, &model_key, decode)?;
            let lookup = |r: &RenewalRecord| {
                cached
                    .binary_search_by(|(id, due, _)| (*id, *due).cmp(&(r.account_id, r.due)))
                    .ok()
                    .map(|i| cached[i].2.clone())
            };
            let mut picked: Vec<Option<T>> = known.iter().map(|r| lookup(r)).collect();
            let missing: Vec<usize> = (0..known.len()).filter(|&i| picked[i].is_none()).collect();
            let probes: Vec<Probe> = missing
                .iter()
                .map(|&i| Probe {
                    account_id: known[i].account_id,
                    date: back(known[i].due, i64::from(lead_days)),
                    renewal_date: Some(known[i].due),
                    arr_cents: known[i].arr_before,
                })
                .collect();
            let model = Model::new(&config.scoring, &catalog);
            let scored = score_probes(store, config, &model, &probes)?;
            let mut fresh = Vec::new();
            for (i, past) in missing.into_iter().zip(scored) {
                if let Some(past) = past {
                    fresh.push((known[i].account_id, known[i].due, past.to_bytes()));
                    picked[i] = Some(pick(past));
                }
            }
            let revisions = if fresh.is_empty() { Vec::new() } else { store.all_revisions()? };
            Ok((picked, model_key, fresh, revisions))
        })
    })?;
    if !fresh.is_empty() {
        // The cache is an optimisation: a book that cannot be written is only slower.
        let _ = save(store, &fresh, lead_days, &model_key, &revisions);
    }
    Ok(picked)
}

fn save(
    store: &mut Store,
    fresh: &[(AccountId, NaiveDate, Vec<u8>)],
    lead: u32,
    model_key: &str,
    revisions: &[(AccountId, i64)],
) -> StoreResult<()> {
    let writer = store.writer()?;
    for (id, due, bytes) in fresh {
        if let Ok(i) = revisions.binary_search_by_key(id, |(id, _)| *id) {
            writer.save_past_health(*id, *due, lead, model_key, revisions[i].1, bytes)?;
        }
    }
    writer.commit()
}

/// The band rates learnt from the records known at `as_of`, at the configured lead. Only each
/// record's band is read from the cache, so a forecast pays little for its rates once a backtest
/// or an earlier forecast has scored the history.
///
/// # Errors
/// The store could not be read.
pub fn learnt_rates(
    store: &mut Store,
    config: &Config,
    records: &[RenewalRecord],
    as_of: NaiveDate,
) -> StoreResult<BandRates> {
    let known: Vec<&RenewalRecord> = records.iter().filter(|r| r.known_at(as_of)).collect();
    let lead = config.outcomes.lead_days;
    let bands =
        past_health_of(store, config, &known, lead, PastHealth::band_from_bytes, |p| p.band)?;
    let history = known.iter().zip(bands).filter_map(|(r, band)| Some((band?, !r.churned())));
    Ok(BandRates::learnt(&config.outcomes, history))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UsageDay;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// Account 1 (10 seats) had 2 active users a day from January to March 2026, then 8 a day
    /// from April to June; account 2 has no usage at all. Neither has contacts or tickets.
    fn store() -> (Store, AccountId, AccountId) {
        let mut store = Store::open_in_memory().unwrap();
        let writer = store.writer().unwrap();
        let one = Account { seats_licensed: Some(10), ..Account::named("A-1", "Northwind") };
        let one = writer.insert_account(&one).unwrap();
        let two = writer.insert_account(&Account::named("A-2", "Contoso")).unwrap();
        let days: Vec<UsageDay> = day("2026-01-01")
            .iter_days()
            .take_while(|d| *d <= day("2026-06-30"))
            .map(|date| UsageDay {
                date,
                active_users: if date < day("2026-04-01") { 2 } else { 8 },
                events: None,
            })
            .collect();
        writer.upsert_usage(one, &days).unwrap();
        writer.commit().unwrap();
        (store, one, two)
    }

    fn probe(account: AccountId, date: &str, renewal: &str) -> Probe {
        Probe {
            account_id: account,
            date: day(date),
            renewal_date: Some(day(renewal)),
            arr_cents: 1_000_000,
        }
    }

    #[test]
    fn accounts_are_scored_at_each_probe_s_date_from_the_facts_of_that_date() {
        let (store, one, two) = store();
        let config = Config::default();
        let probes = [
            probe(one, "2026-06-30", "2026-09-28"),
            probe(one, "2026-03-31", "2026-06-29"),
            probe(two, "2026-06-30", "2026-09-28"),
            probe(AccountId(99), "2026-06-30", "2026-09-28"),
        ];
        let health = health_at(&store, &config, &probes).unwrap();
        // 30 June: 8 of 10 seats, utilization 0.8, usage 100; no feature rows, adoption no data;
        // support 80 (no ticket); engagement 0 (no contact).
        // Health (40 * 100 + 20 * 80 + 10 * 0) / 70 = 80: healthy.
        let june = health[0].as_ref().unwrap();
        assert_eq!((june.health, june.band), (Some(80), Band::Healthy));
        assert_eq!(june.components, [Some(100.0), None, Some(80.0), Some(0.0)]);
        assert!(!june.signals.contains(&SignalCode::RenewalAtRisk), "healthy");
        // 31 March: 2 of 10 seats, utilization 0.2, usage 100 * 0.2 / 0.8 = 25.
        // Health (40 * 25 + 1600) / 70 = 37.14 -> 37: at risk; its renewal (the probe's, 90
        // days on) is at risk and its utilization low.
        let march = health[1].as_ref().unwrap();
        assert_eq!((march.health, march.band), (Some(37), Band::AtRisk));
        assert_eq!(march.components[0], Some(25.0));
        assert!(march.signals.contains(&SignalCode::RenewalAtRisk), "{:?}", march.signals);
        assert!(march.signals.contains(&SignalCode::LowUtilization));
        // Account 2 has no usage: health (20 * 80 + 0) / 30 = 53.33 -> 53, watch.
        let other = health[2].as_ref().unwrap();
        assert_eq!((other.health, other.band, other.components[0]), (Some(53), Band::Watch, None));
        // An account the store does not have.
        assert_eq!(health[3], None);
    }

    #[test]
    fn the_batch_agrees_with_the_engine_one_account_at_a_time() {
        let (store, one, two) = store();
        let config = Config::default();
        let dates = ["2026-02-10", "2026-04-15", "2026-05-01", "2026-06-30"];
        let probes: Vec<Probe> = dates
            .iter()
            .flat_map(|d| [probe(one, d, "2027-01-01"), probe(two, d, "2027-01-01")])
            .collect();
        let batch = health_at(&store, &config, &probes).unwrap();
        for (probe, batch) in probes.iter().zip(batch) {
            let detail = crate::book::account_detail(
                &store,
                &config,
                probe.account_id,
                probe.date,
                Depth::Report,
            )
            .unwrap()
            .unwrap();
            let batch = batch.unwrap();
            assert_eq!(batch.health, detail.score.health.value, "{probe:?}");
            assert_eq!(batch.band, detail.score.health.band);
            let usage = detail.score.components.usage.value.map(round_to_tenth);
            assert_eq!(batch.components[0], usage, "{probe:?}");
        }
    }

    fn record(account: AccountId, due: &str, churned: bool) -> RenewalRecord {
        use crate::domain::{RecordSource, RenewalOutcome};
        RenewalRecord {
            account_id: account,
            due: day(due),
            closed_on: day(due),
            outcome: if churned { RenewalOutcome::Churned } else { RenewalOutcome::Renewed },
            arr_before: 1_000_000,
            arr_after: if churned { 0 } else { 1_000_000 },
            note: None,
            source: RecordSource::Recorded,
        }
    }

    #[test]
    fn past_health_is_cached_and_scored_again_once_the_facts_change() {
        let (mut store, one, two) = store();
        let config = Config::default();
        // Due 2026-06-29: scored on 2026-03-31 (usage 25, at risk, as above). The other account
        // has no usage: 53, watch. A record closed after the as-of date is not known yet.
        let records = [
            record(one, "2026-06-29", true),
            record(two, "2026-09-28", false),
            record(two, "2026-12-01", false),
        ];
        let as_of = day("2026-11-24");
        let first = backtest_rows(&mut store, &config, &records, as_of, 90).unwrap();
        let health: Vec<Option<i64>> = first.iter().map(|r| r.health).collect();
        assert_eq!(health, [Some(37), Some(53)]);
        let key = crate::book::fingerprint(&config, &store.feature_catalog().unwrap());
        let cached = store.past_health(90, &key, PastHealth::from_bytes).unwrap();
        assert_eq!(cached.len(), 2, "both rows cached");
        assert_eq!(backtest_rows(&mut store, &config, &records, as_of, 90).unwrap(), first);
        // Eight active users a day in March too: account one's facts moved, its row is stale.
        let writer = store.writer().unwrap();
        let march: Vec<UsageDay> = day("2026-03-01")
            .iter_days()
            .take(31)
            .map(|date| UsageDay { date, active_users: 8, events: None })
            .collect();
        writer.upsert_usage(one, &march).unwrap();
        writer.commit().unwrap();
        let again = backtest_rows(&mut store, &config, &records, as_of, 90).unwrap();
        assert_eq!(again[0].health, Some(80), "scored again from the new facts");
        assert_eq!(again[1], first[1]);
    }

    #[test]
    fn the_band_rates_read_the_bands_of_the_backtest_rows_cached_or_not() {
        let (mut store, one, two) = store();
        let config = Config::default();
        let records = [record(one, "2026-06-29", true), record(two, "2026-09-28", false)];
        let as_of = day("2026-11-24");
        // Nothing cached yet: at risk (one, churned), watch (two, renewed).
        let cold = learnt_rates(&mut store, &config, &records, as_of).unwrap();
        assert_eq!(cold.count(Band::AtRisk), crate::outcomes::BandCount { count: 1, renewed: 0 });
        assert_eq!(cold.count(Band::Watch), crate::outcomes::BandCount { count: 1, renewed: 1 });
        let rows = backtest_rows(&mut store, &config, &records, as_of, 90).unwrap();
        let from_rows =
            BandRates::learnt(&config.outcomes, rows.iter().map(|r| (r.band, !r.churned())));
        assert_eq!(cold, from_rows);
        // From the cache now.
        assert_eq!(learnt_rates(&mut store, &config, &records, as_of).unwrap(), from_rows);
    }

    #[test]
    fn the_cached_bytes_read_back_as_written() {
        let past = PastHealth {
            health: Some(61),
            band: Band::Watch,
            components: [None, Some(12.5), Some(80.0), Some(0.0)],
            signals: vec![SignalCode::UsageDrop, SignalCode::GoneDark],
        };
        assert_eq!(PastHealth::from_bytes(&past.to_bytes()), Some(past));
        let unscored = PastHealth {
            health: None,
            band: Band::Unscored,
            components: [None; 4],
            signals: vec![],
        };
        assert_eq!(PastHealth::from_bytes(&unscored.to_bytes()), Some(unscored));
        assert_eq!(PastHealth::from_bytes(b"short"), None);
    }
}
