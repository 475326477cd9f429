//! The engine behind the store, and the few calls through which its ordinary statements run:
//! execute, one row, many rows, with parameters as [`Param`]s and rows read through
//! [`StoreRow`]. Row mappers and reads are written once against these; bulk load, schema,
//! maintenance and connection set-up stay per engine, in their own modules.
//!
//! It must not allocate per row or per value beyond what the caller keeps: a row is the
//! engine's own row behind a borrow, and a parameter borrows the caller's value.

use chrono::NaiveDate;
use rusqlite::types::{FromSqlError, ToSqlOutput, Type, ValueRef};

use super::rows::{IsoDate, iso_date};
use super::{StoreError, StoreResult};

/// The engine holding the book (SQLite only, for now).
pub(super) enum Backend {
    /// An open SQLite file (or a book in memory).
    Sqlite(rusqlite::Connection),
}

/// One value bound to a statement's `?N`, borrowed from the caller.
#[derive(Debug, Clone, Copy)]
pub(super) enum Param<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Date(IsoDate),
    Bool(bool),
    Bytes(&'a [u8]),
}

impl From<i64> for Param<'_> {
    fn from(value: i64) -> Self {
        Self::Int(value)
    }
}

impl From<f64> for Param<'_> {
    fn from(value: f64) -> Self {
        Self::Real(value)
    }
}

impl From<bool> for Param<'_> {
    fn from(value: bool) -> Self {
        Self::Bool(value)
    }
}

impl<'a> From<&'a str> for Param<'a> {
    fn from(value: &'a str) -> Self {
        Self::Text(value)
    }
}

impl<'a> From<&'a String> for Param<'a> {
    fn from(value: &'a String) -> Self {
        Self::Text(value)
    }
}

impl<'a> From<&'a [u8]> for Param<'a> {
    fn from(value: &'a [u8]) -> Self {
        Self::Bytes(value)
    }
}

impl From<NaiveDate> for Param<'_> {
    fn from(value: NaiveDate) -> Self {
        Self::Date(IsoDate::new(value))
    }
}

impl<'a, T: Into<Param<'a>>> From<Option<T>> for Param<'a> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Into::into)
    }
}

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Self::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Self::Int(v) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Self::Real(v) => ToSqlOutput::Borrowed(ValueRef::Real(*v)),
            Self::Text(v) => ToSqlOutput::Borrowed(ValueRef::Text(v.as_bytes())),
            Self::Date(v) => return v.to_sql(),
            Self::Bool(v) => ToSqlOutput::Borrowed(ValueRef::Integer(i64::from(*v))),
            Self::Bytes(v) => ToSqlOutput::Borrowed(ValueRef::Blob(v)),
        })
    }
}

/// The parameters of one statement, in `?1`, `?2`, … order: `sql_params![a, b]`.
macro_rules! sql_params {
    ($($value:expr),* $(,)?) => {
        &[$($crate::store::engine::Param::from($value)),*][..]
    };
}
pub(super) use sql_params;

/// A row as the mappers read it, whatever the engine: typed getters by column index. Text is
/// borrowed from the row so that a code can be parsed without an owned copy.
#[allow(dead_code, reason = "the getters the files still to convert read (reals, flags, blobs)")]
pub(super) trait StoreRow {
    /// What a getter fails with.
    type Error;
    fn get_i64(&self, idx: usize) -> Result<i64, Self::Error>;
    fn get_opt_i64(&self, idx: usize) -> Result<Option<i64>, Self::Error>;
    fn get_f64(&self, idx: usize) -> Result<f64, Self::Error>;
    fn get_opt_f64(&self, idx: usize) -> Result<Option<f64>, Self::Error>;
    fn get_str(&self, idx: usize) -> Result<&str, Self::Error>;
    fn get_opt_str(&self, idx: usize) -> Result<Option<&str>, Self::Error>;
    fn get_date(&self, idx: usize) -> Result<NaiveDate, Self::Error>;
    fn get_opt_date(&self, idx: usize) -> Result<Option<NaiveDate>, Self::Error>;
    fn get_bool(&self, idx: usize) -> Result<bool, Self::Error>;
    fn get_bytes(&self, idx: usize) -> Result<&[u8], Self::Error>;
    /// The error for a value the column holds but the mapper cannot take.
    fn bad_value(
        &self,
        idx: usize,
        why: Box<dyn std::error::Error + Send + Sync + 'static>,
    ) -> Self::Error;
    /// The error for a null where a value must be.
    fn unexpected_null(&self, idx: usize, what: &str) -> Self::Error;

    fn get_string(&self, idx: usize) -> Result<String, Self::Error> {
        self.get_str(idx).map(str::to_owned)
    }

    fn get_opt_string(&self, idx: usize) -> Result<Option<String>, Self::Error> {
        Ok(self.get_opt_str(idx)?.map(str::to_owned))
    }
}

