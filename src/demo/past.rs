//! The latent past of a demo account: how each contract year before the present went (usage,
//! features, mood, whether the champions were still talking to us) and how each renewal ended
//! (renewed, contracted, expanded or churned, with the ARR before and after).
//!
//! Outcomes follow the knobs drawn for the year before each renewal, never a score: a former
//! customer's last year is mostly a decline, now and then a steady year that ended anyway (a
//! surprise churn); an active account renewed every time, now and then after a bad patch.
//!
//! Everything is in days before the account's reference day (the as-of date for an active
//! account, the day it churned for a former customer). This module decides; it must not write.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::names::weighted;
use super::plan::Mood;
use super::usage::YEAR;

/// How a contract year went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Condition {
    /// Business as usual.
    Steady,
    /// Usage sagged, tickets piled up and the champions went quiet, but the customer stayed.
    BadPatch,
    /// The year before a churn: users leaving, features dropped, unhappy, champions silent.
    Decline,
}

impl Condition {
    /// The champions, sponsors and buyers stopped taking part in touches.
    pub fn silent(self) -> bool {
        !matches!(self, Self::Steady)
    }

    /// How many times the usual number of tickets the customer opened.
    pub fn ticket_factor(self) -> f64 {
        match self {
            Self::Steady => 1.0,
            Self::BadPatch => 1.8,
            Self::Decline => 2.4,
        }
    }
}

/// The contract year ending at one renewal: its knobs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Era {
    /// Days ago of the renewal that closes the year; the era runs over the 365 days before it.
    pub ends: i64,
    /// Mean active users as a share of the licensed seats, around the middle of the era.
    pub utilization: f64,
    /// Features in use.
    pub features: usize,
    pub mood: Mood,
    pub condition: Condition,
}

/// How one past renewal ended.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PastRenewal {
    /// Days ago it was due.
    pub due: i64,
    /// Days ago it was decided (on or after `due` in days ago: on or before the due date).
    pub closed: i64,
    pub churned: bool,
    pub arr_before: i64,
    pub arr_after: i64,
    pub note: Option<&'static str>,
}

/// An account's past: its contract years, newest first, and its renewals, newest first.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Past {
    pub eras: Vec<Era>,
    pub renewals: Vec<PastRenewal>,
}

impl Past {
    /// The era a day (days ago) belongs to: the first one ending on or before it, the newest
    /// for days after every renewal.
    pub fn era_at(&self, days_ago: i64) -> &Era {
        self.eras.iter().rev().find(|e| e.ends <= days_ago).unwrap_or(&self.eras[0])
    }
}

/// The limits of an account's past, in days before its reference day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    /// The contract's start.
    pub start: i64,
    /// Renewals due before this many days ago are not recorded (the history's window).
    pub records: i64,
    /// Facts older than this many days ago are not written.
    pub facts: i64,
}

/// The present-day knobs of the account, from which older years drift.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Today {
    pub utilization: f64,
    pub features: usize,
    pub mood: Mood,
    pub arr_cents: i64,
}

/// Share of the older years of an active account that were a bad patch.
const BAD_PATCH: f64 = 0.15;

/// The due days (days ago) of the renewals an account had in its span, newest first: every
/// year from `first`, after the contract's first full year and inside the recorded window.
fn dues(first: i64, span: Span) -> Vec<i64> {
    (0..)
        .map(|k| first + k * YEAR)
        .take_while(|&due| due <= span.start - YEAR && due < span.records)
        .collect()
}

/// Eras enough to cover the facts: one per renewal, and more before them up to the oldest
/// fact (those years' renewals fall outside the recorded window).
fn era_ends(first: i64, span: Span) -> Vec<i64> {
    let oldest = span.facts.min(span.start);
    (0..).map(|k| first + k * YEAR).take_while(|&ends| ends <= oldest).collect()
}

