//! One file imported: read, headers matched, every row checked and written in one transaction,
//! which is committed only when no row had a problem (and never on a dry run); then the
//! accounts the file changed are rescored. The only entry point of an import; it must not draw.

use std::mem;
use std::sync::{Arc, mpsc};
use std::thread;

use chrono::NaiveDate;

use super::cells::{Cells, RowOutcome};
use super::file::Input;
use super::headers::{HeaderMap, Headers, Mapping, match_headers};
use super::kinds::{Importer, Known, Tally};
use super::source::{Encoding, Format, Source};
use super::values::{DateOrder, is_blank};
use super::{Kind, PROBLEM_CAP, Problem};
use crate::book::rescore_changed;
use crate::config::Config;
use crate::domain::{Account, AccountId, UsageDay};
use crate::store::{Settle, Store, StoreError};

mod dates;

use dates::{Search, may_hold_slashed_dates, proven_order};

/// How far an import has read its file: rows read (with or without problems) and bytes, of
/// `total_bytes`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub rows: usize,
    pub bytes: u64,
    pub total_bytes: u64,
}

impl Progress {
    /// The share of the file read, in whole percent (`None` for an empty file).
    #[must_use]
    pub fn percent(&self) -> Option<u64> {
        (self.total_bytes > 0).then(|| self.bytes.min(self.total_bytes) * 100 / self.total_bytes)
    }
}

/// Rows between two progress reports: a usage file reads this many in a few tens of
/// milliseconds, so reports stay few and cost nothing next to the rows.
pub const PROGRESS_ROWS: usize = 1 << 16;

/// Told how far an import has read, every [`PROGRESS_ROWS`] rows and once at the end of the
/// file; called from the thread that reads, so it must be quick (store the value, send it on).
#[derive(Clone)]
pub struct OnProgress(pub Arc<dyn Fn(Progress) + Send + Sync>);

impl std::fmt::Debug for OnProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnProgress")
    }
}

/// Reports progress through an optional [`OnProgress`], counting rows as they are read.
struct Reporter<'a> {
    on: Option<&'a OnProgress>,
    rows: usize,
    total_bytes: u64,
}

impl Reporter<'_> {
    /// Reports, every [`PROGRESS_ROWS`] rows, the rows counted so far, which end where `source`
    /// stands before its next row is read.
    fn before_row(&self, source: &Source) {
        if self.rows > 0 && self.rows.is_multiple_of(PROGRESS_ROWS) && self.on.is_some() {
            self.report(source.position());
        }
    }

    /// Reports the end of the file.
    fn end(&self) {
        self.report(self.total_bytes);
    }

    fn report(&self, bytes: u64) {
        if let Some(on) = self.on {
            (on.0)(Progress { rows: self.rows, bytes, total_bytes: self.total_bytes });
        }
    }
}

/// How to read a file.
#[derive(Debug, Default)]
pub struct Options {
    /// Check and count, write nothing.
    pub dry_run: bool,
    /// Headers mapped by the user (`--map`).
    pub map: HeaderMap,
    /// How slashed dates read (`--date-format`).
    pub date_order: Option<DateOrder>,
    pub encoding: Encoding,
    /// Told how far the import has read.
    pub progress: Option<OnProgress>,
    /// The system the file comes from (`--source`), under which its account ids are
    /// remembered; `None`: told by the file's headers.
    pub source: Option<String>,
    /// Import the other rows when some name an account the book does not have, and list those
    /// (`--skip-unmatched`); else such a row is a problem like any other.
    pub skip_unmatched: bool,
}

/// What an import did (or, on a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub kind: Kind,
    pub rows: usize,
    pub tally: Tally,
    /// Headers that map to no field, as the file spells them.
    pub ignored: Vec<String>,
    /// What the import decided about the file that a person should know (which column keyed
    /// the records), one sentence each.
    pub notes: Vec<String>,
    /// Accounts whose facts the file changed (rescored).
    pub accounts_changed: usize,
    pub dry_run: bool,
    /// The rows left out as they name an account the book does not have (`--skip-unmatched`):
    /// the first [`PROBLEM_CAP`], each as the problem it would have been, and how many more.
    pub skipped: Vec<Problem>,
    pub skipped_more: usize,
}

impl Summary {
    /// How many rows were left out (`--skip-unmatched`).
    #[must_use]
    pub fn skipped_rows(&self) -> usize {
        self.skipped.len() + self.skipped_more
    }
}

/// Why nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The file has problems: the first [`PROBLEM_CAP`], and how many more.
    #[error("{} problem(s)", .problems.len() + .more)]
    Problems { problems: Vec<Problem>, more: usize },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Failure {
    fn problems(all: Vec<Problem>) -> Self {
        let mut found = Found::default();
        found.extend(all);
        found.into_failure()
    }
}