impl StoreRow for rusqlite::Row<'_> {
    type Error = rusqlite::Error;

    fn get_i64(&self, idx: usize) -> rusqlite::Result<i64> {
        self.get(idx)
    }

    fn get_opt_i64(&self, idx: usize) -> rusqlite::Result<Option<i64>> {
        self.get(idx)
    }

    fn get_f64(&self, idx: usize) -> rusqlite::Result<f64> {
        self.get(idx)
    }

    fn get_opt_f64(&self, idx: usize) -> rusqlite::Result<Option<f64>> {
        self.get(idx)
    }

    fn get_str(&self, idx: usize) -> rusqlite::Result<&str> {
        self.get_opt_str(idx)?.ok_or_else(|| self.unexpected_null(idx, "text"))
    }

    fn get_opt_str(&self, idx: usize) -> rusqlite::Result<Option<&str>> {
        match self.get_ref(idx)? {
            ValueRef::Null => Ok(None),
            ValueRef::Text(text) => std::str::from_utf8(text)
                .map(Some)
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, e.into())),
            other => Err(rusqlite::Error::InvalidColumnType(idx, "text".into(), other.data_type())),
        }
    }

    fn get_date(&self, idx: usize) -> rusqlite::Result<NaiveDate> {
        self.get_opt_date(idx)?.ok_or_else(|| self.unexpected_null(idx, "date"))
    }

    /// Dates are ISO `YYYY-MM-DD` text in SQLite, read by the store's own parser.
    fn get_opt_date(&self, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
        match self.get_ref(idx)? {
            ValueRef::Null => Ok(None),
            ValueRef::Text(text) => iso_date(text).map(Some).ok_or_else(|| {
                let shown = String::from_utf8_lossy(text).into_owned();
                rusqlite::Error::FromSqlConversionFailure(
                    idx,
                    Type::Text,
                    format!("{shown:?} is not a YYYY-MM-DD date").into(),
                )
            }),
            other => Err(rusqlite::Error::InvalidColumnType(idx, "date".into(), other.data_type())),
        }
    }

    fn get_bool(&self, idx: usize) -> rusqlite::Result<bool> {
        self.get(idx)
    }

    fn get_bytes(&self, idx: usize) -> rusqlite::Result<&[u8]> {
        match self.get_ref(idx)? {
            ValueRef::Blob(bytes) | ValueRef::Text(bytes) => Ok(bytes),
            other => Err(rusqlite::Error::InvalidColumnType(idx, "blob".into(), other.data_type())),
        }
    }

    fn bad_value(
        &self,
        idx: usize,
        why: Box<dyn std::error::Error + Send + Sync + 'static>,
    ) -> rusqlite::Error {
        rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, why)
    }

    fn unexpected_null(&self, idx: usize, what: &str) -> rusqlite::Error {
        rusqlite::Error::InvalidColumnType(idx, what.into(), Type::Null)
    }
}

/// An integer too large for the field it is read into.
pub(super) fn out_of_range(value: i64) -> Box<dyn std::error::Error + Send + Sync + 'static> {
    Box::new(FromSqlError::OutOfRange(value))
}

/// A row handed to a mapper through [`Backend`]: the engine's row, with errors in the store's
/// words.
pub(super) struct Row<'a>(&'a rusqlite::Row<'a>);

/// Forwards each getter to the engine's row, converting its error.
macro_rules! forward {
    ($($name:ident -> $ty:ty),* $(,)?) => {
        $(fn $name(&self, idx: usize) -> StoreResult<$ty> {
            Ok(self.0.$name(idx)?)
        })*
    };
}

impl StoreRow for Row<'_> {
    type Error = StoreError;

    forward! {
        get_i64 -> i64, get_opt_i64 -> Option<i64>, get_f64 -> f64, get_opt_f64 -> Option<f64>,
        get_str -> &str, get_opt_str -> Option<&str>, get_date -> NaiveDate,
        get_opt_date -> Option<NaiveDate>, get_bool -> bool, get_bytes -> &[u8],
    }

    fn bad_value(
        &self,
        idx: usize,
        why: Box<dyn std::error::Error + Send + Sync + 'static>,
    ) -> StoreError {
        self.0.bad_value(idx, why).into()
    }

    fn unexpected_null(&self, idx: usize, what: &str) -> StoreError {
        self.0.unexpected_null(idx, what).into()
    }
}

/// How many prepared statements a connection keeps (see [`Backend::sqlite_over`]).
const STATEMENT_CACHE: usize = 64;

impl Backend {
    /// The engine over an SQLite connection. Every statement of the adapter is kept prepared
    /// in the connection's cache: it holds enough of them for the book-wide reads and the hot
    /// ones to stay side by side (SQLite's own default of 16 would have them push each other
    /// out).
    pub(super) fn sqlite_over(conn: rusqlite::Connection) -> Self {
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Self::Sqlite(conn)
    }

