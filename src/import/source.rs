//! Reading one import file into rows of text cells (SPEC 7, Files): the encoding, CSV (comma,
//! semicolon or tab separated) or JSON lines, the delimiter, quoting, extra header rows and
//! report footers, each row with the physical line it starts on. It reads bytes and hands out
//! text; it must not match headers, parse values or touch the store.
//!
//! The file is streamed, never held whole: a pass reads it through a window of a record or two
//! ([`tape`]). A CSV row is read into one reused record whose cells borrow a single buffer, so a
//! file of millions of rows costs no allocation per row. Rows always have as many cells as the header:
//! extra trailing cells that are empty (a spreadsheet's habit) are dropped, any other difference
//! is an error. Rows whose every cell is blank are skipped. Cells are handed out as the file has
//! them (not trimmed); headers are trimmed.

mod csv;
mod head;
mod joined;
mod json;
mod tape;
#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_bounded;
mod text;

use std::io;
use std::mem;
use std::str::FromStr;

use ::csv::StringRecord;

use self::csv::{CsvRows, decode_header};
use super::Problem;
use super::file::Input;
use head::Head;
use tape::MAX_ROW_BYTES;
use text::Form;
pub use text::Text;

/// The longest field read; a longer one is an error (a runaway quote or a file that is not CSV).
pub const MAX_FIELD_BYTES: usize = 1 << 20;

/// How many characters of an oversized field or an undecodable cell a message quotes.
const QUOTED_CHARS: usize = 20;

/// How the file's bytes are turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf8,
    /// Classic Salesforce reports and Excel "CSV" on Windows.
    Windows1252,
}

impl FromStr for Encoding {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Ok(Self::Utf8),
            // WHATWG reads latin1 labels as windows-1252, a superset of its printable characters.
            "windows-1252" | "cp1252" | "latin1" | "iso-8859-1" => Ok(Self::Windows1252),
            _ => Err(format!(
                "unknown encoding {s:?}; one of utf-8, windows-1252 \
                 (UTF-16 is told by its byte-order mark)"
            )),
        }
    }
}

/// What the file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv { delimiter: u8 },
    JsonLines,
}

/// One data row: its cells, in header order, and where it is in the file.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    line: usize,
    record: &'a StringRecord,
    /// Whether the cells are the file's own text, whose line breaks are the file's lines (CSV);
    /// a JSON line's cells are decoded values, whose `\n` escapes break no line of the file.
    spans_lines: bool,
}

impl<'a> Row<'a> {
    /// The physical line the row starts on (the header is line 1).
    #[must_use]
    pub fn line(&self) -> usize {
        self.line
    }

    /// The cell in column `index` ("" past the last column, which a row never is).
    #[must_use]
    pub fn cell(&self, index: usize) -> &'a str {
        self.record.get(index).unwrap_or("")
    }

    /// The row, unless a cell holds a NUL character: then the problem, on that cell's line and
    /// column. csm stores no NULs: a PostgreSQL book refuses them in text, a book must read the
    /// same on both engines, and no export holds one (a file that does is binary, or UTF-16
    /// saved without its byte-order mark, which is told before any row is read).
    fn without_nul(self, headers: &[String]) -> Result<Self, Problem> {
        let Some((index, at)) =
            self.record.iter().enumerate().find_map(|(i, cell)| Some((i, cell.find('\0')?)))
        else {
            return Ok(self);
        };
        let before = &self.cell(index)[..at];
        let tail: String =
            before.chars().rev().take(QUOTED_CHARS).collect::<Vec<_>>().into_iter().rev().collect();
        Err(Problem::cell(
            self.line_within(index, before),
            column_name(headers, index),
            format!(
                "a NUL character (byte 0x00) after {tail:?}: csm stores no NULs; the file may be \
                 binary rather than text"
            ),
        ))
    }

    /// The physical line cell `index` starts on: the row's line plus the newlines inside the
    /// quoted cells before it.
    #[must_use]
    pub fn line_of(&self, index: usize) -> usize {
        if !self.spans_lines {
            return self.line;
        }
        let start = self.record.range(index).map_or(0, |r| r.start);
        self.line + line_breaks(&self.record.as_slice().as_bytes()[..start])
    }

    /// The physical line of the text `before` that starts cell `index` (a part of it).
    fn line_within(&self, index: usize, before: &str) -> usize {
        let breaks = if self.spans_lines { line_breaks(before.as_bytes()) } else { 0 };
        self.line_of(index) + breaks
    }

    /// The cells in header order.
    pub fn cells(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.record.iter()
    }

    /// The number of cells, always the number of headers.
    #[must_use]
    pub fn len(&self) -> usize {
        self.record.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.record.is_empty()
    }
}

