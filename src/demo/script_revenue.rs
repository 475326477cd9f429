//! The stories about usage, support and money (see `stories`): users quietly walking away, an
//! account at its seat limit, an outage escalation, shelfware, a renewal at risk in three weeks
//! and one already overdue.
//!
//! Everything is dated relative to the as-of date and never after it (due dates and close dates
//! excepted). This module adds records only; the everyday facts come from the generic generators.

use super::activity::ticket;
use super::commercial::{first_name, opportunity};
use super::script::{entry, full_name, ids_at, task};
use super::{Scene, Sink};
use crate::domain::{
    InteractionKind, NpsId, NpsResponse, OpportunityKind, OpportunityStatus, Priority, Rating, Role,
};
use crate::store::StoreResult;

pub(super) fn quiet_decline(sink: &mut Sink<'_, '_>, scene: &Scene<'_>) -> StoreResult<()> {
    let champion = first_name(scene, &[Role::Champion]);
    entry(
        sink,
        scene,
        3,
        InteractionKind::Note,
        "Usage at Société Lumière is sliding".to_owned(),
        format!(
            "Weekly active users have fallen by about half since early last month, and the \
             team stopped using most of the features it had adopted. No tickets, no \
             complaints: they are quietly going back to spreadsheets. Raise it with {champion} \
             before the renewal strategy starts."
        ),
        Vec::new(),
    )?;
    task(sink, scene, format!("Review the usage drop with {champion}"), 4, Priority::High, 3)
}

pub(super) fn expansion_ready(sink: &mut Sink<'_, '_>, scene: &Scene<'_>) -> StoreResult<()> {
    let sponsor = full_name(scene, Role::ExecutiveSponsor);
    entry(
        sink,
        scene,
        2,
        InteractionKind::Note,
        "Northwind is at its seat limit".to_owned(),
        format!(
            "Northwind runs at about 95 % of its 2,000 seats, and on weekdays more people log \
             in than the licence covers. {sponsor} asked for a quote for 400 more seats for the \
             new Rotterdam hub. A good moment to ask for a case study too."
        ),
        Vec::new(),
    )?;
    if let Some(person) = scene.first(Role::ExecutiveSponsor) {
        sink.nps(&NpsResponse {
            id: NpsId(0),
            account_id: scene.account,
            email: Some(person.email.clone()),
            score: 10,
            date: scene.day(20),
            comment: Some(
                "Would recommend to any logistics team. The rollout paid off.".to_owned(),
            ),
        })?;
    }
    let buyer = first_name(scene, &[Role::EconomicBuyer]);
    task(
        sink,
        scene,
        format!("Send {buyer} the quote for 400 additional seats"),
        3,
        Priority::High,
        2,
    )
}

pub(super) fn escalation(sink: &mut Sink<'_, '_>, scene: &Scene<'_>) -> StoreResult<()> {
    let subject = "Workflows stopped triggering after Monday's release: month-end close blocked";
    sink.ticket(&ticket(scene, 5, None, Priority::Urgent, None, subject))?;
    let subject = "Salesforce integration sync failing for three days";
    sink.ticket(&ticket(scene, 9, None, Priority::High, None, subject))?;
    for (opened, closed, subject) in [
        (20, 17, "Approval workflow skipped a step"),
        (34, 30, "Dashboard numbers differ from the source system"),
        (61, 55, "Scheduled reports arrive empty"),
    ] {
        sink.ticket(&ticket(
            scene,
            opened,
            Some(closed),
            Priority::Normal,
            Some(Rating::Bad),
            subject,
        ))?;
    }
    let sponsor = full_name(scene, Role::ExecutiveSponsor);
    let people = ids_at(scene, &[Role::ExecutiveSponsor, Role::Champion], 2);
    entry(
        sink,
        scene,
        2,
        InteractionKind::Call,
        "Escalation call: Workflows outage".to_owned(),
        format!(
            "Escalation call with {sponsor} and the champion. Workflows have not triggered since \
             Monday's release and their month-end close is blocked. Engineering has a fix in \
             review. {sponsor} wants a daily written update and a post-mortem, and said the \
             renewal depends on how this week goes."
        ),
        people,
    )?;
    entry(
        sink,
        scene,
        1,
        InteractionKind::Note,
        "Escalation summary for Support leadership".to_owned(),
        "Sent the escalation summary to the Support lead: one urgent and one high ticket open, \
         three recent tickets rated bad. Asked for an engineer on the daily call."
            .to_owned(),
        Vec::new(),
    )?;
    let first = first_name(scene, &[Role::ExecutiveSponsor]);
    task(
        sink,
        scene,
        format!("Send {first} the daily update on the Workflows outage"),
        0,
        Priority::Urgent,
        4,
    )?;
    task(sink, scene, "Escalation review with the Support lead".to_owned(), 1, Priority::High, 2)
}

