//! Each built-in rule on a hand-built account, on the day it should fire and the day before.
//! Every expected date is worked out by hand from the rule's text in `assets/config.toml`, with
//! the arithmetic in a comment; none is copied from the code's output.

mod config;
mod run;

use chrono::NaiveDate;

use super::{Departed, Ending, Firing, History, MilestoneKey, Occasion, OpenMilestone, Subject};
use crate::config::Config;
use crate::domain::{
    Account, AccountId, ContactId, InteractionKind, MilestoneId, Priority, Segment,
};
use crate::scoring::{AccountSummary, Band, CodeSet, NpsTally, SignalCode};

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub(super) fn account(segment: Segment, renewal: Option<&str>) -> Account {
    Account {
        id: AccountId(1),
        segment: Some(segment),
        owner: Some("Dana".into()),
        arr_cents: 10_000_000,
        seats_licensed: Some(50),
        contract_start: Some(date("2025-06-01")),
        renewal_date: renewal.map(date),
        lifecycle_stage: Some("growth".into()),
        ..Account::named("A-1", "Acme")
    }
}

fn summary(health: i64, band: Band, signals: &[SignalCode]) -> AccountSummary {
    AccountSummary {
        health: Some(health),
        band,
        delta: Some(0),
        components: [None, None, Some(80.0), Some(50.0)],
        coverage: 0.3,
        signals: CodeSet::of(signals.iter().copied(), SignalCode::ALL),
        expansion: CodeSet::default(),
        open_todos: 0,
        overdue_todos: 0,
        snoozed_todos: 0,
        attention: 0,
        nps: NpsTally::default(),
    }
}

/// What the built-in rules make for one account at `as_of`.
struct Case<'a> {
    account: Account,
    summary: AccountSummary,
    onboarding: bool,
    milestones: Vec<OpenMilestone>,
    departed: Vec<Departed>,
    latest: Vec<(InteractionKind, NaiveDate)>,
    history: &'a History,
}

impl<'a> Case<'a> {
    fn new(account: Account, history: &'a History) -> Self {
        Self {
            account,
            summary: summary(75, Band::Healthy, &[]),
            onboarding: false,
            milestones: Vec::new(),
            departed: Vec::new(),
            latest: Vec::new(),
            history,
        }
    }

    fn run(&self, as_of: &str) -> (Vec<Firing>, Vec<Ending>) {
        let rules = super::rules(&Config::default().playbooks).unwrap();
        let subject = Subject {
            account: &self.account,
            summary: &self.summary,
            onboarding: self.onboarding,
            milestones: &self.milestones,
            departed: &self.departed,
            latest: &self.latest,
        };
        let (mut fired, mut ended) = (Vec::new(), Vec::new());
        super::evaluate(&rules, &subject, self.history, date(as_of), &mut fired, &mut ended);
        (fired, ended)
    }

    /// (rule, due) of every firing at `as_of`.
    fn fired(&self, as_of: &str) -> Vec<(String, NaiveDate)> {
        self.run(as_of).0.into_iter().map(|f| (f.rule, f.due)).collect()
    }
}

fn one(rule: &str, due: &str) -> Vec<(String, NaiveDate)> {
    vec![(rule.to_owned(), date(due))]
}

#[test]
fn renewal_120_fires_on_the_day_the_renewal_is_120_days_away() {
    let none = History::default();
    // 2026-11-24 to 2027-03-24: 30 (to Dec 24) + 31 (Jan 24) + 31 (Feb 24) + 28 (Mar 24) = 120.
    let case = Case::new(account(Segment::Smb, Some("2027-03-24")), &none);
    // Entered on 2026-11-24; due 14 days later.
    assert_eq!(case.fired("2026-11-24"), one("renewal-120", "2026-12-08"));
    assert_eq!(case.fired("2026-11-23"), vec![], "121 days out: not yet");
    let (fired, _) = case.run("2026-11-24");
    assert_eq!(fired[0].occasion, Occasion::Key("2027-03-24".into()));
    assert_eq!(fired[0].title, "Renewal strategy for Acme (renews 2027-03-24)");
    assert_eq!(fired[0].priority, Priority::Normal);
}

#[test]
fn renewal_90_fires_at_90_days_and_the_120_day_rule_the_day_before() {
    let none = History::default();
    // 2026-11-24 + 90: 30 to Dec 24, 61 to Jan 24, 90 on Feb 22.
    let case = Case::new(account(Segment::Smb, Some("2027-02-22")), &none);
    // 2027-02-22 - 90 = 2026-11-24, + 14 = 2026-12-08.
    assert_eq!(case.fired("2026-11-24"), one("renewal-90", "2026-12-08"));
    // 91 days out is the 120-day rule's stretch, entered on 2026-10-25 (120 days before): its
    // due date, 2026-11-08, is past, so it is due on the day it is found.
    assert_eq!(case.fired("2026-11-23"), one("renewal-120", "2026-11-23"));
}

