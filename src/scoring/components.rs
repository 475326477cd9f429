//! The four health components of SPEC 4.1 at one date, each with the inputs that explain it.

use chrono::NaiveDate;

use super::model::Model;
use crate::domain::{
    AccountFacts, ContactId, FeatureId, InteractionKind, Priority, Role, UsageFacts, Window,
};

/// Usage: mean active users over the recent window against licensed seats.
#[derive(Debug, Clone, PartialEq)]
pub struct Usage {
    /// The component, 0-100, or `None` (no usage in the window, or no licensed seats).
    pub value: Option<f64>,
    /// Mean active users over the recent window.
    pub mean_active: Option<f64>,
    /// Licensed seats (absent or 0 is `None`).
    pub seats: Option<i64>,
    /// `mean_active / seats`.
    pub utilization: Option<f64>,
}

/// Feature adoption: the share of key features used in the recent window.
#[derive(Debug, Clone, PartialEq)]
pub struct Adoption {
    /// The component, 0-100, or `None` (no key features, or no feature data yet).
    pub value: Option<f64>,
    /// Key features used in the window.
    pub used: usize,
    /// Size of the key-feature set.
    pub key: usize,
    /// Key features of the catalogue not used in the window.
    pub unused: Vec<FeatureId>,
}

/// Support satisfaction: recent ratings minus penalties for open urgent and high tickets.
#[derive(Debug, Clone, PartialEq)]
pub struct Support {
    /// The component, 0-100.
    pub value: f64,
    /// 100 x the mean normalised rating, or the configured base without ratings.
    pub base: f64,
    /// Rated tickets opened in the support window.
    pub rated: usize,
    pub urgent_open: usize,
    pub high_open: usize,
    /// The penalty subtracted from the base.
    pub penalty: f64,
}

/// Stakeholder engagement: which key roles took part recently, and how many people.
#[derive(Debug, Clone, PartialEq)]
pub struct Engagement {
    /// The component, 0-100.
    pub value: f64,
    pub sponsor: bool,
    pub champion: bool,
    pub economic_buyer: bool,
    /// Current contacts engaged in the engagement window.
    pub engaged: Vec<ContactId>,
}

/// The four components of one account at one date.
#[derive(Debug, Clone, PartialEq)]
pub struct Components {
    pub usage: Usage,
    pub adoption: Adoption,
    pub support: Support,
    pub engagement: Engagement,
}

impl Components {
    /// The components of `facts` at `date`.
    #[must_use]
    pub fn at(facts: &AccountFacts, model: &Model<'_>, date: NaiveDate) -> Self {
        Self {
            usage: usage(facts, model, date),
            adoption: adoption(facts, model, date),
            support: support(facts, model, date),
            engagement: engagement(facts, model, date),
        }
    }

    /// Each component's value and weight, in the order usage, adoption, support, engagement.
    #[must_use]
    pub fn weighted(&self, model: &Model<'_>) -> [(Option<f64>, f64); 4] {
        let w = model.config.weights;
        [
            (self.usage.value, w.usage),
            (self.adoption.value, w.adoption),
            (Some(self.support.value), w.support),
            (Some(self.engagement.value), w.engagement),
        ]
    }
}

fn usage(facts: &AccountFacts, model: &Model<'_>, date: NaiveDate) -> Usage {
    let recent = Window::ending(date, model.config.windows.recent);
    let mean_active = mean_active_users(&facts.usage, recent);
    let seats = facts.account.seats_licensed.filter(|&s| s > 0);
    #[allow(clippy::cast_precision_loss)] // seat counts are far below 2^52
    let utilization = mean_active.zip(seats).map(|(mean, seats)| mean / seats as f64);
    let target = model.config.usage.target_utilization;
    Usage {
        value: utilization.map(|u| 100.0 * (u / target).min(1.0)),
        mean_active,
        seats,
        utilization,
    }
}

