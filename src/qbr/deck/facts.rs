//! The quarter's figures a deck shows, computed once from the gathered records: daily active
//! users against seats, key features used, tickets by month, resolution time and satisfaction.
//! The means are the brief's own (`mean_active_users` over the same windows), so a deck and the
//! brief never disagree. Pure: it must not read the store, choose wording nor render.

use chrono::{Datelike as _, NaiveDate};

use super::source::DeckSource;
use crate::domain::{FeatureFacts, FeatureId, UsageFacts, Window, back};
use crate::qbr::gather::QUARTER;
use crate::scoring::{mean_active_users, round_to_int};

/// The quarter under review and the one before it.
#[must_use]
pub fn quarters(as_of: NaiveDate) -> (Window, Window) {
    let days = u32::try_from(QUARTER).unwrap_or(90);
    (Window::ending(as_of, days), Window::ending(back(as_of, QUARTER), days))
}

/// Active users day by day over the two quarters, with their means.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageSeries {
    /// Active users on each day of the quarter, oldest first (`None`: no row that day).
    pub this: Vec<Option<i64>>,
    /// The same days of the quarter before.
    pub last: Vec<Option<i64>>,
    pub seats: Option<i64>,
    /// Mean daily active users, as the brief computes them.
    pub mean_now: f64,
    pub mean_before: Option<f64>,
}

impl UsageSeries {
    /// The mean as a share of the seats, in whole per cent.
    #[must_use]
    pub fn seat_share(&self) -> Option<i64> {
        #[allow(clippy::cast_precision_loss)] // seat counts are far below 2^52
        self.seats.filter(|&s| s > 0).map(|s| round_to_int(100.0 * self.mean_now / s as f64))
    }
}

/// One key feature: on how many days it was used in each quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureRow {
    pub id: FeatureId,
    pub name: String,
    pub days_now: usize,
    pub days_before: usize,
}

/// Tickets of one calendar month of the quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthTickets {
    /// The month's first day.
    pub month: NaiveDate,
    pub opened: usize,
    pub resolved: usize,
}

/// The quarter's support.
#[derive(Debug, Clone, PartialEq)]
pub struct SupportFacts {
    pub opened: usize,
    pub opened_before: usize,
    pub resolved: usize,
    /// Median days from opening to resolution of the tickets resolved in the quarter.
    pub median_days: Option<i64>,
    pub median_days_before: Option<i64>,
    /// Tickets of the quarter with a rating, and their mean rating in whole per cent.
    pub rated: usize,
    pub satisfaction: Option<i64>,
    /// Open at the as-of date.
    pub open: usize,
    pub months: Vec<MonthTickets>,
}

/// Everything measured that a deck shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub this: Window,
    pub last: Window,
    /// `None` when the account has no usage in the quarter.
    pub usage: Option<UsageSeries>,
    /// The key features; empty when feature use is not on record.
    pub features: Vec<FeatureRow>,
    /// `None` when no ticket was opened or resolved in either quarter.
    pub support: Option<SupportFacts>,
}

/// The facts of `g`.
#[must_use]
pub fn facts(g: &DeckSource) -> Facts {
    let (this, last) = quarters(g.as_of);
    Facts {
        this,
        last,
        usage: usage(g, this, last),
        features: features(g, this, last),
        support: support(g, this, last),
    }
}

fn usage(g: &DeckSource, this: Window, last: Window) -> Option<UsageSeries> {
    let mut facts = UsageFacts::from_days(&g.usage, &[this, last]);
    // As in the brief: a quarter before the account's first usage day has no mean.
    facts.first = g.usage_first;
    let mean_now = mean_active_users(&facts, this)?;
    if !g.usage.iter().any(|d| this.contains(d.date)) {
        return None;
    }
    let days = |w: Window| -> Vec<Option<i64>> {
        let len = usize::try_from((w.end - w.start).num_days() + 1).unwrap_or(0);
        let mut out = vec![None; len];
        for d in g.usage.iter().filter(|d| w.contains(d.date)) {
            if let Some(slot) =
                usize::try_from((d.date - w.start).num_days()).ok().and_then(|i| out.get_mut(i))
            {
                *slot = Some(slot.unwrap_or(0) + d.active_users);
            }
        }
        out
    };
    Some(UsageSeries {
        this: days(this),
        last: days(last),
        seats: g.account.seats_licensed.filter(|&s| s > 0),
        mean_now,
        mean_before: mean_active_users(&facts, last),
    })
}

