//! The text report: book totals, then the accounts needing attention with their reasons.
//!
//! Every stored string passes through `terminal_safe`: imported text never reaches the terminal
//! with control, bidi or zero-width characters. The reasons of the listed accounts come from
//! their full scores, passed in by the caller.

use std::fmt::Write as _;

use crate::book::{AccountDetail, BookEntry, ScoredBook};
use crate::domain::terminal_safe;
use crate::format::{fit, health_figure, money, money_short, trend_arrow};
use crate::scoring::{AccountSummary, Band, round_to_tenth};

/// How much the text report says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextOptions<'a> {
    pub currency: &'a str,
    /// How many accounts needing attention to list.
    pub limit: usize,
    /// Also explain each listed account's health: components, inputs, what would change the band.
    pub explain: bool,
}

/// The text report of `book`; `detail` gives the full score (with reasons) of a listed account.
pub fn text(
    book: &ScoredBook,
    options: TextOptions<'_>,
    mut detail: impl FnMut(&BookEntry) -> Option<AccountDetail>,
) -> String {
    let TextOptions { currency, limit, explain } = options;
    let mut out = String::new();
    let m = &book.metrics;
    let _ = writeln!(out, "Book as of {}", book.as_of);
    let nps = m.nps.map_or_else(
        || "no NPS responses in 180 days".to_owned(),
        |n| format!("NPS {n:+.1} ({} respondents)", m.nps_responses),
    );
    let _ =
        writeln!(out, "  {} accounts · ARR {} · {nps}", m.accounts, money(m.arr_cents, currency));
    let bands: Vec<String> = Band::ALL
        .iter()
        .enumerate()
        .filter(|&(i, &band)| band != Band::Unscored || m.accounts_by_band[i] > 0)
        .map(|(i, &band)| {
            format!(
                "{} {} ({})",
                band.word(),
                m.accounts_by_band[i],
                money_short(m.arr_by_band.get(band), currency)
            )
        })
        .collect();
    let _ = writeln!(out, "  Health: {}", bands.join(" · "));
    let renewals: Vec<String> = m
        .renewals
        .iter()
        .map(|r| format!("{} in {} days ({})", r.count, r.days, money_short(r.arr_cents, currency)))
        .collect();
    let _ = writeln!(out, "  Renewals due: {}", renewals.join(" · "));

    write_expansion(&mut out, book, currency);
    let ranked = book.by_attention();
    if ranked.is_empty() {
        let _ = writeln!(out, "\nNo account needs attention today.");
        return out;
    }
    let shown = ranked.len().min(limit);
    let _ = writeln!(
        out,
        "\nNeeds attention: {shown} of {} flagged accounts, most urgent first",
        ranked.len()
    );
    let _ = writeln!(
        out,
        "\n     {} {:>6}  {:<8} {:^5} {:>7}  renewal",
        fit("account", 30),
        "health",
        "band",
        "trend",
        "ARR"
    );
    for (rank, entry) in ranked.iter().take(limit).enumerate() {
        let detail = detail(entry);
        write_account(&mut out, rank + 1, entry, detail.as_ref(), currency);
        if let Some(detail) = detail.as_ref().filter(|_| explain) {
            write_explanation(&mut out, detail);
        }
    }
    if ranked.len() > shown {
        let _ = writeln!(
            out,
            "\n… and {} more (csm report --limit {} shows them all)",
            ranked.len() - shown,
            ranked.len()
        );
    }
    out
}

/// The accounts showing expansion signals, largest ARR first, at most five.
fn write_expansion(out: &mut String, book: &ScoredBook, currency: &str) {
    let mut growing: Vec<&BookEntry> =
        book.active().filter(|e| !e.summary.expansion.is_empty()).collect();
    if growing.is_empty() {
        return;
    }
    growing.sort_by(|a, b| {
        b.account
            .arr_cents
            .cmp(&a.account.arr_cents)
            .then_with(|| a.account.name.cmp(&b.account.name))
    });
    let _ = writeln!(out, "\nExpansion: {} accounts show signals, largest first", growing.len());
    for entry in growing.iter().take(5) {
        let codes: Vec<&str> = entry.summary.expansion_codes().iter().map(|c| c.code()).collect();
        let _ = writeln!(
            out,
            "     {} {:>7}  {}",
            fit(&terminal_safe(&entry.account.name), 30),
            money_short(entry.account.arr_cents, currency),
            codes.join(", ")
        );
    }
}

