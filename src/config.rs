//! The configuration: the scoring model's weights, thresholds and windows, the book's currency,
//! the playbooks and the workspace's colours.
//!
//! Defaults are `assets/config.toml`, embedded in the binary; a user file overrides any subset of
//! keys. This module only reads and validates; it must not decide where the file lives (see
//! `paths`) nor apply the model (see `scoring`), and it knows no module but `domain`: a section
//! whose meaning belongs to another module (the playbooks' rules) is checked by a function the
//! application gives [`Config::load`].

mod checks;
mod outcomes;
mod playbooks;
mod rates;
mod theme;

use serde::Deserialize;

pub use outcomes::{OutcomesConfig, Priors};
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

/// The configuration file to read (`paths` says which), and whether it must exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigFile {
    /// Named by `--config` or `CSM_CONFIG`: the user asked for this file, so it must exist.
    Named(std::path::PathBuf),
    /// The platform's default place (none when the platform has no config directory): a
    /// missing file there means the built-in defaults.
    Default(Option<std::path::PathBuf>),
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
    /// Renewal outcomes: the backtest's lead, the band rates' priors, the forecast (SPEC 12).
    pub outcomes: OutcomesConfig,
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
    /// The defaults overridden by the user file `file`, checked by this module and by `check`: a
    /// file named by the user must exist, the default one may be missing (then the defaults
    /// apply, unchecked by `check`: a test of each check holds them valid).
    ///
    /// `check` is the part of the checking that belongs to the module applying a section (the
    /// playbooks check their rules): its `Err` says what is wrong as "key `…`: …", and the file
    /// is refused with it.
    ///
    /// # Errors
    /// The file is missing though named, cannot be read, is not TOML, has an unknown key or a
    /// value out of range, or `check` refuses it.
    pub fn load(
        file: &ConfigFile,
        check: impl Fn(&Self) -> Result<(), String>,
    ) -> Result<Self, ConfigError> {
        match read_file(file)? {
            Some((text, origin)) => Self::from_toml_str_checked(&text, &origin, check),
            None => Ok(Self::default()),
        }
    }

    /// The configuration `file` gives as one TOML table: the built-in defaults with the file's
    /// keys over them, as [`Config::load`] reads it (which must have accepted the file: this
    /// checks nothing but the TOML). Keys the file wrote stay as written (`"Cyan"` is not made
    /// `"cyan"`).
    ///
    /// # Errors
    /// As [`Config::load`], for the file's reading and its TOML.
    pub fn effective_table(file: &ConfigFile) -> Result<toml::Table, ConfigError> {
        let invalid = |origin: &str, message: String| ConfigError::Invalid {
            origin: origin.to_owned(),
            message,
        };
        let mut merged: toml::Table =
            DEFAULT_TOML.parse().map_err(|e| invalid("built-in configuration", format!("{e}")))?;
        if let Some((text, origin)) = read_file(file)? {
            let user: toml::Table = text.parse().map_err(|e: toml::de::Error| {
                invalid(&origin, e.to_string().trim_end().replace('\n', " "))
            })?;
            merge(&mut merged, user);
        }
        Ok(merged)
    }

    /// The defaults overridden by the TOML document `text`, with this module's checks only (a
    /// configuration the application runs on is loaded with its sections' checks too, as by
    /// [`Config::load`]); `origin` names it in errors.
    ///
    /// # Errors
    /// As [`Config::load`], but for `check`.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Self, ConfigError> {
        Self::from_toml_str_checked(text, origin, |_| Ok(()))
    }

    /// The defaults overridden by the TOML document `text`, checked by this module and by
    /// `check`; `origin` names it in errors.
    ///
    /// # Errors
    /// As [`Config::load`].
    pub fn from_toml_str_checked(
        text: &str,
        origin: &str,
        check: impl Fn(&Self) -> Result<(), String>,
    ) -> Result<Self, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid { origin: origin.to_owned(), message };
        let mut merged: toml::Table = DEFAULT_TOML.parse().map_err(|e| invalid(format!("{e}")))?;
        let user: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| invalid(e.to_string().trim_end().replace('\n', " ")))?;
        theme::check_written(text, &user).map_err(invalid)?;
        merge(&mut merged, user);
        let config: Self = serde_path_to_error::deserialize(toml::Value::Table(merged))
            .map_err(|e| invalid(format!("key `{}`: {}", e.path(), e.inner().message())))?;
        config.validate(check).map_err(invalid)?;
        Ok(config)
    }

    fn validate(&self, check: impl Fn(&Self) -> Result<(), String>) -> Result<(), String> {
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
        outcomes::check(&self.outcomes)?;
        // The caller's check comes before the paths, where the rules always were, so that a file
        // with several mistakes is refused for the same one as ever.
        check(self)?;
        self.playbooks.validate_paths()
    }
}

