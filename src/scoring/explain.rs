//! Explanations (SPEC 4.3): each component's inputs in words, its weighted contribution to
//! health, and the smallest rise of each component that alone would lift the band.

use std::fmt;

use super::AccountScore;
use super::components::Components;
use super::health::Band;
use super::model::Model;
use super::rounding::{round_to_int, tenths};

/// Tolerance of the tie rule, so the lift lands exactly on `n + 0.5`.
const TIE_TOLERANCE: f64 = 1e-9;

/// One of the four health components.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ComponentKind {
    Usage,
    Adoption,
    Support,
    Engagement,
}

impl ComponentKind {
    /// The four, in the order of the spec.
    pub const ALL: [Self; 4] = [Self::Usage, Self::Adoption, Self::Support, Self::Engagement];

    /// The component's name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Usage => "usage",
            Self::Adoption => "adoption",
            Self::Support => "support",
            Self::Engagement => "engagement",
        }
    }
}

/// One component explained.
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentExplanation {
    pub kind: ComponentKind,
    pub value: Option<f64>,
    pub weight: f64,
    /// Points of health this component contributes (`weight x value / sum of valued weights`).
    pub contribution: Option<f64>,
    /// The inputs in words.
    pub inputs: String,
}

/// What one component would have to do, alone, to lift the account to the next band.
#[derive(Debug, Clone, PartialEq)]
pub enum LiftOutcome {
    /// Rise by this many component points (rounded up to a tenth), with a hint in the
    /// component's own units.
    Rise { points: f64, hint: Option<String> },
    /// Even 100 would not be enough.
    NotReachable,
    /// The component has no value to raise.
    NoData,
}

/// The lift of one component.
#[derive(Debug, Clone, PartialEq)]
pub struct BandLift {
    pub kind: ComponentKind,
    pub outcome: LiftOutcome,
}

impl fmt::Display for BandLift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.outcome {
            LiftOutcome::Rise { points, hint } => {
                write!(f, "{} +{points:.1} points", self.kind.name())?;
                if let Some(hint) = hint {
                    write!(f, " ({hint})")?;
                }
                Ok(())
            }
            LiftOutcome::NotReachable => {
                write!(f, "{}: not reachable by this component alone", self.kind.name())
            }
            LiftOutcome::NoData => write!(f, "{}: no data", self.kind.name()),
        }
    }
}

/// The explanation of an account's score.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub components: Vec<ComponentExplanation>,
    /// The band a lift would reach; `None` when already in the top band or unscored.
    pub next_band: Option<Band>,
    pub lifts: Vec<BandLift>,
}

impl Explanation {
    /// Explains `score` under `model`.
    #[must_use]
    pub fn of(score: &AccountScore, model: &Model<'_>) -> Self {
        let c = &score.components;
        let weighted = c.weighted(model);
        let valued_weight: f64 = weighted.iter().filter(|(v, _)| v.is_some()).map(|(_, w)| w).sum();
        let sum: f64 = weighted.iter().filter_map(|(v, w)| v.map(|v| v * w)).sum();
        let components = ComponentKind::ALL
            .iter()
            .zip(weighted)
            .map(|(&kind, (value, weight))| ComponentExplanation {
                kind,
                value,
                weight,
                contribution: value
                    .filter(|_| valued_weight > 0.0)
                    .map(|v| v * weight / valued_weight),
                inputs: describe(kind, c, model),
            })
            .collect();
        let bands = model.config.bands;
        let next = match score.health.band {
            Band::AtRisk => Some((Band::Watch, bands.watch)),
            Band::Watch => Some((Band::Healthy, bands.healthy)),
            Band::Healthy | Band::Unscored => None,
        };
        let lifts = next.map_or_else(Vec::new, |(_, target)| {
            ComponentKind::ALL
                .iter()
                .zip(weighted)
                .map(|(&kind, (value, weight))| BandLift {
                    kind,
                    outcome: lift(kind, value, weight, sum, valued_weight, target, c, model),
                })
                .collect()
        });
        Self { components, next_band: next.map(|(band, _)| band), lifts }
    }
}

