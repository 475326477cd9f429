//! The few records that make each story account's story (see `stories`), and the stories about
//! people: the champion's departure, the onboarding kickoff, the detractor's answer, the
//! voicemails of an account gone dark, the single thread. The stories about usage, support and
//! money are in `script_revenue`.
//!
//! Everything is dated relative to the as-of date and never after it (due dates and close dates
//! excepted). This module adds records only; the everyday facts come from the generic generators.

use super::activity::interaction;
use super::commercial::{first_name, todo};
use super::people::Person;
use super::stories::Story;
use super::{Scene, Sink, script_revenue};
use crate::domain::{ContactId, InteractionKind, NpsId, NpsResponse, Priority, Role};
use crate::store::StoreResult;

/// Writes the records of `story` for the account of `scene`.
pub(super) fn write(story: Story, sink: &mut Sink<'_, '_>, scene: &Scene<'_>) -> StoreResult<()> {
    match story {
        Story::ChampionLeft => champion_left(sink, scene),
        Story::QuietDecline => script_revenue::quiet_decline(sink, scene),
        Story::ExpansionReady => script_revenue::expansion_ready(sink, scene),
        Story::Onboarding => onboarding(sink, scene),
        Story::Escalation => script_revenue::escalation(sink, scene),
        Story::Detractor => detractor(sink, scene),
        Story::GoneDark => gone_dark(sink, scene),
        Story::LowUtilization => script_revenue::low_utilization(sink, scene),
        Story::SingleThreaded => single_threaded(sink, scene),
        Story::AtRiskRenewal => script_revenue::at_risk_renewal(sink, scene),
        Story::Overdue => script_revenue::overdue(sink, scene),
        Story::ThinData => thin_data(sink, scene),
    }
}

/// The full name of the first contact with `role` (current or not), or a placeholder.
pub(super) fn full_name<'a>(scene: &'a Scene<'_>, role: Role) -> &'a str {
    scene.first(role).map_or("our contact", |p| p.name.as_str())
}

/// The ids of the first contacts with each of `roles` who were with the company `days_ago`.
pub(super) fn ids_at(scene: &Scene<'_>, roles: &[Role], days_ago: i64) -> Vec<ContactId> {
    roles
        .iter()
        .filter_map(|&role| {
            scene.people.iter().find(|p: &&Person| p.role == role && p.current_at(days_ago))
        })
        .map(|p| p.id)
        .collect()
}

/// A timeline entry written by a story.
pub(super) fn entry(
    sink: &mut Sink<'_, '_>,
    scene: &Scene<'_>,
    days_ago: i64,
    kind: InteractionKind,
    summary: String,
    body: String,
    contacts: Vec<ContactId>,
) -> StoreResult<()> {
    sink.interaction(&interaction(scene, days_ago, kind, (summary, body), contacts))
}

/// An open todo on the story's account.
pub(super) fn task(
    sink: &mut Sink<'_, '_>,
    scene: &Scene<'_>,
    title: String,
    due_in: i64,
    priority: Priority,
    created: i64,
) -> StoreResult<()> {
    let item = todo(Some(scene.account), scene.as_of, title, Some(due_in), priority, created);
    sink.todo(&item)
}

fn champion_left(sink: &mut Sink<'_, '_>, scene: &Scene<'_>) -> StoreResult<()> {
    let champion = full_name(scene, Role::Champion);
    let sponsor = full_name(scene, Role::ExecutiveSponsor);
    let user = first_name(scene, &[Role::EndUser]);
    let call = ids_at(scene, &[Role::Champion], 45);
    entry(
        sink,
        scene,
        45,
        InteractionKind::Call,
        format!("Rollout check-in with {champion}"),
        format!(
            "Rollout check-in with {champion}. Three of the five depots are live; the last two \
             wait for the new route-planning integration. {champion} owns the renewal business \
             case and wants the usage numbers by the end of next month."
        ),
        call,
    )?;
    entry(
        sink,
        scene,
        27,
        InteractionKind::Note,
        format!("{champion} has left Halvorsen Maritime"),
        format!(
            "Heard from {user} that {champion} left the company last week. Nobody has taken \
             over the rollout or the renewal business case, and the renewal is about two months \
             out. We need a new champion quickly; {sponsor} is the way in."
        ),
        Vec::new(),
    )?;
    let meeting = ids_at(scene, &[Role::ExecutiveSponsor, Role::EconomicBuyer], 6);
    entry(
        sink,
        scene,
        6,
        InteractionKind::Meeting,
        format!("Renewal and ownership after {champion}'s departure"),
        format!(
            "Met {sponsor} and Finance about the renewal. They still see the value but nobody \
             owns the rollout since {champion} left. {sponsor} will name a new project owner \
             within two weeks; until then the renewal proposal waits."
        ),
        meeting,
    )?;
    task(
        sink,
        scene,
        "Find a new champion at Halvorsen Maritime".to_owned(),
        2,
        Priority::High,
        26,
    )?;
    let buyer = first_name(scene, &[Role::EconomicBuyer]);
    task(sink, scene, format!("Send the renewal proposal to {buyer}"), 10, Priority::Normal, 5)
}

