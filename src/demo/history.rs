//! The older facts of a demo account, from its latent past (`past`): daily usage and feature
//! days, tickets, touches and NPS answers over a span of days, each day following the knobs of
//! the contract year it falls in, so the engine computing health at a past date reads what the
//! past meant.
//!
//! An active account's older history ends the day before its present year begins, and its
//! usage joins the present's first days at the same level (no step at the seam). The facts come
//! from the random stream they are given, never the present's. This module writes through the
//! sink; it must not decide the past.

use chrono::{Datelike, Weekday};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::activity::{everyday_kind, interaction, rating, survey_wave, ticket};
use super::names::weighted;
use super::past::{Condition, Past};
use super::people::Person;
use super::{Scene, Sink, texts};
use crate::domain::{FeatureDay, FeatureId, InteractionKind, Priority, Role, Segment, UsageDay};
use crate::store::StoreResult;

/// The days written, in days before the scene's as-of date, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Days {
    pub newest: i64,
    pub oldest: i64,
}

/// What the history needs beside the scene and the past.
pub(super) struct Inputs<'a> {
    pub past: &'a Past,
    pub days: Days,
    /// Weekday active users on the day after `days.newest` (the present's first days), which
    /// the older curve joins; none for a former customer.
    pub join: Option<f64>,
    /// The account's features in the order it adopts them.
    pub features: &'a [FeatureId],
}

/// Writes the older facts of `scene`'s account over `inputs.days`.
pub(super) fn write(
    sink: &mut Sink<'_, '_>,
    scene: &Scene<'_>,
    inputs: &Inputs<'_>,
    rng: &mut ChaCha8Rng,
) -> StoreResult<()> {
    if inputs.days.oldest < inputs.days.newest {
        return Ok(());
    }
    if scene.plan.product_data {
        sink.usage(scene.account, &usage(scene, inputs, rng))?;
        sink.features(scene.account, &features(scene, inputs, rng))?;
    }
    tickets(sink, scene, inputs, rng)?;
    nps(sink, scene, inputs, rng)?;
    touches(sink, scene, inputs, rng)
}

/// The level of active users `days_ago`: a line through the middle of each contract year (where
/// the backtest reads it, 90 to 180 days before the renewal) and the join with the present.
fn level(anchors: &[(i64, f64)], days_ago: i64) -> f64 {
    let next = anchors.iter().position(|&(day, _)| day >= days_ago);
    match next {
        None => anchors.last().map_or(0.0, |a| a.1),
        Some(0) => anchors[0].1,
        Some(i) => {
            let ((d0, v0), (d1, v1)) = (anchors[i - 1], anchors[i]);
            v0 + (v1 - v0) * (days_ago - d0) as f64 / (d1 - d0).max(1) as f64
        }
    }
}

fn anchors(scene: &Scene<'_>, inputs: &Inputs<'_>) -> Vec<(i64, f64)> {
    // A utilization is a mean over every day; the curve runs at weekday level, weekends lower.
    let seats = scene.plan.seats as f64 * 7.0 / (5.0 + 2.0 * scene.plan.usage.weekend);
    let mut anchors: Vec<(i64, f64)> = Vec::new();
    match inputs.join {
        Some(users) => anchors.push((inputs.days.newest - 1, users)),
        None => {
            // The last weeks before a churn run at what the year ended on.
            let last = &inputs.past.eras[0];
            let end = if last.condition == Condition::Decline { 0.6 } else { 0.95 };
            anchors.push((0, last.utilization * end * seats));
        }
    }
    for era in &inputs.past.eras {
        let middle = era.ends + 150;
        if middle > anchors.last().map_or(i64::MIN, |a| a.0) {
            anchors.push((middle, era.utilization * seats));
        }
    }
    anchors
}

fn is_weekend(scene: &Scene<'_>, days_ago: i64) -> bool {
    matches!(scene.day(days_ago).weekday(), Weekday::Sat | Weekday::Sun)
}

