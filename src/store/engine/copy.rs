//! Rows sent to a PostgreSQL book through `COPY … FROM STDIN` in the text format: the way to
//! write millions of rows (a year of usage) that a statement per row, or per hundred rows,
//! would spend on round trips. Each value is written as the text format wants it: escaped
//! (a tab, a newline or a backslash in a value would otherwise end a field or a row), `\N` for
//! a null. It must not know which rows are written nor why; the caller owns the transaction,
//! and a failed copy aborts it (the caller must not go on in it).

use std::io::Write as _;

use postgres::CopyInWriter;

use super::{Param, Postgres};
use crate::store::{BackendKind, StoreError, StoreResult};

/// Bytes gathered before they are sent: large enough that a write costs nothing per row.
const SEND_EVERY: usize = 1 << 20;

/// Where a copy's rows are written, one [`CopyRows::row`] at a time.
pub(in crate::store) struct CopyRows<'c> {
    writer: CopyInWriter<'c>,
    buffer: Vec<u8>,
    rows: u64,
}

impl Postgres {
    /// Copies the rows `fill` writes into `target` (`table (column, …)`), inside the open
    /// transaction; how many rows the server took. A value the column refuses (a missing
    /// account, a broken CHECK) fails the whole copy with the server's words.
    pub(in crate::store) fn copy_rows(
        &self,
        target: &str,
        fill: impl FnOnce(&mut CopyRows<'_>) -> StoreResult<()>,
    ) -> StoreResult<u64> {
        let mut client = self.client()?;
        let writer = client.copy_in(&format!("COPY {target} FROM STDIN"))?;
        let mut rows = CopyRows { writer, buffer: Vec::with_capacity(SEND_EVERY * 2), rows: 0 };
        // Dropping the writer unfinished (fill failed) aborts the copy.
        fill(&mut rows)?;
        rows.send()?;
        let sent = rows.rows;
        let taken = rows.writer.finish()?;
        debug_assert_eq!(taken, sent, "the server took every row sent");
        Ok(taken)
    }
}

impl CopyRows<'_> {
    /// Writes one row of values, in the order of the target's columns.
    ///
    /// # Errors
    /// The connection failed while the rows were sent.
    pub(in crate::store) fn row(&mut self, values: &[Param<'_>]) -> StoreResult<()> {
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                self.buffer.push(b'\t');
            }
            write_value(&mut self.buffer, value);
        }
        self.buffer.push(b'\n');
        self.rows += 1;
        if self.buffer.len() >= SEND_EVERY {
            self.send()?;
        }
        Ok(())
    }

    fn send(&mut self) -> StoreResult<()> {
        if !self.buffer.is_empty() {
            self.writer.write_all(&self.buffer).map_err(copy_failed)?;
            self.buffer.clear();
        }
        Ok(())
    }
}

/// A write of the copy's rows that failed: the connection is gone or the server refused them.
fn copy_failed(error: std::io::Error) -> StoreError {
    StoreError::Backend { kind: BackendKind::Io, message: format!("copying rows: {error}") }
}

/// One value as the text format of `COPY` reads it.
fn write_value(out: &mut Vec<u8>, value: &Param<'_>) {
    // Writing to a vector cannot fail.
    let _ = match *value {
        Param::Null => {
            out.extend_from_slice(b"\\N");
            Ok(())
        }
        Param::Int(v) => write!(out, "{v}"),
        Param::Real(v) => write!(out, "{v:?}"),
        Param::Bool(v) => {
            out.push(if v { b't' } else { b'f' });
            Ok(())
        }
        Param::Date(v) => {
            out.extend_from_slice(v.text().as_bytes());
            Ok(())
        }
        Param::Text(v) => {
            escape(out, v.as_bytes());
            Ok(())
        }
        Param::Bytes(v) => {
            // bytea's hex form, its backslash escaped for the copy.
            out.extend_from_slice(b"\\\\x");
            v.iter().try_for_each(|byte| write!(out, "{byte:02x}"))
        }
    };
}

