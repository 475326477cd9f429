//! The words of the demo book: ticket subjects, NPS comments, timeline summaries and bodies,
//! todo titles and success-plan goals, written as a CSM and a help desk would write them.
//!
//! Only text lives here; which record gets which text, and when, is decided by `activity` and
//! `commercial`. Nothing here touches the store.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::names::pick;
use super::plan::Mood;
use crate::domain::{InteractionKind, Priority};

/// A ticket subject fitting its priority.
pub(super) fn ticket_subject(rng: &mut ChaCha8Rng, priority: Priority) -> &'static str {
    let subjects: &[&str] = match priority {
        Priority::Urgent => &[
            "Dashboards not loading for any user since this morning",
            "Workflows stopped triggering after the last release",
            "SSO login loop after IdP certificate rotation",
            "API returning 500 errors on every write",
        ],
        Priority::High => &[
            "Scheduled reports not delivered overnight",
            "Integration sync failing with authentication errors",
            "API rate limit errors (429) during nightly import",
            "Alerts firing twice for the same event",
            "Mobile app crashes on launch on Android 14",
        ],
        Priority::Normal => &[
            "Report totals don't match the CSV export",
            "Dashboard export to PDF cuts off the last column",
            "How do we bulk-import users from a spreadsheet?",
            "Webhook deliveries delayed by several minutes",
            "Time zone of scheduled reports is wrong",
            "Need help mapping custom fields in the integration",
            "Filter on a dashboard widget is ignored",
        ],
        Priority::Low => &[
            "Feature request: custom roles for team leads",
            "Typo in the weekly digest email",
            "Request: dark mode in the mobile app",
            "Invoice shows the old billing address",
            "Question about data retention settings",
        ],
    };
    pick(rng, subjects)
}

/// What a respondent wrote beside a score, if anything.
pub(super) fn nps_comment(rng: &mut ChaCha8Rng, score: u8) -> Option<&'static str> {
    if rng.random_bool(0.3) {
        return None;
    }
    let comments: &[&str] = match score {
        9..=10 => &[
            "The team lives in the dashboards now. Onboarding new hires takes a day, not a week.",
            "Support is fast and actually understands our setup.",
            "Workflows replaced three spreadsheets and a weekly meeting. Would recommend.",
        ],
        7..=8 => &[
            "Solid product. Reporting could be more flexible.",
            "Works well for us; the integrations took longer to set up than promised.",
            "Good value, but the mobile app lags behind the web version.",
        ],
        _ => &[
            "Too many outages this quarter, and we found out from our own users.",
            "We pay for a lot of seats that nobody uses. Hard to justify at renewal.",
            "Support tickets sit for days without an answer.",
            "The product got more complicated and our team stopped using it.",
        ],
    };
    Some(pick(rng, comments))
}

/// A sentence on how the conversation felt, so the timeline reads like the account's mood.
fn tone(rng: &mut ChaCha8Rng, mood: Mood) -> &'static str {
    let lines: &[&str] = match mood {
        Mood::Delighted => &[
            "The mood was excellent: they are already talking about rolling out to another team.",
            "Very positive; they offered to be a reference for prospects in their industry.",
        ],
        Mood::Content => &[
            "Generally positive, with a few open questions on reporting.",
            "Friendly and constructive; no concerns about the renewal were raised.",
        ],
        Mood::Mixed => &[
            "Mixed feelings: they like the product but feel the rollout has stalled.",
            "Some frustration about recent tickets, though the core use case still works.",
        ],
        Mood::Unhappy => &[
            "Tense call. They questioned whether the product is worth the price.",
            "Clear frustration about reliability; they mentioned evaluating alternatives.",
        ],
    };
    pick(rng, lines)
}

