//! The playbooks' run when the workspace opens, beside the screen: on a very large book it
//! creates thousands of todos and scores their accounts again, seconds the screen must not
//! freeze for. The run and the book read again after it happen on a connection of their own;
//! `update` then puts that book in place. It must not draw.

use chrono::NaiveDate;

use super::load::{put_book, refresh};
use super::playbook_status::playbook_status;
use super::state::AppState;
use crate::book::ScoredBook;
use crate::config::Config;
use crate::playbooks::{self, Applied};
use crate::store::{Store, StoreHandle, StoreResult};

/// The status line while the playbooks run.
pub const RUNNING: &str = "playbooks: running…";

/// How a run beside the screen ended.
#[derive(Debug)]
pub enum Outcome {
    /// Nothing was due.
    Nothing,
    /// Todos (and onboarding paths) were created; the book as it is now, its changed accounts
    /// scored again.
    Created { applied: Applied, book: Box<ScoredBook> },
    /// Todos were created, but the book could not be read again: why.
    Unread { applied: Applied, why: String },
    /// Todos were created on the workspace's own connection (no loop runs, or no file): the
    /// book is read again as the outcome is taken in.
    Applied(Applied),
    /// The run did not happen: why (a rule in error, a date before the last run, the store).
    Failed(String),
}

