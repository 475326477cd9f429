//! `csm renewal record` and `csm renewals` (SPEC 12): how an account's renewal ended, recorded
//! as the workspace's renewal pane records it (one transaction that stores the record and moves
//! the account's ARR and renewal date, checked by `domain::check_renewal`), and the renewal
//! history known at the as-of date as a table or JSON. A refusal names the field and writes
//! nothing. It must not print (the caller writes what it returns).

use std::fmt::Write as _;

use chrono::{Months, NaiveDate};

use super::CliError;
use super::fields::{self, checked, quoted, shown_money};
use super::record::{account_in, day, refused, rescore};
use crate::config::Config;
use crate::domain::{
    AccountId, RecordSource, RenewalOutcome, RenewalRecord, check_renewal, terminal_safe,
};
use crate::store::{Conflict, Store, StoreError};

/// The subcommands of `csm renewal`.
#[derive(Debug, clap::Subcommand)]
pub enum RenewalCommand {
    /// Record how an account's renewal ended: its ARR becomes the new ARR and its renewal date
    /// the next one (none when it churned, and its stage becomes churned).
    Record {
        /// The account: its external id, its name, or a part of the name only it has.
        account: String,
        /// renewed or churned.
        #[arg(long)]
        outcome: String,
        /// The ARR after the renewal, in the book's currency: 25000, $25,000.00 [churned: 0].
        #[arg(long, value_name = "AMOUNT", allow_negative_numbers = true)]
        arr: Option<String>,
        /// The next renewal date [default: the renewal's due date plus one year; none when
        /// churned].
        #[arg(long, value_name = "D")]
        next: Option<String>,
        /// The day it was decided, on or before the as-of date [default: the as-of date].
        #[arg(long, value_name = "D")]
        closed_on: Option<String>,
        /// The renewal date it closes [default: the account's renewal date].
        #[arg(long, value_name = "D")]
        due: Option<String>,
        /// A note: why it renewed or left, what changed.
        #[arg(long)]
        note: Option<String>,
    },
    /// Set a CSM's call on an account's next renewal, which overrides the model's probability
    /// in the forecast: commit (100 %), likely (80 %), at_risk (40 %), lost (0 %), a percentage
    /// (70%) or a share (0.7); model takes the call back.
    #[command(
        override_usage = "csm renewal call ACCOUNT commit|likely|at_risk|lost|PERCENT|model \
        [--expect-version N]"
    )]
    Call(super::renewal_call::CallArgs),
}

/// Runs `csm renewal`; returns what to print.
///
/// # Errors
/// A refused value or account, naming its field; a renewal recorded already; the store could
/// not be read or written.
pub(super) fn run(
    store: &mut Store,
    config: &Config,
    command: &RenewalCommand,
    as_of: NaiveDate,
) -> Result<String, CliError> {
    let currency = config.book.currency.as_str();
    let (account, outcome, arr, next, closed_on, due, note) = match command {
        RenewalCommand::Record { account, outcome, arr, next, closed_on, due, note } => {
            (account, outcome, arr, next, closed_on, due, note)
        }
        RenewalCommand::Call(args) => return super::renewal_call::run(store, args, as_of),
    };
    let outcome = fields::word::<RenewalOutcome>("outcome", outcome)?;
    let outcome = outcome.ok_or_else(|| refused("outcome", "give renewed or churned"))?;
    let churned = outcome == RenewalOutcome::Churned;
    let arr_after = match arr.as_deref().map(|a| fields::money("arr", a, currency)).transpose()? {
        Some(Some(cents)) => cents,
        None | Some(None) if churned => 0,
        _ => return Err(refused("arr", "give the ARR after the renewal (--arr AMOUNT)")),
    };
    let closed_on = closed_on.as_deref().map_or(Ok(as_of), |d| day("closed on", d, as_of))?;
    let writer = store.writer()?;
    let account = account_in(&writer, account)?;
    let name = terminal_safe(&account.name).into_owned();
    let due = match due {
        Some(d) => day("due", d, as_of)?,
        None => account.renewal_date.ok_or_else(|| {
            refused("due", format!("{name} has no renewal date: give the one it closes (--due D)"))
        })?,
    };
    let next = match next {
        Some(d) => Some(day("next renewal", d, as_of)?),
        None if churned => None,
        None => due.checked_add_months(Months::new(12)),
    };
    let record = RenewalRecord {
        account_id: account.id,
        due,
        closed_on,
        outcome,
        arr_before: account.arr_cents,
        arr_after,
        note: note.as_deref().and_then(fields::text),
        source: RecordSource::Recorded,
    };
    checked(check_renewal(&record, next, as_of))?;
    match writer.record_renewal(&account, &record, next) {
        Err(StoreError::Conflict(Conflict::Exists(_))) => {
            return Err(refused("due", format!("{name}'s renewal due {due} is recorded already")));
        }
        other => other?,
    };
    writer.commit()?;
    rescore(store, config, as_of, account.id);
    let was = shown_money(record.arr_before, currency);
    let said = if churned {
        format!("churned on {closed_on} (ARR was {was})")
    } else {
        let now = shown_money(arr_after, currency);
        let next =
            next.map_or_else(|| "no next renewal".to_owned(), |d| format!("next renewal {d}"));
        format!("renewed on {closed_on} at {now} (was {was}), {next}")
    };
    let note = record.note.as_deref().map(|n| format!(", note {}", quoted(n))).unwrap_or_default();
    Ok(format!("recorded {name}'s renewal due {due}: {said}{note}\n"))
}

/// `csm renewals`: the renewal history known at `as_of` (stored records and closed renewal
/// opportunities), by account then due, as a table or a JSON array.
///
/// # Errors
/// The store could not be read.
pub(super) fn list(
    store: &Store,
    config: &Config,
    as_of: NaiveDate,
    json: bool,
) -> Result<String, CliError> {
    let records = store.renewal_records_at(as_of)?;
    if json {
        let mut text = crate::format::json::to_string_pretty(&records).unwrap_or_default();
        text.push('\n');
        return Ok(text);
    }
    if records.is_empty() {
        return Ok(format!(
            "no renewal recorded by {as_of}: `csm renewal record ACCOUNT --outcome renewed --arr \
             AMOUNT` records one, `csm import renewals FILE` brings a CRM's history\n"
        ));
    }
    let names: std::collections::HashMap<AccountId, String> =
        store.accounts()?.into_iter().map(|a| (a.id, a.name)).collect();
    let currency = config.book.currency.as_str();
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{:<28} {:<10} {:<10} {:<8} {:>14} {:>14}  {:<11} note",
        "account", "due", "closed", "outcome", "ARR before", "ARR after", "source"
    );
    for r in &records {
        let name = names.get(&r.account_id).map_or("?", String::as_str);
        let _ = writeln!(
            text,
            "{:<28} {:<10} {:<10} {:<8} {:>14} {:>14}  {:<11} {}",
            crate::format::fit(&terminal_safe(name), 28),
            r.due,
            r.closed_on,
            r.outcome.code(),
            shown_money(r.arr_before, currency),
            shown_money(r.arr_after, currency),
            r.source.code(),
            terminal_safe(r.note.as_deref().unwrap_or_default()),
        );
    }
    let churned = records.iter().filter(|r| r.churned()).count();
    let _ = writeln!(text, "{} records, {churned} churned", records.len());
    Ok(text)
}