/// The summary and body of a touch with the customer. `who` names the participants (or the
/// team when there are none) and `feature` is a feature they use.
pub(super) fn touch(
    rng: &mut ChaCha8Rng,
    kind: InteractionKind,
    who: &str,
    feature: &str,
    mood: Mood,
) -> (String, String) {
    let tone = tone(rng, mood);
    match kind {
        InteractionKind::Qbr => (
            format!("Quarterly business review with {who}"),
            format!(
                "Quarterly business review with {who}. We walked through adoption, the support \
                 history and the goals of the success plan. {feature} usage was the highlight \
                 of the quarter. {tone} Agreed next steps: a refreshed success plan and a \
                 follow-up on open tickets within two weeks."
            ),
        ),
        InteractionKind::Meeting => (
            format!("Working session with {who} on {feature}"),
            format!(
                "Working session with {who} to review how the team uses {feature}. We cleaned \
                 up two old configurations and agreed on naming conventions. {tone} I will send \
                 the recording and a short how-to guide."
            ),
        ),
        InteractionKind::Call => (
            format!("Check-in call with {who}"),
            format!(
                "Check-in call with {who}. They described how {feature} fits into their weekly \
                 routine and raised one question about permissions. {tone} Follow-up promised \
                 by the end of the week."
            ),
        ),
        InteractionKind::Email => (
            format!("Email to {who}: {feature} tips and release notes"),
            format!(
                "Sent {who} this month's release notes with three tips on {feature}. Asked \
                 whether they would like a short session for new team members. {tone}"
            ),
        ),
        InteractionKind::Other | InteractionKind::Note => (
            format!("Webinar: {feature} best practices, attended by {who}"),
            format!(
                "{who} attended the {feature} best-practices webinar and asked two questions \
                 in the chat about automation. {tone} Shared the slides afterwards."
            ),
        ),
    }
}

/// A CSM's own note after a touch.
pub(super) fn note(rng: &mut ChaCha8Rng, who: &str, feature: &str) -> (String, String) {
    let (summary, body) = pick(
        rng,
        &[
            (
                "Internal note: follow-ups",
                "Logged follow-ups from the last conversation. Need to check with Product \
                 whether the {feature} roadmap item is still planned for this quarter before \
                 getting back to {who}.",
            ),
            (
                "Internal note: account plan",
                "Updated the account plan. {who} is the best entry point for now; the next \
                 step is to widen the relationship beyond the current team. {feature} is the \
                 feature to build the next conversation around.",
            ),
            (
                "Internal note: renewal prep",
                "Started gathering numbers for the renewal conversation: seat use, {feature} \
                 adoption and the ticket history. {who} should see them before anyone else.",
            ),
        ],
    );
    (summary.to_owned(), body.replace("{who}", who).replace("{feature}", feature))
}

/// A todo a CSM would write for this account.
pub(super) fn todo_title(rng: &mut ChaCha8Rng, who: &str, feature: &str) -> String {
    match rng.random_range(0..7) {
        0 => format!("Send {who} the {feature} how-to guide"),
        1 => format!("Schedule {feature} training for new users"),
        2 => format!("Follow up with {who} on the open ticket"),
        3 => format!("Prepare usage review for {who}"),
        4 => "Update the success plan after the last call".to_owned(),
        5 => format!("Ask {who} for a case study"),
        _ => format!("Check {feature} adoption after the rollout"),
    }
}

/// Success-plan goals: objective, metric and target.
pub(super) const GOALS: &[(&str, &str, &str)] = &[
    ("Cut month-end reporting time", "hours per close", "from 40 to 10"),
    ("Roll out Workflows to every regional team", "teams live", "12 of 12"),
    ("Replace the legacy BI dashboards", "dashboards migrated", "all 85"),
    ("Automate customer onboarding hand-offs", "manual steps", "under 3"),
    ("Give field staff mobile access", "weekly mobile users", "300"),
    ("Single sign-on for all employees", "users on SSO", "100 %"),
    ("Reduce time to detect incidents", "minutes to first alert", "under 5"),
    ("Connect the CRM and the ERP", "integrations live", "2"),
];

/// The steps of an onboarding path (SPEC 5).
pub(super) const MILESTONES: [&str; 4] = [
    "Foundation: technical setup complete",
    "Adoption: users trained and rolled out",
    "Optimisation: advanced features in use",
    "Value realisation: ROI reviewed with the sponsor",
];