fn features(g: &DeckSource, this: Window, last: Window) -> Vec<FeatureRow> {
    let known = g.features_first.is_some_and(|first| first <= g.as_of);
    if !known || g.key_size == 0 {
        return Vec::new();
    }
    let used = FeatureFacts::from_days(&g.features, &[this, last]);
    let days = |w: Window, id: FeatureId| {
        let mut dates: Vec<NaiveDate> = g
            .features
            .iter()
            .filter(|d| d.feature == id && d.used() && w.contains(d.date))
            .map(|d| d.date)
            .collect();
        dates.sort_unstable();
        dates.dedup();
        dates.len()
    };
    g.key_features
        .iter()
        .map(|(id, name)| FeatureRow {
            id: *id,
            name: name.clone(),
            days_now: if used.used_in(this, *id) { days(this, *id) } else { 0 },
            days_before: if used.used_in(last, *id) { days(last, *id) } else { 0 },
        })
        .collect()
}

/// The median of `days` as the brief takes it (the upper middle of an even count).
fn median(mut days: Vec<i64>) -> Option<i64> {
    days.sort_unstable();
    days.get(days.len() / 2).copied()
}

fn support(g: &DeckSource, this: Window, last: Window) -> Option<SupportFacts> {
    let resolved_in = |w: Window| -> Vec<i64> {
        g.tickets
            .iter()
            .filter_map(|t| {
                t.effective_close().filter(|c| w.contains(*c)).map(|c| (c - t.opened).num_days())
            })
            .collect()
    };
    let opened = g.tickets.iter().filter(|t| this.contains(t.opened)).count();
    let opened_before = g.tickets.iter().filter(|t| last.contains(t.opened)).count();
    let (resolved, resolved_before) = (resolved_in(this), resolved_in(last));
    if opened + opened_before + resolved.len() + resolved_before.len() == 0 {
        return None;
    }
    let ratings: Vec<f64> = g
        .tickets
        .iter()
        .filter(|t| this.contains(t.opened))
        .filter_map(|t| t.rating.map(crate::domain::Rating::normalised))
        .filter(|r| r.is_finite())
        .collect();
    #[allow(clippy::cast_precision_loss)] // ticket counts are far below 2^52
    let satisfaction = (!ratings.is_empty())
        .then(|| round_to_int(100.0 * ratings.iter().sum::<f64>() / ratings.len() as f64));
    Some(SupportFacts {
        opened,
        opened_before,
        resolved: resolved.len(),
        median_days: median(resolved),
        median_days_before: median(resolved_before),
        rated: ratings.len(),
        satisfaction,
        open: g.tickets.iter().filter(|t| t.is_open_at(g.as_of)).count(),
        months: months(g, this),
    })
}

/// The calendar months the quarter touches, each with the tickets opened and resolved in it
/// (and in the quarter).
fn months(g: &DeckSource, this: Window) -> Vec<MonthTickets> {
    let first_of = |d: NaiveDate| d.with_day(1).unwrap_or(d);
    let mut out: Vec<MonthTickets> = Vec::new();
    let mut month = first_of(this.start);
    while month <= this.end {
        out.push(MonthTickets { month, opened: 0, resolved: 0 });
        month = month.checked_add_months(chrono::Months::new(1)).unwrap_or(NaiveDate::MAX);
    }
    let slot = |out: &mut Vec<MonthTickets>, d: NaiveDate| -> Option<usize> {
        out.iter().position(|m| m.month == first_of(d))
    };
    for t in &g.tickets {
        if this.contains(t.opened)
            && let Some(i) = slot(&mut out, t.opened)
        {
            out[i].opened += 1;
        }
        if let Some(closed) = t.effective_close().filter(|c| this.contains(*c))
            && let Some(i) = slot(&mut out, closed)
        {
            out[i].resolved += 1;
        }
    }
    out
}
