//! `csm account ACCOUNT`: one account's scores, the explanation of its health (components with
//! their inputs, signals with their reasons, what would change the band), its contacts, open
//! todos and opportunities, as text or JSON. A read: the account is found as `csm qbr` finds it
//! and scored in full on its own; it must not write the book (`account set`, its subcommand, is
//! `account_set`).

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use super::{CliError, write_stdout};
use crate::book::{AccountDetail, BookEntry, ScoredBook, account_detail};
use crate::config::Config;
use crate::domain::terminal_safe;
use crate::export::{ContactOut, OpportunityOut, TodoOut};
use crate::format::{THIN_MARK, money, money_short};
use crate::lookup::find_account;
use crate::report::JsonAccount;
use crate::scoring::{Band, Depth, DropOutcome, LiftOutcome, round_to_tenth};
use crate::store::Store;

/// The arguments of `csm account`: an account to show, or `set` to correct one (an account
/// named "set" is shown with `csm account -- set`).
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct AccountArgs {
    #[command(subcommand)]
    pub command: Option<AccountCommand>,
    /// The account: its external id, its name (case and accents do not matter), or a part of
    /// the name that only it has.
    #[arg(required = true)]
    pub account: Option<String>,
    /// Print JSON: the account's fields as `report --json` names them, then the explanation,
    /// contacts, open todos and opportunities.
    #[arg(long)]
    pub json: bool,
}

/// The subcommands of `csm account`.
#[derive(Debug, clap::Subcommand)]
pub enum AccountCommand {
    /// Correct an account's fields: each one given is set, an empty value clearing an optional
    /// one (--region ''); prints each change, old → new.
    #[command(override_usage = "csm account set ACCOUNT --FIELD VALUE… [--expect-version N]")]
    Set(super::account_set::AccountSetArgs),
}

/// Runs `csm account`.
pub(super) fn run(
    store: &mut Store,
    config: &Config,
    as_of: NaiveDate,
    args: &AccountArgs,
) -> Result<(), CliError> {
    let book = ScoredBook::load(store, config, as_of)?;
    let accounts: Vec<_> = book.accounts.iter().map(|e| e.account.clone()).collect();
    let query = args.account.as_deref().unwrap_or_default();
    let account = find_account(&accounts, query).map_err(|e| CliError::Refused(e.to_string()))?;
    let Some(entry) = book.accounts.iter().find(|e| e.account.id == account.id) else {
        return Err(CliError::Refused(format!("{query} is not in the book")));
    };
    let Some(detail) = account_detail(store, config, account.id, as_of, Depth::Report)? else {
        let name = terminal_safe(&account.name).into_owned();
        return Err(CliError::Refused(format!("{name} left the book while it was read")));
    };
    let out = if args.json {
        json(entry, &detail, as_of)
    } else {
        text(entry, &detail, &config.book.currency)
    };
    write_stdout(&out)
}

/// The JSON of one account: the report's entry, then what explains it and what it holds.
#[derive(Debug, Serialize)]
struct AccountJson<'a> {
    #[serde(flatten)]
    account: JsonAccount<'a>,
    /// The version a correction names (`account set --expect-version`).
    version: i64,
    as_of: NaiveDate,
    /// Each risk signal that fired, with its reason.
    risk_reasons: Vec<ReasonJson<'a>>,
    /// Each expansion signal that fired, with its reason.
    expansion_reasons: Vec<ReasonJson<'a>>,
    explanation: ExplanationJson<'a>,
    contacts: Vec<Versioned<ContactOut<'a>>>,
    /// The open todos themselves (`open_todos` counts them).
    todos: Vec<TodoOut<'a>>,
    opportunities: Vec<Versioned<OpportunityOut<'a>>>,
}

/// A record as the export writes it, with the version a correction names (`--expect-version`).
#[derive(Debug, Serialize)]
struct Versioned<T> {
    #[serde(flatten)]
    record: T,
    version: i64,
}

