//! Where a todo stands on a given day: done, snoozed, overdue, due that day, upcoming or undated.
//!
//! This is the one rule that the todo queue, the todo pane, the attention points and the reports
//! share, so that a snoozed todo is counted as snoozed everywhere and as overdue nowhere (SPEC 10,
//! "snooze defers"). It is a function of the todo and the as-of date only: no clock, no I/O, and
//! no wording or grouping for the screen.

use chrono::NaiveDate;

use super::entities::Todo;
use super::vocab::TodoStatus;

/// Where a todo stands on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TodoStanding {
    /// Completed: counted as neither overdue nor snoozed, whatever its dates say.
    Done,
    /// Snoozed until a day after the as-of date: out of the overdue and today groups until
    /// then, whatever its due date. On `until` itself it is back where its due date puts it.
    Snoozed { until: NaiveDate },
    /// Due before the as-of date and not snoozed past it.
    Overdue,
    /// Due on the as-of date and not snoozed past it.
    DueToday,
    /// Due after the as-of date.
    Upcoming,
    /// Open, not snoozed, and without a due date.
    Undated,
}

impl TodoStanding {
    /// Whether the todo counts as overdue.
    #[must_use]
    pub const fn is_overdue(self) -> bool {
        matches!(self, Self::Overdue)
    }

    /// Whether the todo counts as snoozed.
    #[must_use]
    pub const fn is_snoozed(self) -> bool {
        matches!(self, Self::Snoozed { .. })
    }
}

impl Todo {
    /// Where the todo stands on `as_of`.
    #[must_use]
    pub fn standing(&self, as_of: NaiveDate) -> TodoStanding {
        if self.status == TodoStatus::Done {
            return TodoStanding::Done;
        }
        // A snooze that ends on or before the as-of date has run out: it no longer defers.
        if let Some(until) = self.snoozed_until.filter(|&until| until > as_of) {
            return TodoStanding::Snoozed { until };
        }
        match self.due {
            None => TodoStanding::Undated,
            Some(due) if due < as_of => TodoStanding::Overdue,
            Some(due) if due == as_of => TodoStanding::DueToday,
            Some(_) => TodoStanding::Upcoming,
        }
    }
}

/// How many of a set of todos are overdue and how many snoozed on one as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TodoCounts {
    pub overdue: usize,
    pub snoozed: usize,
}

impl TodoCounts {
    /// The counts of `todos` on `as_of`.
    #[must_use]
    pub fn of<'a>(todos: impl IntoIterator<Item = &'a Todo>, as_of: NaiveDate) -> Self {
        todos.into_iter().fold(Self::default(), |mut counts, todo| {
            match todo.standing(as_of) {
                TodoStanding::Overdue => counts.overdue += 1,
                TodoStanding::Snoozed { .. } => counts.snoozed += 1,
                _ => {}
            }
            counts
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{TodoCounts, TodoStanding};
    use crate::domain::{Priority, Todo, TodoId, TodoStatus};

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// An open todo due on `due` and snoozed until `snoozed` (dates as written; none for "").
    fn todo(due: &str, snoozed: &str) -> Todo {
        let on = |s: &str| (!s.is_empty()).then(|| date(s));
        Todo {
            id: TodoId(1),
            account_id: None,
            title: "Send the renewal proposal".to_owned(),
            notes: None,
            due: on(due),
            priority: Priority::Normal,
            status: TodoStatus::Open,
            snoozed_until: on(snoozed),
            rule: None,
            created_on: date("2026-11-01"),
            completed_on: None,
            version: 0,
        }
    }

    #[test]
    fn an_open_todo_stands_where_its_due_date_puts_it() {
        let as_of = date("2026-11-24");
        assert_eq!(todo("2026-11-23", "").standing(as_of), TodoStanding::Overdue);
        assert_eq!(todo("2026-11-24", "").standing(as_of), TodoStanding::DueToday);
        assert_eq!(todo("2026-11-25", "").standing(as_of), TodoStanding::Upcoming);
        assert_eq!(todo("", "").standing(as_of), TodoStanding::Undated);
    }

    #[test]
    fn an_overdue_todo_snoozed_to_tomorrow_is_snoozed_then_overdue_again_on_that_day() {
        // Due 2026-11-20, snoozed on the 24th until the 25th.
        let t = todo("2026-11-20", "2026-11-25");
        let until = date("2026-11-25");
        assert_eq!(t.standing(date("2026-11-24")), TodoStanding::Snoozed { until });
        // On the snooze date the snooze has run out: five days past due.
        assert_eq!(t.standing(date("2026-11-25")), TodoStanding::Overdue);
        assert_eq!(t.standing(date("2026-11-26")), TodoStanding::Overdue);
    }

    #[test]
    fn a_todo_due_today_and_snoozed_is_not_due_today() {
        let t = todo("2026-11-24", "2026-11-27");
        let until = date("2026-11-27");
        assert_eq!(t.standing(date("2026-11-24")), TodoStanding::Snoozed { until });
    }

    #[test]
    fn a_snooze_past_a_future_due_date_defers_it_beyond_that_date() {
        // Due 2026-11-27, snoozed until 2026-12-01.
        let t = todo("2026-11-27", "2026-12-01");
        let until = date("2026-12-01");
        for day in ["2026-11-24", "2026-11-27", "2026-11-30"] {
            assert_eq!(t.standing(date(day)), TodoStanding::Snoozed { until }, "{day}");
        }
        // Back on 2026-12-01, four days past its due date.
        assert_eq!(t.standing(date("2026-12-01")), TodoStanding::Overdue);
    }

    #[test]
    fn a_snooze_that_ran_out_before_the_as_of_date_does_nothing() {
        let as_of = date("2026-11-24");
        assert_eq!(todo("2026-11-20", "2026-11-22").standing(as_of), TodoStanding::Overdue);
        assert_eq!(todo("2026-11-30", "2026-11-24").standing(as_of), TodoStanding::Upcoming);
        assert_eq!(todo("", "2026-11-01").standing(as_of), TodoStanding::Undated);
    }

    #[test]
    fn an_undated_todo_can_be_snoozed() {
        let until = date("2026-11-30");
        assert_eq!(
            todo("", "2026-11-30").standing(date("2026-11-24")),
            TodoStanding::Snoozed { until }
        );
    }

    #[test]
    fn a_done_todo_is_done_whatever_its_dates() {
        let as_of = date("2026-11-24");
        for (due, snoozed) in [("2026-11-01", ""), ("2026-11-01", "2026-12-01"), ("", "")] {
            let mut t = todo(due, snoozed);
            t.status = TodoStatus::Done;
            t.completed_on = Some(date("2026-11-10"));
            assert_eq!(t.standing(as_of), TodoStanding::Done, "{due} {snoozed}");
        }
    }

    #[test]
    fn counts_put_each_todo_in_one_place() {
        let as_of = date("2026-11-24");
        let mut done = todo("2026-11-01", "");
        done.status = TodoStatus::Done;
        let todos = [
            todo("2026-11-20", ""),           // overdue
            todo("2026-11-23", "2026-11-24"), // snooze ran out today: overdue
            todo("2026-11-20", "2026-11-28"), // snoozed
            todo("2026-12-05", "2026-11-28"), // snoozed, due later
            todo("2026-11-24", ""),           // due today: neither
            todo("", ""),                     // undated: neither
            done,                             // done: neither
        ];
        assert_eq!(TodoCounts::of(&todos, as_of), TodoCounts { overdue: 2, snoozed: 2 });
        assert_eq!(TodoCounts::of([], as_of), TodoCounts::default());
    }
}
