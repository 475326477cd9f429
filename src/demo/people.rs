//! The stakeholders of a demo account: names, titles, emails at the account's domain, influence,
//! sentiment, the reporting line, last-engaged dates and departures, from the plan's cast.
//!
//! A contact the plan marks as engaged gets a last-engaged date inside the last 90 days (and on
//! or before the last touch), one not engaged never does, so the engagement component reads
//! what the plan meant. This module writes contacts only; touches are `activity`'s.

use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::names::{self, FIRST_NAMES, LAST_NAMES, ascii_slug, pick};
use super::plan::{AccountPlan, satisfaction};
use super::{Sink, shift};
use crate::domain::{AccountId, Contact, ContactId, Role};
use crate::store::StoreResult;

/// A contact as written, with what the other generators need to know about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Person {
    pub id: ContactId,
    pub role: Role,
    pub first: &'static str,
    pub name: String,
    pub email: String,
    pub engaged: bool,
    pub left_days_ago: Option<i64>,
}

impl Person {
    /// Still with the company on the day `days_ago` days before the as-of date.
    pub fn current_at(&self, days_ago: i64) -> bool {
        self.left_days_ago.is_none_or(|left| days_ago > left)
    }
}

/// How much a role weighs on the decision, 1 to 5.
fn influence(rng: &mut ChaCha8Rng, role: Role) -> u8 {
    match role {
        Role::ExecutiveSponsor => rng.random_range(4..=5),
        Role::EconomicBuyer => rng.random_range(4..=5),
        Role::Champion => rng.random_range(3..=4),
        Role::Influencer => rng.random_range(2..=4),
        Role::EndUser => rng.random_range(1..=2),
        Role::Other => rng.random_range(1..=3),
    }
}

/// Writes the plan's cast in order (a manager before those reporting to them).
pub(super) fn write_contacts(
    sink: &mut Sink<'_, '_>,
    plan: &AccountPlan,
    account: AccountId,
    as_of: NaiveDate,
    rng: &mut ChaCha8Rng,
) -> StoreResult<Vec<Person>> {
    let mut people: Vec<Person> = Vec::with_capacity(plan.cast.len());
    for member in &plan.cast {
        // Names are unique within the account, so every email address is too.
        let (first, last, email) = loop {
            let first = pick(rng, FIRST_NAMES);
            let last = pick(rng, LAST_NAMES);
            let email =
                format!("{}.{}@{}", ascii_slug(first, None), ascii_slug(last, None), plan.domain);
            if !people.iter().any(|p| p.email == email) {
                break (first, last, email);
            }
        };
        let last_engaged = match member.left_days_ago {
            Some(left) => Some(left + rng.random_range(5..40)).filter(|&d| d <= plan.tenure),
            None if member.engaged => {
                // On or before the last touch, and well inside the 90-day window.
                let from = plan.last_touch.min(80);
                Some(rng.random_range(from..=from + 8))
            }
            None if plan.tenure > 100 && rng.random_bool(0.4) => {
                Some(rng.random_range(100..=plan.tenure.min(300)))
            }
            None => None,
        };
        let sentiment = rng.random_bool(0.8).then(|| {
            let s = satisfaction(rng, plan.mood);
            (s * 4.0 - 2.0).round().clamp(-2.0, 2.0) as i8
        });
        let name = format!("{first} {last}");
        let id = sink.contact(&Contact {
            id: ContactId(0),
            account_id: account,
            external_id: None,
            name: name.clone(),
            title: Some((pick(rng, names::titles(member.role, plan.segment))).to_owned()),
            email: Some(email.clone()),
            role: member.role,
            influence: Some(influence(rng, member.role)),
            sentiment,
            reports_to: member.reports_to.and_then(|i| people.get(i)).map(|manager| manager.id),
            last_engaged: last_engaged.map(|d| shift(as_of, -d)),
            left_on: member.left_days_ago.map(|d| shift(as_of, -d)),
            version: 0,
        })?;
        people.push(Person {
            id,
            role: member.role,
            first,
            name,
            email,
            engaged: member.engaged,
            left_days_ago: member.left_days_ago,
        });
    }
    Ok(people)
}
