//! Retention over periods (SPEC 12): the cohort of a period is the renewal records known at the
//! as-of date whose `due` lies in it (both ends included); gross and net revenue retention and
//! logo retention as percentages rounded half away from zero to one decimal, for the book and by
//! each account's current segment. An empty cohort gives `None`. Records in, figures out.

use chrono::{Datelike, Months, NaiveDate};

use crate::domain::{AccountId, RenewalRecord, Segment};

/// A period of due dates, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The retention of one period, for the book (`segment` `None`) or one segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Retention {
    pub period: Period,
    pub segment: Option<Segment>,
    /// Gross revenue retention, percent to one decimal.
    pub grr: Option<f64>,
    /// Net revenue retention, percent to one decimal.
    pub nrr: Option<f64>,
    /// Renewed records over the cohort, percent to one decimal.
    pub logo: Option<f64>,
    /// The cohort, by due date then account.
    pub records: Vec<RenewalRecord>,
}

/// The first day of the calendar quarter holding `date`.
fn quarter_start(date: NaiveDate) -> NaiveDate {
    let month = (date.month0() / 3) * 3 + 1;
    NaiveDate::from_ymd_opt(date.year(), month, 1).unwrap_or(date)
}

/// The default periods at `as_of`: the last four calendar quarters that end on or before it,
/// oldest first, then their span.
#[must_use]
pub fn default_periods(as_of: NaiveDate) -> Vec<Period> {
    let next = |start: NaiveDate| start.checked_add_months(Months::new(3));
    let this = quarter_start(as_of);
    // The quarter holding `as_of` counts when `as_of` is its last day.
    let last_start = match next(this).and_then(|n| n.pred_opt()) {
        Some(end) if end == as_of => this,
        _ => this.checked_sub_months(Months::new(3)).unwrap_or(this),
    };
    let mut periods: Vec<Period> = (0..4u32)
        .rev()
        .filter_map(|back| {
            let start = last_start.checked_sub_months(Months::new(3 * back))?;
            let end = next(start)?.pred_opt()?;
            Some(Period { start, end })
        })
        .collect();
    if let (Some(first), Some(last)) = (periods.first().copied(), periods.last().copied()) {
        periods.push(Period { start: first.start, end: last.end });
    }
    periods
}

/// `100 * part / whole` rounded half away from zero to one decimal, exactly (integer
/// arithmetic: no floating point tie can go astray); `None` when `whole` is 0.
#[allow(clippy::cast_precision_loss)] // tenths of a percent of money sums stay below 2^53
fn percent(part: i128, whole: i128) -> Option<f64> {
    if whole <= 0 {
        return None;
    }
    // tenths = round(1000 * part / whole), half away from zero; parts are never negative.
    let tenths = (2000 * part + whole) / (2 * whole);
    Some(tenths as f64 / 10.0)
}

/// The retention of `cohort`.
fn figures(period: Period, segment: Option<Segment>, cohort: Vec<RenewalRecord>) -> Retention {
    let before: i128 = cohort.iter().map(|r| i128::from(r.arr_before)).sum();
    let kept: i128 = cohort.iter().map(|r| i128::from(r.arr_after.min(r.arr_before))).sum();
    let after: i128 = cohort.iter().map(|r| i128::from(r.arr_after)).sum();
    let renewed = cohort.iter().filter(|r| !r.churned()).count();
    Retention {
        period,
        segment,
        grr: percent(kept, before),
        nrr: percent(after, before),
        logo: percent(renewed as i128, cohort.len() as i128),
        records: cohort,
    }
}

