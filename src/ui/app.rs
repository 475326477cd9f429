//! The event loop: draw, wait for an event, turn it into a message (a key into an action through
//! the keymap), hand it to `update`, and run the effects `update` asks for (an import, the
//! playbooks' run) on threads and connections of their own. It must not change the state
//! itself: what those effects bring back returns to `update` as messages too.
//!
//! Synchronous and blocking: an input thread reads terminal events and a signal thread turns
//! SIGTERM, SIGHUP and SIGINT into a clean exit, both into one channel. Nothing polls: an idle
//! workspace uses no CPU. The terminal is restored on every exit path, panics included (the
//! panic hooks installed by `ratatui::init` and `input_modes::enable`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, mpsc};
use std::thread;

use chrono::NaiveDate;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyEvent, KeyEventKind};
use ratatui::layout::Rect;

use super::action::Action;
use super::finding;
use super::forecasting::{self, ForecastInputs};
use super::importing::{self, ImportOutcome, ImportRequest};
use super::keymap::Keymap;
use super::load::load_selected;
use super::model_check;
use super::msg::{Effect, Msg};
use super::opening_run;
use super::render::render;
use super::state::AppState;
use super::theme::Theme;
use super::update::update;
use super::view_state::ViewState;
use crate::book::ScoredBook;
use crate::config::Config;
use crate::import::{OnProgress, Progress};
use crate::listing::everything::RecordIndex;
use crate::store::{Store, StoreHandle, StoreResult};

/// What wakes the loop.
#[derive(Debug)]
enum Wake {
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste), whole.
    Paste(String),
    /// A click or a turn of the wheel.
    Mouse(ratatui::crossterm::event::MouseEvent),
    Resize,
    /// A signal asked the workspace to end.
    Terminate,
    /// A running import's clock moved (the status line shows how long it has run), with how
    /// far it has read when it has said.
    Tick(Option<Progress>),
    /// The import running on its own connection ended.
    Imported(ImportOutcome),
    /// The playbooks' run on its own connection ended.
    Played(opening_run::Outcome),
    /// The index for the search over everything, built on its own connection.
    Indexed(Result<Box<RecordIndex>, String>),
    /// The model check's backtest, run on its own connection.
    ModelChecked(model_check::Checked),
    /// The forecast view's inputs, read on a connection of their own.
    ForecastRead(Result<Box<ForecastInputs>, String>),
}

/// The workspace over one store.
pub struct App {
    pub state: AppState,
    /// How the screen is scrolled: drawing records it, `update` moves it.
    pub view_state: ViewState,
    store: Store,
    config: Config,
    keymap: Keymap,
    theme: Theme,
    /// The loop's channel, once it runs: a background import reports through it.
    wake: Option<mpsc::Sender<Wake>>,
    /// Taken by a thread beside the loop while it holds a connection to a book on a server:
    /// one at a time, so a workspace keeps to two connections (its own and one beside).
    beside: Arc<Mutex<()>>,
}

impl App {
    /// Loads and scores the book at `as_of` and prepares the workspace, without running the
    /// playbooks (see [`App::open`]).
    ///
    /// # Errors
    /// The store could not be read.
    pub fn new(
        mut store: Store,
        config: Config,
        keymap: Keymap,
        theme: Theme,
        as_of: NaiveDate,
    ) -> StoreResult<Self> {
        let book = ScoredBook::load(&mut store, &config, as_of)?;
        Self::with_book(store, config, keymap, theme, book)
    }

    /// Opens the workspace and runs the playbooks over the book at `as_of` (see
    /// [`App::run_playbooks`]), as the terminal workspace does once its first frame is up.
    ///
    /// # Errors
    /// The store could not be read.
    pub fn open(
        store: Store,
        config: Config,
        keymap: Keymap,
        theme: Theme,
        as_of: NaiveDate,
    ) -> StoreResult<Self> {
        let mut app = Self::new(store, config, keymap, theme, as_of)?;
        app.run_playbooks()?;
        Ok(app)
    }

