//! The book a command works on, a file or a database on a PostgreSQL server: creating a file
//! (`csm init`, the demo book), opening either to read or to write, the greetings for a book
//! that is missing or empty, and the one-line answers of the commands that only make sense on a
//! file. Only `init` and `demo` ever create a book file (a server's book is made by `csm server
//! init`); this module must not read or write the book's records itself.

use std::path::Path;
use std::time::Instant;

use super::{CliError, write_stdout};
use crate::demo::{DemoOptions, generate_watched};
use crate::domain::shown_path;
use crate::paths::BookLocation;
use crate::store::{Store, StoreError};

/// The demo's file: a demo is written into a file, never into a server's book.
pub(super) fn demo_file(location: &BookLocation) -> Result<&Path, CliError> {
    location.file().ok_or_else(|| {
        CliError::Refused(
            "a demo book is written to a file: make one with `csm demo --db FILE --no-open`, then \
             bring it into the server with `csm server load FILE`"
                .to_owned(),
        )
    })
}

/// The book's file for `csm backup`; a server's book is backed up by PostgreSQL's own tools.
pub(super) fn backup_file(location: &BookLocation) -> Result<&Path, CliError> {
    location.file().ok_or_else(|| {
        CliError::Refused(
            "csm backup copies a book file; back up a book on a PostgreSQL server with pg_dump \
             (e.g. `pg_dump -Fc -f csm.dump DATABASE`)"
                .to_owned(),
        )
    })
}

/// The book's file for `csm check`, which checks a file's pages and references.
pub(super) fn check_file(location: &BookLocation) -> Result<&Path, CliError> {
    location.file().ok_or_else(|| {
        CliError::Refused(
            "csm check checks a book file; it is not available for a book on a PostgreSQL \
             server yet"
                .to_owned(),
        )
    })
}

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

/// `csm init`: a new, empty book at `location`; anything already there is left alone.
pub(super) fn init(location: &BookLocation) -> Result<(), CliError> {
    let Some(path) = location.file() else {
        return Err(CliError::Refused(format!(
            "csm init makes a book file; a book on a PostgreSQL server is made with `csm server \
             init --db {location}`"
        )));
    };
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
pub(super) fn open_existing(location: &BookLocation) -> Result<Store, CliError> {
    match location {
        BookLocation::File(path) => {
            missing_book(location)?;
            Ok(Store::open(path)?)
        }
        BookLocation::Server(url) => Ok(Store::connect_to(url)?),
    }
}

/// Opens a book that must already exist, to read it: read-only when it may not be written.
pub(super) fn open_to_read(location: &BookLocation) -> Result<Store, CliError> {
    match location {
        BookLocation::File(path) => {
            missing_book(location)?;
            Ok(Store::open_to_read(path)?)
        }
        BookLocation::Server(url) => Ok(Store::connect_to(url)?),
    }
}

/// Refuses a book file that does not exist.
pub(super) fn missing_book(location: &BookLocation) -> Result<(), CliError> {
    let Some(path) = location.file().filter(|_| is_missing(location)) else {
        return Ok(());
    };
    Err(CliError::Refused(format!(
        "no book at {}: create one with `csm init`, try `csm demo`, or pass --db PATH (or set CSM_DB) to use another file",
        shown_path(path)
    )))
}

pub(super) fn no_accounts_yet(location: &BookLocation) -> String {
    format!(
        "Welcome to csm. The book at {location} has no accounts yet.\n\n\
         Import your accounts:     csm import accounts FILE\n\
         Try the demo book:        csm demo\n"
    )
}

/// Nothing is at the book file (a file that cannot be looked at is not missing: opening it says
/// why); a server's book is never missing here (connecting says whether it is there).
pub(super) fn is_missing(location: &BookLocation) -> bool {
    location.file().is_some_and(|path| {
        matches!(std::fs::metadata(path), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
    })
}

pub(super) fn first_run(location: &BookLocation) -> String {
    format!(
        "Welcome to csm. There is no book at {location} yet.\n\n\
         Try the demo book:        csm demo\n\
         Start your own book:      csm init, then csm import accounts FILE\n\
         Use a book elsewhere:     csm --db PATH report   (or set CSM_DB)\n"
    )
}
