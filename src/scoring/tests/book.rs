//! Book metrics (SPEC 4.6).

use super::{Fixture, ago, ahead};
use crate::domain::AccountId;
use crate::scoring::{AccountSummary, Attention, Band, BookMetrics, Depth, Model, score_account};

/// An account renewing `days` from D (none for `None`) with `arr` dollars; no usage, no
/// contacts: health 53 (watch), see the health tests.
fn renewing(id: i64, days: Option<i64>, arr: i64) -> Fixture {
    let mut f = Fixture::new(None);
    f.facts.account.id = AccountId(id);
    f.facts.account.arr_cents = arr * 100;
    f.facts.account.renewal_date =
        days.map(|n| if n < 0 { ago(-n) } else { ahead(n.unsigned_abs()) });
    f
}

fn metrics(book: &[Fixture]) -> BookMetrics {
    let config = &book[0].config;
    let model = Model::new(config, &book[0].catalog);
    let summaries: Vec<AccountSummary> = book
        .iter()
        .map(|f| {
            let facts = f.facts_at(super::d(), Depth::Report);
            let score = score_account(&facts, &model, super::d(), Depth::Report);
            let attention = Attention::of(&facts, &score, super::d());
            AccountSummary::of(&facts, &score, &attention, &model)
        })
        .collect();
    BookMetrics::of(book.iter().map(|f| &f.facts.account).zip(&summaries), super::d())
}

#[test]
fn renewals_due_count_days_from_zero_to_n() {
    // Renewals at -1, 0, 30, 31, 90, 120, 121 days and none; ARR 1..=8 thousand dollars.
    let book: Vec<Fixture> =
        [Some(-1), Some(0), Some(30), Some(31), Some(90), Some(120), Some(121), None]
            .iter()
            .enumerate()
            .map(|(i, &days)| {
                renewing(
                    i64::try_from(i).unwrap() + 1,
                    days,
                    1000 * (i64::try_from(i).unwrap() + 1),
                )
            })
            .collect();
    let m = metrics(&book);
    // 30: 0 and 30 days (accounts 2, 3: $2k + $3k). 60: + 31 (account 4, $4k). 90: + 90
    // (account 5, $5k). 120: + 120 (account 6, $6k). -1 and 121 never count.
    let buckets: Vec<(i64, usize, i128)> =
        m.renewals.iter().map(|b| (b.days, b.count, b.arr_cents)).collect();
    assert_eq!(
        buckets,
        [(30, 2, 500_000), (60, 3, 900_000), (90, 4, 1_400_000), (120, 5, 2_000_000)]
    );
    // Every account is watch: ARR 1 + 2 + ... + 8 = 36 thousand dollars.
    assert_eq!((m.accounts, m.arr_cents, m.arr_by_band.watch), (8, 3_600_000, 3_600_000));
    assert_eq!(m.arr_by_band.get(Band::Healthy) + m.arr_by_band.get(Band::AtRisk), 0);
}

#[test]
fn totals_of_the_largest_storable_arr_do_not_overflow() {
    // Two accounts renewing in 10 days at i64::MAX cents each: 2 * 9,223,372,036,854,775,807.
    let mut book = [renewing(1, Some(10), 0), renewing(2, Some(10), 0)];
    for f in &mut book {
        f.facts.account.arr_cents = i64::MAX;
    }
    let m = metrics(&book);
    let total: i128 = 18_446_744_073_709_551_614;
    assert_eq!((m.arr_cents, m.arr_by_band.watch), (total, total));
    assert!(m.renewals.iter().all(|b| b.count == 2 && b.arr_cents == total));
}

#[test]
fn book_nps_from_each_respondents_latest_answer() {
    // Account 1: a: 3 then 10 (latest 10, promoter); b: 6 (detractor); c: 8 (passive).
    // Account 2: d: 9 (promoter); e: 0 on D-180, outside W180 (dropped).
    // Responses 4: promoters 2, detractors 1 -> 100 * (2 - 1) / 4 = 25.0.
    let mut one = renewing(1, None, 1);
    one.nps(Some("a@x.example"), 3, 100).nps(Some("a@x.example"), 10, 10);
    one.nps(Some("b@x.example"), 6, 20).nps(Some("c@x.example"), 8, 30);
    let mut two = renewing(2, None, 1);
    two.nps(Some("d@y.example"), 9, 1).nps(Some("e@y.example"), 0, 180);
    let m = metrics(&[one, two]);
    assert_eq!((m.nps, m.nps_responses), (Some(25.0), 4));
}

#[test]
fn book_nps_rounds_half_away_from_zero() {
    // 16 responses: 1 promoter, 0 detractors, 15 passives: 100 * 1 / 16 = 6.25 -> 6.3.
    let mut f = renewing(1, None, 1);
    f.nps(None, 10, 1);
    for i in 0..15 {
        f.nps(None, 7, 2 + i);
    }
    assert_eq!(metrics(&[f]).nps, Some(6.3));
    // 3 responses: 0 promoters, 1 detractor: -100 / 3 = -33.33 -> -33.3.
    let mut f = renewing(1, None, 1);
    f.nps(None, 8, 1).nps(None, 8, 2).nps(None, 1, 3);
    assert_eq!(metrics(&[f]).nps, Some(-33.3));
    // No responses: null.
    assert_eq!(metrics(&[renewing(1, None, 1)]).nps, None);
}
