//! Import: the files CSMs export from their CRM, help desk, survey and analytics tools, read into
//! the book one file at a time (SPEC 7). A file is read (`source`), its headers matched to the
//! kind's fields (`headers`), each cell parsed (`values`) and each row turned into a record whose
//! references are resolved; then every row is written in one transaction, or none when any row
//! is wrong. This module holds the vocabulary the stages share; it must not draw or score.

mod cells;
mod dialect;
mod file;
pub mod headers;
mod kinds;
mod refs;
mod run;
pub mod source;
mod summary;
pub mod values;

pub use dialect::named as source_named;
pub use file::Input;
pub use headers::HeaderMap;
pub use kinds::Tally;
pub use run::{
    Failure, OnProgress, Options, PROGRESS_ROWS, Progress, Summary, import_bytes, import_file,
};
pub use source::Encoding;
pub use summary::{describe, refused};
pub use values::DateOrder;

use std::fmt;
use std::str::FromStr;

/// Problems listed per file before the rest are only counted.
pub const PROBLEM_CAP: usize = 50;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Accounts,
    Contacts,
    Usage,
    Features,
    Tickets,
    Nps,
    Interactions,
    Opportunities,
    /// The people who own accounts: their CRM ids and emails, read as their names in owners.
    Users,
    /// How past renewals ended (SPEC 12): history only, never an account's current ARR or date.
    Renewals,
}

impl Kind {
    /// Every kind, in the order a book is best imported (accounts first: the rest refer to them;
    /// users at any time).
    pub const ALL: [Self; 10] = [
        Self::Accounts,
        Self::Contacts,
        Self::Usage,
        Self::Features,
        Self::Tickets,
        Self::Nps,
        Self::Interactions,
        Self::Opportunities,
        Self::Users,
        Self::Renewals,
    ];

    /// The kind's name on the command line.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Accounts => "accounts",
            Self::Contacts => "contacts",
            Self::Usage => "usage",
            Self::Features => "features",
            Self::Tickets => "tickets",
            Self::Nps => "nps",
            Self::Interactions => "interactions",
            Self::Opportunities => "opportunities",
            Self::Users => "users",
            Self::Renewals => "renewals",
        }
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim().to_lowercase()).ok_or_else(|| {
            let known: Vec<&str> = Self::ALL.iter().map(|k| k.code()).collect();
            format!("unknown kind {s:?}; one of {}", known.join(", "))
        })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Something wrong with a file, where it is: the physical line (the header is line 1, newlines
/// inside quoted fields counted; 0 for the file as a whole) and the column (a header as the
/// file spells it, or a field name), when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: Option<String>,
    pub reason: String,
}

impl Problem {
    /// A problem of the file as a whole (no header, an unreadable encoding…).
    #[must_use]
    pub fn file(reason: impl Into<String>) -> Self {
        Self { line: 0, column: None, reason: reason.into() }
    }

    /// A problem on `line`, not tied to one column.
    #[must_use]
    pub fn line(line: usize, reason: impl Into<String>) -> Self {
        Self { line, column: None, reason: reason.into() }
    }

    /// A problem in `column` on `line`.
    #[must_use]
    pub fn cell(line: usize, column: impl Into<String>, reason: impl Into<String>) -> Self {
        Self { line, column: Some(column.into()), reason: reason.into() }
    }

    /// The problem as `FILE:LINE: COLUMN: reason` (the line and column left out when absent).
    #[must_use]
    pub fn located(&self, file: &str) -> String {
        let mut out = file.to_owned();
        if self.line > 0 {
            out.push_str(&format!(":{}", self.line));
        }
        out.push_str(": ");
        if let Some(column) = &self.column {
            out.push_str(&crate::domain::terminal_safe(column));
            out.push_str(": ");
        }
        out.push_str(&self.reason);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_from_the_command_line() {
        assert_eq!("Usage".parse::<Kind>(), Ok(Kind::Usage));
        let err = "deals".parse::<Kind>().unwrap_err();
        assert!(err.contains("accounts, contacts, usage"), "{err}");
    }

    #[test]
    fn problems_say_where() {
        assert_eq!(
            Problem::cell(3, "ARR", "not an amount").located("a.csv"),
            "a.csv:3: ARR: not an amount"
        );
        assert_eq!(
            Problem::line(7, "unterminated quote").located("a.csv"),
            "a.csv:7: unterminated quote"
        );
        assert_eq!(Problem::file("the file is empty").located("a.csv"), "a.csv: the file is empty");
    }
}
