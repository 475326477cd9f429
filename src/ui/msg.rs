//! What `update` is given and what it gives back besides the state: a message (an action, or the
//! result of work done beside the screen) in, the work it asks the event loop to start out.
//! Plain data only: it must not run anything, change the state or touch the store.

use super::action::Action;
use super::importing::{ImportOutcome, ImportRequest};
use super::opening_run;
use crate::import::Progress;
use crate::listing::everything::RecordIndex;

/// Something that happened, for `update` to take in.
#[derive(Debug)]
pub enum Msg {
    /// The user asked for something (a key, a click, a test).
    Action(Action),
    /// Text pasted into the terminal, whole: never read as keys.
    Paste(String),
    /// The first frame is on screen: the work that waits for it may start.
    Opened,
    /// How far the running import has read.
    ImportProgressed(Progress),
    /// The running import ended.
    ImportFinished(ImportOutcome),
    /// The playbooks' run ended.
    PlaybooksFinished(opening_run::Outcome),
    /// The forecast view's inputs were read (or why not).
    ForecastRead(Result<Box<crate::ui::forecasting::ForecastInputs>, String>),
    /// The index of the book's records for the search over everything was built (or why not).
    RecordsIndexed(Result<Box<RecordIndex>, String>),
    /// The model check's backtest ended (or why not).
    ModelChecked(super::model_check::model::Checked),
    /// A signal (or the terminal going away) asked the workspace to end.
    Terminate,
    /// Something asked for could not be done; why, in words for the status line.
    Failed(String),
}

impl From<Action> for Msg {
    fn from(action: Action) -> Self {
        Self::Action(action)
    }
}

/// Work `update` asks for that the state cannot do itself: it needs a thread or a connection of
/// its own. The event loop runs it and brings the result back as a [`Msg`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Import the file the form asked for; [`Msg::ImportFinished`] says how it ended.
    StartImport(ImportRequest),
    /// Run the playbooks over the book; [`Msg::PlaybooksFinished`] says what they made.
    RunPlaybooks,
    /// Index the book's records for the search over everything; [`Msg::RecordsIndexed`] brings
    /// the index.
    IndexRecords,
    /// Read the forecast view's inputs (the band rates learnt from the history, the churned
    /// accounts); [`Msg::ForecastRead`] brings them.
    LoadForecast,
    /// Backtest the health model at `lead` days for the model check; [`Msg::ModelChecked`]
    /// brings it, marked with the history's `generation`.
    CheckModel { lead: u32, generation: u64 },
}

/// The effects one message asks for, in order (most ask for none).
pub type Effects = Vec<Effect>;
