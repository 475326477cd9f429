//! Importing a file from the workspace: the form that asks what and where, the request it
//! makes, the import itself (run by the event loop on a connection of its own so the screen
//! never freezes), and what is shown while it runs and when it ends. It must not draw.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use super::form::{self, Form, Refusal, form_fields};
use super::playbook_status::playbook_status;
use crate::config::Config;
use crate::format::thousands;
use crate::import::{
    DateOrder, Failure, Input, Kind, OnProgress, Options, Progress, describe, import_file, refused,
};
use crate::store::{Store, StoreError};

/// What the user asked to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRequest {
    pub kind: Kind,
    pub path: PathBuf,
    pub dry_run: bool,
    pub date_order: Option<DateOrder>,
}

impl ImportRequest {
    /// The file as the user typed it, for messages.
    #[must_use]
    pub fn file(&self) -> String {
        crate::domain::shown_path(&self.path)
    }
}

/// An import beside the workspace (not over it: the workspace stays usable).
#[derive(Debug, Clone)]
pub enum ImportView {
    /// Asked for while the playbooks run (both write): it starts when they end.
    Waiting(ImportRequest),
    /// Running; the status line says so, and how far it has read when it has said.
    Running { request: ImportRequest, started: Instant, progress: Option<Progress> },
    /// Ended while something was open over the workspace: its report opens once that closes.
    Ended(ImportReport),
}

/// How an import ended, as its report shows it: scrollable, until closed.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub title: String,
    pub lines: Vec<String>,
    pub ok: bool,
    pub scroll: usize,
}

/// Takes in how far the running import has read (the event loop's clock brings it, twice a
/// second); nothing when no import runs.
pub fn progressed(view: &mut Option<ImportView>, latest: Progress) {
    if let Some(ImportView::Running { progress, .. }) = view {
        *progress = Some(latest);
    }
}

/// The status line's words for a running import of `request`: how far it has read (rows, and
/// the share of the file's bytes) once it has said, and how long it has run.
#[must_use]
pub fn running_status(
    request: &ImportRequest,
    progress: Option<Progress>,
    elapsed: Duration,
) -> String {
    let mut text = format!("importing {}", request.file());
    match progress {
        Some(progress) => {
            let rows = u64::try_from(progress.rows).unwrap_or(u64::MAX);
            let noun = if progress.rows == 1 { "row" } else { "rows" };
            text.push_str(&format!(": {} {noun}", thousands(rows)));
            if let Some(percent) = progress.percent() {
                text.push_str(&format!(" · {percent}%"));
            }
            text.push_str(" ·");
        }
        None => text.push('…'),
    }
    text.push_str(&format!(" {} s", elapsed.as_secs()));
    text
}

/// How an import ended, in lines for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOutcome {
    pub ok: bool,
    /// Whether the book changed (the workspace reads it again).
    pub changed: bool,
    pub lines: Vec<String>,
}

const MODES: [&str; 2] = ["import", "dry run: check and count only"];
const DATES: [&str; 3] =
    ["as written (ISO, or proven by the file)", "mdy: 12/31/2026", "dmy: 31/12/2026"];

form_fields! {
    /// The fields of the import form, in its order.
    pub enum ImportField { Kind => "kind", File => "file", Mode => "mode", Dates => "dates" }
}

/// The form that asks for the kind and the file.
#[must_use]
pub fn form() -> Form {
    let options = |all: &[&str]| all.iter().map(|o| (*o).to_owned()).collect();
    Form::keyed("Import a file", |field| match field {
        ImportField::Kind => {
            form::Input::choice(Kind::ALL.iter().map(|k| k.code().to_owned()).collect(), 0)
        }
        ImportField::File => form::Input::line("")
            .hint("path of a CSV or JSON lines file, e.g. ~/exports/accounts.csv"),
        ImportField::Mode => form::Input::choice(options(&MODES), 0),
        ImportField::Dates => form::Input::choice(options(&DATES), 0),
    })
}

/// The request the filled-in form makes, or the form refused with the reason.
pub fn request(form: &mut Form) -> Option<ImportRequest> {
    read(form).map_err(|refusal| form.refuse(refusal)).ok()
}

/// The request the filled-in form makes, or which field is refused and why.
fn read(form: &Form) -> Result<ImportRequest, Refusal<ImportField>> {
    let typed = form
        .optional_text(ImportField::File)
        .ok_or_else(|| Refusal::new(ImportField::File, "which file? (a path)"))?;
    let path = expand_home(&typed);
    match std::fs::metadata(&path) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => return Err(Refusal::new(ImportField::File, format!("{typed} is not a file"))),
        Err(e) => {
            return Err(Refusal::new(ImportField::File, format!("cannot read {typed}: {e}")));
        }
    }
    let date_order = match form.choice(ImportField::Dates) {
        1 => Some(DateOrder::MonthFirst),
        2 => Some(DateOrder::DayFirst),
        _ => None,
    };
    Ok(ImportRequest {
        kind: Kind::ALL.get(form.choice(ImportField::Kind)).copied().unwrap_or(Kind::Accounts),
        path,
        dry_run: form.choice(ImportField::Mode) == 1,
        date_order,
    })
}

/// `~/x` as the home directory's `x`, as a shell would read it.
fn expand_home(typed: &str) -> PathBuf {
    match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(typed),
    }
}

/// Runs `request` on `store` (blocking: the event loop runs it off the screen's thread),
/// telling `progress` how far it has read.
#[must_use]
pub fn run(
    request: &ImportRequest,
    store: &mut Store,
    config: &Config,
    as_of: NaiveDate,
    progress: Option<OnProgress>,
) -> ImportOutcome {
    let file = request.file();
    let input = match Input::open_path(&request.path) {
        Ok(input) => input,
        Err(e) => {
            return ImportOutcome {
                ok: false,
                changed: false,
                lines: vec![format!("cannot read {file}: {e}")],
            };
        }
    };
    let options = Options {
        dry_run: request.dry_run,
        date_order: request.date_order,
        progress,
        ..Options::default()
    };
    match import_file(store, config, request.kind, &input, &options, as_of) {
        Ok(summary) => {
            let changed = !summary.dry_run && summary.tally.new + summary.tally.updated > 0;
            let mut lines = describe(&file, &summary);
            if changed {
                // New facts may call for todos: the playbooks run on the imported book.
                lines.push(match crate::playbooks::run_at(store, config, as_of) {
                    Ok((_, applied)) => playbook_status(&applied),
                    Err(e) => format!("playbooks did not run: {e}"),
                });
            }
            ImportOutcome { ok: true, changed, lines }
        }
        // Whether the server kept the import cannot be told: say so in the error's own words,
        // and read the book again to show what it holds.
        Err(failure @ Failure::Store(StoreError::CommitLost { .. })) => {
            ImportOutcome { ok: false, changed: true, lines: vec![format!("{file}: {failure}")] }
        }
        Err(failure) => {
            let lines = refused(&file, &failure)
                .unwrap_or_else(|| vec![format!("nothing was imported from {file}: {failure}")]);
            ImportOutcome { ok: false, changed: false, lines }
        }
    }
}

#[cfg(test)]
mod tests;