/// A mood next to `mood`, or `mood` itself.
fn drift_mood(rng: &mut ChaCha8Rng, mood: Mood) -> Mood {
    let moods = [Mood::Delighted, Mood::Content, Mood::Mixed, Mood::Unhappy];
    let at = moods.iter().position(|&m| m == mood).unwrap_or(1);
    let step = weighted(rng, &[(-1i64, 2), (0, 6), (1, 2)]);
    let to = (at as i64 + step).clamp(0, 2) as usize;
    // A steady year is never unhappy: Unhappy stays for bad years.
    if mood == Mood::Unhappy { Mood::Mixed } else { moods[to] }
}

/// A steady year around `anchor` (the newest steady year): usage a little lower or higher
/// (books grow, so older years run a little lower on average), a feature more or less, a mood
/// next to the one of the year after it (`newer`).
fn steady(rng: &mut ChaCha8Rng, ends: i64, anchor: &Era, newer: &Era) -> Era {
    let utilization = (anchor.utilization * rng.random_range(0.82..1.08)).clamp(0.12, 0.97);
    let step = weighted(rng, &[(-1i64, 2), (0, 5), (1, 1)]);
    let features = (anchor.features as i64 + step).clamp(2, 8);
    Era {
        ends,
        utilization,
        features: features as usize,
        mood: drift_mood(rng, newer.mood),
        condition: Condition::Steady,
    }
}

/// A bad year from a steady `baseline`.
fn bad(rng: &mut ChaCha8Rng, ends: i64, baseline: &Era, condition: Condition) -> Era {
    let (low, features) = match condition {
        // Some declines are slow: the account looks merely lukewarm a quarter before.
        Condition::Decline => (rng.random_range(0.08..0.45), rng.random_range(1..=4)),
        _ => (
            baseline.utilization * rng.random_range(0.35..0.6),
            baseline.features.saturating_sub(rng.random_range(2..=4)).max(1),
        ),
    };
    let mood = if rng.random_bool(0.65) { Mood::Unhappy } else { Mood::Mixed };
    Era { ends, utilization: low.max(0.04), features, mood, condition }
}

/// The older years of an eras list, walking back from `newest`: steady drifts, with a bad
/// patch now and then (after which the next older year is steady again around the baseline).
fn older_eras(rng: &mut ChaCha8Rng, ends: &[i64], newest: Era) -> Vec<Era> {
    let mut eras = vec![newest];
    let baseline = if newest.condition == Condition::Steady {
        newest
    } else {
        Era {
            utilization: rng.random_range(0.45..0.85),
            features: rng.random_range(4..=7),
            mood: Mood::Content,
            condition: Condition::Steady,
            ..newest
        }
    };
    let mut newer = newest;
    for &end in &ends[1..] {
        let era = if rng.random_bool(BAD_PATCH) {
            bad(rng, end, &baseline, Condition::BadPatch)
        } else {
            steady(rng, end, &baseline, &newer)
        };
        newer = era;
        eras.push(era);
    }
    eras
}

const CONTRACTED: [&str; 4] = [
    "Cut seats after a reorganisation; asked for a usage review next year",
    "Renewed on a smaller package: two teams moved to a spreadsheet",
    "Budget freeze: fewer seats, same term",
    "Contracted after the outage; sponsor wants proof of value",
];

const EXPANDED: [&str; 3] = [
    "Added seats for the new regional team",
    "Expanded to a second business unit",
    "Upgraded the plan for SSO and the API",
];

const CHURNED_DECLINE: [&str; 4] = [
    "Moved to a competitor after a year of low adoption",
    "Champion left; nobody owned the tool any more",
    "Budget cut; the product was not used enough to defend",
    "Consolidated on the parent company's platform",
];

const CHURNED_SURPRISE: [&str; 3] = [
    "Acquired; the new owner uses another tool",
    "New CFO cut every tool outside the core stack",
    "Went with a cheaper bundle from their CRM vendor",
];

/// ARR rounded to a hundred dollars, at least a hundred.
fn round_arr(cents: f64) -> i64 {
    ((cents / 10_000.0).round() as i64).max(1) * 10_000
}

