//! `csm qbr ACCOUNT`: the QBR brief of one account, found by external id or name, to standard
//! output or a file, and as PDF where pandoc or typst is installed. Failures are returned as
//! [`CliError`]s with the candidates or the tool to install.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::files::{refusal, refuse_the_book};
use super::{CliError, write_stdout};
use crate::book::ScoredBook;
use crate::config::Config;
use crate::domain::terminal_safe;
use crate::lookup::find_account;
use crate::output::{self, Destination};
use crate::paths::BookLocation;
use crate::qbr::deck::export::{self, DeckFormat};
use crate::qbr::{self, pdf};
use crate::store::Store;

/// The arguments of `csm qbr`.
#[derive(Debug, clap::Args)]
pub struct QbrArgs {
    /// The account: its external id, its name (case and accents do not matter), or a part of
    /// the name that only it has.
    pub account: String,
    /// Write the brief to FILE (readable by its owner only) instead of standard output; `-` or
    /// /dev/stdout mean standard output. An existing regular FILE is replaced; anything else
    /// (a link, a device, a directory) is refused.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also render the brief as PDF, to FILE with the extension .pdf (only the PDF when FILE
    /// ends in .pdf), with typst when installed, else pandoc with xelatex, lualatex or (for a
    /// brief in Latin letters only) pdflatex.
    #[arg(long, requires = "output")]
    pub pdf: bool,
    /// Write the customer deck instead of the brief: slides for the meeting with the
    /// customer's executives, without internal scores, risks or ids. By FILE's extension:
    /// .pptx through pandoc, .pdf through typst (else pandoc with xelatex or lualatex), any
    /// other name one self-contained HTML file; without -o, the HTML to standard output.
    #[arg(long, conflicts_with = "pdf")]
    pub deck: bool,
}

/// Runs `csm qbr` on the book at `book_path`.
pub(super) fn run(
    store: &mut Store,
    book_path: &BookLocation,
    config: &Config,
    as_of: NaiveDate,
    args: &QbrArgs,
) -> Result<(), CliError> {
    if args.deck {
        return deck(store, book_path, config, as_of, args);
    }
    let destination = match &args.output {
        Some(output) => output::destination(output).map_err(refusal)?,
        None => Destination::Stdout,
    };
    let file = match &destination {
        Destination::Stdout if args.pdf => {
            return Err(CliError::Refused(
                "--pdf writes a file: give it with -o FILE (standard output takes the Markdown \
                 only)"
                    .to_owned(),
            ));
        }
        Destination::Stdout => None,
        Destination::File(output) => {
            let (markdown, pdf) = targets(output, args.pdf);
            for target in markdown.iter().chain(&pdf) {
                refuse_the_book(book_path, target, "the brief")?;
                output::check_target(target).map_err(refusal)?;
            }
            Some((markdown, pdf))
        }
    };
    let book = ScoredBook::load(store, config, as_of)?;
    let accounts: Vec<_> = book.accounts.iter().map(|e| e.account.clone()).collect();
    let account =
        find_account(&accounts, &args.account).map_err(|e| CliError::Refused(e.to_string()))?;
    let name = terminal_safe(&account.name).into_owned();
    let Some(brief) = qbr::brief(store, config, &book, account.id)? else {
        return Err(CliError::Refused(format!("{name} left the book while the brief was made")));
    };
    let Some((markdown, pdf)) = file else {
        return write_stdout(&brief.markdown());
    };
    let mut wrote = Vec::new();
    if let Some(markdown) = markdown {
        output::write_file(&markdown, brief.markdown().as_bytes())?;
        wrote.push(crate::domain::shown_path(&markdown));
    }
    if let Some(target) = pdf {
        let path = std::env::var_os("PATH");
        let tool = pdf::render(&brief, &target, path.as_deref())
            .map_err(|e| CliError::Refused(written_before(&wrote, &e.to_string())))?;
        wrote.push(format!("{} (PDF by {tool})", crate::domain::shown_path(&target)));
    }
    write_stdout(&format!("wrote {}: the QBR brief of {name} as of {as_of}\n", wrote.join(" and ")))
}

/// `csm qbr ACCOUNT --deck`: the customer deck, to standard output (HTML) or to the file `-o`
/// names, in the format its extension asks for.
fn deck(
    store: &mut Store,
    book_path: &BookLocation,
    config: &Config,
    as_of: NaiveDate,
    args: &QbrArgs,
) -> Result<(), CliError> {
    let destination = match &args.output {
        Some(output) => output::destination(output).map_err(refusal)?,
        None => Destination::Stdout,
    };
    let format = match &destination {
        Destination::Stdout => DeckFormat::Html,
        Destination::File(target) => {
            refuse_the_book(book_path, target, "the deck")?;
            DeckFormat::of(target)
        }
    };
    if format != DeckFormat::Html && matches!(destination, Destination::Stdout) {
        return Err(CliError::Refused("a .pptx or .pdf deck is written to a file".to_owned()));
    }
    // One account's records, not the whole book scored: a deck is quick on any book.
    let account = super::record::account(store, &args.account)?;
    let name = terminal_safe(&account.name).into_owned();
    // The choices and texts the CSM made for the open QBR in the workspace, else the facts alone.
    let choices = store.open_qbr(account.id)?.map(|q| q.choices).unwrap_or_default();
    let Some(deck) = qbr::deck::deck(store, config, &account, as_of, &choices)? else {
        return Err(CliError::Refused(format!("{name} left the book while the deck was made")));
    };
    let Destination::File(target) = destination else {
        return write_stdout(&deck.html());
    };
    let path = std::env::var_os("PATH");
    let tool = export::write(&deck, &target, format, path.as_deref())
        .map_err(|e| CliError::Refused(e.to_string()))?;
    let by = tool.map(|t| format!(" (by {t})")).unwrap_or_default();
    write_stdout(&format!(
        "wrote {}{by}: the QBR deck of {name} as of {as_of}, {} slide{}\n",
        crate::domain::shown_path(&target),
        deck.slides.len(),
        if deck.slides.len() == 1 { "" } else { "s" }
    ))
}

/// The files `-o output` asks for: (the Markdown, the PDF). An output named `.pdf` (any case)
/// is the PDF alone, with or without `--pdf`, written under the very name given; else `--pdf`
/// adds the PDF beside the Markdown, its extension `.pdf`.
fn targets(output: &Path, pdf: bool) -> (Option<PathBuf>, Option<PathBuf>) {
    if output.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
        return (None, Some(output.to_path_buf()));
    }
    (Some(output.to_path_buf()), pdf.then(|| output.with_extension("pdf")))
}

/// A PDF failure, saying that the Markdown was written all the same.
fn written_before(wrote: &[String], error: &str) -> String {
    match wrote.first() {
        Some(markdown) => format!("{error} (the Markdown brief is written to {markdown})"),
        None => error.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_named_pdf_is_the_pdf_under_that_very_name() {
        let some = |p: &str| Some(PathBuf::from(p));
        assert_eq!(targets(Path::new("brief.md"), false), (some("brief.md"), None));
        assert_eq!(targets(Path::new("brief.md"), true), (some("brief.md"), some("brief.pdf")));
        assert_eq!(targets(Path::new("brief"), true), (some("brief"), some("brief.pdf")));
        assert_eq!(targets(Path::new("brief.pdf"), false), (None, some("brief.pdf")));
        // It was written to brief.pdf, a file the user did not name.
        assert_eq!(targets(Path::new("Brief.PDF"), true), (None, some("Brief.PDF")));
    }
}
