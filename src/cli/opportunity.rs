//! `csm opportunity add|set|close`: an account's opportunities from the command line (SPEC 11),
//! as the workspace's opportunity form keeps them: each write one transaction that reads the
//! opportunity, checks the result with `domain::check_opportunity`, writes it and scores its
//! account again, then says in one line what changed. A refusal names the field and writes
//! nothing. It must not print (the caller writes what it returns) nor touch another account.

use chrono::NaiveDate;

use super::CliError;
use super::fields::{self, Changes, checked, expect_version, quoted, required, shown_money};
use super::record::{account_in, day, refused, rescore};
use crate::config::Config;
use crate::domain::{
    Opportunity, OpportunityId, OpportunityKind, OpportunityStatus, check_opportunity,
    terminal_safe,
};
use crate::store::{BookWriter, Store};

/// The fields of an opportunity a command may set besides its name; each given replaces the
/// stored value, an empty value clearing an optional one.
#[derive(Debug, clap::Args)]
pub struct OpportunityFields {
    /// new, renewal, expansion, contraction or other [add: other].
    #[arg(long)]
    pub kind: Option<String>,
    /// The amount in the book's currency: 25000, $25,000.00.
    #[arg(long, value_name = "AMOUNT", allow_negative_numbers = true)]
    pub amount: Option<String>,
    /// The sales stage, in your CRM's words.
    #[arg(long)]
    pub stage: Option<String>,
    /// The day it is expected to close: 2026-12-31 (today, +2w… count from the as-of date).
    #[arg(long, value_name = "D")]
    pub close_date: Option<String>,
    /// The probability to close: 60, 60% or 0.6.
    #[arg(long, value_name = "P", allow_negative_numbers = true)]
    pub probability: Option<String>,
}

/// The subcommands of `csm opportunity`.
#[derive(Debug, clap::Subcommand)]
pub enum OpportunityCommand {
    /// Add an open opportunity to an account.
    Add {
        /// The account: its external id, its name, or a part of the name only it has.
        account: String,
        /// What the opportunity is, in a few words.
        #[arg(long)]
        name: String,
        #[command(flatten)]
        fields: OpportunityFields,
    },
    /// Correct an opportunity's fields: each one given is set, an empty value clearing an
    /// optional one (--stage ''); prints each change, old → new.
    #[command(group(clap::ArgGroup::new("changes").required(true).multiple(true).args([
        "name", "kind", "amount", "stage", "close_date", "probability",
    ])))]
    #[command(override_usage = "csm opportunity set ID --FIELD VALUE… [--expect-version N]")]
    Set {
        /// The opportunity's id (#17 in `csm account ACCOUNT`, `id` in its --json).
        id: String,
        /// What the opportunity is, in a few words.
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        fields: OpportunityFields,
        /// Refuse the change unless the opportunity is still at this version (`version` in
        /// `csm account ACCOUNT --json`).
        #[arg(long, value_name = "N")]
        expect_version: Option<i64>,
    },
    /// Close an open opportunity as won or lost (its probability becomes 100 % or 0 %).
    #[command(group(clap::ArgGroup::new("outcome").required(true).args(["won", "lost"])))]
    Close {
        /// The opportunity's id (#17 in `csm account ACCOUNT`, `id` in its --json).
        id: String,
        /// It was won.
        #[arg(long)]
        won: bool,
        /// It was lost.
        #[arg(long)]
        lost: bool,
        /// The day it closed, on or before the as-of date [default: the as-of date].
        #[arg(long, value_name = "D")]
        date: Option<String>,
        /// Refuse the close unless the opportunity is still at this version.
        #[arg(long, value_name = "N")]
        expect_version: Option<i64>,
    },
}

