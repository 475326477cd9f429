//! The people and the outcomes: stakeholders and coverage gaps, risks with their explanations,
//! and wins (goals met, milestones done) with what the success plan still holds. Pure: it reads
//! the gathered records and writes blocks.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::doc::{Block, Document, Runs, b, i, t};
use super::gather::{Gathered, QUARTER};
use super::words::{plural, signal_action, signal_title};
use crate::domain::{ContactId, GoalStatus, InteractionKind, Role, Window};

/// The key roles a relationship needs, in the order they matter.
const KEY_ROLES: [Role; 3] = [Role::ExecutiveSponsor, Role::EconomicBuyer, Role::Champion];

/// The quarter under review.
fn quarter(as_of: NaiveDate) -> Window {
    Window::ending(as_of, u32::try_from(QUARTER).unwrap_or(90))
}

/// Each contact's last touch: the last interaction (not a note) they took part in, or their
/// imported last-engaged date, whichever is later.
fn last_touches(g: &Gathered) -> BTreeMap<ContactId, NaiveDate> {
    let mut last: BTreeMap<ContactId, NaiveDate> = BTreeMap::new();
    for interaction in g.interactions.iter().filter(|i| i.kind != InteractionKind::Note) {
        for id in &interaction.contacts {
            let slot = last.entry(*id).or_insert(interaction.date);
            *slot = (*slot).max(interaction.date);
        }
    }
    for c in &g.contacts {
        if let Some(engaged) = c.last_engaged.filter(|d| *d <= g.as_of) {
            let slot = last.entry(c.id).or_insert(engaged);
            *slot = (*slot).max(engaged);
        }
    }
    last
}

fn sentiment(value: Option<i8>) -> &'static str {
    match value {
        Some(2) => "very positive",
        Some(1) => "positive",
        Some(0) => "neutral",
        Some(-1) => "negative",
        Some(v) if v <= -2 => "very negative",
        _ => "",
    }
}

/// The stakeholders now at the account, and the gaps in coverage.
pub fn stakeholders_section(doc: &mut Document, g: &Gathered) {
    doc.section("Stakeholders and coverage");
    let touches = last_touches(g);
    let engaged = &g.now.score.components.engagement.engaged;
    let mut current: Vec<_> = g.contacts.iter().filter(|c| c.is_current(g.as_of)).collect();
    current.sort_by(|a, b| a.role.cmp(&b.role).then_with(|| a.name.cmp(&b.name)));
    if current.is_empty() {
        doc.text("No current contact on record.");
    } else {
        let rows = current
            .iter()
            .map(|c| {
                let touch =
                    touches.get(&c.id).map_or_else(|| "never".to_owned(), ToString::to_string);
                let touch =
                    if engaged.contains(&c.id) { touch } else { format!("{touch} (not engaged)") };
                vec![
                    vec![t(c.name.clone())],
                    vec![t(c.title.clone().unwrap_or_default())],
                    vec![t(c.role.words())],
                    vec![t(touch)],
                    vec![t(sentiment(c.sentiment))],
                ]
            })
            .collect();
        doc.push(Block::Table {
            header: vec![
                "Name".into(),
                "Title".into(),
                "Role".into(),
                "Last touch".into(),
                "Sentiment".into(),
            ],
            rows,
            numeric: false,
        });
    }
    let mut gaps: Vec<Runs> = Vec::new();
    for role in KEY_ROLES {
        let holders: Vec<_> = current.iter().filter(|c| c.role == role).collect();
        if holders.is_empty() {
            gaps.push(vec![b(format!("No {}", role.words())), t(" among the current contacts.")]);
        } else if !holders.iter().any(|c| engaged.contains(&c.id)) {
            let names: Vec<&str> = holders.iter().map(|c| c.name.as_str()).collect();
            gaps.push(vec![
                b(format!("The {} is not engaged", role.words())),
                t(format!(": {} had no touch in the last {} days.", names.join(", "), QUARTER)),
            ]);
        }
    }
    let left_window = quarter(g.as_of);
    for c in g.contacts.iter().filter(|c| c.left_on.is_some_and(|d| left_window.contains(d))) {
        gaps.push(vec![
            b(format!("{} left", c.name)),
            t(format!(
                " the company on {} ({}).",
                c.left_on.map(|d| d.to_string()).unwrap_or_default(),
                c.role.words()
            )),
        ]);
    }
    let breadth = engaged.len();
    if breadth < 3 {
        gaps.push(vec![
            b(format!("{} engaged", plural(i64::try_from(breadth).unwrap_or(0), "contact"))),
            t(format!(" in the last {QUARTER} days: the relationship needs more threads.")),
        ]);
    }
    if gaps.is_empty() {
        doc.text("Every key role is held and engaged, with a broad set of contacts.");
    } else {
        doc.push(Block::Paragraph(vec![t("Coverage gaps:")]));
        doc.push(Block::Bullets(gaps));
    }
}

