//! The schema of a book on a PostgreSQL server, by versioned migrations: the files of
//! `migrations/postgres/` (`V<N>__<name>.sql`, N the SQLite schema version they match), embedded
//! here and recorded, once applied, in the table `csm_schema_history` (version, name, checksum,
//! when, by whom). Only `csm server init` and `csm server migrate` apply them, each under an
//! advisory lock and in one transaction: two at once, the second waits and then finds nothing to
//! do; one that fails changes nothing. Every client only checks the version
//! ([`check_schema`]) and stops when it is not its own: it never writes here.
//!
//! A small runner of our own rather than refinery: refinery brings `url` (and with it a Unicode
//! tree), `time`, `regex` and `walkdir` for two SQL files, takes no lock, and its reading of the
//! applied version creates its table, which a client's check must not do.

use postgres::Client;

use super::failure::ServerError;
use super::location::Target;

/// One migration: the schema version it brings the book to, its name and its SQL.
pub(super) struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration, in version order.
pub(super) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 12,
        name: "baseline",
        sql: include_str!("../../../migrations/postgres/V12__baseline.sql"),
    },
    Migration {
        version: 13,
        name: "forecast_calls",
        sql: include_str!("../../../migrations/postgres/V13__forecast_calls.sql"),
    },
    Migration {
        version: 14,
        name: "usage_reference_by_statement",
        sql: include_str!("../../../migrations/postgres/V14__usage_reference_by_statement.sql"),
    },
];

/// The table recording the migrations applied.
const HISTORY: &str = "csm_schema_history";

/// The advisory lock the migrations run under ("csm_sche" in ASCII): one key for every csm.
const LOCK: i64 = 0x6373_6d5f_7363_6865;

/// The schema version this csm reads and writes.
pub(super) fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// What `csm server init` or `csm server migrate` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaChange {
    /// The schema was made, at this version.
    Created { version: i64 },
    /// The schema was already at this csm's version: nothing done.
    AlreadyAt { version: i64 },
    /// The schema was brought from one version to another.
    Migrated { from: i64, to: i64 },
}

impl std::fmt::Display for SchemaChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Created { version } => write!(f, "schema created at version {version}"),
            Self::AlreadyAt { version } => write!(f, "already at version {version}"),
            Self::Migrated { from, to } => write!(f, "migrated {from} → {to}"),
        }
    }
}

/// What the database holds.
enum State {
    /// No table at all.
    Empty,
    /// Tables, but no history of csm's: another program's (a few of their names).
    Foreign(Vec<String>),
    /// csm's schema: the versions applied, with their checksums.
    Csm(Vec<(i64, String)>),
}

