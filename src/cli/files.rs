//! The commands that write or check whole files of the book: `export`, `backup` and `check`. Each
//! prints one line saying what it wrote or found; failures are returned as [`CliError`]s.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;

use super::{CliError, ExportFormat, write_stdout};
use crate::book::ScoredBook;
use crate::config::Config;
use crate::domain::{MESSAGE_LINE_CHARS, cut, terminal_safe};
use crate::export;
use crate::output::{self, Destination, OutputError, PendingFile};
use crate::paths::BookLocation;
use crate::store::{self, BackupError, Store};

/// `csm export`: the book scored at `as_of`, to `output` or standard output (`-`,
/// `/dev/stdout` or no `-o`).
pub(super) fn export(
    store: &mut Store,
    book_path: &BookLocation,
    config: &Config,
    as_of: NaiveDate,
    (format, output): (ExportFormat, Option<&Path>),
    watch: &dyn crate::progress::Watch,
) -> Result<(), CliError> {
    let destination = match output {
        Some(output) => output::destination(output).map_err(refusal)?,
        None => Destination::Stdout,
    };
    if let Destination::File(output) = &destination {
        refuse_the_book(book_path, output, "the export")?;
    }
    let book = ScoredBook::load_watched(store, config, as_of, watch)?;
    let store = &*store;
    let currency = config.book.currency.as_str();
    let write = |out: &mut dyn Write| match format {
        ExportFormat::Json => export::json_watched(store, &book, currency, out, watch),
        ExportFormat::Csv => export::csv(&book, out),
    };
    let Destination::File(output) = destination else {
        return match write(&mut std::io::stdout().lock()) {
            // A closed pipe (`csm export | head`) is the reader's choice, not a failure.
            Err(e) if e.is_broken_pipe() => Ok(()),
            other => Ok(other.map(drop)?),
        };
    };
    // An export holds contacts' names and emails: the file is readable by its owner only.
    let mut file = PendingFile::create(&output).map_err(refusal)?;
    let accounts = write(&mut file)?;
    let bytes = file.commit()?;
    let label = match format {
        ExportFormat::Json => "JSON",
        ExportFormat::Csv => "CSV",
    };
    write_stdout(&format!(
        "wrote {}: {} as {label}, {bytes} bytes\n",
        crate::domain::shown_path(&output),
        plural(accounts, "account")
    ))
}

/// An output that is not a regular file, refused with the way to standard output.
pub(super) fn refusal(error: OutputError) -> CliError {
    match error {
        OutputError::NotAFile { .. } => {
            CliError::Refused(format!("{error} (-o - writes to standard output)"))
        }
        other => other.into(),
    }
}

/// An output (`what`: "the export", "the brief") written over the book would destroy it; over
/// the book's `-wal`, `-shm` or `-journal` it would be read as the book's changes, then removed
/// by SQLite.
pub(super) fn refuse_the_book(
    book: &BookLocation,
    output: &Path,
    what: &str,
) -> Result<(), CliError> {
    // A book on a server has no file to write over.
    book.file().map_or(Ok(()), |book| refuse_the_file(book, output, what))
}

/// [`refuse_the_book`] for the book file `book`.
fn refuse_the_file(book: &Path, output: &Path, what: &str) -> Result<(), CliError> {
    let same = match (std::fs::canonicalize(book), std::fs::canonicalize(output)) {
        (Ok(book), Ok(output)) => book == output,
        _ => false,
    };
    if same {
        return Err(CliError::Refused(format!(
            "{} is the book itself: write {what} to another file",
            crate::domain::shown_path(output)
        )));
    }
    if let Some(suffix) = sqlite_file_of(book, output) {
        return Err(CliError::Refused(format!(
            "{} is the book's {suffix} file, which SQLite reads and removes: write {what} to \
             another file",
            crate::domain::shown_path(output)
        )));
    }
    Ok(())
}

