//! The order of a file's slashed dates (SPEC 7): the one given, else the one its date cells
//! prove in a first pass, and the cheap search, run beside the import, for whether a file may
//! hold a slashed date at all. Never a guess; it reads the file and must not write.

use std::io::Read;
use std::thread;

use super::super::Problem;
use super::super::file::Input;
use super::super::headers::Mapping;
use super::super::source::{Encoding, Source};
use super::super::values::{DateOrder, DateOrderEvidence};
use super::Failure;

/// The search for slashed dates that runs beside the first pass over the rows.
pub(super) struct Search {
    running: Option<thread::JoinHandle<bool>>,
    /// Whether the file may hold a slashed date, once known.
    found: Option<bool>,
}

impl Search {
    pub(super) fn start(search: impl FnOnce() -> bool + Send + 'static) -> Self {
        Self { running: Some(thread::spawn(search)), found: None }
    }

    /// No search: the order is given, or the file is read in the order it proved.
    pub(super) const fn done() -> Self {
        Self { running: None, found: Some(false) }
    }

    /// No search: the file may hold slashed dates whatever its bytes.
    pub(super) const fn found() -> Self {
        Self { running: None, found: Some(true) }
    }

    /// Whether the search has ended finding a slashed date (`None` while it runs).
    pub(super) fn poll(&mut self) -> Option<bool> {
        if self.running.as_ref().is_some_and(thread::JoinHandle::is_finished) {
            return Some(self.wait());
        }
        self.found
    }

    /// Whether the file may hold a slashed date, waiting for the search to end.
    pub(super) fn wait(&mut self) -> bool {
        if let Some(running) = self.running.take() {
            // A search that could not finish proves nothing: read the file for its order.
            self.found = Some(running.join().unwrap_or(true));
        }
        self.found.unwrap_or(true)
    }
}

/// The order the file's slashed dates prove, read from all of it (`None`: no cell proves one;
/// a problem when its cells read two ways or mix orders: SPEC 7, never a guess).
pub(super) fn proven_order(
    input: &Input,
    encoding: Encoding,
    mapping: &Mapping,
) -> Result<Option<DateOrder>, Failure> {
    let source = Source::open(input.clone(), encoding).map_err(|p| Failure::problems(vec![p]))?;
    date_order(source, mapping, None).map_err(Failure::problems)
}

/// The order of the file's slashed dates: the one given, else the one its cells prove (a
/// first pass over every date cell); never a guess (SPEC 7).
pub(super) fn date_order(
    mut source: Source,
    mapping: &Mapping,
    given: Option<DateOrder>,
) -> Result<Option<DateOrder>, Vec<Problem>> {
    let headers = source.headers().to_vec();
    let dates: Vec<usize> = mapping
        .matched()
        .filter(|(field, _)| DATE_FIELDS.contains(&field.name))
        .map(|(_, column)| column)
        .collect();
    if given.is_some() || dates.is_empty() {
        return Ok(given);
    }
    let mut evidence = DateOrderEvidence::default();
    while let Some(row) = source.next_row() {
        // Unreadable rows are reported by the pass that imports.
        if let Ok(row) = row {
            for &column in &dates {
                evidence.observe_at(row.cell(column), (row.line_of(column), column));
            }
        }
    }
    evidence.order(None).map_err(|reason| {
        // Said where the cell it quotes is, like every other problem.
        let problem = match evidence.place() {
            Some((line, column)) => {
                let header = headers.get(column).cloned().unwrap_or_default();
                Problem::cell(line, header, reason)
            }
            None => Problem::file(reason),
        };
        vec![problem]
    })
}

/// Whether `file` may hold a slashed date (`3/5/2026`, `03.05.2026`, `03-05-2026`): somewhere a
/// digit, a separator, one or two digits, the same separator and four digits. A file without
/// that shape needs no first pass: none of its cells could prove or need an order. JSON lines
/// may escape a slash, so they are always read; so is a file that could not be read to its end.
/// Read a chunk at a time, each looked at with the end of the one before.
pub(super) fn may_hold_slashed_dates(mut file: impl Read) -> bool {
    /// The bytes around a separator that its shape needs: one before, seven after.
    const CARRIED: usize = 9;
    const CHUNK: usize = 1 << 18;
    let mut bytes = Vec::with_capacity(CHUNK + CARRIED);
    let mut leading = true;
    loop {
        let carried = bytes.len().saturating_sub(CARRIED);
        bytes.drain(..carried);
        let kept = bytes.len();
        match file.by_ref().take(CHUNK as u64).read_to_end(&mut bytes) {
            Ok(0) => return false,
            Ok(_) => {}
            Err(_) => return true,
        }
        if leading {
            let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes).trim_ascii_start();
            if text.starts_with(b"{") {
                return true;
            }
            leading = text.is_empty();
        }
        // A separator in the bytes carried over was looked at with all it needs, unless it
        // was among their last eight bytes: look again from there.
        let from = kept.saturating_sub(CARRIED - 1);
        let found = memchr::memchr3_iter(b'/', b'.', b'-', &bytes[from..])
            .any(|at| is_slashed_at(&bytes, from + at));
        if found {
            return true;
        }
    }
}

/// Whether the separator at `at` starts the shape [`may_hold_slashed_dates`] looks for. The
/// cheap tests come first: in most files a separator follows a letter (`ACC-1`) or is part of
/// an ISO date, whose second field is not followed by four digits.
fn is_slashed_at(bytes: &[u8], at: usize) -> bool {
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    if at == 0 || !digit(at - 1) || !digit(at + 1) {
        return false;
    }
    // The second field has one or two digits, then the separator again.
    let next = if digit(at + 2) { at + 3 } else { at + 2 };
    bytes.get(next) == bytes.get(at) && (1..=4).all(|n| digit(next + n))
}

/// Fields that hold days.
const DATE_FIELDS: [&str; 11] = [
    "contract_start",
    "renewal_date",
    "last_engaged",
    "left_on",
    "date",
    "opened",
    "closed",
    "updated_at",
    "close_date",
    "due",
    "created_at",
];
