//! The PostgreSQL half of the engine's adapter: one client and its prepared statements,
//! parameters bound as the column's type wants them, rows read through [`StoreRow`], and the
//! engine's failures told in the store's words. It must not know what the statements say,
//! nor how the client was connected (that is the server module's business: it hands over a
//! way to connect again, which this module calls when the connection was lost).
//!
//! A lost connection (the server restarted, the network dropped, the session was ended) is
//! [`StoreError::ConnectionLost`]. Outside a transaction the next statement connects again
//! first, and a read that found the connection gone before its first row is run again on the
//! new one; inside a transaction the loss is an error until the transaction ends, never a
//! retry of half of it.
//!
//! Why parameters convert by the column's type: the statements are shared with SQLite, where an
//! integer binds to anything; PostgreSQL infers each `$N`'s type from the statement and the
//! client library refuses an `i64` for an `integer` or a `bool` for a `bigint` flag.

use std::cell::{Cell, RefCell, RefMut};
use std::collections::HashMap;
use std::error::Error;
use std::time::{Duration, Instant};

use bytes::BytesMut;
use chrono::NaiveDate;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};

mod refusals;

use super::iso_date;
use super::{Param, Row, StoreRow};
use crate::store::placeholders::postgres_sql;
use crate::store::{BackendKind, StoreError, StoreResult};

/// Prepared statements one client keeps; past this (statements built with varying text, such
/// as a revision bump over n accounts) the cache starts over rather than grow without end.
const STATEMENT_CACHE: usize = 512;

/// A failure converting a value, boxed as the client library wants it.
type ConvertError = Box<dyn Error + Sync + Send>;

/// How long after a failed attempt to connect again the next one waits: the statements of the
/// same action fail at once with its reason instead of each waiting out the connect deadline.
const RECONNECT_PAUSE: Duration = Duration::from_secs(3);

/// A new client to the same book, set up and checked as the first one was.
pub(in crate::store) type Reconnect = Box<dyn Fn() -> StoreResult<postgres::Client> + Send>;

/// An open PostgreSQL book: its client, and each statement prepared once.
pub(in crate::store) struct Postgres {
    client: RefCell<postgres::Client>,
    statements: RefCell<HashMap<Box<str>, postgres::Statement>>,
    /// How to connect again once the connection was lost; `None` for a client handed over
    /// without one (tests), whose loss stays an error.
    reconnect: Option<Reconnect>,
    /// Whether a statement failed because the connection went away.
    lost: Cell<bool>,
    /// Whether a transaction is open on the client: a loss inside one is never retried.
    in_transaction: Cell<bool>,
    /// The last failed attempt to connect again: when, and why.
    failed: RefCell<Option<(Instant, String)>>,
}

impl Postgres {
    pub(in crate::store) fn new(client: postgres::Client) -> Self {
        Self {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
            reconnect: None,
            lost: Cell::new(false),
            in_transaction: Cell::new(false),
            failed: RefCell::new(None),
        }
    }

    /// Connects again through `reconnect` whenever the connection was lost.
    pub(in crate::store) fn reconnecting(mut self, reconnect: Reconnect) -> Self {
        self.reconnect = Some(reconnect);
        self
    }

