//! The playbooks' section of the configuration as written in TOML: rules keyed by name and the
//! onboarding path of each segment. This module reads the rules and checks the paths; what a rule
//! means, whether it is valid and when it fires is `playbooks`' business (its `check_rules` is
//! the check the application gives `Config::load`), and it must not evaluate anything.
//!
//! Rules are a table keyed by name rather than an array, so that a user file overrides one key of
//! one default rule (`[playbooks.rules.qbr-enterprise] enabled = false`) the way every other key
//! of the configuration is overridden, and adds a rule by giving it a new name.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::domain::Segment;

/// The playbooks: their rules and the onboarding paths.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaybooksConfig {
    /// Rules by name; the name is the rule's identity (it is written on every todo it makes and
    /// remembered with every firing, so a renamed rule fires afresh).
    #[serde(default)]
    pub rules: BTreeMap<String, RuleConfig>,
    /// The onboarding path of each segment, keyed by segment code.
    #[serde(default)]
    pub onboarding: BTreeMap<String, PathConfig>,
    /// An onboarding path whose last target is more than this many days behind has its open
    /// milestones closed as skipped (0: never on that ground).
    #[serde(default = "skip_after")]
    pub skip_milestones_after_days: u32,
}

fn skip_after() -> u32 {
    90
}

/// One rule as written: a trigger, its settings, and the todo it creates.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleConfig {
    /// `false` turns a rule off (the way to disable a built-in one).
    #[serde(default = "enabled")]
    pub enabled: bool,
    /// `renewal`, `band`, `signal`, `onboarding_milestone` or `cadence`.
    pub trigger: String,
    /// `renewal`: the milestone, in days before the renewal date.
    pub days: Option<i64>,
    /// `band`: the band entered.
    pub band: Option<String>,
    /// `signal`: the risk signal's code.
    pub signal: Option<String>,
    /// `onboarding_milestone`: how many days before its target a milestone comes due.
    pub days_before: Option<i64>,
    /// `cadence`: the period in months (1, 3, 6 or 12).
    pub every_months: Option<i64>,
    /// `cadence`: an interaction of this kind in the period means the occasion was met already.
    pub met_by: Option<String>,
    /// Only accounts of these segments (every account when absent).
    pub segments: Option<Vec<String>>,
    /// The todo's title, with `{placeholders}`.
    pub title: String,
    /// Days from the trigger's date to the todo's due date (never before the as-of date).
    #[serde(default)]
    pub due_days: i64,
    /// The todo's priority.
    #[serde(default = "normal")]
    pub priority: String,
}

fn enabled() -> bool {
    true
}

fn normal() -> String {
    "normal".to_owned()
}

/// A segment's onboarding path: its milestones, each due a number of days after the contract
/// starts.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathConfig {
    pub milestones: Vec<PathStep>,
}

/// One milestone of an onboarding path.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathStep {
    pub name: String,
    /// Days after the contract start.
    pub day: i64,
}

impl PlaybooksConfig {
    /// The onboarding path of `segment`: its steps in the order written (empty: no path).
    #[must_use]
    pub fn path(&self, segment: Segment) -> &[PathStep] {
        self.onboarding.get(segment.code()).map_or(&[], |p| p.milestones.as_slice())
    }

    /// Checks every onboarding path. (The rules are checked by `playbooks`, which knows what
    /// they mean.)
    pub(super) fn validate_paths(&self) -> Result<(), String> {
        if self.skip_milestones_after_days > 3650 {
            return Err(format!(
                "key `playbooks.skip_milestones_after_days`: must be 0 to 3650 days, got {}",
                self.skip_milestones_after_days
            ));
        }
        for (segment, path) in &self.onboarding {
            let key = format!("key `playbooks.onboarding.{segment}`");
            segment.parse::<Segment>().map_err(|e| format!("{key}: {e}"))?;
            for (i, step) in path.milestones.iter().enumerate() {
                if step.name.trim().is_empty() {
                    return Err(format!("{key}: milestone {} has a blank name", i + 1));
                }
                if !(0..=3660).contains(&step.day) {
                    return Err(format!(
                        "{key}: milestone {} {:?}: day must be 0 to 3660, got {}",
                        i + 1,
                        step.name,
                        step.day
                    ));
                }
            }
        }
        Ok(())
    }
}
