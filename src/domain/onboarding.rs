//! Where an onboarding milestone stands on a given day (done, skipped, late, due), and the one
//! rule that closes a path's open milestones as skipped once the account has left onboarding:
//! its lifecycle stage moved from onboarding to another, or the path's last target lies far
//! behind. Skipped milestones stay in the book, with the day, as history; they are neither done
//! nor late, so no screen, brief or playbook calls them late for ever.
//!
//! The decision is made once and stored (the store's `skipped_on`), not recomputed at each
//! read: the day it happened is then a fact that the export carries and a restore brings back,
//! every reader sees the same state without knowing the configuration, and a CSM who completes
//! such a milestone after all overrides it. Pure functions of the records and the as-of date:
//! no clock, no I/O, no wording for the screen.

use chrono::{Days, NaiveDate};

use super::entities::{Account, Milestone};
use super::ids::MilestoneId;

/// Where a milestone stands on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MilestoneStanding {
    /// Completed on or before the as-of date.
    Done(NaiveDate),
    /// Closed as skipped on or before the as-of date (the account left onboarding).
    Skipped(NaiveDate),
    /// Still to do, its target this many days behind.
    Late(i64),
    /// Still to do, its target this many days ahead (0: today).
    Due(i64),
    /// Still to do, with no target.
    Open,
}

impl Milestone {
    /// Where this milestone stands at `as_of`: a completion or a skip dated later has not
    /// happened yet.
    #[must_use]
    pub fn standing(&self, as_of: NaiveDate) -> MilestoneStanding {
        if let Some(done) = self.completed_on.filter(|&d| d <= as_of) {
            return MilestoneStanding::Done(done);
        }
        if let Some(skipped) = self.skipped_on.filter(|&d| d <= as_of) {
            return MilestoneStanding::Skipped(skipped);
        }
        match self.target_date {
            Some(target) if target < as_of => MilestoneStanding::Late((as_of - target).num_days()),
            Some(target) => MilestoneStanding::Due((target - as_of).num_days()),
            None => MilestoneStanding::Open,
        }
    }

    /// Whether it is still to do at `as_of`: neither done nor skipped by then.
    #[must_use]
    pub fn is_open(&self, as_of: NaiveDate) -> bool {
        matches!(
            self.standing(as_of),
            MilestoneStanding::Late(_) | MilestoneStanding::Due(_) | MilestoneStanding::Open
        )
    }
}

/// Whether a lifecycle stage names onboarding: it has the word `onboarding` or `implementation`
/// (CRMs spell it `Onboarding`, `Onboarding - Phase 1`, `In implementation`; `Post-onboarding`
/// is another word).
#[must_use]
pub fn stage_says_onboarding(stage: &str) -> bool {
    stage
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .any(|word| ["onboarding", "implementation"].iter().any(|w| word.eq_ignore_ascii_case(w)))
}

/// Whether changing an account's stage from `before` to `after` takes it out of onboarding:
/// `after` is a stage recorded that does not name onboarding, and `before` named it, or named
/// no stage at all (the account was onboarding by its dates). Clearing the stage says nothing,
/// and a move between two stages after onboarding (adoption to growth) is no leaving.
#[must_use]
pub fn leaves_onboarding(before: &Account, after: &Account) -> bool {
    let stage = |a: &Account| {
        a.lifecycle_stage.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
    };
    let (Some(now), was) = (stage(after), stage(before)) else { return false };
    !stage_says_onboarding(&now) && was.is_none_or(|was| stage_says_onboarding(&was))
}