    /// Runs the playbooks over the book on screen, so the todos they call for today are in the
    /// workspace, and says on the status line what they created; the accounts they changed are
    /// scored again. A run that fails leaves the workspace usable and says why.
    ///
    /// # Errors
    /// The store could not be read after the run.
    pub fn run_playbooks(&mut self) -> StoreResult<()> {
        let book = &self.state.book.scored;
        let outcome = opening_run::run_here(&mut self.store, &self.config, book);
        self.send(Msg::PlaybooksFinished(outcome))
    }

    fn with_book(
        store: Store,
        config: Config,
        keymap: Keymap,
        theme: Theme,
        book: ScoredBook,
    ) -> StoreResult<Self> {
        // The book-wide todo queue is read when its view opens: start-up reads only what the
        // first frame shows.
        let mut state = AppState::new(book, config.book.currency.clone(), Vec::new());
        load_selected(&mut state, &store, &config)?;
        let view_state = ViewState::default();
        let beside = Arc::new(Mutex::new(()));
        Ok(Self { state, view_state, store, config, keymap, theme, wake: None, beside })
    }

    /// The keymap in force.
    #[must_use]
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// The theme in force.
    #[must_use]
    pub fn theme(&self) -> Theme {
        self.theme
    }

    /// The store the workspace edits.
    #[must_use]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store, for tests that change it behind the workspace's back.
    #[cfg(test)]
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// Applies one action, as a key bound to it would.
    ///
    /// # Errors
    /// The store could not be read.
    pub fn apply(&mut self, action: Action) -> StoreResult<()> {
        self.send(Msg::Action(action))
    }

    /// Hands `msg` to [`update`] and runs the effects it asks for, whose results come back as
    /// messages in turn.
    ///
    /// # Errors
    /// The store could not be read.
    pub fn send(&mut self, msg: Msg) -> StoreResult<()> {
        let (state, view_state) = (&mut self.state, &mut self.view_state);
        let effects = update(state, view_state, &mut self.store, &self.config, msg)?;
        for effect in effects {
            self.start(effect)?;
        }
        Ok(())
    }

    /// Hands `msg` to [`update`]; a failure is said on the status line, and the workspace stays
    /// usable.
    fn send_or_say(&mut self, msg: Msg) {
        if let Err(e) = self.send(msg) {
            self.say(format!("error: {e}"));
        }
    }

    /// Says on the status line why something could not be done.
    fn say(&mut self, why: String) {
        // Taking in a failure reads and writes nothing: it cannot fail in turn.
        let _ = self.send(Msg::Failed(why));
    }

    /// Runs one effect: in the background on a connection of its own while the loop runs (the
    /// screen stays live), or at once without a loop or a file.
    fn start(&mut self, effect: Effect) -> StoreResult<()> {
        match effect {
            Effect::StartImport(request) => self.start_import(request),
            Effect::IndexRecords => {
                if !self.index_aside() {
                    let index = finding::read_records(&self.store, self.state.as_of);
                    self.send(Msg::RecordsIndexed(index.map_err(|e| e.to_string())))?;
                }
                Ok(())
            }
            Effect::LoadForecast => {
                if !self.read_forecast_aside() {
                    let as_of = self.state.as_of;
                    let read = forecasting::read(&mut self.store, &self.config, as_of);
                    self.send(Msg::ForecastRead(read))?;
                }
                Ok(())
            }
            Effect::CheckModel { lead, generation } => {
                if !self.check_model_aside(lead, generation) {
                    let (config, as_of) = (&self.config, self.state.as_of);
                    let done = model_check::run(&mut self.store, config, as_of, lead, generation);
                    self.send(Msg::ModelChecked(done))?;
                }
                Ok(())
            }
            Effect::RunPlaybooks => {
                if !self.start_playbooks_aside() {
                    // Without a loop, as `App::open` does.
                    if let Err(e) = self.run_playbooks() {
                        self.say(format!("playbooks did not run: {e}"));
                    }
                }
                Ok(())
            }
        }
    }

