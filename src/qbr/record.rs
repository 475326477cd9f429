//! The QBR as a record (SPEC 9): one meeting with an account, planned on a day with its
//! attendees (the account's contacts, and people named freely), the CSM's deck choices and texts,
//! and the day it was held. An account has at most one open (not held) QBR; held ones stay as
//! history. Plain data: the store keeps it, the workspace edits it; it must not read the store.

use chrono::NaiveDate;

use super::deck::DeckChoices;
use crate::domain::{AccountId, ContactId, InteractionId};

/// A QBR's id in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QbrId(pub i64);

/// One QBR of an account.
#[derive(Debug, Clone, PartialEq)]
pub struct QbrRecord {
    /// Its id; 0 before it is first stored.
    pub id: QbrId,
    pub account_id: AccountId,
    pub planned_on: Option<NaiveDate>,
    /// The account's contacts who attend.
    pub contacts: Vec<ContactId>,
    /// Other attendees, by name (ours, or the customer's not in the book).
    pub guests: Vec<String>,
    /// The deck's texts (summary, asks, joint plan) and which goals, wins and charts go in.
    pub choices: DeckChoices,
    /// The day it was held; `None` while it is open.
    pub held_on: Option<NaiveDate>,
    /// The `qbr` interaction marking it held logged on the timeline.
    pub interaction: Option<InteractionId>,
    /// The version it was read at.
    pub version: i64,
}

impl QbrRecord {
    /// A new, not yet stored QBR of `account`.
    #[must_use]
    pub fn new(account: AccountId) -> Self {
        Self {
            id: QbrId(0),
            account_id: account,
            planned_on: None,
            contacts: Vec::new(),
            guests: Vec::new(),
            choices: DeckChoices::default(),
            held_on: None,
            interaction: None,
            version: 0,
        }
    }

    /// Whether it has been stored.
    #[must_use]
    pub const fn stored(&self) -> bool {
        self.id.0 != 0
    }
}
