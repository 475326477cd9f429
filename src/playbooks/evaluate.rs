//! Which rules fire for one account at the as-of date, and the todos they make: a pure function
//! of the rules, what the account looks like (its score summary, milestones, departed
//! champions, latest interactions) and what fired before. It must not read or write the store.
//!
//! Each firing has an *occasion*, the thing it is about, so that a rule fires once per occasion
//! however often it runs:
//! - renewal: the renewal date (a renewal moved to next year is a new occasion);
//! - band, and signals about the account as a whole: the episode, keyed by the first day a run
//!   saw it; it ends on the first run that no longer sees it, and a later return is a new one;
//! - `champion_left`: the departed contact;
//! - onboarding milestone: the milestone;
//! - cadence: the period (`2026-Q4`).
//!
//! A todo is due its trigger's date plus the rule's `due_days`, and never before the as-of date:
//! work found late is due now, not in the past.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::calendar::{period, shift};
use super::rules::{Rule, Trigger};
use super::template::Field;
use crate::domain::{Account, AccountId, ContactId, InteractionKind, MilestoneId, Priority};
use crate::scoring::{AccountSummary, SignalCode};

/// An open onboarding milestone with a target date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenMilestone {
    pub key: MilestoneKey,
    pub name: String,
    pub target: NaiveDate,
}

/// A milestone in the store, or one this run is about to add (by its place in the run's list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MilestoneKey {
    Stored(MilestoneId),
    Planned(usize),
}

/// Renewal dates this close are one renewal moved, not the next one (a year later).
const SAME_RENEWAL_DAYS: i64 = 60;

/// A champion or executive sponsor who left within the `champion_left` window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Departed {
    pub contact: ContactId,
    pub name: String,
    pub left_on: NaiveDate,
}

/// What the rules see of one account.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub account: &'a Account,
    pub summary: &'a AccountSummary,
    /// Whether the account is onboarding (onboarding milestone rules look at no other).
    pub onboarding: bool,
    pub milestones: &'a [OpenMilestone],
    pub departed: &'a [Departed],
    /// The latest interaction of each kind some cadence rule is met by, when one is dated in the
    /// current period of such a rule (up to the as-of date).
    pub latest: &'a [(InteractionKind, NaiveDate)],
}

/// What fired before: every (rule, account, occasion), and the episodes still open.
#[derive(Debug, Clone, Default)]
pub struct History {
    fired: HashSet<(String, AccountId, String)>,
    open: HashMap<(String, AccountId), String>,
    /// The occasions that are dates (renewal dates), by rule and account.
    dated: HashMap<(String, AccountId), Vec<NaiveDate>>,
}

impl History {
    /// Records a firing; `open` when it has not ended.
    pub fn record(&mut self, rule: String, account: AccountId, occasion: String, open: bool) {
        if let Ok(date) = occasion.parse::<NaiveDate>() {
            self.dated.entry((rule.clone(), account)).or_default().push(date);
        }
        if open {
            self.open.insert((rule.clone(), account), occasion.clone());
        }
        self.fired.insert((rule, account, occasion));
    }

    /// Whether `rule` fired for `account` on `occasion`.
    #[must_use]
    pub fn has(&self, rule: &str, account: AccountId, occasion: &str) -> bool {
        // The tuple owns its strings; a lookup builds one (cheap beside a store read).
        self.fired.contains(&(rule.to_owned(), account, occasion.to_owned()))
    }

    /// Whether `rule` fired for `account` on a date occasion within `days` of `date`.
    fn fired_near(&self, rule: &str, account: AccountId, date: NaiveDate, days: i64) -> bool {
        self.dated
            .get(&(rule.to_owned(), account))
            .is_some_and(|dates| dates.iter().any(|d| (*d - date).num_days().abs() <= days))
    }

    fn open_episode(&self, rule: &str, account: AccountId) -> Option<&str> {
        self.open.get(&(rule.to_owned(), account)).map(String::as_str)
    }
}