/// The problems of a file as they are found: the first [`PROBLEM_CAP`] kept, the others only
/// counted, so that a file of millions of bad rows keeps fifty messages, not millions.
#[derive(Debug, Default)]
struct Found {
    kept: Vec<Problem>,
    more: usize,
}

impl Found {
    fn push(&mut self, problem: Problem) {
        if self.kept.len() < PROBLEM_CAP {
            self.kept.push(problem);
        } else {
            self.more += 1;
        }
    }

    fn extend(&mut self, problems: impl IntoIterator<Item = Problem>) {
        for problem in problems {
            self.push(problem);
        }
    }

    fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    fn into_failure(self) -> Failure {
        Failure::Problems { problems: self.kept, more: self.more }
    }
}

/// Imports the `kind` file `bytes` into `store`, then rescores the accounts it changed at
/// `as_of` (see [`import_file`]).
///
/// # Errors
/// The file has problems (nothing written), or the store failed.
pub fn import_bytes(
    store: &mut Store,
    config: &Config,
    kind: Kind,
    bytes: Vec<u8>,
    options: &Options,
    as_of: NaiveDate,
) -> Result<Summary, Failure> {
    import_file(store, config, kind, &Input::from(bytes), options, as_of)
}

/// Imports the `kind` file `input` into `store`, then rescores the accounts it changed at
/// `as_of`. The file is streamed by each pass over it, never held whole.
///
/// # Errors
/// The file has problems (nothing written), or the store failed.
pub fn import_file(
    store: &mut Store,
    config: &Config,
    kind: Kind,
    input: &Input,
    options: &Options,
    as_of: NaiveDate,
) -> Result<Summary, Failure> {
    let given = options.date_order;
    let source =
        Source::open(input.clone(), options.encoding).map_err(|p| Failure::problems(vec![p]))?;
    // Most files cannot hold a slashed date, and a usage file is a hundred megabytes: the search
    // for one runs beside the import, which reads the rows as if there were none. Should one be
    // there, the rows are read again in the order the whole file proves (see `write_rows`).
    // JSON lines may escape a slash: they are always read for their order.
    let search = match (given, source.format()) {
        (Some(_), _) => Search::done(),
        (None, Format::JsonLines) => Search::found(),
        (None, Format::Csv { .. }) => {
            let text = source.text();
            Search::start(move || may_hold_slashed_dates(text))
        }
    };
    let headers = source.headers().to_vec();
    let found =
        Headers { names: source.headers(), labels: source.labels(), line: source.header_line() };
    let mapping = match_headers(kind, found, &options.map).map_err(Failure::problems)?;
    let (mapping, notes) = settle_key(&source, mapping, &headers, options.encoding)?;
    let file = File { headers, mapping, notes, as_of };
    // Usage files run to millions of rows: they are written as the store's bulk load, which
    // decides how to make that fast on its engine and puts in place what it left afterwards.
    let rows = Rows { source, order: given, search };
    let write = |store: &mut Store| write_settled(store, config, kind, rows, &file, input, options);
    let ((summary, changed), settle) = if kind == Kind::Usage {
        store.bulk_load(write)?
    } else {
        (write(store)?, Settle::default())
    };
    if !summary.dry_run && !changed.accounts.is_empty() {
        // What the load left is put in place while the accounts are rescored.
        store.settle_while(settle, |store| {
            rescore_changed(store, config, as_of, &changed.accounts, changed.created)
        })?;
    }
    Ok(summary)
}

/// A file opened and its headers matched, and the day it is imported on.
struct File {
    headers: Vec<String>,
    mapping: Mapping,
    /// What was decided about the file, for the summary.
    notes: Vec<String>,
    /// The as-of date: an account whose stage the file moves out of onboarding has its open
    /// milestones closed as skipped on it.
    as_of: NaiveDate,
}

/// The rows of a file to write: where they are read from, the order of their slashed dates
/// (`None`: not known to have any), and the search for slashed dates running beside them.
struct Rows {
    source: Source,
    order: Option<DateOrder>,
    search: Search,
}

/// What a pass over the rows did.
enum Written {
    /// Committed (unless a dry run): what it did.
    Done(Summary, Changed),
    /// Rolled back, as the file turned out to hold slashed dates: to be read again, in the order
    /// they prove (`None`: they prove none, and the pass stopped before the end).
    ReadAgain(Option<DateOrder>),
}

