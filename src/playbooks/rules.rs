//! A playbook rule as the engine uses it: a checked trigger, the accounts it applies to and the
//! todo it creates, made from the configuration's text. It must not evaluate the rule.

use crate::config::{Config, PlaybooksConfig, RuleConfig};
use crate::domain::{InteractionKind, Priority, Segment};
use crate::scoring::{Band, SignalCode};

use super::template::{Field, Template};

/// The reserved rule name under which onboarding paths are recorded as made.
pub const PATH_RULE: &str = "onboarding-path";

/// What makes a rule fire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    /// The renewal comes within `days` days (a milestone on the renewal track).
    Renewal { days: i64 },
    /// The account's band becomes `band`.
    Band { band: Band },
    /// The risk signal fires.
    Signal { signal: SignalCode },
    /// An open onboarding milestone comes within `days_before` days of its target.
    OnboardingMilestone { days_before: i64 },
    /// Once every period of `every_months` months, unless an interaction of kind `met_by` in
    /// the period already met it.
    Cadence { every_months: u32, met_by: Option<InteractionKind> },
}

impl Trigger {
    const NAMES: &str = "renewal, band, signal, onboarding_milestone, cadence";

    /// The placeholders a title of this trigger can use besides the common ones.
    fn fields(&self) -> &'static [Field] {
        match self {
            Self::Renewal { .. } => &[Field::RenewalDate, Field::Days],
            Self::Band { .. } => &[],
            Self::Signal { signal: SignalCode::ChampionLeft } => &[Field::Signal, Field::Contact],
            Self::Signal { .. } => &[Field::Signal],
            Self::OnboardingMilestone { .. } => &[Field::Milestone, Field::TargetDate, Field::Days],
            Self::Cadence { .. } => &[Field::Period],
        }
    }
}

/// The enabled rules of `config`, checked, in name order.
///
/// # Errors
/// The first invalid rule, as `key `playbooks.rules.NAME`: what is wrong`.
pub fn rules(config: &PlaybooksConfig) -> Result<Vec<Rule>, String> {
    config
        .rules
        .iter()
        .filter(|(_, rule)| rule.enabled)
        .map(|(name, rule)| named(name, rule))
        .collect()
}

/// Checks every rule of `config`, disabled ones too (a typo should not wait for the day the rule
/// is enabled): the playbooks' part of loading a configuration, which the application gives
/// [`Config::load`] so that a bad rule refuses the file at once, whatever the command.
///
/// # Errors
/// As [`rules`].
pub fn check_rules(config: &Config) -> Result<(), String> {
    config.playbooks.rules.iter().try_for_each(|(name, rule)| named(name, rule).map(drop))
}

/// The rule `name`, its error named by its key.
fn named(name: &str, rule: &RuleConfig) -> Result<Rule, String> {
    Rule::from_config(name, rule)
        .map_err(|message| format!("key `playbooks.rules.{name}`: {message}"))
}

/// One checked rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub name: String,
    pub trigger: Trigger,
    /// The segments it applies to; empty: every account.
    pub segments: Vec<Segment>,
    pub title: Template,
    pub due_days: i64,
    pub priority: Priority,
}

impl Rule {
    /// The rule `name` as configured.
    ///
    /// # Errors
    /// What is wrong with it, in words, without the key (the caller names it).
    pub fn from_config(name: &str, c: &RuleConfig) -> Result<Self, String> {
        if name == PATH_RULE {
            return Err(format!("the name {PATH_RULE:?} is reserved for onboarding paths"));
        }
        let trigger = trigger(c)?;
        let segments = c
            .segments
            .iter()
            .flatten()
            .map(|s| s.parse::<Segment>().map_err(|e| format!("segments: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        let allowed: Vec<Field> = Field::COMMON.iter().chain(trigger.fields()).copied().collect();
        let title = Template::parse(&c.title, &allowed)?;
        if !(-3660..=3660).contains(&c.due_days) {
            return Err(format!("due_days: must be -3660 to 3660, got {}", c.due_days));
        }
        let priority = c.priority.parse::<Priority>().map_err(|e| format!("priority: {e}"))?;
        Ok(Self { name: name.to_owned(), trigger, segments, title, due_days: c.due_days, priority })
    }

    /// Whether the rule applies to an account of `segment`.
    #[must_use]
    pub fn applies_to(&self, segment: Option<Segment>) -> bool {
        self.segments.is_empty() || segment.is_some_and(|s| self.segments.contains(&s))
    }
}

/// The trigger of `c`, refusing settings that belong to another trigger.
fn trigger(c: &RuleConfig) -> Result<Trigger, String> {
    let settings: [(&str, bool); 6] = [
        ("days", c.days.is_some()),
        ("band", c.band.is_some()),
        ("signal", c.signal.is_some()),
        ("days_before", c.days_before.is_some()),
        ("every_months", c.every_months.is_some()),
        ("met_by", c.met_by.is_some()),
    ];
    let (trigger, own): (Trigger, &[&str]) = match c.trigger.as_str() {
        "renewal" => {
            let days = c.days.ok_or("a renewal trigger needs `days` (e.g. days = 90)")?;
            if !(0..=3660).contains(&days) {
                return Err(format!("days: must be 0 to 3660, got {days}"));
            }
            (Trigger::Renewal { days }, &["days"])
        }
        "band" => {
            let code = c.band.as_deref().ok_or("a band trigger needs `band` (e.g. \"at_risk\")")?;
            let band = Band::from_code(code)
                .filter(|b| *b != Band::Unscored)
                .ok_or_else(|| format!("band: unknown band {code:?} (at_risk, watch, healthy)"))?;
            (Trigger::Band { band }, &["band"])
        }
        "signal" => {
            let code = c
                .signal
                .as_deref()
                .ok_or("a signal trigger needs `signal` (e.g. champion_left)")?;
            let signal =
                SignalCode::ALL.iter().copied().find(|s| s.code() == code).ok_or_else(|| {
                    let known: Vec<&str> = SignalCode::ALL.iter().map(|s| s.code()).collect();
                    format!("signal: unknown signal {code:?} ({})", known.join(", "))
                })?;
            (Trigger::Signal { signal }, &["signal"])
        }
        "onboarding_milestone" => {
            let days_before = c.days_before.unwrap_or(0);
            if !(0..=3660).contains(&days_before) {
                return Err(format!("days_before: must be 0 to 3660, got {days_before}"));
            }
            (Trigger::OnboardingMilestone { days_before }, &["days_before"])
        }
        "cadence" => {
            let months = c.every_months.ok_or("a cadence trigger needs `every_months` (3)")?;
            let every_months = match months {
                1 | 3 | 6 | 12 => u32::try_from(months).unwrap_or(3),
                _ => {
                    return Err(format!(
                        "every_months: must be 1, 3, 6 or 12 (a month, quarter, half-year or \
                         year), got {months}"
                    ));
                }
            };
            let met_by = c
                .met_by
                .as_deref()
                .map(|k| k.parse::<InteractionKind>().map_err(|e| format!("met_by: {e}")))
                .transpose()?;
            (Trigger::Cadence { every_months, met_by }, &["every_months", "met_by"])
        }
        other => return Err(format!("unknown trigger {other:?} (accepted: {})", Trigger::NAMES)),
    };
    if let Some((key, _)) = settings.iter().find(|(key, set)| *set && !own.contains(key)) {
        return Err(format!("`{key}` does not apply to a {} trigger", c.trigger));
    }
    Ok(trigger)
}
