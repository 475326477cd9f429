//! QBR records (SPEC 9): an account's open QBR and its held ones, and writing them. Every
//! change names the version it read (a stale one is a [`Conflict`]); marking one held logs its
//! `qbr` interaction in the same transaction, and putting a held one back to open deletes that
//! interaction again (undo). The choices are stored as JSON; nothing here reads them.

use super::engine::{Param, StoreRow, sql_params};
use super::{BookWriter, Conflict, Store, StoreResult};
use crate::domain::{AccountId, ContactId, Interaction, InteractionId, InteractionKind};
use crate::qbr::deck::DeckChoices;
use crate::qbr::record::{QbrId, QbrRecord};
use chrono::NaiveDate;

const COLUMNS: &str =
    "id, account_id, planned_on, contacts, guests, choices, held_on, interaction_id, version";

/// A stored JSON column read back; a value csm did not write reads as empty rather than failing
/// the whole view.
fn json<T: serde::de::DeserializeOwned + Default>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_default()
}

fn text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

fn record<R: StoreRow + ?Sized>(row: &R) -> Result<QbrRecord, R::Error> {
    let contacts: Vec<i64> = json(row.get_str(3)?);
    Ok(QbrRecord {
        id: QbrId(row.get_i64(0)?),
        account_id: AccountId(row.get_i64(1)?),
        planned_on: row.get_opt_date(2)?,
        contacts: contacts.into_iter().map(ContactId).collect(),
        guests: json(row.get_str(4)?),
        choices: json::<DeckChoices>(row.get_str(5)?),
        held_on: row.get_opt_date(6)?,
        interaction: row.get_opt_i64(7)?.map(InteractionId),
        version: row.get_i64(8)?,
    })
}

impl Store {
    /// `account`'s QBRs, the open one first, then the held ones newest first.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn qbrs(&self, account: AccountId) -> StoreResult<Vec<QbrRecord>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM qbr WHERE account_id = ?1 \
             ORDER BY held_on IS NOT NULL, held_on DESC, id DESC"
        );
        self.backend.query_rows(&sql, sql_params![account.0], |r| record(r))
    }

    /// `account`'s open (not held) QBR, if any.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn open_qbr(&self, account: AccountId) -> StoreResult<Option<QbrRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM qbr WHERE account_id = ?1 AND held_on IS NULL");
        self.backend.query_one(&sql, sql_params![account.0], |r| record(r))
    }
}

