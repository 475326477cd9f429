//! `csm accounts`: the book's accounts scored at the as-of date, filtered, searched and ordered by
//! the account list's own rules ([`crate::listing`]), as an aligned table, a JSON array named as
//! `report --json` names an account, or CSV. A read: it takes the scores from the cache as
//! `report` does and must not write the book or decide which accounts pass on its own.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::{CliError, write_stdout};
use crate::book::{BookEntry, ScoredBook};
use crate::config::Config;
use crate::domain::{Segment, terminal_safe};
use crate::export::safe_cell;
use crate::format::{fit, health_figure, money_short};
use crate::listing::{Filters, NameSearch, SortKey, sort_rows};
use crate::lookup::fold_name;
use crate::report::JsonAccount;
use crate::scoring::{Band, RenewalPhase, SignalCode, round_to_hundredth, round_to_tenth};
use crate::store::Store;

/// The arguments of `csm accounts`. The filters apply together, as in the workspace.
#[derive(Debug, clap::Args)]
pub struct AccountsArgs {
    /// Only accounts in this band: at_risk, watch, healthy or unscored.
    #[arg(long, value_name = "BAND", value_parser = parse_band)]
    pub band: Option<Band>,
    /// Only accounts of this segment (its code, e.g. enterprise or mid_market).
    #[arg(long, value_name = "SEGMENT", value_parser = parse_segment)]
    pub segment: Option<Segment>,
    /// Only accounts of this owner (case and accents do not matter).
    #[arg(long, value_name = "OWNER")]
    pub owner: Option<String>,
    /// Only accounts whose renewal is in this phase: overdue, finalize, proposal, review,
    /// strategy or later.
    #[arg(long, value_name = "PHASE", value_parser = parse_phase)]
    pub phase: Option<RenewalPhase>,
    /// Only accounts showing this risk signal (its code, e.g. usage_drop).
    #[arg(long, value_name = "SIGNAL", value_parser = parse_signal)]
    pub signal: Option<SignalCode>,
    /// The accounts churned at the as-of date instead of the active book (a churned account
    /// leaves the list, as in the workspace).
    #[arg(long)]
    pub churned: bool,
    /// Only accounts whose name fuzzily matches TEXT, best match first (as the workspace's /).
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// The order: most attention first, lowest health, nearest renewal, largest ARR, or name.
    #[arg(long, value_enum, default_value_t = SortArg::Attention)]
    pub sort: SortArg,
    /// List at most N accounts.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Print a JSON array, each account's fields named as in `report --json`.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV: a header, then one row per account.
    #[arg(long)]
    pub csv: bool,
}

/// The orders `--sort` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortArg {
    Attention,
    Health,
    Renewal,
    Arr,
    Name,
}

impl SortArg {
    const fn key(self) -> SortKey {
        match self {
            Self::Attention => SortKey::Attention,
            Self::Health => SortKey::Health,
            Self::Renewal => SortKey::Renewal,
            Self::Arr => SortKey::Arr,
            Self::Name => SortKey::Name,
        }
    }
}

/// The value of `all` whose code is `text` (case, and `-` for `_`, do not matter), or a message
/// listing the codes accepted; clap reports it as a usage error.
fn parse_code<T: Copy>(text: &str, all: &[T], code: fn(T) -> &'static str) -> Result<T, String> {
    let wanted = text.trim().replace('-', "_");
    all.iter().copied().find(|&v| code(v).eq_ignore_ascii_case(&wanted)).ok_or_else(|| {
        let codes: Vec<&str> = all.iter().map(|&v| code(v)).collect();
        format!("expected one of {}", codes.join(", "))
    })
}

fn parse_band(text: &str) -> Result<Band, String> {
    parse_code(text, &Band::ALL, Band::code)
}

fn parse_segment(text: &str) -> Result<Segment, String> {
    parse_code(text, Segment::ALL, Segment::code)
}

fn parse_phase(text: &str) -> Result<RenewalPhase, String> {
    parse_code(text, &RenewalPhase::ALL, RenewalPhase::code)
}

fn parse_signal(text: &str) -> Result<SignalCode, String> {
    parse_code(text, SignalCode::ALL, SignalCode::code)
}

/// Runs `csm accounts`.
pub(super) fn run(
    store: &mut Store,
    config: &Config,
    as_of: NaiveDate,
    args: &AccountsArgs,
) -> Result<(), CliError> {
    let book = ScoredBook::load(store, config, as_of)?;
    let listed: Vec<&BookEntry> =
        select(&book, args).into_iter().map(|i| &book.accounts[i]).collect();
    let out = if args.json {
        json(&listed, as_of)
    } else if args.csv {
        csv(&listed, as_of)?
    } else {
        table(&listed, as_of, &config.book.currency)
    };
    write_stdout(&out)
}

/// The indices in `book` of the accounts listed, in the order listed.
fn select(book: &ScoredBook, args: &AccountsArgs) -> Vec<usize> {
    let accounts = &book.accounts;
    let filters = Filters {
        band: args.band,
        segment: args.segment,
        owner: args.owner.as_deref().map(|owner| book_owner(accounts, owner)),
        phase: args.phase,
        signal: args.signal,
        churned: args.churned,
    };
    let mut rows: Vec<usize> =
        (0..accounts.len()).filter(|&i| filters.pass(&accounts[i], book.as_of)).collect();
    sort_rows(&mut rows, args.sort.key(), accounts, book.as_of);
    if let Some(query) = args.search.as_deref().filter(|q| !q.trim().is_empty()) {
        let name = |i: usize| accounts[i].account.name.as_str();
        rows = NameSearch::default().rows(query, &rows, accounts.len(), name).to_vec();
    }
    if let Some(limit) = args.limit {
        rows.truncate(limit);
    }
    rows
}

