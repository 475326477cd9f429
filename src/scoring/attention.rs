//! The attention ranking: which accounts need the CSM first, and why.
//!
//! Points add up from six sources, each listed as a reason:
//!
//! | source | points |
//! |---|---|
//! | band | at_risk 40, watch 15, unscored 10 |
//! | thin data | 5 when the health rests on less than half of the model's weight (no usage and no feature data, say), so that such a score is looked at; it alone does not bring the ARR points |
//! | risk signals | escalation, champion_left and renewal_at_risk 15 each; every other signal 10 |
//! | renewal proximity | overdue 25, finalize (0-30 days) 20, proposal (31-60) 10, review (61-90) 5 |
//! | overdue todos | 5 each, at most 15; a todo snoozed past the as-of date is not overdue |
//! | ARR at stake | 5 per tenfold above $1,000 (so $10k 5, $100k 10, $1M 15), at most 15, only when another source already applies |
//!
//! Accounts are ranked by points, then ARR, then name.

use chrono::NaiveDate;

use super::AccountScore;
use super::health::Band;
use super::renewal::RenewalPhase;
use super::signals::SignalCode;
use crate::domain::{AccountFacts, TodoCounts};

/// Where a reason's points come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttentionSource {
    Band,
    ThinData,
    Signal(SignalCode),
    Renewal,
    OverdueTodos,
    Arr,
}

/// One reason an account needs attention, with its points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttentionReason {
    pub source: AttentionSource,
    pub points: i64,
    pub reason: String,
}

/// The points of a health resting on less than half of the model's weight: small, so that such
/// an account is looked at (its number may be wrong) without outranking a real risk.
pub const THIN_DATA_POINTS: i64 = 5;

/// How much an account needs attention, and why.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attention {
    pub points: i64,
    pub reasons: Vec<AttentionReason>,
}

impl Attention {
    /// The attention `facts` and its `score` call for at `as_of`.
    #[must_use]
    pub fn of(facts: &AccountFacts, score: &AccountScore, as_of: NaiveDate) -> Self {
        let mut reasons = Vec::new();
        let mut add = |source, points: i64, reason: String| {
            reasons.push(AttentionReason { source, points, reason });
        };

        match score.health.band {
            Band::AtRisk => add(AttentionSource::Band, 40, "at risk".to_owned()),
            Band::Watch => add(AttentionSource::Band, 15, "on watch".to_owned()),
            Band::Unscored => add(AttentionSource::Band, 10, "unscored".to_owned()),
            Band::Healthy => {}
        }
        for signal in &score.signals {
            let points = match signal.code {
                SignalCode::Escalation | SignalCode::ChampionLeft | SignalCode::RenewalAtRisk => 15,
                _ => 10,
            };
            add(AttentionSource::Signal(signal.code), points, signal.code.code().to_owned());
        }
        if let Some(renewal) = score.renewal {
            let points = match renewal.phase {
                RenewalPhase::Overdue => 25,
                RenewalPhase::Finalize => 20,
                RenewalPhase::Proposal => 10,
                RenewalPhase::Review => 5,
                RenewalPhase::Strategy | RenewalPhase::Later => 0,
            };
            if points > 0 {
                let when = if renewal.days < 0 {
                    format!("renewal overdue by {} days", -renewal.days)
                } else {
                    format!("renews in {} days", renewal.days)
                };
                add(AttentionSource::Renewal, points, when);
            }
        }
        let overdue = overdue_todos(facts, as_of);
        if overdue > 0 {
            let points = (5 * i64::try_from(overdue).unwrap_or(i64::MAX)).min(15);
            add(
                AttentionSource::OverdueTodos,
                points,
                format!("{overdue} overdue todo{}", if overdue == 1 { "" } else { "s" }),
            );
        }
        let points = arr_points(facts.account.arr_cents);
        // Thin data asks for a look at the score, not for the weight of the money behind it.
        if points > 0 && !reasons.is_empty() {
            reasons.push(AttentionReason {
                source: AttentionSource::Arr,
                points,
                reason: "ARR at stake".to_owned(),
            });
        }
        if let Some(reason) = score.thin_data() {
            reasons.push(AttentionReason {
                source: AttentionSource::ThinData,
                points: THIN_DATA_POINTS,
                reason: format!("thin data: health {reason}"),
            });
        }
        Self { points: reasons.iter().map(|r| r.points).sum(), reasons }
    }
}

/// 5 points per tenfold above $1,000 of ARR, at most 15.
fn arr_points(arr_cents: i64) -> i64 {
    let dollars = arr_cents / 100;
    let mut points = 0;
    let mut threshold = 10_000;
    while dollars >= threshold && points < 15 {
        points += 5;
        threshold = threshold.saturating_mul(10);
    }
    points
}

/// Open todos due before `as_of` and not snoozed past it: a snoozed todo earns no points until
/// its snooze date (see [`Todo::standing`](crate::domain::Todo::standing)).
#[must_use]
pub fn overdue_todos(facts: &AccountFacts, as_of: NaiveDate) -> usize {
    TodoCounts::of(&facts.open_todos, as_of).overdue
}

#[cfg(test)]
mod tests {
    use super::arr_points;

    #[test]
    fn arr_points_grow_by_tenfold() {
        // $9,999 -> 0; $10,000 -> 5; $100,000 -> 10; $1,000,000 -> 15; $50M -> capped at 15.
        let cases = [
            (999_900, 0),
            (1_000_000, 5),
            (10_000_000, 10),
            (100_000_000, 15),
            (5_000_000_000, 15),
        ];
        for (cents, points) in cases {
            assert_eq!(arr_points(cents), points, "{cents}");
        }
    }
}
