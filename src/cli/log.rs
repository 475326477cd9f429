//! `csm log ACCOUNT`: logs a touchpoint (an interaction) with an account and the contacts who
//! took part, as the workspace's touchpoint form does: dated on or before the as-of date, one
//! transaction, the account scored again. A refusal names the field and writes nothing. It must
//! not print (the caller writes what it returns) nor change the contacts it links.

use std::io::Read as _;

use chrono::NaiveDate;

use super::CliError;
use super::record::{account, day, refused, rescore};
use crate::config::Config;
use crate::domain::{Contact, Interaction, InteractionId, InteractionKind, terminal_safe};
use crate::store::Store;

/// The longest body read from standard input: a touchpoint's notes, not a document.
const MAX_BODY: u64 = 1 << 20;

/// The arguments of `csm log`.
#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// The account: its external id, its name, or a part of the name only it has.
    pub account: String,
    /// call, email, meeting, qbr, note or other.
    #[arg(long)]
    pub kind: String,
    /// When it happened (2026-11-20, today, …), on or before the as-of date [default: the
    /// as-of date].
    #[arg(long, value_name = "D")]
    pub date: Option<String>,
    /// The account's contacts who took part, by email, comma-separated.
    #[arg(long, value_name = "EMAIL,…", value_delimiter = ',')]
    pub with: Vec<String>,
    /// What happened, in a line.
    #[arg(long)]
    pub summary: String,
    /// What was said and agreed; `-` reads it from standard input.
    #[arg(long, value_name = "TEXT|-")]
    pub body: Option<String>,
}

/// Runs `csm log`; returns what to print.
///
/// # Errors
/// A refused input, naming its field; standard input could not be read; the store could not be
/// read or written.
pub(super) fn run(
    store: &mut Store,
    config: &Config,
    args: &LogArgs,
    as_of: NaiveDate,
) -> Result<String, CliError> {
    let account = account(store, &args.account)?;
    let kind: InteractionKind = args.kind.parse().map_err(|e| refused("kind", e))?;
    let date = args.date.as_deref().map_or(Ok(as_of), |d| day("date", d, as_of))?;
    if date > as_of {
        return Err(refused(
            "date",
            format!("{date} is after {as_of}: a touchpoint is logged on or before the as-of date"),
        ));
    }
    let summary = args.summary.trim();
    if summary.is_empty() {
        return Err(refused("summary", "say in a line what happened"));
    }
    let contacts = store.contacts(account.id)?;
    let with = args
        .with
        .iter()
        .filter(|e| !e.trim().is_empty())
        .map(|email| contact(&contacts, email, date))
        .collect::<Result<Vec<&Contact>, CliError>>()?;
    let body = match args.body.as_deref() {
        Some("-") => stdin_body()?,
        Some(text) => Some(text.to_owned()),
        None => None,
    }
    .filter(|b| !b.trim().is_empty());
    let mut ids: Vec<_> = with.iter().map(|c| c.id).collect();
    ids.sort_unstable();
    ids.dedup();
    let interaction = Interaction {
        id: InteractionId(0),
        account_id: account.id,
        external_id: None,
        date,
        kind,
        summary: Some(summary.to_owned()),
        body,
        contacts: ids,
        version: 0,
    };
    let writer = store.writer()?;
    let id = writer.insert_interaction(&interaction)?;
    writer.commit()?;
    rescore(store, config, as_of, account.id);
    let names: Vec<String> = with.iter().map(|c| terminal_safe(&c.name).into_owned()).collect();
    let named =
        if names.is_empty() { String::new() } else { format!(", with {}", names.join(", ")) };
    Ok(format!(
        "logged {kind} {} “{}” for {} on {date}{named}\n",
        id.0,
        terminal_safe(summary),
        terminal_safe(&account.name)
    ))
}

/// The contact of the account whose email is `email` (case does not matter), still with the
/// company on `date`.
fn contact<'a>(
    contacts: &'a [Contact],
    email: &str,
    date: NaiveDate,
) -> Result<&'a Contact, CliError> {
    let wanted = email.trim();
    let shown = terminal_safe(wanted);
    let found = contacts
        .iter()
        .find(|c| c.email.as_deref().is_some_and(|e| e.trim().eq_ignore_ascii_case(wanted)))
        .ok_or_else(|| refused("with", format!("{shown} is not among the account's contacts")))?;
    match found.left_on {
        Some(left) if !found.is_current(date) => {
            Err(refused("with", format!("{shown} left the company on {left}")))
        }
        _ => Ok(found),
    }
}

/// The body read from standard input, at most [`MAX_BODY`] bytes of UTF-8.
fn stdin_body() -> Result<Option<String>, CliError> {
    let mut bytes = Vec::new();
    std::io::stdin().lock().take(MAX_BODY + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BODY {
        return Err(refused("body", format!("standard input holds more than {MAX_BODY} bytes")));
    }
    let text =
        String::from_utf8(bytes).map_err(|_| refused("body", "standard input is not UTF-8"))?;
    Ok(Some(text.trim_end().to_owned()))
}
