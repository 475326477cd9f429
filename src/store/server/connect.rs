//! One connection to a book on a PostgreSQL server: the driver's configuration built from a
//! [`Target`], TLS as `sslmode` asks, a deadline on the whole set-up (the driver's own timeout
//! covers only the socket's connect, so a server that accepts and never answers would hang it),
//! TCP keepalives, then the session's settings. Failures are told by cause ([`ServerError`]).
//! It reads and writes nothing in the book.

use std::sync::mpsc;
use std::time::Duration;

use postgres::Client;

use super::failure::ServerError;
use super::location::{SslMode, Target};
use super::tls;

/// The session every connection starts with. A statement limit long enough for a bulk load of
/// millions of rows, short enough that a runaway query ends; a lock wait shorter than a person's
/// patience; a transaction left idle by a client that went away releases its locks; days and
/// times in UTC whatever the server's zone; no JIT compilation, which costs more than it saves
/// on csm's short queries.
const SESSION: &str = "SET application_name = 'csm'; \
    SET statement_timeout = '5min'; \
    SET lock_timeout = '30s'; \
    SET idle_in_transaction_session_timeout = '2min'; \
    SET TimeZone = 'UTC'; \
    SET jit = off";

/// A variable of the process's environment.
pub(super) fn environment(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// A connection to `target`, its session set up, within `target.connect_timeout`.
pub(super) fn open(target: &Target) -> Result<Client, ServerError> {
    let mut config = postgres::Config::new();
    config
        .host(&target.host)
        .port(target.port)
        .user(&target.user)
        .dbname(&target.dbname)
        .application_name("csm")
        .connect_timeout(target.connect_timeout)
        // A server that went away mid-session is noticed in about a minute, not never.
        .keepalives(true)
        .keepalives_idle(Duration::from_secs(30))
        .keepalives_interval(Duration::from_secs(10))
        .keepalives_retries(3)
        .tcp_user_timeout(Duration::from_secs(60))
        .ssl_mode(match target.sslmode {
            SslMode::Disable => postgres::config::SslMode::Disable,
            SslMode::Prefer => postgres::config::SslMode::Prefer,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => {
                postgres::config::SslMode::Require
            }
        });
    if let Some(password) = &target.password {
        config.password(password);
    }
    let tls = tls::connector(target)?;
    // On a thread of its own, so that a set-up that never ends is given up at the deadline; the
    // thread, left behind, ends with the attempt or with the process.
    let (sender, receiver) = mpsc::channel();
    let attempt = std::thread::Builder::new().name("csm-connect".into()).spawn(move || {
        let result = match tls {
            Some(tls) => config.connect(tls),
            None => config.connect(postgres::NoTls),
        };
        let _ = sender.send(result);
    });
    if let Err(e) = attempt {
        return Err(ServerError::Connect { at: target.at(), why: e.to_string() });
    }
    let mut client = match receiver.recv_timeout(target.connect_timeout) {
        Ok(Ok(client)) => client,
        Ok(Err(e)) => return Err(ServerError::of_connect(&e, target)),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            let seconds = target.connect_timeout.as_secs();
            return Err(ServerError::Timeout { server: target.server(), seconds });
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let why = "the connection attempt stopped without a result".to_owned();
            return Err(ServerError::Connect { at: target.at(), why });
        }
    };
    client.batch_execute(SESSION).map_err(|e| ServerError::of_query(&e, target))?;
    Ok(client)
}
