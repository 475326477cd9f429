//! The SQLite half of the engine's adapter: parameters bound as SQLite values, SQLite rows read
//! through [`StoreRow`], and the three calls run on a connection (or a transaction, which is
//! one) with every statement kept prepared in the connection's cache. It must not know what
//! the statements say.

use chrono::NaiveDate;
use rusqlite::types::{ToSqlOutput, Type, ValueRef};

use super::iso_date;
use super::{Param, Row, StoreRow};
use crate::store::StoreResult;

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

/// Runs one statement; how many rows it changed.
pub(super) fn execute(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[Param<'_>],
) -> StoreResult<usize> {
    Ok(conn.prepare_cached(sql)?.execute(rusqlite::params_from_iter(params))?)
}

/// The first row of a query, mapped; `None` when there is none.
pub(super) fn query_one<T>(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[Param<'_>],
    map: impl FnOnce(&Row<'_>) -> StoreResult<T>,
) -> StoreResult<Option<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
    rows.next()?.map(|row| map(&Row::Sqlite(row))).transpose()
}

/// Every row of a query, each handed to `each` in the query's order.
pub(super) fn for_each_row(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[Param<'_>],
    mut each: impl FnMut(&Row<'_>) -> StoreResult<()>,
) -> StoreResult<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
    while let Some(row) = rows.next()? {
        each(&Row::Sqlite(row))?;
    }
    Ok(())
}
