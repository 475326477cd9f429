//! What a deck is made from: one account's records over the two quarters and the key features,
//! read once. Either taken from what the brief gathered (the workspace shows both) or read for
//! one account alone, without scoring the whole book, so a deck is quick on a large book. It
//! holds no health, risk or sentiment figure, so no slide can show one. It must not format.

use chrono::NaiveDate;

use crate::book::account_detail;
use crate::config::Config;
use crate::domain::{
    Account, Contact, FeatureDay, FeatureId, Goal, Milestone, Ticket, UsageDay, back,
};
use crate::qbr::gather::{Gathered, QUARTER};
use crate::scoring::{Depth, Model};
use crate::store::{Store, StoreResult};

/// One account's records a deck is made from.
#[derive(Debug, Clone)]
pub struct DeckSource {
    pub as_of: NaiveDate,
    pub account: Account,
    /// Usage and feature use over the two quarters.
    pub usage: Vec<UsageDay>,
    pub features: Vec<FeatureDay>,
    /// The first day of usage and of feature use in the account's whole history.
    pub usage_first: Option<NaiveDate>,
    pub features_first: Option<NaiveDate>,
    /// The key features at the as-of date with their names, and the size of the key set.
    pub key_features: Vec<(FeatureId, String)>,
    pub key_size: usize,
    pub contacts: Vec<Contact>,
    /// Tickets opened on or before the as-of date.
    pub tickets: Vec<Ticket>,
    pub goals: Vec<Goal>,
    pub milestones: Vec<Milestone>,
}

impl DeckSource {
    /// The records the brief gathered.
    #[must_use]
    pub fn of(g: &Gathered) -> Self {
        Self {
            as_of: g.as_of,
            account: g.entry.account.clone(),
            usage: g.usage.clone(),
            features: g.features.clone(),
            usage_first: g.now.facts.usage.first,
            features_first: g.now.facts.features.first,
            key_features: g.key_features.clone(),
            key_size: g.key_size,
            contacts: g.contacts.clone(),
            tickets: g.tickets.clone(),
            goals: g.goals.clone(),
            milestones: g.milestones.clone(),
        }
    }

    /// Reads the records of `account` at `as_of`, as the brief's gather reads them (the same
    /// windows, the same key features) but for this account alone; `None` when the account is
    /// no longer in the book.
    ///
    /// # Errors
    /// The store could not be read.
    pub fn read(
        store: &Store,
        config: &Config,
        account: &Account,
        as_of: NaiveDate,
    ) -> StoreResult<Option<Self>> {
        let id = account.id;
        let Some(now) = account_detail(store, config, id, as_of, Depth::Report)? else {
            return Ok(None);
        };
        let model = Model::new(&config.scoring, &now.catalog);
        let key = model.key_features(as_of);
        let key_features = key.ids.iter().map(|&f| (f, model.feature_name(f).to_owned())).collect();
        let from = back(as_of, 2 * QUARTER - 1);
        let mut tickets = store.tickets(id)?;
        tickets.retain(|t| t.opened <= as_of);
        Ok(Some(Self {
            as_of,
            account: account.clone(),
            usage: store.usage(id, from, as_of)?,
            features: store.feature_usage(id, from, as_of)?,
            usage_first: now.facts.usage.first,
            features_first: now.facts.features.first,
            key_features,
            key_size: key.size,
            contacts: store.contacts(id)?,
            tickets,
            goals: store.goals(id)?,
            milestones: store.milestones(id)?,
        }))
    }
}
