//! Corrections a person makes by hand (SPEC 11): an account's fields, contacts added and deleted,
//! opportunities added, edited and closed, timeline entries edited and deleted, each inside the
//! writer's transaction and checked against the version the person read, so two editors never
//! silently overwrite each other ([`Conflict`]). A delete returns what it removed so undo can put
//! it back exactly, with its id and links. Nothing here decides whether a value is acceptable
//! (see `domain::record_rules`); callers pass whole records.

use super::edits::Conflict;
use super::engine::{Param, StoreRow as _, sql_params};
use super::{BookWriter, StoreResult, fields, rows};
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
    /// The account does not exist, a value is out of range, or the engine failed.
    pub fn add_contact(&self, c: &Contact) -> StoreResult<ContactId> {
        self.insert_contact(c)
    }

    /// Deletes the contact `id`, read at `version`, with its part in timeline entries; the
    /// contacts who reported to it report to no one. Returns all of it for undo.
    ///
    /// # Errors
    /// [`Conflict`] when the contact was changed or deleted meanwhile; the engine failing.
    pub fn delete_contact(&self, id: ContactId, version: i64) -> StoreResult<DeletedContact> {
        if let Some(account) = self.check_version("contact", id.0, version)? {
            self.touch(account);
        }
        // The contact is locked by the version check: what is read is what is deleted.
        let sql = format!("SELECT {} FROM contact WHERE id = ?1", rows::CONTACT_COLUMNS);
        let contact = self
            .conn()
            .query_one(&sql, sql_params![id.0], |r| rows::contact(r))?
            .ok_or(Conflict::Deleted("contact"))?;
        let interactions = self.conn().query_rows(
            "SELECT interaction_id FROM interaction_contact WHERE contact_id = ?1 \
             ORDER BY interaction_id",
            sql_params![id.0],
            |r| r.get_i64(0).map(InteractionId),
        )?;
        let reports = self.conn().query_rows(
            "SELECT id FROM contact WHERE reports_to = ?1 ORDER BY id",
            sql_params![id.0],
            |r| r.get_i64(0).map(ContactId),
        )?;
        let sql = "DELETE FROM contact WHERE id = ?1";
        self.write_at("contact", id.0, Some(version), sql, sql_params![id.0])?;
        Ok(DeletedContact { contact, interactions, reports })
    }

    /// Puts back a deleted contact with its id, version and links (those whose other end still
    /// exists).
    ///
    /// # Errors
    /// [`Conflict::Exists`] when a contact with its id exists; the account is gone; the engine failing.
    pub fn restore_contact(&self, d: &DeletedContact) -> StoreResult<()> {
        let c = &d.contact;
        if self.exists("contact", c.id.0)? {
            return Err(Conflict::Exists("contact").into());
        }
        self.touch(c.account_id);
        let mut values = fields::contact(c);
        // A manager deleted since reports to no one.
        if let Some(manager) = c.reports_to
            && !self.exists("contact", manager.0)?
        {
            values[fields::CONTACT_REPORTS_TO] = Param::Null;
        }
        let params = fields::CONTACT.restored(c.id.0, values, c.version);
        self.conn().execute(fields::CONTACT.restore_sql(), &params)?;
        self.after_explicit_id("contact", c.id.0)?;
        for interaction in &d.interactions {
            self.conn().execute(
                "INSERT INTO interaction_contact (interaction_id, contact_id) \
                 SELECT id, CAST(?2 AS BIGINT) FROM interaction WHERE id = ?1 ON CONFLICT DO NOTHING",
                sql_params![interaction.0, c.id.0],
            )?;
        }
        for contact in &d.reports {
            self.conn().execute(
                "UPDATE contact SET reports_to = ?2 WHERE id = ?1 AND reports_to IS NULL",
                sql_params![contact.0, c.id.0],
            )?;
        }
        Ok(())
    }

    /// Adds an opportunity made by hand; returns its id.
    ///
    /// # Errors
    /// The account does not exist, a value is out of range, or the engine failed.
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
    /// [`Conflict`] when it was changed or deleted meanwhile; the engine failing.
    pub fn delete_opportunity(&self, id: OpportunityId, version: i64) -> StoreResult<()> {
        if let Some(account) = self.check_version("opportunity", id.0, version)? {
            self.touch(account);
        }
        let sql = "DELETE FROM opportunity WHERE id = ?1";
        self.write_at("opportunity", id.0, Some(version), sql, sql_params![id.0])
    }

    /// Deletes the opportunity `added`, if the record under its id is still it (same account
    /// and name) at `version`: its id may have been freed by a delete elsewhere and given to
    /// another (undo of an add).
    ///
    /// # Errors
    /// [`Conflict`] when it was changed, deleted or replaced meanwhile; the engine failing.
    pub fn delete_same_opportunity(&self, added: &Opportunity, version: i64) -> StoreResult<()> {
        let sql = format!(
            "SELECT account_id = ?2 AND name IS NOT DISTINCT FROM ?3 \
             FROM opportunity WHERE id = ?1{}",
            self.row_lock()
        );
        let same = self.conn().query_one(
            &sql,
            sql_params![added.id.0, added.account_id.0, added.name.as_deref()],
            |r| r.get_bool(0),
        )?;
        if same == Some(false) {
            return Err(Conflict::Changed("opportunity").into());
        }
        self.delete_opportunity(added.id, version)
    }

    /// Puts back a deleted opportunity with its id and version.
    ///
    /// # Errors
    /// [`Conflict::Exists`] when an opportunity with its id exists; the account is gone; the
    /// engine failing.
    pub fn restore_opportunity(&self, o: &Opportunity) -> StoreResult<()> {
        if self.exists("opportunity", o.id.0)? {
            return Err(Conflict::Exists("opportunity").into());
        }
        self.touch(o.account_id);
        let params = fields::OPPORTUNITY.restored(o.id.0, fields::opportunity(o), o.version);
        self.conn().execute(fields::OPPORTUNITY.restore_sql(), &params)?;
        self.after_explicit_id("opportunity", o.id.0)
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
    /// [`Conflict`] when it was changed or deleted meanwhile; the engine failing.
    pub fn delete_interaction_at(&self, id: InteractionId, version: i64) -> StoreResult<()> {
        if let Some(account) = self.check_version("interaction", id.0, version)? {
            self.touch(account);
        }
        let sql = "DELETE FROM interaction WHERE id = ?1";
        self.write_at("interaction", id.0, Some(version), sql, sql_params![id.0])
    }

    /// Puts back a deleted timeline entry with its id, version and the participants that still
    /// exist.
    ///
    /// # Errors
    /// [`Conflict::Exists`] when an entry with its id exists; the account is gone; the engine failing.
    pub fn restore_interaction(&self, i: &Interaction) -> StoreResult<()> {
        if self.exists("interaction", i.id.0)? {
            return Err(Conflict::Exists("interaction").into());
        }
        self.touch(i.account_id);
        let params = fields::INTERACTION.restored(i.id.0, fields::interaction(i), i.version);
        self.conn().execute(fields::INTERACTION.restore_sql(), &params)?;
        self.after_explicit_id("interaction", i.id.0)?;
        for contact in &i.contacts {
            self.conn().execute(
                "INSERT INTO interaction_contact (interaction_id, contact_id) \
                 SELECT CAST(?1 AS BIGINT), id FROM contact WHERE id = ?2 ON CONFLICT DO NOTHING",
                sql_params![i.id.0, contact.0],
            )?;
        }
        Ok(())
    }
}
