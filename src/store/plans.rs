//! Edits of an account's plan, onboarding milestones and success-plan goals, inside the
//! writer's transaction, versioned like the other hand edits (see [`super::Conflict`]). Nothing
//! here decides what an edit means; callers pass the whole record as it should be.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::edits::Conflict;
use super::rows::{self, IsoDate};
use super::{BookWriter, StoreResult};
use crate::domain::{AccountId, Goal, GoalId, Milestone, MilestoneId};

impl BookWriter<'_> {
    /// Replaces a milestone's name and dates with `m`'s, which must carry the version it was
    /// read at; returns the new version. Its account and place in the path stay.
    ///
    /// # Errors
    /// [`Conflict`] when the milestone was changed or deleted meanwhile; SQLite failing.
    pub fn update_milestone(&self, m: &Milestone) -> StoreResult<i64> {
        if let Some(account) = self.check_version("onboarding_milestone", m.id.0, m.version)? {
            self.touch(account);
        }
        self.write_at(
            "onboarding_milestone",
            m.id.0,
            Some(m.version),
            "UPDATE onboarding_milestone SET name = ?2, target_date = ?3, completed_on = ?4, \
             skipped_on = ?5, version = version + 1 WHERE id = ?1",
            params![
                m.id.0,
                m.name,
                IsoDate::opt(m.target_date),
                IsoDate::opt(m.completed_on),
                IsoDate::opt(m.skipped_on)
            ],
        )?;
        Ok(m.version + 1)
    }

    /// Closes as skipped on `on` every milestone of `account` neither completed nor skipped;
    /// returns them as they were read, each at the version it has now (undo writes them back).
    ///
    /// # Errors
    /// SQLite failing, or a stored date malformed.
    pub fn skip_open_milestones(
        &self,
        account: AccountId,
        on: NaiveDate,
    ) -> StoreResult<Vec<Milestone>> {
        let sql = format!(
            "SELECT {} FROM onboarding_milestone \
             WHERE account_id = ?1 AND completed_on IS NULL AND skipped_on IS NULL \
             ORDER BY position, id",
            rows::MILESTONE_COLUMNS
        );
        let open: Vec<Milestone> = self
            .tx()?
            .prepare_cached(&sql)?
            .query_map([account.0], |r| rows::milestone(r))?
            .collect::<Result<_, _>>()?;
        let ids: Vec<MilestoneId> = open.iter().map(|m| m.id).collect();
        self.skip_milestones(&ids, on)?;
        Ok(open.into_iter().map(|m| Milestone { version: m.version + 1, ..m }).collect())
    }

    /// Closes the milestones `ids` as skipped on `on`, those still neither completed nor
    /// skipped; returns how many it closed.
    ///
    /// # Errors
    /// SQLite failing.
    pub fn skip_milestones(&self, ids: &[MilestoneId], on: NaiveDate) -> StoreResult<usize> {
        let mut skip = self.tx()?.prepare_cached(
            "UPDATE onboarding_milestone SET skipped_on = ?2, version = version + 1 \
             WHERE id = ?1 AND completed_on IS NULL AND skipped_on IS NULL \
             RETURNING account_id",
        )?;
        let mut closed = 0;
        for id in ids {
            let account: Option<i64> =
                skip.query_row(params![id.0, IsoDate::new(on)], |r| r.get(0)).optional()?;
            if let Some(account) = account {
                self.touch(AccountId(account));
                closed += 1;
            }
        }
        Ok(closed)
    }

    /// Replaces a goal with `g`, which must carry the version it was read at; returns the new
    /// version.
    ///
    /// # Errors
    /// [`Conflict`] when the goal was changed or deleted meanwhile; SQLite failing.
    pub fn update_goal(&self, g: &Goal) -> StoreResult<i64> {
        if let Some(account) = self.check_version("goal", g.id.0, g.version)? {
            self.touch(account);
        }
        self.write_at(
            "goal",
            g.id.0,
            Some(g.version),
            "UPDATE goal SET objective = ?2, metric = ?3, target = ?4, status = ?5, due = ?6, \
             met_on = ?7, version = version + 1 WHERE id = ?1",
            params![
                g.id.0,
                g.objective,
                g.metric,
                g.target,
                g.status.code(),
                IsoDate::opt(g.due),
                IsoDate::opt(g.met_on),
            ],
        )?;
        Ok(g.version + 1)
    }

    /// Deletes the goal `id`, read at `version`.
    ///
    /// # Errors
    /// [`Conflict`] when the goal was changed or deleted meanwhile; SQLite failing.
    pub fn delete_goal(&self, id: GoalId, version: i64) -> StoreResult<()> {
        if let Some(account) = self.check_version("goal", id.0, version)? {
            self.touch(account);
        }
        self.write_at("goal", id.0, Some(version), "DELETE FROM goal WHERE id = ?1", params![id.0])
    }

    /// Deletes `added`, read at `version`, if it is still that goal: the same objective and
    /// account (a deleted goal's id can be given to a new one).
    ///
    /// # Errors
    /// [`Conflict`] when the goal was changed or deleted meanwhile; SQLite failing.
    pub fn delete_same_goal(&self, added: &Goal, version: i64) -> StoreResult<()> {
        let same: Option<bool> = self
            .tx()?
            .prepare_cached("SELECT objective = ?2 AND account_id = ?3 FROM goal WHERE id = ?1")?
            .query_row(params![added.id.0, added.objective, added.account_id.0], |r| r.get(0))
            .optional()?;
        if same == Some(false) {
            return Err(Conflict::Changed("goal").into());
        }
        self.delete_goal(added.id, version)
    }

    /// Puts back a deleted goal exactly as it was, with its id and version.
    ///
    /// # Errors
    /// [`Conflict::Exists`] when a goal with its id exists; the account is gone; SQLite failing.
    pub fn restore_goal(&self, g: &Goal) -> StoreResult<()> {
        let exists: Option<i64> = self
            .tx()?
            .prepare_cached("SELECT 1 FROM goal WHERE id = ?1")?
            .query_row([g.id.0], |r| r.get(0))
            .optional()?;
        if exists.is_some() {
            return Err(Conflict::Exists("goal").into());
        }
        self.touch(g.account_id);
        self.tx()?
            .prepare_cached(
                "INSERT INTO goal (id, account_id, objective, metric, target, status, due, met_on, \
                 version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                g.id.0,
                g.account_id.0,
                g.objective,
                g.metric,
                g.target,
                g.status.code(),
                IsoDate::opt(g.due),
                IsoDate::opt(g.met_on),
                g.version,
            ])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::domain::{AccountId, Goal, GoalId, GoalStatus, Milestone, MilestoneId};
    use crate::store::{Conflict, Store, StoreError};

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// A store with one demo account, its id, and one milestone and one goal of it.
    fn store() -> (Store, AccountId, Milestone, Goal) {
        let mut store = Store::open_in_memory().unwrap();
        let options =
            crate::demo::DemoOptions { accounts: 3, seed: 1, as_of: day("2026-11-24"), years: 3 };
        crate::demo::generate(&mut store, &options).unwrap();
        let account = store.accounts().unwrap()[0].id;
        let w = store.writer().unwrap();
        let milestone = Milestone {
            id: MilestoneId(0),
            account_id: account,
            name: "Foundation".into(),
            target_date: Some(day("2026-12-01")),
            completed_on: None,
            skipped_on: None,
            version: 0,
        };
        let milestone = Milestone { id: w.insert_milestone(&milestone).unwrap(), ..milestone };
        let goal = Goal {
            id: GoalId(0),
            account_id: account,
            objective: "Halve time to first report".into(),
            metric: Some("days".into()),
            target: Some("14".into()),
            status: GoalStatus::Open,
            due: Some(day("2027-03-01")),
            met_on: None,
            version: 0,
        };
        let goal = Goal { id: w.insert_goal(&goal).unwrap(), ..goal };
        w.commit().unwrap();
        (store, account, milestone, goal)
    }

    fn conflict(result: Result<impl std::fmt::Debug, StoreError>) -> Conflict {
        match result {
            Err(StoreError::Conflict(c)) => c,
            other => panic!("expected a conflict, got {other:?}"),
        }
    }

    #[test]
    fn a_milestone_is_completed_once_and_a_stale_edit_is_refused() {
        let (mut store, account, milestone, _) = store();
        let done = Milestone { completed_on: Some(day("2026-11-24")), ..milestone.clone() };
        let w = store.writer().unwrap();
        assert_eq!(w.update_milestone(&done).unwrap(), 1);
        w.commit().unwrap();
        let stored = store.milestones(account).unwrap();
        let stored = stored.iter().find(|m| m.id == milestone.id).unwrap();
        assert_eq!(stored, &Milestone { version: 1, ..done.clone() });
        let w = store.writer().unwrap();
        assert_eq!(conflict(w.update_milestone(&done)), Conflict::Changed("milestone"));
        assert_eq!(
            conflict(w.update_milestone(&Milestone { id: MilestoneId(9_999), ..done })),
            Conflict::Deleted("milestone")
        );
    }

    #[test]
    fn open_milestones_are_skipped_once_and_done_ones_never() {
        let (mut store, account, open, _) = store();
        let w = store.writer().unwrap();
        let done = Milestone {
            id: MilestoneId(0),
            name: "Adoption".into(),
            completed_on: Some(day("2026-11-20")),
            ..open.clone()
        };
        let done = Milestone { id: w.insert_milestone(&done).unwrap(), ..done };
        let on = day("2026-11-24");
        let skipped = w.skip_open_milestones(account, on).unwrap();
        // Returned as read, at the version the skip left it: what undo writes back.
        assert_eq!(skipped, [Milestone { version: 1, ..open.clone() }]);
        assert_eq!(w.skip_open_milestones(account, on).unwrap(), [], "nothing open any more");
        assert_eq!(w.skip_milestones(&[open.id, done.id], on).unwrap(), 0);
        w.commit().unwrap();
        let stored = store.milestones(account).unwrap();
        let find = |id| stored.iter().find(|m| m.id == id).unwrap();
        assert_eq!(find(open.id), &Milestone { skipped_on: Some(on), version: 1, ..open.clone() });
        assert_eq!(find(done.id), &done, "a done milestone is never skipped");
        // Undo: the milestone written back as it was, against the version the skip left.
        let w = store.writer().unwrap();
        assert_eq!(w.update_milestone(&skipped[0]).unwrap(), 2);
        w.commit().unwrap();
        assert_eq!(
            store.milestones(account).unwrap().iter().find(|m| m.id == open.id).unwrap().skipped_on,
            None
        );
    }

    #[test]
    fn a_goal_is_met_deleted_and_restored_with_its_id() {
        let (mut store, account, _, goal) = store();
        let met = Goal { status: GoalStatus::Met, met_on: Some(day("2026-11-24")), ..goal.clone() };
        let w = store.writer().unwrap();
        let version = w.update_goal(&met).unwrap();
        w.commit().unwrap();
        let w = store.writer().unwrap();
        assert_eq!(conflict(w.delete_goal(goal.id, 0)), Conflict::Changed("goal"));
        w.delete_goal(goal.id, version).unwrap();
        w.commit().unwrap();
        assert!(store.goals(account).unwrap().iter().all(|g| g.id != goal.id));
        let w = store.writer().unwrap();
        let back = Goal { version, ..met };
        w.restore_goal(&back).unwrap();
        assert_eq!(conflict(w.restore_goal(&back)), Conflict::Exists("goal"));
        w.commit().unwrap();
        let stored = store.goals(account).unwrap();
        assert_eq!(stored.iter().find(|g| g.id == goal.id), Some(&back));
    }

    #[test]
    fn undoing_an_add_never_deletes_another_goal_with_its_id() {
        let (mut store, _, _, goal) = store();
        let w = store.writer().unwrap();
        let renamed = Goal { objective: "Something else".into(), ..goal.clone() };
        let version = w.update_goal(&renamed).unwrap();
        assert_eq!(conflict(w.delete_same_goal(&goal, version)), Conflict::Changed("goal"));
        w.delete_same_goal(&renamed, version).unwrap();
        w.commit().unwrap();
    }
}