/// Runs the playbooks over the `book` as of `as_of`, on a connection of its own, and reads the
/// book again when they created anything.
#[must_use]
pub fn run_aside(book: &StoreHandle, config: &Config, as_of: NaiveDate) -> Outcome {
    let mut store = match book.open() {
        Ok(store) => store,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let applied = match playbooks::run_at(&mut store, config, as_of) {
        Ok((_, applied)) if applied == Applied::default() => return Outcome::Nothing,
        Ok((_, applied)) => applied,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    match ScoredBook::load(&mut store, config, as_of) {
        Ok(book) => Outcome::Created { applied, book: Box::new(book) },
        Err(e) => Outcome::Unread { applied, why: e.to_string() },
    }
}

/// Runs the playbooks over `book` on the workspace's own connection, blocking: for a
/// workspace with no loop or no file to open a second connection on.
#[must_use]
pub fn run_here(store: &mut Store, config: &Config, book: &ScoredBook) -> Outcome {
    match playbooks::run(store, config, book) {
        Ok((_, applied)) if applied == Applied::default() => Outcome::Nothing,
        Ok((_, applied)) => Outcome::Applied(applied),
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// Takes in how the run ended: the book it read put in place (the user's place kept), and the
/// status line saying what it made.
///
/// # Errors
/// The book could not be read again after a run on the workspace's own connection.
pub fn finish(
    state: &mut AppState,
    store: &mut Store,
    config: &Config,
    outcome: Outcome,
) -> StoreResult<()> {
    state.playbooks_running = false;
    let running = state.status == RUNNING;
    match outcome {
        Outcome::Nothing => {
            if running {
                state.status.clear();
            }
        }
        Outcome::Created { applied, book } => {
            state.status = match put_book(state, store, config, *book) {
                Ok(_) => playbook_status(&applied),
                Err(e) => format!(
                    "{}, but the book could not be read again: {e}",
                    playbook_status(&applied)
                ),
            };
        }
        Outcome::Unread { applied, why } => {
            state.status = format!(
                "{}, but the book could not be read again: {why}",
                playbook_status(&applied)
            );
        }
        Outcome::Applied(applied) => {
            // New todos change their accounts' counts and attention: those are rescored.
            refresh(state, store, config)?;
            state.status = playbook_status(&applied);
        }
        Outcome::Failed(why) => state.status = format!("playbooks did not run: {why}"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoOptions, generate};
    use crate::ui::action::Action;
    use crate::ui::testing::{as_of, two_demo_files};

    // On SQLite only: the run beside the screen reaches the book by its file's handle.

    /// A handle on the book at `path`.
    fn handle(path: &std::path::Path) -> StoreHandle {
        Store::open(path).expect("store").handle().expect("a file")
    }

    /// On the demo book the run beside the screen creates the week's todos, and the book it
    /// reads again shows them (open todo counts) once put in place; a second run finds nothing
    /// due and clears the running status.
    #[test]
    fn a_run_beside_the_screen_puts_its_todos_in_the_book_on_screen() {
        let (dir, mut app, _) = two_demo_files();
        let path = dir.path().join("book.db");
        let open_todos = |app: &crate::ui::App| -> usize {
            app.state.book.scored.accounts.iter().map(|e| e.summary.open_todos as usize).sum()
        };
        let before = open_todos(&app);
        app.state.playbooks_running = true;
        app.state.status = RUNNING.to_owned();
        let outcome = run_aside(&handle(&path), &Config::default(), as_of());
        let Outcome::Created { applied, .. } = &outcome else { panic!("{outcome:?}") };
        let created = applied.todos;
        assert!(created > 0);
        let mut store = Store::open(&path).expect("store");
        finish(&mut app.state, &mut store, &Config::default(), outcome).expect("taken in");
        assert!(!app.state.playbooks_running);
        assert_eq!(app.state.status, format!("playbooks: {created} todos created"));
        assert_eq!(open_todos(&app), before + created);

        app.state.playbooks_running = true;
        app.state.status = RUNNING.to_owned();
        let again = run_aside(&handle(&path), &Config::default(), as_of());
        assert!(matches!(again, Outcome::Nothing), "{again:?}");
        finish(&mut app.state, &mut store, &Config::default(), again).expect("taken in");
        assert_eq!(app.state.status, "");
    }

    /// A run that cannot happen (a day before the last run) says why and leaves the book.
    #[test]
    fn a_run_that_fails_says_why() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("book.db");
        generate(&mut Store::create(&path).expect("store"), &DemoOptions::new(as_of()))
            .expect("demo");
        assert!(matches!(
            run_aside(&handle(&path), &Config::default(), as_of()),
            Outcome::Created { .. }
        ));
        let yesterday = as_of().pred_opt().expect("day");
        let outcome = run_aside(&handle(&path), &Config::default(), yesterday);
        let Outcome::Failed(why) = &outcome else { panic!("{outcome:?}") };
        assert!(why.contains("2026-11-24"), "{why}");
        let (_, mut app, _) = two_demo_files();
        let mut store = Store::open(&path).expect("store");
        finish(&mut app.state, &mut store, &Config::default(), outcome).expect("taken in");
        assert!(app.state.status.starts_with("playbooks did not run: "), "{}", app.state.status);
    }

    /// While the playbooks run, edits wait (the run writes), and say so; looking around does
    /// not.
    #[test]
    fn edits_wait_while_the_playbooks_run() {
        let (_dir, mut app, _) = two_demo_files();
        app.state.playbooks_running = true;
        app.apply(Action::AddTodo).expect("applied");
        assert!(app.state.modal.editor().is_none(), "no form opened");
        assert_eq!(app.state.status, "the playbooks are running: edits wait until they end");
        let first = app.state.selected_entry().map(|e| e.account.id);
        app.apply(Action::SelectNext).expect("applied");
        assert_ne!(app.state.selected_entry().map(|e| e.account.id), first);
        app.state.playbooks_running = false;
        app.apply(Action::AddTodo).expect("applied");
        assert!(app.state.modal.editor().is_some(), "the form opens once they ended");
    }

    /// An import asked for while the playbooks run waits for them, and says so; it starts once
    /// they have run.
    #[test]
    fn an_import_asked_for_while_the_playbooks_run_starts_after_them() {
        use crate::import::Kind;
        use crate::ui::importing::{ImportReport, ImportRequest, ImportView};
        use crate::ui::msg::Msg;

        let (dir, mut app, _) = two_demo_files();
        app.state.playbooks_running = true;
        // The form opens while they run.
        app.apply(Action::Import).expect("applied");
        assert!(app.state.modal.editor().is_some(), "the import form opens");
        app.apply(Action::Back).expect("applied");
        let path = dir.path().join("missing.csv");
        app.state.import = Some(ImportView::Waiting(ImportRequest {
            kind: Kind::Usage,
            path,
            dry_run: false,
            date_order: None,
        }));
        app.apply(Action::SelectNext).expect("applied");
        assert!(matches!(app.state.import, Some(ImportView::Waiting(_))), "still waiting");
        assert_eq!(app.state.status, "the import starts when the playbooks have run");
        app.send(Msg::PlaybooksFinished(Outcome::Nothing)).expect("taken in");
        assert!(!app.state.playbooks_running);
        assert!(app.state.import.is_none());
        let Some(ImportReport { ok, .. }) = app.state.modal.report() else { panic!("no report") };
        assert!(!ok, "the missing file is reported");
    }

    /// A book read again while the playbooks run (a refresh) keeps what runs and waits beside
    /// it and what is open over it: the run's flag, an import waiting for it, the help.
    #[test]
    fn a_book_read_again_keeps_the_run_and_what_waits_for_it() {
        use crate::import::Kind;
        use crate::ui::importing::{ImportRequest, ImportView};

        let (dir, mut app, _) = two_demo_files();
        app.state.playbooks_running = true;
        app.state.modal = crate::ui::modal::Modal::Help;
        let path = dir.path().join("usage.csv");
        let request = ImportRequest { kind: Kind::Usage, path, dry_run: false, date_order: None };
        app.state.import = Some(ImportView::Waiting(request));
        let book = app.state.book.scored.clone();
        app.state.replace_book(book);
        assert!(app.state.playbooks_running);
        assert!(matches!(app.state.import, Some(ImportView::Waiting(_))));
        assert!(app.state.modal.is_help());
    }
}