/// What a firing is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Occasion {
    /// A key known now (a date, a contact, a period).
    Key(String),
    /// An episode that starts today, keyed by the as-of date.
    Episode(NaiveDate),
    /// A milestone, keyed by its id once it has one.
    Milestone(MilestoneKey),
}

/// A rule firing for an account: the todo to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Firing {
    pub rule: String,
    pub account: AccountId,
    pub occasion: Occasion,
    pub title: String,
    pub due: NaiveDate,
    pub priority: Priority,
}

/// An episode that is over: the run no longer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ending {
    pub rule: String,
    pub account: AccountId,
    pub occasion: String,
}

/// What a firing's title can say beyond the account.
#[derive(Default)]
struct Details<'a> {
    renewal: Option<(NaiveDate, i64)>,
    signal: Option<SignalCode>,
    contact: Option<&'a str>,
    milestone: Option<&'a OpenMilestone>,
    period: Option<&'a str>,
}

/// Evaluates every rule for `subject` at `as_of`, adding what fires to `fired` and the episodes
/// that ended to `ended`.
pub fn evaluate(
    rules: &[Rule],
    subject: &Subject<'_>,
    history: &History,
    as_of: NaiveDate,
    fired: &mut Vec<Firing>,
    ended: &mut Vec<Ending>,
) {
    let account = subject.account;
    for rule in rules.iter().filter(|r| r.applies_to(account.segment)) {
        let mut fire = |occasion: Occasion, trigger_date: NaiveDate, details: &Details<'_>| {
            fired.push(Firing {
                rule: rule.name.clone(),
                account: account.id,
                occasion,
                title: title(rule, subject, as_of, details),
                due: shift(trigger_date, rule.due_days).max(as_of),
                priority: rule.priority,
            });
        };
        match rule.trigger {
            Trigger::Renewal { days } => {
                let Some(date) = account.renewal_date else { continue };
                let left = (date - as_of).num_days();
                // Renewal rules split the track: a rule holds from its days down to the next
                // nearer rule's, so an account first seen 70 days out gets the 90-day rule's
                // todo (due now), and not the 120-day one's after the fact.
                let nearer = rules
                    .iter()
                    .filter(|r| r.applies_to(account.segment))
                    .filter_map(|r| match r.trigger {
                        Trigger::Renewal { days: d } if d < days => Some(d),
                        _ => None,
                    })
                    .max()
                    .unwrap_or(-1);
                let key = date.to_string();
                // A renewal date corrected by a few weeks (a CRM re-sync) is the same renewal:
                // its step is not taken again.
                let taken = history.fired_near(&rule.name, account.id, date, SAME_RENEWAL_DAYS);
                if nearer < left && left <= days && !taken {
                    let details = Details { renewal: Some((date, left)), ..Details::default() };
                    fire(Occasion::Key(key), shift(date, -days), &details);
                }
            }
            Trigger::Band { band } => {
                let now = subject.summary.band == band;
                episode(rule, subject, history, as_of, now, ended, |start| {
                    fire(Occasion::Episode(start), start, &Details::default());
                });
            }
            Trigger::Signal { signal: SignalCode::ChampionLeft } => {
                if !subject.summary.signals.contains(&SignalCode::ChampionLeft, SignalCode::ALL) {
                    continue;
                }
                for gone in subject.departed {
                    let key = format!("contact:{}", gone.contact.0);
                    if history.has(&rule.name, account.id, &key) {
                        continue;
                    }
                    let details = Details {
                        signal: Some(SignalCode::ChampionLeft),
                        contact: Some(&gone.name),
                        ..Details::default()
                    };
                    fire(Occasion::Key(key), gone.left_on, &details);
                }
            }
            Trigger::Signal { signal } => {
                let now = subject.summary.signals.contains(&signal, SignalCode::ALL);
                episode(rule, subject, history, as_of, now, ended, |start| {
                    let details = Details { signal: Some(signal), ..Details::default() };
                    fire(Occasion::Episode(start), start, &details);
                });
            }
            Trigger::OnboardingMilestone { days_before } => {
                if !subject.onboarding {
                    continue;
                }
                for milestone in subject.milestones {
                    let comes_due = shift(milestone.target, -days_before);
                    let known = match milestone.key {
                        MilestoneKey::Stored(id) => {
                            history.has(&rule.name, account.id, &milestone_key(id))
                        }
                        MilestoneKey::Planned(_) => false,
                    };
                    if comes_due <= as_of && !known {
                        let details = Details { milestone: Some(milestone), ..Details::default() };
                        fire(Occasion::Milestone(milestone.key), milestone.target, &details);
                    }
                }
            }
            Trigger::Cadence { every_months, met_by } => {
                let (start, label) = period(as_of, every_months);
                let met = met_by.is_some_and(|kind| {
                    subject.latest.iter().any(|&(k, date)| k == kind && start <= date)
                });
                if !met && !history.has(&rule.name, account.id, &label) {
                    let details = Details { period: Some(&label), ..Details::default() };
                    fire(Occasion::Key(label.clone()), start, &details);
                }
            }
        }
    }
}

