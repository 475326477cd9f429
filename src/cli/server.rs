//! `csm server init` and `csm server migrate`: an administrator sets up the schema of a book on a
//! PostgreSQL server (the database `--db` or `CSM_DB` names), or brings it up to this csm's
//! version; each prints what it did in a line. The only commands that change the schema: every
//! other command checks it and stops when it is not this csm's. It never touches a book file.

use clap::Subcommand;

use super::{CliError, write_stdout};
use crate::paths::BookLocation;
use crate::store;

/// The subcommands of `csm server`.
#[derive(Debug, Subcommand)]
pub enum ServerCommand {
    /// Make csm's schema in an empty PostgreSQL database; run again, it finds it made.
    Init,
    /// Bring the schema of a book on a PostgreSQL server up to this csm's version (after
    /// installing a newer csm); the clients of the older version then stop, saying so.
    Migrate,
}

/// Runs `command` on the server's book at `location`.
pub(super) fn run(location: &BookLocation, command: &ServerCommand) -> Result<(), CliError> {
    let BookLocation::Server(url) = location else {
        let name = match command {
            ServerCommand::Init => "init",
            ServerCommand::Migrate => "migrate",
        };
        return Err(CliError::Refused(format!(
            "csm server {name} works on a book on a PostgreSQL server, not the file {location}: \
             pass --db postgres://USER@HOST:PORT/DATABASE (or set CSM_DB)"
        )));
    };
    let change = match command {
        ServerCommand::Init => store::init_schema(url)?,
        ServerCommand::Migrate => store::migrate_schema(url)?,
    };
    write_stdout(&format!("{change} ({url})\n"))
}
