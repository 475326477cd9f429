//! What happened with a demo account over the year: support tickets, NPS survey answers and the
//! timeline of touches and notes.
//!
//! The plan's knobs are kept exactly where the scoring model looks: no touch other than a note
//! after the plan's last touch, only engaged contacts in the touches of the last 90 days, no
//! urgent ticket left open unless the plan wants an escalation, nobody taking part after leaving.
//! This module writes through the sink; it must not decide the plan.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::names::weighted;
use super::people::Person;
use super::plan::{Mood, RatingStyle, satisfaction};
use super::{Scene, Sink, texts};
use crate::domain::{
    ContactId, Interaction, InteractionId, InteractionKind, NpsId, NpsResponse, Priority, Rating,
    Segment, Ticket, TicketId,
};
use crate::store::StoreResult;

/// A rating in the account's help-desk style for a customer in `mood`.
pub(super) fn rating(rng: &mut ChaCha8Rng, mood: Mood, style: RatingStyle) -> Rating {
    let s = satisfaction(rng, mood);
    match style {
        RatingStyle::GoodBad if s >= 0.5 => Rating::Good,
        RatingStyle::GoodBad => Rating::Bad,
        RatingStyle::GreatOkayBad if s >= 0.75 => Rating::Great,
        RatingStyle::GreatOkayBad if s >= 0.4 => Rating::Okay,
        RatingStyle::GreatOkayBad => Rating::Bad,
        RatingStyle::Stars => Rating::Stars(1 + (s * 4.0).round() as u8),
        RatingStyle::Percent => Rating::Percent((s * 20.0).round() * 5.0),
    }
}

/// A ticket opened `opened` days ago and closed `closed` days ago (`None`: still open).
pub(super) fn ticket(
    scene: &Scene<'_>,
    opened: i64,
    closed: Option<i64>,
    priority: Priority,
    rating: Option<Rating>,
    subject: &str,
) -> Ticket {
    let status = match closed {
        Some(days) if days > 14 => "closed",
        Some(_) => "solved",
        None if opened <= 2 => "open",
        None => "pending",
    };
    Ticket {
        id: TicketId(0),
        account_id: scene.account,
        external_id: None,
        opened: scene.day(opened),
        closed: closed.map(|d| scene.day(d)),
        priority,
        rating,
        status: Some(status.to_owned()),
        subject: Some(subject.to_owned()),
    }
}

/// The year's tickets: more for larger customers, resolved faster the more urgent they are,
/// about two in three rated once solved.
pub(super) fn write_tickets(
    sink: &mut Sink<'_, '_>,
    scene: &Scene<'_>,
    rng: &mut ChaCha8Rng,
) -> StoreResult<()> {
    let plan = scene.plan;
    let per_year = match plan.segment {
        Segment::Enterprise => rng.random_range(12..30),
        Segment::MidMarket => rng.random_range(6..15),
        Segment::Smb => rng.random_range(2..8),
        Segment::SelfService => rng.random_range(0..4),
    };
    let history = plan.usage.history;
    let count = per_year * (history + 1) / 365 + i64::from(history > 30);
    let mut urgent_open = false;
    for _ in 0..count {
        let opened = rng.random_range(0..=history);
        let mut priority = weighted(
            rng,
            &[
                (Priority::Urgent, 3),
                (Priority::High, 15),
                (Priority::Normal, 60),
                (Priority::Low, 22),
            ],
        );
        let takes = match priority {
            Priority::Urgent => rng.random_range(0..=2),
            Priority::High => rng.random_range(1..=5),
            Priority::Normal => rng.random_range(1..=10),
            Priority::Low => rng.random_range(2..=20),
        };
        let closed = Some(opened - takes).filter(|&d| d >= 0);
        if closed.is_none() && priority == Priority::Urgent {
            // An open urgent ticket is an escalation: only the plans that want one get it.
            if plan.open_urgent {
                urgent_open = true;
            } else {
                priority = Priority::High;
            }
        }
        let rated = (closed.is_some() && rng.random_bool(0.65))
            .then(|| rating(rng, plan.mood, plan.rating_style));
        let subject = texts::ticket_subject(rng, priority);
        sink.ticket(&ticket(scene, opened, closed, priority, rated, subject))?;
    }
    if plan.open_urgent && !urgent_open {
        let subject = texts::ticket_subject(rng, Priority::Urgent);
        let opened = rng.random_range(0..=4.min(history));
        sink.ticket(&ticket(scene, opened, None, Priority::Urgent, None, subject))?;
    }
    Ok(())
}

/// A score from a respondent in `mood`.
pub(super) fn nps_score(rng: &mut ChaCha8Rng, mood: Mood) -> u8 {
    match mood {
        Mood::Delighted => rng.random_range(8..=10),
        Mood::Content => rng.random_range(7..=10),
        Mood::Mixed => rng.random_range(6..=9),
        Mood::Unhappy => rng.random_range(2..=7),
    }
}

