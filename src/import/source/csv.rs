//! The CSV half of the reader: records read through the window ([`Tape`]) into one reused
//! record, each on the physical line it starts on (lone CRs counted by hand); quotes left open,
//! rows of the wrong shape and oversized fields found; cells decoded from UTF-8 or
//! windows-1252; the extra header rows of survey exports folded into the headers and a
//! Salesforce report's footer skipped. It hands out rows of text cells; it must not match
//! headers, parse values or touch the store.

mod quotes;

use std::collections::VecDeque;
use std::io::{self, Read as _};
use std::mem;

use csv::{ByteRecord, StringRecord};

use super::tape::{MAX_ROW_BYTES, Tape};
use super::{
    Encoding, MAX_FIELD_BYTES, QUOTED_CHARS, Row, Text, column_name, invalid_utf8_reason,
    is_line_break, joined, line_breaks,
};
use crate::import::Problem;
use quotes::{Quoting, quoting};

/// The CSV half of the reader: a `csv` reader over the file, and the record it reuses.
pub(super) struct CsvRows {
    pub(super) reader: csv::Reader<Tape>,
    /// Where the reader started in the file (after a BOM); its positions count from here.
    pub(super) base: usize,
    delimiter: u8,
    encoding: Encoding,
    pub(super) raw: ByteRecord,
    record: StringRecord,
    /// Records read while looking for extra header rows, with their lines (or the problem
    /// reading them), not yet handed out.
    pending: VecDeque<Result<(ByteRecord, usize), Problem>>,
    pub(super) width: usize,
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
    pub(super) fn new(
        text: Text,
        start: usize,
        delimiter: u8,
        encoding: Encoding,
    ) -> io::Result<Self> {
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

    pub(super) fn tape(&self) -> &Tape {
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

    pub(super) fn next_row(&mut self, headers: &[String]) -> Option<Result<Row<'_>, Problem>> {
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
        Some(Ok(Row { line, record: &self.record, spans_lines: true }))
    }

    /// Reads into `raw` the next record with a non-blank cell; its line, or `None` at the end.
    pub(super) fn next_filled(&mut self) -> Result<Option<usize>, Problem> {
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
    pub(super) fn skip_extra_header_rows(&mut self, headers: &mut [String]) -> Vec<String> {
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
        headers.first().is_some_and(|h| crate::import::headers::normalize(h) == "respondentid");
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

pub(super) fn decode_header(
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

fn is_blank(record: &ByteRecord) -> bool {
    record.iter().all(joined::is_blank_cell)
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