fn adoption(facts: &AccountFacts, model: &Model<'_>, date: NaiveDate) -> Adoption {
    let key = model.key_features(date);
    let has_data = facts.features.first.is_some_and(|first| first <= date);
    if key.size == 0 || !has_data {
        return Adoption { value: None, used: 0, key: key.size, unused: key.ids };
    }
    let recent = Window::ending(date, model.config.windows.recent);
    let (used_ids, unused): (Vec<FeatureId>, Vec<FeatureId>) =
        key.ids.iter().partition(|&&id| facts.features.used_in(recent, id));
    let used = used_ids.len();
    #[allow(clippy::cast_precision_loss)] // a handful of features
    let value = 100.0 * used as f64 / key.size as f64;
    Adoption { value: Some(value), used, key: key.size, unused }
}

fn support(facts: &AccountFacts, model: &Model<'_>, date: NaiveDate) -> Support {
    let config = model.config.support;
    let window = Window::ending(date, model.config.windows.support);
    let ratings: Vec<f64> = facts
        .tickets
        .iter()
        .filter(|t| window.contains(t.opened))
        .filter_map(|t| t.rating.map(crate::domain::Rating::normalised))
        .collect();
    #[allow(clippy::cast_precision_loss)] // a handful of tickets
    let base = if ratings.is_empty() {
        config.base_without_ratings
    } else {
        100.0 * ratings.iter().sum::<f64>() / ratings.len() as f64
    };
    let open = |priority| {
        facts.tickets.iter().filter(|t| t.priority == priority && t.is_open_at(date)).count()
    };
    let (urgent_open, high_open) = (open(Priority::Urgent), open(Priority::High));
    #[allow(clippy::cast_precision_loss)]
    let penalty = config.urgent_open_penalty * urgent_open as f64
        + config.high_open_penalty * high_open as f64;
    Support {
        value: (base - penalty).clamp(0.0, 100.0),
        base,
        rated: ratings.len(),
        urgent_open,
        high_open,
        penalty,
    }
}

/// The current contacts engaged at `date`: they took part in an interaction other than a note
/// in the engagement window, or their imported last-engaged date lies in it.
#[must_use]
pub fn engaged_contacts(
    facts: &AccountFacts,
    model: &Model<'_>,
    date: NaiveDate,
) -> Vec<ContactId> {
    let window = Window::ending(date, model.config.windows.engagement);
    facts
        .contacts
        .iter()
        .filter(|c| c.is_current(date))
        .filter(|c| {
            c.last_engaged.is_some_and(|d| window.contains(d))
                || facts.touches.iter().any(|t| {
                    t.kind != InteractionKind::Note
                        && window.contains(t.date)
                        && t.contacts.contains(&c.id)
                })
        })
        .map(|c| c.id)
        .collect()
}

fn engagement(facts: &AccountFacts, model: &Model<'_>, date: NaiveDate) -> Engagement {
    let points = model.config.engagement;
    let engaged = engaged_contacts(facts, model, date);
    let has = |role| facts.contacts.iter().any(|c| c.role == role && engaged.contains(&c.id));
    let (sponsor, champion, economic_buyer) =
        (has(Role::ExecutiveSponsor), has(Role::Champion), has(Role::EconomicBuyer));
    let broad = engaged.len() >= points.breadth_contacts as usize;
    let value = [
        (sponsor, points.executive_sponsor),
        (champion, points.champion),
        (economic_buyer, points.economic_buyer),
        (broad, points.breadth),
    ]
    .iter()
    .filter(|(earned, _)| *earned)
    .map(|(_, p)| p)
    .sum::<f64>();
    Engagement { value: value.clamp(0.0, 100.0), sponsor, champion, economic_buyer, engaged }
}

/// The mean active users of `window` (SPEC 4.1): the sum over the window's days on or after the
/// first usage day, divided by the number of those days (a day without a row counts 0); `None`
/// when no day of the window is on or after the first usage day.
#[must_use]
pub fn mean_active_users(usage: &UsageFacts, window: Window) -> Option<f64> {
    let from = window.start.max(usage.first?);
    if from > window.end {
        return None;
    }
    let counted = (window.end - from).num_days() + 1;
    #[allow(clippy::cast_precision_loss)] // user counts are far below 2^52
    usage.sum(window).map(|sum| sum as f64 / counted as f64)
}