/// The renewals of `dues`, newest first, walking the ARR back from `arr_now` (the ARR after
/// the newest renewal, or before it when it is a churn): contraction likelier after a bad
/// year, expansion after a steady one.
fn renewals(
    rng: &mut ChaCha8Rng,
    dues: &[i64],
    eras: &[Era],
    arr_now: i64,
    churn_first: bool,
) -> Vec<PastRenewal> {
    let mut out = Vec::with_capacity(dues.len());
    let mut after = arr_now;
    for (i, &due) in dues.iter().enumerate() {
        let era = eras.iter().find(|e| e.ends == due).copied().unwrap_or(eras[0]);
        let closed = due + rng.random_range(0..=30);
        if i == 0 && churn_first {
            let notes: &[&str] = if era.condition == Condition::Decline {
                &CHURNED_DECLINE
            } else {
                &CHURNED_SURPRISE
            };
            let note = rng.random_bool(0.4).then(|| super::names::pick(rng, notes));
            out.push(PastRenewal {
                due,
                closed,
                churned: true,
                arr_before: arr_now,
                arr_after: 0,
                note,
            });
            continue;
        }
        let (expand, contract) = if era.condition == Condition::Steady { (28, 7) } else { (3, 55) };
        let kind = weighted(rng, &[(1i8, expand), (-1, contract), (0, 100 - expand - contract)]);
        let (before, note) = match kind {
            1 => {
                let before = round_arr(after as f64 / rng.random_range(1.05..1.35)).min(after);
                let note = rng.random_bool(0.3).then(|| super::names::pick(rng, &EXPANDED));
                (before, note)
            }
            -1 => {
                let before = round_arr(after as f64 / rng.random_range(0.7..0.95)).max(after);
                let note = rng.random_bool(0.3).then(|| super::names::pick(rng, &CONTRACTED));
                (before, note)
            }
            _ => (after, None),
        };
        out.push(PastRenewal {
            due,
            closed,
            churned: false,
            arr_before: before,
            arr_after: after,
            note,
        });
        after = before;
    }
    out
}

/// The past of an active account renewing `renewal_in` days from now, whose present year
/// joins its older history with `today`'s knobs: every renewal renewed.
pub(super) fn active(rng: &mut ChaCha8Rng, renewal_in: i64, span: Span, today: Today) -> Past {
    let first = YEAR - renewal_in;
    let ends = era_ends(first, span);
    if ends.is_empty() {
        return Past { eras: vec![newest_today(first, today)], renewals: Vec::new() };
    }
    let eras = older_eras(rng, &ends, newest_today(first, today));
    let renewals = renewals(rng, &dues(first, span), &eras, today.arr_cents, false);
    Past { eras, renewals }
}

fn newest_today(ends: i64, today: Today) -> Era {
    Era {
        ends,
        utilization: today.utilization,
        features: today.features,
        mood: today.mood,
        condition: Condition::Steady,
    }
}

/// The past of a former customer that churned at its renewal on its reference day (day 0),
/// paying `arr_cents` until then: its last year a decline, or (`surprise`) a steady one.
pub(super) fn former(rng: &mut ChaCha8Rng, span: Span, arr_cents: i64, surprise: bool) -> Past {
    let ends = era_ends(0, span);
    let last = if !surprise {
        let baseline = Era {
            ends: 0,
            utilization: 0.6,
            features: 5,
            mood: Mood::Mixed,
            condition: Condition::Steady,
        };
        bad(rng, 0, &baseline, Condition::Decline)
    } else {
        let mood = weighted(rng, &[(Mood::Delighted, 1), (Mood::Content, 3), (Mood::Mixed, 2)]);
        Era {
            ends: 0,
            utilization: rng.random_range(0.45..0.9),
            features: rng.random_range(4..=7),
            mood,
            condition: Condition::Steady,
        }
    };
    let eras = older_eras(rng, &ends, last);
    let renewals = renewals(rng, &dues(0, span), &eras, arr_cents, true);
    Past { eras, renewals }
}
