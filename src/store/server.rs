//! A book on a PostgreSQL server: where it is ([`ServerUrl`]), the connection to it (TLS,
//! timeouts, the session's settings), its schema by migrations that only an administrator's
//! `csm server init` and `csm server migrate` apply, and the check every client makes before it
//! reads a row. The queries themselves are the engine's (`engine.rs`), not this module's.

mod connect;
mod failure;
mod location;
mod migrate;
mod passfile;
mod tls;

pub use failure::ServerError;
pub use location::{ServerUrl, SslMode, is_server_url};
pub use migrate::SchemaChange;

use super::{Store, StoreResult};
use location::Target;

impl Store {
    /// Opens the book on the server `url` names: connects, checks that the schema is this
    /// csm's version, and reads and writes through that connection.
    ///
    /// # Errors
    /// The server cannot be reached or refuses the connection, the database holds no csm schema
    /// or one of another version.
    pub fn connect_to(url: &ServerUrl) -> StoreResult<Self> {
        let client = connect_checked(url)?;
        let again = url.clone();
        // A lost connection is replaced through the same way in, checks included.
        let reconnect = Box::new(move || connect_checked(&again));
        let mut store = Store::over_postgres_reconnecting(client, reconnect);
        store.server = Some(url.clone());
        Ok(store)
    }
}

/// A connection to the book `url` names whose schema is this csm's.
fn connect_checked(url: &ServerUrl) -> StoreResult<postgres::Client> {
    let (mut client, target) = connect(url)?;
    migrate::check_schema(&mut client, &target)?;
    Ok(client)
}

/// A connection to the book `url` names, its session set up, and where it went.
fn connect(url: &ServerUrl) -> Result<(postgres::Client, Target), ServerError> {
    let target = url.resolve(&connect::environment)?;
    let client = connect::open(&target)?;
    Ok((client, target))
}

/// `csm server init`: makes csm's schema in the (empty) database `url` names, or finds it there.
///
/// # Errors
/// The server cannot be reached; the database holds another program's tables, or csm's schema
/// at another version; a migration failed (and changed nothing).
pub fn init_schema(url: &ServerUrl) -> StoreResult<SchemaChange> {
    let (mut client, target) = connect(url)?;
    Ok(migrate::init(&mut client, &target)?)
}

/// `csm server migrate`: brings the schema of the database `url` names up to this csm's.
///
/// # Errors
/// The server cannot be reached; the database holds no csm schema, or one from a newer csm,
/// or one changed by hand; a migration failed (and changed nothing).
pub fn migrate_schema(url: &ServerUrl) -> StoreResult<SchemaChange> {
    let (mut client, target) = connect(url)?;
    Ok(migrate::migrate(&mut client, &target)?)
}

#[cfg(test)]
mod connect_tests;
#[cfg(test)]
mod reconnect_tests;
