//! Undo: the steps that take the session's edits back, newest first, and the rebase of the earlier
//! steps when an undo rewrites a record at a new version. Taking an edit back is an edit like any
//! other: one transaction through `commit`, refused with a message when the record was changed
//! meanwhile elsewhere, never forced. It must not draw.

use super::{commit, refused, settle};
use crate::config::Config;
use crate::domain::{Contact, ContactId, Goal, GoalId, Milestone, MilestoneId, Todo, TodoId};
use crate::store::{Store, StoreResult};
use crate::ui::modal::Revert;
use crate::ui::state::AppState;

/// Takes back the last edit of this session.
///
/// # Errors
/// The store could not be read after the edit.
pub fn undo(state: &mut AppState, store: &mut Store, config: &Config) -> StoreResult<()> {
    let Some(step) = state.undo.pop() else {
        state.status = "nothing to undo".to_owned();
        return Ok(());
    };
    // What the undo rewrote: (record, its version before the undone edit, its version now).
    let written = commit(store, |w| match &step.revert {
        Revert::RemoveTodo { added, version } => w.delete_same_todo(added, *version).map(|()| None),
        Revert::PutTodo { before, version } => w
            .update_todo(&Todo { version: *version, ..before.clone() })
            .map(|now| Some((Record::Todo(before.id), before.version, now))),
        Revert::RestoreTodo { before } => w.restore_todo(before).map(|()| None),
        Revert::PutContact { before, version } => w
            .update_contact(&Contact { version: *version, ..before.clone() })
            .map(|now| Some((Record::Contact(before.id), before.version, now))),
        Revert::RemoveInteraction { id } => w.delete_interaction(*id).map(|()| None),
        Revert::RemoveGoal { added, version } => w.delete_same_goal(added, *version).map(|()| None),
        Revert::PutGoal { before, version } => w
            .update_goal(&Goal { version: *version, ..before.clone() })
            .map(|now| Some((Record::Goal(before.id), before.version, now))),
        Revert::RestoreGoal { before } => w.restore_goal(before).map(|()| None),
        Revert::PutMilestone { before, version } => w
            .update_milestone(&Milestone { version: *version, ..before.clone() })
            .map(|now| Some((Record::Milestone(before.id), before.version, now))),
    });
    let account = step.account;
    match written {
        Ok(rewritten) => {
            if let Some((record, was, now)) = rewritten {
                // The record is back as it was, at a new version: the earlier steps that expect
                // it as it was follow.
                for earlier in &mut state.undo {
                    earlier.revert.rebase(record, was, now);
                }
            }
            state.status = format!("undone: {}", step.what);
            settle(state, store, config, account)
        }
        Err(e) => refused(state, store, config, account, &e),
    }
}

/// A record undo can rewrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Record {
    Todo(TodoId),
    Contact(ContactId),
    Goal(GoalId),
    Milestone(MilestoneId),
}

impl Revert {
    /// The record this step expects at version `was` is now at version `now`.
    fn rebase(&mut self, record: Record, was: i64, now: i64) {
        let (target, version) = match self {
            Self::RemoveTodo { added, version } => (Record::Todo(added.id), version),
            Self::PutTodo { before, version } => (Record::Todo(before.id), version),
            Self::PutContact { before, version } => (Record::Contact(before.id), version),
            Self::RemoveGoal { added, version } => (Record::Goal(added.id), version),
            Self::PutGoal { before, version } => (Record::Goal(before.id), version),
            Self::PutMilestone { before, version } => (Record::Milestone(before.id), version),
            Self::RestoreTodo { .. }
            | Self::RestoreGoal { .. }
            | Self::RemoveInteraction { .. } => {
                return;
            }
        };
        if target == record && *version == was {
            *version = now;
        }
    }
}