/// A file opened for reading: its headers are known, its rows come one at a time.
pub struct Source {
    input: Input,
    form: Form,
    headers: Vec<String>,
    labels: Vec<String>,
    header_line: usize,
    format: Format,
    rows: Rows,
}

enum Rows {
    Csv(CsvRows),
    Json(json::JsonRows),
}

impl Source {
    /// Reads the header of `input`: skips a BOM, tells JSON lines (the first non-blank byte is
    /// `{`) from CSV, the delimiter (tab for a `.tsv` or `.tab` name, else whichever of comma,
    /// semicolon and tab the header line has most of outside quotes), and skips the extra
    /// header rows of Qualtrics and SurveyMonkey exports.
    ///
    /// # Errors
    /// An empty file, a header that cannot be read, or JSON lines of which none is an object.
    pub fn open(input: impl Into<Input>, encoding: Encoding) -> Result<Self, Problem> {
        let input = input.into();
        let form = Form::of(&input).map_err(|e| unreadable(&e))?;
        if let Some(order) = Form::bomless_utf16(&input).map_err(|e| unreadable(&e))? {
            return Err(Problem::file(format!(
                "the file is UTF-16 ({order}) without a byte-order mark; save it again as UTF-8, \
                 or as Excel's \"Unicode text\" (UTF-16 with its mark), which are read"
            )));
        }
        // UTF-16 is read as UTF-8, whatever encoding was asked for.
        let encoding = if form == Form::Bytes { encoding } else { Encoding::Utf8 };
        let head = Head::read(form.text(&input)).map_err(|e| unreadable(&e))?;
        match head.first {
            None => Err(Problem::file("the file is empty: it has no header row")),
            Some(b'{') => Self::open_json(input, form, head.start, encoding),
            Some(_) => {
                let delimiter = if input.named_tab_separated() { b'\t' } else { head.delimiter };
                Self::open_csv(input, form, head.start, delimiter, encoding)
            }
        }
    }

    fn open_json(
        input: Input,
        form: Form,
        start: usize,
        encoding: Encoding,
    ) -> Result<Self, Problem> {
        let (headers, rows) =
            json::JsonRows::open(&input, form, start, encoding).map_err(|e| unreadable(&e))?;
        if let Some(problem) = rows.unreadable(&headers) {
            return Err(problem);
        }
        Ok(Self {
            input,
            form,
            headers,
            labels: Vec::new(),
            header_line: 0,
            format: Format::JsonLines,
            rows: Rows::Json(rows),
        })
    }

    fn open_csv(
        input: Input,
        form: Form,
        start: usize,
        delimiter: u8,
        encoding: Encoding,
    ) -> Result<Self, Problem> {
        let mut rows = CsvRows::new(form.text(&input), start, delimiter, encoding)
            .map_err(|e| unreadable(&e))?;
        let header_line = rows
            .next_filled()?
            .ok_or_else(|| Problem::file("the file is empty: it has no header row"))?;
        let header = mem::take(&mut rows.raw);
        let mut headers = decode_header(&header, encoding, header_line)?;
        let labels = rows.skip_extra_header_rows(&mut headers);
        rows.width = headers.len();
        Ok(Self {
            input,
            form,
            headers,
            labels,
            header_line,
            format: Format::Csv { delimiter },
            rows: Rows::Csv(rows),
        })
    }