    /// The SQLite connection, for the modules that stay per engine (bulk load, schema,
    /// maintenance, set-up).
    pub(super) fn sqlite(&self) -> &rusqlite::Connection {
        match self {
            Self::Sqlite(conn) => conn,
        }
    }

    /// As [`Backend::sqlite`], to write.
    pub(super) fn sqlite_mut(&mut self) -> &mut rusqlite::Connection {
        match self {
            Self::Sqlite(conn) => conn,
        }
    }

    /// Runs one statement; how many rows it changed.
    #[allow(dead_code, reason = "the writes still to convert run through it")]
    pub(super) fn execute(&self, sql: &str, params: &[Param<'_>]) -> StoreResult<usize> {
        match self {
            Self::Sqlite(conn) => {
                Ok(conn.prepare_cached(sql)?.execute(rusqlite::params_from_iter(params))?)
            }
        }
    }

    /// The first row of a query, mapped; `None` when there is none.
    pub(super) fn query_one<T>(
        &self,
        sql: &str,
        params: &[Param<'_>],
        map: impl FnOnce(&Row<'_>) -> StoreResult<T>,
    ) -> StoreResult<Option<T>> {
        match self {
            Self::Sqlite(conn) => {
                let mut stmt = conn.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
                rows.next()?.map(|row| map(&Row(row))).transpose()
            }
        }
    }

    /// Every row of a query, mapped, in the query's order.
    pub(super) fn query_rows<T>(
        &self,
        sql: &str,
        params: &[Param<'_>],
        mut map: impl FnMut(&Row<'_>) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        match self {
            Self::Sqlite(conn) => {
                let mut stmt = conn.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    out.push(map(&Row(row))?);
                }
                Ok(out)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{Backend, StoreRow as _};
    use crate::store::{BackendKind, StoreError};

    fn backend() -> Backend {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (i INTEGER, r REAL, s TEXT, d TEXT, b INTEGER, x BLOB)")
            .unwrap();
        Backend::Sqlite(conn)
    }

    #[test]
    fn values_bound_as_params_read_back_through_the_row() {
        let db = backend();
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let name = String::from("Acme");
        let changed = db
            .execute(
                "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                sql_params![7_i64, 2.5_f64, &name, day, true, &b"raw"[..]],
            )
            .unwrap();
        assert_eq!(changed, 1);
        let row = db
            .query_one("SELECT i, r, s, d, b, x FROM t", &[], |r| {
                Ok((
                    r.get_i64(0)?,
                    r.get_f64(1)?,
                    r.get_string(2)?,
                    r.get_date(3)?,
                    r.get_bool(4)?,
                    r.get_bytes(5)?.to_vec(),
                ))
            })
            .unwrap();
        assert_eq!(row, Some((7, 2.5, name, day, true, b"raw".to_vec())));
        // The date went in as the ISO text SQLite compares and sorts.
        let text = db.query_one("SELECT d FROM t", &[], |r| r.get_string(0)).unwrap();
        assert_eq!(text.as_deref(), Some("2026-11-24"));
    }

    #[test]
    fn nulls_read_as_none_and_no_row_is_none() {
        let db = backend();
        let none: Option<i64> = None;
        db.execute(
            "INSERT INTO t (i, s, d) VALUES (?1, ?2, ?3)",
            sql_params![none, None::<&str>, None::<NaiveDate>],
        )
        .unwrap();
        let row = db
            .query_one("SELECT i, s, d, r FROM t", &[], |r| {
                Ok((
                    r.get_opt_i64(0)?,
                    r.get_opt_str(1)?.is_none(),
                    r.get_opt_date(2)?,
                    r.get_opt_f64(3)?,
                ))
            })
            .unwrap();
        assert_eq!(row, Some((None, true, None, None)));
        let missing =
            db.query_one("SELECT i FROM t WHERE i = ?1", sql_params![1_i64], |r| r.get_i64(0));
        assert_eq!(missing.unwrap(), None);
    }

    #[test]
    fn rows_come_in_order_and_a_bad_date_is_the_stores_error() {
        let db = backend();
        for (i, d) in [(2_i64, "2026-01-02"), (1, "2026-01-01"), (3, "2026-02-30")] {
            db.execute("INSERT INTO t (i, d) VALUES (?1, ?2)", sql_params![i, d]).unwrap();
        }
        let ids = db.query_rows("SELECT i FROM t ORDER BY i", &[], |r| r.get_i64(0)).unwrap();
        assert_eq!(ids, [1, 2, 3]);
        let err = db.query_rows("SELECT d FROM t ORDER BY i", &[], |r| r.get_date(0)).unwrap_err();
        assert!(
            matches!(&err, StoreError::Backend { kind: BackendKind::Other, message } if message.contains("2026-02-30")),
            "{err:?}"
        );
        let null = db.query_one("SELECT r FROM t", &[], |r| r.get_f64(0)).unwrap_err();
        assert!(matches!(null, StoreError::Backend { .. }), "{null:?}");
    }
}
