//! The playbook engine (SPEC 5): rules from the configuration turn the scored book into todos,
//! each created once per occasion and naming the rule that made it, give onboarding accounts
//! without a path their segment's milestones, and close as skipped the open milestones of a path
//! far behind (`domain::far_behind`: the account has left onboarding).
//!
//! A run is one pass over a [`ScoredBook`] (no account is scored again per rule), one read of
//! each input the rules need, and one transaction for every write; a dry run plans the same
//! and writes nothing. The rules themselves are pure (`evaluate`); this module only gathers
//! their inputs and writes their output. It must not format for a screen or a terminal.

mod calendar;
mod evaluate;
mod rules;
mod template;

#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::book::ScoredBook;
use crate::config::Config;
use crate::domain::{
    AccountId, InteractionKind, Milestone, MilestoneId, Todo, TodoId, TodoStatus, far_behind,
};
use crate::store::{Store, StoreError, StoreResult};

pub use calendar::{in_onboarding, period};
pub use evaluate::{
    Departed, Ending, Firing, History, MilestoneKey, Occasion, OpenMilestone, Subject, evaluate,
    milestone_key,
};
pub use rules::{PATH_RULE, Rule, Trigger, check_rules, rules};
pub use template::{Field, Template};

/// The occasion under which an account's onboarding path is recorded as made.
const PATH_OCCASION: &str = "path";

/// A run that could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PlaybookError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("configuration: {0}")]
    Rule(String),
    /// Runs go forward in time: a run for an earlier date than the last would see episodes and
    /// periods that run already handled as new.
    #[error("not run for {as_of}: they last ran for {last}, and run only for that day or later")]
    Past { as_of: NaiveDate, last: NaiveDate },
}

/// A milestone an onboarding path adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedMilestone {
    pub account: AccountId,
    pub name: String,
    pub target: NaiveDate,
}

/// What a run creates (or, dry, would create).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub as_of: NaiveDate,
    /// The todos, by due date, then account name, then rule.
    pub firings: Vec<Firing>,
    /// The accounts given an onboarding path, and its milestones in order.
    pub paths: Vec<AccountId>,
    pub milestones: Vec<PlannedMilestone>,
    /// Open milestones of paths far behind, to close as skipped on the day given.
    pub skipped: Vec<(AccountId, MilestoneId, NaiveDate)>,
    /// Episodes that are over.
    pub endings: Vec<Ending>,
    /// The names of the accounts in `firings` and `paths`.
    pub names: HashMap<AccountId, String>,
}

impl Plan {
    /// Whether the run has anything to write.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.firings.is_empty()
            && self.paths.is_empty()
            && self.endings.is_empty()
            && self.skipped.is_empty()
    }

    /// The name of `account`, for listing.
    #[must_use]
    pub fn name(&self, account: AccountId) -> &str {
        self.names.get(&account).map_or("", String::as_str)
    }
}

/// What a run wrote (`ui::playbook_status` says it in words).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    pub todos: usize,
    pub paths: usize,
    pub milestones: usize,
    /// Open milestones closed as skipped, their paths far behind.
    pub skipped: usize,
}