fn usage(scene: &Scene<'_>, inputs: &Inputs<'_>, rng: &mut ChaCha8Rng) -> Vec<UsageDay> {
    let shape = &scene.plan.usage;
    let anchors = anchors(scene, inputs);
    let per_user = rng.random_range(6.0..30.0);
    let seats = scene.plan.seats;
    (inputs.days.newest..=inputs.days.oldest)
        .rev()
        .map(|k| {
            let rhythm = if is_weekend(scene, k) { shape.weekend } else { 1.0 };
            let jitter = 1.0 + shape.noise * (2.0 * rng.random::<f64>() - 1.0);
            let users = (level(&anchors, k) * rhythm * jitter).round().clamp(0.0, seats as f64);
            let events = users * per_user * (0.7 + 0.6 * rng.random::<f64>());
            UsageDay {
                date: scene.day(k),
                active_users: users as i64,
                events: Some(events.round() as i64),
            }
        })
        .collect()
}

/// One to three days a week for each feature the year uses (the first three the most), so a
/// 30-day window sees exactly the year's features.
fn features(scene: &Scene<'_>, inputs: &Inputs<'_>, rng: &mut ChaCha8Rng) -> Vec<FeatureDay> {
    let Days { newest, oldest } = inputs.days;
    let mut out = Vec::new();
    let mut week_end = newest;
    while week_end <= oldest {
        let used = inputs.past.era_at(week_end).features.min(inputs.features.len());
        for (position, &feature) in inputs.features.iter().take(used).enumerate() {
            let mut offsets = [0i64, 1, 2, 3, 4, 5, 6];
            let days = rng.random_range(1..=if position < 3 { 3 } else { 2 });
            for slot in 0..days {
                let other = rng.random_range(slot..offsets.len());
                offsets.swap(slot, other);
                let days_ago = week_end + offsets[slot];
                if days_ago <= oldest {
                    out.push(FeatureDay {
                        date: scene.day(days_ago),
                        feature,
                        events: Some(rng.random_range(1..40)),
                    });
                }
            }
        }
        week_end += 7;
    }
    out.sort_unstable_by_key(|day| (day.date, day.feature));
    out
}

/// Tickets over the span: the segment's usual rate, more in a bad year (and more of them
/// urgent or high, some left waiting for weeks), all closed before the span's end.
fn tickets(
    sink: &mut Sink<'_, '_>,
    scene: &Scene<'_>,
    inputs: &Inputs<'_>,
    rng: &mut ChaCha8Rng,
) -> StoreResult<()> {
    let plan = scene.plan;
    let per_year = match plan.segment {
        Segment::Enterprise => rng.random_range(12.0..30.0),
        Segment::MidMarket => rng.random_range(6.0..15.0),
        Segment::Smb => rng.random_range(2.0..8.0),
        Segment::SelfService => rng.random_range(0.0..4.0),
    };
    let Days { newest, oldest } = inputs.days;
    // A ticket a month at most in expectation per unit of rate: one draw per 30 days.
    let mut from = newest;
    while from <= oldest {
        let era = inputs.past.era_at(from);
        let expected = per_year * era.condition.ticket_factor() * 30.0 / 365.0;
        let count = expected.floor() as i64 + i64::from(rng.random_bool(expected.fract()));
        for _ in 0..count {
            let opened = rng.random_range(from..(from + 30).min(oldest + 1));
            let bad = era.condition != Condition::Steady;
            let weights: &[(Priority, u32)] = if bad {
                &[
                    (Priority::Urgent, 6),
                    (Priority::High, 26),
                    (Priority::Normal, 52),
                    (Priority::Low, 16),
                ]
            } else {
                &[
                    (Priority::Urgent, 3),
                    (Priority::High, 15),
                    (Priority::Normal, 60),
                    (Priority::Low, 22),
                ]
            };
            let priority = weighted(rng, weights);
            let takes = match priority {
                Priority::Urgent => rng.random_range(0..=2),
                Priority::High if bad && rng.random_bool(0.3) => rng.random_range(20..=60),
                Priority::High => rng.random_range(1..=5),
                Priority::Normal => rng.random_range(1..=10),
                Priority::Low => rng.random_range(2..=20),
            };
            // Closed before the span's newest day: the present (or the churn) finds it closed.
            let closed = (opened - takes).max(newest.min(opened));
            let rated = rng.random_bool(0.65).then(|| rating(rng, era.mood, plan.rating_style));
            let subject = texts::ticket_subject(rng, priority);
            sink.ticket(&ticket(scene, opened, Some(closed), priority, rated, subject))?;
        }
        from += 30;
    }
    Ok(())
}

