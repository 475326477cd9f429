//! `update`'s part for the work done beside the screen (an import, the playbooks' run as the
//! workspace opens): when it may start, what shows while it runs, and taking in how it ended.
//! It asks for the work as effects; it must not start threads or open connections itself.

use std::time::Instant;

use super::super::importing::{self, ImportOutcome, ImportReport, ImportRequest, ImportView};
use super::super::load::refresh;
use super::super::msg::{Effect, Effects};
use super::super::opening_run::{self, Outcome};
use super::super::state::AppState;
use crate::config::Config;
use crate::import::Progress;
use crate::store::{Store, StoreResult};

/// The status line while an import waits for the playbooks.
pub const IMPORT_WAITS: &str = "the import starts when the playbooks have run";

/// The first frame is up: the playbooks run beside it, and the frame after they end shows
/// what they made. Edits wait meanwhile.
pub fn opened(state: &mut AppState) -> Effects {
    state.playbooks_running = true;
    // The search over everything is indexed once they have run.
    state.records.wanted = true;
    state.status = opening_run::RUNNING.to_owned();
    vec![Effect::RunPlaybooks]
}

/// The import form asked for `request`: it starts now, or once the playbooks have run (both
/// write to the book).
pub fn import_asked(state: &mut AppState, request: ImportRequest) -> Effects {
    if state.playbooks_running {
        state.import = Some(ImportView::Waiting(request));
        return Effects::new();
    }
    start_import(state, request)
}

/// While an import waits for the playbooks, the status line says so after every action.
pub fn remind_waiting(state: &mut AppState) {
    if matches!(state.import, Some(ImportView::Waiting(_))) {
        state.status = IMPORT_WAITS.to_owned();
    }
}

/// Shows `request` running and asks for it to run.
fn start_import(state: &mut AppState, request: ImportRequest) -> Effects {
    state.status = format!("importing {}…", request.file());
    let started = Instant::now();
    state.import = Some(ImportView::Running { request: request.clone(), started, progress: None });
    vec![Effect::StartImport(request)]
}

/// How far the running import has read; nothing when none runs.
pub fn import_progressed(state: &mut AppState, progress: Progress) {
    importing::progressed(&mut state.import, progress);
}

/// Shows how the running import ended and, when it changed the book, reads the book again. An
/// end with no import running leaves a report waiting to be shown as it is.
pub fn import_finished(
    state: &mut AppState,
    store: &mut Store,
    config: &Config,
    outcome: ImportOutcome,
) {
    let request = match state.import.take() {
        Some(ImportView::Running { request, .. }) => request,
        other => {
            state.import = other;
            return;
        }
    };
    let title = format!("{} · {}", request.kind, request.file());
    state.status = outcome.lines.first().cloned().unwrap_or_default();
    let report = ImportReport { title, lines: outcome.lines, ok: outcome.ok, scroll: 0 };
    state.import = Some(ImportView::Ended(report));
    if outcome.changed
        && let Err(e) = refresh(state, store, config)
    {
        state.status = format!("imported, but the book could not be read again: {e}");
    }
    // `refresh` says what changed; the import's own first line says it better.
    if let Some(ImportView::Ended(report)) = &state.import {
        state.status = report.lines.first().cloned().unwrap_or_default();
    }
    state.modal.open_ended(&mut state.import);
}

/// Takes in how the playbooks' run ended; an import that waited for it starts.
///
/// # Errors
/// The book could not be read again after a run on the workspace's own connection.
pub fn playbooks_finished(
    state: &mut AppState,
    store: &mut Store,
    config: &Config,
    outcome: Outcome,
) -> StoreResult<Effects> {
    opening_run::finish(state, store, config, outcome)?;
    match state.import.take() {
        Some(ImportView::Waiting(request)) => Ok(start_import(state, request)),
        other => {
            state.import = other;
            Ok(Effects::new())
        }
    }
}

#[cfg(test)]
mod tests;