impl BookWriter<'_> {
    /// Whether `account` has an open (not held) QBR.
    fn has_open_qbr(&self, account: AccountId) -> StoreResult<bool> {
        let sql = "SELECT id FROM qbr WHERE account_id = ?1 AND held_on IS NULL";
        Ok(self.conn().query_one(sql, sql_params![account.0], |_| Ok(()))?.is_some())
    }

    /// The QBR `id` as stored now.
    ///
    /// # Errors
    /// Only if the engine fails.
    pub fn qbr(&self, id: QbrId) -> StoreResult<Option<QbrRecord>> {
        // Locked as read (on a server): the writes that follow decide on what it says.
        let sql = format!("SELECT {COLUMNS} FROM qbr WHERE id = ?1{}", self.row_lock());
        self.conn().query_one(&sql, sql_params![id.0], |r| record(r))
    }

    /// Stores `q` as a new QBR (its id and version are ignored); returns it as stored, at
    /// version 0. With `keep_id` it is inserted under its own id (undo putting it back).
    ///
    /// # Errors
    /// [`Conflict::Exists`] when the account has an open QBR already (and `q` is open); the
    /// engine failing (the account does not exist).
    pub fn insert_qbr(&self, q: &QbrRecord, keep_id: bool) -> StoreResult<QbrRecord> {
        if q.held_on.is_none() && self.has_open_qbr(q.account_id)? {
            return Err(Conflict::Exists("open QBR").into());
        }
        self.touch(q.account_id);
        let contacts = text(&q.contacts.iter().map(|c| c.0).collect::<Vec<_>>());
        let (guests, choices) = (text(&q.guests), text(&q.choices));
        let values = [
            Param::Int(q.account_id.0),
            q.planned_on.into(),
            contacts.as_str().into(),
            guests.as_str().into(),
            choices.as_str().into(),
            q.held_on.into(),
            q.interaction.map(|i| i.0).into(),
        ];
        // A new QBR is given its id by the engine: PostgreSQL refuses a null id outright.
        let (sql, params) = if keep_id {
            let mut params = vec![Param::Int(q.id.0)];
            params.extend(values);
            (
                "INSERT INTO qbr (id, account_id, planned_on, contacts, guests, choices, held_on, \
                 interaction_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
                params,
            )
        } else {
            (
                "INSERT INTO qbr (account_id, planned_on, contacts, guests, choices, held_on, \
                 interaction_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                values.to_vec(),
            )
        };
        let id = self.insert_returning_id(sql, &params)?;
        if keep_id {
            self.after_explicit_id("qbr", id)?;
        }
        let id = QbrId(id);
        Ok(QbrRecord { id, version: 0, ..q.clone() })
    }

    /// Writes `q` over the stored QBR of its id, which must still be at `q.version`; returns
    /// the new version. A held QBR written back as open (undo of marking it held) loses the
    /// `qbr` interaction that logged it.
    ///
    /// # Errors
    /// [`Conflict`] when it was changed or deleted meanwhile, or when it would make a second
    /// open QBR of its account; the engine failing.
    pub fn update_qbr(&self, q: &QbrRecord) -> StoreResult<i64> {
        let Some(stored) = self.qbr(q.id)? else {
            return Err(Conflict::Deleted("QBR").into());
        };
        if stored.version != q.version {
            return Err(Conflict::Changed("QBR").into());
        }
        let reopened = q.held_on.is_none() && stored.held_on.is_some();
        if reopened && self.has_open_qbr(q.account_id)? {
            return Err(Conflict::Exists("open QBR").into());
        }
        let interaction = if q.held_on.is_none() { None } else { q.interaction };
        self.touch(q.account_id);
        // The QBR first: its logged interaction goes only once the guarded write went through.
        let contacts = text(&q.contacts.iter().map(|c| c.0).collect::<Vec<_>>());
        let (guests, choices) = (text(&q.guests), text(&q.choices));
        self.write_at(
            "qbr",
            q.id.0,
            Some(q.version),
            "UPDATE qbr SET planned_on = ?2, contacts = ?3, guests = ?4, choices = ?5, \
             held_on = ?6, interaction_id = ?7, version = version + 1 WHERE id = ?1",
            sql_params![
                q.id.0,
                q.planned_on,
                &contacts,
                &guests,
                &choices,
                q.held_on,
                interaction.map(|i| i.0),
            ],
        )?;
        if reopened && let Some(logged) = stored.interaction {
            self.delete_interaction(logged)?;
        }
        Ok(q.version + 1)
    }

    /// Deletes the QBR `id`, if it is still at `version` (undo of its first save).
    ///
    /// # Errors
    /// [`Conflict`] when it was changed or deleted meanwhile; the engine failing.
    pub fn delete_qbr(&self, id: QbrId, version: i64) -> StoreResult<()> {
        let Some(stored) = self.qbr(id)? else {
            return Err(Conflict::Deleted("QBR").into());
        };
        if stored.version != version {
            return Err(Conflict::Changed("QBR").into());
        }
        self.touch(stored.account_id);
        let sql = "DELETE FROM qbr WHERE id = ?1";
        self.write_at("qbr", id.0, Some(version), sql, sql_params![id.0])?;
        if let Some(logged) = stored.interaction {
            self.delete_interaction(logged)?;
        }
        Ok(())
    }

    /// Marks `q` (read at its version) held on `on`: logs a `qbr` interaction dated `on` with
    /// its attendees and `summary`, and stores the QBR as held, in this transaction. Returns it
    /// as stored.
    ///
    /// # Errors
    /// [`Conflict`] when it was changed meanwhile or is held already; the engine failing.
    pub fn hold_qbr(&self, q: &QbrRecord, on: NaiveDate, summary: &str) -> StoreResult<QbrRecord> {
        if q.held_on.is_some() {
            return Err(Conflict::Changed("QBR").into());
        }
        let logged = self.insert_interaction(&Interaction {
            id: InteractionId(0),
            account_id: q.account_id,
            external_id: None,
            date: on,
            kind: InteractionKind::Qbr,
            summary: Some(summary.to_owned()),
            body: (!q.guests.is_empty())
                .then(|| format!("Also attending: {}", q.guests.join(", "))),
            contacts: q.contacts.clone(),
            version: 0,
        })?;
        let held = QbrRecord { held_on: Some(on), interaction: Some(logged), ..q.clone() };
        let version = self.update_qbr(&held)?;
        Ok(QbrRecord { version, ..held })
    }
}
