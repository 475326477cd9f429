//! The book's dates as an iCalendar file (RFC 5545, `csm calendar`): each account's renewal and
//! each open todo's due day as an all-day event.
//!
//! The file is the same for the same book and as-of date: every event's UID is made from the
//! record it shows (`renewal-<external id>@csm`, `todo-<id>@csm`), so importing it again updates
//! the events instead of adding copies, and its DTSTAMP is the as-of date at midnight UTC, not the
//! time of the run. It must not read the store nor write the file (the caller gives the records
//! and writes the text).

use chrono::{Days, NaiveDate};
use icalendar::{Calendar, Component as _, Event, EventLike as _};

use crate::domain::{Account, AccountId, Todo, TodoStatus, terminal_safe};
use crate::format::money;

/// The days a renewal may fall on to be in the calendar: from `from` to `to`, both included. An
/// open todo is in when it is due by `to`: one overdue is still to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Span {
    fn holds(self, day: NaiveDate) -> bool {
        (self.from..=self.to).contains(&day)
    }
}

/// The calendar of `accounts`' renewals and the open `todos`' due days in `span`, stamped
/// with `as_of`; amounts in `currency`.
#[must_use]
pub fn calendar(
    accounts: &[Account],
    todos: &[Todo],
    span: Span,
    as_of: NaiveDate,
    currency: &str,
) -> String {
    let stamp = as_of.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let mut calendar = Calendar::empty();
    calendar
        .append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//csm//csm calendar//EN"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .name("csm renewals and todos");
    let all_day = |event: &mut Event, day: NaiveDate| {
        // An all-day event ends (exclusively) the next day, as RFC 5545 counts a DATE's span.
        let next = day.checked_add_days(Days::new(1)).unwrap_or(day);
        event.starts(day).ends(next).timestamp(stamp);
    };
    for account in accounts {
        let Some(date) = account.renewal_date.filter(|&d| span.holds(d)) else { continue };
        let name = terminal_safe(&account.name);
        let mut event = Event::new();
        event
            .uid(&format!("renewal-{}@csm", terminal_safe(&account.external_id)))
            .summary(&format!("Renewal: {name}"))
            .description(&renewal_description(account, currency))
            .add_property("CATEGORIES", "Renewal");
        all_day(&mut event, date);
        calendar.push(event.done());
    }
    for todo in todos.iter().filter(|t| t.status == TodoStatus::Open) {
        let Some(due) = todo.due.filter(|&d| d <= span.to) else { continue };
        let of = account_name(accounts, todo.account_id)
            .map(|n| format!(" ({})", terminal_safe(n)))
            .unwrap_or_default();
        let mut event = Event::new();
        event
            .uid(&format!("todo-{}@csm", todo.id.0))
            .summary(&format!("Todo: {}{of}", terminal_safe(&todo.title)))
            .description(&format!("Priority {}\ncsm todo {}", todo.priority, todo.id.0))
            .add_property("CATEGORIES", "Todo");
        all_day(&mut event, due);
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

/// What a renewal event says: the account, its ARR, owner and external id.
fn renewal_description(account: &Account, currency: &str) -> String {
    let mut lines = vec![
        format!("{} renews", terminal_safe(&account.name)),
        format!("ARR {}", money(account.arr_cents, currency)),
    ];
    if let Some(owner) = &account.owner {
        lines.push(format!("Owner {}", terminal_safe(owner)));
    }
    lines.push(format!("Account {}", terminal_safe(&account.external_id)));
    lines.join("\n")
}

fn account_name(accounts: &[Account], id: Option<AccountId>) -> Option<&str> {
    let at = accounts.binary_search_by_key(&id?, |a| a.id).ok()?;
    Some(accounts[at].name.as_str())
}