/// Writes the rows, a second time when the first read them without the order the file turned
/// out to prove.
fn write_settled(
    store: &mut Store,
    config: &Config,
    kind: Kind,
    mut rows: Rows,
    file: &File,
    input: &Input,
    options: &Options,
) -> Result<(Summary, Changed), Failure> {
    loop {
        let prove = |mapping: &Mapping| proven_order(input, options.encoding, mapping);
        match write_rows(store, config, kind, rows, file, options, prove)? {
            Written::Done(summary, changed) => return Ok((summary, changed)),
            Written::ReadAgain(order) => {
                let source = Source::open(input.clone(), options.encoding)
                    .map_err(|p| Failure::problems(vec![p]))?;
                rows = Rows { source, order, search: Search::done() };
            }
        }
    }
}

/// Checks and writes every row of `file` in one transaction, committed only when no row had
/// a problem and this is no dry run.
///
/// While the search for slashed dates runs beside it, the pass reads the rows as if the file
/// had none. Should the search find one, the pass stops there, and the rows are read again in
/// the order the whole file proves (`prove`); a pass that ran to the end stands when no cell
/// proves an order, as its cells were read as a second pass would read them.
fn write_rows(
    store: &mut Store,
    config: &Config,
    kind: Kind,
    rows: Rows,
    file: &File,
    options: &Options,
    prove: impl FnOnce(&Mapping) -> Result<Option<DateOrder>, Failure>,
) -> Result<Written, Failure> {
    let File { headers, mapping, notes, as_of } = file;
    let Rows { mut source, order, mut search } = rows;
    let source_name = match &options.source {
        Some(name) => name.clone(),
        None => super::dialect::of_headers(headers).to_owned(),
    };
    let known = Known::read(store, kind, &source_name)?;
    let writer = store.writer()?;
    let mut importer = Importer::new(&writer, known, kind, order, &config.book).on(*as_of);
    let mut problems = Found::default();
    let mut skipped = Found::default();
    let skip = options.skip_unmatched;
    let mut rows = 0;
    let total_bytes = source.input().len();
    let mut reporter = Reporter { on: options.progress.as_ref(), rows: 0, total_bytes };
    let mut stopped = false;
    if kind == Kind::Usage {
        let read = (headers.as_slice(), mapping, skip);
        (rows, problems, skipped, stopped) =
            usage_rows(&mut importer, source, read, &mut reporter, &mut search)?;
    } else {
        loop {
            if reporter.rows.is_multiple_of(SEARCH_POLL) && search.poll() == Some(true) {
                stopped = true;
                break;
            }
            reporter.before_row(&source);
            let Some(row) = source.next_row() else { break };
            reporter.rows += 1;
            let row = match row {
                Ok(row) => row,
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            };
            let mut cells = Cells::new(row, headers, mapping);
            importer.row(&mut cells)?;
            match cells.into_outcome(skip) {
                RowOutcome::Read(found) => {
                    rows += 1;
                    problems.extend(found);
                }
                RowOutcome::Skipped(problem) => skipped.push(problem),
            }
        }
    }
    if search.wait() {
        let order = prove(mapping)?;
        if order.is_some() || stopped {
            // Dropping the writer rolls this pass back.
            return Ok(Written::ReadAgain(order));
        }
    }
    reporter.end();
    problems.extend(importer.finish()?);
    if !problems.is_empty() {
        // Dropping the writer rolls every row back.
        return Err(problems.into_failure());
    }
    let tally = importer.tally.clone();
    let mut changed: Vec<AccountId> = importer.touched.iter().copied().collect();
    changed.sort_unstable();
    let accounts_changed = changed.len();
    let created = std::mem::take(&mut importer.created);
    let mut notes = notes.clone();
    notes.append(&mut importer.notes);
    let indexes = importer.take_indexes();
    drop(importer);
    // Freed beside the commit and the rescoring rather than before them.
    std::thread::spawn(move || drop(indexes));
    let summary = Summary {
        kind,
        rows,
        tally,
        ignored: mapping.ignored().to_vec(),
        notes,
        accounts_changed,
        dry_run: options.dry_run,
        skipped: skipped.kept,
        skipped_more: skipped.more,
    };
    if !options.dry_run {
        writer.commit()?;
    }
    Ok(Written::Done(summary, Changed { accounts: changed, created }))
}

/// The accounts a file changed (in id order), and those of them it created.
struct Changed {
    accounts: Vec<AccountId>,
    created: Vec<Account>,
}

/// One usage row as the reading thread hands it over.
enum ReadRow {
    /// A row that could not be read at all (it is not counted as a row).
    Unreadable(Problem),
    /// A row, its day when it has no problem, and its problems.
    Read { day: Option<(AccountId, UsageDay)>, problems: Vec<Problem> },
    /// A row left out, as it names an account the book does not have (`--skip-unmatched`).
    Skipped(Problem),
}

