//! `csm restore FILE`: writes a book back from its JSON export (`csm export`) into an empty book,
//! every record under its id, in one transaction; says what it wrote in a line, or why nothing
//! was (`FILE: path: reason`). `-` reads standard input. It must not merge into a book that
//! holds records.

use std::path::PathBuf;

use super::CliError;
use crate::config::Config;
use crate::domain::shown_path;
use crate::format::thousands;
use crate::restore::{RestoreError, restore};
use crate::store::Store;

/// The flags of `csm restore`.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The JSON file `csm export` wrote; `-` reads standard input.
    pub file: PathBuf,
}

/// Runs `csm restore`: the line saying what was written.
///
/// # Errors
/// The file cannot be read or is not a whole export, the book is not empty (nothing written),
/// or the store failed.
pub fn run(store: &mut Store, config: &Config, args: &RestoreArgs) -> Result<String, CliError> {
    let stdin = args.file.as_os_str() == "-";
    let shown = if stdin { "standard input".to_owned() } else { shown_path(&args.file) };
    let restored = if stdin {
        restore(store, &config.book.currency, std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(&args.file)
            .map_err(|e| CliError::Refused(format!("cannot read {shown}: {e}")))?;
        restore(store, &config.book.currency, file)
    };
    let restored = restored.map_err(|e| match e {
        RestoreError::Store(e) => CliError::Store(e),
        RestoreError::NotEmpty(_) | RestoreError::Source(_) => {
            CliError::Refused(format!("{e}; nothing was restored"))
        }
        RestoreError::Document { .. } => {
            CliError::Refused(format!("{shown}: {e}\nnothing was restored from {shown}"))
        }
    })?;
    let n = |v: usize| thousands(u64::try_from(v).unwrap_or(u64::MAX));
    Ok(format!(
        "{shown}: restored {} accounts, {} contacts and {} other records\n",
        n(restored.accounts),
        n(restored.contacts),
        n(restored.records)
    ))
}