/// The text of `file` and the name its errors give it; `None` for a default file that is not
/// there (the built-in defaults apply).
fn read_file(file: &ConfigFile) -> Result<Option<(String, String)>, ConfigError> {
    let path = match file {
        ConfigFile::Named(path) => path,
        ConfigFile::Default(Some(path)) if path.exists() => path,
        ConfigFile::Default(_) => return Ok(None),
    };
    let text = read_text_file(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            ConfigError::Missing { path: crate::domain::shown_path(path) }
        } else {
            ConfigError::Read { path: crate::domain::shown_path(path), source }
        }
    })?;
    Ok(Some((text, crate::domain::shown_path(path))))
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

    /// No check beyond this module's.
    fn no_check(_: &Config) -> Result<(), String> {
        Ok(())
    }

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
    fn the_caller_s_check_refuses_the_file_with_its_origin() {
        let refuse = |config: &Config| match config.book.currency.as_str() {
            "EUR" => Err("key `book.currency`: not this one".to_owned()),
            _ => Ok(()),
        };
        let err = Config::from_toml_str_checked("[book]\ncurrency = \"EUR\"\n", "u.toml", refuse)
            .unwrap_err();
        assert_eq!(err.to_string(), "u.toml: key `book.currency`: not this one");
        // The module's own checks come first.
        let err = Config::from_toml_str_checked("[book]\ncurrency = \"eur\"\n", "u.toml", refuse)
            .unwrap_err();
        assert!(err.to_string().contains("three-letter ISO code"), "{err}");
        Config::from_toml_str_checked("", "u.toml", refuse).unwrap();
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
        assert!(Config::load(&ConfigFile::Named(named.clone()), no_check).is_ok(), "at the limit");
        text.push('\n');
        std::fs::write(&named, &text).unwrap();
        let err = Config::load(&ConfigFile::Named(named), no_check).unwrap_err().to_string();
        assert!(err.contains("larger than 1 MiB"), "{err}");
    }

    #[test]
    fn a_named_file_must_exist_and_the_default_one_may_not() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.toml");
        let err = Config::load(&ConfigFile::Named(missing.clone()), no_check).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "no configuration file at {} (named by --config or CSM_CONFIG)",
                missing.display()
            )
        );
        assert_eq!(
            Config::load(&ConfigFile::Default(Some(missing)), no_check).unwrap(),
            Config::default()
        );
        assert_eq!(Config::load(&ConfigFile::Default(None), no_check).unwrap(), Config::default());
        let named = dir.path().join("named.toml");
        std::fs::write(&named, "[scoring.weights]\nusage = 50\n").unwrap();
        let config = Config::load(&ConfigFile::Named(named), no_check).unwrap();
        assert_eq!(config.scoring.weights.usage, 50.0);
    }

    #[test]
    fn broken_toml_is_reported_with_its_origin() {
        let err = Config::from_toml_str("[scoring\n", "u.toml").unwrap_err();
        assert!(err.to_string().starts_with("u.toml: "), "{err}");
    }
}
