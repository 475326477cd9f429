//! What a command tells the person watching, on standard error, besides its errors: a progress
//! bar for long work (an import, a demo book, a cold scoring pass, an export) and notes such as
//! how long the demo took. Bars are drawn only when standard error is a terminal, and only once
//! a stage has lasted a moment, so a quick command never flashes one; `-q` silences bars and
//! notes alike. The one user of `indicatif`; the work itself only reports through
//! [`Watch`] and the import's `OnProgress`.

use std::io::IsTerminal as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{CliError, write_stderr};
use crate::book::{SLOW_SCORING, ScoredBook, accounts_to_score};
use crate::config::Config;
use crate::import::{OnProgress, Progress};
use crate::progress::Watch;
use crate::store::Store;

/// How long a stage runs before its bar is drawn.
const QUIET_MOMENT: Duration = Duration::from_millis(300);

/// How often a shown bar is drawn again while no report comes (its spinner and clock move).
const TICK: Duration = Duration::from_millis(120);

/// The feedback of one command.
pub struct Feedback {
    /// Bars are drawn (standard error is a terminal and no `-q`).
    bars: bool,
    /// Notes are written (no `-q`).
    notes: bool,
    /// The stage under way; shared with the clock that shows its bar once it has lasted a
    /// moment.
    stage: Arc<Mutex<Option<Stage>>>,
    /// Stages begun so far.
    begun: AtomicU64,
}

/// The stage of work under way, and its bar (hidden until the stage has lasted a moment).
struct Stage {
    what: String,
    total: u64,
    /// Which stage of the command it is, so that a late clock leaves a later stage alone.
    number: u64,
    bar: ProgressBar,
}

/// What a bar counts.
#[derive(Clone, Copy)]
enum Units {
    Items,
    Bytes,
}

impl Feedback {
    /// The feedback of a command run with `-q` (`quiet`) or without.
    #[must_use]
    pub fn new(quiet: bool) -> Arc<Self> {
        Arc::new(Self {
            bars: !quiet && std::io::stderr().is_terminal(),
            notes: !quiet,
            stage: Arc::new(Mutex::new(None)),
            begun: AtomicU64::new(0),
        })
    }

    /// Writes `message` on standard error unless `-q` was given: something worth knowing that
    /// is neither the command's output nor an error.
    pub fn note(&self, message: &str) {
        if self.notes {
            write_stderr(message);
        }
    }

    /// Scores the book at `as_of` now, drawing a bar, when someone watches and the score cache
    /// lacks enough accounts for the scoring to take a while: the command that follows finds
    /// the book scored. Without a terminal nothing is done here: the command scores as always.
    ///
    /// # Errors
    /// The store could not be read.
    pub fn score_cold(
        &self,
        store: &mut Store,
        config: &Config,
        as_of: NaiveDate,
    ) -> Result<(), CliError> {
        if self.bars && accounts_to_score(store, config, as_of)? >= SLOW_SCORING {
            ScoredBook::load_watched(store, config, as_of, self)?;
        }
        Ok(())
    }

    /// The progress of an import of a file of `total_bytes`, starting now, drawn as a bar of
    /// the file's bytes.
    #[must_use]
    pub fn import_progress(self: &Arc<Self>, total_bytes: u64) -> Option<OnProgress> {
        let feedback = Arc::clone(self);
        self.start("importing", total_bytes, Units::Bytes, true);
        self.bars.then(|| {
            OnProgress(Arc::new(move |progress: Progress| {
                feedback.start("importing", progress.total_bytes, Units::Bytes, false);
                feedback.reached(progress.bytes);
            }))
        })
    }

    /// Starts the stage `what` of `total` units, unless it is the one under way (`again`: even
    /// then), clearing the bar of the one before.
    fn start(&self, what: &str, total: u64, units: Units, again: bool) {
        if !self.bars {
            return;
        }
        let Ok(mut stage) = self.stage.lock() else { return };
        if !again && stage.as_ref().is_some_and(|s| s.what == what && s.total == total) {
            return;
        }
        if let Some(previous) = stage.take() {
            previous.bar.finish_and_clear();
        }
        let template = match units {
            Units::Items => "{spinner} {msg} {wide_bar} {human_pos}/{human_len} · {elapsed}",
            Units::Bytes => "{spinner} {msg} {wide_bar} {bytes}/{total_bytes} · {eta} left",
        };
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("█▌ ");
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden())
            .with_style(style)
            .with_message(what.to_owned());
        let number = self.begun.fetch_add(1, Ordering::Relaxed);
        *stage = Some(Stage { what: what.to_owned(), total, number, bar });
        drop(stage);
        // The bar is shown by a clock rather than by the next report, which may come only when
        // the work is done (a book of a few thousand accounts is scored in one go).
        let slot = Arc::clone(&self.stage);
        let clock = std::thread::Builder::new().name("progress".to_owned()).spawn(move || {
            std::thread::sleep(QUIET_MOMENT);
            let Ok(slot) = slot.lock() else { return };
            if let Some(stage) = slot.as_ref().filter(|s| s.number == number) {
                stage.bar.set_draw_target(ProgressDrawTarget::stderr());
                stage.bar.enable_steady_tick(TICK);
            }
        });
        // Without a thread, no bar: the work goes on all the same.
        drop(clock);
    }
}

impl Watch for Feedback {
    fn begin(&self, what: &str, total: u64) {
        self.start(what, total, Units::Items, true);
    }

    fn reached(&self, done: u64) {
        let Ok(mut slot) = self.stage.lock() else { return };
        let Some(stage) = slot.as_mut() else { return };
        if done >= stage.total {
            // The work is done: its bar leaves the screen to what the command prints next.
            if let Some(stage) = slot.take() {
                stage.bar.finish_and_clear();
            }
            return;
        }
        stage.bar.set_position(done);
    }
}

impl Drop for Feedback {
    fn drop(&mut self) {
        if let Ok(mut stage) = self.stage.lock()
            && let Some(stage) = stage.take()
        {
            stage.bar.finish_and_clear();
        }
    }
}