/// Plans the run over `book` (scored at its as-of date): reads what the rules need in one
/// snapshot and evaluates every rule for every account.
///
/// # Errors
/// A rule is invalid (a configuration loaded without [`check_rules`]), or the store
/// could not be read.
pub fn plan(store: &Store, config: &Config, book: &ScoredBook) -> Result<Plan, PlaybookError> {
    let rules = rules(&config.playbooks).map_err(PlaybookError::Rule)?;
    let as_of = book.as_of;
    if let Some(last) = store.last_playbook_run()?.filter(|&last| as_of < last) {
        return Err(PlaybookError::Past { as_of, last });
    }
    let inputs = store.snapshot(|store| Inputs::read(store, config, &rules, as_of))?;

    let mut plan = Plan {
        as_of,
        firings: Vec::new(),
        paths: Vec::new(),
        milestones: Vec::new(),
        skipped: Vec::new(),
        endings: Vec::new(),
        names: HashMap::new(),
    };
    let skip_after = config.playbooks.skip_milestones_after_days;
    let mut open: Vec<OpenMilestone> = Vec::new();
    // A churned account has left the book: nothing more is planned for it.
    for entry in book.active() {
        let account = &entry.account;
        let steps = account.segment.map_or(&[][..], |s| config.playbooks.path(s));
        let path_days = steps.iter().map(|s| s.day).max().unwrap_or(0);
        let onboarding = in_onboarding(account, as_of, path_days);

        open.clear();
        let path = inputs.paths.get(&account.id).map_or(&[][..], Vec::as_slice);
        let behind = far_behind(path, as_of, skip_after);
        plan.skipped.extend(behind.iter().map(|&(id, on)| (account.id, id, on)));
        // The milestones still to do as stored, less those this run closes: no rule fires on
        // a skipped milestone.
        open.extend(
            path.iter()
                .filter(|m| m.completed_on.is_none() && m.skipped_on.is_none())
                .filter(|m| !behind.iter().any(|&(id, _)| id == m.id))
                .filter_map(|m| {
                    let target = m.target_date?;
                    let key = MilestoneKey::Stored(m.id);
                    Some(OpenMilestone { key, name: m.name.clone(), target })
                }),
        );
        let needs_path = onboarding
            && !steps.is_empty()
            && !inputs.with_milestones.contains(&account.id)
            && !inputs.history.has(PATH_RULE, account.id, PATH_OCCASION);
        if needs_path {
            // The path runs from the contract's start; without one, or when the whole path
            // would already lie behind (a stage still saying onboarding long after the start),
            // from today, so its milestones are ahead rather than all overdue at once.
            let start = account
                .contract_start
                .filter(|&s| calendar::shift(s, path_days) >= as_of)
                .unwrap_or(as_of);
            plan.paths.push(account.id);
            for step in steps {
                let target = calendar::shift(start, step.day);
                let key = MilestoneKey::Planned(plan.milestones.len());
                open.push(OpenMilestone { key, name: step.name.clone(), target });
                plan.milestones.push(PlannedMilestone {
                    account: account.id,
                    name: step.name.clone(),
                    target,
                });
            }
        }

        let subject = Subject {
            account,
            summary: &entry.summary,
            onboarding,
            milestones: &open,
            departed: inputs.departed.get(&account.id).map_or(&[], Vec::as_slice),
            latest: inputs.latest.get(&account.id).map_or(&[], Vec::as_slice),
        };
        let before = plan.firings.len();
        evaluate(&rules, &subject, &inputs.history, as_of, &mut plan.firings, &mut plan.endings);
        if plan.firings.len() > before || needs_path || !behind.is_empty() {
            plan.names.insert(account.id, account.name.clone());
        }
    }
    let names = &plan.names;
    let name = |id: &AccountId| names.get(id).map_or("", String::as_str);
    plan.firings.sort_by(|a, b| {
        a.due
            .cmp(&b.due)
            .then_with(|| name(&a.account).cmp(name(&b.account)))
            .then_with(|| a.rule.cmp(&b.rule))
    });
    Ok(plan)
}

/// Writes `plan` in one transaction: the paths' milestones, then each todo with its firing.
/// An occasion another run recorded meanwhile is skipped, its todo not created.
///
/// # Errors
/// The store could not be written; nothing was.
pub fn apply(store: &mut Store, plan: &Plan) -> StoreResult<Applied> {
    let mut applied = Applied::default();
    if plan.is_empty() {
        return Ok(applied);
    }
    let as_of = plan.as_of;
    let writer = store.writer()?;
    let mut made: HashSet<AccountId> = HashSet::new();
    for &account in &plan.paths {
        if writer.record_firing(PATH_RULE, account, PATH_OCCASION, as_of)? {
            made.insert(account);
            applied.paths += 1;
        }
    }
    let mut ids: Vec<Option<MilestoneId>> = Vec::with_capacity(plan.milestones.len());
    for m in &plan.milestones {
        let id = if made.contains(&m.account) {
            applied.milestones += 1;
            Some(writer.insert_milestone(&Milestone {
                id: MilestoneId(0),
                account_id: m.account,
                name: m.name.clone(),
                target_date: Some(m.target),
                completed_on: None,
                skipped_on: None,
                version: 0,
            })?)
        } else {
            None
        };
        ids.push(id);
    }
    let mut behind: Vec<(NaiveDate, MilestoneId)> =
        plan.skipped.iter().map(|&(_, id, on)| (on, id)).collect();
    behind.sort_unstable();
    for chunk in behind.chunk_by(|a, b| a.0 == b.0) {
        let ids: Vec<MilestoneId> = chunk.iter().map(|&(_, id)| id).collect();
        applied.skipped += writer.skip_milestones(&ids, chunk[0].0)?;
    }
    for firing in &plan.firings {
        let key = match &firing.occasion {
            Occasion::Key(key) => key.clone(),
            Occasion::Episode(start) => start.to_string(),
            Occasion::Milestone(MilestoneKey::Stored(id)) => milestone_key(*id),
            Occasion::Milestone(MilestoneKey::Planned(i)) => {
                let Some(Some(id)) = ids.get(*i) else { continue };
                milestone_key(*id)
            }
        };
        if !writer.record_firing(&firing.rule, firing.account, &key, as_of)? {
            continue;
        }
        let todo = writer.insert_todo(&todo(firing, as_of))?;
        writer.link_firing(&firing.rule, firing.account, &key, todo)?;
        applied.todos += 1;
    }
    for ending in &plan.endings {
        writer.end_firing(&ending.rule, ending.account, &ending.occasion, as_of)?;
    }
    writer.commit()?;
    Ok(applied)
}

