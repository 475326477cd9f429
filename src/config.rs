//! The configuration: the scoring model's weights, thresholds and windows, the book's currency and
//! the playbooks.
//!
//! Defaults are `assets/config.toml`, embedded in the binary; a user file overrides any subset of
//! keys. This module only reads and validates; it must not decide where the file lives (see
//! `paths`) nor apply the model (see `scoring`).

mod playbooks;
mod rates;

use std::path::Path;

use serde::Deserialize;

pub use playbooks::{PathConfig, PathStep, PlaybooksConfig, RuleConfig};
pub use rates::{Rate, Rates};

/// The embedded default configuration.
pub const DEFAULT_TOML: &str = include_str!("../assets/config.toml");

/// A configuration that could not be used; the message names the file and the key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{origin}: {message}")]
    Invalid { origin: String, message: String },
}

/// Everything csm reads from its configuration.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub book: BookConfig,
    pub scoring: ScoringConfig,
    /// The playbooks' rules and onboarding paths (SPEC 5).
    pub playbooks: PlaybooksConfig,
    /// Key binding overrides, `[keymap.SECTION]` tables of `key = "action"` (see
    /// `assets/keymap.toml`); checked when the workspace starts.
    #[serde(default)]
    pub keymap: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
}

/// Settings of the book as a whole.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookConfig {
    /// ISO 4217 code of the book's currency.
    pub currency: String,
    /// What a unit of another currency is worth in the book's, for imported amounts.
    #[serde(default)]
    pub rates: Rates,
}

/// The scoring model of SPEC 4.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringConfig {
    pub key_features: Vec<String>,
    pub weights: Weights,
    pub windows: Windows,
    pub usage: UsageModel,
    pub support: SupportModel,
    pub engagement: EngagementModel,
    pub bands: Bands,
    pub signals: SignalThresholds,
    pub expansion: ExpansionThresholds,
}

/// Relative weights of the health components.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub usage: f64,
    pub adoption: f64,
    pub support: f64,
    pub engagement: f64,
}

/// Window lengths in days; every window ends on the as-of date and includes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Windows {
    pub recent: u32,
    pub support: u32,
    pub engagement: u32,
    pub champion_left: u32,
    pub nps: u32,
    pub gone_dark: u32,
    pub trend: u32,
    pub sparkline_weeks: u32,
}

/// The usage component's target.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageModel {
    pub target_utilization: f64,
}

/// The support component's base and penalties.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportModel {
    pub base_without_ratings: f64,
    pub urgent_open_penalty: f64,
    pub high_open_penalty: f64,
}

/// Points of the engagement component.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngagementModel {
    pub executive_sponsor: f64,
    pub champion: f64,
    pub economic_buyer: f64,
    pub breadth: f64,
    pub breadth_contacts: u32,
}

/// Lower bounds of the bands on the integer health.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bands {
    pub healthy: i64,
    pub watch: i64,
}

/// Thresholds of the risk signals.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignalThresholds {
    pub usage_drop_ratio: f64,
    pub low_utilization: f64,
    pub single_threaded_below: u32,
    pub detractor_max_score: u8,
    pub health_decline: i64,
    pub renewal_at_risk_days: i64,
}

/// Thresholds of the expansion signals.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpansionThresholds {
    pub seat_limit: f64,
}

impl Default for Config {
    fn default() -> Self {
        Self::from_toml_str(DEFAULT_TOML, "built-in configuration")
            .expect("the built-in configuration is valid (a test checks it)")
    }
}

impl Config {
    /// The defaults overridden by the user file at `path`, when it exists.
    ///
    /// # Errors
    /// The file cannot be read, is not TOML, has an unknown key or a value out of range.
    pub fn load(path: Option<&Path>) -> Result<Self, ConfigError> {
        let Some(path) = path.filter(|p| p.exists()) else {
            return Ok(Self::default());
        };
        let text = std::fs::read_to_string(path)
            .map_err(|source| ConfigError::Read { path: path.display().to_string(), source })?;
        Self::from_toml_str(&text, &path.display().to_string())
    }

