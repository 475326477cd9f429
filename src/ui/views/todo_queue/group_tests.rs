//! Tests of the queue's groups: where the due date puts a todo, and how a snooze takes it out
//! of the overdue and today groups until its snooze date (SPEC 10). Expectations are worked out
//! from the dates by hand.

use super::{Lines, When};
use crate::domain::{Priority, Todo, TodoId, TodoStatus};
use crate::ui::testing::{demo_app, draw, on_each_engine, press};

/// An open todo `id` due `due` days from the test's as-of date, snoozed `snoozed` days ahead.
fn todo(id: i64, due: Option<i64>, snoozed: Option<i64>) -> Todo {
    let as_of = crate::ui::testing::as_of();
    let day = |n: i64| as_of + chrono::Duration::days(n);
    Todo {
        id: TodoId(id),
        account_id: None,
        title: format!("Todo {id}"),
        notes: None,
        due: due.map(day),
        priority: Priority::Normal,
        status: TodoStatus::Open,
        snoozed_until: snoozed.map(day),
        rule: None,
        created_on: day(-30),
        completed_on: None,
        version: 0,
    }
}

#[test]
fn groups_follow_the_due_date() {
    let as_of = crate::ui::testing::as_of();
    let when = |due: Option<i64>| When::of(&todo(1, due, None), as_of);
    assert_eq!(when(Some(-1)), When::Overdue);
    assert_eq!(when(Some(0)), When::Today);
    assert_eq!(when(Some(1)), When::ThisWeek);
    assert_eq!(when(Some(7)), When::ThisWeek);
    assert_eq!(when(Some(8)), When::Later);
    assert_eq!(when(None), When::NoDate);
}

#[test]
fn a_snoozed_todo_leaves_its_group_until_its_snooze_date() {
    let as_of = crate::ui::testing::as_of();
    let tomorrow = as_of + chrono::Duration::days(1);
    // Two days late, snoozed until tomorrow: snoozed today, overdue again tomorrow.
    let late = todo(1, Some(-2), Some(1));
    assert_eq!(When::of(&late, as_of), When::Snoozed);
    assert_eq!(When::of(&late, tomorrow), When::Overdue);
    // Due today and snoozed: not in today's group.
    assert_eq!(When::of(&todo(2, Some(0), Some(3)), as_of), When::Snoozed);
    // Due in 3 days, snoozed for 10: snoozed, even tomorrow.
    assert_eq!(When::of(&todo(3, Some(3), Some(10)), tomorrow), When::Snoozed);
    // A snooze that ends today has run out.
    assert_eq!(When::of(&todo(4, Some(-1), Some(0)), as_of), When::Overdue);
    // An undated todo snoozed is snoozed too.
    assert_eq!(When::of(&todo(5, None, Some(2)), as_of), When::Snoozed);
}

/// The queue's groups and counts on the as-of date and the two days after, as the snoozes
/// of three todos run out one after the other.
#[test]
fn snoozed_todos_come_back_to_their_groups_on_their_snooze_dates() {
    let as_of = crate::ui::testing::as_of();
    let todos = vec![
        todo(1, Some(-2), None),    // overdue
        todo(2, Some(-1), Some(2)), // overdue, snoozed for two days
        todo(3, Some(0), Some(1)),  // due today, snoozed until tomorrow
        todo(4, Some(3), None),     // this week
        todo(5, Some(10), Some(1)), // later, snoozed until tomorrow
    ];
    let groups = |days: i64| {
        let as_of = as_of + chrono::Duration::days(days);
        let mut todos = todos.clone();
        super::sort(&mut todos, as_of);
        let lines = Lines::new(&todos, as_of);
        let ids = |range: &std::ops::Range<usize>| -> Vec<i64> {
            todos[range.clone()].iter().map(|t| t.id.0).collect()
        };
        lines.groups.iter().map(|(when, range)| (*when, ids(range))).collect::<Vec<_>>()
    };
    // Today: the snoozed group last, in the order the todos come back (3 and 5 tomorrow,
    // 3 first as it is due first; then 2).
    assert_eq!(
        groups(0),
        [(When::Overdue, vec![1]), (When::ThisWeek, vec![4]), (When::Snoozed, vec![3, 5, 2])]
    );
    // Tomorrow 3 is a day late and 5 nine days away; 4 is two days away.
    assert_eq!(
        groups(1),
        [
            (When::Overdue, vec![1, 3]),
            (When::ThisWeek, vec![4]),
            (When::Later, vec![5]),
            (When::Snoozed, vec![2])
        ]
    );
    // The day after, 2 is back, three days late, between 1 (four) and 3 (two).
    assert_eq!(
        groups(2),
        [(When::Overdue, vec![1, 2, 3]), (When::ThisWeek, vec![4]), (When::Later, vec![5])]
    );
}

#[test]
fn the_title_counts_snoozed_todos_apart_from_overdue_ones() {
    on_each_engine("the_title_counts_snoozed_todos_apart_from_overdue_ones", || {
        let mut app = demo_app();
        press(&mut app, ratatui::crossterm::event::KeyCode::Char('2'));
        let as_of = app.state.as_of;
        app.state.book.todos = vec![
            todo(1, Some(-2), None),
            todo(2, Some(-1), Some(2)),
            todo(3, Some(0), Some(1)),
            todo(4, Some(3), None),
        ];
        super::sort(&mut app.state.book.todos, as_of);
        let terminal = draw(&app, 80, 24);
        let screen = crate::ui::testing::buffer_lines(terminal.backend().buffer()).join("\n");
        // Four open: 1 overdue; 2 and 3 snoozed, in a group of their own; none due today.
        assert!(screen.contains("Todo queue 4 open · 1 overdue · 2 snoozed"), "{screen}");
        assert!(screen.contains(" Overdue · 1 "), "{screen}");
        assert!(screen.contains(" Snoozed · 2 "), "{screen}");
        assert!(!screen.contains(" Today · "), "{screen}");
    });
}
