//! The day's digest (`csm digest`): the accounts that need attention with their reasons, the
//! renewals that enter a milestone this week, and the todos overdue or due today, as Markdown
//! that reads well pasted into an email or a chat, or as JSON with the same content.
//!
//! The ranking is the report's ([`ScoredBook::by_attention`]) and the reasons are the accounts'
//! scored signals; the renewal milestones are the borders of the renewal phases the renewals view
//! shows ([`RenewalPhase`]). It must not read the store (the caller gives the scored book, the
//! open todos and the full score of a listed account) nor print.

use std::fmt::Write as _;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::book::{AccountDetail, BookEntry, ScoredBook};
use crate::domain::{Account, AccountId, Priority, Todo, TodoStanding};
use crate::format::{money_short, trend_arrow};
use crate::qbr::markdown::escape;
use crate::scoring::{Band, Renewal, RenewalPhase};

/// How many days "this week" spans, the as-of date first.
const WEEK: u64 = 7;

/// The digest of one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Digest {
    pub as_of: NaiveDate,
    /// How many accounts need attention in all (the list may stop before).
    pub flagged: usize,
    /// The accounts that need attention, most first, as many as asked.
    pub attention: Vec<Flagged>,
    /// Renewals entering a milestone in the seven days from the as-of date, soonest first.
    pub renewals: Vec<Milestone>,
    /// Open todos past due (a snoozed todo is not), oldest first.
    pub overdue: Vec<DueTodo>,
    /// Open todos due on the as-of date.
    pub due_today: Vec<DueTodo>,
}

/// An account that needs attention, named as `report --json` names an account's fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flagged {
    pub id: i64,
    pub external_id: String,
    pub name: String,
    pub arr_cents: i64,
    pub health: Option<i64>,
    pub band: Band,
    pub delta_30: Option<i64>,
    pub attention: i64,
    pub renewal: Option<Renewal>,
    /// The risk signals with what each saw, as the report lists them.
    pub reasons: Vec<Reason>,
    pub overdue_todos: u32,
    pub snoozed_todos: u32,
}

/// One risk signal of a flagged account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub code: &'static str,
    pub reason: String,
}

/// A renewal reaching a milestone this week: the first day of a renewal phase (120, 90, 60 or
/// 30 days out) or the renewal date itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Milestone {
    pub id: i64,
    pub external_id: String,
    pub name: String,
    pub arr_cents: i64,
    pub renewal_date: NaiveDate,
    /// The day the milestone is reached.
    pub on: NaiveDate,
    /// Days from `on` to the renewal date: 120, 90, 60, 30, or 0 on the renewal date.
    pub days_out: i64,
    /// The phase entered on `on` (`finalize` on the renewal date, which is in it).
    pub phase: RenewalPhase,
}

/// A todo overdue or due today, with its account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DueTodo {
    pub id: i64,
    pub title: String,
    pub due: NaiveDate,
    pub priority: Priority,
    pub account_id: Option<i64>,
    pub account: Option<String>,
}

impl Digest {
    /// The digest of `book` at its as-of date: at most `limit` flagged accounts, their reasons
    /// from `detail` (the full score of a listed account; without one, the signals' codes), and
    /// the todos among `open_todos` that are overdue or due that day.
    pub fn of(
        book: &ScoredBook,
        open_todos: &[Todo],
        limit: usize,
        mut detail: impl FnMut(&BookEntry) -> Option<AccountDetail>,
    ) -> Self {
        let as_of = book.as_of;
        let ranked = book.by_attention();
        let attention =
            ranked.iter().take(limit).map(|entry| flagged(entry, detail(entry).as_ref())).collect();
        let mut renewals: Vec<Milestone> =
            book.active().filter_map(|e| milestone(&e.account, as_of)).collect();
        renewals.sort_by(|a, b| {
            (a.on, b.arr_cents, &a.name, a.id).cmp(&(b.on, a.arr_cents, &b.name, b.id))
        });
        let account = |id: Option<AccountId>| {
            let at =
                id.and_then(|id| book.accounts.binary_search_by_key(&id, |e| e.account.id).ok());
            at.map(|i| book.accounts[i].account.name.clone())
        };
        let due = |standing: TodoStanding| {
            let mut todos: Vec<DueTodo> = open_todos
                .iter()
                .filter(|t| t.standing(as_of) == standing)
                .filter_map(|t| {
                    Some(DueTodo {
                        id: t.id.0,
                        title: t.title.clone(),
                        due: t.due?,
                        priority: t.priority,
                        account_id: t.account_id.map(|a| a.0),
                        account: account(t.account_id),
                    })
                })
                .collect();
            todos.sort_by_key(|t| (t.due, t.priority, t.id));
            todos
        };
        Self {
            as_of,
            flagged: ranked.len(),
            attention,
            renewals,
            overdue: due(TodoStanding::Overdue),
            due_today: due(TodoStanding::DueToday),
        }
    }