/// The owner as the book spells it when `typed` names one (case and accents folded): the
/// workspace picks owners from the book, a person types them.
fn book_owner(accounts: &[BookEntry], typed: &str) -> String {
    let wanted = fold_name(typed);
    accounts
        .iter()
        .filter_map(|e| e.account.owner.as_deref())
        .find(|owner| fold_name(owner) == wanted)
        .unwrap_or(typed)
        .to_owned()
}

fn json(listed: &[&BookEntry], as_of: NaiveDate) -> String {
    let accounts: Vec<JsonAccount<'_>> = listed.iter().map(|e| JsonAccount::of(e, as_of)).collect();
    // Plain structs of numbers and strings always serialise; unsafe characters are escaped.
    let mut out = crate::format::json::to_string_pretty(&accounts).unwrap_or_default();
    out.push('\n');
    out
}

/// The CSV columns: the fields of `report --json`, the components and renewal spread out.
pub const CSV_HEADER: [&str; 22] = [
    "id",
    "external_id",
    "name",
    "segment",
    "owner",
    "arr_cents",
    "health",
    "band",
    "delta_30",
    "usage",
    "adoption",
    "support",
    "engagement",
    "signals",
    "expansion",
    "renewal_date",
    "renewal_days",
    "renewal_phase",
    "open_todos",
    "overdue_todos",
    "snoozed_todos",
    // Added after the first release of the format: new columns go last, so a script reading
    // columns by position keeps working.
    "coverage",
];

fn csv(listed: &[&BookEntry], as_of: NaiveDate) -> Result<String, CliError> {
    let number = |n: Option<i64>| n.map_or_else(String::new, |n| n.to_string());
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let io = |e: ::csv::Error| CliError::Output(std::io::Error::other(e.to_string()));
    writer.write_record(CSV_HEADER).map_err(io)?;
    for entry in listed {
        let (a, s) = (&entry.account, &entry.summary);
        let [usage, adoption, support, engagement] = s
            .components
            .map(|c| c.map_or_else(String::new, |v| format!("{:.1}", round_to_tenth(v))));
        let days = a.renewal_date.map(|d| (d - as_of).num_days());
        // Codes are `;`-joined: a comma would need quoting, and codes never contain `;`.
        let signals: Vec<&str> = s.signal_codes().iter().map(|c| c.code()).collect();
        let expansion: Vec<&str> = s.expansion_codes().iter().map(|c| c.code()).collect();
        writer
            .write_record([
                a.id.0.to_string(),
                safe_cell(&a.external_id).into_owned(),
                safe_cell(&a.name).into_owned(),
                a.segment.map_or_else(String::new, |s| s.code().to_owned()),
                a.owner.as_deref().map_or_else(String::new, |o| safe_cell(o).into_owned()),
                a.arr_cents.to_string(),
                number(s.health),
                s.band.code().to_owned(),
                number(s.delta),
                usage,
                adoption,
                support,
                engagement,
                signals.join(";"),
                expansion.join(";"),
                a.renewal_date.map_or_else(String::new, |d| d.to_string()),
                number(days),
                days.map_or_else(String::new, |d| RenewalPhase::of(d).code().to_owned()),
                s.open_todos.to_string(),
                s.overdue_todos.to_string(),
                s.snoozed_todos.to_string(),
                format!("{:.2}", round_to_hundredth(s.coverage)),
            ])
            .map_err(io)?;
    }
    let bytes = writer.into_inner().map_err(|e| CliError::Output(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The aligned table: name, health and band, ARR, days to renewal, signals.
fn table(listed: &[&BookEntry], as_of: NaiveDate, currency: &str) -> String {
    if listed.is_empty() {
        return "No account matches.\n".to_owned();
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {:>6}  {:<8} {:>7} {:>8}  signals",
        fit("account", 30),
        "health",
        "band",
        "ARR",
        "renewal"
    );
    for entry in listed {
        let (a, s) = (&entry.account, &entry.summary);
        let health = health_figure(s.health, s.is_thin()).trim_start().to_owned();
        let renewal =
            a.renewal_date.map_or_else(String::new, |d| format!("{} d", (d - as_of).num_days()));
        let signals: Vec<&str> = s.signal_codes().iter().map(|c| c.code()).collect();
        let _ = writeln!(
            out,
            "{} {health:>6}  {:<8} {:>7} {renewal:>8}  {}",
            fit(&terminal_safe(&a.name), 30),
            s.band.word(),
            money_short(a.arr_cents, currency),
            signals.join(", ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_in_any_case_with_dashes_and_refused_with_the_accepted_list() {
        assert_eq!(parse_band("At-Risk"), Ok(Band::AtRisk));
        assert_eq!(parse_phase(" proposal "), Ok(RenewalPhase::Proposal));
        let accepted = "expected one of at_risk, watch, healthy, unscored";
        assert_eq!(parse_band("green"), Err(accepted.to_owned()));
    }
}