/// Which of SQLite's files beside `book` `output` names (`-wal`, `-shm`, `-journal`), whether
/// or not it exists yet: the two directories compared as they resolve, the names as written.
fn sqlite_file_of(book: &Path, output: &Path) -> Option<&'static str> {
    let dir = |path: &Path| {
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::canonicalize(parent).ok()
    };
    let (book_name, output_name) = (book.file_name()?, output.file_name()?);
    let suffix = ["-wal", "-shm", "-journal"].into_iter().find(|suffix| {
        let mut name = book_name.to_owned();
        name.push(suffix);
        name == output_name
    })?;
    (dir(book)? == dir(output)?).then_some(suffix)
}

/// `csm backup FILE`: a consistent copy of the book at `book`.
pub(super) fn backup(book: &Path, dest: &Path, force: bool) -> Result<(), CliError> {
    if output::is_stdout(dest) {
        // SQLite writes the copy by name, page by page: it cannot go down a pipe.
        return Err(CliError::Refused(format!(
            "a backup is a file of its own, not a stream: give a file name instead of {}",
            crate::domain::shown_path(dest)
        )));
    }
    refuse_the_file(book, dest, "the backup")?;
    match store::backup_file(book, dest, force) {
        Ok(report) => write_stdout(&format!(
            "wrote {}: a copy of the book at {}, {} bytes\n",
            crate::domain::shown_path(&report.path),
            crate::domain::shown_path(book),
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
/// and the verdict as the error (exit 3). With `json`, stdout is one JSON object either way.
pub(super) fn check(book: &Path, json: bool) -> Result<(), CliError> {
    let report = store::check(book)?;
    if json {
        write_stdout(&check_json(book, &report)?)?;
    } else if report.is_intact() {
        let mut line = format!(
            "ok: the book at {} is intact ({}, schema {})",
            crate::domain::shown_path(book),
            plural(report.accounts.unwrap_or(0), "account"),
            report.schema
        );
        if report.schema < report.latest {
            let _ =
                write!(line, "; csm brings it to schema {} when it next opens it", report.latest);
        }
        line.push('\n');
        return write_stdout(&line);
    } else {
        write_stdout(&problems_text(&report))?;
    }
    if report.is_intact() {
        return Ok(());
    }
    let found = plural(report.problems.len() + report.more, "problem");
    Err(CliError::NotIntact(format!(
        "the book at {} is not intact: {found} found",
        crate::domain::shown_path(book)
    )))
}

/// `csm check --json`: the verdict and each problem, as the text says them.
fn check_json(book: &Path, report: &store::CheckReport) -> Result<String, CliError> {
    #[derive(serde::Serialize)]
    struct Verdict {
        book: String,
        intact: bool,
        accounts: Option<usize>,
        schema: usize,
        latest_schema: usize,
        problems: Vec<String>,
        /// Problems found beyond those listed, counted only.
        more: usize,
    }
    let verdict = Verdict {
        book: crate::domain::shown_path(book),
        intact: report.is_intact(),
        accounts: report.accounts,
        schema: report.schema,
        latest_schema: report.latest,
        problems: report.problems.iter().map(ToString::to_string).collect(),
        more: report.more,
    };
    let text = crate::format::json::to_string_pretty(&verdict)
        .map_err(|e| CliError::Output(std::io::Error::other(e)))?;
    Ok(text + "\n")
}

/// Each problem of `report` on a line of its own.
fn problems_text(report: &store::CheckReport) -> String {
    let mut text = String::new();
    for problem in &report.problems {
        // Table names and SQLite's messages come from the file, which may be anyone's: made
        // safe and cut like any message, so a line stays within MESSAGE_LINE_CHARS.
        let problem = terminal_safe(&problem.to_string()).into_owned();
        let room = MESSAGE_LINE_CHARS - "problem: ".len();
        let _ = writeln!(text, "problem: {}", cut(&problem, room));
    }
    if report.more > 0 {
        let _ = writeln!(text, "problem: ... and {} more", report.more);
    }
    text
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}