    /// Whether the digest has nothing to say.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.flagged == 0
            && self.renewals.is_empty()
            && self.overdue.is_empty()
            && self.due_today.is_empty()
    }

    /// The digest as Markdown: a heading, then a short section for each part that has something
    /// to say; one line when none has. Every name and title is escaped, so it reads as itself.
    #[must_use]
    pub fn markdown(&self, currency: &str) -> String {
        let as_of = self.as_of;
        if self.is_empty() {
            return format!(
                "Nothing needs you on {as_of}: no account needs attention, no renewal reaches a \
                 milestone this week, no todo is overdue or due today.\n"
            );
        }
        let mut out = format!("# Digest for {}\n", as_of.format("%A %-d %B %Y"));
        if self.flagged > 0 {
            let shown = self.attention.len();
            let of = match shown {
                0 => format!("{}, none listed", self.flagged),
                _ if shown < self.flagged => {
                    format!("{shown} of {}, most urgent first", self.flagged)
                }
                _ => format!("{shown}, most urgent first"),
            };
            let _ = writeln!(out, "\n## Needs attention ({of})");
            if shown > 0 {
                out.push('\n');
            }
            for account in &self.attention {
                write_flagged(&mut out, account, currency);
            }
        }
        if !self.renewals.is_empty() {
            let _ = writeln!(out, "\n## Renewal milestones this week\n");
            for renewal in &self.renewals {
                write_milestone(&mut out, renewal, as_of, currency);
            }
        }
        for (title, todos) in [("Overdue todos", &self.overdue), ("Due today", &self.due_today)] {
            if todos.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n## {title} ({})\n", todos.len());
            for todo in todos {
                write_todo(&mut out, todo, as_of);
            }
        }
        out
    }
}

fn flagged(entry: &BookEntry, detail: Option<&AccountDetail>) -> Flagged {
    let (a, s) = (&entry.account, &entry.summary);
    let reasons = match detail {
        Some(detail) => detail
            .score
            .signals
            .iter()
            .map(|signal| Reason { code: signal.code.code(), reason: signal.reason.clone() })
            .collect(),
        None => s
            .signal_codes()
            .iter()
            .map(|code| Reason { code: code.code(), reason: String::new() })
            .collect(),
    };
    let renewal = detail.and_then(|d| d.score.renewal);
    Flagged {
        id: a.id.0,
        external_id: a.external_id.clone(),
        name: a.name.clone(),
        arr_cents: a.arr_cents,
        health: s.health,
        band: s.band,
        delta_30: s.delta,
        attention: s.attention,
        renewal,
        reasons,
        overdue_todos: s.overdue_todos,
        snoozed_todos: s.snoozed_todos,
    }
}

/// The milestone `account`'s renewal reaches in the week from `as_of`, if any: the first day of
/// a phase (the day before was in a farther one), or the renewal date.
fn milestone(account: &Account, as_of: NaiveDate) -> Option<Milestone> {
    let renewal_date = account.renewal_date?;
    let (on, phase) = (0..WEEK).find_map(|offset| {
        let on = as_of.checked_add_days(Days::new(offset))?;
        let days = (renewal_date - on).num_days();
        let phase = RenewalPhase::of(days);
        let entered = phase != RenewalPhase::of(days + 1)
            && !matches!(phase, RenewalPhase::Overdue | RenewalPhase::Later);
        (entered || days == 0).then_some((on, phase))
    })?;
    Some(Milestone {
        id: account.id.0,
        external_id: account.external_id.clone(),
        name: account.name.clone(),
        arr_cents: account.arr_cents,
        renewal_date,
        on,
        days_out: (renewal_date - on).num_days(),
        phase,
    })
}

