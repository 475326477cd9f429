//! `csm import KIND FILE`: reads the file, imports it and prints what happened, or every
//! problem as `FILE:LINE: COLUMN: reason` and that nothing was written. A contract for scripts:
//! keep the flags and the exit codes stable.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::CliError;
use crate::config::Config;
use crate::format::thousands;
use crate::import::{DateOrder, Encoding, HeaderMap};
use crate::import::{Failure, Kind, Options, Summary, import_bytes};
use crate::store::Store;

/// The flags of `csm import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// What the file holds: accounts, contacts, usage, features, tickets, nps, interactions or
    /// opportunities (import accounts first: the others refer to them).
    pub kind: Kind,
    /// The CSV (comma or semicolon) or JSON lines file.
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
}

/// Runs `csm import`.
///
/// # Errors
/// The file cannot be read or has problems (nothing written), or the store failed.
pub fn run(
    store: &mut Store,
    config: &Config,
    args: &ImportArgs,
    as_of: NaiveDate,
) -> Result<String, CliError> {
    let shown = args.file.display().to_string();
    let bytes = std::fs::read(&args.file)
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
    };
    match import_bytes(store, config, args.kind, bytes, &options, as_of) {
        Ok(summary) => Ok(describe(&shown, &summary)),
        Err(Failure::Problems { problems, more }) => {
            let mut lines: Vec<String> = problems.iter().map(|p| p.located(&shown)).collect();
            if more > 0 {
                lines.push(format!("… and {} more problems", thousands(more as u64)));
            }
            lines.push(format!("nothing was imported from {shown}"));
            Err(CliError::Refused(lines.join("\n")))
        }
        Err(Failure::Store(e)) => Err(e.into()),
    }
}

fn read_map(path: &Path, kind: Kind) -> Result<HeaderMap, CliError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Refused(format!("cannot read {shown}: {e}")))?;
    let map = HeaderMap::parse(&text).map_err(|p| CliError::Refused(p.located(&shown)))?;
    map.check(kind).map_err(|p| CliError::Refused(p.located(&shown)))?;
    Ok(map)
}

/// The summary a person reads after an import.
fn describe(file: &str, summary: &Summary) -> String {
    let t = &summary.tally;
    let n = |v: usize| thousands(v as u64);
    let verb = if summary.dry_run { "would import" } else { "imported" };
    let mut out = format!(
        "{file}: {verb} {} rows of {}: {} new, {} updated, {} unchanged\n",
        n(summary.rows),
        summary.kind,
        n(t.new),
        n(t.updated),
        n(t.unchanged)
    );
    if t.repeated > 0 {
        out.push_str(&format!(
            "{} rows repeat an earlier row of the file: the later row won\n",
            n(t.repeated)
        ));
    }
    if !summary.ignored.is_empty() {
        let ignored: Vec<String> =
            summary.ignored.iter().map(|h| crate::domain::terminal_safe(h).into_owned()).collect();
        out.push_str(&format!("columns ignored: {}\n", ignored.join(", ")));
    }
    if summary.dry_run {
        out.push_str("nothing was written (dry run)\n");
    } else if summary.accounts_changed > 0 {
        out.push_str(&format!("rescored {} accounts\n", n(summary.accounts_changed)));
    }
    out
}
