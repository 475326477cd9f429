//! Table-driven tests of the scoring contract (SPEC 4). Every expected value is worked out by hand
//! from the spec, with the arithmetic in a comment; none is copied from the code's output.

mod attention;
mod book;
mod components;
mod explain;
mod health;
mod signals;

use chrono::NaiveDate;

use super::{AccountScore, Depth, Model, facts_request, score_account};
use crate::config::{Config, ScoringConfig};
use crate::domain::{
    Account, AccountFacts, AccountId, CatalogFeature, Contact, ContactId, FeatureCatalog,
    FeatureDay, FeatureFacts, FeatureId, InteractionKind, NpsId, NpsResponse, Priority, Rating,
    Role, Ticket, TicketId, Touch, UsageDay, UsageFacts,
};

/// The as-of date of every test: D.
pub(super) fn d() -> NaiveDate {
    "2026-11-24".parse().unwrap()
}

/// D minus `n` days.
pub(super) fn ago(n: i64) -> NaiveDate {
    d() - chrono::Days::new(u64::try_from(n).unwrap())
}

/// D plus `n` days.
pub(super) fn ahead(n: u64) -> NaiveDate {
    d() + chrono::Days::new(n)
}

/// An account and its facts, built up by the test, scored against a configurable model. Daily
/// usage and feature rows are kept as rows and summed over the engine's windows when scoring,
/// as the store does.
pub(super) struct Fixture {
    pub facts: AccountFacts,
    pub usage_days: Vec<UsageDay>,
    pub feature_days: Vec<FeatureDay>,
    pub catalog: FeatureCatalog,
    pub config: ScoringConfig,
}

impl Fixture {
    pub fn new(seats: Option<i64>) -> Self {
        let account = Account {
            id: AccountId(1),
            domain: Some("acme.example".into()),
            arr_cents: 10_000_000,
            seats_licensed: seats,
            ..Account::named("A-1", "Acme")
        };
        Self {
            facts: AccountFacts::new(account),
            usage_days: Vec::new(),
            feature_days: Vec::new(),
            catalog: FeatureCatalog::default(),
            config: Config::default().scoring,
        }
    }

    /// `users` active users on every day from `from_ago` to `to_ago` days before D.
    pub fn usage(&mut self, from_ago: i64, to_ago: i64, users: i64) -> &mut Self {
        for n in (to_ago..=from_ago).rev() {
            self.usage_days.push(UsageDay { date: ago(n), active_users: users, events: None });
        }
        self
    }

    /// A feature in the catalogue, first seen `first_seen_ago` days before D.
    pub fn feature(&mut self, name: &str, first_seen_ago: i64) -> FeatureId {
        let id = FeatureId(i64::try_from(self.catalog.features.len()).unwrap() + 1);
        self.catalog.features.push(CatalogFeature {
            id,
            name: name.into(),
            key: name.trim().to_lowercase(),
            first_seen: Some(ago(first_seen_ago)),
        });
        id
    }

    pub fn feature_day(
        &mut self,
        feature: FeatureId,
        days_ago: i64,
        events: Option<i64>,
    ) -> &mut Self {
        self.feature_days.push(FeatureDay { date: ago(days_ago), feature, events });
        self
    }

    pub fn contact(&mut self, name: &str, role: Role) -> ContactId {
        let id = ContactId(i64::try_from(self.facts.contacts.len()).unwrap() + 1);
        self.facts.contacts.push(Contact {
            id,
            account_id: AccountId(1),
            external_id: None,
            name: name.into(),
            title: None,
            email: Some(format!("{}@acme.example", name.to_lowercase())),
            role,
            influence: None,
            sentiment: None,
            reports_to: None,
            last_engaged: None,
            left_on: None,
            version: 0,
        });
        id
    }

    pub fn contact_mut(&mut self, id: ContactId) -> &mut Contact {
        self.facts.contacts.iter_mut().find(|c| c.id == id).unwrap()
    }

    pub fn interaction(
        &mut self,
        days_ago: i64,
        kind: InteractionKind,
        contacts: &[ContactId],
    ) -> &mut Self {
        self.facts.touches.push(Touch { date: ago(days_ago), kind, contacts: contacts.to_vec() });
        self
    }

    pub fn ticket(
        &mut self,
        opened_ago: i64,
        closed: Option<NaiveDate>,
        priority: Priority,
        rating: Option<&str>,
        status: Option<&str>,
    ) -> &mut Self {
        let id = TicketId(i64::try_from(self.facts.tickets.len()).unwrap() + 1);
        self.facts.tickets.push(Ticket {
            id,
            account_id: AccountId(1),
            external_id: None,
            opened: ago(opened_ago),
            closed,
            priority,
            rating: rating.map(|r| r.parse::<Rating>().unwrap()),
            status: status.map(Into::into),
            subject: None,
        });
        self
    }

    pub fn nps(&mut self, email: Option<&str>, score: u8, days_ago: i64) -> &mut Self {
        let id = NpsId(i64::try_from(self.facts.nps.len()).unwrap() + 1);
        self.facts.nps.push(NpsResponse {
            id,
            account_id: AccountId(1),
            email: email.map(Into::into),
            score,
            date: ago(days_ago),
            comment: None,
        });
        self
    }

    pub fn score(&self) -> AccountScore {
        self.score_at(d(), Depth::Report)
    }

    pub fn score_at(&self, date: NaiveDate, depth: Depth) -> AccountScore {
        let model = Model::new(&self.config, &self.catalog);
        score_account(&self.facts_at(date, depth), &model, date, depth)
    }

    /// The facts as the store would load them to score at `date`: rows dated after it left out,
    /// usage and features summed over the requested windows.
    pub fn facts_at(&self, date: NaiveDate, depth: Depth) -> AccountFacts {
        let windows = facts_request(date, &self.config, depth).windows;
        let mut facts = self.facts.clone();
        let usage: Vec<UsageDay> =
            self.usage_days.iter().filter(|u| u.date <= date).copied().collect();
        let features: Vec<FeatureDay> =
            self.feature_days.iter().filter(|f| f.date <= date).copied().collect();
        facts.usage = UsageFacts::from_days(&usage, &windows);
        facts.features = FeatureFacts::from_days(&features, &windows);
        facts
    }
}

/// Asserts two floats agree to 1e-9.
#[track_caller]
pub(super) fn close(actual: Option<f64>, expected: Option<f64>) {
    match (actual, expected) {
        (Some(a), Some(e)) => assert!((a - e).abs() < 1e-9, "expected {e}, got {a}"),
        (a, e) => assert_eq!(a, e),
    }
}
