//! csm: a keyboard-driven workspace for a Customer Success Manager's book of business.
//!
//! The library holds everything the binary does: the domain types, the SQLite store, the scoring
//! engine, the demo book and the reports. The binary only parses the command line and dispatches.

pub mod book;
pub mod cli;
pub mod config;
pub mod demo;
pub mod digest;
pub mod domain;
pub mod export;
pub mod format;
pub mod ical;
pub mod import;
pub mod listing;
pub mod lookup;
pub mod outcomes;
pub mod output;
pub mod paths;
pub mod playbooks;
pub mod progress;
pub mod qbr;
pub mod report;
pub mod restore;
pub mod scoring;
pub mod store;
#[cfg(any(test, feature = "test-support"))]
pub mod test_support;
pub mod ui;
