//! Fixtures for the workspace's tests: the demo book at a fixed date, in memory or, inside
//! [`on_each_engine`], on each engine in turn (the tests of `update` must hold on both), and
//! drawing the workspace into a test terminal. Nothing here may make a book differ by engine.

use std::cell::RefCell;

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::App;
use super::keymap::{Keymap, KeymapOverrides};
use super::render::render;
use super::theme::Theme;
use crate::config::Config;
use crate::demo::{DemoOptions, generate};
use crate::store::Store;
use crate::test_support::stores::{Engine, for_each_engine};

thread_local! {
    /// The engine, and the test's label, that [`on_each_engine`] runs the current test on;
    /// none outside it (a book in memory).
    static ENGINE: RefCell<Option<(Engine, String)>> = const { RefCell::new(None) };
}

/// Runs `test` once on each engine: every book the fixtures below make on the test's thread
/// while it runs (the demo book, two workspaces on one book, the book with a history...) is on
/// that engine. A failure names the engine. One snapshot serves both: what the screen shows
/// may not depend on the engine, so a snapshot must be named (an unnamed one would be numbered
/// on its second run).
///
/// # Panics
/// `test` failed on an engine.
pub fn on_each_engine(label: &str, mut test: impl FnMut()) {
    /// Clears the engine however the test ends, so the thread's next test starts in memory.
    struct Clear;
    impl Drop for Clear {
        fn drop(&mut self) {
            ENGINE.with_borrow_mut(|engine| *engine = None);
        }
    }
    for_each_engine(label, |engine| {
        ENGINE.with_borrow_mut(|current| *current = Some((engine, label.to_owned())));
        let _clear = Clear;
        test();
    });
}

/// The engine a fixture makes its book on now, with the test's label.
fn engine() -> (Engine, String) {
    ENGINE.with_borrow(Clone::clone).unwrap_or((Engine::Sqlite, String::new()))
}

/// The name of the server's template database holding the demo book.
const DEMO_TEMPLATE: &str = "csm_demo_template";

/// Writes the demo book as of [`as_of`] into an empty book.
fn write_demo(store: &mut Store) {
    generate(store, &DemoOptions::new(as_of())).expect("demo book");
}

/// The demo book as of [`as_of`] on the current engine (see [`on_each_engine`]).
pub fn demo_store() -> Store {
    let (engine, label) = engine();
    engine.filled(&label, DEMO_TEMPLATE, write_demo)
}

/// The as-of date of every workspace test.
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default()
}

/// The workspace on the default demo book (seed 7, 60 accounts) as of [`as_of`], without colour.
pub fn demo_app() -> App {
    demo_app_with(Theme::monochrome())
}

/// The same workspace in colour, for snapshots where colour carries meaning.
pub fn demo_app_in_colour() -> App {
    demo_app_with(Theme::default())
}

fn demo_app_with(theme: Theme) -> App {
    app_on(demo_store(), theme)
}

/// `store` open in a workspace drawn with `theme`, as of [`as_of`].
fn app_on(store: Store, theme: Theme) -> App {
    let keymap = Keymap::load(&KeymapOverrides::new()).expect("default keymap");
    App::new(store, Config::default(), keymap, theme, as_of()).expect("app")
}

/// Runs `test` on the workspace of [`demo_app`] over the demo book of each engine, as
/// [`on_each_engine`] does.
pub fn on_each_engine_demo_app(label: &str, mut test: impl FnMut(App)) {
    on_each_engine(label, || test(demo_app()));
}

/// The workspace on a book of two accounts at the largest storable ARR (`i64::MAX` cents each),
/// renewing in 10 days: their totals overflow `i64`.
pub fn largest_arr_app() -> App {
    fn write(store: &mut Store) {
        use crate::domain::Account;
        let writer = store.writer().expect("writer");
        for (id, name) in [("B-1", "Big One"), ("B-2", "Big Two")] {
            let account = Account {
                arr_cents: i64::MAX,
                renewal_date: Some(as_of() + chrono::Days::new(10)),
                ..Account::named(id, name)
            };
            writer.insert_account(&account).expect("account");
        }
        writer.commit().expect("commit");
    }
    let (engine, label) = engine();
    app_on(engine.filled(&label, "csm_largest_arr_template", write), Theme::monochrome())
}

/// Two workspaces open on one demo book, as two terminals would have them (see
/// [`two_demo_stores`]); the book lives as long as the returned directory, if any.
pub fn two_demo_apps() -> (Option<tempfile::TempDir>, App, App) {
    let (dir, first, second) = two_demo_stores();
    (dir, app_on(first, Theme::monochrome()), app_on(second, Theme::monochrome()))
}

