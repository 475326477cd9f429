//! `csm qbr ACCOUNT`: the QBR brief of one account, found by external id or name, to standard
//! output or a file, and as PDF where pandoc or typst is installed. Failures are returned as
//! [`CliError`]s with the candidates or the tool to install.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{CliError, files::refuse_the_book, write_stdout};
use crate::book::ScoredBook;
use crate::config::Config;
use crate::domain::terminal_safe;
use crate::lookup::find_account;
use crate::qbr::{self, pdf, write_atomically};
use crate::store::Store;

/// The arguments of `csm qbr`.
#[derive(Debug, clap::Args)]
pub struct QbrArgs {
    /// The account: its external id, its name (case and accents do not matter), or a part of
    /// the name that only it has.
    pub account: String,
    /// Write the brief to FILE instead of standard output. An existing FILE is replaced.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also render the brief as PDF, to FILE with the extension .pdf (only the PDF when FILE
    /// ends in .pdf), with pandoc or typst, whichever is installed.
    #[arg(long, requires = "output")]
    pub pdf: bool,
}

/// Runs `csm qbr` on the book at `book_path`.
pub(super) fn run(
    store: &mut Store,
    book_path: &Path,
    config: &Config,
    as_of: NaiveDate,
    args: &QbrArgs,
) -> Result<(), CliError> {
    if let Some(output) = &args.output {
        refuse_the_book(book_path, output)?;
    }
    let book = ScoredBook::load(store, config, as_of)?;
    let accounts: Vec<_> = book.accounts.iter().map(|e| e.account.clone()).collect();
    let account =
        find_account(&accounts, &args.account).map_err(|e| CliError::Refused(e.to_string()))?;
    let name = terminal_safe(&account.name).into_owned();
    let Some(brief) = qbr::brief(store, config, &book, account.id)? else {
        return Err(CliError::Refused(format!("{name} left the book while the brief was made")));
    };
    let Some(output) = &args.output else {
        return write_stdout(&brief.markdown());
    };
    let pdf_only = output.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let mut wrote = Vec::new();
    if !pdf_only {
        write_atomically(output, &brief.markdown())?;
        wrote.push(output.display().to_string());
    }
    // An output named .pdf asks for the PDF, with or without --pdf.
    if args.pdf || pdf_only {
        let target = output.with_extension("pdf");
        let path = std::env::var_os("PATH");
        let tool = pdf::render(&brief, &target, path.as_deref())
            .map_err(|e| CliError::Refused(written_before(&wrote, &e.to_string())))?;
        wrote.push(format!("{} (PDF by {tool})", target.display()));
    }
    write_stdout(&format!("wrote {}: the QBR brief of {name} as of {as_of}\n", wrote.join(" and ")))
}

/// A PDF failure, saying that the Markdown was written all the same.
fn written_before(wrote: &[String], error: &str) -> String {
    match wrote.first() {
        Some(markdown) => format!("{error} (the Markdown brief is written to {markdown})"),
        None => error.to_owned(),
    }
}
