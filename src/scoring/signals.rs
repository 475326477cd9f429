//! Risk signals (SPEC 4.4) and expansion signals (SPEC 4.5): stable codes, each with a one-line
//! reason a CSM can act on.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use super::components::{Components, mean_active_users};
use super::health::{Band, Health};
use super::model::Model;
use super::nps::latest_per_respondent;
use super::renewal::Renewal;
use super::rounding::{round_to_int, tenths};
use crate::domain::{
    AccountFacts, Advocacy, InteractionKind, OpportunityKind, OpportunityStatus, Priority, Role,
    Window, back,
};

macro_rules! codes {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every code, in the order of the spec's table.
            pub const ALL: &[Self] = &[$(Self::$variant),+];

            /// The stable code.
            #[must_use]
            pub const fn code(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

codes!(
    /// A risk signal's stable code.
    SignalCode {
        UsageDrop => "usage_drop",
        LowUtilization => "low_utilization",
        ChampionLeft => "champion_left",
        NoChampion => "no_champion",
        SingleThreaded => "single_threaded",
        Detractor => "detractor",
        Escalation => "escalation",
        HealthDecline => "health_decline",
        GoneDark => "gone_dark",
        RenewalAtRisk => "renewal_at_risk",
    }
);

codes!(
    /// An expansion signal's stable code.
    ExpansionCode {
        SeatLimit => "seat_limit",
        Advocate => "advocate",
        OpenUpsell => "open_upsell",
    }
);

/// A fired signal and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signal<C> {
    pub code: C,
    pub reason: String,
}

/// What the risk signals read besides the facts.
pub(super) struct SignalInputs<'s> {
    pub components: &'s Components,
    pub health: Health,
    pub delta: Option<i64>,
    pub previous_health: Option<i64>,
    pub renewal: Option<Renewal>,
}