#[test]
fn renewal_60_and_30_fire_on_their_day() {
    let none = History::default();
    // 2026-11-24 + 60 = 2027-01-23 (30 to Dec 24, 60 on Jan 23); due 7 days after entering.
    let sixty = Case::new(account(Segment::Smb, Some("2027-01-23")), &none);
    assert_eq!(sixty.fired("2026-11-24"), one("renewal-60", "2026-12-01"));
    assert_eq!(sixty.fired("2026-11-23")[0].0, "renewal-90", "61 days out: still the review");
    // 2026-11-24 + 30 = 2026-12-24.
    let thirty = Case::new(account(Segment::Smb, Some("2026-12-24")), &none);
    assert_eq!(thirty.fired("2026-11-24"), one("renewal-30", "2026-12-01"));
    let (fired, _) = thirty.run("2026-11-24");
    assert_eq!(fired[0].title, "Finalise the renewal contract with Acme (renews 2026-12-24)");
    assert_eq!(thirty.fired("2026-11-23")[0].0, "renewal-60", "31 days out: the proposal");
}

#[test]
fn an_account_found_inside_the_window_gets_that_milestone_now_and_not_the_earlier_ones() {
    let none = History::default();
    // 70 days out (2026-11-24 + 70 = 2027-02-02): the 90-day stretch. Entered 2026-11-04, due
    // 2026-11-18, already past: due on the day it is found.
    let case = Case::new(account(Segment::Smb, Some("2027-02-02")), &none);
    assert_eq!(case.fired("2026-11-24"), one("renewal-90", "2026-11-24"));
    // Overdue renewals and renewals beyond 120 days call for none.
    let overdue = Case::new(account(Segment::Smb, Some("2026-11-23")), &none);
    assert_eq!(overdue.fired("2026-11-24"), vec![]);
    let none_yet = Case::new(account(Segment::Smb, Some("2027-06-01")), &none);
    assert_eq!(none_yet.fired("2026-11-24"), vec![]);
}

#[test]
fn a_renewal_milestone_fired_before_does_not_fire_again() {
    let mut history = History::default();
    history.record("renewal-90".into(), AccountId(1), "2027-02-22".into(), true);
    let case = Case::new(account(Segment::Smb, Some("2027-02-22")), &history);
    assert_eq!(case.fired("2026-11-24"), vec![]);
    assert_eq!(case.fired("2026-12-01"), vec![], "a week later, still the same occasion");
    // Next year's renewal is a new occasion.
    let renewed = Case::new(account(Segment::Smb, Some("2028-02-22")), &history);
    // 2028-02-22 - 90 = 2027-11-24; + 14 = 2027-12-08.
    assert_eq!(renewed.fired("2027-11-24"), one("renewal-90", "2027-12-08"));
}

#[test]
fn a_renewal_date_corrected_by_weeks_is_the_same_renewal() {
    let mut history = History::default();
    history.record("renewal-90".into(), AccountId(1), "2027-02-22".into(), true);
    // A re-sync moves the renewal to 2027-03-01, a week later: 89 days out on 2026-12-02,
    // still the 90-day step, already taken for this renewal.
    let moved = Case::new(account(Segment::Smb, Some("2027-03-01")), &history);
    assert_eq!(moved.fired("2026-12-02"), vec![]);
    // Moved by more than 60 days (2027-04-24): another renewal; 2027-04-24 - 90 = 2027-01-24,
    // + 14 = 2027-02-07.
    let later = Case::new(account(Segment::Smb, Some("2027-04-24")), &history);
    assert_eq!(later.fired("2027-01-24"), one("renewal-90", "2027-02-07"));
}

#[test]
fn a_risk_review_when_the_account_turns_at_risk_once_per_episode() {
    let none = History::default();
    let mut case = Case::new(account(Segment::Smb, None), &none);
    case.summary = summary(45, Band::Watch, &[]);
    assert_eq!(case.fired("2026-11-23"), vec![], "watch: no review");
    case.summary = summary(38, Band::AtRisk, &[]);
    // Turned at risk on 2026-11-24: due 3 days later.
    assert_eq!(case.fired("2026-11-24"), one("risk-review-at-risk", "2026-11-27"));
    let (fired, _) = case.run("2026-11-24");
    assert_eq!(fired[0].occasion, Occasion::Episode(date("2026-11-24")));
    assert_eq!(fired[0].title, "Risk review for Acme: health 38, at risk");
    assert_eq!(fired[0].priority, Priority::High);

    // Still at risk the next day: the same episode.
    let mut history = History::default();
    history.record("risk-review-at-risk".into(), AccountId(1), "2026-11-24".into(), true);
    let mut later = Case::new(account(Segment::Smb, None), &history);
    later.summary = summary(36, Band::AtRisk, &[]);
    assert_eq!(later.run("2026-11-25"), (vec![], vec![]));
    // Back to watch: the episode ends, and a later return is a new one.
    later.summary = summary(41, Band::Watch, &[]);
    let ending = Ending {
        rule: "risk-review-at-risk".into(),
        account: AccountId(1),
        occasion: "2026-11-24".into(),
    };
    assert_eq!(later.run("2026-12-10"), (vec![], vec![ending]));
}

