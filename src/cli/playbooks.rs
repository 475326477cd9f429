//! `csm playbooks run`: runs the playbooks over the book at the as-of date and lists the todos
//! (and onboarding paths) they created, or with `--dry-run` would create, writing nothing.

use chrono::NaiveDate;
use serde::Serialize;
use unicode_width::UnicodeWidthStr as _;

use super::CliError;
use crate::config::Config;
use crate::domain::{Priority, terminal_safe};
use crate::format::fit;
use crate::playbooks::{self, Applied, Plan, PlaybookError};
use crate::store::Store;
use crate::ui::playbook_status;

/// The subcommands of `csm playbooks`.
#[derive(Debug, clap::Subcommand)]
pub enum PlaybooksCommand {
    /// Create the todos the playbook rules call for today (each occasion once, ever).
    Run {
        /// List what the rules would create; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the todos and onboarding paths as JSON: `todos` (account, title, due, priority,
        /// rule), `onboarding` (account and its milestones) and `written`.
        #[arg(long)]
        json: bool,
    },
}

/// Runs `csm playbooks`; returns the listing for stdout.
///
/// # Errors
/// The store could not be read or written, or a rule is invalid.
pub fn run(
    store: &mut Store,
    config: &Config,
    command: &PlaybooksCommand,
    as_of: NaiveDate,
) -> Result<String, CliError> {
    let PlaybooksCommand::Run { dry_run, json } = command;
    let book = crate::book::ScoredBook::load(store, config, as_of)?;
    let plan = playbooks::plan(store, config, &book).map_err(from_playbooks)?;
    let applied = if *dry_run { None } else { Some(playbooks::apply(store, &plan)?) };
    if *json {
        return json_listing(&plan, applied.is_some());
    }
    Ok(listing(&plan, applied))
}

/// The plan as JSON; `written` says whether it was applied (false on a dry run).
fn json_listing(plan: &Plan, written: bool) -> Result<String, CliError> {
    #[derive(Serialize)]
    struct Listing<'a> {
        as_of: NaiveDate,
        written: bool,
        todos: Vec<PlannedTodo<'a>>,
        onboarding: Vec<PlannedPath<'a>>,
    }
    #[derive(Serialize)]
    struct PlannedTodo<'a> {
        account_id: i64,
        account: &'a str,
        title: &'a str,
        due: NaiveDate,
        priority: Priority,
        rule: &'a str,
    }
    #[derive(Serialize)]
    struct PlannedPath<'a> {
        account_id: i64,
        account: &'a str,
        milestones: Vec<Step<'a>>,
    }
    #[derive(Serialize)]
    struct Step<'a> {
        name: &'a str,
        target: NaiveDate,
    }
    let listing = Listing {
        as_of: plan.as_of,
        written,
        todos: plan
            .firings
            .iter()
            .map(|f| PlannedTodo {
                account_id: f.account.0,
                account: plan.name(f.account),
                title: &f.title,
                due: f.due,
                priority: f.priority,
                rule: &f.rule,
            })
            .collect(),
        onboarding: plan
            .paths
            .iter()
            .map(|&account| PlannedPath {
                account_id: account.0,
                account: plan.name(account),
                milestones: plan
                    .milestones
                    .iter()
                    .filter(|m| m.account == account)
                    .map(|m| Step { name: &m.name, target: m.target })
                    .collect(),
            })
            .collect(),
    };
    let text = crate::format::json::to_string_pretty(&listing)
        .map_err(|e| CliError::Output(std::io::Error::other(e)))?;
    Ok(text + "\n")
}

/// Runs the playbooks after an import that changed the book and says what they created, if
/// anything, on stderr (stdout is the import's summary, a contract for scripts).
///
/// # Errors
/// As [`run`].
pub fn after_import(
    store: &mut Store,
    config: &Config,
    as_of: NaiveDate,
    feedback: &super::feedback::Feedback,
) -> Result<(), CliError> {
    let (_, applied) = playbooks::run_at(store, config, as_of).map_err(from_playbooks)?;
    if applied != Applied::default() {
        feedback.note(&playbook_status(&applied));
        // An import leaves its book scored for the date; the new todos changed their accounts'
        // counts, so those are scored again now rather than at the next look.
        crate::book::ScoredBook::load(store, config, as_of)?;
    }
    Ok(())
}

pub(super) fn from_playbooks(e: PlaybookError) -> CliError {
    match e {
        PlaybookError::Store(e) => e.into(),
        PlaybookError::Rule(message) => CliError::Refused(format!("configuration: {message}")),
        past @ PlaybookError::Past { .. } => CliError::Refused(format!("playbooks: {past}")),
    }
}

/// The todos of `plan`, one a line by due date, under a line saying what was (or would be)
/// created.
fn listing(plan: &Plan, applied: Option<Applied>) -> String {
    let milestones = plan.milestones.len();
    let head = match applied {
        Some(applied) => format!("{} as of {}", playbook_status(&applied), plan.as_of),
        None => {
            let planned = Applied {
                todos: plan.firings.len(),
                paths: plan.paths.len(),
                milestones,
                skipped: plan.skipped.len(),
            };
            let line = playbook_status(&planned).replacen("playbooks:", "playbooks (dry run):", 1);
            format!(
                "{} as of {}; nothing written",
                line.replace("created", "to create").replace("closed as", "to close as"),
                plan.as_of
            )
        }
    };
    let mut out = head + "\n";
    // Names and titles hold imported text: made safe to print, and measured as the terminal
    // draws them.
    let name = |account| terminal_safe(plan.name(account)).into_owned();
    let name_width = plan.firings.iter().map(|f| name(f.account).width()).max();
    let name_width = name_width.unwrap_or(0).min(32);
    for firing in &plan.firings {
        let shown = fit(&name(firing.account), name_width);
        let pad = " ".repeat(name_width.saturating_sub(shown.width()));
        out.push_str(&format!(
            "  {}  {:<6}  {shown}{pad}  {}  [{}]\n",
            firing.due,
            firing.priority.code(),
            terminal_safe(&firing.title),
            terminal_safe(&firing.rule)
        ));
    }
    for &account in &plan.paths {
        let steps = plan.milestones.iter().filter(|m| m.account == account).count();
        out.push_str(&format!("  onboarding path for {}: {steps} milestones\n", name(account)));
    }
    // The paths far behind, an account a line, in the order the run met them.
    let mut behind: Vec<(crate::domain::AccountId, usize)> = Vec::new();
    for &(account, _, _) in &plan.skipped {
        match behind.last_mut() {
            Some((last, n)) if *last == account => *n += 1,
            _ => behind.push((account, 1)),
        }
    }
    let closed = if applied.is_some() { "closed" } else { "to close" };
    for (account, n) in behind {
        let milestones = if n == 1 { "milestone" } else { "milestones" };
        out.push_str(&format!(
            "  onboarding of {} far behind: {n} open {milestones} {closed} as skipped\n",
            name(account)
        ));
    }
    out
}