/// The risk signals of an account at `d`, in the order of the spec's table.
pub(super) fn risk_signals(
    facts: &AccountFacts,
    model: &Model<'_>,
    d: NaiveDate,
    inputs: &SignalInputs<'_>,
) -> Vec<Signal<SignalCode>> {
    let config = model.config;
    let thresholds = config.signals;
    let mut fired = Vec::new();
    let mut fire = |code, reason: String| fired.push(Signal { code, reason });

    let recent = config.windows.recent;
    let previous = Window::ending(back(d, i64::from(recent)), recent);
    let p30 = mean_active_users(&facts.usage, previous);
    if let (Some(before), Some(now)) = (p30, inputs.components.usage.mean_active)
        && before > 0.0
        && now <= thresholds.usage_drop_ratio * before
    {
        let change = 100.0 * (now - before) / before;
        fire(
            SignalCode::UsageDrop,
            format!(
                "Active users fell from {} to {} a day on average ({:+} %) \
                 against the previous {recent} days",
                tenths(before),
                tenths(now),
                round_to_int(change)
            ),
        );
    }

    if let Some(utilization) = inputs.components.usage.utilization
        && utilization < thresholds.low_utilization
    {
        let mean = inputs.components.usage.mean_active.unwrap_or_default();
        let seats = inputs.components.usage.seats.unwrap_or_default();
        fire(
            SignalCode::LowUtilization,
            format!(
                "Only {} of {seats} licensed seats active on average ({} % utilization)",
                tenths(mean),
                round_to_int(utilization * 100.0)
            ),
        );
    }

    let left_window = Window::ending(d, config.windows.champion_left);
    if let Some(gone) = facts.contacts.iter().find(|c| {
        matches!(c.role, Role::Champion | Role::ExecutiveSponsor)
            && c.left_on.is_some_and(|left| left_window.contains(left))
    }) {
        let left = gone.left_on.map(|l| l.to_string()).unwrap_or_default();
        fire(
            SignalCode::ChampionLeft,
            format!("{} ({}) left the company on {left}", gone.name, gone.role.words()),
        );
    }

    if !facts.contacts.iter().any(|c| c.role == Role::Champion && c.is_current(d)) {
        fire(SignalCode::NoChampion, "No current contact is a champion".to_owned());
    }

    let engaged = inputs.components.engagement.engaged.len();
    if engaged < thresholds.single_threaded_below as usize {
        fire(
            SignalCode::SingleThreaded,
            format!(
                "{} engaged in the last {} days",
                match engaged {
                    0 => "No contact".to_owned(),
                    1 => "Only one contact".to_owned(),
                    n => format!("Only {n} contacts"),
                },
                config.windows.engagement
            ),
        );
    }

    let nps_window = Window::ending(d, config.windows.nps);
    let detractors: Vec<_> = latest_per_respondent(facts, d)
        .into_iter()
        .filter(|r| nps_window.contains(r.date) && r.score <= thresholds.detractor_max_score)
        .collect();
    if let Some(worst) = detractors.iter().min_by_key(|r| (r.score, std::cmp::Reverse(r.date))) {
        let who = worst
            .email
            .as_deref()
            .and_then(|e| {
                facts
                    .contacts
                    .iter()
                    .find(|c| c.email.as_deref().is_some_and(|ce| ce.eq_ignore_ascii_case(e)))
            })
            .map_or_else(|| "A respondent".to_owned(), |c| c.name.clone());
        let others = match detractors.len() {
            1 => String::new(),
            n => format!(" ({} detractors in all)", n),
        };
        fire(
            SignalCode::Detractor,
            format!("{who} answered NPS {} on {}{others}", worst.score, worst.date),
        );
    }

    let urgent: Vec<_> = facts
        .tickets
        .iter()
        .filter(|t| t.priority == Priority::Urgent && t.is_open_at(d))
        .collect();
    if let Some(oldest) = urgent.iter().min_by_key(|t| t.opened) {
        let count = match urgent.len() {
            1 => "An urgent ticket is".to_owned(),
            n => format!("{n} urgent tickets are"),
        };
        let subject = oldest.subject.as_deref().map(|s| format!(": {s}")).unwrap_or_default();
        fire(
            SignalCode::Escalation,
            format!("{count} open, the oldest since {}{subject}", oldest.opened),
        );
    }

    if let (Some(delta), Some(then), Some(now)) =
        (inputs.delta, inputs.previous_health, inputs.health.value)
        && delta <= thresholds.health_decline
    {
        fire(
            SignalCode::HealthDecline,
            format!(
                "Health fell {} points in {} days ({then} to {now})",
                -delta, config.windows.trend
            ),
        );
    }

    let dark = Window::ending(d, config.windows.gone_dark);
    let last_touch = facts
        .touches
        .iter()
        .filter(|t| t.kind != InteractionKind::Note && t.date <= d)
        .map(|t| t.date)
        .max();
    if !last_touch.is_some_and(|t| dark.contains(t)) {
        let last = last_touch.map(|t| format!(" (last touch {t})")).unwrap_or_default();
        fire(
            SignalCode::GoneDark,
            format!("No call, email or meeting in {} days{last}", config.windows.gone_dark),
        );
    }

    if let Some(renewal) = inputs.renewal
        && (0..=thresholds.renewal_at_risk_days).contains(&renewal.days)
        && inputs.health.band != Band::Healthy
    {
        fire(
            SignalCode::RenewalAtRisk,
            format!(
                "Renews in {} days on {} while {}",
                renewal.days,
                renewal.date,
                inputs.health.band.word()
            ),
        );
    }
    fired
}

/// The expansion signals of an account at `d`.
pub(super) fn expansion_signals(
    facts: &AccountFacts,
    model: &Model<'_>,
    components: &Components,
    band: Band,
) -> Vec<Signal<ExpansionCode>> {
    let mut fired = Vec::new();
    if let Some(utilization) = components.usage.utilization
        && utilization >= model.config.expansion.seat_limit
    {
        fired.push(Signal {
            code: ExpansionCode::SeatLimit,
            reason: format!(
                "{} % of {} licensed seats in use: room for more seats",
                round_to_int(utilization * 100.0),
                components.usage.seats.unwrap_or_default()
            ),
        });
    }
    if let Some(advocacy) = facts.account.advocacy
        && advocacy >= Advocacy::Advocate
        && band == Band::Healthy
    {
        fired.push(Signal {
            code: ExpansionCode::Advocate,
            reason: format!(
                "Healthy, with advocacy {advocacy}: ask for a reference or a case study"
            ),
        });
    }
    if let Some(upsell) = facts
        .opportunities
        .iter()
        .find(|o| o.kind == OpportunityKind::Expansion && o.status == OpportunityStatus::Open)
    {
        let name = upsell.name.as_deref().unwrap_or("An expansion opportunity");
        let close = upsell.close_date.map(|c| format!(", closing {c}")).unwrap_or_default();
        fired.push(Signal {
            code: ExpansionCode::OpenUpsell,
            reason: format!("{name} is open{close}"),
        });
    }
    fired
}