/// The smallest rise `x` of one component with `round((sum + w x) / W) >= target`, i.e. the
/// unrounded health reaching `target - 0.5` (a tie rounds up).
#[allow(clippy::too_many_arguments)]
fn lift(
    kind: ComponentKind,
    value: Option<f64>,
    weight: f64,
    sum: f64,
    valued_weight: f64,
    target: i64,
    c: &Components,
    model: &Model<'_>,
) -> LiftOutcome {
    let Some(value) = value else {
        return LiftOutcome::NoData;
    };
    if weight <= 0.0 {
        return LiftOutcome::NotReachable;
    }
    #[allow(clippy::cast_precision_loss)]
    let needed = ((target as f64 - 0.5) * valued_weight - sum) / weight;
    if value + needed > 100.0 + TIE_TOLERANCE {
        return LiftOutcome::NotReachable;
    }
    // Rounded up to a tenth, so that rising by the shown amount does reach the band.
    let points = ((needed - TIE_TOLERANCE) * 10.0).ceil().max(1.0) / 10.0;
    LiftOutcome::Rise { points, hint: hint(kind, value + points, c, model) }
}

/// The rise in the component's own units: active users, key features, engaged roles.
fn hint(kind: ComponentKind, goal: f64, c: &Components, model: &Model<'_>) -> Option<String> {
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
                ((goal.min(100.0) / 100.0 * c.adoption.key as f64) - 1e-9).ceil() as usize;
            let more = features.saturating_sub(c.adoption.used).max(1);
            Some(format!("{more} more key feature{} in use", if more == 1 { "" } else { "s" }))
        }
        ComponentKind::Support => {
            let s = &c.support;
            (s.urgent_open + s.high_open > 0)
                .then(|| "resolve the open urgent and high tickets".to_owned())
        }
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
                .filter(|(open, p, _)| *open && *p + TIE_TOLERANCE >= rise)
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(_, _, what)| (*what).to_owned())
        }
    }
}

/// A component's inputs in words.
fn describe(kind: ComponentKind, c: &Components, model: &Model<'_>) -> String {
    let windows = model.config.windows;
    match kind {
        ComponentKind::Usage => match (c.usage.mean_active, c.usage.seats) {
            (Some(mean), Some(seats)) => format!(
                "{} of {seats} seats active on average over {} days ({} % utilization, target {} %)",
                tenths(mean),
                windows.recent,
                round_to_int(c.usage.utilization.unwrap_or_default() * 100.0),
                round_to_int(model.config.usage.target_utilization * 100.0)
            ),
            (None, _) => format!("no usage data in the last {} days", windows.recent),
            (Some(mean), None) => {
                format!("{} users active on average, but no licensed seats on record", tenths(mean))
            }
        },
        ComponentKind::Adoption => {
            let a = &c.adoption;
            if a.key == 0 {
                "no key features defined and none seen in usage data".to_owned()
            } else if a.value.is_none() {
                "no feature usage data yet".to_owned()
            } else {
                let unused: Vec<&str> = a.unused.iter().map(|&id| model.feature_name(id)).collect();
                let tail = if unused.is_empty() {
                    String::new()
                } else {
                    format!("; unused: {}", unused.join(", "))
                };
                format!(
                    "{} of {} key features used in the last {} days{tail}",
                    a.used, a.key, windows.recent
                )
            }
        }
        ComponentKind::Support => {
            let s = &c.support;
            let base = match s.rated {
                0 => format!(
                    "no rated tickets in {} days (base {})",
                    windows.support,
                    round_to_int(s.base)
                ),
                n => format!(
                    "{n} rated ticket{} in {} days averaging {} %",
                    if n == 1 { "" } else { "s" },
                    windows.support,
                    round_to_int(s.base)
                ),
            };
            let mut open = Vec::new();
            if s.urgent_open > 0 {
                open.push(format!("{} urgent open", s.urgent_open));
            }
            if s.high_open > 0 {
                open.push(format!("{} high open", s.high_open));
            }
            if open.is_empty() {
                base
            } else {
                format!("{base}; {} (-{:.0})", open.join(", "), s.penalty)
            }
        }
        ComponentKind::Engagement => {
            let e = &c.engagement;
            let roles: Vec<&str> = [
                (e.sponsor, "executive sponsor"),
                (e.champion, "champion"),
                (e.economic_buyer, "economic buyer"),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, name)| *name)
            .collect();
            let who = if roles.is_empty() {
                "no key role engaged".to_owned()
            } else {
                format!("engaged: {}", roles.join(", "))
            };
            format!(
                "{who}; {} contact{} engaged in {} days",
                e.engaged.len(),
                if e.engaged.len() == 1 { "" } else { "s" },
                windows.engagement
            )
        }
    }
}