fn write_account(
    out: &mut String,
    rank: usize,
    entry: &BookEntry,
    detail: Option<&AccountDetail>,
    currency: &str,
) {
    let (a, s) = (&entry.account, &entry.summary);
    let health = health_figure(s.health, s.is_thin());
    let renewal = detail.and_then(|d| d.score.renewal).map_or_else(String::new, |r| {
        if r.days < 0 {
            format!("renewal {} days overdue", -r.days)
        } else {
            format!("renews in {} days", r.days)
        }
    });
    let _ = writeln!(
        out,
        "\n{rank:>3}. {} {health:>6}  {:<8} {:^5} {:>7}  {renewal}",
        fit(&terminal_safe(&a.name), 30),
        s.band.word(),
        trend_arrow(s.delta),
        money_short(a.arr_cents, currency),
    );
    if let Some(reason) = s.thin_data() {
        let _ = writeln!(out, "     {:<16} health {reason}", "thin data");
    }
    let Some(detail) = detail else {
        let codes: Vec<&str> = s.signal_codes().iter().map(|c| c.code()).collect();
        let _ = writeln!(out, "     {}", codes.join(", "));
        return;
    };
    for signal in &detail.score.signals {
        let _ = writeln!(out, "     {:<16} {}", signal.code.code(), terminal_safe(&signal.reason));
    }
    if let Some(todos) = todo_counts(s) {
        let _ = writeln!(out, "     {:<16} {todos}", "todos");
    }
}

/// "2 overdue todos · 1 snoozed todo": a snoozed todo is counted apart, never as overdue, so the
/// line agrees with the attention points. Nothing when no todo is either.
fn todo_counts(s: &AccountSummary) -> Option<String> {
    let count = |n: u32, what: &str| {
        (n > 0).then(|| format!("{n} {what} todo{}", if n == 1 { "" } else { "s" }))
    };
    let counts: Vec<String> =
        [count(s.overdue_todos, "overdue"), count(s.snoozed_todos, "snoozed")]
            .into_iter()
            .flatten()
            .collect();
    (!counts.is_empty()).then(|| counts.join(" · "))
}

/// The explanation `--explain` gives of `detail`, its lines indented: each component's value,
/// contribution and inputs, then what would lift the band.
#[must_use]
pub fn explanation(detail: &AccountDetail) -> String {
    let mut out = String::new();
    write_explanation(&mut out, detail);
    out
}

/// Each component's value, contribution and inputs, then what would lift the band and what
/// would drop it.
fn write_explanation(out: &mut String, detail: &AccountDetail) {
    let e = &detail.explanation;
    for c in &e.components {
        let value =
            c.value.map_or_else(|| "   –".to_owned(), |v| format!("{:>5.1}", round_to_tenth(v)));
        let share = c
            .contribution
            .map_or_else(|| "     ".to_owned(), |p| format!("{:>+5.1}", round_to_tenth(p)));
        let _ = writeln!(
            out,
            "     {:<16} {value} {share}  {}",
            c.kind.name(),
            terminal_safe(&c.inputs)
        );
    }
    if let Some(band) = e.next_band {
        let lifts: Vec<String> = e.lifts.iter().map(ToString::to_string).collect();
        let _ = writeln!(out, "     {:<16} {}", format!("to {}", band.word()), lifts.join("; "));
    }
    if let Some(band) = e.lower_band {
        let drops: Vec<String> = e.drops.iter().map(ToString::to_string).collect();
        let label = format!("drop to {}", band.word());
        let _ = writeln!(out, "     {label:<16} {}", drops.join("; "));
    }
}