    /// Runs `request`: on a thread and a connection of its own while the loop runs, with a
    /// clock that brings its progress to the loop; else at once.
    fn start_import(&mut self, request: ImportRequest) -> StoreResult<()> {
        let (Some(wake), Some(book)) = (self.wake.clone(), self.store.handle()) else {
            let (config, as_of) = (&self.config, self.state.as_of);
            let outcome = importing::run(&request, &mut self.store, config, as_of, None);
            return self.send(Msg::ImportFinished(outcome));
        };
        let (config, as_of) = (self.config.clone(), self.state.as_of);
        let done = Arc::new(AtomicBool::new(false));
        let ticking = Arc::clone(&done);
        let ticks = wake.clone();
        // The import leaves its latest progress here; the clock takes it to the loop twice a
        // second, so that a file of millions of rows wakes the screen no more often than that.
        let latest = Arc::new(Mutex::new(None));
        let reading = Arc::clone(&latest);
        let progress = OnProgress(Arc::new(move |progress| {
            if let Ok(mut latest) = latest.lock() {
                *latest = Some(progress);
            }
        }));
        thread::spawn(move || {
            while !ticking.load(Ordering::Relaxed) {
                let progress = reading.lock().ok().and_then(|latest| *latest);
                if ticks.send(Wake::Tick(progress)).is_err() {
                    break;
                }
                thread::sleep(std::time::Duration::from_millis(500));
            }
        });
        let beside = Arc::clone(&self.beside);
        thread::spawn(move || {
            let _turn = turn(&beside, &book);
            let failed = |line: String| importing::ImportOutcome {
                ok: false,
                changed: false,
                lines: vec![line],
            };
            // A bug in the import must still end it, or the screen would say it runs for ever;
            // its transaction is rolled back with the connection.
            let run = std::panic::AssertUnwindSafe(|| match book.open() {
                Ok(mut store) => {
                    importing::run(&request, &mut store, &config, as_of, Some(progress))
                }
                Err(e) => failed(e.to_string()),
            });
            let outcome = std::panic::catch_unwind(run).unwrap_or_else(|_| {
                failed("the import stopped on an internal error; nothing was imported".to_owned())
            });
            done.store(true, Ordering::Relaxed);
            let _ = wake.send(Wake::Imported(outcome));
        });
        Ok(())
    }

    /// Runs the playbooks on a thread and a connection of their own while the loop runs;
    /// whether it could (not without a loop or a file).
    fn start_playbooks_aside(&mut self) -> bool {
        let (Some(wake), Some(book)) = (self.wake.clone(), self.store.handle()) else {
            return false;
        };
        let (config, as_of) = (self.config.clone(), self.state.as_of);
        let beside = Arc::clone(&self.beside);
        thread::spawn(move || {
            let _turn = turn(&beside, &book);
            // A bug in the run must still end it, or edits would wait for ever.
            let run =
                std::panic::AssertUnwindSafe(|| opening_run::run_aside(&book, &config, as_of));
            let outcome = std::panic::catch_unwind(run).unwrap_or_else(|_| {
                opening_run::Outcome::Failed("the run stopped on an internal error".to_owned())
            });
            let _ = wake.send(Wake::Played(outcome));
        });
        true
    }

