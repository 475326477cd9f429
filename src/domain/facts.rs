//! Everything the scoring engine needs to know about one account, gathered in one value, and the
//! book's feature catalogue. The store fills these; the engine only reads them.

use chrono::NaiveDate;

use super::entities::{
    Account, Contact, FeatureDay, Interaction, NpsResponse, Opportunity, Ticket, Todo, UsageDay,
};
use super::ids::FeatureId;

/// The facts of one account.
///
/// `usage` and `features` hold the days from the history start the caller asked the store for
/// (see `scoring::history_start`) up to the as-of date, sorted by date; the other lists hold every
/// record dated on or before the as-of date.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountFacts {
    pub account: Account,
    pub contacts: Vec<Contact>,
    /// The date of the account's earliest usage row, whatever the loaded range.
    pub usage_first: Option<NaiveDate>,
    pub usage: Vec<UsageDay>,
    /// The date of the account's earliest feature-usage row, whatever the loaded range.
    pub features_first: Option<NaiveDate>,
    pub features: Vec<FeatureDay>,
    pub tickets: Vec<Ticket>,
    pub nps: Vec<NpsResponse>,
    pub interactions: Vec<Interaction>,
    pub opportunities: Vec<Opportunity>,
    /// The account's open todos.
    pub open_todos: Vec<Todo>,
}

impl AccountFacts {
    /// Facts with nothing but the account itself.
    #[must_use]
    pub fn new(account: Account) -> Self {
        Self {
            account,
            contacts: Vec::new(),
            usage_first: None,
            usage: Vec::new(),
            features_first: None,
            features: Vec::new(),
            tickets: Vec::new(),
            nps: Vec::new(),
            interactions: Vec::new(),
            opportunities: Vec::new(),
            open_todos: Vec::new(),
        }
    }
}

/// One feature of the book's catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogFeature {
    pub id: FeatureId,
    /// The name as first seen.
    pub name: String,
    /// The trimmed, case-folded name features are compared by.
    pub key: String,
    /// The earliest day any account used it.
    pub first_seen: NaiveDate,
}

/// Every feature the book's usage data has seen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeatureCatalog {
    pub features: Vec<CatalogFeature>,
}