/// Rows between two looks at the search for slashed dates, in a pass that reads as if there
/// were none: it stops soon after the search finds one, rather than piling up a problem for
/// each such date.
const SEARCH_POLL: usize = 4096;

/// Rows handed over at once: few enough to bound the memory, many enough that handing them over
/// costs nothing.
const HANDOVER: usize = 4096;

/// Usage files run to millions of rows: one thread reads and checks them while this one writes
/// them, in file order, so rows, problems and counts are what one thread would give. `read`:
/// the file's headers, their mapping and whether rows naming no account are skipped. The
/// number of rows, their problems, the rows skipped, and whether the search stopped the pass.
fn usage_rows(
    importer: &mut Importer<'_, '_>,
    mut source: Source,
    read: (&[String], &Mapping, bool),
    reporter: &mut Reporter<'_>,
    search: &mut Search,
) -> Result<(usize, Found, Found, bool), Failure> {
    let (headers, mapping, skip) = read;
    let mut reader = importer.usage_reader();
    let (send, receive) = mpsc::sync_channel::<Vec<ReadRow>>(4);
    thread::scope(|scope| {
        scope.spawn(move || {
            let mut batch = Vec::with_capacity(HANDOVER);
            loop {
                reporter.before_row(&source);
                let Some(row) = source.next_row() else { break };
                reporter.rows += 1;
                batch.push(match row {
                    Err(problem) => ReadRow::Unreadable(problem),
                    Ok(row) => {
                        let mut cells = Cells::new(row, headers, mapping);
                        let day = reader.read(&mut cells);
                        match cells.into_outcome(skip) {
                            RowOutcome::Read(problems) => ReadRow::Read { day, problems },
                            RowOutcome::Skipped(problem) => ReadRow::Skipped(problem),
                        }
                    }
                });
                // A closed channel means the writer stopped (the store failed): stop reading.
                if batch.len() == HANDOVER
                    && send.send(mem::replace(&mut batch, Vec::with_capacity(HANDOVER))).is_err()
                {
                    return;
                }
            }
            let _ = send.send(batch);
        });
        let (mut rows, mut problems, mut skipped) = (0, Found::default(), Found::default());
        for batch in receive {
            if search.poll() == Some(true) {
                // Dropping the channel stops the reading thread.
                return Ok((rows, problems, skipped, true));
            }
            for row in batch {
                match row {
                    ReadRow::Unreadable(problem) => problems.push(problem),
                    ReadRow::Skipped(problem) => skipped.push(problem),
                    ReadRow::Read { day, problems: found } => {
                        rows += 1;
                        if let Some((account, day)) = day {
                            importer.put_usage(account, day)?;
                        }
                        problems.extend(found);
                    }
                }
            }
        }
        Ok((rows, problems, skipped, false))
    })
}

/// Which column keys the records when two could hold the external id: the chosen one, unless it
/// is blank in every row, as Zendesk's `external_id` (an optional link to other systems) usually
/// is; then the next one (Zendesk's own `id`). One column keys every row of a file: a chosen
/// column blank in some rows only is a problem to settle with `--map`, as its blank rows would
/// be matched by their natural key while the fallback could key them. The mapping, and a note
/// when it fell back.
fn settle_key(
    source: &Source,
    mut mapping: Mapping,
    headers: &[String],
    encoding: Encoding,
) -> Result<(Mapping, Vec<String>), Failure> {
    let (Some(column), Some(fallback)) = (mapping.column("external_id"), mapping.key_fallback())
    else {
        return Ok((mapping, Vec::new()));
    };
    let mut rows =
        Source::open(source.input().clone(), encoding).map_err(|p| Failure::problems(vec![p]))?;
    let (mut filled, mut blank) = (0_usize, 0_usize);
    while let Some(row) = rows.next_row() {
        // Unreadable rows are reported by the pass that imports.
        let Ok(row) = row else { continue };
        if is_blank(row.cell(column).trim()) {
            blank += 1;
        } else {
            filled += 1;
        }
    }
    let (chosen, next) = (&headers[column], &headers[fallback]);
    if filled == 0 {
        mapping.key_by_fallback(headers);
        let note = format!("{chosen} is blank in every row: the records are keyed by {next}");
        return Ok((mapping, vec![note]));
    }
    if blank == 0 {
        return Ok((mapping, Vec::new()));
    }
    let reason = format!(
        "is blank in {blank} of {} rows, and {next:?} could key them all; say which column is the \
         key with --map: {next:?} = \"external_id\", or {next:?} = \"\" to keep {chosen} (rows \
         without it are then matched by their natural key)",
        blank + filled
    );
    let line = source.header_line();
    Err(Failure::problems(vec![Problem::cell(line, chosen.clone(), reason)]))
}

#[cfg(test)]
mod tests;