/// Runs `csm opportunity`; returns what to print.
///
/// # Errors
/// A refused value, account or id, naming its field; a stale `--expect-version`; the store
/// could not be read or written.
pub(super) fn run(
    store: &mut Store,
    config: &Config,
    command: &OpportunityCommand,
    as_of: NaiveDate,
) -> Result<String, CliError> {
    let currency = config.book.currency.as_str();
    match command {
        OpportunityCommand::Add { account, name, fields } => {
            let writer = store.writer()?;
            let account = account_in(&writer, account)?;
            let blank = Opportunity {
                id: OpportunityId(0),
                account_id: account.id,
                external_id: None,
                name: fields::text(name),
                kind: OpportunityKind::Other,
                amount_cents: None,
                stage: None,
                close_date: None,
                probability: None,
                status: OpportunityStatus::Open,
                version: 0,
            };
            let o = corrected(&blank, fields, currency, as_of)?;
            checked(check_opportunity(&o))?;
            let id = writer.add_opportunity(&o)?;
            writer.commit()?;
            rescore(store, config, as_of, account.id);
            let mut about = vec![o.kind.code().to_owned()];
            about.extend(o.amount_cents.map(|c| shown_money(c, currency)));
            about.extend(o.close_date.map(|d| format!("closes {d}")));
            about.extend(o.probability.map(|p| format!("{p} %")));
            Ok(format!(
                "added opportunity {} {} to {}, {}\n",
                id.0,
                quoted(o.name.as_deref().unwrap_or_default()),
                terminal_safe(&account.name),
                about.join(", ")
            ))
        }
        OpportunityCommand::Set { id, name, fields, expect_version: expected } => {
            let writer = store.writer()?;
            let before = find(&writer, id)?;
            expect_version("opportunity", *expected, before.version)?;
            let mut after = corrected(&before, fields, currency, as_of)?;
            if let Some(name) = name {
                after.name = fields::text(name);
            }
            checked(check_opportunity(&after))?;
            let changes = changes(&before, &after, currency);
            let of = of(&writer, &before)?;
            if changes.is_empty() {
                return Ok(format!("{of}: nothing changed\n"));
            }
            writer.edit_opportunity(&after)?;
            writer.commit()?;
            rescore(store, config, as_of, after.account_id);
            Ok(format!("{of}: {}\n", changes.line()))
        }
        OpportunityCommand::Close { id, won, date, expect_version: expected, .. } => {
            let writer = store.writer()?;
            let before = find(&writer, id)?;
            expect_version("opportunity", *expected, before.version)?;
            if before.status != OpportunityStatus::Open {
                let on = before.close_date.map(|d| format!(" on {d}")).unwrap_or_default();
                return Err(refused(
                    "id",
                    format!("opportunity {} was {} already{on}", before.id.0, before.status),
                ));
            }
            let date = date.as_deref().map_or(Ok(as_of), |d| day("close date", d, as_of))?;
            if date > as_of {
                return Err(refused(
                    "close date",
                    format!("{date} is after {as_of}: an opportunity is closed once it is decided"),
                ));
            }
            let status = if *won { OpportunityStatus::Won } else { OpportunityStatus::Lost };
            // As the workspace closes one: the probability becomes 100 % or 0 %.
            let after = Opportunity { close_date: Some(date), ..before.clone() }.settled(status);
            let of = of(&writer, &before)?;
            writer.edit_opportunity(&after)?;
            writer.commit()?;
            rescore(store, config, as_of, after.account_id);
            Ok(format!("closed {of} as {status} on {date}\n"))
        }
    }
}

/// `before` with the fields `f` gives, each read and refused on its own.
fn corrected(
    before: &Opportunity,
    f: &OpportunityFields,
    currency: &str,
    as_of: NaiveDate,
) -> Result<Opportunity, CliError> {
    let mut o = before.clone();
    if let Some(kind) = &f.kind {
        let kind = fields::word::<OpportunityKind>("kind", kind)?;
        o.kind = required("kind", kind, "one of the kinds (other when none fits)")?;
    }
    if let Some(amount) = &f.amount {
        o.amount_cents = fields::money("amount", amount, currency)?;
    }
    if let Some(stage) = &f.stage {
        o.stage = fields::text(stage);
    }
    if let Some(close) = &f.close_date {
        o.close_date = fields::date("close date", close, as_of)?;
    }
    if let Some(probability) = &f.probability {
        o.probability = fields::probability(probability)?;
    }
    Ok(o)
}

/// The opportunity the id `text` names (`17` or `#17`), read inside `writer`'s transaction.
fn find(writer: &BookWriter<'_>, text: &str) -> Result<Opportunity, CliError> {
    let trimmed = text.trim();
    let id: i64 = trimmed.strip_prefix('#').unwrap_or(trimmed).parse().map_err(|_| {
        refused("id", format!("“{}” is not an opportunity id (a number)", terminal_safe(text)))
    })?;
    writer
        .read_opportunity(OpportunityId(id))?
        .ok_or_else(|| refused("id", format!("there is no opportunity {id}")))
}

/// `opportunity 17 “Upsell” of Acme`, as a line names it.
fn of(writer: &BookWriter<'_>, o: &Opportunity) -> Result<String, CliError> {
    let account = writer.read_account(o.account_id)?;
    let of = account.map(|a| format!(" of {}", terminal_safe(&a.name))).unwrap_or_default();
    let name = o.name.as_deref().map(|n| format!(" {}", quoted(n))).unwrap_or_default();
    Ok(format!("opportunity {}{name}{of}", o.id.0))
}

fn changes(before: &Opportunity, after: &Opportunity, currency: &str) -> Changes {
    let text = |t: &String| t.clone();
    let mut c = Changes::default();
    c.note("name", &before.name, &after.name, text);
    c.note_value("kind", &before.kind, &after.kind, |k| k.code().to_owned());
    c.note("amount", &before.amount_cents, &after.amount_cents, |m| shown_money(*m, currency));
    c.note("stage", &before.stage, &after.stage, text);
    c.note("close date", &before.close_date, &after.close_date, ToString::to_string);
    c.note("probability", &before.probability, &after.probability, |p| format!("{p} %"));
    c
}
