//! QBR records (SPEC 9): an account's open QBR and its held ones, and writing them. Every
//! change names the version it read (a stale one is a [`Conflict`]); marking one held logs its
//! `qbr` interaction in the same transaction, and putting a held one back to open deletes that
//! interaction again (undo). The choices are stored as JSON; nothing here reads them.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::engine::{StoreRow, sql_params};
use super::rows::IsoDate;
use super::{BookWriter, Conflict, Store, StoreResult};
use crate::domain::{AccountId, ContactId, Interaction, InteractionId, InteractionKind};
use crate::qbr::deck::DeckChoices;
use crate::qbr::record::{QbrId, QbrRecord};

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
    /// Only if SQLite fails.
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
    /// Only if SQLite fails.
    pub fn open_qbr(&self, account: AccountId) -> StoreResult<Option<QbrRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM qbr WHERE account_id = ?1 AND held_on IS NULL");
        self.backend.query_one(&sql, sql_params![account.0], |r| record(r))
    }
}

impl BookWriter<'_> {
    /// The QBR `id` as stored now.
    ///
    /// # Errors
    /// Only if SQLite fails.
    pub fn qbr(&self, id: QbrId) -> StoreResult<Option<QbrRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM qbr WHERE id = ?1");
        Ok(self.tx()?.prepare_cached(&sql)?.query_row([id.0], |r| record(r)).optional()?)
    }

    /// Stores `q` as a new QBR (its id and version are ignored); returns it as stored, at
    /// version 0. With `keep_id` it is inserted under its own id (undo putting it back).
    ///
    /// # Errors
    /// [`Conflict::Exists`] when the account has an open QBR already (and `q` is open); SQLite
    /// failing (the account does not exist).
    pub fn insert_qbr(&self, q: &QbrRecord, keep_id: bool) -> StoreResult<QbrRecord> {
        if q.held_on.is_none() {
            let open: Option<i64> = self
                .tx()?
                .prepare_cached("SELECT id FROM qbr WHERE account_id = ?1 AND held_on IS NULL")?
                .query_row([q.account_id.0], |r| r.get(0))
                .optional()?;
            if open.is_some() {
                return Err(Conflict::Exists("open QBR").into());
            }
        }
        self.touch(q.account_id);
        let kept = keep_id.then_some(q.id.0);
        let id = self
            .tx()?
            .prepare_cached(
                "INSERT INTO qbr (id, account_id, planned_on, contacts, guests, choices, held_on, \
                 interaction_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
            )?
            .query_row(
                params![
                    kept,
                    q.account_id.0,
                    IsoDate::opt(q.planned_on),
                    text(&q.contacts.iter().map(|c| c.0).collect::<Vec<_>>()),
                    text(&q.guests),
                    text(&q.choices),
                    IsoDate::opt(q.held_on),
                    q.interaction.map(|i| i.0),
                ],
                |r| r.get(0),
            )?;
        let id = QbrId(id);
        Ok(QbrRecord { id, version: 0, ..q.clone() })
    }

    /// Writes `q` over the stored QBR of its id, which must still be at `q.version`; returns
    /// the new version. A held QBR written back as open (undo of marking it held) loses the
    /// `qbr` interaction that logged it.
    ///
    /// # Errors
    /// [`Conflict`] when it was changed or deleted meanwhile, or when it would make a second
    /// open QBR of its account; SQLite failing.
    pub fn update_qbr(&self, q: &QbrRecord) -> StoreResult<i64> {
        let Some(stored) = self.qbr(q.id)? else {
            return Err(Conflict::Deleted("QBR").into());
        };
        if stored.version != q.version {
            return Err(Conflict::Changed("QBR").into());
        }
        let reopened = q.held_on.is_none() && stored.held_on.is_some();
        if reopened
            && self.tx()?.query_row(
                "SELECT EXISTS (SELECT 1 FROM qbr WHERE account_id = ?1 AND held_on IS NULL)",
                [q.account_id.0],
                |r| r.get::<_, bool>(0),
            )?
        {
            return Err(Conflict::Exists("open QBR").into());
        }
        let interaction = if q.held_on.is_none() { None } else { q.interaction };
        self.touch(q.account_id);
        // The QBR first: its logged interaction goes only once the guarded write went through.
        self.write_at(
            "qbr",
            q.id.0,
            Some(q.version),
            "UPDATE qbr SET planned_on = ?2, contacts = ?3, guests = ?4, choices = ?5, \
             held_on = ?6, interaction_id = ?7, version = version + 1 WHERE id = ?1",
            params![
                q.id.0,
                IsoDate::opt(q.planned_on),
                text(&q.contacts.iter().map(|c| c.0).collect::<Vec<_>>()),
                text(&q.guests),
                text(&q.choices),
                IsoDate::opt(q.held_on),
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
    /// [`Conflict`] when it was changed or deleted meanwhile; SQLite failing.
    pub fn delete_qbr(&self, id: QbrId, version: i64) -> StoreResult<()> {
        let Some(stored) = self.qbr(id)? else {
            return Err(Conflict::Deleted("QBR").into());
        };
        if stored.version != version {
            return Err(Conflict::Changed("QBR").into());
        }
        self.touch(stored.account_id);
        self.write_at("qbr", id.0, Some(version), "DELETE FROM qbr WHERE id = ?1", params![id.0])?;
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
    /// [`Conflict`] when it was changed meanwhile or is held already; SQLite failing.
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
