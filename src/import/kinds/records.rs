//! The stored records of one kind (tickets, interactions, opportunities), found as import rows
//! name them: by external id (Salesforce 15- and 18-character ids are one record), else by the
//! kind's natural key. The index follows every row, so a later row of a file finds what an
//! earlier one made of the record, and merges into it. Lookups are hash lookups: a help desk export can hold 100,000 tickets.
//! It must not parse cells or decide what a row means.

use std::collections::HashMap;
use std::hash::Hash;

use super::Importer;
use super::merged::outcome;
use crate::domain::{
    AccountId, Interaction, InteractionKind, Opportunity, OpportunityKind, Ticket,
    salesforce_id_key,
};
use crate::store::{Outcome, StoreResult};

/// A record an import finds again.
pub(super) trait Record: Clone + PartialEq {
    /// The natural key: what identifies the record when the file gives no external id.
    type Key: Eq + Hash;
    fn id(&self) -> i64;
    fn account(&self) -> AccountId;
    fn external_id(&self) -> Option<&str>;
    fn key(&self) -> Self::Key;
}

/// The stored records of one kind, by id, external id and natural key.
pub(super) struct Records<R: Record> {
    records: HashMap<i64, R>,
    by_external_id: HashMap<String, i64>,
    /// Several records can share a natural key (they differ by external id).
    by_key: HashMap<R::Key, Vec<i64>>,
}

impl<R: Record> Default for Records<R> {
    fn default() -> Self {
        Self { records: HashMap::new(), by_external_id: HashMap::new(), by_key: HashMap::new() }
    }
}

impl<R: Record> Records<R> {
    /// The index of `records`.
    pub(super) fn new(records: Vec<R>) -> Self {
        let mut index = Self::default();
        records.into_iter().for_each(|r| index.put(r));
        index
    }

    /// The stored record a row means: the one with the row's external id; else one with its
    /// natural key. A row with an external id takes by key only a record without one (first
    /// imported from a file without ids): a record with another id is another record, such as
    /// a second ticket an organization opened the same day.
    pub(super) fn find(&self, external_id: Option<&str>, key: &R::Key) -> Option<&R> {
        let by_id = external_id.and_then(|id| self.by_external_id.get(&salesforce_id_key(id)));
        if let Some(found) = by_id {
            return self.records.get(found);
        }
        let candidates = self.by_key.get(key)?.iter().filter_map(|id| self.records.get(id));
        let mut candidates =
            candidates.filter(|r| external_id.is_none() || r.external_id().is_none());
        candidates.next()
    }

    /// The record with id `id`.
    pub(super) fn get(&self, id: i64) -> Option<&R> {
        self.records.get(&id)
    }

    /// Takes in `record` as written, in place of the one with its id.
    pub(super) fn put(&mut self, record: R) {
        let id = record.id();
        if let Some(old) = self.records.remove(&id) {
            if let Some(ids) = self.by_key.get_mut(&old.key()) {
                ids.retain(|other| *other != id);
            }
            if let Some(external_id) = old.external_id() {
                self.by_external_id.remove(&salesforce_id_key(external_id));
            }
        }
        if let Some(external_id) = record.external_id() {
            self.by_external_id.insert(salesforce_id_key(external_id), id);
        }
        self.by_key.entry(record.key()).or_default().push(id);
        self.records.insert(id, record);
    }
}

/// The external id a record keeps: the stored one when it has one (the row found it by that id,
/// perhaps in its other Salesforce length), else the row's.
pub(super) fn keep_external_id(slot: &mut Option<String>, row: Option<String>) {
    if slot.is_none() {
        *slot = row;
    }
}

impl Importer<'_, '_> {
    /// Writes the records of one kind the file named, each compared with how it was stored
    /// before the file: added, replaced or left; counted. An account a record moved away from
    /// changed too.
    pub(super) fn write_named<R: Record>(
        &mut self,
        records: &Records<R>,
        named: Vec<(i64, Option<R>)>,
        insert: impl Fn(&R) -> StoreResult<()>,
        update: impl Fn(&R) -> StoreResult<()>,
    ) -> StoreResult<()> {
        for (id, stored) in named {
            let Some(record) = records.get(id) else { continue };
            let outcome = outcome(stored.as_ref(), record);
            match outcome {
                Outcome::New => insert(record)?,
                Outcome::Updated => update(record)?,
                Outcome::Unchanged => {}
            }
            if let Some(left) = stored.map(|s| s.account()).filter(|a| *a != record.account()) {
                self.writer.mark_changed(left);
                self.touched.insert(left);
            }
            self.counted(outcome, record.account());
        }
        Ok(())
    }
}

impl Record for Ticket {
    type Key = (AccountId, chrono::NaiveDate);

    fn id(&self) -> i64 {
        self.id.0
    }

    fn account(&self) -> AccountId {
        self.account_id
    }

    fn external_id(&self) -> Option<&str> {
        self.external_id.as_deref()
    }

    fn key(&self) -> Self::Key {
        (self.account_id, self.opened)
    }
}

impl Record for Interaction {
    type Key = (AccountId, chrono::NaiveDate, InteractionKind, Option<String>);

    fn id(&self) -> i64 {
        self.id.0
    }

    fn account(&self) -> AccountId {
        self.account_id
    }

    fn external_id(&self) -> Option<&str> {
        self.external_id.as_deref()
    }

    fn key(&self) -> Self::Key {
        (self.account_id, self.date, self.kind, self.summary.clone())
    }
}

impl Record for Opportunity {
    type Key = (AccountId, OpportunityKind, Option<chrono::NaiveDate>);

    fn id(&self) -> i64 {
        self.id.0
    }

    fn account(&self) -> AccountId {
        self.account_id
    }

    fn external_id(&self) -> Option<&str> {
        self.external_id.as_deref()
    }

    fn key(&self) -> Self::Key {
        (self.account_id, self.kind, self.close_date)
    }
}
