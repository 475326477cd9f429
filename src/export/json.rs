//! The JSON export: the whole book as one JSON object, written a part at a time.
//!
//! ```text
//! {"format":"csm-export","version":1,"as_of":"2026-11-24","currency":"USD",
//! "book":{...the book totals of `csm report --json`...},
//! "features":[{"id":1,"name":"Dashboards","key":"dashboards","first_seen":"2025-12-01"}],
//! "todos":[...the todos that belong to no account...],
//! "users":[{"id":1,"name":"Priya Natarajan","email":"...","crm_id":"0055g00000QrStUAAV"}],
//! "accounts":[
//! {"id":1,"external_id":"...",...,"score":{...},"contacts":[...],"usage":[...],...},
//! ...
//! ]}
//! ```
//!
//! One account per line: the file stays greppable and each account is serialised on its own, so
//! memory holds one account's records at a time. Stored text is carried exactly, escaped as JSON
//! requires, and every character that must not reach a terminal (controls, bidi, invisible
//! characters) is written as a `\uXXXX` escape: `csm export` in a terminal shows it harmlessly, and
//! a JSON reader gets the same text back.

use std::io::Write;

use chrono::NaiveDate;

use super::ExportError;
use super::records::{AccountOut, AccountRecords, FeatureOut, TodoOut, UserOut};
use crate::book::ScoredBook;
use crate::domain::Account;
use crate::format::json as safe_json;
use crate::progress::{Unwatched, Watch};
use crate::report::JsonBook;
use crate::store::{Store, StoreResult};

/// The value of the `format` field: what the file is.
pub const FORMAT: &str = "csm-export";

/// The value of the `version` field, raised when a field changes meaning or goes away (adding a
/// field does not raise it).
pub const VERSION: u32 = 1;

/// Earliest and latest dates a store can hold (ISO text sorts as dates between them).
fn all_dates() -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN);
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
    (first, last)
}

fn read_records(store: &Store, account: &Account) -> StoreResult<AccountRecords> {
    let (first, last) = all_dates();
    let id = account.id;
    Ok(AccountRecords {
        contacts: store.contacts(id)?,
        usage: store.usage(id, first, last)?,
        feature_usage: store.feature_usage(id, first, last)?,
        tickets: store.tickets(id)?,
        nps: store.nps_responses(id)?,
        interactions: store.interactions(id)?,
        todos: store.todos(id)?,
        opportunities: store.opportunities(id)?,
        milestones: store.milestones(id)?,
        goals: store.goals(id)?,
        sources: store.sources_of(id)?,
        firings: store.firings_of(id)?,
        renewals: store.renewal_records_of(id)?,
        qbrs: store.qbrs(id)?,
        forecast_call: store.forecast_call_of(id)?,
    })
}

/// Writes the JSON export of the book in `store`, with the scores of `book`, to `out`; returns
/// how many accounts it wrote.
///
/// Every record is read in one snapshot of the store, so the export is one state of the book even
/// while the workspace writes. Scores come from `book`, loaded just before: an account it does not
/// know (added in between) is exported with `"score": null`.
///
/// # Errors
/// The store could not be read, or `out` could not be written.
pub fn json(
    store: &Store,
    book: &ScoredBook,
    currency: &str,
    out: impl Write,
) -> Result<usize, ExportError> {
    json_watched(store, book, currency, out, &Unwatched)
}

/// [`json`], telling `watch` how many accounts are written as each one is.
///
/// # Errors
/// As [`json`].
pub fn json_watched(
    store: &Store,
    book: &ScoredBook,
    currency: &str,
    out: impl Write,
    watch: &dyn Watch,
) -> Result<usize, ExportError> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    // The snapshot's closure may only fail with a store error; a write error is carried out in
    // the value and ends the read all the same.
    let written = store.snapshot(|store| Ok(write_book(store, book, currency, &mut out, watch)))?;
    let accounts = written?;
    out.flush()?;
    Ok(accounts)
}

fn write_book(
    store: &Store,
    book: &ScoredBook,
    currency: &str,
    out: &mut impl Write,
    watch: &dyn Watch,
) -> Result<usize, ExportError> {
    let as_of = book.as_of;
    write!(
        out,
        "{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"as_of\":\"{as_of}\",\"currency\":"
    )?;
    safe_json::to_writer(&mut *out, currency)?;
    out.write_all(b",\n\"book\":")?;
    safe_json::to_writer(&mut *out, &JsonBook::of(&book.metrics))?;
    out.write_all(b",\n\"features\":")?;
    let catalog = store.feature_catalog()?;
    let features: Vec<FeatureOut<'_>> = catalog.features.iter().map(FeatureOut::of).collect();
    safe_json::to_writer(&mut *out, &features)?;
    out.write_all(b",\n\"todos\":")?;
    let todos = store.book_todos()?;
    safe_json::to_writer(&mut *out, &todos.iter().map(TodoOut::of).collect::<Vec<_>>())?;
    out.write_all(b",\n\"users\":")?;
    let users = store.users()?;
    safe_json::to_writer(&mut *out, &users.iter().map(UserOut::of).collect::<Vec<_>>())?;
    out.write_all(b",\n\"accounts\":[")?;

    let mut count = 0;
    let accounts = store.accounts()?;
    watch.begin("exporting", accounts.len() as u64);
    for account in accounts {
        let scored = book
            .accounts
            .binary_search_by_key(&account.id, |e| e.account.id)
            .ok()
            .and_then(|i| book.accounts.get(i));
        let records = read_records(store, &account)?;
        out.write_all(if count == 0 { b"\n" } else { b",\n" })?;
        safe_json::to_writer(&mut *out, &AccountOut::of(&account, scored, &records, as_of))?;
        count += 1;
        watch.reached(count as u64);
    }
    out.write_all(b"\n]}\n")?;
    Ok(count)
}

#[cfg(test)]
mod tests;
