//! Reading one import file into rows of text cells (SPEC 7, Files): the encoding, CSV or JSON
//! lines, the delimiter, quoting, extra header rows and report footers, each row with the
//! physical line it starts on. It reads bytes and hands out text; it must not match headers,
//! parse values or touch the store.
//!
//! The file is streamed, never held whole: a pass reads it through a window of a record or two
//! ([`tape`]). A CSV row is read into one reused record whose cells borrow a single buffer, so a
//! file of millions of rows costs no allocation per row. Rows always have as many cells as the header:
//! extra trailing cells that are empty (a spreadsheet's habit) are dropped, any other difference
//! is an error. Rows whose every cell is blank are skipped. Cells are handed out as the file has
//! them (not trimmed); headers are trimmed.

mod head;
mod joined;
mod json;
mod tape;
#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_bounded;
mod text;

use std::collections::VecDeque;
use std::io::{self, Read as _};
use std::mem;
use std::str::FromStr;

use csv::{ByteRecord, StringRecord};

use super::Problem;
use super::file::Input;
use head::Head;
use tape::{MAX_ROW_BYTES, Tape};
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
            _ => Err(format!("unknown encoding {s:?}; one of utf-8, windows-1252")),
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

    /// The physical line cell `index` starts on: the row's line plus the newlines inside the
    /// quoted cells before it.
    #[must_use]
    pub fn line_of(&self, index: usize) -> usize {
        let start = self.record.range(index).map_or(0, |r| r.start);
        self.line + line_breaks(&self.record.as_slice().as_bytes()[..start])
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
    /// `{`) from CSV, a semicolon from a comma (whichever the header line has more of outside
    /// quotes), and skips the extra header rows of Qualtrics and SurveyMonkey exports.
    ///
    /// # Errors
    /// An empty file, a header that cannot be read, or JSON lines of which none is an object.
    pub fn open(input: impl Into<Input>, encoding: Encoding) -> Result<Self, Problem> {
        let input = input.into();
        let form = Form::of(&input).map_err(|e| unreadable(&e))?;
        // UTF-16 is read as UTF-8, whatever encoding was asked for.
        let encoding = if form == Form::Bytes { encoding } else { Encoding::Utf8 };
        let head = Head::read(form.text(&input)).map_err(|e| unreadable(&e))?;
        match head.first {
            None => Err(Problem::file("the file is empty: it has no header row")),
            Some(b'{') => Self::open_json(input, form, head.start, encoding),
            Some(_) => Self::open_csv(input, form, head.start, head.delimiter, encoding),
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
        match &mut self.rows {
            Rows::Csv(rows) => rows.next_row(&self.headers),
            Rows::Json(rows) => rows.next_row(),
        }
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A file that could not be read to its end, as a problem of the file.
fn unreadable(err: &io::Error) -> Problem {
    Problem::file(format!("cannot read the file: {err}"))
}

/// The CSV half of the reader: a `csv` reader over the file, and the record it reuses.
struct CsvRows {
    reader: csv::Reader<Tape>,
    /// Where the reader started in the file (after a BOM); its positions count from here.
    base: usize,
    delimiter: u8,
    encoding: Encoding,
    raw: ByteRecord,
    record: StringRecord,
    /// Records read while looking for extra header rows, with their lines (or the problem
    /// reading them), not yet handed out.
    pending: VecDeque<Result<(ByteRecord, usize), Problem>>,
    width: usize,
    in_footer: bool,
    finished: bool,
    /// Lines counted by hand from the first record after a lone CR ends a line (classic Mac
    /// exports): the `csv` reader counts LFs only, which would put every such row on line 1.
    lone_cr_lines: Option<LineCounter>,
    /// A byte offset and its line up to which the reader's count of lines is right (no lone
    /// CR before it): where the reader stood before the last record read while none was seen.
    /// Counting by hand starts from there.
    anchor: (usize, usize),
}

impl CsvRows {
    fn new(text: Text, start: usize, delimiter: u8, encoding: Encoding) -> io::Result<Self> {
        let mut tape = Tape::new(text);
        // The reader starts after a BOM.
        io::copy(&mut (&mut tape).take(start as u64), &mut io::sink())?;
        tape.keep_from(start as u64);
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .buffer_capacity(1 << 16)
            .from_reader(tape);
        Ok(Self {
            reader,
            base: start,
            delimiter,
            encoding,
            raw: ByteRecord::new(),
            record: StringRecord::new(),
            pending: VecDeque::new(),
            width: 0,
            in_footer: false,
            finished: false,
            lone_cr_lines: None,
            anchor: (start, 1),
        })
    }

    fn tape(&self) -> &Tape {
        self.reader.get_ref()
    }

    /// The physical line of the byte at `offset` (at or after the last record's start), which
    /// the `csv` reader puts on line `counted`.
    fn line_at(&mut self, offset: usize, counted: usize) -> usize {
        let (from, line) = self.anchor;
        if self.lone_cr_lines.is_none()
            && self.tape().lone_cr().is_some_and(|cr| cr < offset as u64)
        {
            self.lone_cr_lines = Some(LineCounter { at: from, line });
        }
        match self.lone_cr_lines.as_mut() {
            Some(lines) => lines.line_at(self.reader.get_ref(), offset),
            None => counted,
        }
    }

    fn next_row(&mut self, headers: &[String]) -> Option<Result<Row<'_>, Problem>> {
        // Take the buffer lent to the last row back, so the next read reuses its capacity.
        if self.encoding == Encoding::Utf8 && !self.record.is_empty() {
            self.raw = mem::take(&mut self.record).into_byte_record();
        }
        let line = loop {
            match self.next_filled() {
                Err(problem) => return Some(Err(problem)),
                Ok(None) => return None,
                Ok(Some(line)) if !self.is_footer() => break line,
                Ok(Some(_)) => {}
            }
        };
        if let Err(problem) = self.check_shape(line, headers) {
            return Some(Err(problem));
        }
        if let Err(problem) = self.decode(line, headers) {
            return Some(Err(problem));
        }
        joined::remove_boms(&mut self.record);
        if let Some(problem) = joined::repeated_header(&self.record, headers, line) {
            return Some(Err(problem));
        }
        Some(Ok(Row { line, record: &self.record }))
    }

    /// Reads into `raw` the next record with a non-blank cell; its line, or `None` at the end.
    fn next_filled(&mut self) -> Result<Option<usize>, Problem> {
        if let Some(pending) = self.pending.pop_front() {
            let (record, line) = pending?;
            self.raw = record;
            return Ok(Some(line));
        }
        self.read_filled()
    }

    /// Like `next_filled`, from the file only.
    fn read_filled(&mut self) -> Result<Option<usize>, Problem> {
        loop {
            let line = self.read_record()?;
            if line.is_none() || !is_blank(&self.raw) {
                return Ok(line);
            }
        }
    }

    fn read_record(&mut self) -> Result<Option<usize>, Problem> {
        if self.finished {
            return Ok(None);
        }
        let position = self.reader.position();
        let before = (self.base + position.byte() as usize, position.line() as usize);
        let tape = self.reader.get_ref();
        if tape.lone_cr().is_none() && tape.scanned_for_cr() >= before.0 as u64 {
            self.anchor = before;
        }
        // Bytes before the record to read (or before where lines are counted from) are not
        // looked at again.
        let from = self.lone_cr_lines.as_ref().map_or(self.anchor.0, |lines| lines.at);
        self.reader.get_mut().keep_from(from.min(before.0) as u64);
        match self.reader.read_byte_record(&mut self.raw) {
            Ok(true) => {}
            Ok(false) => {
                self.finished = true;
                return Ok(None);
            }
            Err(err) => {
                self.finished = true;
                if self.tape().too_long() {
                    return Err(self.row_too_long(before));
                }
                let at = self.base + self.reader.position().byte() as usize;
                let line = self.line_at(at, self.reader.position().line() as usize);
                return Err(Problem::line(line, err.to_string()));
            }
        }
        let (start, line) = self.record_start();
        self.check_quotes(start, line)?;
        Ok(Some(line))
    }

    /// Where the record just read starts, in bytes and physical lines. The reader dates a record
    /// from the end of the one before, so blank lines and a CRLF's LF are stepped over here.
    fn record_start(&mut self) -> (usize, usize) {
        let (byte, line) = self.raw.position().map_or((0, 1), |p| (p.byte(), p.line()));
        self.past_line_ends((self.base + byte as usize, line as usize))
    }

    /// The first byte from `at` (a byte offset and the reader's line for it) that does not end
    /// a line, and its physical line.
    fn past_line_ends(&mut self, (mut start, mut line): (usize, usize)) -> (usize, usize) {
        let tape = self.tape();
        while let Some(b'\r' | b'\n') = tape.byte(start as u64) {
            line += usize::from(is_line_break(tape.slice(start as u64, start as u64 + 2), 0));
            start += 1;
        }
        (start, self.line_at(start, line))
    }

    /// The problem of a row that ran past [`MAX_ROW_BYTES`] from `before` (where the reader
    /// stood, and its line): most likely a quote left open, said where it opens.
    fn row_too_long(&mut self, before: (usize, usize)) -> Problem {
        let (start, line) = self.past_line_ends(before);
        let quoting = quoting(self.tape().slice(start as u64, u64::MAX), self.delimiter);
        let limit = MAX_ROW_BYTES >> 20;
        match quoting {
            Quoting::Unterminated { opened } => Problem::line(
                line + opened,
                format!(
                    "unterminated quote: the quoted field that opens on this line runs on past \
                     {limit} MiB"
                ),
            ),
            _ => Problem::line(line, format!("a row of more than {limit} MiB")),
        }
    }

    /// The `csv` reader ends a quoted field that never closes at the end of the file without a
    /// word, and reads on after a quote that closes mid-cell; both mean a quote left open, so
    /// the last record, and any record spanning lines, is read again by hand.
    fn check_quotes(&mut self, start: usize, line: usize) -> Result<(), Problem> {
        let mut end = (self.base + self.reader.position().byte() as usize) as u64;
        let spans_lines = self.raw.as_slice().iter().any(|b| matches!(b, b'\n' | b'\r'));
        // Only the last record is looked at past its end, and only when the next byte is blank.
        let next_blank = self.tape().byte(end).is_none_or(|b| b.is_ascii_whitespace());
        if next_blank && self.reader.get_mut().rest_is_blank(end).unwrap_or(false) {
            end = u64::MAX;
        } else if !spans_lines {
            return Ok(());
        }
        let record = self.tape().slice(start as u64, end);
        let problem = match quoting(record, self.delimiter) {
            Quoting::Sound => return Ok(()),
            Quoting::Unterminated { opened } => Problem::line(
                line + opened,
                "unterminated quote: the quoted field that opens on this line never closes",
            ),
            Quoting::ClosedMidCell { opened, closed } => Problem::line(
                line + opened,
                format!(
                    "a quoted field opens on this line and closes inside a cell on line {}: \
                     a quote is left open, or not doubled",
                    line + closed
                ),
            ),
        };
        // The rest of the file was read as this record: nothing after it can be trusted.
        self.finished = true;
        Err(problem)
    }

    /// A line of a Salesforce report footer: a one-cell line in a wider file, from the first
    /// one that looks like a footer (`Grand Totals (N records)`, `Confidential Information…`) on.
    fn is_footer(&mut self) -> bool {
        if self.width < 2 || self.raw.len() != 1 {
            return false;
        }
        if !self.in_footer {
            let text = self.raw.get(0).unwrap_or_default().trim_ascii().to_ascii_lowercase();
            self.in_footer = FOOTER_STARTS.iter().any(|start| text.starts_with(start.as_bytes()));
        }
        self.in_footer
    }

    fn check_shape(&mut self, line: usize, headers: &[String]) -> Result<(), Problem> {
        let cells = self.raw.len();
        if cells > self.width && self.raw.iter().skip(self.width).all(|c| c.trim_ascii().is_empty())
        {
            self.raw.truncate(self.width);
        } else if cells != self.width {
            let noun = if cells == 1 { "cell" } else { "cells" };
            let reason = format!("{cells} {noun}, but the header has {}", self.width);
            return Err(Problem::line(line, reason));
        }
        if self.raw.as_slice().len() <= MAX_FIELD_BYTES {
            return Ok(());
        }
        match self.raw.iter().position(|cell| cell.len() > MAX_FIELD_BYTES) {
            None => Ok(()),
            Some(index) => Err(self.oversized(line, index, headers)),
        }
    }

    fn oversized(&self, line: usize, index: usize, headers: &[String]) -> Problem {
        let cell = self.raw.get(index).unwrap_or_default();
        let head = decode_lossy(&cell[..cell.len().min(4 * QUOTED_CHARS)], self.encoding);
        let reason = format!(
            "a field of {} bytes, over the limit of 1 MiB (it starts {:?}); is a quote left open?",
            cell.len(),
            head.chars().take(QUOTED_CHARS).collect::<String>()
        );
        Problem::cell(self.line_of(line, index), column_name(headers, index), reason)
    }

    /// Turns `raw` into text in `record`.
    fn decode(&mut self, line: usize, headers: &[String]) -> Result<(), Problem> {
        match self.encoding {
            Encoding::Utf8 => match StringRecord::from_byte_record(mem::take(&mut self.raw)) {
                Ok(record) => self.record = record,
                Err(err) => {
                    let (index, valid) = (err.utf8_error().field(), err.utf8_error().valid_up_to());
                    self.raw = err.into_byte_record();
                    return Err(self.invalid_utf8(line, index, valid, headers));
                }
            },
            Encoding::Windows1252 => {
                self.record.clear();
                for cell in &self.raw {
                    self.record
                        .push_field(&encoding_rs::WINDOWS_1252.decode_without_bom_handling(cell).0);
                }
            }
        }
        Ok(())
    }

    fn invalid_utf8(&self, line: usize, index: usize, valid: usize, headers: &[String]) -> Problem {
        let cell = self.raw.get(index).unwrap_or_default();
        let line = self.line_of(line, index) + line_breaks(&cell[..valid]);
        Problem::cell(line, column_name(headers, index), invalid_utf8_reason(cell, valid))
    }

    /// The physical line cell `index` of `raw` starts on.
    fn line_of(&self, line: usize, index: usize) -> usize {
        let start = self.raw.range(index).map_or(0, |r| r.start);
        line + line_breaks(&self.raw.as_slice()[..start])
    }

    /// Reads the rows after the header that are more header (Qualtrics' question text and
    /// import ids, SurveyMonkey's answer labels), folds them into `headers` and returns the
    /// labels; rows that are data are kept for `next_row`.
    fn skip_extra_header_rows(&mut self, headers: &mut [String]) -> Vec<String> {
        for _ in 0..2 {
            match self.read_filled() {
                Ok(None) => break,
                Ok(Some(line)) => self.pending.push_back(Ok((mem::take(&mut self.raw), line))),
                // Told when its row is asked for, as any other.
                Err(problem) => self.pending.push_back(Err(problem)),
            }
        }
        let row = |rows: &Self, i: usize| match rows.pending.get(i) {
            Some(Ok((record, _))) => Some(decode_row(record, rows.encoding)),
            _ => None,
        };
        let (second, third) = (row(self, 0), row(self, 1));
        let starts_import_ids = |cells: &Option<Vec<String>>| {
            cells.as_ref().and_then(|c| c.first()).is_some_and(|c| c.starts_with("{\"ImportId\""))
        };
        let (skip, labels) = if starts_import_ids(&third) {
            (2, second.unwrap_or_default())
        } else if starts_import_ids(&second) {
            (1, Vec::new())
        } else if is_surveymonkey_labels(headers, second.as_deref()) {
            let labels = second.unwrap_or_default();
            name_further_answers(headers, &labels);
            (1, labels)
        } else {
            (0, Vec::new())
        };
        self.pending.drain(..skip);
        padded(labels, headers.len())
    }
}

/// Starts of the lines of a Salesforce report footer, lower-cased.
const FOOTER_STARTS: [&str; 6] = [
    "grand total",
    "generated by",
    "confidential information",
    "copyright (c)",
    "copyright ©",
    "filtered by",
];

/// SurveyMonkey's second header row: the first columns (`Respondent ID`…) are blank in it and
/// never blank in a response.
fn is_surveymonkey_labels(headers: &[String], second: Option<&[String]>) -> bool {
    let Some(second) = second else { return false };
    let respondent =
        headers.first().is_some_and(|h| super::headers::normalize(h) == "respondentid");
    respondent
        && second.first().is_some_and(String::is_empty)
        && second.iter().any(|c| !c.is_empty())
}

/// A SurveyMonkey question with several answers has its text over the first answer only; the
/// others get `question - label` so that each column has a name.
fn name_further_answers(headers: &mut [String], labels: &[String]) {
    let mut question = String::new();
    for (header, label) in headers.iter_mut().zip(labels) {
        if !header.is_empty() {
            question.clone_from(header);
        } else if !label.is_empty() {
            *header =
                if question.is_empty() { label.clone() } else { format!("{question} - {label}") };
        }
    }
}

fn padded(mut labels: Vec<String>, len: usize) -> Vec<String> {
    if !labels.is_empty() {
        labels.resize(len, String::new());
    }
    labels
}

fn decode_header(
    record: &ByteRecord,
    encoding: Encoding,
    line: usize,
) -> Result<Vec<String>, Problem> {
    let mut headers = Vec::with_capacity(record.len());
    for cell in record {
        let text = match encoding {
            Encoding::Utf8 => std::str::from_utf8(cell).map_err(|err| {
                Problem::line(
                    line,
                    format!("header: {}", invalid_utf8_reason(cell, err.valid_up_to())),
                )
            })?,
            Encoding::Windows1252 => &encoding_rs::WINDOWS_1252.decode_without_bom_handling(cell).0,
        };
        headers.push(joined::clean_header(text));
    }
    Ok(headers)
}

/// A header row as trimmed text, undecodable bytes replaced (it is only looked at).
fn decode_row(record: &ByteRecord, encoding: Encoding) -> Vec<String> {
    record.iter().map(|cell| decode_lossy(cell, encoding).trim().to_owned()).collect()
}

fn decode_lossy(bytes: &[u8], encoding: Encoding) -> String {
    match encoding {
        Encoding::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
        Encoding::Windows1252 => {
            encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned()
        }
    }
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

fn column_name(headers: &[String], index: usize) -> String {
    headers.get(index).cloned().unwrap_or_else(|| format!("column {}", index + 1))
}

fn is_blank(record: &ByteRecord) -> bool {
    record.iter().all(joined::is_blank_cell)
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

/// The physical line of byte offsets asked for in increasing order, counted from where the last
/// answer left off, so that each byte is counted once (the window still holds them all).
#[derive(Debug)]
struct LineCounter {
    /// The offset counted up to, and the line it is on.
    at: usize,
    line: usize,
}

impl LineCounter {
    /// The line that the byte at `offset` is on.
    fn line_at(&mut self, tape: &Tape, offset: usize) -> usize {
        if offset > self.at {
            let bytes = tape.slice(self.at as u64, offset as u64 + 1);
            let counted = bytes.len().min(offset - self.at);
            self.line += (0..counted).filter(|&at| is_line_break(bytes, at)).count();
            self.at = offset;
        }
        self.line
    }
}

/// How the quotes of one record's raw bytes (and whatever follows it) open and close.
#[derive(Debug, PartialEq, Eq)]
enum Quoting {
    Sound,
    /// A quoted field opens (after this many newlines) and never closes.
    Unterminated {
        opened: usize,
    },
    /// A quoted field spanning lines closes and more of the cell follows, which a well-formed
    /// file never has: its quote was most likely left open.
    ClosedMidCell {
        opened: usize,
        closed: usize,
    },
}

/// Reads `record` as the `csv` reader does, counting newlines, to find a quote left open.
fn quoting(record: &[u8], delimiter: u8) -> Quoting {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let (mut state, mut lines, mut opened) = (State::FieldStart, 0, 0);
    for (at, &byte) in record.iter().enumerate() {
        let ends_field = byte == delimiter || byte == b'\n' || byte == b'\r';
        state = match (state, byte) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::FieldStart, b'"') => {
                opened = lines;
                State::Quoted
            }
            // Only across lines: `"a"b` on one line is odd but harmless, as the reader takes it.
            (State::QuoteInQuoted, _) if !ends_field && lines > opened => {
                return Quoting::ClosedMidCell { opened, closed: lines };
            }
            _ if ends_field => State::FieldStart,
            _ => State::Unquoted,
        };
        lines += usize::from(is_line_break(record, at));
    }
    if state == State::Quoted { Quoting::Unterminated { opened } } else { Quoting::Sound }
}
