//! The CSM's side of a demo account: todos, opportunities (renewals, expansions, the odd loss),
//! onboarding milestones and success-plan goals.
//!
//! Todos are the CSM's own (`rule: None`): playbooks make theirs when they run. Nothing that
//! already happened is dated after the as-of date (creation, completion, a goal met); what lies
//! ahead (due dates, targets, close dates) may be. This module writes through the sink; it must
//! not decide the plan.

use chrono::{Datelike, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::names::weighted;
use super::plan::{Mood, onboarding_days};
use super::usage::YEAR;
use super::{Scene, Sink, shift, texts};
use crate::domain::{
    AccountId, Goal, GoalId, GoalStatus, Milestone, MilestoneId, Opportunity, OpportunityId,
    OpportunityKind, OpportunityStatus, Priority, Role, Segment, Todo, TodoId, TodoStatus,
    stage_says_onboarding,
};
use crate::store::StoreResult;

/// An open todo due `due_in` days from the as-of date, created `created` days before it.
pub(super) fn todo(
    account: Option<AccountId>,
    as_of: NaiveDate,
    title: String,
    due_in: Option<i64>,
    priority: Priority,
    created: i64,
) -> Todo {
    Todo {
        id: TodoId(0),
        account_id: account,
        title,
        notes: None,
        due: due_in.map(|d| shift(as_of, d)),
        priority,
        status: TodoStatus::Open,
        snoozed_until: None,
        rule: None,
        created_on: shift(as_of, -created.max(0)),
        completed_on: None,
        version: 0,
    }
}

/// A few todos: some overdue, some due this week, some later, some already done.
pub(super) fn write_todos(
    sink: &mut Sink<'_, '_>,
    scene: &Scene<'_>,
    rng: &mut ChaCha8Rng,
) -> StoreResult<()> {
    let count = match scene.plan.segment {
        Segment::Enterprise => rng.random_range(1..=3),
        Segment::MidMarket => rng.random_range(0..=3),
        Segment::Smb => rng.random_range(0..=2),
        Segment::SelfService => rng.random_range(0..=1),
    };
    let who = scene.people.iter().find(|p| p.current_at(0)).map_or("the team", |p| p.first);
    for _ in 0..count {
        let due_in = match rng.random_range(0..20) {
            0..=4 => Some(-rng.random_range(1..=12)),
            5..=10 => Some(rng.random_range(0..=6)),
            11..=16 => Some(rng.random_range(7..=45)),
            _ => None,
        };
        let created = rng.random_range(3..30) + due_in.map_or(0, |d| (-d).max(0));
        let priority = weighted(
            rng,
            &[
                (Priority::Urgent, 1),
                (Priority::High, 4),
                (Priority::Normal, 10),
                (Priority::Low, 4),
            ],
        );
        let title = texts::todo_title(rng, who, scene.feature);
        let mut item = todo(Some(scene.account), scene.as_of, title, due_in, priority, created);
        if rng.random_bool(0.2) {
            item.status = TodoStatus::Done;
            item.completed_on = Some(scene.day(rng.random_range(0..created.max(1))));
        }
        sink.todo(&item)?;
    }
    Ok(())
}

/// Todos of the book as a whole, not tied to an account.
pub(super) fn write_book_todos(sink: &mut Sink<'_, '_>, as_of: NaiveDate) -> StoreResult<()> {
    let items = [
        ("Prepare the monthly book review for the team lead", Some(3), Priority::Normal),
        ("Clean up contacts without a role", None, Priority::Low),
        ("Share renewal forecast with Finance", Some(-2), Priority::High),
    ];
    for (title, due_in, priority) in items {
        sink.todo(&todo(None, as_of, title.to_owned(), due_in, priority, 10))?;
    }
    Ok(())
}

/// The stage a renewal opportunity has reached, from the days left.
fn renewal_stage(days: i64) -> &'static str {
    match days {
        ..0 => "Contract out for signature",
        0..=30 => "Negotiation/Review",
        31..=60 => "Proposal/Price Quote",
        61..=90 => "Value Proposition",
        _ => "Needs Analysis",
    }
}

/// An opportunity of the account.
pub(super) fn opportunity(
    scene: &Scene<'_>,
    name: String,
    kind: OpportunityKind,
    amount_cents: i64,
    (stage, close_in, probability): (&str, i64, f64),
    status: OpportunityStatus,
) -> Opportunity {
    Opportunity {
        id: OpportunityId(0),
        account_id: scene.account,
        external_id: None,
        name: Some(name),
        kind,
        amount_cents: Some(amount_cents.max(0)),
        stage: Some(stage.to_owned()),
        close_date: Some(shift(scene.as_of, close_in)),
        probability: Some(probability),
        status,
        version: 0,
    }
}