/// Plans and applies a run over `book`.
///
/// # Errors
/// As [`plan`] and [`apply`].
pub fn run(
    store: &mut Store,
    config: &Config,
    book: &ScoredBook,
) -> Result<(Plan, Applied), PlaybookError> {
    let plan = plan(store, config, book)?;
    let applied = apply(store, &plan)?;
    Ok((plan, applied))
}

/// Loads the book at `as_of` and runs the playbooks over it: after an import, or for a caller
/// without a book at hand.
///
/// # Errors
/// As [`plan`] and [`apply`].
pub fn run_at(
    store: &mut Store,
    config: &Config,
    as_of: NaiveDate,
) -> Result<(Plan, Applied), PlaybookError> {
    let book = ScoredBook::load(store, config, as_of)?;
    run(store, config, &book)
}

/// The todo a firing creates, made today.
fn todo(firing: &Firing, as_of: NaiveDate) -> Todo {
    Todo {
        id: TodoId(0),
        account_id: Some(firing.account),
        title: firing.title.clone(),
        notes: None,
        due: Some(firing.due),
        priority: firing.priority,
        status: TodoStatus::Open,
        snoozed_until: None,
        rule: Some(firing.rule.clone()),
        created_on: as_of,
        completed_on: None,
        version: 0,
    }
}

/// The store's answers to what the rules need, grouped by account.
struct Inputs {
    history: History,
    /// The whole path of each account with a milestone still to do.
    paths: HashMap<AccountId, Vec<Milestone>>,
    with_milestones: HashSet<AccountId>,
    departed: HashMap<AccountId, Vec<Departed>>,
    latest: HashMap<AccountId, Vec<(InteractionKind, NaiveDate)>>,
}

impl Inputs {
    /// Reads only what some rule needs: no milestones without a milestone rule or the "far
    /// behind" one, no departures
    /// without a `champion_left` rule, no interactions without a cadence met by one.
    fn read(store: &Store, config: &Config, rules: &[Rule], as_of: NaiveDate) -> StoreResult<Self> {
        let mut history = History::default();
        for f in store.playbook_firings()? {
            history.record(f.rule, f.account, f.occasion, f.open);
        }
        let mut inputs = Self {
            history,
            paths: HashMap::new(),
            with_milestones: HashSet::new(),
            departed: HashMap::new(),
            latest: HashMap::new(),
        };
        let onboarding =
            rules.iter().any(|r| matches!(r.trigger, Trigger::OnboardingMilestone { .. }));
        let paths = config.playbooks.onboarding.values().any(|p| !p.milestones.is_empty());
        if onboarding || paths {
            inputs.with_milestones = store.accounts_with_milestones()?.into_iter().collect();
        }
        if onboarding || config.playbooks.skip_milestones_after_days > 0 {
            for m in store.open_paths()? {
                inputs.paths.entry(m.account_id).or_default().push(m);
            }
        }
        let champion_left = rules.iter().any(|r| {
            r.trigger == Trigger::Signal { signal: crate::scoring::SignalCode::ChampionLeft }
        });
        if champion_left {
            let window = crate::domain::Window::ending(as_of, config.scoring.windows.champion_left);
            for d in store.departed_champions(window.start, window.end)? {
                inputs.departed.entry(d.account).or_default().push(Departed {
                    contact: d.contact,
                    name: d.name,
                    left_on: d.left_on,
                });
            }
        }
        // Each kind a cadence is met by, from the earliest start of such a rule's period: an
        // interaction before it meets no cadence.
        let mut kinds: Vec<(InteractionKind, NaiveDate)> = rules
            .iter()
            .filter_map(|r| match r.trigger {
                Trigger::Cadence { every_months, met_by } => {
                    met_by.map(|kind| (kind, period(as_of, every_months).0))
                }
                _ => None,
            })
            .collect();
        kinds.sort_unstable();
        kinds.dedup_by_key(|(kind, _)| *kind);
        for (kind, from) in kinds {
            for (account, date) in store.latest_interactions(kind, from, as_of)? {
                inputs.latest.entry(account).or_default().push((kind, date));
            }
        }
        Ok(inputs)
    }
}