#[derive(Debug, Serialize)]
struct ReasonJson<'a> {
    code: &'static str,
    reason: &'a str,
}

#[derive(Debug, Serialize)]
struct ExplanationJson<'a> {
    /// "based on support and engagement only" when the health rests on less than half of the
    /// model's weight (`coverage` under 0.5); `null` otherwise.
    thin_data: Option<String>,
    components: Vec<ComponentJson<'a>>,
    /// The band a lift would reach; `null` in the top band or unscored.
    next_band: Option<Band>,
    lifts: Vec<LiftJson>,
    /// The band a drop would reach; `null` at risk or unscored.
    lower_band: Option<Band>,
    drops: Vec<DropJson>,
}

#[derive(Debug, Serialize)]
struct ComponentJson<'a> {
    name: &'static str,
    value: Option<f64>,
    weight: f64,
    contribution: Option<f64>,
    inputs: &'a str,
}

#[derive(Debug, Serialize)]
struct LiftJson {
    component: &'static str,
    /// `rise`, `not_reachable` (even 100 would not do) or `no_data`.
    outcome: &'static str,
    points: Option<f64>,
    hint: Option<String>,
}

#[derive(Debug, Serialize)]
struct DropJson {
    component: &'static str,
    /// `fall`, `not_reachable` (even 0 would not do) or `no_data`.
    outcome: &'static str,
    points: Option<f64>,
    hint: Option<String>,
}

fn json(entry: &BookEntry, detail: &AccountDetail, as_of: NaiveDate) -> String {
    let score = &detail.score;
    let e = &detail.explanation;
    let value = AccountJson {
        account: JsonAccount::of(entry, as_of),
        version: entry.account.version,
        as_of,
        risk_reasons: score
            .signals
            .iter()
            .map(|s| ReasonJson { code: s.code.code(), reason: &s.reason })
            .collect(),
        expansion_reasons: score
            .expansion
            .iter()
            .map(|s| ReasonJson { code: s.code.code(), reason: &s.reason })
            .collect(),
        explanation: ExplanationJson {
            thin_data: score.thin_data(),
            components: e
                .components
                .iter()
                .map(|c| ComponentJson {
                    name: c.kind.name(),
                    value: c.value.map(round_to_tenth),
                    weight: c.weight,
                    contribution: c.contribution.map(round_to_tenth),
                    inputs: &c.inputs,
                })
                .collect(),
            next_band: e.next_band,
            lifts: e
                .lifts
                .iter()
                .map(|l| {
                    let (outcome, points, hint) = match &l.outcome {
                        LiftOutcome::Rise { points, hint } => ("rise", Some(*points), hint.clone()),
                        LiftOutcome::NotReachable => ("not_reachable", None, None),
                        LiftOutcome::NoData => ("no_data", None, None),
                    };
                    LiftJson { component: l.kind.name(), outcome, points, hint }
                })
                .collect(),
            lower_band: e.lower_band,
            drops: e
                .drops
                .iter()
                .map(|d| {
                    let (outcome, points, hint) = match &d.outcome {
                        DropOutcome::Fall { points, hint } => ("fall", Some(*points), hint.clone()),
                        DropOutcome::NotReachable => ("not_reachable", None, None),
                        DropOutcome::NoData => ("no_data", None, None),
                    };
                    DropJson { component: d.kind.name(), outcome, points, hint }
                })
                .collect(),
        },
        contacts: detail
            .facts
            .contacts
            .iter()
            .map(|c| Versioned { record: ContactOut::of(c), version: c.version })
            .collect(),
        todos: detail.facts.open_todos.iter().map(TodoOut::of).collect(),
        opportunities: detail
            .facts
            .opportunities
            .iter()
            .map(|o| Versioned { record: OpportunityOut::of(o), version: o.version })
            .collect(),
    };
    // Plain structs of numbers and strings always serialise; unsafe characters are escaped.
    let mut out = crate::format::json::to_string_pretty(&value).unwrap_or_default();
    out.push('\n');
    out
}

