//! The years before the present of the active demo accounts, written after every account's
//! present so that no present record changes id: what each account's present year starts from
//! (the seam the older usage joins), its latent past, a contact or two who left in those years,
//! the older facts and the renewal records.
//!
//! Every draw comes from the account's history stream, never the stream its present uses, so an
//! account's present is the same with or without its history. This module orchestrates; the
//! past is `past`'s to decide and the facts `history`'s to write.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::history::{self, Days, Inputs};
use super::names::{self, FIRST_NAMES, LAST_NAMES, ascii_slug, pick, weighted};
use super::past::{self, Past, Span, Today};
use super::people::Person;
use super::plan::AccountPlan;
use super::usage::{CATALOGUE, YEAR};
use super::{Scene, Sink, shift};
use crate::domain::{
    AccountId, Contact, ContactId, FeatureDay, FeatureId, RecordSource, RenewalOutcome,
    RenewalRecord, Role, UsageDay,
};
use crate::store::StoreResult;

/// Streams of the history of the account whose present uses stream `s` start here (plus `s`).
const HISTORY_STREAMS: u64 = 1 << 40;

/// Streams of the contract years an old account had before the ones its present tells.
const TENURE_STREAMS: u64 = 1 << 41;

/// The random stream of the history of the account whose present is drawn from `stream`.
pub(super) fn history_rng(seed: u64, stream: usize) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(HISTORY_STREAMS + stream as u64);
    rng
}