/// The occasion key of a stored milestone.
#[must_use]
pub fn milestone_key(id: MilestoneId) -> String {
    format!("milestone:{}", id.0)
}

/// An episode rule: starts one (calling `start` with its first day) when the condition holds
/// and none is open; ends the open one when it no longer holds.
fn episode(
    rule: &Rule,
    subject: &Subject<'_>,
    history: &History,
    as_of: NaiveDate,
    now: bool,
    ended: &mut Vec<Ending>,
    start: impl FnOnce(NaiveDate),
) {
    let account = subject.account.id;
    match (now, history.open_episode(&rule.name, account)) {
        (true, None) => start(as_of),
        // A run for a date before the episode began says nothing about its end.
        (false, Some(open)) if open.parse::<NaiveDate>().is_ok_and(|began| began < as_of) => {
            ended.push(Ending { rule: rule.name.clone(), account, occasion: open.to_owned() });
        }
        _ => {}
    }
}

fn title(rule: &Rule, subject: &Subject<'_>, as_of: NaiveDate, details: &Details<'_>) -> String {
    let account = subject.account;
    let summary = subject.summary;
    rule.title.render(|field| match field {
        Field::Account => account.name.clone(),
        Field::Segment => account.segment.map_or("no segment", segment_words).to_owned(),
        Field::Owner => account.owner.clone().unwrap_or_else(|| "no owner".to_owned()),
        Field::Health => summary.health.map_or_else(|| "unscored".to_owned(), |h| h.to_string()),
        Field::Band => summary.band.word().to_owned(),
        Field::Rule => rule.name.clone(),
        Field::RenewalDate => details.renewal.map(|(d, _)| d.to_string()).unwrap_or_default(),
        Field::Days => match (details.renewal, details.milestone) {
            (Some((_, days)), _) => days.to_string(),
            (None, Some(m)) => (m.target - as_of).num_days().to_string(),
            _ => String::new(),
        },
        Field::Signal => details.signal.map(|s| s.code().to_owned()).unwrap_or_default(),
        Field::Contact => details.contact.unwrap_or_default().to_owned(),
        Field::Milestone => details.milestone.map(|m| m.name.clone()).unwrap_or_default(),
        Field::TargetDate => details.milestone.map(|m| m.target.to_string()).unwrap_or_default(),
        Field::Period => details.period.unwrap_or_default().to_owned(),
    })
}

/// A segment as a title says it.
fn segment_words(segment: crate::domain::Segment) -> &'static str {
    use crate::domain::Segment;
    match segment {
        Segment::Enterprise => "enterprise",
        Segment::MidMarket => "mid-market",
        Segment::Smb => "SMB",
        Segment::SelfService => "self-service",
    }
}