/// Survey waves twice a year, as in the present (about 52 and 207 days into each year back).
fn nps(
    sink: &mut Sink<'_, '_>,
    scene: &Scene<'_>,
    inputs: &Inputs<'_>,
    rng: &mut ChaCha8Rng,
) -> StoreResult<()> {
    let Days { newest, oldest } = inputs.days;
    for year in 0..=oldest / 365 {
        for (from, to) in [(45, 60), (200, 215)] {
            let (from, to) = (from + 365 * year, to + 365 * year);
            if from < newest || to > oldest {
                continue;
            }
            survey_wave(sink, scene, rng, (from, to), |days_ago| {
                inputs.past.era_at(days_ago).mood
            })?;
        }
    }
    Ok(())
}

/// Whether a person stopped answering in a bad year: the decision makers went quiet.
fn quiet(role: Role) -> bool {
    matches!(role, Role::Champion | Role::ExecutiveSponsor | Role::EconomicBuyer)
}

/// The timeline over the span at the segment's cadence, slower in a bad year, whose touches
/// then reach only the users (the champions, sponsors and buyers went silent).
fn touches(
    sink: &mut Sink<'_, '_>,
    scene: &Scene<'_>,
    inputs: &Inputs<'_>,
    rng: &mut ChaCha8Rng,
) -> StoreResult<()> {
    let plan = scene.plan;
    let (gap_min, gap_max) = match plan.segment {
        Segment::Enterprise => (10, 24),
        Segment::MidMarket => (18, 35),
        Segment::Smb => (30, 60),
        Segment::SelfService => (45, 90),
    };
    let quarterly = matches!(plan.segment, Segment::Enterprise | Segment::MidMarket);
    let Days { newest, oldest } = inputs.days;
    let mut days_ago = newest + rng.random_range(0..gap_min);
    let mut next_qbr = if quarterly { days_ago + rng.random_range(0..60) } else { i64::MAX };
    let mut turn = 0usize;
    while days_ago <= oldest {
        let era = inputs.past.era_at(days_ago);
        let silent = era.condition.silent();
        let pool: Vec<&Person> = scene
            .people
            .iter()
            .filter(|p| p.current_at(days_ago) && !(silent && quiet(p.role)))
            .collect();
        let kind = if days_ago >= next_qbr && !silent {
            next_qbr = days_ago + 85;
            InteractionKind::Qbr
        } else {
            everyday_kind(rng, plan.segment)
        };
        let size = if kind == InteractionKind::Qbr { 3 } else { rng.random_range(1..=2) };
        let participants: Vec<&Person> =
            (0..size.min(pool.len())).map(|step| pool[(turn + step) % pool.len()]).collect();
        turn += size;
        let who = super::activity::who(&participants);
        let text = texts::touch(rng, kind, &who, scene.feature, era.mood);
        let ids = participants.iter().map(|p| p.id).collect();
        sink.interaction(&interaction(scene, days_ago, kind, text, ids))?;
        if days_ago > newest && rng.random_bool(0.25) {
            let text = texts::note(rng, &who, scene.feature);
            sink.interaction(&interaction(
                scene,
                days_ago - 1,
                InteractionKind::Note,
                text,
                Vec::new(),
            ))?;
        }
        let gap = rng.random_range(gap_min..=gap_max);
        days_ago += if silent { gap * 2 } else { gap };
    }
    Ok(())
}