/// Text with the characters the format gives a meaning escaped: backslash, and the control
/// characters that end a field or a row.
fn escape(out: &mut Vec<u8>, text: &[u8]) {
    for &byte in text {
        match byte {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(byte),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{Param, Postgres, write_value};
    use crate::store::engine::{Conn, IsoDate, StoreRow as _};

    fn line(values: &[Param<'_>]) -> String {
        let mut out = Vec::new();
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                out.push(b'\t');
            }
            write_value(&mut out, value);
        }
        String::from_utf8(out).expect("text")
    }

    #[test]
    fn values_are_written_as_the_text_format_reads_them() {
        let day = IsoDate::new(NaiveDate::from_ymd_opt(2026, 3, 5).expect("day"));
        let fields = line(&[
            Param::Int(-7),
            Param::Null,
            Param::Date(day),
            Param::Bool(true),
            Param::Real(2.5),
            Param::Text("a\tb\nc\\d\re"),
            Param::Bytes(&[0, 255]),
        ]);
        assert_eq!(fields, "-7\t\\N\t2026-03-05\tt\t2.5\ta\\tb\\nc\\\\d\\re\t\\\\x00ff");
    }

    /// Names holding the format's own characters (a tab, a newline, a backslash, `\N`) come
    /// back as they were sent, and a null as a null.
    #[test]
    fn awkward_text_survives_the_copy() {
        let Some(db) = crate::test_support::postgres::database("copy_text") else { return };
        let mut client = db.connect();
        client
            .batch_execute("CREATE TABLE t (i bigint, s text, d date, x bytea, r double precision)")
            .expect("table");
        let pg = Postgres::new(client);
        let names = ["tab\there", "line\nbreak", "back\\slash", "\\N", "cr\rlf\r\n", "plain é"];
        let day = IsoDate::new(NaiveDate::from_ymd_opt(2026, 1, 2).expect("day"));
        let taken = pg
            .copy_rows("t (i, s, d, x, r)", |rows| {
                for (i, name) in (0_i64..).zip(names) {
                    let bytes = name.as_bytes();
                    rows.row(&[
                        Param::Int(i),
                        Param::Text(name),
                        Param::Date(day),
                        Param::Bytes(bytes),
                        Param::Real(0.1),
                    ])?;
                }
                rows.row(&[Param::Int(99), Param::Null, Param::Null, Param::Null, Param::Null])
            })
            .expect("copied");
        assert_eq!(taken, names.len() as u64 + 1);
        let back = Conn::Postgres(&pg)
            .query_rows("SELECT s, d, x, r FROM t ORDER BY i", &[], |r| {
                Ok((r.get_opt_string(0)?, r.get_opt_date(1)?, r.get_opt_f64(3)?, {
                    r.get_opt_str(0)?.map(|_| r.get_bytes(2).map(<[u8]>::to_vec)).transpose()?
                }))
            })
            .expect("read");
        for (row, name) in back.iter().zip(names) {
            assert_eq!(row.0.as_deref(), Some(name));
            assert_eq!(row.1, NaiveDate::from_ymd_opt(2026, 1, 2));
            assert_eq!(row.2, Some(0.1));
            assert_eq!(row.3.as_deref(), Some(name.as_bytes()));
        }
        assert_eq!(back.last(), Some(&(None, None, None, None)));
    }

    /// A row the table refuses fails the copy, told as SQLite tells the same refusal.
    #[test]
    fn a_refused_row_fails_the_copy() {
        let Some(db) = crate::test_support::postgres::database("copy_refused") else { return };
        let mut client = db.connect();
        client.batch_execute("CREATE TABLE t (i bigint CHECK (i >= 0))").expect("table");
        let pg = Postgres::new(client);
        let refused = pg
            .copy_rows("t (i)", |rows| {
                rows.row(&[Param::Int(1)])?;
                rows.row(&[Param::Int(-1)])
            })
            .expect_err("refused");
        assert!(refused.to_string().starts_with("store: CHECK constraint failed"), "{refused}");
    }
}
