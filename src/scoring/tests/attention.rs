//! The attention points of overdue todos (SPEC 2, attention order) and how a snooze defers them
//! (SPEC 10): a todo snoozed past the as-of date earns no points and counts as snoozed.

use chrono::NaiveDate;

use super::{Fixture, ago, ahead, d};
use crate::domain::{Priority, Todo, TodoId, TodoStatus};
use crate::scoring::{AccountSummary, Attention, AttentionSource, Depth, Model, score_account};

/// An open todo due on `due`, snoozed until `snoozed`.
fn todo(id: i64, due: NaiveDate, snoozed: Option<NaiveDate>) -> Todo {
    Todo {
        id: TodoId(id),
        account_id: None,
        title: format!("Todo {id}"),
        notes: None,
        due: Some(due),
        priority: Priority::Normal,
        status: TodoStatus::Open,
        snoozed_until: snoozed,
        rule: None,
        created_on: ago(60),
        completed_on: None,
        version: 0,
    }
}

/// The overdue-todo reason (points and words) and the summary's overdue and snoozed counts of an
/// account holding `todos`, on `as_of`.
fn todo_attention(todos: Vec<Todo>, as_of: NaiveDate) -> (Option<(i64, String)>, u32, u32) {
    let mut f = Fixture::new(None);
    f.facts.open_todos = todos;
    let model = Model::new(&f.config, &f.catalog);
    let facts = f.facts_at(as_of, Depth::Report);
    let score = score_account(&facts, &model, as_of, Depth::Report);
    let attention = Attention::of(&facts, &score, as_of);
    let summary = AccountSummary::of(&facts, &score, &attention, &model);
    let reason = attention
        .reasons
        .iter()
        .find(|r| r.source == AttentionSource::OverdueTodos)
        .map(|r| (r.points, r.reason.clone()));
    (reason, summary.overdue_todos, summary.snoozed_todos)
}

#[test]
fn overdue_todos_earn_five_points_each() {
    // Two todos past due: 2 * 5 = 10 points.
    let todos = vec![todo(1, ago(3), None), todo(2, ago(1), None)];
    assert_eq!(todo_attention(todos, d()), (Some((10, "2 overdue todos".into())), 2, 0));
}

#[test]
fn a_snoozed_overdue_todo_earns_nothing_until_its_snooze_date() {
    // Three days late and snoozed until tomorrow: snoozed today, not overdue.
    let todos = || vec![todo(1, ago(3), Some(ahead(1))), todo(2, ago(1), None)];
    // Only the other todo counts: 1 * 5 = 5 points.
    assert_eq!(todo_attention(todos(), d()), (Some((5, "1 overdue todo".into())), 1, 1));
    // Tomorrow the snooze has run out: both overdue again, 2 * 5 = 10 points.
    assert_eq!(todo_attention(todos(), ahead(1)), (Some((10, "2 overdue todos".into())), 2, 0));
}

#[test]
fn an_account_whose_late_todos_are_all_snoozed_has_no_todo_reason() {
    let todos = vec![todo(1, ago(10), Some(ahead(2))), todo(2, ago(5), Some(ahead(7)))];
    assert_eq!(todo_attention(todos, d()), (None, 0, 2));
}

#[test]
fn a_snooze_past_a_future_due_date_keeps_the_todo_out_after_that_date() {
    // Due in two days, snoozed for five: on day 4 it is two days late but still snoozed.
    let todos = || vec![todo(1, ahead(2), Some(ahead(5)))];
    assert_eq!(todo_attention(todos(), ahead(4)), (None, 0, 1));
    // On day 5 the snooze ends: three days late, 5 points.
    assert_eq!(todo_attention(todos(), ahead(5)), (Some((5, "1 overdue todo".into())), 1, 0));
}

#[test]
fn snoozed_todos_do_not_use_up_the_overdue_cap() {
    // Four late todos, one snoozed: three overdue, 3 * 5 = 15, the cap; the snoozed one is
    // counted apart.
    let todos = vec![
        todo(1, ago(1), None),
        todo(2, ago(2), None),
        todo(3, ago(3), None),
        todo(4, ago(4), Some(ahead(3))),
    ];
    assert_eq!(todo_attention(todos, d()), (Some((15, "3 overdue todos".into())), 3, 1));
}

/// An imported account with no usage and no feature data: support and engagement only.
/// Support 80 (no rated ticket, nothing open); engagement: champion 35 + economic buyer 15 = 50.
/// health = (20 * 80 + 10 * 50) / (20 + 10) = 2100 / 30 = 70, healthy; coverage (20 + 10) / 100.
fn imported_account() -> Fixture {
    let mut f = Fixture::new(None);
    let champion = f.contact("Cy", crate::domain::Role::Champion);
    let buyer = f.contact("Bo", crate::domain::Role::EconomicBuyer);
    f.interaction(5, crate::domain::InteractionKind::Call, &[champion, buyer]);
    f
}

#[test]
fn a_score_on_support_and_engagement_alone_is_thin_and_earns_a_small_look() {
    let f = imported_account();
    let score = f.score();
    // The health itself is SPEC 4.2's, unchanged: 70, healthy.
    assert_eq!(score.health.value, Some(70));
    assert!((score.coverage.share - 0.3).abs() < 1e-12, "{}", score.coverage.share);
    assert_eq!(score.thin_data().as_deref(), Some("based on support and engagement only"));
    let attention = Attention::of(&f.facts_at(d(), Depth::Report), &score, d());
    // Healthy, no signal, no renewal, no todo: the thin data alone, 5 points; $100k of ARR
    // would add 10 only beside another reason.
    let reasons: Vec<(AttentionSource, i64, &str)> =
        attention.reasons.iter().map(|r| (r.source, r.points, r.reason.as_str())).collect();
    assert_eq!(
        reasons,
        [(
            AttentionSource::ThinData,
            crate::scoring::attention::THIN_DATA_POINTS,
            "thin data: health based on support and engagement only"
        )]
    );
    assert_eq!(crate::scoring::attention::THIN_DATA_POINTS, 5);
    assert_eq!(attention.points, 5);
}

#[test]
fn usage_data_lifts_the_coverage_past_half_and_the_flag_goes() {
    // 60 seats, 30 active a day: usage has data; adoption still none (no features).
    // coverage = (40 + 20 + 10) / 100 = 0.7, not thin, no thin-data points.
    let mut f = imported_account();
    f.facts.account.seats_licensed = Some(60);
    f.usage(40, 0, 30);
    let score = f.score();
    assert!((score.coverage.share - 0.7).abs() < 1e-12);
    assert_eq!(score.thin_data(), None);
    let attention = Attention::of(&f.facts_at(d(), Depth::Report), &score, d());
    assert!(attention.reasons.iter().all(|r| r.source != AttentionSource::ThinData));
    let model = Model::new(&f.config, &f.catalog);
    let summary = AccountSummary::of(&f.facts_at(d(), Depth::Report), &score, &attention, &model);
    assert!((summary.coverage - 0.7).abs() < 1e-12);
    assert!(!summary.is_thin());
}
