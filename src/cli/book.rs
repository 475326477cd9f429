//! The book file a command works on: creating it (`csm init`, the demo book), opening it to
//! read or to write, and the greetings for a book that is missing or empty. Only `init` and
//! `demo` ever create a book; this module must not read or write the book's records itself.

use std::path::Path;
use std::time::Instant;

use super::{CliError, write_stdout};
use crate::demo::{DemoOptions, generate_watched};
use crate::domain::shown_path;
use crate::store::{Store, StoreError};

/// Writes the demo book to `path`, replacing an earlier demo there. With `guard`, a file that
/// already holds accounts is left alone: it may be somebody's real book.
pub(super) fn write_demo(
    path: &Path,
    guard: bool,
    options: &DemoOptions,
    feedback: &super::feedback::Feedback,
) -> Result<Store, CliError> {
    if path.is_dir() {
        return Err(StoreError::Directory(shown_path(path)).into());
    }
    // Even with --replace, only a file is removed: a device or a FIFO (`--db /dev/null` as
    // root) would otherwise be deleted and a book made in its place.
    if std::fs::metadata(path).is_ok_and(|meta| !meta.is_file()) {
        return Err(StoreError::NotAFile(shown_path(path)).into());
    }
    if path.exists() {
        if guard {
            match Store::open(path) {
                Ok(store) if store.account_count()? > 0 => {
                    return Err(CliError::Refused(format!(
                        "{} already holds a book; pass --replace to overwrite it with the demo",
                        shown_path(path)
                    )));
                }
                // An empty file holds nothing to lose.
                Ok(_) | Err(StoreError::Empty(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut file = path.as_os_str().to_owned();
            file.push(suffix);
            match std::fs::remove_file(&file) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
    }
    let started = Instant::now();
    let mut store = Store::create(path)?;
    let summary = generate_watched(&mut store, options, feedback)?;
    feedback.note(&format!(
        "Demo book of {} accounts and {} former customers ({} renewal records, {} usage days, {} feature days, {} contacts) as of {} written to {} in {:.1} s",
        summary.accounts,
        summary.former_accounts,
        summary.renewals,
        summary.usage_rows,
        summary.feature_rows,
        summary.contacts,
        options.as_of,
        shown_path(path),
        started.elapsed().as_secs_f64()
    ));
    Ok(store)
}

/// `csm init`: a new, empty book at `path`; anything already there is left alone.
pub(super) fn init(path: &Path) -> Result<(), CliError> {
    if path.is_dir() {
        return Err(StoreError::Directory(shown_path(path)).into());
    }
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(CliError::Refused(format!(
            "{} already exists: csm init never replaces a file (pass --db PATH for a new book elsewhere)",
            shown_path(path)
        )));
    }
    drop(Store::create(path)?);
    write_stdout(&format!(
        "created an empty book at {}\nNext, import your accounts:  csm import accounts FILE\n",
        shown_path(path)
    ))
}

/// Opens a book that must already exist, to read and write it (only `init` and `demo` create
/// one).
pub(super) fn open_existing(path: &Path) -> Result<Store, CliError> {
    missing_book(path)?;
    Ok(Store::open(path)?)
}

/// Opens a book that must already exist, to read it: read-only when it may not be written.
pub(super) fn open_to_read(path: &Path) -> Result<Store, CliError> {
    missing_book(path)?;
    Ok(Store::open_to_read(path)?)
}

/// Refuses a book file that does not exist.
pub(super) fn missing_book(path: &Path) -> Result<(), CliError> {
    if !is_missing(path) {
        return Ok(());
    }
    Err(CliError::Refused(format!(
        "no book at {}: create one with `csm init`, try `csm demo`, or pass --db PATH (or set CSM_DB) to use another file",
        shown_path(path)
    )))
}

pub(super) fn no_accounts_yet(path: &Path) -> String {
    format!(
        "Welcome to csm. The book at {} has no accounts yet.\n\n\
         Import your accounts:     csm import accounts FILE\n\
         Try the demo book:        csm demo\n",
        shown_path(path)
    )
}

/// Nothing is at `path` (a file that cannot be looked at is not missing: opening it says why).
pub(super) fn is_missing(path: &Path) -> bool {
    matches!(std::fs::metadata(path), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
}

pub(super) fn first_run(path: &Path) -> String {
    format!(
        "Welcome to csm. There is no book at {} yet.\n\n\
         Try the demo book:        csm demo\n\
         Start your own book:      csm init, then csm import accounts FILE\n\
         Use a book elsewhere:     csm --db PATH report   (or set CSM_DB)\n",
        shown_path(path)
    )
}