/// `- **Name** — at risk, health 32 ↓, $120k ARR, renews in 45 days`, then a line per reason.
fn write_flagged(out: &mut String, account: &Flagged, currency: &str) {
    let mut facts = vec![account.band.word().to_owned()];
    if let Some(health) = account.health {
        let arrow = trend_arrow(account.delta_30).trim();
        facts.push(format!("health {health}{}{arrow}", if arrow.is_empty() { "" } else { " " }));
    }
    facts.push(format!("{} ARR", money_short(account.arr_cents, currency)));
    if let Some(renewal) = &account.renewal {
        facts.push(match renewal.days {
            ..0 => format!("renewal {} days overdue", -renewal.days),
            0 => "renews today".to_owned(),
            days => format!("renews in {days} days"),
        });
    }
    let _ = writeln!(out, "- **{}** — {}", escape(&account.name), facts.join(", "));
    for reason in &account.reasons {
        let text = if reason.reason.is_empty() {
            String::new()
        } else {
            format!(": {}", escape(&reason.reason))
        };
        let _ = writeln!(out, "  - `{}`{text}", reason.code);
    }
    let todos: Vec<String> =
        [(account.overdue_todos, "overdue"), (account.snoozed_todos, "snoozed")]
            .into_iter()
            .filter(|&(n, _)| n > 0)
            .map(|(n, what)| format!("{n} {what} todo{}", if n == 1 { "" } else { "s" }))
            .collect();
    if !todos.is_empty() {
        let _ = writeln!(out, "  - {}", todos.join(", "));
    }
}

/// `- **Name** ($120k ARR) — enters proposal (60 days out) on Wednesday 9 December; renews
/// 2027-02-07`, or `— renews on Wednesday 9 December`.
fn write_milestone(out: &mut String, m: &Milestone, as_of: NaiveDate, currency: &str) {
    let when =
        if m.on == as_of { "today".to_owned() } else { m.on.format("on %A %-d %B").to_string() };
    let what = if m.days_out == 0 {
        format!("renews {when}")
    } else {
        format!("enters {} ({} days out) {when}; renews {}", m.phase, m.days_out, m.renewal_date)
    };
    let _ = writeln!(
        out,
        "- **{}** ({} ARR) — {what}",
        escape(&m.name),
        money_short(m.arr_cents, currency)
    );
}

/// `- Call the sponsor — **Acme**, due 2026-12-01 (6 days late), high`.
fn write_todo(out: &mut String, todo: &DueTodo, as_of: NaiveDate) {
    let account = todo
        .account
        .as_deref()
        .map_or_else(|| "no account".to_owned(), |a| format!("**{}**", escape(a)));
    let late = (as_of - todo.due).num_days();
    let due = match late {
        0 => String::new(),
        1 => format!(", due {} (1 day late)", todo.due),
        n => format!(", due {} ({n} days late)", todo.due),
    };
    let priority = if todo.priority == Priority::Normal {
        String::new()
    } else {
        format!(", {}", todo.priority)
    };
    let _ = writeln!(out, "- {} — {account}{due}{priority}", escape(&todo.title));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renewing(days: i64, as_of: NaiveDate) -> Account {
        let date = as_of.checked_add_signed(chrono::Duration::days(days)).unwrap();
        Account { renewal_date: Some(date), ..Account::named("A-1", "Acme") }
    }

    #[test]
    fn a_renewal_reaches_a_milestone_on_the_first_day_of_a_phase_or_on_its_date() {
        let as_of = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let reached =
            |days| milestone(&renewing(days, as_of), as_of).map(|m| (m.days_out, m.phase));
        // The border of each phase, entered today or on the week's last day.
        assert_eq!(reached(120), Some((120, RenewalPhase::Strategy)));
        assert_eq!(reached(126), Some((120, RenewalPhase::Strategy)));
        assert_eq!(reached(90), Some((90, RenewalPhase::Review)));
        assert_eq!(reached(66), Some((60, RenewalPhase::Proposal)));
        assert_eq!(reached(30), Some((30, RenewalPhase::Finalize)));
        assert_eq!(reached(0), Some((0, RenewalPhase::Finalize)));
        assert_eq!(reached(6), Some((0, RenewalPhase::Finalize)));
        // A day past the week, inside a phase, or past the renewal: none.
        assert_eq!(reached(127), None);
        assert_eq!(reached(119), None);
        assert_eq!(reached(67), None);
        assert_eq!(reached(7), None);
        assert_eq!(reached(-1), None);
        assert_eq!(reached(400), None);
        assert_eq!(milestone(&Account::named("A-2", "No date"), as_of), None);
    }
}