fn state(client: &mut Client) -> Result<State, postgres::Error> {
    let known: bool =
        client.query_one(&format!("SELECT to_regclass('{HISTORY}') IS NOT NULL"), &[])?.get(0);
    if known {
        let rows = client
            .query(&format!("SELECT version::int8, checksum FROM {HISTORY} ORDER BY 1"), &[])?;
        return Ok(State::Csm(rows.iter().map(|r| (r.get(0), r.get(1))).collect()));
    }
    let tables: Vec<String> = client
        .query(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() \
             ORDER BY 1 LIMIT 4",
            &[],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    Ok(if tables.is_empty() { State::Empty } else { State::Foreign(tables) })
}

/// Whether the schema at `target` is this csm's own version; when not, why, and who can fix it.
pub(in crate::store) fn check_schema(
    client: &mut Client,
    target: &Target,
) -> Result<(), ServerError> {
    let state = state(client).map_err(|e| ServerError::of_query(&e, target))?;
    match state {
        State::Empty | State::Foreign(_) => Err(no_schema(target)),
        State::Csm(applied) => match version(&applied) {
            found if found == latest() => Ok(()),
            found if found < latest() => Err(older(target, found)),
            found => Err(newer(target, found)),
        },
    }
}

/// `csm server init`: makes the schema in a database without one; finds it done if this csm's
/// version is there.
pub(super) fn init(client: &mut Client, target: &Target) -> Result<SchemaChange, ServerError> {
    locked(client, target, |client| match state(client)? {
        State::Empty => {
            apply(client, 0)?;
            Ok(Ok(SchemaChange::Created { version: latest() }))
        }
        State::Foreign(tables) => Ok(Err(ServerError::Foreign {
            server: target.server(),
            dbname: target.dbname.clone(),
            tables: tables.join(", "),
        })),
        State::Csm(applied) => Ok(match version(&applied) {
            found if found == latest() => Ok(SchemaChange::AlreadyAt { version: found }),
            found if found < latest() => Err(older(target, found)),
            found => Err(newer(target, found)),
        }),
    })
}

/// `csm server migrate`: brings an older schema up to this csm's version.
pub(super) fn migrate(client: &mut Client, target: &Target) -> Result<SchemaChange, ServerError> {
    locked(client, target, |client| {
        let applied = match state(client)? {
            State::Empty | State::Foreign(_) => return Ok(Err(no_schema(target))),
            State::Csm(applied) => applied,
        };
        if let Some(version) = diverged(&applied) {
            return Ok(Err(ServerError::Diverged { at: target.at(), version }));
        }
        let found = version(&applied);
        Ok(match found {
            _ if found == latest() => Ok(SchemaChange::AlreadyAt { version: found }),
            _ if found > latest() => Err(newer(target, found)),
            _ => {
                apply(client, found)?;
                Ok(SchemaChange::Migrated { from: found, to: latest() })
            }
        })
    })
}

/// Runs `work` holding the migrations' advisory lock (waiting for another csm that holds it),
/// with no limit on a statement's time: a migration of a large book may take minutes.
fn locked(
    client: &mut Client,
    target: &Target,
    work: impl FnOnce(&mut Client) -> Result<Result<SchemaChange, ServerError>, postgres::Error>,
) -> Result<SchemaChange, ServerError> {
    let failed = |e: postgres::Error| ServerError::Migrate { at: target.at(), why: said(&e) };
    client.batch_execute("SET statement_timeout = 0; SET lock_timeout = '5min'").map_err(failed)?;
    client.execute("SELECT pg_advisory_lock($1)", &[&LOCK]).map_err(failed)?;
    let result = work(client);
    // Released whatever happened; a connection that broke has released it already.
    let _ = client.execute("SELECT pg_advisory_unlock($1)", &[&LOCK]);
    result.map_err(failed)?
}

/// Applies every migration after version `after`, recording each, in one transaction.
fn apply(client: &mut Client, after: i64) -> Result<(), postgres::Error> {
    apply_through(client, after, latest())
}

fn apply_through(client: &mut Client, after: i64, through: i64) -> Result<(), postgres::Error> {
    let mut transaction = client.transaction()?;
    transaction.batch_execute(&format!(
        "CREATE TABLE IF NOT EXISTS {HISTORY} (
            version integer PRIMARY KEY,
            name text NOT NULL,
            checksum text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),
            applied_by text NOT NULL DEFAULT session_user
        )"
    ))?;
    for migration in MIGRATIONS.iter().filter(|m| m.version > after && m.version <= through) {
        transaction.batch_execute(migration.sql)?;
        let version = i32::try_from(migration.version).unwrap_or(i32::MAX);
        transaction.execute(
            &format!("INSERT INTO {HISTORY} (version, name, checksum) VALUES ($1, $2, $3)"),
            &[&version, &migration.name, &checksum(migration.sql)],
        )?;
    }
    transaction.commit()
}

/// The version the history reaches.
fn version(applied: &[(i64, String)]) -> i64 {
    applied.iter().map(|(v, _)| *v).max().unwrap_or(0)
}

/// The first applied version whose SQL is not the one this csm has.
fn diverged(applied: &[(i64, String)]) -> Option<i64> {
    applied.iter().find_map(|(version, sum)| {
        let ours = MIGRATIONS.iter().find(|m| m.version == *version)?;
        (checksum(ours.sql) != *sum).then_some(*version)
    })
}

/// A stable fingerprint of a migration's text (FNV-1a, 64 bits, in hex).
fn checksum(sql: &str) -> String {
    let hash = sql.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

fn no_schema(target: &Target) -> ServerError {
    ServerError::NoSchema {
        server: target.server(),
        dbname: target.dbname.clone(),
        url: target.shown_url(),
    }
}

fn older(target: &Target, found: i64) -> ServerError {
    ServerError::Older { at: target.at(), found, latest: latest(), url: target.shown_url() }
}

fn newer(target: &Target, found: i64) -> ServerError {
    ServerError::Newer { at: target.at(), found, latest: latest() }
}

/// The server's words for a failure, in one line.
fn said(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => db.message().to_owned(),
        None => error.to_string(),
    }
}

#[cfg(test)]
mod tests;