pub(super) fn low_utilization(sink: &mut Sink<'_, '_>, scene: &Scene<'_>) -> StoreResult<()> {
    let champion = first_name(scene, &[Role::Champion]);
    entry(
        sink,
        scene,
        8,
        InteractionKind::Note,
        "Shelfware risk at Kestrel".to_owned(),
        "Only about a quarter of the 2,400 seats are active. The underwriting team uses the \
         product daily; the claims organisation never rolled out. At renewal Procurement will \
         see the gap unless claims is live by then."
            .to_owned(),
        Vec::new(),
    )?;
    task(
        sink,
        scene,
        format!("Plan the claims rollout workshop with {champion}"),
        5,
        Priority::High,
        8,
    )
}

pub(super) fn at_risk_renewal(sink: &mut Sink<'_, '_>, scene: &Scene<'_>) -> StoreResult<()> {
    for (opened, closed, stars, subject) in [
        (25, 20, 1, "Driver app shows yesterday's routes"),
        (50, 44, 2, "Report totals don't match the CSV export"),
    ] {
        sink.ticket(&ticket(
            scene,
            opened,
            Some(closed),
            Priority::Normal,
            Some(Rating::Stars(stars)),
            subject,
        ))?;
    }
    sink.ticket(&ticket(
        scene,
        7,
        None,
        Priority::High,
        None,
        "Route sync drops stops at midnight",
    ))?;
    entry(
        sink,
        scene,
        4,
        InteractionKind::Note,
        "Ironbridge wants to cut seats".to_owned(),
        "Their procurement asked to renew at 60 seats instead of 150. Usage has collapsed since \
         spring and nobody senior has taken a call in months. The renewal is in under three \
         weeks."
            .to_owned(),
        Vec::new(),
    )?;
    let plan = scene.plan;
    let cut = opportunity(
        scene,
        format!("{} reduction to 60 seats", plan.name),
        OpportunityKind::Contraction,
        plan.arr_cents * 6 / 10,
        ("Negotiation/Review", plan.renewal_in, 70.0),
        OpportunityStatus::Open,
    );
    sink.opportunity(&cut)?;
    task(
        sink,
        scene,
        "Exec-to-exec call before the Ironbridge renewal".to_owned(),
        1,
        Priority::Urgent,
        4,
    )
}

pub(super) fn overdue(sink: &mut Sink<'_, '_>, scene: &Scene<'_>) -> StoreResult<()> {
    let sponsor = full_name(scene, Role::ExecutiveSponsor);
    entry(
        sink,
        scene,
        2,
        InteractionKind::Note,
        "Renewal paperwork stuck".to_owned(),
        format!(
            "The renewal date has passed. The order form is signed on our side; their \
             procurement wants a new vendor form first. {sponsor} promised to chase it, and \
             service continues meanwhile."
        ),
        Vec::new(),
    )?;
    let champion = first_name(scene, &[Role::Champion]);
    task(
        sink,
        scene,
        format!("Chase the countersigned order form with {champion}"),
        -2,
        Priority::High,
        14,
    )
}
