//! What a brief reads of one account: its entry of the scored book (the figures `csm report`
//! prints), its full score now and a quarter ago, and its records up to the as-of date. The one
//! part of the brief that reads the store; it must not write nor format.

use chrono::NaiveDate;

use crate::book::{AccountDetail, BookEntry, ScoredBook, account_detail};
use crate::config::Config;
use crate::domain::{
    AccountId, Contact, FeatureDay, FeatureId, Goal, Interaction, Milestone, NpsResponse,
    Opportunity, Ticket, Todo, TodoStatus, UsageDay, back,
};
use crate::scoring::{Depth, Model};
use crate::store::{Store, StoreResult};

/// Days in the quarter a brief reviews (and in the quarter before it).
pub const QUARTER: i64 = 90;

/// Everything a brief is written from.
#[derive(Debug, Clone)]
pub struct Gathered {
    pub as_of: NaiveDate,
    pub currency: String,
    /// The account with the summary the report prints.
    pub entry: BookEntry,
    pub now: AccountDetail,
    /// The score a quarter before the as-of date (`None` for an account not yet in the book).
    pub before: Option<AccountDetail>,
    /// The weights of usage, adoption, support and engagement.
    pub weights: [f64; 4],
    /// Usage and feature use over the two quarters.
    pub usage: Vec<UsageDay>,
    pub features: Vec<FeatureDay>,
    /// The key features at the as-of date with their names, and the size of the key set.
    pub key_features: Vec<(FeatureId, String)>,
    pub key_size: usize,
    pub contacts: Vec<Contact>,
    /// Interactions dated on or before the as-of date, oldest first.
    pub interactions: Vec<Interaction>,
    /// Tickets opened on or before the as-of date.
    pub tickets: Vec<Ticket>,
    /// NPS answers dated on or before the as-of date.
    pub nps: Vec<NpsResponse>,
    pub goals: Vec<Goal>,
    pub milestones: Vec<Milestone>,
    pub opportunities: Vec<Opportunity>,
    /// The account's open todos.
    pub todos: Vec<Todo>,
}

/// Reads what the brief of account `id` needs from `book` (scored at its as-of date) and
/// `store`; `None` when the book has no such account.
///
/// # Errors
/// The store could not be read.
pub fn gather(
    store: &Store,
    config: &Config,
    book: &ScoredBook,
    id: AccountId,
) -> StoreResult<Option<Gathered>> {
    let as_of = book.as_of;
    let Some(entry) = book.accounts.iter().find(|e| e.account.id == id).cloned() else {
        return Ok(None);
    };
    // The headline figures come from `book`, so they are the report's. The records are read
    // one query at a time (the full scores take snapshots of their own, which cannot nest), so a
    // write from another process in between can only make a record newer than the figures.
    {
        let Some(now) = account_detail(store, config, id, as_of, Depth::Report)? else {
            return Ok(None);
        };
        let before = account_detail(store, config, id, back(as_of, QUARTER), Depth::Report)?;
        let model = Model::new(&config.scoring, &now.catalog);
        let key = model.key_features(as_of);
        let key_features = key.ids.iter().map(|&f| (f, model.feature_name(f).to_owned())).collect();
        let w = config.scoring.weights;
        let from = back(as_of, 2 * QUARTER - 1);
        let on_time = |date: NaiveDate| date <= as_of;
        Ok(Some(Gathered {
            as_of,
            currency: config.book.currency.clone(),
            weights: [w.usage, w.adoption, w.support, w.engagement],
            usage: store.usage(id, from, as_of)?,
            features: store.feature_usage(id, from, as_of)?,
            key_features,
            key_size: key.size,
            contacts: store.contacts(id)?,
            interactions: keep(store.interactions(id)?, |i| on_time(i.date)),
            tickets: keep(store.tickets(id)?, |t| on_time(t.opened)),
            nps: keep(store.nps_responses(id)?, |r| on_time(r.date)),
            goals: store.goals(id)?,
            milestones: store.milestones(id)?,
            opportunities: store.opportunities(id)?,
            todos: keep(store.todos(id)?, |t| t.status == TodoStatus::Open),
            entry,
            now,
            before,
        }))
    }
}

fn keep<T>(mut items: Vec<T>, wanted: impl Fn(&T) -> bool) -> Vec<T> {
    items.retain(wanted);
    items
}