/// Days since the contract of a random account started: its plan's tenure, and for an account
/// in its second year or more, zero to three earlier years (the plan knows only three).
pub(super) fn start_days(seed: u64, stream: usize, plan: &AccountPlan) -> i64 {
    let years = (plan.tenure + plan.renewal_in) / YEAR;
    if plan.story.is_some() || years < 2 {
        return plan.tenure;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(TENURE_STREAMS + stream as u64);
    plan.tenure + YEAR * weighted(&mut rng, &[(0, 25), (1, 25), (2, 25), (3, 25)])
}

/// What the older history of an active account needs from its present, kept while the rest of
/// the book is written.
pub(super) struct Later {
    pub account: AccountId,
    pub stream: usize,
    pub plan: AccountPlan,
    pub people: Vec<Person>,
    pub start: i64,
    /// Weekday active users at the start of the present year.
    pub join: Option<f64>,
    /// The account's features, those it used first first.
    pub features: Vec<FeatureId>,
    pub feature: &'static str,
}

/// The seam of the present's usage: weekday users over its first four weeks (the weekend's
/// lower activity taken out), and the account's features, those it used most in the present's
/// first eight weeks first.
pub(super) fn seam(
    usage: &[UsageDay],
    days: &[FeatureDay],
    catalogue: &[FeatureId],
    weekend: f64,
) -> (Option<f64>, Vec<FeatureId>) {
    let first = usage.iter().take(28).map(|u| u.active_users as f64).collect::<Vec<_>>();
    let join = (!first.is_empty())
        .then(|| first.iter().sum::<f64>() / first.len() as f64 * 7.0 / (5.0 + 2.0 * weekend));
    let mut early: Vec<(usize, FeatureId)> = Vec::new();
    if let Some(start) = days.first().map(|d| d.date) {
        for &feature in catalogue {
            let used = days
                .iter()
                .filter(|d| d.feature == feature && (d.date - start).num_days() < 56)
                .count();
            if used > 0 {
                early.push((used, feature));
            }
        }
    }
    early.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut order: Vec<FeatureId> = early.into_iter().map(|(_, f)| f).collect();
    order.extend(catalogue.iter().filter(|f| !order.contains(f)).copied().collect::<Vec<_>>());
    (join, order)
}

/// The limits of the history: `years` of renewals, and facts half a year further back so the
/// oldest renewal's health has full windows.
pub(super) fn span(start: i64, years: u32, offset: i64) -> Span {
    let records = i64::from(years) * YEAR - offset;
    Span { start, records, facts: records + 180 }
}

/// The latent past of an active account.
pub(super) fn past_of(later: &Later, years: u32, rng: &mut ChaCha8Rng) -> Past {
    let seats = later.plan.seats.max(1) as f64;
    let today = Today {
        utilization: later.join.map_or(later.plan.usage.now, |users| {
            users / seats * (5.0 + 2.0 * later.plan.usage.weekend) / 7.0
        }),
        features: later.plan.features.now.max(1),
        mood: later.plan.mood,
        arr_cents: later.plan.arr_cents,
    };
    past::active(rng, later.plan.renewal_in, span(later.start, years, 0), today)
}

/// A contact who left the company in the older years, with what the touches need.
fn departed(
    sink: &mut Sink<'_, '_>,
    scene: &Scene<'_>,
    taken: &[Person],
    days: Days,
    rng: &mut ChaCha8Rng,
) -> StoreResult<Option<Person>> {
    // A story account's cast is its story's: nobody else shows among its stakeholders.
    if scene.plan.story.is_some() || days.oldest < days.newest + 120 || !rng.random_bool(0.4) {
        return Ok(None);
    }
    let plan = scene.plan;
    let role = weighted(
        rng,
        &[
            (Role::Champion, 3),
            (Role::EndUser, 3),
            (Role::Influencer, 2),
            (Role::ExecutiveSponsor, 1),
        ],
    );
    let (first, last, email) = loop {
        let first = pick(rng, FIRST_NAMES);
        let last = pick(rng, LAST_NAMES);
        let email =
            format!("{}.{}@{}", ascii_slug(first, None), ascii_slug(last, None), plan.domain);
        if !taken.iter().any(|p| p.email == email) {
            break (first, last, email);
        }
    };
    let left = rng.random_range(days.newest + 30..=days.oldest - 90);
    let name = format!("{first} {last}");
    let id = sink.contact(&Contact {
        id: ContactId(0),
        account_id: scene.account,
        external_id: None,
        name: name.clone(),
        title: Some(pick(rng, names::titles(role, plan.segment)).to_owned()),
        email: Some(email.clone()),
        role,
        influence: Some(rng.random_range(2..=4)),
        sentiment: None,
        reports_to: None,
        last_engaged: Some(scene.day(left + rng.random_range(5..40))),
        left_on: Some(scene.day(left)),
        version: 0,
    })?;
    Ok(Some(Person { id, role, first, name, email, engaged: false, left_days_ago: Some(left) }))
}

/// Writes an active account's older facts and its renewal records.
pub(super) fn write(
    sink: &mut Sink<'_, '_>,
    later: &Later,
    past: &Past,
    as_of: chrono::NaiveDate,
    years: u32,
    rng: &mut ChaCha8Rng,
) -> StoreResult<()> {
    let span = span(later.start, years, 0);
    let days = Days { newest: YEAR, oldest: span.facts.min(later.start - 1) };
    let mut people = later.people.clone();
    let scene = Scene {
        as_of,
        account: later.account,
        plan: &later.plan,
        people: Vec::new(),
        feature: later.feature,
    };
    if let Some(person) = departed(sink, &scene, &people, days, rng)? {
        people.push(person);
    }
    let scene = Scene { people, ..scene };
    let inputs = Inputs { past, days, join: later.join, features: &later.features };
    history::write(sink, &scene, &inputs, rng)?;
    records(sink, later.account, past, as_of, as_of)
}

/// The renewal records of `past`, its days counted back from `reference`: those due more than
/// two years before `as_of` imported from the CRM (before the book moved to csm), the rest
/// recorded in csm.
pub(super) fn records(
    sink: &mut Sink<'_, '_>,
    account: AccountId,
    past: &Past,
    reference: chrono::NaiveDate,
    as_of: chrono::NaiveDate,
) -> StoreResult<()> {
    for r in &past.renewals {
        let due = shift(reference, -r.due);
        let source = if (as_of - due).num_days() > 2 * YEAR {
            RecordSource::Imported
        } else {
            RecordSource::Recorded
        };
        sink.renewal(&RenewalRecord {
            account_id: account,
            due,
            closed_on: shift(reference, -r.closed),
            outcome: if r.churned { RenewalOutcome::Churned } else { RenewalOutcome::Renewed },
            arr_before: r.arr_before,
            arr_after: r.arr_after,
            note: r.note.map(str::to_owned),
            source,
        })?;
    }
    Ok(())
}

/// The catalogue's features in a lightly shuffled order of popularity.
pub(super) fn shuffled(features: &[FeatureId], rng: &mut ChaCha8Rng) -> Vec<FeatureId> {
    let mut order: Vec<(usize, FeatureId)> =
        features.iter().enumerate().map(|(i, &f)| (i + rng.random_range(0..4usize), f)).collect();
    order.sort_unstable();
    debug_assert_eq!(features.len(), CATALOGUE.len());
    order.into_iter().map(|(_, f)| f).collect()
}
