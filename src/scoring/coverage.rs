//! How much of the model a health score rests on: the share of the model's weights whose
//! component had data. An account scored on less than half of the weight (no usage and no feature
//! data, say) is *thin*: its number is shown with a marker and the reason, so that an imported
//! account scoring "healthy 70" on support and engagement alone is not taken at its word.
//!
//! This is a figure beside the health, never part of it: the health of SPEC 4.2 does not change.

use super::components::Components;
use super::explain::ComponentKind;
use super::model::Model;

/// A score resting on less than this share of the model's weights is thin.
pub const THIN_BELOW: f64 = 0.5;

/// Which components had data, and the share of the model's weights they carry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coverage {
    /// `sum of valued weights / sum of all weights`, 0-1; 0 when every weight is 0.
    pub share: f64,
    /// Usage, adoption, support and engagement: whether each had data.
    pub valued: [bool; 4],
}

impl Coverage {
    /// The coverage of `components` under `model`.
    #[must_use]
    pub fn of(components: &Components, model: &Model<'_>) -> Self {
        let weighted = components.weighted(model);
        Self::from_parts(weighted.map(|(v, _)| v.is_some()), weighted.map(|(_, w)| w))
    }

    /// The coverage of components valued as `valued` under `weights` (usage, adoption, support,
    /// engagement). A negative weight counts as 0.
    #[must_use]
    pub fn from_parts(valued: [bool; 4], weights: [f64; 4]) -> Self {
        let weights = weights.map(|w| w.max(0.0));
        let total: f64 = weights.iter().sum();
        let covered: f64 = valued.iter().zip(weights).filter(|(on, _)| **on).map(|(_, w)| w).sum();
        let share = if total > 0.0 { (covered / total).clamp(0.0, 1.0) } else { 0.0 };
        Self { share, valued }
    }

    /// Whether a score with this coverage is thin: it rests on less than half of the weight.
    /// An unscored account is not thin: it has no number to doubt.
    #[must_use]
    pub fn is_thin(self, scored: bool) -> bool {
        scored && self.share < THIN_BELOW - 1e-9
    }

    /// "based on support and engagement only": the components the score rests on, when thin.
    #[must_use]
    pub fn reason(self, scored: bool) -> Option<String> {
        if !self.is_thin(scored) {
            return None;
        }
        let names: Vec<&str> = ComponentKind::ALL
            .iter()
            .zip(self.valued)
            .filter(|(_, on)| *on)
            .map(|(kind, _)| kind.name())
            .collect();
        let list = match names.as_slice() {
            [] => "no component".to_owned(),
            [one] => (*one).to_owned(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        };
        Some(format!("based on {list} only"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT: [f64; 4] = [40.0, 30.0, 20.0, 10.0];

    #[test]
    fn the_share_of_the_weights_with_data_worked_out_by_hand() {
        // Weights 40 / 30 / 20 / 10, total 100.
        let cases = [
            // Everything: 100 / 100.
            ([true, true, true, true], 1.0, false),
            // No adoption: (40 + 20 + 10) / 100 = 0.7.
            ([true, false, true, true], 0.7, false),
            // No usage: (30 + 20 + 10) / 100 = 0.6.
            ([false, true, true, true], 0.6, false),
            // Neither: (20 + 10) / 100 = 0.3, thin.
            ([false, false, true, true], 0.3, true),
        ];
        for (valued, share, thin) in cases {
            let c = Coverage::from_parts(valued, DEFAULT);
            assert!((c.share - share).abs() < 1e-12, "{valued:?}: {}", c.share);
            assert_eq!(c.is_thin(true), thin, "{valued:?}");
        }
    }

    #[test]
    fn exactly_half_is_not_thin_and_unscored_is_never_thin() {
        // Weights 25 / 25 / 25 / 25 without usage and adoption: 50 / 100 = 0.5, not less.
        let half = Coverage::from_parts([false, false, true, true], [25.0; 4]);
        assert!((half.share - 0.5).abs() < 1e-12);
        assert!(!half.is_thin(true));
        let none = Coverage::from_parts([false; 4], [0.0; 4]);
        assert!(none.share.abs() < 1e-12);
        assert!(!none.is_thin(false));
        assert_eq!(none.reason(false), None);
    }

    #[test]
    fn the_reason_names_the_components_the_score_rests_on() {
        let thin = Coverage::from_parts([false, false, true, true], DEFAULT);
        assert_eq!(thin.reason(true).as_deref(), Some("based on support and engagement only"));
        // Usage weighed 0 and adoption 90: support, engagement and usage carry 10 of 100.
        let three = Coverage::from_parts([true, false, true, true], [0.0, 90.0, 5.0, 5.0]);
        assert_eq!(
            three.reason(true).as_deref(),
            Some("based on usage, support and engagement only")
        );
        assert_eq!(Coverage::from_parts([true; 4], DEFAULT).reason(true), None);
    }
}
