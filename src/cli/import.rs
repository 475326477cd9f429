//! `csm import KIND FILE`: reads the file, imports it and prints what happened, or every
//! problem as `FILE:LINE: COLUMN: reason` and that nothing was written. A contract for scripts:
//! keep the flags and the exit codes stable.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::CliError;
use crate::config::Config;
use crate::import::{DateOrder, Encoding, HeaderMap};
use crate::import::{Failure, Input, Kind, Options, describe, import_file, refused};
use crate::store::Store;

/// The flags of `csm import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// What the file holds: accounts, contacts, usage, features, tickets, nps, interactions,
    /// opportunities (import accounts first: the others refer to them), users (the people who
    /// own accounts: owner ids and emails then read as their names) or renewals (how past
    /// renewals ended: history only, never an account's current ARR or renewal date).
    pub kind: Kind,
    /// The CSV (comma, semicolon or tab) or JSON lines file; `-` reads standard input.
    pub file: PathBuf,
    /// Check the file and say what would be new, updated and unchanged; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// A TOML file mapping the file's other headers to fields.
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
    /// How slashed dates read: mdy (12/31/2026) or dmy (31/12/2026).
    #[arg(long, value_name = "ORDER")]
    pub date_format: Option<DateOrder>,
    /// The file's encoding when it is not UTF-8: windows-1252.
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<Encoding>,
    /// The system the file comes from (salesforce, hubspot, zendesk…): an account keeps one id
    /// per source, so a second system's export of the same companies finds them (by domain,
    /// then name, the first time) instead of adding them again. Told by the headers when not
    /// given; `csv` when they name no system.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// Import the other rows when some name an account the book does not have, and list the
    /// rows skipped (file, line, the reference and the nearest account names).
    #[arg(long)]
    pub skip_unmatched: bool,
    /// Do not run the playbooks after the import (a script importing several files can run
    /// `csm playbooks run` once after the last).
    #[arg(long)]
    pub no_playbooks: bool,
}

/// Runs `csm import`: what to print, and whether the book changed.
///
/// # Errors
/// The file cannot be read or has problems (nothing written), or the store failed.
pub fn run(
    store: &mut Store,
    config: &Config,
    args: &ImportArgs,
    as_of: NaiveDate,
    feedback: &std::sync::Arc<super::feedback::Feedback>,
) -> Result<(String, bool), CliError> {
    let stdin = args.file.as_os_str() == "-";
    let shown =
        if stdin { "standard input".to_owned() } else { crate::domain::shown_path(&args.file) };
    // Standard input can be read once only, and an import reads its file several times: it is
    // copied to a temporary file first, as a pipe given by name is.
    let input = if stdin { Input::stdin() } else { Input::open_path(&args.file) }
        .map_err(|e| CliError::Refused(format!("cannot read {shown}: {e}")))?;
    let map = match &args.map {
        Some(path) => read_map(path, args.kind)?,
        None => HeaderMap::default(),
    };
    let options = Options {
        dry_run: args.dry_run,
        map,
        date_order: args.date_format,
        encoding: args.encoding.unwrap_or_default(),
        source: args.source.as_deref().and_then(crate::import::source_named),
        progress: feedback.import_progress(input.len()),
        skip_unmatched: args.skip_unmatched,
    };
    match import_file(store, config, args.kind, &input, &options, as_of) {
        Ok(summary) => {
            let changed = !summary.dry_run && summary.tally.new + summary.tally.updated > 0;
            Ok((describe(&shown, &summary).join("\n") + "\n", changed))
        }
        Err(failure) => match refused(&shown, &failure) {
            Some(lines) => Err(CliError::Refused(lines.join("\n"))),
            None => match failure {
                Failure::Store(e) => Err(e.into()),
                Failure::Problems { .. } => {
                    Err(CliError::Refused(format!("nothing was imported from {shown}")))
                }
            },
        },
    }
}

fn read_map(path: &Path, kind: Kind) -> Result<HeaderMap, CliError> {
    let shown = crate::domain::shown_path(path);
    let text = crate::config::read_text_file(path)
        .map_err(|e| CliError::Refused(format!("cannot read {shown}: {e}")))?;
    let map = HeaderMap::parse(&text).map_err(|p| CliError::Refused(p.located(&shown)))?;
    map.check(kind).map_err(|p| CliError::Refused(p.located(&shown)))?;
    Ok(map)
}
