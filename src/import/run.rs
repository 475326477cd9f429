//! One file imported: read, headers matched, every row checked and written in one transaction,
//! which is committed only when no row had a problem (and never on a dry run); then the
//! accounts the file changed are rescored. The only entry point of an import; it must not draw.

use chrono::NaiveDate;

use super::cells::Cells;
use super::headers::{HeaderMap, Headers, Mapping, match_headers};
use super::kinds::{Importer, Known, Tally};
use super::source::{Encoding, Source};
use super::values::{DateOrder, DateOrderEvidence};
use super::{Kind, PROBLEM_CAP, Problem};
use crate::book::ScoredBook;
use crate::config::Config;
use crate::store::{Store, StoreError};

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
}

/// What an import did (or, on a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub kind: Kind,
    pub rows: usize,
    pub tally: Tally,
    /// Headers that map to no field, as the file spells them.
    pub ignored: Vec<String>,
    /// Accounts whose facts the file changed (rescored).
    pub accounts_changed: usize,
    pub dry_run: bool,
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
    fn problems(mut all: Vec<Problem>) -> Self {
        let more = all.len().saturating_sub(PROBLEM_CAP);
        all.truncate(PROBLEM_CAP);
        Self::Problems { problems: all, more }
    }
}

/// Imports the `kind` file `bytes` into `store`, then rescores the accounts it changed at
/// `as_of`.
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
    let source =
        Source::open(bytes.clone(), options.encoding).map_err(|p| Failure::problems(vec![p]))?;
    let headers = source.headers().to_vec();
    let found =
        Headers { names: source.headers(), labels: source.labels(), line: source.header_line() };
    let mapping = match_headers(kind, found, &options.map).map_err(Failure::problems)?;
    let order = date_order(source, &mapping, options.date_order).map_err(Failure::problems)?;
    let mut source =
        Source::open(bytes, options.encoding).map_err(|p| Failure::problems(vec![p]))?;
    let known = Known::read(store, kind)?;
    let writer = store.writer()?;
    let mut importer = Importer::new(&writer, known, kind, order, &config.book.currency);
    let mut problems = Vec::new();
    let mut rows = 0;
    while let Some(row) = source.next_row() {
        let row = match row {
            Ok(row) => row,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        rows += 1;
        let mut cells = Cells::new(row, &headers, &mapping);
        importer.row(&mut cells)?;
        problems.extend(cells.into_problems());
    }
    problems.extend(importer.finish()?);
    if !problems.is_empty() {
        // Dropping the writer rolls every row back.
        return Err(Failure::problems(problems));
    }
    let tally = importer.tally.clone();
    let accounts_changed = importer.touched.len();
    drop(importer);
    let summary = Summary {
        kind,
        rows,
        tally,
        ignored: mapping.ignored().to_vec(),
        accounts_changed,
        dry_run: options.dry_run,
    };
    if options.dry_run {
        return Ok(summary);
    }
    writer.commit()?;
    if accounts_changed > 0 {
        // Loading the book rescores exactly the accounts whose revision moved, and caches them.
        ScoredBook::load(store, config, as_of)?;
    }
    Ok(summary)
}

/// The order of the file's slashed dates: the one given, else the one its cells prove (a
/// first pass over every date cell); never a guess (SPEC 7).
fn date_order(
    mut source: Source,
    mapping: &Mapping,
    given: Option<DateOrder>,
) -> Result<Option<DateOrder>, Vec<Problem>> {
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
            dates.iter().for_each(|&column| evidence.observe(row.cell(column)));
        }
    }
    evidence.order(None).map_err(|reason| vec![Problem::file(reason)])
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