/// Retention over each of `periods` at `as_of`, for the book then each segment (in the
/// vocabulary's order, every one present, empty or not). `segment_of` gives an account's
/// current segment; an account without one counts only in the book.
#[must_use]
pub fn retention(
    records: &[RenewalRecord],
    segment_of: impl Fn(AccountId) -> Option<Segment>,
    as_of: NaiveDate,
    periods: &[Period],
) -> Vec<Retention> {
    let mut known: Vec<&RenewalRecord> = records.iter().filter(|r| r.known_at(as_of)).collect();
    known.sort_by_key(|r| (r.due, r.account_id));
    let mut out = Vec::with_capacity(periods.len() * (1 + Segment::ALL.len()));
    for &period in periods {
        let cohort: Vec<&RenewalRecord> = known
            .iter()
            .copied()
            .filter(|r| (period.start..=period.end).contains(&r.due))
            .collect();
        out.push(figures(period, None, cohort.iter().map(|r| (*r).clone()).collect()));
        for &segment in Segment::ALL {
            let theirs = cohort
                .iter()
                .filter(|r| segment_of(r.account_id) == Some(segment))
                .map(|r| (*r).clone())
                .collect();
            out.push(figures(period, Some(segment), theirs));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cents of a dollar amount.
    fn usd(dollars: i64) -> i64 {
        dollars * 100
    }
    use crate::domain::{RecordSource, RenewalOutcome};

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn record(account: i64, due: &str, before: i64, after: i64) -> RenewalRecord {
        RenewalRecord {
            account_id: AccountId(account),
            due: day(due),
            closed_on: day(due),
            outcome: if after == 0 { RenewalOutcome::Churned } else { RenewalOutcome::Renewed },
            arr_before: before,
            arr_after: after,
            note: None,
            source: RecordSource::Recorded,
        }
    }

    #[test]
    fn the_default_periods_are_the_last_four_full_quarters_and_their_span() {
        let periods = default_periods(day("2026-11-24"));
        let shown: Vec<(String, String)> =
            periods.iter().map(|p| (p.start.to_string(), p.end.to_string())).collect();
        let expected = [
            ("2025-10-01", "2025-12-31"),
            ("2026-01-01", "2026-03-31"),
            ("2026-04-01", "2026-06-30"),
            ("2026-07-01", "2026-09-30"),
            ("2025-10-01", "2026-09-30"),
        ];
        assert_eq!(shown, expected.map(|(a, b)| (a.to_owned(), b.to_owned())));
        // On a quarter's last day, that quarter is the last.
        let periods = default_periods(day("2026-12-31"));
        assert_eq!(periods[3], Period { start: day("2026-10-01"), end: day("2026-12-31") });
        assert_eq!(periods[4], Period { start: day("2026-01-01"), end: day("2026-12-31") });
    }

    #[test]
    fn grr_nrr_and_logo_with_a_churn_a_contraction_and_an_expansion() {
        // Q3 2026, all closed on their due dates:
        //   1 (enterprise) renews flat      100,000.00 -> 100,000.00
        //   2 (enterprise) expands           50,000.00 ->  80,000.00
        //   3 (smb)        contracts         40,000.00 ->  30,000.00
        //   4 (smb)        churns            10,000.00 ->       0
        // Book: before 200,000; kept min(after, before) = 100 + 50 + 30 + 0 = 180,000;
        // after = 100 + 80 + 30 + 0 = 210,000.
        // GRR = 180/200 = 90.0 %; NRR = 210/200 = 105.0 %; logo 3/4 = 75.0 %.
        // Enterprise: GRR 150/150 = 100.0, NRR 180/150 = 120.0, logo 100.0.
        // SMB: before 50; kept 30 -> GRR 60.0; after 30 -> NRR 60.0; logo 1/2 = 50.0.
        // A record due in the quarter but closed after the as-of date is not known yet; one
        // due outside it is not in the cohort.
        let mut late = record(5, "2026-09-30", usd(70_000), 0);
        late.closed_on = day("2026-11-25");
        let records = vec![
            record(1, "2026-07-01", usd(100_000), usd(100_000)),
            record(2, "2026-08-15", usd(50_000), usd(80_000)),
            record(3, "2026-09-30", usd(40_000), usd(30_000)),
            record(4, "2026-09-01", usd(10_000), 0),
            late,
            record(6, "2026-10-01", usd(1_000), 0),
        ];
        let segment_of = |id: AccountId| match id.0 {
            1 | 2 => Some(Segment::Enterprise),
            3 | 4 => Some(Segment::Smb),
            _ => None,
        };
        let q3 = Period { start: day("2026-07-01"), end: day("2026-09-30") };
        let out = retention(&records, segment_of, day("2026-11-24"), &[q3]);
        assert_eq!(out.len(), 5, "the book and four segments");
        let book = &out[0];
        assert_eq!(
            (book.segment, book.grr, book.nrr, book.logo),
            (None, Some(90.0), Some(105.0), Some(75.0))
        );
        let accounts: Vec<i64> = book.records.iter().map(|r| r.account_id.0).collect();
        assert_eq!(accounts, [1, 2, 4, 3], "by due date");
        let enterprise = &out[1];
        assert_eq!(enterprise.segment, Some(Segment::Enterprise));
        assert_eq!(
            (enterprise.grr, enterprise.nrr, enterprise.logo),
            (Some(100.0), Some(120.0), Some(100.0))
        );
        let smb = out.iter().find(|r| r.segment == Some(Segment::Smb)).unwrap();
        assert_eq!((smb.grr, smb.nrr, smb.logo), (Some(60.0), Some(60.0), Some(50.0)));
        let mid = out.iter().find(|r| r.segment == Some(Segment::MidMarket)).unwrap();
        assert_eq!((mid.grr, mid.nrr, mid.logo, mid.records.len()), (None, None, None, 0));
    }

    #[test]
    fn percentages_round_half_away_from_zero() {
        // 1 of 8 renewed: 12.5 % exactly; GRR 2/3 = 66.666... -> 66.7; 1/16 = 6.25 -> 6.3.
        assert_eq!(percent(1, 8), Some(12.5));
        assert_eq!(percent(2, 3), Some(66.7));
        assert_eq!(percent(1, 16), Some(6.3));
        assert_eq!(percent(1, 1600), Some(0.1), "0.0625 % rounds to 0.1");
        assert_eq!(percent(0, 0), None);
    }
}
