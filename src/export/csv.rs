//! The CSV export: one row per account with its fields and score summary, for spreadsheets.
//!
//! The file is UTF-8 with a byte-order mark and CRLF line ends: Excel reads a file without the
//! mark in the system's legacy code page and garbles every accented name, while LibreOffice,
//! Google Sheets, Python's `utf-8-sig` and the `csv` crate all skip the mark.
//!
//! Text cells are made safe twice over (see [`safe_cell`]): characters that must never reach a
//! terminal or an export are removed, and a cell a spreadsheet would run as a formula is
//! neutralised. Numeric columns are written as plain numbers and left alone, so a negative
//! `delta_30` stays a number.

use std::borrow::Cow;
use std::io::Write;

use super::ExportError;
use crate::book::{BookEntry, ScoredBook};
use crate::domain::terminal_safe;
use crate::scoring::{Renewal, round_to_tenth};

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The columns, in order.
pub const HEADER: [&str; 27] = [
    "external_id",
    "name",
    "domain",
    "segment",
    "industry",
    "region",
    "owner",
    "arr",
    "seats_licensed",
    "contract_start",
    "renewal_date",
    "lifecycle_stage",
    "advocacy",
    "health",
    "band",
    "usage",
    "adoption",
    "support",
    "engagement",
    "delta_30",
    "signals",
    "expansion",
    "renewal_days",
    "renewal_phase",
    "open_todos",
    "overdue_todos",
    "attention",
];

/// The first characters that make a spreadsheet read a cell as a formula (OWASP's list).
fn starts_a_formula(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// A text cell as it may be written to a CSV export.
///
/// Control, bidi and zero-width characters are removed as for the terminal (tabs and line breaks
/// become spaces: an account's fields are one-line values). Then a cell that would start a
/// formula — its first character, after any leading spaces, is `=`, `+`, `-` or `@` — gets a
/// leading `'`, which spreadsheets read as "this is text" and do not display. Only text columns
/// go through here; a text value that merely looks negative (`-5`) is quoted like any other.
#[must_use]
pub fn safe_cell(text: &str) -> Cow<'_, str> {
    let clean = terminal_safe(text);
    // Leading spaces are checked past: some spreadsheets trim them before reading a formula.
    if clean.trim_start_matches(' ').starts_with(starts_a_formula) {
        return Cow::Owned(format!("'{clean}"));
    }
    clean
}

fn text(value: Option<&str>) -> String {
    value.map_or_else(String::new, |v| safe_cell(v).into_owned())
}

fn number<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(String::new, |v| v.to_string())
}

/// An amount in cents as currency units with two decimals: `1234.50`.
fn units(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Signal codes, `;`-joined: a comma would need quoting, and codes never contain `;`.
fn codes<'c>(codes: impl IntoIterator<Item = &'c str>) -> String {
    codes.into_iter().collect::<Vec<_>>().join(";")
}

fn row(entry: &BookEntry, as_of: chrono::NaiveDate) -> [String; HEADER.len()] {
    let (a, s) = (&entry.account, &entry.summary);
    let [usage, adoption, support, engagement] =
        s.components.map(|c| c.map_or_else(String::new, |v| format!("{:.1}", round_to_tenth(v))));
    let renewal = a.renewal_date.map(|date| Renewal::new(date, as_of));
    [
        safe_cell(&a.external_id).into_owned(),
        safe_cell(&a.name).into_owned(),
        text(a.domain.as_deref()),
        number(a.segment),
        text(a.industry.as_deref()),
        text(a.region.as_deref()),
        text(a.owner.as_deref()),
        units(a.arr_cents),
        number(a.seats_licensed),
        number(a.contract_start),
        number(a.renewal_date),
        text(a.lifecycle_stage.as_deref()),
        number(a.advocacy),
        number(s.health),
        s.band.to_string(),
        usage,
        adoption,
        support,
        engagement,
        number(s.delta),
        codes(s.signal_codes().into_iter().map(|c| c.code())),
        codes(s.expansion_codes().into_iter().map(|c| c.code())),
        number(renewal.map(|r| r.days)),
        number(renewal.map(|r| r.phase)),
        s.open_todos.to_string(),
        s.overdue_todos.to_string(),
        s.attention.to_string(),
    ]
}

/// A CSV writer as the export configures it, over `out`.
fn writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out)
}

/// Writes the CSV export of `book` to `out`: the byte-order mark, the header, then one row per
/// account in id order. Returns how many accounts it wrote.
///
/// # Errors
/// `out` could not be written.
pub fn csv(book: &ScoredBook, out: impl Write) -> Result<usize, ExportError> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    out.write_all(BOM)?;
    let mut csv = writer(out);
    csv.write_record(HEADER)?;
    for entry in &book.accounts {
        csv.write_record(row(entry, book.as_of))?;
    }
    csv.flush()?;
    Ok(book.accounts.len())
}

#[cfg(test)]
mod tests;
