//! `csm export`: the book written out for other programs — JSON with every record and score (the
//! shape a later import reads back), or CSV with one row of score summary per account for
//! spreadsheets. Both write to the writer they are given, buffered and account by account, so a
//! book of millions of usage rows never sits in memory as one document. Nothing here prints,
//! scores or writes the store: callers pass a [`ScoredBook`](crate::book::ScoredBook).

mod csv;
mod json;
mod records;

pub use self::csv::{HEADER as CSV_HEADER, csv, safe_cell};
pub use self::json::{FORMAT, VERSION, json, json_watched};
pub use self::records::{ContactOut, OpportunityOut, TodoOut};

use crate::store::StoreError;

/// An export that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
}

impl ExportError {
    /// Whether the reader closed the pipe (`csm export | head`): their choice, not a failure.
    #[must_use]
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Self::Write(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

impl From<::csv::Error> for ExportError {
    fn from(error: ::csv::Error) -> Self {
        match error.into_kind() {
            ::csv::ErrorKind::Io(e) => Self::Write(e),
            // Only the writer's I/O can fail: every record has the header's width.
            other => Self::Write(std::io::Error::other(format!("{other:?}"))),
        }
    }
}

impl From<serde_json::Error> for ExportError {
    fn from(error: serde_json::Error) -> Self {
        Self::Write(error.into())
    }
}
