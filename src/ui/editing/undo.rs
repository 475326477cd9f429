//! Undo: the steps that take the session's edits back, newest first, and the rebase of the earlier
//! steps when an undo rewrites a record at a new version. Taking an edit back is an edit like any
//! other: one transaction through `commit`, refused with a message when the record was changed
//! meanwhile elsewhere, never forced. It knows records only through `edit`'s traits; it must not
//! draw.

use super::{commit, refused, settle};
use crate::config::Config;
use crate::domain::{
    Contact, ContactId, Goal, GoalId, Interaction, InteractionId, Milestone, MilestoneId,
    Opportunity, OpportunityId, Todo, TodoId,
};
use crate::store::{BookWriter, Store, StoreResult};
use crate::ui::edit::{Key, Revert};
use crate::ui::ids::PlanItem;
use crate::ui::state::AppState;

/// A record an undo wrote back: which, its version before the undone edit, its version now.
type Rewritten = (Key, i64, i64);

/// Takes back the last edit of this session.
///
/// # Errors
/// The store could not be read after the edit.
pub fn undo(state: &mut AppState, store: &mut Store, config: &Config) -> StoreResult<()> {
    let Some(step) = state.undo.pop() else {
        state.status = "nothing to undo".to_owned();
        return Ok(());
    };
    let account = step.account;
    match commit(store, |w| step.revert.take_back(w)) {
        Ok(rewritten) => {
            if let Some((key, was, now)) = rewritten {
                // The record is back as it was, at a new version: the earlier steps that expect
                // it as it was follow.
                for earlier in &mut state.undo {
                    earlier.revert.rebase(key, was, now);
                }
            }
            state.status = format!("undone: {}", step.what);
            settle(state, store, config, account)?;
            if let Some(key) = step.revert.restored() {
                follow(state, key);
            }
            Ok(())
        }
        Err(e) => refused(state, store, config, account, &e),
    }
}

/// Points every list that can show the record `key` at it: the record undo just put back is
/// the one the next key acts on, not the neighbour the pick moved to when it left.
fn follow(state: &mut AppState, key: Key) {
    if let Some(id) = key.id_of::<Todo>() {
        state.todo_pick = Some(TodoId(id));
        state.queue_pick = Some(TodoId(id));
    } else if let Some(id) = key.id_of::<Contact>() {
        state.contact_pick = Some(ContactId(id));
    } else if let Some(id) = key.id_of::<Milestone>() {
        state.plan_pick = Some(PlanItem::Milestone(MilestoneId(id)));
    } else if let Some(id) = key.id_of::<Goal>() {
        state.plan_pick = Some(PlanItem::Goal(GoalId(id)));
    } else if let Some(id) = key.id_of::<Opportunity>() {
        state.opportunity_pick = Some(OpportunityId(id));
    } else if let Some(id) = key.id_of::<Interaction>() {
        state.timeline_pick = Some(InteractionId(id));
    }
}

impl Revert {
    /// The record taking the edit back puts back (edited back or restored); none when it
    /// removes one.
    fn restored(&self) -> Option<Key> {
        match self {
            Self::Put { before, .. } => Some(before.key()),
            Self::Restore { deleted } => Some(deleted.key()),
            Self::Remove { .. } | Self::Forget(_) => None,
        }
    }

    /// Writes the edit back; says which record it rewrote at a new version, if one.
    fn take_back(&self, w: &BookWriter<'_>) -> StoreResult<Option<Rewritten>> {
        match self {
            Self::Remove { added, version } => added.remove_same(w, *version).map(|()| None),
            Self::Put { before, version } => {
                let now = before.put(w, *version)?;
                Ok(Some((before.key(), before.version(), now)))
            }
            Self::Restore { deleted } => deleted.restore(w).map(|()| None),
            Self::Forget(id) => w.delete_interaction(*id).map(|()| None),
        }
    }

    /// The record `key` this step expects at version `was` is now at version `now`.
    fn rebase(&mut self, key: Key, was: i64, now: i64) {
        let (expected, version) = match self {
            Self::Remove { added, version } => (added.key(), version),
            Self::Put { before, version } => (before.key(), version),
            Self::Restore { .. } | Self::Forget(_) => return,
        };
        if expected == key && *version == was {
            *version = now;
        }
    }
}

#[cfg(test)]
mod tests;