    /// Runs `work` on a thread and a connection of its own while the loop runs, and wakes the
    /// loop with what it made, through `wake_with`: an error sentence when the book could not be
    /// opened or `what` panicked (a bug there must still end it, or the view would wait for
    /// ever). Whether it could start (not without a loop or a file).
    fn aside<T: Send + 'static>(
        &self,
        what: &'static str,
        work: impl FnOnce(&mut Store) -> Result<T, String> + Send + 'static,
        wake_with: impl FnOnce(Result<T, String>) -> Wake + Send + 'static,
    ) -> bool {
        let (Some(wake), Some(book)) = (self.wake.clone(), self.store.handle()) else {
            return false;
        };
        let beside = Arc::clone(&self.beside);
        thread::spawn(move || {
            let _turn = turn(&beside, &book);
            let run = std::panic::AssertUnwindSafe(|| {
                book.open().map_err(|e| e.to_string()).and_then(|mut store| work(&mut store))
            });
            let done = std::panic::catch_unwind(run)
                .unwrap_or_else(|_| Err(format!("{what} stopped on an internal error")));
            let _ = wake.send(wake_with(done));
        });
        true
    }

    /// Reads and indexes the book's records beside the loop (see [`App::aside`]).
    fn index_aside(&self) -> bool {
        let as_of = self.state.as_of;
        let read =
            move |store: &mut Store| finding::read_records(store, as_of).map_err(|e| e.to_string());
        self.aside("the index", read, Wake::Indexed)
    }

    /// Backtests the health model at `lead` days beside the loop (the first backtest of a book
    /// scores every past renewal).
    fn check_model_aside(&self, lead: u32, generation: u64) -> bool {
        let (config, as_of) = (self.config.clone(), self.state.as_of);
        let check =
            move |store: &mut Store| Ok(model_check::run(store, &config, as_of, lead, generation));
        let wake_with = move |done: Result<model_check::Checked, String>| {
            Wake::ModelChecked(done.unwrap_or_else(|why| model_check::Checked {
                lead,
                generation,
                result: Err(why),
            }))
        };
        self.aside("the backtest", check, wake_with)
    }

    /// Reads the forecast's inputs beside the loop (the first read of a big book's history
    /// scores every past renewal).
    fn read_forecast_aside(&self) -> bool {
        let (config, as_of) = (self.config.clone(), self.state.as_of);
        let read = move |store: &mut Store| forecasting::read(store, &config, as_of);
        self.aside("the forecast's read", read, Wake::ForecastRead)
    }

    /// Handles one key press: what is open over the workspace decides what it asks for (see
    /// [`super::modal::Modal::route`]), else the keymap.
    ///
    /// # Errors
    /// The store could not be read while updating.
    pub fn handle_key(&mut self, key: KeyEvent) -> StoreResult<()> {
        if let Some(action) = self.action_for(key) {
            self.send_or_say(Msg::Action(action));
        }
        Ok(())
    }

    /// Handles a mouse event on a screen of `screen`: the actions it asks for (see
    /// [`super::mouse::actions`]), one after the other.
    pub fn handle_mouse(&mut self, event: ratatui::crossterm::event::MouseEvent, screen: Rect) {
        for action in super::mouse::actions(&self.state, &self.view_state, screen, event) {
            if let Err(e) = self.apply(action) {
                self.say(format!("error: {e}"));
                return;
            }
        }
    }

    /// Handles pasted text: never as keys (see [`super::update::paste`]).
    pub fn handle_paste(&mut self, text: &str) {
        self.send_or_say(Msg::Paste(text.to_owned()));
    }

    fn action_for(&self, key: KeyEvent) -> Option<Action> {
        self.state.modal.route(key, &self.keymap, self.state.key_scope())
    }

    /// Runs the loop until the user quits or a signal ends it.
    ///
    /// # Errors
    /// The terminal could not be drawn to.
    pub fn run(&mut self, terminal: &mut DefaultTerminal) -> std::io::Result<()> {
        let (tx, rx) = mpsc::channel();
        spawn_input(tx.clone());
        spawn_signals(tx.clone())?;
        self.wake = Some(tx);
        let mut first_frame = true;
        while !self.state.quit {
            let (state, view_state) = (&self.state, &self.view_state);
            terminal.draw(|frame| render(frame, state, view_state, &self.keymap, self.theme))?;
            if std::mem::take(&mut first_frame) {
                // The book is on screen at once; the work that waits for it starts now.
                self.send_or_say(Msg::Opened);
                continue;
            }
            // Block until something happens; then take in everything already queued before
            // the next draw, so a burst of keys costs one frame.
            let Ok(first) = rx.recv() else { break };
            for wake in std::iter::once(first).chain(rx.try_iter()) {
                let msg = match wake {
                    Wake::Key(key) => {
                        let _ = self.handle_key(key);
                        None
                    }
                    Wake::Paste(text) => Some(Msg::Paste(text)),
                    Wake::Mouse(event) => {
                        let size = terminal.size()?;
                        self.handle_mouse(event, Rect::new(0, 0, size.width, size.height));
                        None
                    }
                    Wake::Resize | Wake::Tick(None) => None,
                    Wake::Tick(Some(progress)) => Some(Msg::ImportProgressed(progress)),
                    Wake::Terminate => Some(Msg::Terminate),
                    Wake::Played(outcome) => Some(Msg::PlaybooksFinished(outcome)),
                    Wake::Imported(outcome) => Some(Msg::ImportFinished(outcome)),
                    Wake::Indexed(index) => Some(Msg::RecordsIndexed(index)),
                    Wake::ModelChecked(done) => Some(Msg::ModelChecked(done)),
                    Wake::ForecastRead(inputs) => Some(Msg::ForecastRead(inputs)),
                };
                if let Some(msg) = msg {
                    self.send_or_say(msg);
                }
                if self.state.quit {
                    break;
                }
            }
        }
        Ok(())
    }
}

