//! What the commands that record something in the book share: finding the account a person
//! named (inside a writer's transaction too), reading a day as the workspace's forms read it,
//! refusing one field, and scoring again the one account a write touched. It must not write the
//! store nor print.

use chrono::NaiveDate;

use super::{CliError, write_stderr};
use crate::config::Config;
use crate::domain::{Account, AccountId};
use crate::lookup::find_account;
use crate::store::{BookWriter, Store};
use crate::ui::{DAY_FORMS, parse_day};

/// A refusal naming the field at fault and why: `due: “soon” is not a day (…)`.
pub(super) fn refused(field: &str, why: impl std::fmt::Display) -> CliError {
    CliError::Refused(format!("{field}: {why}"))
}

/// The account `query` names, found as `csm qbr` finds it. An external id given exactly is one
/// index lookup (the lookup's first rule), so a script naming accounts by their CRM ids never
/// reads the whole book; anything else is looked for among every account.
///
/// # Errors
/// No account or several fit; the message names the candidates.
pub(super) fn account(store: &Store, query: &str) -> Result<Account, CliError> {
    if let Some(account) = store.account_by_external_id(query.trim())? {
        return Ok(account);
    }
    let accounts = store.accounts()?;
    find_account(&accounts, query).cloned().map_err(|e| refused("account", e))
}

/// The account `query` names, found as [`account`] finds it but read inside `writer`'s
/// transaction, so that what a correction writes over is what it read.
///
/// # Errors
/// No account or several fit; the message names the candidates.
pub(super) fn account_in(writer: &BookWriter<'_>, query: &str) -> Result<Account, CliError> {
    if let Some(account) = writer.read_account_by_external_id(query.trim())? {
        return Ok(account);
    }
    let accounts = writer.read_accounts()?;
    find_account(&accounts, query).cloned().map_err(|e| refused("account", e))
}

/// The day `text` names (`2026-12-01`, `today`, `friday`, `in 2 weeks`, `eom`: the workspace's
/// forms read the same), counted from `as_of`.
///
/// # Errors
/// `text` is not a day; the message names `field`.
pub(super) fn day(field: &str, text: &str, as_of: NaiveDate) -> Result<NaiveDate, CliError> {
    parse_day(text, as_of).ok_or_else(|| {
        let shown = crate::domain::terminal_safe(text);
        refused(field, format!("“{shown}” is not a day ({DAY_FORMS})"))
    })
}

/// Scores `account` again at `as_of` after a committed write, so that the next look at the book
/// finds it current; the rest of the book is not read. The write stands whatever happens here,
/// so a failure is told on stderr rather than turned into a failed command.
pub(super) fn rescore(store: &mut Store, config: &Config, as_of: NaiveDate, account: AccountId) {
    if let Err(e) = crate::book::rescore_changed(store, config, as_of, &[account], Vec::new()) {
        write_stderr(&format!("csm: written; the account was not scored again: {e}"));
    }
}