fn onboarding(sink: &mut Sink<'_, '_>, scene: &Scene<'_>) -> StoreResult<()> {
    let kickoff = scene.plan.tenure - 2;
    let team = ids_at(scene, &[Role::ExecutiveSponsor, Role::Champion, Role::Influencer], kickoff);
    let sponsor = full_name(scene, Role::ExecutiveSponsor);
    entry(
        sink,
        scene,
        kickoff,
        InteractionKind::Meeting,
        "Onboarding kickoff".to_owned(),
        format!(
            "Kickoff with {sponsor} and the project team. Agreed on the 90-day onboarding plan: \
             SSO and the ERP connection by week three, the first plant trained by week seven, \
             advanced workflows by week ten and a value review with {sponsor} at day 90."
        ),
        team,
    )?;
    let champion = first_name(scene, &[Role::Champion]);
    task(
        sink,
        scene,
        format!("Run the adoption training for plant two with {champion}"),
        5,
        Priority::Normal,
        7,
    )
}

fn detractor(sink: &mut Sink<'_, '_>, scene: &Scene<'_>) -> StoreResult<()> {
    let Some(buyer) = scene.first(Role::EconomicBuyer) else {
        return Ok(());
    };
    sink.nps(&NpsResponse {
        id: NpsId(0),
        account_id: scene.account,
        email: Some(buyer.email.clone()),
        score: 4,
        date: scene.day(21),
        comment: Some(
            "We pay for 140 seats and the reporting still needs a spreadsheet on the side. \
             Hard to justify the price increase."
                .to_owned(),
        ),
    })?;
    entry(
        sink,
        scene,
        19,
        InteractionKind::Note,
        format!("Detractor response from {}", buyer.name),
        format!(
            "{} scored us 4 in the NPS survey, citing reporting gaps and price. The team itself \
             is happy, so this is a value story we have not told the buyer. Prepare a short ROI \
             summary before calling.",
            buyer.name
        ),
        Vec::new(),
    )?;
    task(
        sink,
        scene,
        format!("Call {} about the NPS feedback", buyer.first),
        -1,
        Priority::High,
        18,
    )
}

/// An account brought over from the CRM whose product analytics are not connected: the CSM
/// knows it from calls and tickets only, and says so.
fn thin_data(sink: &mut Sink<'_, '_>, scene: &Scene<'_>) -> StoreResult<()> {
    let champion = first_name(scene, &[Role::Champion]);
    entry(
        sink,
        scene,
        12,
        InteractionKind::Note,
        "Moved over from the CRM".to_owned(),
        format!(
            "Account imported with its contacts and tickets. Their product workspace is on the \
             old tenant, so no usage reaches us yet; {champion} says the team uses it daily."
        ),
        Vec::new(),
    )?;
    task(
        sink,
        scene,
        format!("Connect product analytics with {champion}'s admin"),
        7,
        Priority::Normal,
        12,
    )
}

fn gone_dark(sink: &mut Sink<'_, '_>, scene: &Scene<'_>) -> StoreResult<()> {
    let champion = first_name(scene, &[Role::Champion]);
    for (days_ago, summary, body) in [
        (
            40,
            "Tech-touch email not opened",
            "The quarterly tips email went out; no opens, no clicks.",
        ),
        (
            26,
            "Voicemail",
            "Called {who} to check in before the busy season; voicemail. Left a message.",
        ),
        (
            9,
            "Second voicemail",
            "Called {who} again, voicemail again. Nobody has replied in two months.",
        ),
    ] {
        let body = body.replace("{who}", champion);
        entry(sink, scene, days_ago, InteractionKind::Note, summary.to_owned(), body, Vec::new())?;
    }
    task(
        sink,
        scene,
        format!("Reach {champion} another way (LinkedIn, the shop's line)"),
        -3,
        Priority::High,
        9,
    )
}

fn single_threaded(sink: &mut Sink<'_, '_>, scene: &Scene<'_>) -> StoreResult<()> {
    let champion = first_name(scene, &[Role::Champion]);
    entry(
        sink,
        scene,
        14,
        InteractionKind::Note,
        "Single-threaded".to_owned(),
        format!(
            "Everything at Pinecrest runs through {champion}, who set the product up and trains \
             every new hire. If {champion} leaves we have nobody. Ask for an introduction to \
             the owner at the next call."
        ),
        Vec::new(),
    )?;
    task(
        sink,
        scene,
        format!("Ask {champion} for an introduction to the owner"),
        6,
        Priority::Normal,
        14,
    )
}