    /// The defaults overridden by the TOML document `text`; `origin` names it in errors.
    ///
    /// # Errors
    /// As [`Config::load`].
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Self, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid { origin: origin.to_owned(), message };
        let mut merged: toml::Table = DEFAULT_TOML.parse().map_err(|e| invalid(format!("{e}")))?;
        let user: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| invalid(e.to_string().trim_end().replace('\n', " ")))?;
        merge(&mut merged, user);
        let config: Self = serde_path_to_error::deserialize(toml::Value::Table(merged))
            .map_err(|e| invalid(format!("key `{}`: {}", e.path(), e.inner().message())))?;
        config.validate().map_err(invalid)?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), String> {
        let s = &self.scoring;
        let weights = [
            ("usage", s.weights.usage),
            ("adoption", s.weights.adoption),
            ("support", s.weights.support),
            ("engagement", s.weights.engagement),
        ];
        for (name, w) in weights {
            if !(w.is_finite() && w >= 0.0) {
                return Err(format!(
                    "key `scoring.weights.{name}`: must be a number >= 0, got {w}"
                ));
            }
        }
        if let Some(i) = s.key_features.iter().position(|f| f.trim().is_empty()) {
            return Err(format!("key `scoring.key_features`: entry {} is blank", i + 1));
        }
        let currency = &self.book.currency;
        if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(format!(
                "key `book.currency`: must be a three-letter ISO code like USD, got {currency:?}"
            ));
        }
        self.book.rates.check_against(currency)?;
        let w = s.windows;
        for (name, days) in [
            ("recent", w.recent),
            ("support", w.support),
            ("engagement", w.engagement),
            ("champion_left", w.champion_left),
            ("nps", w.nps),
            ("gone_dark", w.gone_dark),
            ("trend", w.trend),
        ] {
            if !(1..=3660).contains(&days) {
                return Err(format!(
                    "key `scoring.windows.{name}`: must be 1 to 3660 days, got {days}"
                ));
            }
        }
        if !(1..=104).contains(&w.sparkline_weeks) {
            return Err(format!(
                "key `scoring.windows.sparkline_weeks`: must be 1 to 104, got {}",
                w.sparkline_weeks
            ));
        }
        if !(s.usage.target_utilization > 0.0 && s.usage.target_utilization <= 10.0) {
            return Err(format!(
                "key `scoring.usage.target_utilization`: must be above 0, got {}",
                s.usage.target_utilization
            ));
        }
        if !(0..=100).contains(&s.bands.watch) || !(0..=100).contains(&s.bands.healthy) {
            return Err("key `scoring.bands`: bounds must lie in 0..=100".to_owned());
        }
        if s.bands.healthy <= s.bands.watch {
            return Err(format!(
                "key `scoring.bands.healthy`: must be above scoring.bands.watch ({}), got {}",
                s.bands.watch, s.bands.healthy
            ));
        }
        let ratio = s.signals.usage_drop_ratio;
        if !(ratio > 0.0 && ratio < 1.0) {
            return Err(format!(
                "key `scoring.signals.usage_drop_ratio`: must lie between 0 and 1, got {ratio}"
            ));
        }
        if s.signals.detractor_max_score > 10 {
            return Err("key `scoring.signals.detractor_max_score`: must be 0 to 10".to_owned());
        }
        self.playbooks.validate()
    }
}

/// Overlays `user` on `base`, table by table, so a user file can change a single key.
fn merge(base: &mut toml::Table, user: toml::Table) {
    for (key, value) in user {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(base_table)), toml::Value::Table(user_table)) => {
                merge(base_table, user_table);
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_defaults_are_the_spec_model() {
        let config = Config::default();
        let s = &config.scoring;
        assert_eq!(config.book.currency, "USD");
        assert_eq!(
            (s.weights.usage, s.weights.adoption, s.weights.support, s.weights.engagement),
            (40.0, 30.0, 20.0, 10.0)
        );
        assert_eq!((s.bands.healthy, s.bands.watch), (70, 40));
        assert_eq!(s.usage.target_utilization, 0.8);
        assert!(s.key_features.is_empty());
    }

    #[test]
    fn a_user_file_overrides_one_key_and_keeps_the_rest() {
        let config = Config::from_toml_str("[scoring.weights]\nusage = 50\n", "user.toml").unwrap();
        assert_eq!(config.scoring.weights.usage, 50.0);
        assert_eq!(config.scoring.weights.adoption, 30.0);
    }

    #[test]
    fn an_unknown_key_is_named() {
        let err =
            Config::from_toml_str("[scoring.weights]\nusgae = 50\n", "user.toml").unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("user.toml: key `scoring.weights"), "{message}");
        assert!(message.contains("usgae"), "{message}");
    }

    #[test]
    fn a_wrong_type_is_named() {
        let err = Config::from_toml_str("[scoring.bands]\nhealthy = \"high\"\n", "user.toml")
            .unwrap_err();
        assert!(err.to_string().contains("scoring.bands.healthy"), "{err}");
    }

    #[test]
    fn inconsistent_values_are_named() {
        let err = Config::from_toml_str("[scoring.bands]\nhealthy = 30\n", "u.toml").unwrap_err();
        assert!(err.to_string().contains("scoring.bands.healthy"), "{err}");
        let err = Config::from_toml_str("[scoring.weights]\nusage = -1\n", "u.toml").unwrap_err();
        assert!(err.to_string().contains("scoring.weights.usage"), "{err}");
    }

    #[test]
    fn a_blank_key_feature_is_refused() {
        let err = Config::from_toml_str("[scoring]\nkey_features = [\"API\", \" \"]\n", "u.toml")
            .unwrap_err();
        assert_eq!(err.to_string(), "u.toml: key `scoring.key_features`: entry 2 is blank");
    }

    #[test]
    fn broken_toml_is_reported_with_its_origin() {
        let err = Config::from_toml_str("[scoring\n", "u.toml").unwrap_err();
        assert!(err.to_string().starts_with("u.toml: "), "{err}");
    }
}
