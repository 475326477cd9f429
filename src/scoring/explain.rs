//! Explanations (SPEC 4.3): each component's inputs in words, its weighted contribution to
//! health, the smallest rise of each component that alone would lift the band, and the smallest
//! fall of each that alone would drop it a band.

mod hints;

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

/// What one component would have to do, alone, to drop the account a band.
#[derive(Debug, Clone, PartialEq)]
pub enum DropOutcome {
    /// Fall by this many component points (rounded up to a tenth so that the fall does drop the
    /// band, at most the whole value), with a hint in the component's own units.
    Fall { points: f64, hint: Option<String> },
    /// Even falling to 0 would not drop the band.
    NotReachable,
    /// The component has no value to lose.
    NoData,
}

/// The drop of one component.
#[derive(Debug, Clone, PartialEq)]
pub struct BandDrop {
    pub kind: ComponentKind,
    pub outcome: DropOutcome,
}

impl fmt::Display for BandDrop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.outcome {
            DropOutcome::Fall { points, hint } => {
                write!(f, "{} -{points:.1} points", self.kind.name())?;
                if let Some(hint) = hint {
                    write!(f, " ({hint})")?;
                }
                Ok(())
            }
            DropOutcome::NotReachable => {
                write!(f, "{}: cannot drop it alone, even at 0", self.kind.name())
            }
            DropOutcome::NoData => write!(f, "{}: no data", self.kind.name()),
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
    /// The band a drop would reach; `None` when at risk already or unscored.
    pub lower_band: Option<Band>,
    pub drops: Vec<BandDrop>,
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
        // Healthy drops below the healthy threshold, watch below the watch threshold.
        let lower = match score.health.band {
            Band::Healthy => Some((Band::Watch, bands.healthy)),
            Band::Watch => Some((Band::AtRisk, bands.watch)),
            Band::AtRisk | Band::Unscored => None,
        };
        let drops = lower.map_or_else(Vec::new, |(_, floor)| {
            let totals = Totals { sum, valued_weight };
            ComponentKind::ALL
                .iter()
                .zip(weighted)
                .map(|(&kind, (value, weight))| BandDrop {
                    kind,
                    outcome: drop(kind, value, weight, totals, floor, c, model),
                })
                .collect()
        });
        Self {
            components,
            next_band: next.map(|(band, _)| band),
            lifts,
            lower_band: lower.map(|(band, _)| band),
            drops,
        }
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
    LiftOutcome::Rise { points, hint: hints::rise(kind, value + points, c, model) }
}

/// The weighted sum of the valued components and the sum of their weights.
#[derive(Debug, Clone, Copy)]
struct Totals {
    sum: f64,
    valued_weight: f64,
}

/// The smallest fall `x` of one component with `round((sum - w x) / W) < floor`: the unrounded
/// health must go below `floor - 0.5` (landing on it is a tie, which rounds back up to `floor`).
fn drop(
    kind: ComponentKind,
    value: Option<f64>,
    weight: f64,
    totals: Totals,
    floor: i64,
    c: &Components,
    model: &Model<'_>,
) -> DropOutcome {
    let Some(value) = value else {
        return DropOutcome::NoData;
    };
    if weight <= 0.0 {
        return DropOutcome::NotReachable;
    }
    #[allow(clippy::cast_precision_loss)]
    let needed = (totals.sum - (floor as f64 - 0.5) * totals.valued_weight) / weight;
    // Falling to 0 must take strictly more than `needed`.
    if value <= needed + TIE_TOLERANCE {
        return DropOutcome::NotReachable;
    }
    // The next tenth strictly above `needed` (a fall of exactly `needed` lands on the tie), at
    // most the whole value.
    let points = ((((needed.max(0.0) + TIE_TOLERANCE) * 10.0).floor() + 1.0) / 10.0).min(value);
    DropOutcome::Fall { points, hint: hints::fall(kind, value - points, c, model) }
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
