//! `update` on the work beside the screen, driven with messages over a state and an in-memory
//! store and no event loop: the effects it asks for are asserted, never run.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::book::ScoredBook;
use crate::config::Config;
use crate::demo::{DemoOptions, generate};
use crate::import::Kind;
use crate::store::Store;
use crate::ui::action::Action;
use crate::ui::importing::{ImportOutcome, ImportRequest, ImportView};
use crate::ui::msg::{Effect, Effects, Msg};
use crate::ui::opening_run::{Outcome, RUNNING};
use crate::ui::state::AppState;
use crate::ui::testing::as_of;
use crate::ui::update::update;
use crate::ui::view_state::ViewState;

/// The demo book's state and store, with no workspace around them: nothing here can start a
/// thread or open a connection.
struct Bare {
    state: AppState,
    view_state: ViewState,
    store: Store,
    config: Config,
}

impl Bare {
    fn new() -> Self {
        let mut store = Store::open_in_memory().expect("in-memory store");
        generate(&mut store, &DemoOptions::new(as_of())).expect("demo book");
        let config = Config::default();
        let book = ScoredBook::load(&mut store, &config, as_of()).expect("book");
        let state = AppState::new(book, config.book.currency.clone(), Vec::new());
        Self { state, view_state: ViewState::default(), store, config }
    }

    fn send(&mut self, msg: impl Into<Msg>) -> Effects {
        let (state, view_state) = (&mut self.state, &mut self.view_state);
        update(state, view_state, &mut self.store, &self.config, msg.into()).expect("updated")
    }

    fn key(&mut self, code: KeyCode) -> Effects {
        self.send(Action::FormKey(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    /// Fills in the import form with `path` (accounts, import) and saves it.
    fn submit_import(&mut self, path: &std::path::Path) -> Effects {
        assert_eq!(self.send(Action::Import), Effects::new());
        self.key(KeyCode::Tab);
        path.display().to_string().chars().for_each(|c| {
            self.key(KeyCode::Char(c));
        });
        self.key(KeyCode::Enter)
    }
}

fn accounts_file(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("accounts.csv");
    std::fs::write(&path, "Account ID,Account Name\nZ-1,Zephyr Outfitters\n").expect("file");
    path
}

fn request(path: std::path::PathBuf) -> ImportRequest {
    ImportRequest { kind: Kind::Accounts, path, dry_run: false, date_order: None }
}

#[test]
fn saving_the_import_form_asks_for_the_import_and_shows_it_running() {
    let dir = tempfile::tempdir().expect("dir");
    let path = accounts_file(&dir);
    let mut bare = Bare::new();
    let accounts = bare.store.account_count().expect("count");
    let effects = bare.submit_import(&path);
    assert_eq!(effects, vec![Effect::StartImport(request(path.clone()))]);
    assert!(bare.state.modal.is_none(), "the form closed");
    assert!(matches!(bare.state.import, Some(ImportView::Running { .. })));
    assert_eq!(bare.state.status, format!("importing {}…", path.display()));
    // Nothing ran: the book is as it was.
    assert_eq!(bare.store.account_count().expect("count"), accounts);
}

#[test]
fn an_import_asked_for_while_the_playbooks_run_waits_and_starts_when_they_end() {
    let dir = tempfile::tempdir().expect("dir");
    let path = accounts_file(&dir);
    let mut bare = Bare::new();
    assert_eq!(bare.send(Msg::Opened), vec![Effect::RunPlaybooks]);
    assert!(bare.state.playbooks_running);
    assert_eq!(bare.state.status, RUNNING);
    assert_eq!(bare.submit_import(&path), Effects::new(), "nothing starts yet");
    assert!(matches!(bare.state.import, Some(ImportView::Waiting(_))));
    assert_eq!(bare.state.status, "the import starts when the playbooks have run");
    let effects = bare.send(Msg::PlaybooksFinished(Outcome::Nothing));
    assert_eq!(effects, vec![Effect::StartImport(request(path))]);
    assert!(!bare.state.playbooks_running);
    assert!(matches!(bare.state.import, Some(ImportView::Running { .. })));
}

#[test]
fn an_import_that_ended_opens_its_report_and_reads_the_book_again() {
    let dir = tempfile::tempdir().expect("dir");
    let path = accounts_file(&dir);
    let mut bare = Bare::new();
    let [Effect::StartImport(asked)] = &bare.submit_import(&path)[..] else { panic!("no import") };
    // What the event loop would do on a connection of its own.
    let (config, as_of) = (Config::default(), bare.state.as_of);
    let outcome = crate::ui::importing::run(asked, &mut bare.store, &config, as_of, None);
    assert!(outcome.changed);
    let first = outcome.lines[0].clone();
    assert_eq!(bare.send(Msg::ImportFinished(outcome)), Effects::new());
    let report = bare.state.modal.report().expect("the report is open");
    assert!(report.ok);
    assert_eq!(report.title, format!("accounts · {}", path.display()));
    assert_eq!(bare.state.status, first);
    assert!(bare.state.import.is_none());
    assert_eq!(bare.state.book.scored.active().count(), 61, "the book was read again");
}

#[test]
fn an_end_with_no_import_running_changes_nothing() {
    let mut bare = Bare::new();
    let outcome = ImportOutcome { ok: true, changed: true, lines: vec!["done".to_owned()] };
    assert_eq!(bare.send(Msg::ImportFinished(outcome)), Effects::new());
    assert!(bare.state.modal.is_none());
    assert!(bare.state.import.is_none());
    assert_eq!(bare.state.status, "");
}

#[test]
fn the_playbooks_finishing_says_how_on_the_status_line() {
    let mut bare = Bare::new();
    bare.send(Msg::Opened);
    bare.send(Msg::PlaybooksFinished(Outcome::Failed("the store is locked".to_owned())));
    assert!(!bare.state.playbooks_running, "edits no longer wait");
    assert_eq!(bare.state.status, "playbooks did not run: the store is locked");

    bare.send(Msg::Opened);
    bare.send(Msg::PlaybooksFinished(Outcome::Nothing));
    assert_eq!(bare.state.status, "", "nothing due: the running status goes");
}

#[test]
fn a_signal_quits_and_a_failure_is_said() {
    let mut bare = Bare::new();
    bare.send(Msg::Failed("error: the disk is full".to_owned()));
    assert_eq!(bare.state.status, "error: the disk is full");
    assert!(!bare.state.quit);
    assert_eq!(bare.send(Msg::Terminate), Effects::new());
    assert!(bare.state.quit);
}

#[test]
fn the_search_index_is_built_once_the_playbooks_have_run_and_again_for_a_book_read_again() {
    let mut bare = Bare::new();
    assert_eq!(bare.send(Msg::Opened), vec![Effect::RunPlaybooks], "it waits for the run");
    let effects = bare.send(Msg::PlaybooksFinished(Outcome::Nothing));
    assert_eq!(effects, vec![Effect::IndexRecords]);
    // What the event loop would do on a connection of its own.
    let index = crate::ui::finding::read_records(&bare.store, bare.state.as_of);
    assert_eq!(bare.send(Msg::RecordsIndexed(index.map_err(|e| e.to_string()))), Effects::new());
    assert!(bare.state.records.index.is_some());
    assert_eq!(bare.send(Msg::Action(Action::SelectNext)), Effects::new(), "nothing changed");
    assert_eq!(bare.send(Msg::Action(Action::Refresh)), vec![Effect::IndexRecords]);
}