/// Two stores on one demo book on the current engine: on the server two connections to one
/// database, in memory a book on disk (a book in memory has one store only), which lives as
/// long as the returned directory.
pub fn two_demo_stores() -> (Option<tempfile::TempDir>, Store, Store) {
    let (engine, label) = engine();
    if let Some((first, second)) = engine.filled_twice(&label, DEMO_TEMPLATE, write_demo) {
        return (None, first, second);
    }
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("book.db");
    write_demo(&mut Store::create(&path).expect("store"));
    let open = || Store::open(&path).expect("store");
    let (first, second) = (open(), open());
    (Some(dir), first, second)
}

/// Two workspaces open on one demo book in a file, for the tests of what reaches the book by
/// its file (a handle on it, a run beside the screen); the book lives as long as the returned
/// directory.
pub fn two_demo_files() -> (tempfile::TempDir, App, App) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("book.db");
    let mut store = Store::create(&path).expect("store");
    write_demo(&mut store);
    let open = || app_on(Store::open(&path).expect("store"), Theme::monochrome());
    let (first, second) = (open(), open());
    (dir, first, second)
}

/// The screen of `app` at `width` x `height`, as text.
pub fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    let (state, view_state) = (&app.state, &app.view_state);
    terminal
        .draw(|frame| render(frame, state, view_state, app.keymap(), app.theme()))
        .expect("draw");
    terminal
}

/// Presses one key without modifiers.
pub fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE)).expect("key");
}

/// Selects `account` by typing its name in the search and keeping it.
pub fn select_by_search(app: &mut App, account: &str) {
    press(app, KeyCode::Char('/'));
    account.chars().for_each(|c| press(app, KeyCode::Char(c)));
    press(app, KeyCode::Enter);
    assert_eq!(app.state.selected_entry().expect("a selected account").account.name, account);
}

/// The text of `buf`, line by line.
pub fn buffer_lines(buf: &Buffer) -> Vec<String> {
    let area = buf.area;
    (area.y..area.y + area.height)
        .map(|y| (area.x..area.x + area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

/// The demo workspace with `account` selected through the search and `pane` focused.
pub fn focused_on(account: &str, pane: super::state::PaneId) -> App {
    let mut app = demo_app();
    select_by_search(&mut app, account);
    while app.state.focus != pane {
        press(&mut app, KeyCode::Tab);
    }
    app
}

/// A focused pane drawn alone at `width` x `height` without colour, as text lines.
pub fn pane_lines(
    app: &App,
    render: fn(&super::state::AppState, Theme, bool, ratatui::layout::Rect, &mut Buffer),
    width: u16,
    height: u16,
) -> Vec<String> {
    let area = ratatui::layout::Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    render(&app.state, Theme::monochrome(), true, area, &mut buf);
    buffer_lines(&buf)
}

/// A demo store ([`demo_store`]) whose renewal history is replaced by `count` records made here (the
/// demo's own history may change; these tests build the one they need): one per account in the
/// book's order, due 20 to 20 + 11 * `count` days before [`as_of`] and closed that day, churned
/// for two thirds of the accounts at risk today, a quarter of those on watch and a tenth of the
/// others. The demo's closed renewal opportunities (outcomes too) are deleted.
pub fn store_with_history(count: usize) -> Store {
    use crate::book::ScoredBook;
    use crate::domain::{
        OpportunityKind, OpportunityStatus, RecordSource, RenewalOutcome, RenewalRecord,
    };
    use crate::scoring::Band;
    let mut store = demo_store();
    let stored = store.renewal_records().expect("records");
    let closed: Vec<_> = store
        .all_opportunities()
        .expect("opportunities")
        .into_iter()
        .filter(|o| o.kind == OpportunityKind::Renewal && o.status != OpportunityStatus::Open)
        .collect();
    let book = ScoredBook::load(&mut store, &Config::default(), as_of()).expect("book");
    let writer = store.writer().expect("writer");
    for r in &stored {
        let (_, version) = writer.renewal_record(r.account_id, r.due).expect("read").expect("one");
        writer.delete_renewal_record(r.account_id, r.due, version).expect("delete");
    }
    // A closed renewal opportunity is an outcome too: gone, so the history is only these.
    for o in &closed {
        writer.delete_opportunity(o.id, o.version).expect("delete");
    }
    for (i, entry) in book.accounts.iter().take(count).enumerate() {
        let churned = match entry.summary.band {
            Band::AtRisk => i % 3 != 0,
            Band::Watch => i % 4 == 0,
            Band::Healthy | Band::Unscored => i % 10 == 0,
        };
        let due = as_of() - chrono::Days::new(20 + 11 * i as u64);
        let arr = entry.account.arr_cents;
        writer
            .put_renewal_record(&RenewalRecord {
                account_id: entry.account.id,
                due,
                closed_on: due,
                outcome: if churned { RenewalOutcome::Churned } else { RenewalOutcome::Renewed },
                arr_before: arr,
                arr_after: if churned { 0 } else { arr },
                note: None,
                source: RecordSource::Imported,
            })
            .expect("record");
    }
    writer.commit().expect("commit");
    store
}

/// The workspace over [`store_with_history`], without colour.
pub fn app_with_history(count: usize) -> App {
    app_on(store_with_history(count), Theme::monochrome())
}
