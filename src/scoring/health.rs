//! Health (SPEC 4.2): the weighted mean of the valued components, its integer and its band.

use std::fmt;

use serde::Serialize;

use super::components::Components;
use super::model::Model;
use super::rounding::round_to_int;
use crate::config::Bands;

/// The band of an integer health; `Unscored` when no component has a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    AtRisk,
    Watch,
    Healthy,
    Unscored,
}

impl Band {
    /// Every band, most urgent first.
    pub const ALL: [Self; 4] = [Self::AtRisk, Self::Watch, Self::Healthy, Self::Unscored];

    /// The band of the integer `health` under `bands`.
    #[must_use]
    pub fn of(health: Option<i64>, bands: Bands) -> Self {
        match health {
            None => Self::Unscored,
            Some(h) if h >= bands.healthy => Self::Healthy,
            Some(h) if h >= bands.watch => Self::Watch,
            Some(_) => Self::AtRisk,
        }
    }

    /// The stable code used in reports and the configuration.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::AtRisk => "at_risk",
            Self::Watch => "watch",
            Self::Healthy => "healthy",
            Self::Unscored => "unscored",
        }
    }

    /// The band of a stable code.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.code() == code)
    }

    /// The word shown beside the colour, so colour never carries meaning alone.
    #[must_use]
    pub const fn word(self) -> &'static str {
        match self {
            Self::AtRisk => "at risk",
            Self::Watch => "watch",
            Self::Healthy => "healthy",
            Self::Unscored => "unscored",
        }
    }
}

impl fmt::Display for Band {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An account's health at one date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Health {
    /// The unrounded weighted mean, `None` when unscored.
    pub exact: Option<f64>,
    /// The integer health, rounded half away from zero.
    pub value: Option<i64>,
    pub band: Band,
}

impl Health {
    /// The health of `components` under `model`.
    #[must_use]
    pub fn of(components: &Components, model: &Model<'_>) -> Self {
        let (sum, weights) = components
            .weighted(model)
            .iter()
            .filter_map(|&(value, weight)| value.map(|v| (v * weight, weight)))
            .fold((0.0, 0.0), |(s, w), (vw, weight)| (s + vw, w + weight));
        // A configuration can weigh every valued component 0: then nothing scores the account.
        let exact = (weights > 0.0).then(|| sum / weights);
        let value = exact.map(round_to_int);
        Self { exact, value, band: Band::of(value, model.config.bands) }
    }
}