fn spawn_input(tx: mpsc::Sender<Wake>) {
    thread::spawn(move || {
        loop {
            let wake = match event::read() {
                Ok(Event::Key(key)) if key.kind == KeyEventKind::Press => Wake::Key(key),
                Ok(Event::Paste(text)) => Wake::Paste(text),
                // Motion and other buttons do nothing: they never wake the loop.
                Ok(Event::Mouse(mouse)) if super::mouse::matters(mouse) => Wake::Mouse(mouse),
                Ok(Event::Resize(..)) => Wake::Resize,
                Ok(_) => continue,
                Err(_) => Wake::Terminate,
            };
            let stop = matches!(wake, Wake::Terminate);
            if tx.send(wake).is_err() || stop {
                break;
            }
        }
    });
}

fn spawn_signals(tx: mpsc::Sender<Wake>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = tx.send(Wake::Terminate);
        }
    });
    Ok(())
}

/// Opens the workspace on `store` at `as_of` in the terminal and runs it until the user quits.
///
/// # Errors
/// The book could not be loaded (before the terminal is taken over), or the terminal failed.
pub fn run(store: Store, config: Config, keymap: Keymap, as_of: NaiveDate) -> Result<(), RunError> {
    use std::io::IsTerminal as _;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(RunError::NotATerminal);
    }
    announce_scoring(&store, &config, as_of)?;
    let theme = Theme::from_env(&config.theme);
    let mut app = App::new(store, config, keymap, theme, as_of)?;
    let mut terminal = ratatui::try_init()?;
    super::TerminalRestoringAllocator::terminal_taken(true);
    // Pasted text arrives as text, never as keys (SPEC 10), until the terminal is given back.
    let result = super::input_modes::enable().and_then(|()| app.run(&mut terminal));
    super::input_modes::disable();
    super::TerminalRestoringAllocator::terminal_taken(false);
    ratatui::try_restore()?;
    Ok(result?)
}

/// Says on stderr, while the terminal is still the shell's, that a book without cached scores
/// for `as_of` is being scored: a large one takes seconds before the first frame.
fn announce_scoring(store: &Store, config: &Config, as_of: NaiveDate) -> StoreResult<()> {
    let count = crate::book::accounts_to_score(store, config, as_of)?;
    if let Some(line) = scoring_notice(count, as_of) {
        eprintln!("{line}");
    }
    Ok(())
}

/// The line announcing that `count` accounts are scored for `as_of`, when that takes a while.
fn scoring_notice(count: usize, as_of: NaiveDate) -> Option<String> {
    let digits = count.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    (count >= crate::book::SLOW_SCORING).then(|| format!("scoring {grouped} accounts for {as_of}…"))
}

/// Why the workspace could not run.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("the workspace needs a terminal; for a report to a file or a pipe use `csm report`")]
    NotATerminal,
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("terminal: {0}")]
    Terminal(#[from] std::io::Error),
}

/// A thread's turn to hold a connection beside the loop's, taken before it connects and
/// released once its connection is closed: on a server, one thread at a time (the others wait
/// their turn; the screen does not); on a file, at once.
fn turn<'a>(beside: &'a Mutex<()>, book: &StoreHandle) -> Option<MutexGuard<'a, ()>> {
    // A thread that panicked holding the turn left nothing half done behind it.
    book.on_server().then(|| beside.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
}

#[cfg(test)]
mod tests;