/// Two survey waves, about seven and two months ago; each current contact answers now and then.
pub(super) fn write_nps(
    sink: &mut Sink<'_, '_>,
    scene: &Scene<'_>,
    rng: &mut ChaCha8Rng,
) -> StoreResult<()> {
    let history = scene.plan.usage.history;
    for (from, to) in [(200, 215), (45, 60)] {
        if from > history {
            continue;
        }
        survey_wave(sink, scene, rng, (from, to.min(history)), |_| scene.plan.mood)?;
    }
    Ok(())
}

/// One survey wave between `from` and `to` days ago: each contact still there on their drawn
/// day answers about one time in three, in the mood `mood_at` gives for that day.
pub(super) fn survey_wave(
    sink: &mut Sink<'_, '_>,
    scene: &Scene<'_>,
    rng: &mut ChaCha8Rng,
    (from, to): (i64, i64),
    mood_at: impl Fn(i64) -> Mood,
) -> StoreResult<()> {
    for person in &scene.people {
        let days_ago = rng.random_range(from..=to);
        if !person.current_at(days_ago) || !rng.random_bool(0.35) {
            continue;
        }
        let score = nps_score(rng, mood_at(days_ago));
        sink.nps(&NpsResponse {
            id: NpsId(0),
            account_id: scene.account,
            email: Some(person.email.clone()),
            score,
            date: scene.day(days_ago),
            comment: texts::nps_comment(rng, score).map(str::to_owned),
        })?;
    }
    Ok(())
}

/// The kind of a touch that is not a QBR: emails mostly with a self-service account, else calls,
/// emails and meetings.
pub(super) fn everyday_kind(rng: &mut ChaCha8Rng, segment: Segment) -> InteractionKind {
    if segment == Segment::SelfService {
        return weighted(rng, &[(InteractionKind::Email, 4), (InteractionKind::Other, 1)]);
    }
    weighted(
        rng,
        &[
            (InteractionKind::Call, 35),
            (InteractionKind::Email, 30),
            (InteractionKind::Meeting, 25),
            (InteractionKind::Other, 10),
        ],
    )
}

/// The names of the participants, "the team" when there are none.
pub(super) fn who(people: &[&Person]) -> String {
    match people {
        [] => "the team".to_owned(),
        [one] => one.name.clone(),
        [first @ .., last] => {
            let head: Vec<&str> = first.iter().map(|p| p.name.as_str()).collect();
            format!("{} and {}", head.join(", "), last.name)
        }
    }
}

/// A timeline entry.
pub(super) fn interaction(
    scene: &Scene<'_>,
    days_ago: i64,
    kind: InteractionKind,
    (summary, body): (String, String),
    contacts: Vec<ContactId>,
) -> Interaction {
    Interaction {
        id: InteractionId(0),
        account_id: scene.account,
        external_id: None,
        date: scene.day(days_ago),
        kind,
        summary: Some(summary),
        body: Some(body),
        contacts,
        version: 0,
    }
}

/// The timeline, from the plan's last touch back to the start of the year (or of the contract),
/// at a cadence that fits the segment, with a QBR each quarter for the larger customers and a
/// CSM's note after some touches.
pub(super) fn write_interactions(
    sink: &mut Sink<'_, '_>,
    scene: &Scene<'_>,
    rng: &mut ChaCha8Rng,
) -> StoreResult<()> {
    let plan = scene.plan;
    let (gap_min, gap_max) = match plan.segment {
        Segment::Enterprise => (10, 24),
        Segment::MidMarket => (18, 35),
        Segment::Smb => (30, 60),
        Segment::SelfService => (45, 90),
    };
    let quarterly = matches!(plan.segment, Segment::Enterprise | Segment::MidMarket);
    // The latest QBR falls somewhere in the last two months; the others a quarter apart.
    let mut next_qbr = if quarterly { plan.last_touch + rng.random_range(0..60) } else { i64::MAX };
    let mut turn = 0usize;
    let mut days_ago = plan.last_touch;
    while days_ago <= plan.usage.history {
        // Only engaged contacts in the last 90 days; anyone then with the company before that.
        let pool: Vec<&Person> = scene
            .people
            .iter()
            .filter(|p| p.current_at(days_ago) && (days_ago >= 90 || p.engaged))
            .collect();
        let kind = if days_ago >= next_qbr {
            next_qbr = days_ago + 85;
            InteractionKind::Qbr
        } else {
            everyday_kind(rng, plan.segment)
        };
        let size = match kind {
            InteractionKind::Qbr => 3,
            _ => rng.random_range(1..=2),
        };
        // Take turns through the pool so that, over a quarter, everyone engaged is met.
        let mut participants: Vec<&Person> = Vec::with_capacity(size);
        for step in 0..size.min(pool.len()) {
            participants.push(pool[(turn + step) % pool.len()]);
        }
        turn += size;
        let text = texts::touch(rng, kind, &who(&participants), scene.feature, plan.mood);
        let ids = participants.iter().map(|p| p.id).collect();
        sink.interaction(&interaction(scene, days_ago, kind, text, ids))?;
        if days_ago > 0 && rng.random_bool(0.25) {
            let text = texts::note(rng, &who(&participants), scene.feature);
            let note = interaction(scene, days_ago - 1, InteractionKind::Note, text, Vec::new());
            sink.interaction(&note)?;
        }
        days_ago += rng.random_range(gap_min..=gap_max);
    }
    Ok(())
}
