//! The plan of one demo account: its attributes and the knobs that shape its facts (usage,
//! features, stakeholders, mood, touches), with the rules every plan follows (onboarding path,
//! lifecycle stage, price of a seat).
//!
//! A plan is all relative to the as-of date (days ago, days to renewal), so a book tells the same
//! stories whatever day it is generated for. This module decides; it must not write to the store.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::stories::Story;
use super::usage::{FeatureShape, UsageShape, YEAR};
use crate::domain::{Advocacy, Role, Segment};

/// How the customer feels about us, which colours ticket ratings, NPS scores and sentiment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mood {
    Delighted,
    Content,
    Mixed,
    Unhappy,
}

/// How a help desk rates tickets: each account's tool has one style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RatingStyle {
    GoodBad,
    GreatOkayBad,
    Stars,
    Percent,
}

/// One stakeholder to be cast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Member {
    pub role: Role,
    /// Takes part in the touches of the last 90 days (and has a recent last-engaged date), so
    /// the engagement component counts them.
    pub engaged: bool,
    /// Days before the as-of date the contact left the company.
    pub left_days_ago: Option<i64>,
    /// The manager's position in the cast (always an earlier member).
    pub reports_to: Option<usize>,
}

impl Member {
    pub fn new(role: Role, engaged: bool, reports_to: Option<usize>) -> Self {
        Self { role, engaged, left_days_ago: None, reports_to }
    }
}

/// Everything the generators need to write one account.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct AccountPlan {
    pub name: String,
    pub domain: String,
    pub segment: Segment,
    pub industry: &'static str,
    pub region: &'static str,
    pub owner: &'static str,
    pub arr_cents: i64,
    pub seats: i64,
    /// Days since the contract started.
    pub tenure: i64,
    /// Days from the as-of date to the renewal (negative: overdue).
    pub renewal_in: i64,
    pub lifecycle: &'static str,
    pub advocacy: Advocacy,
    pub usage: UsageShape,
    pub features: FeatureShape,
    pub cast: Vec<Member>,
    pub mood: Mood,
    pub rating_style: RatingStyle,
    /// Days since the last touch other than a note.
    pub last_touch: i64,
    /// An urgent ticket is open today.
    pub open_urgent: bool,
    /// An open expansion opportunity.
    pub upsell: bool,
    pub story: Option<Story>,
    /// The product's usage reaches csm: false for an account imported from a CRM whose product
    /// data is not connected yet (it scores on support and engagement alone).
    pub product_data: bool,
}

/// Days of an onboarding path by segment (SPEC 5).
pub(super) fn onboarding_days(segment: Segment) -> i64 {
    match segment {
        Segment::Enterprise => 90,
        Segment::MidMarket => 60,
        Segment::Smb | Segment::SelfService => 30,
    }
}

/// The lifecycle stage an account is in, from its age and its renewal.
pub(super) fn lifecycle(segment: Segment, tenure: i64, renewal_in: i64) -> &'static str {
    if tenure < onboarding_days(segment) {
        "onboarding"
    } else if renewal_in <= 90 {
        "renewal"
    } else if tenure < YEAR {
        "adoption"
    } else {
        "growth"
    }
}

/// ARR in cents for a number of seats: a price per seat and year with a floor, rounded as a
/// sales team would quote it.
pub(super) fn arr_for(rng: &mut ChaCha8Rng, segment: Segment, seats: i64) -> i64 {
    let (price, floor, round) = match segment {
        Segment::Enterprise => (rng.random_range(420..720), 150_000, 1_000),
        Segment::MidMarket => (rng.random_range(480..840), 30_000, 500),
        Segment::Smb => (rng.random_range(540..960), 3_000, 100),
        Segment::SelfService => (rng.random_range(300..540), 600, 60),
    };
    let dollars = (seats * price).max(floor);
    (dollars + round / 2) / round * round * 100
}

/// The satisfaction behind one rating or score, 0 (furious) to 1 (delighted).
pub(super) fn satisfaction(rng: &mut ChaCha8Rng, mood: Mood) -> f64 {
    match mood {
        Mood::Delighted => rng.random_range(0.8..=1.0),
        Mood::Content => rng.random_range(0.6..=1.0),
        Mood::Mixed => rng.random_range(0.35..0.9),
        Mood::Unhappy => rng.random_range(0.0..0.45),
    }
}
