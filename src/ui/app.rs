//! The event loop: draw, wait for an event, map it to an action through the keymap, update.
//!
//! Synchronous and blocking: an input thread reads terminal events and a signal thread turns
//! SIGTERM, SIGHUP and SIGINT into a clean exit, both into one channel. Nothing polls: an idle
//! workspace uses no CPU. The terminal is restored on every exit path, panics included (the
//! panic hook installed by `ratatui::init`).

use std::sync::mpsc;
use std::thread;

use chrono::NaiveDate;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use super::keymap::Keymap;
use super::render::render;
use super::state::AppState;
use super::theme::Theme;
use super::update::{load_selected, update};
use crate::book::ScoredBook;
use crate::config::Config;
use crate::store::{Store, StoreResult};

/// What wakes the loop.
#[derive(Debug)]
enum Wake {
    Key(KeyEvent),
    Resize,
    /// A signal asked the workspace to end.
    Terminate,
}

/// The workspace over one store.
pub struct App {
    pub state: AppState,
    store: Store,
    config: Config,
    keymap: Keymap,
    theme: Theme,
}

impl App {
    /// Loads and scores the book at `as_of` and prepares the workspace.
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
        // The book-wide todo queue is read when its view opens: start-up reads only what the
        // first frame shows.
        let mut state = AppState::new(book, config.book.currency.clone(), Vec::new());
        load_selected(&mut state, &store, &config)?;
        Ok(Self { state, store, config, keymap, theme })
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
        update(&mut self.state, &mut self.store, &self.config, action)
    }

    /// Handles one key press: the search takes typed text first, then the keymap decides.
    ///
    /// # Errors
    /// The store could not be read while updating.
    pub fn handle_key(&mut self, key: KeyEvent) -> StoreResult<()> {
        let Some(action) = self.action_for(key) else { return Ok(()) };
        match update(&mut self.state, &mut self.store, &self.config, action) {
            Ok(()) => Ok(()),
            Err(e) => {
                // A failed read leaves the workspace usable; say what happened.
                self.state.status = format!("error: {e}");
                Ok(())
            }
        }
    }

    fn action_for(&self, key: KeyEvent) -> Option<Action> {
        if self.state.editor.is_some() {
            // A form takes every key: typed text must never trigger a binding.
            return Some(Action::FormKey(key));
        }
        if self.state.confirm.is_some() {
            return match key.code {
                KeyCode::Char('y' | 'Y') | KeyCode::Enter => Some(Action::Answer(true)),
                KeyCode::Char('n' | 'N') | KeyCode::Esc => Some(Action::Answer(false)),
                _ => None,
            };
        }
        if self.state.search.typing {
            let plain = !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
            return match key.code {
                KeyCode::Esc => Some(Action::Back),
                KeyCode::Enter => Some(Action::SearchKeep),
                KeyCode::Backspace => Some(Action::SearchErase),
                KeyCode::Char(c) if plain => Some(Action::SearchType(c)),
                _ => self.keymap.action(key, self.state.key_scope()).filter(|a| *a == Action::Quit),
            };
        }
        let scope = self.state.key_scope();
        if self.state.help {
            // The help swallows every key but those that close it or quit.
            return self
                .keymap
                .action(key, scope)
                .filter(|a| matches!(a, Action::ToggleHelp | Action::Back | Action::Quit));
        }
        self.keymap.action(key, scope)
    }

    /// Runs the loop until the user quits or a signal ends it.
    ///
    /// # Errors
    /// The terminal could not be drawn to.
    pub fn run(&mut self, terminal: &mut DefaultTerminal) -> std::io::Result<()> {
        let (tx, rx) = mpsc::channel();
        spawn_input(tx.clone());
        spawn_signals(tx)?;
        while !self.state.quit {
            terminal.draw(|frame| render(frame, &self.state, &self.keymap, self.theme))?;
            // Block until something happens; then apply everything already queued before the
            // next draw, so a burst of keys costs one frame.
            let Ok(first) = rx.recv() else { break };
            for wake in std::iter::once(first).chain(rx.try_iter()) {
                match wake {
                    Wake::Key(key) => {
                        let _ = self.handle_key(key);
                    }
                    Wake::Resize => {}
                    Wake::Terminate => self.state.quit = true,
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
    let mut app = App::new(store, config, keymap, Theme::from_env(), as_of)?;
    let mut terminal = ratatui::try_init()?;
    let result = app.run(&mut terminal);
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

#[cfg(test)]
mod tests {
    use super::scoring_notice;

    #[test]
    fn only_a_long_scoring_is_announced() {
        let as_of = "2026-11-24".parse().unwrap();
        assert_eq!(scoring_notice(0, as_of), None);
        assert_eq!(scoring_notice(999, as_of), None);
        assert_eq!(
            scoring_notice(100_000, as_of).as_deref(),
            Some("scoring 100,000 accounts for 2026-11-24…")
        );
        assert_eq!(
            scoring_notice(1_000, as_of).as_deref(),
            Some("scoring 1,000 accounts for 2026-11-24…")
        );
    }
}
