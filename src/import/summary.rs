//! What an import did, in lines a person reads: the counts, the rows merged, the columns ignored,
//! or every problem located as `FILE:LINE: COLUMN: reason` and that nothing was written. Shared
//! by the command line and the workspace; it must not print.

use super::{Failure, Summary};
use crate::domain::terminal_safe;
use crate::format::thousands;

fn n(v: usize) -> String {
    thousands(u64::try_from(v).unwrap_or(u64::MAX))
}

/// "1 row", "2 rows", "1,000 rows".
fn rows(v: usize) -> String {
    if v == 1 { "1 row".to_owned() } else { format!("{} rows", n(v)) }
}

/// The lines describing a finished import of `file`.
#[must_use]
pub fn describe(file: &str, summary: &Summary) -> Vec<String> {
    let t = &summary.tally;
    let verb = if summary.dry_run { "would import" } else { "imported" };
    let mut lines = vec![format!(
        "{file}: {verb} {} of {}: {} new, {} updated, {} unchanged",
        rows(summary.rows),
        summary.kind,
        n(t.new),
        n(t.updated),
        n(t.unchanged)
    )];
    if t.merged > 0 {
        lines.push(format!(
            "{} merged into an earlier row of the file with the same key: later values win, \
             blank cells keep earlier ones",
            rows(t.merged)
        ));
    }
    lines.extend(summary.notes.iter().map(|note| terminal_safe(note).into_owned()));
    if !summary.ignored.is_empty() {
        let ignored: Vec<String> =
            summary.ignored.iter().map(|h| terminal_safe(h).into_owned()).collect();
        lines.push(format!("columns ignored: {}", ignored.join(", ")));
    }
    if summary.dry_run {
        lines.push("nothing was written (dry run)".to_owned());
    } else if summary.accounts_changed > 0 {
        let noun = if summary.accounts_changed == 1 { "account" } else { "accounts" };
        lines.push(format!("rescored {} {noun}", n(summary.accounts_changed)));
    }
    lines
}

/// The lines saying why nothing was imported from `file`; `None` for a store failure (which
/// is an error of its own, not of the file).
#[must_use]
pub fn refused(file: &str, failure: &Failure) -> Option<Vec<String>> {
    let Failure::Problems { problems, more } = failure else { return None };
    let mut lines: Vec<String> = problems.iter().map(|p| p.located(file)).collect();
    if *more > 0 {
        lines.push(format!("… and {} more problems", n(*more)));
    }
    lines.push(format!("nothing was imported from {file}"));
    Some(lines)
}