    /// The client, for the modules that stay per engine (set-up, bulk copy, migrations); a new
    /// one first when the connection was lost outside a transaction.
    pub(in crate::store) fn client(&self) -> StoreResult<RefMut<'_, postgres::Client>> {
        let mut client = self.client.try_borrow_mut().map_err(|_| busy_client())?;
        if self.lost.get() || client.is_closed() {
            self.lost.set(true);
            if self.in_transaction.get() {
                return Err(StoreError::ConnectionLost {
                    reason: "the connection closed during the transaction".to_owned(),
                });
            }
            self.connect_again(&mut client)?;
        }
        Ok(client)
    }

    /// Replaces the lost client by a new one, or says why there is none.
    fn connect_again(&self, client: &mut postgres::Client) -> StoreResult<()> {
        let Some(reconnect) = &self.reconnect else {
            return Err(StoreError::ConnectionLost { reason: "the connection closed".to_owned() });
        };
        if let Some((when, why)) = &*self.failed.borrow()
            && when.elapsed() < RECONNECT_PAUSE
        {
            return Err(StoreError::ConnectionLost { reason: why.clone() });
        }
        match reconnect() {
            Ok(fresh) => {
                *client = fresh;
                // Statements are prepared per session: the new one has none of them.
                self.statements.borrow_mut().clear();
                self.lost.set(false);
                *self.failed.borrow_mut() = None;
                Ok(())
            }
            Err(error) => {
                *self.failed.borrow_mut() = Some((Instant::now(), error.to_string()));
                Err(error)
            }
        }
    }

    /// The store's error for `error`, noting a lost connection.
    fn failure(&self, error: impl Into<StoreError>) -> StoreError {
        let error = error.into();
        if matches!(error, StoreError::ConnectionLost { .. }) {
            self.lost.set(true);
        }
        error
    }

    /// Whether a read that failed with `error` before handing over a row may run again on a
    /// new connection: the connection was lost outside a transaction, and there is a way back.
    fn may_retry(&self, error: &StoreError) -> bool {
        matches!(error, StoreError::ConnectionLost { .. })
            && !self.in_transaction.get()
            && self.reconnect.is_some()
    }

    /// Runs statements without parameters (set-up, settings).
    pub(in crate::store) fn batch(&self, sql: &str) -> StoreResult<()> {
        let mut client = self.client()?;
        client.batch_execute(sql).map_err(|e| self.failure(e))
    }

    /// Opens a transaction with `sql` (`BEGIN …`). Nothing has happened yet when it fails for
    /// a lost connection, so it is run once more on a new one.
    pub(in crate::store) fn begin(&self, sql: &str) -> StoreResult<()> {
        let begun = match self.batch(sql) {
            Err(error) if self.may_retry(&error) => self.batch(sql),
            other => other,
        };
        self.in_transaction.set(begun.is_ok());
        begun
    }

    /// Ends the open transaction with `sql` (`COMMIT` or `ROLLBACK`); over either way.
    pub(in crate::store) fn end(&self, sql: &str) -> StoreResult<()> {
        let ended = match self.client.try_borrow_mut() {
            Ok(mut client) if !self.lost.get() && !client.is_closed() => {
                client.batch_execute(sql).map_err(|e| commit_lost(sql, self.failure(e)))
            }
            Ok(_) => Err(StoreError::ConnectionLost {
                reason: "the connection closed during the transaction".to_owned(),
            }),
            Err(_) => Err(busy_client()),
        };
        self.in_transaction.set(false);
        ended
    }

    /// The statement prepared for `sql` (written with `?N`), prepared on first use.
    fn statement(
        &self,
        client: &mut postgres::Client,
        sql: &str,
    ) -> StoreResult<postgres::Statement> {
        let mut cache = self.statements.borrow_mut();
        if let Some(statement) = cache.get(sql) {
            return Ok(statement.clone());
        }
        let statement = client.prepare(&postgres_sql(sql))?;
        if cache.len() >= STATEMENT_CACHE {
            cache.clear();
        }
        cache.insert(Box::from(sql), statement.clone());
        Ok(statement)
    }

    /// Never run again after a lost connection: whether it took effect before the loss
    /// cannot be known.
    pub(super) fn execute(&self, sql: &str, params: &[Param<'_>]) -> StoreResult<usize> {
        let mut client = self.client()?;
        let statement = self.statement(&mut client, sql).map_err(|e| self.failure(e))?;
        let changed = client.execute(&statement, &bound(params)).map_err(|e| self.failure(e))?;
        Ok(usize::try_from(changed).unwrap_or(usize::MAX))
    }

    pub(super) fn query_one<T>(
        &self,
        sql: &str,
        params: &[Param<'_>],
        map: impl FnOnce(&Row<'_>) -> StoreResult<T>,
    ) -> StoreResult<Option<T>> {
        let row = match self.first_row(sql, params) {
            Err(error) if self.may_retry(&error) => self.first_row(sql, params)?,
            other => other?,
        };
        row.as_ref().map(|row| map(&Row::Postgres(row))).transpose()
    }

    /// The first row of a query; the rest, if any, are dropped unread (as on SQLite).
    fn first_row(&self, sql: &str, params: &[Param<'_>]) -> StoreResult<Option<postgres::Row>> {
        use postgres::fallible_iterator::FallibleIterator as _;
        let mut client = self.client()?;
        let statement = self.statement(&mut client, sql).map_err(|e| self.failure(e))?;
        let refs = bound(params);
        let mut rows =
            client.query_raw(&statement, refs.iter().copied()).map_err(|e| self.failure(e))?;
        rows.next().map_err(|e| self.failure(e))
    }

    pub(super) fn for_each_row(
        &self,
        sql: &str,
        params: &[Param<'_>],
        mut each: impl FnMut(&Row<'_>) -> StoreResult<()>,
    ) -> StoreResult<()> {
        let mut handed = false;
        match self.try_each_row(sql, params, &mut handed, &mut each) {
            // Nothing reached `each` yet: the read starts over on a new connection.
            Err(error) if !handed && self.may_retry(&error) => {
                self.try_each_row(sql, params, &mut handed, &mut each)
            }
            other => other,
        }
    }

    /// Every row to `each`; `handed` says whether one reached it.
    fn try_each_row(
        &self,
        sql: &str,
        params: &[Param<'_>],
        handed: &mut bool,
        each: &mut impl FnMut(&Row<'_>) -> StoreResult<()>,
    ) -> StoreResult<()> {
        use postgres::fallible_iterator::FallibleIterator as _;
        let mut client = self.client()?;
        let statement = self.statement(&mut client, sql).map_err(|e| self.failure(e))?;
        let refs = bound(params);
        let mut rows =
            client.query_raw(&statement, refs.iter().copied()).map_err(|e| self.failure(e))?;
        while let Some(row) = rows.next().map_err(|e| self.failure(e))? {
            *handed = true;
            each(&Row::Postgres(&row))?;
        }
        Ok(())
    }
}

/// `error`, the failure of ending a transaction with `sql`: a connection lost once `COMMIT`
/// was sent leaves its outcome unknown (the server may have committed before the answer was
/// lost), which is not the "nothing was saved" of a connection found gone before it was sent.
fn commit_lost(sql: &str, error: StoreError) -> StoreError {
    match error {
        StoreError::ConnectionLost { reason } if sql.trim_start().starts_with("COMMIT") => {
            StoreError::CommitLost { reason }
        }
        other => other,
    }
}

/// The client is in use by a read still going on (a mapper that queried again): a bug.
fn busy_client() -> StoreError {
    StoreError::Backend {
        kind: BackendKind::Other,
        message: "the connection is already in use by another statement".to_owned(),
    }
}

/// The parameters as the client library takes them.
fn bound<'p>(params: &'p [Param<'_>]) -> Vec<&'p (dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

impl ToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, ConvertError> {
        match *self {
            Self::Null => Ok(IsNull::Yes),
            Self::Int(v) => int_to_sql(v, ty, out),
            Self::Bool(v) if *ty == Type::BOOL => v.to_sql(ty, out),
            Self::Bool(v) => int_to_sql(i64::from(v), ty, out),
            Self::Real(v) if *ty == Type::FLOAT4 => {
                // Lossy on purpose: the column holds single precision.
                #[allow(clippy::cast_possible_truncation)]
                (v as f32).to_sql(ty, out)
            }
            Self::Real(v) => v.to_sql(ty, out),
            Self::Text(v) if *ty == Type::DATE => {
                let day = iso_date(v.as_bytes())
                    .ok_or_else(|| format!("{v:?} is not a YYYY-MM-DD date"))?;
                day.to_sql(ty, out)
            }
            Self::Text(v) => v.to_sql(ty, out),
            Self::Date(v) if *ty == Type::DATE => v.day().to_sql(ty, out),
            Self::Date(v) => v.text().to_sql(ty, out),
            Self::Bytes(v) => v.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        // Each value checks the type it meets in `to_sql`, and says why it cannot bind.
        true
    }

    to_sql_checked!();
}

/// An integer bound to whichever numeric (or flag) column the statement compares it with.
fn int_to_sql(v: i64, ty: &Type, out: &mut BytesMut) -> Result<IsNull, ConvertError> {
    match *ty {
        Type::INT2 => i16::try_from(v)?.to_sql(ty, out),
        Type::INT4 => i32::try_from(v)?.to_sql(ty, out),
        // Exact for every amount csm stores (cents, counts): far below 2^53.
        #[allow(clippy::cast_precision_loss)]
        Type::FLOAT8 => (v as f64).to_sql(ty, out),
        Type::BOOL => (v != 0).to_sql(ty, out),
        Type::TEXT | Type::VARCHAR => v.to_string().to_sql(ty, out),
        _ => v.to_sql(ty, out),
    }
}

/// A value of `row`'s column `idx` of a type the getter cannot read.
fn wrong_type(row: &postgres::Row, idx: usize, wanted: &str) -> StoreError {
    let found =
        row.columns().get(idx).map_or_else(|| "no column".to_owned(), |c| c.type_().to_string());
    StoreError::Backend {
        kind: BackendKind::Other,
        message: format!("column {idx}: expected {wanted}, found {found}"),
    }
}

fn type_of(row: &postgres::Row, idx: usize) -> Option<&Type> {
    row.columns().get(idx).map(postgres::Column::type_)
}

impl StoreRow for postgres::Row {
    type Error = StoreError;

    fn get_i64(&self, idx: usize) -> StoreResult<i64> {
        self.get_opt_i64(idx)?.ok_or_else(|| self.unexpected_null(idx, "integer"))
    }

    fn get_opt_i64(&self, idx: usize) -> StoreResult<Option<i64>> {
        Ok(match type_of(self, idx) {
            Some(&Type::INT8) => self.try_get::<_, Option<i64>>(idx)?,
            Some(&Type::INT4) => self.try_get::<_, Option<i32>>(idx)?.map(i64::from),
            Some(&Type::INT2) => self.try_get::<_, Option<i16>>(idx)?.map(i64::from),
            Some(&Type::BOOL) => self.try_get::<_, Option<bool>>(idx)?.map(i64::from),
            _ => return Err(wrong_type(self, idx, "an integer")),
        })
    }

    fn get_f64(&self, idx: usize) -> StoreResult<f64> {
        self.get_opt_f64(idx)?.ok_or_else(|| self.unexpected_null(idx, "real"))
    }

    fn get_opt_f64(&self, idx: usize) -> StoreResult<Option<f64>> {
        Ok(match type_of(self, idx) {
            Some(&Type::FLOAT8) => self.try_get::<_, Option<f64>>(idx)?,
            Some(&Type::FLOAT4) => self.try_get::<_, Option<f32>>(idx)?.map(f64::from),
            // As SQLite gives an integer where a real was asked for.
            #[allow(clippy::cast_precision_loss)]
            Some(&(Type::INT8 | Type::INT4 | Type::INT2)) => {
                self.get_opt_i64(idx)?.map(|v| v as f64)
            }
            _ => return Err(wrong_type(self, idx, "a real")),
        })
    }

    fn get_str(&self, idx: usize) -> StoreResult<&str> {
        self.get_opt_str(idx)?.ok_or_else(|| self.unexpected_null(idx, "text"))
    }

    fn get_opt_str(&self, idx: usize) -> StoreResult<Option<&str>> {
        Ok(self.try_get::<_, Option<&str>>(idx)?)
    }

    fn get_date(&self, idx: usize) -> StoreResult<NaiveDate> {
        self.get_opt_date(idx)?.ok_or_else(|| self.unexpected_null(idx, "date"))
    }

    fn get_opt_date(&self, idx: usize) -> StoreResult<Option<NaiveDate>> {
        if type_of(self, idx) == Some(&Type::DATE) {
            return Ok(self.try_get::<_, Option<NaiveDate>>(idx)?);
        }
        // A date the statement computed as text (as SQLite's would be).
        match self.get_opt_str(idx)? {
            None => Ok(None),
            Some(text) => iso_date(text.as_bytes()).map(Some).ok_or_else(|| {
                self.bad_value(idx, format!("{text:?} is not a YYYY-MM-DD date").into())
            }),
        }
    }

    fn get_bool(&self, idx: usize) -> StoreResult<bool> {
        match type_of(self, idx) {
            Some(&Type::BOOL) => Ok(self.try_get::<_, bool>(idx)?),
            _ => Ok(self.get_i64(idx)? != 0),
        }
    }

    fn get_bytes(&self, idx: usize) -> StoreResult<&[u8]> {
        match type_of(self, idx) {
            Some(&Type::BYTEA) => Ok(self.try_get::<_, &[u8]>(idx)?),
            _ => Ok(self.get_str(idx)?.as_bytes()),
        }
    }

    fn bad_value(&self, idx: usize, why: ConvertError) -> StoreError {
        StoreError::Backend { kind: BackendKind::Other, message: format!("column {idx}: {why}") }
    }

    fn unexpected_null(&self, idx: usize, what: &str) -> StoreError {
        StoreError::Backend {
            kind: BackendKind::Other,
            message: format!("column {idx}: expected {what}, found null"),
        }
    }
}

/// Whether `error` says the connection went away rather than that a statement failed: the
/// session was ended (`57P0x`: shut down, terminated, idle too long), the connection broke
/// (class `08`), or the socket closed or failed.
fn is_connection_lost(error: &postgres::Error) -> bool {
    if let Some(db) = error.as_db_error() {
        let code = db.code().code();
        return code.starts_with("57P") || code.starts_with("08") || code == "25P03";
    }
    error.is_closed()
        || error.source().is_some_and(|cause| cause.downcast_ref::<std::io::Error>().is_some())
}

impl From<postgres::Error> for StoreError {
    fn from(error: postgres::Error) -> Self {
        use postgres::error::SqlState;
        if is_connection_lost(&error) {
            let reason = error.as_db_error().map_or_else(
                || error.source().map_or_else(|| error.to_string(), ToString::to_string),
                |db| db.message().to_owned(),
            );
            return Self::ConnectionLost { reason };
        }
        if let Some(db) = error.as_db_error() {
            let code = db.code();
            if *code == SqlState::LOCK_NOT_AVAILABLE
                || *code == SqlState::T_R_DEADLOCK_DETECTED
                || *code == SqlState::T_R_SERIALIZATION_FAILURE
            {
                return Self::Busy;
            }
            let kind = match &code.code()[..2] {
                // Integrity constraint violation; data exceptions (a value out of range).
                "23" | "22" => BackendKind::Constraint,
                "XX" => BackendKind::Corrupt,
                "53" | "58" | "08" => BackendKind::Io,
                _ => BackendKind::Other,
            };
            if let Some(message) = refusals::sqlite_words(db) {
                return Self::Backend { kind, message };
            }
            let mut message = db.message().to_owned();
            if let Some(detail) = db.detail() {
                message.push_str(": ");
                message.push_str(detail);
            }
            return Self::Backend { kind, message };
        }
        let kind = if error.is_closed() { BackendKind::Io } else { BackendKind::Other };
        // The library's own words ("error serializing parameter 1") say little without their
        // cause (the value that could not be sent, the socket that closed).
        let mut message = error.to_string();
        if let Some(cause) = error.source() {
            message.push_str(": ");
            message.push_str(&cause.to_string());
        }
        Self::Backend { kind, message }
    }
}
