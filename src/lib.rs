//! csm: a keyboard-driven workspace for a Customer Success Manager's book of business.
//!
//! The library holds everything the binary does: the domain types, the SQLite store, the scoring
//! engine, the demo book and the reports. The binary only parses the command line and dispatches.

pub mod config;
pub mod domain;
pub mod scoring;
pub mod store;
pub mod demo;
