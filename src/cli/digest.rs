//! `csm digest`: the day's digest of the book (see [`crate::digest`]) as Markdown for an email
//! or a chat, or as JSON, to standard output or a file. A read: the scores come from the cache as
//! for `report`, and it must not write the book's records.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::CliError;
use super::emit::Emit;
use crate::book::{ScoredBook, account_detail};
use crate::config::Config;
use crate::digest::Digest;
use crate::paths::BookLocation;
use crate::scoring::Depth;
use crate::store::Store;

/// The arguments of `csm digest`.
#[derive(Debug, clap::Args)]
pub struct DigestArgs {
    /// How many accounts needing attention to list.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Print JSON with the same content: `attention` (accounts named as in `report --json`, with
    /// their `reasons`), `renewals`, `overdue` and `due_today`.
    #[arg(long)]
    pub json: bool,
    /// Write to FILE (readable by its owner only) instead of standard output; `-` means
    /// standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `csm digest` on the book at `book_path`.
pub(super) fn run(
    store: &mut Store,
    book_path: &BookLocation,
    config: &Config,
    as_of: NaiveDate,
    args: &DigestArgs,
) -> Result<(), CliError> {
    let what = format!("the digest as of {as_of}");
    let emit = Emit::to(book_path, args.output.as_deref(), &what)?;
    let book = ScoredBook::load(store, config, as_of)?;
    let todos = store.open_todos()?;
    let mut failed = None;
    let digest = Digest::of(&book, &todos, args.limit, |entry| {
        match account_detail(store, config, entry.account.id, as_of, Depth::Report) {
            Ok(detail) => detail,
            Err(e) => {
                failed.get_or_insert(e);
                None
            }
        }
    });
    if let Some(e) = failed {
        return Err(e.into());
    }
    let text = if args.json {
        crate::format::json::to_string_pretty(&digest)
            .map_err(|e| CliError::Output(std::io::Error::other(e)))?
            + "\n"
    } else {
        digest.markdown(&config.book.currency)
    };
    emit.write(&text)
}
