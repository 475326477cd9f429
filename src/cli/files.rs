//! The commands that write or check whole files of the book: `export`, `backup` and `check`. Each
//! prints one line saying what it wrote or found; failures are returned as [`CliError`]s.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{CliError, ExportFormat, write_stdout};
use crate::book::ScoredBook;
use crate::config::Config;
use crate::domain::terminal_safe;
use crate::export::{self, ExportError};
use crate::store::{self, BackupError, Store};

/// `csm export`: the book scored at `as_of`, to `output` or standard output.
pub(super) fn export(
    store: &mut Store,
    book_path: &Path,
    config: &Config,
    as_of: NaiveDate,
    format: ExportFormat,
    output: Option<&Path>,
) -> Result<(), CliError> {
    if let Some(output) = output {
        refuse_the_book(book_path, output)?;
    }
    let book = ScoredBook::load(store, config, as_of)?;
    let store = &*store;
    let currency = config.book.currency.as_str();
    let write = |out: &mut dyn Write| match format {
        ExportFormat::Json => export::json(store, &book, currency, out),
        ExportFormat::Csv => export::csv(&book, out),
    };
    let Some(output) = output else {
        return match write(&mut std::io::stdout().lock()) {
            // A closed pipe (`csm export | head`) is the reader's choice, not a failure.
            Err(e) if e.is_broken_pipe() => Ok(()),
            other => Ok(other.map(drop)?),
        };
    };
    let (accounts, bytes) = write_private(output, write)?;
    let label = match format {
        ExportFormat::Json => "JSON",
        ExportFormat::Csv => "CSV",
    };
    write_stdout(&format!(
        "wrote {}: {} as {label}, {bytes} bytes\n",
        output.display(),
        plural(accounts, "account")
    ))
}

/// An export written over the book would destroy it.
pub(super) fn refuse_the_book(book: &Path, output: &Path) -> Result<(), CliError> {
    let same = match (std::fs::canonicalize(book), std::fs::canonicalize(output)) {
        (Ok(book), Ok(output)) => book == output,
        _ => false,
    };
    if same {
        return Err(CliError::Refused(format!(
            "{} is the book itself: write the export to another file",
            output.display()
        )));
    }
    Ok(())
}

/// Writes `path` through `write`, into a file readable by its owner only (an export holds
/// contacts' names and emails) that replaces `path` only once complete. Returns what `write`
/// returned and the file's size.
fn write_private(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<usize, ExportError>,
) -> Result<(usize, u64), ExportError> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(format!(".partial-{}", std::process::id()));
    let partial = PathBuf::from(partial);
    let written = (|| {
        let mut file = create_private(&partial)?;
        let count = write(&mut file)?;
        file.sync_all()?;
        std::fs::rename(&partial, path)?;
        Ok((count, std::fs::metadata(path)?.len()))
    })();
    if written.is_err() {
        // Half an export is worthless; failing to remove it must not hide why it failed.
        let _ = std::fs::remove_file(&partial);
    }
    written
}

#[cfg(unix)]
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    // A new file, so the mode applies: a leftover of a crashed run is removed first.
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)
}

#[cfg(not(unix))]
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::create(path)
}

/// `csm backup FILE`: a consistent copy of the book at `book`.
pub(super) fn backup(book: &Path, dest: &Path, force: bool) -> Result<(), CliError> {
    match store::backup_file(book, dest, force) {
        Ok(report) => write_stdout(&format!(
            "wrote {}: a copy of the book at {}, {} bytes\n",
            report.path.display(),
            book.display(),
            report.bytes
        )),
        Err(BackupError::Exists(shown)) => {
            Err(CliError::Refused(format!("{shown} already exists: pass --force to overwrite it")))
        }
        Err(BackupError::SameFile(shown)) => Err(CliError::Refused(format!(
            "{shown} is the book itself: back it up to another file"
        ))),
        Err(e) => Err(e.into()),
    }
}

/// `csm check`: the verdict on stdout when the book is intact; otherwise each problem on stdout
/// and the verdict as the error (exit 2).
pub(super) fn check(book: &Path) -> Result<(), CliError> {
    let report = store::check(book)?;
    if report.is_intact() {
        let mut line = format!(
            "ok: the book at {} is intact ({}, schema {})",
            book.display(),
            plural(report.accounts.unwrap_or(0), "account"),
            report.schema
        );
        if report.schema < report.latest {
            let _ =
                write!(line, "; csm brings it to schema {} when it next opens it", report.latest);
        }
        line.push('\n');
        return write_stdout(&line);
    }
    let mut text = String::new();
    for problem in &report.problems {
        // Table names and SQLite's messages come from the file, which may be anyone's.
        let _ = writeln!(text, "problem: {}", terminal_safe(&problem.to_string()));
    }
    if report.more > 0 {
        let _ = writeln!(text, "problem: ... and {} more", report.more);
    }
    write_stdout(&text)?;
    let found = plural(report.problems.len() + report.more, "problem");
    Err(CliError::NotIntact(format!("the book at {} is not intact: {found} found", book.display())))
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}
