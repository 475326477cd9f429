//! What can go wrong reaching a book on a PostgreSQL server or its schema, each said in one line
//! that names the place (`HOST:PORT/DATABASE`) and what to do, never a password. The driver's
//! connection failures are sorted here ([`ServerError::of_connect`]); nothing here connects.

use super::location::{SslMode, Target};

/// A book on a server that could not be reached, entered or used.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The URL is malformed: what is wrong with it.
    #[error("the PostgreSQL URL: {0}")]
    Location(String),
    #[error(
        "nothing answers at {server} (connection refused): is the PostgreSQL server running there, on that port?"
    )]
    Refused { server: String },
    #[error(
        "no answer from {server} within {seconds} s: check the host, the port and the network (connect_timeout=N in the URL waits longer)"
    )]
    Timeout { server: String, seconds: u64 },
    #[error("cannot reach {server}: {why}")]
    Unreachable { server: String, why: String },
    #[error("the server at {server} refused the password of user {user}")]
    WrongPassword { server: String, user: String },
    #[error(
        "the server at {server} asks user {user} for a password: set PGPASSWORD, or put it in ~/.pgpass"
    )]
    NoPassword { server: String, user: String },
    #[error("the server at {server} does not let user {user} in: {why}")]
    Denied { server: String, user: String, why: String },
    #[error(
        "there is no database {dbname} at {server}: create it (createdb {dbname}) or check the name"
    )]
    NoDatabase { server: String, dbname: String },
    #[error(
        "the server at {server} does not accept TLS, and sslmode={} asks for it: use sslmode=prefer or disable on a trusted network",
        .mode.word()
    )]
    NoTls { server: String, mode: SslMode },
    #[error("the TLS connection to {server} failed: {why}")]
    Tls { server: String, why: String },
    #[error("cannot connect to {at}: {why}")]
    Connect { at: String, why: String },
    #[error("no csm schema in database {dbname} at {server}: run `csm server init --db {url}`")]
    NoSchema { server: String, dbname: String, url: String },
    #[error(
        "database {dbname} at {server} holds tables of another program ({tables}): csm server init needs an empty database"
    )]
    Foreign { server: String, dbname: String, tables: String },
    #[error(
        "the book at {at} is at schema {found}, older than this csm's {latest}: have an administrator run `csm server migrate --db {url}`"
    )]
    Older { at: String, found: i64, latest: i64, url: String },
    #[error(
        "the book at {at} is at schema {found}, made by a newer csm (this one knows {latest}): use a newer csm"
    )]
    Newer { at: String, found: i64, latest: i64 },
    #[error(
        "the schema at {at} was changed by hand: its version {version} differs from the migration this csm has"
    )]
    Diverged { at: String, version: i64 },
    #[error("the schema at {at} could not be brought up to date (nothing was changed): {why}")]
    Migrate { at: String, why: String },
    #[error("the book at {at}: {why}")]
    Query { at: String, why: String },
}

impl ServerError {
    /// The failure of a connection to `target`, told by its cause.
    pub(super) fn of_connect(error: &postgres::Error, target: &Target) -> Self {
        let server = target.server();
        let user = target.user.clone();
        if let Some(db) = error.as_db_error() {
            let code = db.code().code();
            return match code {
                "28P01" => Self::WrongPassword { server, user },
                "3D000" => Self::NoDatabase { server, dbname: target.dbname.clone() },
                _ if code.starts_with("28") => {
                    Self::Denied { server, user, why: db.message().to_owned() }
                }
                _ => Self::Connect { at: target.at(), why: db.message().to_owned() },
            };
        }
        if let Some(io) = io_cause(error) {
            // The TLS stack reports a refused certificate as an input failure wrapping its own.
            if let Some(tls) = io.get_ref().and_then(|e| e.downcast_ref::<rustls::Error>()) {
                return Self::Tls { server, why: tls.to_string() };
            }
            return match io.kind() {
                std::io::ErrorKind::ConnectionRefused => Self::Refused { server },
                std::io::ErrorKind::TimedOut => {
                    Self::Timeout { server, seconds: target.connect_timeout.as_secs() }
                }
                _ => Self::Unreachable { server, why: io.to_string() },
            };
        }
        let said = chain(error);
        if said.contains("server does not support TLS") {
            Self::NoTls { server, mode: target.sslmode }
        } else if said.contains("password missing") {
            Self::NoPassword { server, user }
        } else if said.contains("TLS") {
            Self::Tls { server, why: said }
        } else {
            Self::Connect { at: target.at(), why: said }
        }
    }

    /// A failure of a statement on an open connection to `target`.
    pub(super) fn of_query(error: &postgres::Error, target: &Target) -> Self {
        let why = match error.as_db_error() {
            Some(db) => db.message().to_owned(),
            None => chain(error),
        };
        Self::Query { at: target.at(), why }
    }
}

/// The I/O failure underneath `error`, if it was one.
fn io_cause(error: &postgres::Error) -> Option<&std::io::Error> {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        source = cause.source();
    }
    None
}

/// `error` and its causes, in one line.
fn chain(error: &postgres::Error) -> String {
    let mut said = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !said.contains(&text) {
            said.push_str(": ");
            said.push_str(&text);
        }
        source = cause.source();
    }
    said
}