#[test]
fn a_risk_review_when_a_champion_leaves_once_per_contact() {
    let none = History::default();
    let mut case = Case::new(account(Segment::MidMarket, None), &none);
    // The day before the champion leaves, the signal does not fire.
    assert_eq!(case.fired("2026-11-23"), vec![]);
    case.summary = summary(72, Band::Healthy, &[SignalCode::ChampionLeft]);
    case.departed = vec![Departed {
        contact: ContactId(7),
        name: "Ines Ortiz".into(),
        left_on: date("2026-11-24"),
    }];
    // Left on 2026-11-24: due 3 days later.
    assert_eq!(case.fired("2026-11-24"), one("risk-review-champion-left", "2026-11-27"));
    let (fired, _) = case.run("2026-11-24");
    assert_eq!(fired[0].occasion, Occasion::Key("contact:7".into()));
    assert_eq!(fired[0].title, "Risk review for Acme: Ines Ortiz has left");

    let mut history = History::default();
    history.record("risk-review-champion-left".into(), AccountId(1), "contact:7".into(), true);
    case.history = &history;
    assert_eq!(case.fired("2026-11-30"), vec![], "the same departure: once");
}

#[test]
fn an_onboarding_milestone_a_week_before_its_target() {
    let none = History::default();
    let mut case = Case::new(account(Segment::Enterprise, None), &none);
    case.onboarding = true;
    case.latest = vec![(InteractionKind::Qbr, date("2026-10-05"))]; // keeps the QBR rule quiet
    case.milestones = vec![OpenMilestone {
        key: MilestoneKey::Stored(MilestoneId(3)),
        name: "Adoption: users trained and rolled out".into(),
        target: date("2026-12-01"),
    }];
    // 2026-12-01 - 7 days = 2026-11-24; due on the target.
    assert_eq!(case.fired("2026-11-24"), one("onboarding-milestone", "2026-12-01"));
    assert_eq!(case.fired("2026-11-23"), vec![]);
    let (fired, _) = case.run("2026-11-24");
    assert_eq!(
        fired[0].title,
        "Onboarding Acme: Adoption: users trained and rolled out by 2026-12-01"
    );
    assert_eq!(fired[0].occasion, Occasion::Milestone(MilestoneKey::Stored(MilestoneId(3))));
    // An account past onboarding is not chased for an old milestone.
    case.onboarding = false;
    assert_eq!(case.fired("2026-11-24"), vec![]);
}

#[test]
fn a_quarterly_business_review_for_enterprise_accounts() {
    let mut history = History::default();
    history.record("qbr-enterprise".into(), AccountId(1), "2026-Q4".into(), true);
    let case = Case::new(account(Segment::Enterprise, None), &history);
    // 2026-12-31 is still the fourth quarter, which had its firing.
    assert_eq!(case.fired("2026-12-31"), vec![]);
    // The first quarter starts on 2027-01-01: due 60 days later (31 in January + 29 into
    // February = 2027-03-02).
    assert_eq!(case.fired("2027-01-01"), one("qbr-enterprise", "2027-03-02"));
    let (fired, _) = case.run("2027-01-01");
    assert_eq!(fired[0].title, "Hold the 2027-Q1 business review with Acme");
    assert_eq!(fired[0].occasion, Occasion::Key("2027-Q1".into()));

    // Not for other segments, nor when the quarter already had a QBR.
    let mid = Case::new(account(Segment::MidMarket, None), &history);
    assert_eq!(mid.fired("2027-01-01"), vec![]);
    let mut held = Case::new(account(Segment::Enterprise, None), &history);
    held.latest = vec![(InteractionKind::Qbr, date("2027-01-01"))];
    assert_eq!(held.fired("2027-01-01"), vec![]);
    held.latest = vec![(InteractionKind::Qbr, date("2026-12-15"))];
    assert_eq!(held.fired("2027-01-01").len(), 1, "last quarter's QBR does not count");
}
