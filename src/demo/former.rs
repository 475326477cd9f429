//! The former customers of the demo book: accounts that churned at one of their renewals in the
//! history's window, written after the active accounts (whose ids and names stay as they are),
//! with their facts up to the churn and their renewal records, the churn last.
//!
//! As many churn each year as make about one renewal in nine a churn, counting the active
//! accounts' renewals of that year and the former customers' earlier ones. Their plans come
//! from a stream of their own, so the active accounts are the same with or without them. This
//! module plans and writes the former customers; the past is `past`'s to decide.

use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::history::{self, Days, Inputs};
use super::names::{self, NameBook, weighted};
use super::older::{self, history_rng, shuffled, span};
use super::past::{self, Condition, Past};
use super::plan::AccountPlan;
use super::usage::{CATALOGUE, YEAR};
use super::{Scene, Sink, people, random, shift};
use crate::domain::{Account, AccountId, Advocacy, FeatureId, Role, Segment};
use crate::store::{CHURNED_STAGE, StoreResult};

/// The stream the former customers' plans are drawn from.
const FORMER_PLANS: u64 = 1 << 42;

/// The streams of the former customers' own facts (and external ids): one each from here.
const FIRST_FORMER_STREAM: usize = 1 << 30;

/// The share of each year's renewals that churned.
const CHURN: f64 = 0.115;

/// The share of former customers who churned by surprise, after a steady year; the others
/// declined first. Spread evenly over the former customers, so that a small book has its share.
const SURPRISE: f64 = 0.3;

/// Whether the former customer at `index` churned by surprise.
fn surprise(index: usize) -> bool {
    ((index + 1) as f64 * SURPRISE).floor() > (index as f64 * SURPRISE).floor()
}

/// A former customer as planned.
pub(super) struct Former {
    plan: AccountPlan,
    /// Days before the as-of date it churned (its last renewal's due date).
    churned: i64,
    /// Contract days before the churn.
    start: i64,
    stream: usize,
    past: Past,
}

/// The year of the history a renewal due `days_ago` falls in: 0 for the last 365 days.
pub(super) fn year_of(days_ago: i64) -> usize {
    usize::try_from((days_ago - 1).max(0) / YEAR).unwrap_or(0)
}

/// Plans the former customers of a book whose active accounts renewed `renewed[y]` times in
/// year `y` back, drawing their names from `names` after the active accounts'.
pub(super) fn plan(seed: u64, years: u32, renewed: &[usize], names: &mut NameBook) -> Vec<Former> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(FORMER_PLANS);
    let mut renewed = renewed.to_vec();
    let mut formers: Vec<Former> = Vec::new();
    for year in 0..years as usize {
        let churns = (renewed[year] as f64 * CHURN / (1.0 - CHURN)).round() as usize;
        for _ in 0..churns {
            let mut plan = random::random_plan(&mut rng, names);
            // Churn is a long-tail story: few of the largest customers leave outright.
            while plan.segment == Segment::Enterprise && rng.random_bool(0.75) {
                plan = random::random_plan(&mut rng, names);
            }
            let latest = (year as i64 + 1) * YEAR;
            let churned = rng.random_range(latest - YEAR + 1..latest);
            let start = YEAR * weighted(&mut rng, &[(1, 25), (2, 30), (3, 25), (4, 12), (5, 8)]);
            let stream = FIRST_FORMER_STREAM + formers.len();
            let mut facts = history_rng(seed, stream);
            let limits = span(start, years, churned);
            let past = past::former(&mut facts, limits, plan.arr_cents, surprise(formers.len()));
            for r in past.renewals.iter().filter(|r| !r.churned) {
                if let Some(count) = renewed.get_mut(year_of(churned + r.due)) {
                    *count += 1;
                }
            }
            shape_plan(&mut plan, &past, start, &mut rng);
            formers.push(Former { plan, churned, start, stream, past });
        }
    }
    formers
}

/// The plan as the customer was on the day it churned: no renewal ahead, and in a decline its
/// decision makers no longer engaged, the champion sometimes gone a few months before.
fn shape_plan(plan: &mut AccountPlan, past: &Past, start: i64, rng: &mut ChaCha8Rng) {
    plan.tenure = start;
    plan.renewal_in = 0;
    plan.lifecycle = CHURNED_STAGE;
    plan.upsell = false;
    plan.open_urgent = false;
    plan.advocacy = Advocacy::None;
    let last = &past.eras[0];
    plan.mood = last.mood;
    if last.condition == Condition::Decline {
        plan.last_touch = rng.random_range(20..60);
        for member in &mut plan.cast {
            if matches!(member.role, Role::Champion | Role::ExecutiveSponsor | Role::EconomicBuyer)
            {
                member.engaged = false;
            }
        }
        if rng.random_bool(0.35)
            && let Some(champion) = plan.cast.iter_mut().find(|m| m.role == Role::Champion)
        {
            champion.left_days_ago = Some(rng.random_range(100..=170));
        }
    }
}

/// Writes the former customers: each account (churned, no ARR, no renewal ahead), its
/// contacts, its facts up to the churn and its renewal records.
pub(super) fn write(
    sink: &mut Sink<'_, '_>,
    formers: &[Former],
    features: &[FeatureId],
    (seed, years, as_of): (u64, u32, NaiveDate),
) -> StoreResult<()> {
    for (index, former) in formers.iter().enumerate() {
        let plan = &former.plan;
        let mut rng = history_rng(seed, former.stream);
        // The same draws as when it was planned, so the stream goes on where the past ended.
        let limits = span(former.start, years, former.churned);
        let _ = past::former(&mut rng, limits, plan.arr_cents, surprise(index));
        let day = shift(as_of, -former.churned);
        let account = sink.former_account(&Account {
            id: AccountId(0),
            external_id: names::external_id(seed, former.stream),
            name: plan.name.clone(),
            domain: Some(plan.domain.clone()),
            segment: Some(plan.segment),
            industry: Some(plan.industry.to_owned()),
            region: Some(plan.region.to_owned()),
            owner: Some(plan.owner.to_owned()),
            arr_cents: 0,
            seats_licensed: Some(plan.seats),
            contract_start: Some(shift(day, -former.start)),
            renewal_date: None,
            lifecycle_stage: Some(CHURNED_STAGE.to_owned()),
            advocacy: Some(plan.advocacy),
            version: 0,
        })?;
        let people = people::write_contacts(sink, plan, account, day, &mut rng)?;
        let order = shuffled(features, &mut rng);
        let feature = features
            .iter()
            .position(|&f| f == order[0])
            .and_then(|i| CATALOGUE.get(i).copied())
            .unwrap_or(CATALOGUE[0]);
        let scene = Scene { as_of: day, account, plan, people, feature };
        let days = Days { newest: 0, oldest: limits.facts.min(former.start - 1) };
        let inputs = Inputs { past: &former.past, days, join: None, features: &order };
        history::write(sink, &scene, &inputs, &mut rng)?;
        older::records(sink, account, &former.past, day, as_of)?;
    }
    Ok(())
}
