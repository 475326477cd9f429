//! `csm server init` and `csm server migrate`: an administrator sets up the schema of a book on a
//! PostgreSQL server (the database `--db` or `CSM_DB` names), or brings it up to this csm's
//! version; each prints what it did in a line. The only commands that change the schema: every
//! other command checks it and stops when it is not this csm's. `csm server load BOOK` copies a
//! book file into the server's empty book; the file is only read.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;

use super::book::open_to_read;
use super::{CliError, write_stdout};
use crate::config::Config;
use crate::domain::shown_path;
use crate::format::thousands;
use crate::paths::BookLocation;
use crate::restore::{RestoreError, copy_book};
use crate::store::{self, Store};

/// The subcommands of `csm server`.
#[derive(Debug, Subcommand)]
pub enum ServerCommand {
    /// Make csm's schema in an empty PostgreSQL database; run again, it finds it made.
    Init,
    /// Bring the schema of a book on a PostgreSQL server up to this csm's version (after
    /// installing a newer csm); the clients of the older version then stop, saying so.
    Migrate,
    /// Copy a book file (a single user's csm book) into the server's book, which must be empty:
    /// every record under its id, in one transaction. The file is only read.
    Load {
        /// The book file to copy.
        book: PathBuf,
    },
}

/// Runs `command` on the server's book at `location`.
pub(super) fn run(location: &BookLocation, command: &ServerCommand) -> Result<(), CliError> {
    let BookLocation::Server(url) = location else {
        let name = match command {
            ServerCommand::Init => "init",
            ServerCommand::Migrate => "migrate",
            ServerCommand::Load { .. } => "load",
        };
        return Err(CliError::Refused(format!(
            "csm server {name} works on a book on a PostgreSQL server, not the file {location}: \
             pass --db postgres://USER@HOST:PORT/DATABASE (or set CSM_DB)"
        )));
    };
    let change = match command {
        ServerCommand::Init => store::init_schema(url)?,
        ServerCommand::Migrate => store::migrate_schema(url)?,
        ServerCommand::Load { .. } => {
            return Err(CliError::Refused("csm server load reads the configuration".to_owned()));
        }
    };
    write_stdout(&format!("{change} ({url})\n"))
}

/// Whether `command` reads the configuration (the schema's commands do not: it is the book's).
pub(super) fn reads_configuration(command: &ServerCommand) -> bool {
    matches!(command, ServerCommand::Load { .. })
}

/// `csm server load BOOK`: the book file copied into the server's empty book at `location`,
/// scored at `as_of` for the copy's own figures; the line saying what was copied.
pub(super) fn load(
    location: &BookLocation,
    book: &std::path::Path,
    config: &Config,
    as_of: NaiveDate,
) -> Result<(), CliError> {
    let BookLocation::Server(url) = location else {
        return Err(CliError::Refused(format!(
            "csm server load copies a book file into a book on a PostgreSQL server, not into the \
             file {location}: pass --db postgres://USER@HOST:PORT/DATABASE (or set CSM_DB)"
        )));
    };
    let from = BookLocation::File(book.to_path_buf());
    let source = open_to_read(&from)?;
    let mut target = Store::connect_to(url)?;
    let copied = copy_book(source, &mut target, config, as_of).map_err(|e| match e {
        RestoreError::Store(e) => CliError::Store(e),
        RestoreError::NotEmpty(held) => CliError::Refused(format!(
            "the book at {url} is not empty (it holds {held}): csm server load copies into an \
             empty book only, every record under its id; nothing was copied"
        )),
        other => CliError::Refused(format!("{}: {other}; nothing was copied", shown_path(book))),
    })?;
    // Every table was filled at once: the server's statistics and its map of visible pages are
    // brought up to date now, so the first reports read the days by their index rather than
    // being planned for empty tables until the server's own vacuum comes round.
    target.optimize()?;
    let n = |v: usize| thousands(u64::try_from(v).unwrap_or(u64::MAX));
    write_stdout(&format!(
        "{}: copied {} accounts, {} contacts and {} other records into {url}\n",
        shown_path(book),
        n(copied.accounts),
        n(copied.contacts),
        n(copied.records)
    ))
}