/// The renewal in play (within 120 days, or overdue), last year's renewal won, an open upsell
/// where the plan has one, and now and then a lost expansion or an open contraction.
pub(super) fn write_opportunities(
    sink: &mut Sink<'_, '_>,
    scene: &Scene<'_>,
    rng: &mut ChaCha8Rng,
) -> StoreResult<()> {
    let plan = scene.plan;
    let arr = plan.arr_cents;
    let renewal_year = shift(scene.as_of, plan.renewal_in).year();
    if plan.renewal_in <= 120 {
        let probability = match plan.mood {
            Mood::Delighted => 90.0,
            Mood::Content => 80.0,
            Mood::Mixed => 60.0,
            Mood::Unhappy => 30.0,
        };
        let stage = (renewal_stage(plan.renewal_in), plan.renewal_in, probability);
        let name = format!("{} renewal {renewal_year}", plan.name);
        let renewal =
            opportunity(scene, name, OpportunityKind::Renewal, arr, stage, OpportunityStatus::Open);
        sink.opportunity(&renewal)?;
        // A story account's cuts are its script's to decide.
        if plan.mood == Mood::Unhappy && plan.story.is_none() && rng.random_bool(0.5) {
            let name = format!("{} seat reduction", plan.name);
            let stage = ("Negotiation/Review", plan.renewal_in, 50.0);
            let cut = opportunity(
                scene,
                name,
                OpportunityKind::Contraction,
                arr * 3 / 10,
                stage,
                OpportunityStatus::Open,
            );
            sink.opportunity(&cut)?;
        }
    }
    let last_renewal = YEAR - plan.renewal_in;
    if last_renewal >= 0 && last_renewal < plan.tenure {
        let name = format!("{} renewal {}", plan.name, renewal_year - 1);
        let stage = ("Closed Won", -last_renewal, 100.0);
        let won = opportunity(
            scene,
            name,
            OpportunityKind::Renewal,
            arr * 9 / 10,
            stage,
            OpportunityStatus::Won,
        );
        sink.opportunity(&won)?;
    }
    if plan.upsell {
        let seats = (plan.seats / 5).max(2);
        let name = format!("{} +{seats} seats", plan.name);
        let stage = ("Proposal/Price Quote", rng.random_range(30..90), 60.0);
        let amount = arr * seats / plan.seats.max(1);
        let upsell = opportunity(
            scene,
            name,
            OpportunityKind::Expansion,
            amount,
            stage,
            OpportunityStatus::Open,
        );
        sink.opportunity(&upsell)?;
    }
    if plan.mood == Mood::Mixed && plan.tenure > 120 && rng.random_bool(0.2) {
        let name = format!("{} analytics add-on", plan.name);
        let stage = ("Closed Lost", -rng.random_range(30..=plan.tenure.min(200)), 0.0);
        let lost = opportunity(
            scene,
            name,
            OpportunityKind::Expansion,
            arr / 5,
            stage,
            OpportunityStatus::Lost,
        );
        sink.opportunity(&lost)?;
    }
    Ok(())
}

/// The onboarding path of an account that started within the year: foundation, adoption,
/// optimisation and value realisation, spread over the segment's path; most past steps done. An
/// account past onboarding left it the day its path ended (its stage moved on then): the steps
/// it had not done by then were closed as skipped that day, as the book does when a stage
/// changes (`domain::leaves_onboarding`).
pub(super) fn write_milestones(
    sink: &mut Sink<'_, '_>,
    scene: &Scene<'_>,
    rng: &mut ChaCha8Rng,
) -> StoreResult<()> {
    let plan = scene.plan;
    if plan.tenure >= YEAR {
        return Ok(());
    }
    let path = onboarding_days(plan.segment);
    let left = (!stage_says_onboarding(plan.lifecycle)).then(|| scene.day(plan.tenure - path));
    for (step, name) in (1..).zip(texts::MILESTONES) {
        let target_ago = plan.tenure - path * step / 4;
        let completed = (target_ago > 0 && rng.random_bool(0.85))
            .then(|| (target_ago + rng.random_range(-4..=5)).clamp(1, plan.tenure))
            .map(|d| scene.day(d));
        sink.milestone(&Milestone {
            id: MilestoneId(0),
            account_id: scene.account,
            name: name.to_owned(),
            target_date: Some(scene.day(target_ago)),
            completed_on: completed,
            skipped_on: if completed.is_none() { left } else { None },
            version: 0,
        })?;
    }
    Ok(())
}

/// A success plan for the larger customers: a few distinct goals, some met, some open, the odd
/// one missed.
pub(super) fn write_goals(
    sink: &mut Sink<'_, '_>,
    scene: &Scene<'_>,
    rng: &mut ChaCha8Rng,
) -> StoreResult<()> {
    let plan = scene.plan;
    let count = match plan.segment {
        Segment::Enterprise => rng.random_range(2..=3),
        Segment::MidMarket => rng.random_range(1..=2),
        Segment::Smb => rng.random_range(0..=1),
        Segment::SelfService => 0,
    };
    let start = rng.random_range(0..texts::GOALS.len());
    for offset in 0..count {
        let (objective, metric, target) = texts::GOALS[(start + offset) % texts::GOALS.len()];
        let roll = rng.random_range(0..20);
        let (status, due, met_on) = if roll < 7 && plan.tenure > 30 {
            let met = rng.random_range(10..=plan.tenure.min(300));
            (GoalStatus::Met, Some(-met + rng.random_range(0..20)), Some(met))
        } else if roll < 9 && plan.tenure > 90 {
            (GoalStatus::Missed, Some(-rng.random_range(10..90)), None)
        } else {
            (GoalStatus::Open, Some(rng.random_range(30..200)), None)
        };
        sink.goal(&Goal {
            id: GoalId(0),
            account_id: scene.account,
            objective: objective.to_owned(),
            metric: Some(metric.to_owned()),
            target: Some(target.to_owned()),
            status,
            due: due.map(|d| shift(scene.as_of, d)),
            met_on: met_on.map(|d| scene.day(d)),
            version: 0,
        })?;
    }
    Ok(())
}

/// The first current contact with one of `roles`, by first name, for a todo's title.
pub(super) fn first_name<'a>(scene: &'a Scene<'_>, roles: &[Role]) -> &'a str {
    roles
        .iter()
        .find_map(|&role| scene.people.iter().find(|p| p.role == role && p.current_at(0)))
        .map_or("the team", |p| p.first)
}
