//! The configuration: the scoring model's weights, thresholds and windows, the book's currency,
//! the playbooks and the workspace's colours.
//!
//! Defaults are `assets/config.toml`, embedded in the binary; a user file overrides any subset of
//! keys. This module only reads and validates; it must not decide where the file lives (see
//! `paths`) nor apply the model (see `scoring`).

mod checks;
mod playbooks;
mod rates;
mod theme;

use serde::Deserialize;

use crate::paths::ConfigFile;

pub use playbooks::{PathConfig, PathStep, PlaybooksConfig, RuleConfig};
pub use rates::{Rate, Rates};
pub use theme::{Selection, ThemeConfig};

/// The embedded default configuration.
pub const DEFAULT_TOML: &str = include_str!("../assets/config.toml");

/// The largest configuration or header map csm reads: far above any real one, and a bound on
/// what a device or a wrong file named as one (an endless stream of zeros) can make csm hold.
pub const MAX_TEXT_FILE_BYTES: u64 = 1024 * 1024;

/// The text of the small file at `path` (a configuration, a header map): at most
/// [`MAX_TEXT_FILE_BYTES`], else an error of kind `FileTooLarge`.
///
/// # Errors
/// The file cannot be read, is not UTF-8, or is larger than the limit.
pub fn read_text_file(path: &std::path::Path) -> std::io::Result<String> {
    use std::io::Read as _;
    let mut text = String::new();
    std::fs::File::open(path)?.take(MAX_TEXT_FILE_BYTES + 1).read_to_string(&mut text)?;
    if text.len() as u64 > MAX_TEXT_FILE_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!(
                "larger than {} MiB, more than any configuration or header map holds",
                MAX_TEXT_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(text)
}

/// A configuration that could not be used; the message names the file and the key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("no configuration file at {path} (named by --config or CSM_CONFIG)")]
    Missing { path: String },
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
    /// The workspace's colours (SPEC 10), shown unless `NO_COLOR` is set.
    pub theme: ThemeConfig,
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
    /// The defaults overridden by the user file `file`: a file named by the user must exist,
    /// the default one may be missing (then the defaults apply).
    ///
    /// # Errors
    /// The file is missing though named, cannot be read, is not TOML, has an unknown key or a
    /// value out of range.
    pub fn load(file: &ConfigFile) -> Result<Self, ConfigError> {
        let path = match file {
            ConfigFile::Named(path) => path,
            ConfigFile::Default(Some(path)) if path.exists() => path,
            ConfigFile::Default(_) => return Ok(Self::default()),
        };
        let text = read_text_file(path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                ConfigError::Missing { path: crate::domain::shown_path(path) }
            } else {
                ConfigError::Read { path: crate::domain::shown_path(path), source }
            }
        })?;
        Self::from_toml_str(&text, &crate::domain::shown_path(path))
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
        theme::check_written(text, &user).map_err(invalid)?;
        merge(&mut merged, user);
        let config: Self = serde_path_to_error::deserialize(toml::Value::Table(merged))
            .map_err(|e| invalid(format!("key `{}`: {}", e.path(), e.inner().message())))?;
        config.validate().map_err(invalid)?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), String> {
        let s = &self.scoring;
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
        checks::scoring(s)?;
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

    /// Every number of `table`, as (key path, leaf name); an array's items are numbered.
    fn numbers(table: &toml::Table, out: &mut Vec<(Vec<String>, String)>) {
        fn walk(value: &toml::Value, path: &[String], out: &mut Vec<(Vec<String>, String)>) {
            match value {
                toml::Value::Integer(_) | toml::Value::Float(_) => {
                    out.push((path.to_vec(), path.last().cloned().unwrap_or_default()));
                }
                toml::Value::Table(t) => {
                    for (k, v) in t {
                        walk(v, &[path, std::slice::from_ref(k)].concat(), out);
                    }
                }
                toml::Value::Array(items) => {
                    for (i, v) in items.iter().enumerate() {
                        walk(v, &[path, &[i.to_string()]].concat(), out);
                    }
                }
                _ => {}
            }
        }
        walk(&toml::Value::Table(table.clone()), &[], out);
    }

    fn set(value: &mut toml::Value, path: &[String], new: toml::Value) {
        match (path, value) {
            ([], slot) => *slot = new,
            ([first, rest @ ..], toml::Value::Table(t)) => {
                set(t.get_mut(first).unwrap(), rest, new)
            }
            ([first, rest @ ..], toml::Value::Array(a)) => {
                set(&mut a[first.parse::<usize>().unwrap()], rest, new);
            }
            _ => unreachable!("a path of the default configuration"),
        }
    }

    #[test]
    fn every_number_of_the_configuration_is_checked_and_named() {
        let defaults: toml::Table = DEFAULT_TOML.parse().unwrap();
        let mut keys = Vec::new();
        numbers(&defaults, &mut keys);
        assert!(keys.len() > 40, "{} numbers", keys.len());
        let bad = [
            toml::Value::Float(f64::NAN),
            toml::Value::Float(f64::INFINITY),
            toml::Value::Float(f64::NEG_INFINITY),
            toml::Value::Float(1e308),
            toml::Value::Float(-1e308),
            toml::Value::Integer(i64::MAX),
            toml::Value::Integer(i64::MIN),
        ];
        for (path, leaf) in &keys {
            let full = path.join(".");
            for value in &bad {
                let mut user = toml::Value::Table(defaults.clone());
                set(&mut user, path, value.clone());
                let text = toml::to_string(&user).unwrap();
                let message = match Config::from_toml_str(&text, "u.toml") {
                    Ok(_) => panic!("`{full} = {value}` was accepted"),
                    Err(e) => e.to_string(),
                };
                // A playbook rule or path is named with the setting inside it.
                let owner = path[..3.min(path.len())].join(".");
                let named = message.contains(&format!("key `{full}`"))
                    || (full.starts_with("playbooks.")
                        && message.contains(&format!("key `{owner}"))
                        && message.contains(leaf.as_str()));
                assert!(named, "`{full} = {value}`: {message}");
            }
        }
    }

    #[test]
    fn numbers_that_broke_the_model_are_refused_with_their_key() {
        for (text, expected) in [
            (
                "[scoring.weights]\nsupport = 1e308\n",
                "u.toml: key `scoring.weights.support`: 1e308 is out of range 0..=100",
            ),
            (
                "[scoring.weights]\nusage = 1e308\nadoption = 1e308\n",
                "u.toml: key `scoring.weights.usage`: 1e308 is out of range 0..=100",
            ),
            (
                "[scoring.support]\nbase_without_ratings = nan\n",
                "u.toml: key `scoring.support.base_without_ratings`: nan is not a number; \
                 expected 0..=100",
            ),
            (
                "[scoring.support]\nhigh_open_penalty = inf\n",
                "u.toml: key `scoring.support.high_open_penalty`: inf is out of range 0..=100",
            ),
            (
                "[scoring.engagement]\nexecutive_sponsor = -1000\n",
                "u.toml: key `scoring.engagement.executive_sponsor`: -1000 is out of range \
                 0..=100",
            ),
            (
                "[scoring.expansion]\nseat_limit = nan\n",
                "u.toml: key `scoring.expansion.seat_limit`: nan is not a number; expected 0..=1",
            ),
            (
                "[scoring.signals]\nlow_utilization = 1.5\n",
                "u.toml: key `scoring.signals.low_utilization`: 1.5 is out of range 0..=1",
            ),
            (
                "[scoring.usage]\ntarget_utilization = 0\n",
                "u.toml: key `scoring.usage.target_utilization`: 0 is out of range: must be \
                 above 0 and at most 1",
            ),
            (
                "[scoring.windows]\nnps = 3651\n",
                "u.toml: key `scoring.windows.nps`: 3651 is out of range 1..=3650",
            ),
            (
                "[scoring.bands]\nwatch = -1\n",
                "u.toml: key `scoring.bands.watch`: -1 is out of range 0..=100",
            ),
            (
                "[scoring.weights]\nusage = 0\nadoption = 0\nsupport = 0\nengagement = 0\n",
                "u.toml: key `scoring.weights`: every weight is 0; at least one must be above 0 \
                 or no account has a health",
            ),
        ] {
            let err = Config::from_toml_str(text, "u.toml").unwrap_err();
            assert_eq!(err.to_string(), expected, "{text}");
        }
        // The range's ends are values, and some weights may be 0.
        let edges = "[scoring.weights]\nusage = 0\nadoption = 100\nsupport = 0\nengagement = 0\n\
                     [scoring.windows]\nnps = 3650\n[scoring.usage]\ntarget_utilization = 1\n";
        Config::from_toml_str(edges, "u.toml").unwrap();
    }

    #[test]
    fn a_file_too_large_for_a_configuration_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let named = dir.path().join("huge.toml");
        let mut text = "#".repeat(usize::try_from(MAX_TEXT_FILE_BYTES).unwrap() - 1);
        text.push('\n');
        std::fs::write(&named, &text).unwrap();
        assert!(Config::load(&ConfigFile::Named(named.clone())).is_ok(), "at the limit");
        text.push('\n');
        std::fs::write(&named, &text).unwrap();
        let err = Config::load(&ConfigFile::Named(named)).unwrap_err().to_string();
        assert!(err.contains("larger than 1 MiB"), "{err}");
    }

    #[test]
    fn a_named_file_must_exist_and_the_default_one_may_not() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.toml");
        let err = Config::load(&ConfigFile::Named(missing.clone())).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "no configuration file at {} (named by --config or CSM_CONFIG)",
                missing.display()
            )
        );
        assert_eq!(Config::load(&ConfigFile::Default(Some(missing))).unwrap(), Config::default());
        assert_eq!(Config::load(&ConfigFile::Default(None)).unwrap(), Config::default());
        let named = dir.path().join("named.toml");
        std::fs::write(&named, "[scoring.weights]\nusage = 50\n").unwrap();
        let config = Config::load(&ConfigFile::Named(named)).unwrap();
        assert_eq!(config.scoring.weights.usage, 50.0);
    }

    #[test]
    fn broken_toml_is_reported_with_its_origin() {
        let err = Config::from_toml_str("[scoring\n", "u.toml").unwrap_err();
        assert!(err.to_string().starts_with("u.toml: "), "{err}");
    }
}