/// The open milestones of one account's `path` (all its milestones) to close as skipped at
/// `as_of` because the path is far behind: its last target is more than `after_days` before
/// `as_of`. Each comes with the day the path fell that far behind (the last target plus
/// `after_days`), so the state does not depend on the day csm happened to look. Empty when the
/// path is not that far behind, or `after_days` is 0 (the rule turned off).
#[must_use]
pub fn far_behind(
    path: &[Milestone],
    as_of: NaiveDate,
    after_days: u32,
) -> Vec<(MilestoneId, NaiveDate)> {
    if after_days == 0 {
        return Vec::new();
    }
    let Some(last) = path.iter().filter_map(|m| m.target_date).max() else { return Vec::new() };
    let Some(since) = last.checked_add_days(Days::new(u64::from(after_days))) else {
        return Vec::new();
    };
    if since >= as_of {
        return Vec::new();
    }
    path.iter().filter(|m| m.is_open(as_of)).map(|m| (m.id, since)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AccountId;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn milestone(id: i64, target: Option<&str>, done: Option<&str>) -> Milestone {
        Milestone {
            id: MilestoneId(id),
            account_id: AccountId(1),
            name: format!("Step {id}"),
            target_date: target.map(day),
            completed_on: done.map(day),
            skipped_on: None,
            version: 0,
        }
    }

    #[test]
    fn a_milestone_stands_done_skipped_late_or_due_at_the_as_of_date() {
        let as_of = day("2026-11-24");
        let late = milestone(1, Some("2026-11-20"), None);
        assert_eq!(late.standing(as_of), MilestoneStanding::Late(4));
        assert_eq!(
            milestone(2, Some("2026-11-24"), None).standing(as_of),
            MilestoneStanding::Due(0)
        );
        assert_eq!(milestone(3, None, None).standing(as_of), MilestoneStanding::Open);
        let done = milestone(4, Some("2026-11-01"), Some("2026-11-02"));
        assert_eq!(done.standing(as_of), MilestoneStanding::Done(day("2026-11-02")));
        let skipped = Milestone { skipped_on: Some(day("2026-11-10")), ..late.clone() };
        assert_eq!(skipped.standing(as_of), MilestoneStanding::Skipped(day("2026-11-10")));
        assert!(!skipped.is_open(as_of));
        // Before the day it was skipped it stood as any other: due in 11 days on Nov 9.
        assert_eq!(skipped.standing(day("2026-11-09")), MilestoneStanding::Due(11));
        // A completion wins over a skip.
        let both = Milestone { completed_on: Some(day("2026-11-12")), ..skipped };
        assert_eq!(both.standing(as_of), MilestoneStanding::Done(day("2026-11-12")));
    }

    fn staged(stage: Option<&str>) -> Account {
        Account { lifecycle_stage: stage.map(str::to_owned), ..Account::named("A-1", "Acme") }
    }

    #[test]
    fn an_account_leaves_onboarding_when_its_stage_moves_from_onboarding_to_another() {
        let leaves = |a: Option<&str>, b: Option<&str>| leaves_onboarding(&staged(a), &staged(b));
        assert!(leaves(Some("Onboarding"), Some("Adoption")));
        assert!(leaves(Some("Onboarding - Phase 2"), Some("Post-onboarding")));
        assert!(leaves(None, Some("growth")), "onboarding by its dates, now a stage says not");
        assert!(!leaves(Some("Onboarding"), Some("In implementation")), "still onboarding");
        assert!(!leaves(Some("Onboarding"), None), "a cleared stage says nothing");
        assert!(!leaves(Some("Onboarding"), Some("  ")), "a blank stage says nothing");
        assert!(!leaves(Some("adoption"), Some("growth")), "it had left already");
        assert!(!leaves(Some("adoption"), Some("adoption")));
    }

    #[test]
    fn a_path_far_behind_closes_its_open_milestones_on_the_day_it_fell_that_far() {
        // The last target is Jul 1; 90 days later is Sep 29.
        let path = [
            milestone(1, Some("2026-04-01"), Some("2026-04-03")),
            milestone(2, Some("2026-05-01"), None),
            milestone(3, Some("2026-07-01"), None),
            milestone(4, None, None),
        ];
        let skip = |as_of: &str, days| far_behind(&path, day(as_of), days);
        let on = day("2026-09-29");
        assert_eq!(
            skip("2026-11-24", 90),
            [(MilestoneId(2), on), (MilestoneId(3), on), (MilestoneId(4), on)]
        );
        assert_eq!(skip("2026-09-30", 90).len(), 3, "the day after it fell 90 days behind");
        assert_eq!(skip("2026-09-29", 90), [], "exactly 90 days behind is not yet far");
        assert_eq!(skip("2026-11-24", 0), [], "0 turns the rule off");
        assert_eq!(skip("2026-11-24", 200), []);
        assert_eq!(far_behind(&path[3..], day("2026-11-24"), 90), [], "no target, no date");
        let done: Vec<Milestone> = path[..1].to_vec();
        assert_eq!(far_behind(&done, day("2026-11-24"), 90), [], "nothing open");
    }
}
