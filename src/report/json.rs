//! The JSON report of SPEC 8: a stable contract for scripts. Change it only by adding fields.

use chrono::NaiveDate;
use serde::Serialize;

use crate::book::{BookEntry, ScoredBook};
use crate::domain::Segment;
use crate::scoring::{
    Band, BookMetrics, ExpansionCode, Renewal, RenewalPhase, SignalCode, round_to_hundredth,
    round_to_tenth,
};

/// The whole report.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    pub as_of: NaiveDate,
    pub book: JsonBook,
    pub accounts: Vec<JsonAccount<'a>>,
}

/// Book totals.
#[derive(Debug, Serialize)]
pub struct JsonBook {
    pub accounts: usize,
    /// A total: `i128`, which no sum of accounts overflows.
    pub arr_cents: i128,
    pub arr_by_band: ArrByBand,
    pub renewals: Renewals,
    pub nps: Option<f64>,
}

/// ARR in cents per band.
#[derive(Debug, Serialize)]
pub struct ArrByBand {
    pub healthy: i128,
    pub watch: i128,
    pub at_risk: i128,
    pub unscored: i128,
}

/// Renewals due within 30, 60, 90 and 120 days, keyed by the day count as the spec writes it.
#[derive(Debug, Serialize)]
pub struct Renewals {
    #[serde(rename = "30")]
    pub within_30: Due,
    #[serde(rename = "60")]
    pub within_60: Due,
    #[serde(rename = "90")]
    pub within_90: Due,
    #[serde(rename = "120")]
    pub within_120: Due,
}

/// Count and ARR of renewals due.
#[derive(Debug, Serialize)]
pub struct Due {
    pub count: usize,
    pub arr_cents: i128,
}

/// One account.
#[derive(Debug, Serialize)]
pub struct JsonAccount<'a> {
    pub id: i64,
    pub external_id: &'a str,
    pub name: &'a str,
    pub segment: Option<Segment>,
    pub owner: Option<&'a str>,
    pub arr_cents: i64,
    pub health: Option<i64>,
    pub band: Band,
    pub delta_30: Option<i64>,
    pub components: JsonComponents,
    /// The share of the model's weights whose component had data, 0-1, to two decimals: under
    /// 0.5 the health rests on thin data (no usage and no feature data, say).
    pub coverage: f64,
    pub signals: Vec<SignalCode>,
    pub expansion: Vec<ExpansionCode>,
    pub renewal: Option<JsonRenewal>,
    pub open_todos: usize,
    /// Open todos past due, not counting those snoozed past the as-of date.
    pub overdue_todos: usize,
    /// Open todos snoozed past the as-of date, whatever their due dates.
    pub snoozed_todos: usize,
}

/// Components rounded to one decimal; `null` without data.
#[derive(Debug, Serialize)]
pub struct JsonComponents {
    pub usage: Option<f64>,
    pub adoption: Option<f64>,
    pub support: Option<f64>,
    pub engagement: Option<f64>,
}

/// The renewal date, days left and phase.
#[derive(Debug, Serialize)]
pub struct JsonRenewal {
    pub date: NaiveDate,
    pub days: i64,
    pub phase: RenewalPhase,
}

impl<'a> JsonReport<'a> {
    /// The report of `book`.
    #[must_use]
    pub fn of(book: &'a ScoredBook) -> Self {
        Self {
            as_of: book.as_of,
            book: JsonBook::of(&book.metrics),
            // The active book: accounts churned at the as-of date are left out (SPEC 12).
            accounts: book.active().map(|entry| JsonAccount::of(entry, book.as_of)).collect(),
        }
    }
}

impl JsonBook {
    /// The totals of `m`.
    #[must_use]
    pub fn of(m: &BookMetrics) -> Self {
        let due = |i: usize| Due { count: m.renewals[i].count, arr_cents: m.renewals[i].arr_cents };
        Self {
            accounts: m.accounts,
            arr_cents: m.arr_cents,
            arr_by_band: ArrByBand {
                healthy: m.arr_by_band.healthy,
                watch: m.arr_by_band.watch,
                at_risk: m.arr_by_band.at_risk,
                unscored: m.arr_by_band.unscored,
            },
            renewals: Renewals {
                within_30: due(0),
                within_60: due(1),
                within_90: due(2),
                within_120: due(3),
            },
            nps: m.nps,
        }
    }
}

impl JsonComponents {
    /// Usage, adoption, support and engagement (in that order), rounded to one decimal.
    #[must_use]
    pub fn of(components: [Option<f64>; 4]) -> Self {
        let [usage, adoption, support, engagement] = components.map(|c| c.map(round_to_tenth));
        Self { usage, adoption, support, engagement }
    }
}

impl JsonRenewal {
    /// The renewal on `date` seen from `as_of`.
    #[must_use]
    pub fn of(date: NaiveDate, as_of: NaiveDate) -> Self {
        let r = Renewal::new(date, as_of);
        Self { date: r.date, days: r.days, phase: r.phase }
    }
}

impl<'a> JsonAccount<'a> {
    /// The entry of `entry` at `as_of`, as the report lists it.
    #[must_use]
    pub fn of(entry: &'a BookEntry, as_of: NaiveDate) -> Self {
        let (a, s) = (&entry.account, &entry.summary);
        Self {
            id: a.id.0,
            external_id: &a.external_id,
            name: &a.name,
            segment: a.segment,
            owner: a.owner.as_deref(),
            arr_cents: a.arr_cents,
            health: s.health,
            band: s.band,
            delta_30: s.delta,
            components: JsonComponents::of(s.components),
            coverage: round_to_hundredth(s.coverage),
            signals: s.signal_codes(),
            expansion: s.expansion_codes(),
            renewal: a.renewal_date.map(|date| JsonRenewal::of(date, as_of)),
            open_todos: s.open_todos as usize,
            overdue_todos: s.overdue_todos as usize,
            snoozed_todos: s.snoozed_todos as usize,
        }
    }
}

/// The JSON report of `book`, pretty-printed, ending in a newline.
#[must_use]
pub fn json(book: &ScoredBook) -> String {
    // Serialising plain structs of numbers and strings cannot fail.
    // Unsafe characters of names are escaped, so the report is exact and terminal-safe at once.
    let mut out = crate::format::json::to_string_pretty(&JsonReport::of(book)).unwrap_or_default();
    out.push('\n');
    out
}
