//! Corrections a person makes by hand (SPEC 11): an account's fields, contacts added and deleted,
//! opportunities added, edited and closed, timeline entries edited and deleted, each inside the
//! writer's transaction and checked against the version the person read, so two editors never
//! silently overwrite each other ([`Conflict`]). A delete returns what it removed so undo can put
//! it back exactly, with its id and links. Nothing here decides whether a value is acceptable
//! (see `domain::record_rules`); callers pass whole records.

use rusqlite::{OptionalExtension, params};

use super::edits::Conflict;
use super::rows::{self, IsoDate};
use super::{BookWriter, StoreResult};
use crate::domain::{
    Account, Contact, ContactId, Interaction, InteractionId, Opportunity, OpportunityId,
};

/// A deleted contact and what pointed at it, so undo can restore every link.
#[derive(Debug, Clone, PartialEq)]
pub struct DeletedContact {
    pub contact: Contact,
    /// The timeline entries the contact took part in.
    pub interactions: Vec<InteractionId>,
    /// The contacts who reported to it.
    pub reports: Vec<ContactId>,
}

impl BookWriter<'_> {
    fn exists(&self, table: &'static str, id: i64) -> StoreResult<bool> {
        let sql = format!("SELECT 1 FROM {table} WHERE id = ?1");
        Ok(self.tx()?.prepare_cached(&sql)?.query_row([id], |_| Ok(())).optional()?.is_some())
    }

    /// Replaces the account `a.id` with `a`, which must carry the version it was read at;
    /// returns the new version. Its external id and domain are the import's to keep.
    ///
    /// # Errors
    /// [`Conflict`] when the account was changed or deleted meanwhile; a constraint failing.
    pub fn edit_account(&self, a: &Account) -> StoreResult<i64> {
        self.check_version("account", a.id.0, a.version)?;
        self.update_account_at(a, Some(a.version))?;
        Ok(a.version + 1)
    }

    /// Adds a contact made by hand; returns its id.
    ///
    /// # Errors
    /// The account does not exist, a value is out of range, or SQLite failed.
    pub fn add_contact(&self, c: &Contact) -> StoreResult<ContactId> {
        self.insert_contact(c)
    }

    /// Deletes the contact `id`, read at `version`, with its part in timeline entries; the
    /// contacts who reported to it report to no one. Returns all of it for undo.
    ///
    /// # Errors
    /// [`Conflict`] when the contact was changed or deleted meanwhile; SQLite failing.
    pub fn delete_contact(&self, id: ContactId, version: i64) -> StoreResult<DeletedContact> {
        if let Some(account) = self.check_version("contact", id.0, version)? {
            self.touch(account);
        }
        let sql = format!("SELECT {} FROM contact WHERE id = ?1", rows::CONTACT_COLUMNS);
        let contact = self.tx()?.prepare_cached(&sql)?.query_row([id.0], |r| rows::contact(r))?;
        let interactions = self
            .tx()?
            .prepare_cached(
                "SELECT interaction_id FROM interaction_contact WHERE contact_id = ?1 \
                 ORDER BY interaction_id",
            )?
            .query_map([id.0], |r| r.get(0).map(InteractionId))?
            .collect::<Result<_, _>>()?;
        let reports = self
            .tx()?
            .prepare_cached("SELECT id FROM contact WHERE reports_to = ?1 ORDER BY id")?
            .query_map([id.0], |r| r.get(0).map(ContactId))?
            .collect::<Result<_, _>>()?;
        self.write_at(
            "contact",
            id.0,
            Some(version),
            "DELETE FROM contact WHERE id = ?1",
            params![id.0],
        )?;
        Ok(DeletedContact { contact, interactions, reports })
    }

    /// Puts back a deleted contact with its id, version and links (those whose other end still
    /// exists).
    ///
    /// # Errors
    /// [`Conflict::Exists`] when a contact with its id exists; the account is gone; SQLite failing.
    pub fn restore_contact(&self, d: &DeletedContact) -> StoreResult<()> {
        let c = &d.contact;
        if self.exists("contact", c.id.0)? {
            return Err(Conflict::Exists("contact").into());
        }
        self.touch(c.account_id);
        self.tx()?
            .prepare_cached(
                "INSERT INTO contact (id, account_id, external_id, name, title, email, role, \
                 influence, sentiment, reports_to, last_engaged, left_on, version) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, \
                 (SELECT id FROM contact WHERE id = ?10), ?11, ?12, ?13)",
            )?
            .execute(params![
                c.id.0,
                c.account_id.0,
                c.external_id,
                c.name,
                c.title,
                c.email,
                c.role.code(),
                c.influence,
                c.sentiment,
                c.reports_to.map(|id| id.0),
                IsoDate::opt(c.last_engaged),
                IsoDate::opt(c.left_on),
                c.version,
            ])?;
        let mut link = self.tx()?.prepare_cached(
            "INSERT INTO interaction_contact (interaction_id, contact_id) \
             SELECT id, ?2 FROM interaction WHERE id = ?1 ON CONFLICT DO NOTHING",
        )?;
        for interaction in &d.interactions {
            link.execute(params![interaction.0, c.id.0])?;
        }
        let mut report = self.tx()?.prepare_cached(
            "UPDATE contact SET reports_to = ?2 WHERE id = ?1 AND reports_to IS NULL",
        )?;
        for contact in &d.reports {
            report.execute(params![contact.0, c.id.0])?;
        }
        Ok(())
    }

    /// Adds an opportunity made by hand; returns its id.
    ///
    /// # Errors
    /// The account does not exist, a value is out of range, or SQLite failed.
    pub fn add_opportunity(&self, o: &Opportunity) -> StoreResult<OpportunityId> {
        self.insert_opportunity(o)
    }

    /// Replaces the opportunity `o.id` with `o` (closing it is setting its status), which must
    /// carry the version it was read at; returns the new version.
    ///
    /// # Errors
    /// [`Conflict`] when it was changed or deleted meanwhile; a value out of range.
    pub fn edit_opportunity(&self, o: &Opportunity) -> StoreResult<i64> {
        if let Some(account) = self.check_version("opportunity", o.id.0, o.version)? {
            self.touch(account);
        }
        self.update_opportunity_at(o, Some(o.version))?;
        Ok(o.version + 1)
    }

    /// Deletes the opportunity `id`, read at `version` (undo of an add).
    ///
    /// # Errors
    /// [`Conflict`] when it was changed or deleted meanwhile; SQLite failing.
    pub fn delete_opportunity(&self, id: OpportunityId, version: i64) -> StoreResult<()> {
        if let Some(account) = self.check_version("opportunity", id.0, version)? {
            self.touch(account);
        }
        let sql = "DELETE FROM opportunity WHERE id = ?1";
        self.write_at("opportunity", id.0, Some(version), sql, params![id.0])
    }

    /// Deletes the opportunity `added`, if the record under its id is still it (same account
    /// and name) at `version`: its id may have been freed by a delete elsewhere and given to
    /// another (undo of an add).
    ///
    /// # Errors
    /// [`Conflict`] when it was changed, deleted or replaced meanwhile; SQLite failing.
    pub fn delete_same_opportunity(&self, added: &Opportunity, version: i64) -> StoreResult<()> {
        let same: Option<bool> = self
            .tx()?
            .prepare_cached(
                "SELECT account_id = ?2 AND name IS NOT DISTINCT FROM ?3 \
                 FROM opportunity WHERE id = ?1",
            )?
            .query_row(params![added.id.0, added.account_id.0, added.name], |r| r.get(0))
            .optional()?;
        if same == Some(false) {
            return Err(Conflict::Changed("opportunity").into());
        }
        self.delete_opportunity(added.id, version)
    }

    /// Puts back a deleted opportunity with its id and version.
    ///
    /// # Errors
    /// [`Conflict::Exists`] when an opportunity with its id exists; the account is gone; SQLite
    /// failing.
    pub fn restore_opportunity(&self, o: &Opportunity) -> StoreResult<()> {
        if self.exists("opportunity", o.id.0)? {
            return Err(Conflict::Exists("opportunity").into());
        }
        self.touch(o.account_id);
        self.tx()?
            .prepare_cached(
                "INSERT INTO opportunity (id, account_id, external_id, name, kind, amount_cents, \
                 stage, close_date, probability, status, version) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                o.id.0,
                o.account_id.0,
                o.external_id,
                o.name,
                o.kind.code(),
                o.amount_cents,
                o.stage,
                IsoDate::opt(o.close_date),
                o.probability,
                o.status.code(),
                o.version,
            ])?;
        Ok(())
    }

    /// Replaces the timeline entry `i.id` with `i`, its participants included, which must carry
    /// the version it was read at; returns the new version.
    ///
    /// # Errors
    /// [`Conflict`] when it was changed or deleted meanwhile; a contact that does not exist.
    pub fn edit_interaction(&self, i: &Interaction) -> StoreResult<i64> {
        if let Some(account) = self.check_version("interaction", i.id.0, i.version)? {
            self.touch(account);
        }
        self.update_interaction_at(i, Some(i.version))?;
        Ok(i.version + 1)
    }

    /// Deletes the timeline entry `id`, read at `version`, and its links to contacts.
    ///
    /// # Errors
    /// [`Conflict`] when it was changed or deleted meanwhile; SQLite failing.
    pub fn delete_interaction_at(&self, id: InteractionId, version: i64) -> StoreResult<()> {
        if let Some(account) = self.check_version("interaction", id.0, version)? {
            self.touch(account);
        }
        let sql = "DELETE FROM interaction WHERE id = ?1";
        self.write_at("interaction", id.0, Some(version), sql, params![id.0])
    }

    /// Puts back a deleted timeline entry with its id, version and the participants that still
    /// exist.
    ///
    /// # Errors
    /// [`Conflict::Exists`] when an entry with its id exists; the account is gone; SQLite failing.
    pub fn restore_interaction(&self, i: &Interaction) -> StoreResult<()> {
        if self.exists("interaction", i.id.0)? {
            return Err(Conflict::Exists("interaction").into());
        }
        self.touch(i.account_id);
        self.tx()?
            .prepare_cached(
                "INSERT INTO interaction (id, account_id, external_id, date, kind, summary, body, \
                 version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                i.id.0,
                i.account_id.0,
                i.external_id,
                IsoDate::new(i.date),
                i.kind.code(),
                i.summary,
                i.body,
                i.version,
            ])?;
        let mut link = self.tx()?.prepare_cached(
            "INSERT INTO interaction_contact (interaction_id, contact_id) \
             SELECT ?1, id FROM contact WHERE id = ?2 ON CONFLICT DO NOTHING",
        )?;
        for contact in &i.contacts {
            link.execute(params![i.id.0, contact.0])?;
        }
        Ok(())
    }
}