/// The account as text: a heading, then one section per part, each line indented under it.
fn text(entry: &BookEntry, detail: &AccountDetail, currency: &str) -> String {
    let (a, s, score) = (&entry.account, &entry.summary, &detail.score);
    let mut out = String::new();
    let mut heading =
        vec![format!("{} ({})", terminal_safe(&a.name), terminal_safe(&a.external_id))];
    heading.extend(a.segment.map(|s| s.code().replace('_', "-")));
    heading.extend(a.owner.as_deref().map(|o| format!("owner {}", terminal_safe(o))));
    let _ = writeln!(out, "{}", heading.join(" · "));
    let thin = s.thin_data().map(|reason| format!(", {reason}")).unwrap_or_default();
    let health = s.health.map_or_else(
        || "unscored".to_owned(),
        |h| {
            let mark = if s.is_thin() { THIN_MARK } else { "" };
            format!("{mark}{h} {}{thin}", s.band.word())
        },
    );
    let trend = s.delta.map_or_else(String::new, |d| format!(" ({d:+} in 30 days)"));
    let renewal = score.renewal.map_or_else(
        || "no renewal date".to_owned(),
        |r| format!("renewal {} in {} days ({})", r.date, r.days, r.phase.code()),
    );
    let _ =
        writeln!(out, "Health {health}{trend} · ARR {} · {renewal}", money(a.arr_cents, currency));

    let _ = writeln!(out, "\nComponents (value, points of health, inputs)");
    out.push_str(&crate::report::explanation(detail));
    section(&mut out, "Risk signals", score.signals.iter().map(|s| row(s.code.code(), &s.reason)));
    section(&mut out, "Expansion", score.expansion.iter().map(|s| row(s.code.code(), &s.reason)));
    section(
        &mut out,
        "Contacts",
        detail.facts.contacts.iter().map(|c| {
            let mut about = vec![c.role.code().to_owned()];
            about.extend(c.title.as_deref().map(|t| terminal_safe(t).into_owned()));
            about.extend(c.email.as_deref().map(|e| terminal_safe(e).into_owned()));
            about.extend(c.left_on.map(|d| format!("left on {d}")));
            // The id, as the todos show theirs: what `contact set` and `delete` take.
            let id = format!("#{}", c.id.0);
            format!("     {id:<6} {}  {}", terminal_safe(&c.name), about.join(", "))
        }),
    );
    section(
        &mut out,
        "Open todos",
        detail.facts.open_todos.iter().map(|t| {
            let due = t.due.map_or_else(|| "no due date".to_owned(), |d| format!("due {d}"));
            format!(
                "     #{:<5} {:<8} {due:<14} {}",
                t.id.0,
                t.priority.code(),
                terminal_safe(&t.title)
            )
        }),
    );
    section(
        &mut out,
        "Opportunities",
        detail.facts.opportunities.iter().map(|o| {
            let amount = o.amount_cents.map_or_else(String::new, |c| money_short(c, currency));
            let close = o.close_date.map_or_else(String::new, |d| format!("closes {d}"));
            let name =
                o.name.as_deref().map_or_else(String::new, |n| terminal_safe(n).into_owned());
            format!(
                "     {:<6} {:<11} {:<6} {amount:>7}  {close:<17} {name}",
                format!("#{}", o.id.0),
                o.kind.code(),
                o.status.code()
            )
        }),
    );
    out
}

fn row(code: &str, reason: &str) -> String {
    format!("     {code:<16} {}", terminal_safe(reason))
}

/// A titled section of `lines`, or the title with "none".
fn section(out: &mut String, title: &str, lines: impl Iterator<Item = String>) {
    let lines: Vec<String> = lines.collect();
    if lines.is_empty() {
        let _ = writeln!(out, "\n{title}: none");
        return;
    }
    let _ = writeln!(out, "\n{title} ({})", lines.len());
    for line in lines {
        let _ = writeln!(out, "{}", line.trim_end());
    }
}
