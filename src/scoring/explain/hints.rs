//! A component's change in its own units, for "what would change the band": active users, key
//! features, tickets and ratings, engaged roles, in both directions (a rise that lifts the band,
//! a fall that drops it).
//!
//! Pure arithmetic on the components and the model; the amounts of component points come from
//! the caller, already rounded so that they do change the band.

use super::ComponentKind;
use crate::scoring::components::{Components, Support};
use crate::scoring::model::Model;
use crate::scoring::rounding::tenths;

/// Tolerance of the tie rule, so that a change landing exactly on a boundary counts.
const TOLERANCE: f64 = 1e-9;

/// The rise in the component's own units that takes it to `goal`.
pub(super) fn rise(
    kind: ComponentKind,
    goal: f64,
    c: &Components,
    model: &Model<'_>,
) -> Option<String> {
    match kind {
        ComponentKind::Usage => {
            let (seats, mean) = (c.usage.seats?, c.usage.mean_active?);
            #[allow(clippy::cast_precision_loss)]
            let users =
                goal.min(100.0) / 100.0 * model.config.usage.target_utilization * seats as f64;
            Some(format!("about {:.0} more active users a day", (users - mean).max(0.0).ceil()))
        }
        ComponentKind::Adoption => {
            #[allow(
                clippy::cast_precision_loss,
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss
            )]
            let features =
                ((goal.min(100.0) / 100.0 * c.adoption.key as f64) - TOLERANCE).ceil() as usize;
            let more = features.saturating_sub(c.adoption.used).max(1);
            Some(format!("{more} more key feature{} in use", plural(more)))
        }
        ComponentKind::Support => support_rise(&c.support, goal.min(100.0), model),
        ComponentKind::Engagement => {
            let points = model.config.engagement;
            let e = &c.engagement;
            let missing = [
                (!e.sponsor, points.executive_sponsor, "engage the executive sponsor"),
                (!e.champion, points.champion, "engage a champion"),
                (!e.economic_buyer, points.economic_buyer, "engage the economic buyer"),
            ];
            let rise = goal - e.value;
            missing
                .iter()
                .filter(|(open, p, _)| *open && *p + TOLERANCE >= rise)
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(_, _, what)| (*what).to_owned())
        }
    }
}

/// The fall in the component's own units that takes it down to `goal` (or below).
pub(super) fn fall(
    kind: ComponentKind,
    goal: f64,
    c: &Components,
    model: &Model<'_>,
) -> Option<String> {
    let goal = goal.max(0.0);
    match kind {
        ComponentKind::Usage => {
            let (seats, mean) = (c.usage.seats?, c.usage.mean_active?);
            #[allow(clippy::cast_precision_loss)]
            let users = goal / 100.0 * model.config.usage.target_utilization * seats as f64;
            let fewer = (mean - users - TOLERANCE).ceil().max(1.0);
            let noun = if fewer > 1.0 { "users" } else { "user" };
            Some(format!("about {fewer:.0} fewer active {noun} a day"))
        }
        ComponentKind::Adoption => {
            #[allow(
                clippy::cast_precision_loss,
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss
            )]
            let features = (goal / 100.0 * c.adoption.key as f64 + TOLERANCE).floor() as usize;
            let fewer = c.adoption.used.saturating_sub(features).max(1);
            Some(format!("{fewer} fewer key feature{} in use", plural(fewer)))
        }
        ComponentKind::Support => support_fall(&c.support, goal, model),
        ComponentKind::Engagement => {
            let points = model.config.engagement;
            let e = &c.engagement;
            let broad = e.engaged.len() >= points.breadth_contacts as usize;
            let breadth = format!("fewer than {} contacts engaged", points.breadth_contacts);
            let held = [
                (e.sponsor, points.executive_sponsor, "the executive sponsor no longer engaged"),
                (e.champion, points.champion, "no champion engaged any more"),
                (e.economic_buyer, points.economic_buyer, "the economic buyer no longer engaged"),
                (broad, points.breadth, breadth.as_str()),
            ];
            let fall = e.value - goal;
            held.iter()
                .filter(|(on, p, _)| *on && *p + TOLERANCE >= fall)
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(_, _, what)| (*what).to_owned())
        }
    }
}

/// Support up to `goal`: the fewest open urgent and high tickets to resolve (urgent first, each
/// taking its penalty away), or the ratings' average that would give it with the same tickets
/// open (SPEC 4.1: `support = clamp(base - penalty, 0, 100)`).
fn support_rise(s: &Support, goal: f64, model: &Model<'_>) -> Option<String> {
    let config = model.config.support;
    let raw = s.base - s.penalty;
    let mut resolve = None;
    'search: for total in 1..=s.urgent_open + s.high_open {
        for urgent in (0..=total.min(s.urgent_open)).rev() {
            let high = total - urgent;
            if high > s.high_open {
                continue;
            }
            #[allow(clippy::cast_precision_loss)]
            let gain =
                config.urgent_open_penalty * urgent as f64 + config.high_open_penalty * high as f64;
            if (raw + gain).clamp(0.0, 100.0) + TOLERANCE >= goal {
                resolve = Some((urgent, high));
                break 'search;
            }
        }
    }
    let mut ways = Vec::new();
    if let Some((urgent, high)) = resolve {
        let parts: Vec<String> = [(urgent, "urgent"), (high, "high")]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{} {what}", count(*n)))
            .collect();
        ways.push(format!("resolve {} ticket{}", parts.join(" and "), plural(urgent + high)));
    }
    // The ratings must average `goal + penalty`, rounded up to a whole percent.
    let base = (goal + s.penalty - TOLERANCE).ceil().max(0.0);
    if base <= 100.0 && base > s.base + TOLERANCE {
        ways.push(ratings(base, s));
    }
    (!ways.is_empty()).then(|| ways.join(", or "))
}

/// Support down to `goal`: the fewest more urgent or high tickets open (high when as few do),
/// or the ratings' average that would give it.
fn support_fall(s: &Support, goal: f64, model: &Model<'_>) -> Option<String> {
    let config = model.config.support;
    let fall = s.value - goal;
    let needed = |penalty: f64| {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        (penalty > 0.0).then(|| ((fall / penalty) - TOLERANCE).ceil().max(1.0) as usize)
    };
    let tickets = match (needed(config.high_open_penalty), needed(config.urgent_open_penalty)) {
        (Some(high), Some(urgent)) if high <= urgent => Some((high, "high")),
        (_, Some(urgent)) => Some((urgent, "urgent")),
        (Some(high), None) => Some((high, "high")),
        (None, None) => None,
    };
    let mut ways: Vec<String> = tickets
        .map(|(n, what)| format!("{} more {what} ticket{} open", count(n), plural(n)))
        .into_iter()
        .collect();
    // The ratings must average at most `goal + penalty`, rounded down to a whole percent.
    let base = (goal + s.penalty + TOLERANCE).floor();
    if base >= 0.0 && base < s.base - TOLERANCE {
        ways.push(ratings(base, s));
    }
    (!ways.is_empty()).then(|| ways.join(", or "))
}

/// "ratings averaging 55 % instead of 80 %" (the base without ratings when there is none).
fn ratings(base: f64, s: &Support) -> String {
    let now = if (s.base - s.base.round()).abs() < TOLERANCE {
        format!("{:.0}", s.base)
    } else {
        tenths(s.base)
    };
    let without = if s.rated == 0 { " without ratings" } else { "" };
    format!("ratings averaging {base:.0} % instead of {now} %{without}")
}

/// "one", then digits.
fn count(n: usize) -> String {
    if n == 1 { "one".to_owned() } else { n.to_string() }
}

const fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