    /// The headers as the file spells them, trimmed. For JSON lines, the union of the keys in
    /// first-seen order, nested objects flattened with dots (`satisfaction_rating.score`). For
    /// SurveyMonkey, the question row, where an empty cell (a further answer of the question to
    /// its left) becomes `question - label`.
    #[must_use]
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The second header row of a survey export, one per header, for matching columns whose
    /// names say nothing (Qualtrics `Q2` is "Why did you give that score?"; a SurveyMonkey
    /// answer is `Response` or `Open-Ended Response`). Empty for other files.
    #[must_use]
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The physical line of the header used (1 unless blank lines precede it; 0 for JSON lines,
    /// which have no header line).
    #[must_use]
    pub fn header_line(&self) -> usize {
        self.header_line
    }

    #[must_use]
    pub fn format(&self) -> Format {
        self.format
    }

    /// The file, as given to [`Source::open`], to read it again from the start.
    #[must_use]
    pub fn input(&self) -> &Input {
        &self.input
    }

    /// A new pass over the file's text from its start (UTF-16 as UTF-8), for a look at its
    /// bytes beside the rows.
    #[must_use]
    pub fn text(&self) -> Text {
        self.form.text(&self.input)
    }

    /// The bytes this source holds in buffers of its own, to show they stay bounded.
    #[cfg(test)]
    fn held(&self) -> usize {
        match &self.rows {
            Rows::Csv(rows) => rows.tape().held() + rows.raw.as_slice().len(),
            Rows::Json(rows) => rows.held(),
        }
    }

    /// How many bytes of the file are read so far.
    #[must_use]
    pub fn position(&self) -> u64 {
        let read = match &self.rows {
            Rows::Csv(rows) => rows.base as u64 + rows.reader.position().byte(),
            Rows::Json(rows) => rows.position() as u64,
        };
        // Positions count the text read: UTF-16 takes about two bytes of the file for each.
        match self.form {
            Form::Bytes => read,
            Form::Utf16(_) => (2 * read).min(self.input.len()),
        }
    }

    /// The next data row, or the problem that makes it unreadable; `None` at the end.
    /// Reading goes on after a problem, except after an unterminated quote (which swallowed the
    /// rest of the file).
    pub fn next_row(&mut self) -> Option<Result<Row<'_>, Problem>> {
        let row = match &mut self.rows {
            Rows::Csv(rows) => rows.next_row(&self.headers),
            Rows::Json(rows) => rows.next_row(),
        };
        Some(row?.and_then(|row| row.without_nul(&self.headers)))
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A file that could not be read to its end, as a problem of the file.
fn unreadable(err: &io::Error) -> Problem {
    Problem::file(format!("cannot read the file: {err}"))
}

fn invalid_utf8_reason(cell: &[u8], valid: usize) -> String {
    let before = String::from_utf8_lossy(&cell[..valid]);
    let tail: String =
        before.chars().rev().take(QUOTED_CHARS).collect::<Vec<_>>().into_iter().rev().collect();
    format!(
        "invalid UTF-8: byte 0x{:02X} after {tail:?}; a file saved as windows-1252 reads with --encoding windows-1252",
        cell.get(valid).copied().unwrap_or_default()
    )
}

/// The name of column `index` as the file's header spells it, or its number past the header.
fn column_name(headers: &[String], index: usize) -> String {
    headers.get(index).cloned().unwrap_or_else(|| format!("column {}", index + 1))
}

/// Whether the byte at `at` ends a line: an LF, or a CR not followed by an LF (a CRLF ends its
/// line at the LF), so that CR, LF and CRLF files number their lines alike.
fn is_line_break(bytes: &[u8], at: usize) -> bool {
    match bytes.get(at) {
        Some(b'\n') => true,
        Some(b'\r') => bytes.get(at + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// The lines `bytes` ends: LFs, and CRs not followed by an LF.
fn line_breaks(bytes: &[u8]) -> usize {
    (0..bytes.len()).filter(|&at| is_line_break(bytes, at)).count()
}
