//! What a command tells the person watching, on standard error, besides its errors: a progress
//! bar for long work (an import, a demo book, a cold scoring pass, an export) and notes such as
//! how long the demo took. Bars are drawn only when standard error is a terminal, and only once
//! a stage has lasted a moment, so a quick command never flashes one; `-q` silences bars and
//! notes alike. The one user of `indicatif`; the work itself only reports through
//! [`Watch`] and the import's `OnProgress`.

use std::io::IsTerminal as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::write_stderr;
use crate::import::{OnProgress, Progress};
use crate::progress::Watch;

/// How long a stage runs before its bar is drawn.
const QUIET_MOMENT: Duration = Duration::from_millis(300);

/// The feedback of one command.
pub struct Feedback {
    /// Bars are drawn (standard error is a terminal and no `-q`).
    bars: bool,
    /// Notes are written (no `-q`).
    notes: bool,
    stage: Mutex<Option<Stage>>,
}

/// The stage of work under way, and its bar (hidden until the stage has lasted a moment).
struct Stage {
    what: String,
    total: u64,
    started: Instant,
    bar: ProgressBar,
    drawn: bool,
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
            stage: Mutex::new(None),
        })
    }

    /// Writes `message` on standard error unless `-q` was given: something worth knowing that
    /// is neither the command's output nor an error.
    pub fn note(&self, message: &str) {
        if self.notes {
            write_stderr(message);
        }
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
            Units::Items => "{msg} {wide_bar} {human_pos}/{human_len} · {eta} left",
            Units::Bytes => "{msg} {wide_bar} {bytes}/{total_bytes} · {eta} left",
        };
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("█▌ ");
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden())
            .with_style(style)
            .with_message(what.to_owned());
        *stage = Some(Stage {
            what: what.to_owned(),
            total,
            started: Instant::now(),
            bar,
            drawn: false,
        });
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
        if !stage.drawn && stage.started.elapsed() >= QUIET_MOMENT {
            stage.drawn = true;
            stage.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
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