/// The risk signals with their reasons and what to do about each.
pub fn risks_section(doc: &mut Document, g: &Gathered) {
    doc.section("Risks");
    let signals = &g.now.score.signals;
    if signals.is_empty() {
        doc.text("No risk signal is firing.");
        return;
    }
    let items = signals
        .iter()
        .map(|s| {
            vec![
                b(super::overview::capitalised(signal_title(s.code))),
                t(format!(": {}. ", s.reason)),
                i(format!("Next: {}.", signal_action(s.code))),
            ]
        })
        .collect();
    doc.push(Block::Bullets(items));
}

/// How many goals were met and milestones done in the quarter under review.
pub fn wins_this_quarter(g: &Gathered) -> usize {
    let q = quarter(g.as_of);
    g.goals.iter().filter(|x| x.met_on.is_some_and(|d| q.contains(d))).count()
        + g.milestones.iter().filter(|m| m.completed_on.is_some_and(|d| q.contains(d))).count()
}

/// Wins: goals met and milestones done, this quarter first, then earlier; then the success
/// plan's open and missed goals.
pub fn wins_section(doc: &mut Document, g: &Gathered) {
    doc.section("Wins");
    let q = quarter(g.as_of);
    let mut wins: Vec<(NaiveDate, Runs)> = Vec::new();
    for goal in &g.goals {
        if let Some(met) = goal.met_on.filter(|d| *d <= g.as_of) {
            let mut runs = vec![b(goal.objective.clone())];
            if let Some(target) = &goal.target {
                let metric = goal.metric.as_deref().map(|m| format!("{m}: ")).unwrap_or_default();
                runs.push(t(format!(" ({metric}{target})")));
            }
            runs.push(t(format!(", goal met on {met}")));
            wins.push((met, runs));
        }
    }
    for milestone in &g.milestones {
        if let Some(done) = milestone.completed_on.filter(|d| *d <= g.as_of) {
            wins.push((
                done,
                vec![b(milestone.name.clone()), t(format!(", milestone done on {done}"))],
            ));
        }
    }
    wins.sort_by_key(|w| std::cmp::Reverse(w.0));
    let (recent, earlier): (Vec<_>, Vec<_>) = wins.into_iter().partition(|(d, _)| q.contains(*d));
    if recent.is_empty() {
        doc.text("No goal was met and no milestone completed this quarter.");
    } else {
        doc.push(Block::Bullets(recent.into_iter().map(|(_, r)| r).collect()));
    }
    if !earlier.is_empty() {
        doc.push(Block::Paragraph(vec![t("Delivered earlier:")]));
        doc.push(Block::Bullets(earlier.into_iter().map(|(_, r)| r).collect()));
    }
    let mut plan: Vec<Runs> = Vec::new();
    for goal in &g.goals {
        let met_by_now = goal.met_on.is_some_and(|d| d <= g.as_of);
        if met_by_now {
            continue;
        }
        let mut runs = vec![b(goal.objective.clone())];
        if let Some(target) = &goal.target {
            runs.push(t(format!(" (target {target})")));
        }
        match (goal.status, goal.due) {
            (GoalStatus::Missed, due) => {
                let when = due.map(|d| format!(", due {d}")).unwrap_or_default();
                runs.push(t(format!(": missed{when}.")));
            }
            (_, Some(due)) if due < g.as_of => runs.push(t(format!(": overdue since {due}."))),
            (_, Some(due)) => runs.push(t(format!(": open, due {due}."))),
            (_, None) => runs.push(t(": open.")),
        }
        plan.push(runs);
    }
    // A milestone closed as skipped (the account left onboarding) is history, not work.
    let pending: Vec<_> = g.milestones.iter().filter(|m| m.is_open(g.as_of)).collect();
    for m in pending {
        let due = m.target_date.map(|d| format!(", target {d}")).unwrap_or_default();
        plan.push(vec![b(m.name.clone()), t(format!(": milestone still to do{due}."))]);
    }
    if !plan.is_empty() {
        doc.push(Block::Paragraph(vec![t("Still open on the success plan:")]));
        doc.push(Block::Bullets(plan));
    }
}
