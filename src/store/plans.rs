//! Edits of an account's plan, onboarding milestones and success-plan goals, inside the
//! writer's transaction, versioned like the other hand edits (see [`super::Conflict`]). Nothing
//! here decides what an edit means; callers pass the whole record as it should be.

use super::edits::Conflict;
use super::engine::{StoreRow as _, sql_params};
use super::{BookWriter, StoreResult, fields, rows};
use crate::domain::{AccountId, Goal, GoalId, Milestone, MilestoneId};
use chrono::NaiveDate;

impl BookWriter<'_> {
    /// Replaces a milestone's name and dates with `m`'s, which must carry the version it was
    /// read at; returns the new version. Its account and place in the path stay.
    ///
    /// # Errors
    /// [`Conflict`] when the milestone was changed or deleted meanwhile; the engine failing.
    pub fn update_milestone(&self, m: &Milestone) -> StoreResult<i64> {
        if let Some(account) = self.check_version("onboarding_milestone", m.id.0, m.version)? {
            self.touch(account);
        }
        let params = fields::MILESTONE.with_id(m.id.0, fields::milestone(m));
        let sql = fields::MILESTONE.update_sql();
        self.write_at("onboarding_milestone", m.id.0, Some(m.version), sql, &params)?;
        Ok(m.version + 1)
    }

    /// Closes as skipped on `on` every milestone of `account` neither completed nor skipped;
    /// returns them as they were read, each at the version it has now (undo writes them back).
    ///
    /// # Errors
    /// the engine failing, or a stored date malformed.
    pub fn skip_open_milestones(
        &self,
        account: AccountId,
        on: NaiveDate,
    ) -> StoreResult<Vec<Milestone>> {
        let sql = format!(
            "SELECT {} FROM onboarding_milestone \
             WHERE account_id = ?1 AND completed_on IS NULL AND skipped_on IS NULL \
             ORDER BY position, id{}",
            rows::MILESTONE_COLUMNS,
            self.row_lock()
        );
        let open = self.conn().query_rows(&sql, sql_params![account.0], |r| rows::milestone(r))?;
        let ids: Vec<MilestoneId> = open.iter().map(|m| m.id).collect();
        self.skip_milestones(&ids, on)?;
        Ok(open.into_iter().map(|m| Milestone { version: m.version + 1, ..m }).collect())
    }

    /// Closes the milestones `ids` as skipped on `on`, those still neither completed nor
    /// skipped; returns how many it closed.
    ///
    /// # Errors
    /// the engine failing.
    pub fn skip_milestones(&self, ids: &[MilestoneId], on: NaiveDate) -> StoreResult<usize> {
        let mut closed = 0;
        for id in ids {
            let account = self.conn().query_one(
                "UPDATE onboarding_milestone SET skipped_on = ?2, version = version + 1 \
                 WHERE id = ?1 AND completed_on IS NULL AND skipped_on IS NULL \
                 RETURNING account_id",
                sql_params![id.0, on],
                |r| r.get_i64(0),
            )?;
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
    /// [`Conflict`] when the goal was changed or deleted meanwhile; the engine failing.
    pub fn update_goal(&self, g: &Goal) -> StoreResult<i64> {
        if let Some(account) = self.check_version("goal", g.id.0, g.version)? {
            self.touch(account);
        }
        // The whole goal is written, its account too: the one it was read with.
        self.touch(g.account_id);
        let params = fields::GOAL.with_id(g.id.0, fields::goal(g));
        self.write_at("goal", g.id.0, Some(g.version), fields::GOAL.update_sql(), &params)?;
        Ok(g.version + 1)
    }

    /// Deletes the goal `id`, read at `version`.
    ///
    /// # Errors
    /// [`Conflict`] when the goal was changed or deleted meanwhile; the engine failing.
    pub fn delete_goal(&self, id: GoalId, version: i64) -> StoreResult<()> {
        if let Some(account) = self.check_version("goal", id.0, version)? {
            self.touch(account);
        }
        let sql = "DELETE FROM goal WHERE id = ?1";
        self.write_at("goal", id.0, Some(version), sql, sql_params![id.0])
    }

    /// Deletes `added`, read at `version`, if it is still that goal: the same objective and
    /// account (a deleted goal's id can be given to a new one).
    ///
    /// # Errors
    /// [`Conflict`] when the goal was changed or deleted meanwhile; the engine failing.
    pub fn delete_same_goal(&self, added: &Goal, version: i64) -> StoreResult<()> {
        let sql = format!(
            "SELECT objective = ?2 AND account_id = ?3 FROM goal WHERE id = ?1{}",
            self.row_lock()
        );
        let same = self.conn().query_one(
            &sql,
            sql_params![added.id.0, &added.objective, added.account_id.0],
            |r| r.get_bool(0),
        )?;
        if same == Some(false) {
            return Err(Conflict::Changed("goal").into());
        }
        self.delete_goal(added.id, version)
    }

    /// Puts back a deleted goal exactly as it was, with its id and version.
    ///
    /// # Errors
    /// [`Conflict::Exists`] when a goal with its id exists; the account is gone; the engine failing.
    pub fn restore_goal(&self, g: &Goal) -> StoreResult<()> {
        if self.exists("goal", g.id.0)? {
            return Err(Conflict::Exists("goal").into());
        }
        self.touch(g.account_id);
        let params = fields::GOAL.restored(g.id.0, fields::goal(g), g.version);
        self.conn().execute(fields::GOAL.restore_sql(), &params)?;
        self.after_explicit_id("goal", g.id.0)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::domain::Account;
    use crate::domain::{AccountId, Goal, GoalId, GoalStatus, Milestone, MilestoneId};
    use crate::store::testing::stores;
    use crate::store::{Conflict, Store, StoreError};

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// A store with one account, its id, and one milestone and one goal of it.
    type Book = (Store, AccountId, Milestone, Goal);

    /// A [`Book`] on each engine.
    fn books(label: &str) -> Vec<(&'static str, Book)> {
        stores(label).into_iter().map(|(engine, store)| (engine, book(store))).collect()
    }

    fn book(mut store: Store) -> Book {
        let w = store.writer().unwrap();
        let account = w.insert_account(&Account::named("A-1", "Acme")).unwrap();
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

    fn conflict(engine: &str, result: Result<impl std::fmt::Debug, StoreError>) -> Conflict {
        match result {
            Err(StoreError::Conflict(c)) => c,
            other => panic!("{engine}: expected a conflict, got {other:?}"),
        }
    }

    #[test]
    fn a_milestone_is_completed_once_and_a_stale_edit_is_refused() {
        for (engine, (mut store, account, milestone, _)) in books("milestone_completed") {
            let done = Milestone { completed_on: Some(day("2026-11-24")), ..milestone.clone() };
            let w = store.writer().unwrap();
            assert_eq!(w.update_milestone(&done).unwrap(), 1, "{engine}");
            w.commit().unwrap();
            let stored = store.milestones(account).unwrap();
            let stored = stored.iter().find(|m| m.id == milestone.id).unwrap();
            assert_eq!(stored, &Milestone { version: 1, ..done.clone() }, "{engine}");
            let w = store.writer().unwrap();
            let stale = conflict(engine, w.update_milestone(&done));
            assert_eq!(stale, Conflict::Changed("milestone"), "{engine}");
            let gone = Milestone { id: MilestoneId(9_999), ..done };
            let gone = conflict(engine, w.update_milestone(&gone));
            assert_eq!(gone, Conflict::Deleted("milestone"), "{engine}");
        }
    }

    #[test]
    fn open_milestones_are_skipped_once_and_done_ones_never() {
        for (engine, (mut store, account, open, _)) in books("milestones_skipped") {
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
            assert_eq!(skipped, [Milestone { version: 1, ..open.clone() }], "{engine}");
            let again = w.skip_open_milestones(account, on).unwrap();
            assert_eq!(again, [], "{engine}: nothing open any more");
            assert_eq!(w.skip_milestones(&[open.id, done.id], on).unwrap(), 0, "{engine}");
            w.commit().unwrap();
            let stored = store.milestones(account).unwrap();
            let find = |id| stored.iter().find(|m| m.id == id).unwrap();
            let skipped_open = Milestone { skipped_on: Some(on), version: 1, ..open.clone() };
            assert_eq!(find(open.id), &skipped_open, "{engine}");
            assert_eq!(find(done.id), &done, "{engine}: a done milestone is never skipped");
            // Undo: the milestone written back as it was, against the version the skip left.
            let w = store.writer().unwrap();
            assert_eq!(w.update_milestone(&skipped[0]).unwrap(), 2, "{engine}");
            w.commit().unwrap();
            let stored = store.milestones(account).unwrap();
            let back = stored.iter().find(|m| m.id == open.id).unwrap();
            assert_eq!(back.skipped_on, None, "{engine}");
        }
    }

    #[test]
    fn a_goal_is_met_deleted_and_restored_with_its_id() {
        for (engine, (mut store, account, _, goal)) in books("goal_restored") {
            let met =
                Goal { status: GoalStatus::Met, met_on: Some(day("2026-11-24")), ..goal.clone() };
            let w = store.writer().unwrap();
            let version = w.update_goal(&met).unwrap();
            w.commit().unwrap();
            let w = store.writer().unwrap();
            let stale = conflict(engine, w.delete_goal(goal.id, 0));
            assert_eq!(stale, Conflict::Changed("goal"), "{engine}");
            w.delete_goal(goal.id, version).unwrap();
            w.commit().unwrap();
            assert!(store.goals(account).unwrap().iter().all(|g| g.id != goal.id), "{engine}");
            let w = store.writer().unwrap();
            let back = Goal { version, ..met };
            w.restore_goal(&back).unwrap();
            let twice = conflict(engine, w.restore_goal(&back));
            assert_eq!(twice, Conflict::Exists("goal"), "{engine}");
            w.commit().unwrap();
            let stored = store.goals(account).unwrap();
            assert_eq!(stored.iter().find(|g| g.id == goal.id), Some(&back), "{engine}");
        }
    }

    #[test]
    fn undoing_an_add_never_deletes_another_goal_with_its_id() {
        for (engine, (mut store, _, _, goal)) in books("goal_undo_add") {
            let w = store.writer().unwrap();
            let renamed = Goal { objective: "Something else".into(), ..goal.clone() };
            let version = w.update_goal(&renamed).unwrap();
            let other = conflict(engine, w.delete_same_goal(&goal, version));
            assert_eq!(other, Conflict::Changed("goal"), "{engine}");
            w.delete_same_goal(&renamed, version).unwrap();
            w.commit().unwrap();
        }
    }
}
