//! Health at many past dates at once (SPEC 12): the backtest and the band rates need every
//! renewal record's account scored a lead before its due date, tens of thousands of (account,
//! date) pairs. They are grouped by date and each date's facts are read once, for its accounts
//! only, then scored by the engine as any report would. The one part of `outcomes` that reads the
//! store; it writes nothing (the score cache keeps the recent dates of reports, not history).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::backtest::BacktestRow;
use super::rates::BandRates;
use crate::config::Config;
use crate::domain::{Account, AccountId, RenewalRecord, back};
use crate::scoring::{
    Band, Depth, Model, SignalCode, facts_request, round_to_tenth, score_account,
};
use crate::store::{Store, StoreResult};

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
    let mut by_date: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    for (i, probe) in probes.iter().enumerate() {
        by_date.entry(probe.date).or_default().push(i);
    }
    let mut out: Vec<Option<PastHealth>> = vec![None; probes.len()];
    store.snapshot(|store| {
        let catalog = store.feature_catalog()?;
        let model = Model::new(&config.scoring, &catalog);
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
                let Ok(slot) = facts.binary_search_by_key(&probe.account_id, |f| f.account.id)
                else {
                    continue;
                };
                let facts = &mut facts[slot];
                facts.account.renewal_date = probe.renewal_date;
                facts.account.arr_cents = probe.arr_cents;
                let score = score_account(facts, &model, date, Depth::Report);
                let c = &score.components;
                let components = [
                    c.usage.value,
                    c.adoption.value,
                    Some(c.support.value),
                    Some(c.engagement.value),
                ]
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
        Ok(())
    })?;
    Ok(out)
}

/// The backtest rows of `records` (those known at `as_of`), each scored `lead_days` before its
/// due date with the record's due date as the renewal date and its `arr_before` as the ARR.
/// Records of accounts the store no longer has are left out.
///
/// # Errors
/// The store could not be read.
pub fn backtest_rows(
    store: &Store,
    config: &Config,
    records: &[RenewalRecord],
    as_of: NaiveDate,
    lead_days: u32,
) -> StoreResult<Vec<BacktestRow>> {
    let known: Vec<&RenewalRecord> = records.iter().filter(|r| r.known_at(as_of)).collect();
    let probes: Vec<Probe> = known
        .iter()
        .map(|r| Probe {
            account_id: r.account_id,
            date: back(r.due, i64::from(lead_days)),
            renewal_date: Some(r.due),
            arr_cents: r.arr_before,
        })
        .collect();
    let health = health_at(store, config, &probes)?;
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

/// The band rates learnt from the records known at `as_of`, at the configured lead.
///
/// # Errors
/// The store could not be read.
pub fn learnt_rates(
    store: &Store,
    config: &Config,
    records: &[RenewalRecord],
    as_of: NaiveDate,
) -> StoreResult<BandRates> {
    let rows = backtest_rows(store, config, records, as_of, config.outcomes.lead_days)?;
    Ok(BandRates::learnt(&config.outcomes, rows.iter().map(|r| (r.band, !r.churned()))))
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
}
