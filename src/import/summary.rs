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
    if summary.skipped_rows() > 0 {
        let verb = if summary.dry_run { "would skip" } else { "skipped" };
        lines.push(format!(
            "{verb} {} naming an account the book does not have:",
            rows(summary.skipped_rows())
        ));
        lines.extend(summary.skipped.iter().map(|p| format!("  {}", p.located(file))));
        if summary.skipped_more > 0 {
            lines.push(format!("  … and {} more", rows(summary.skipped_more)));
        }
    }
    lines.extend(summary.notes.iter().map(|note| terminal_safe(note).into_owned()));
    if !summary.ignored.is_empty() {
        lines.push(format!("columns ignored: {}", listed(&summary.ignored)));
    }
    if summary.dry_run {
        lines.push("nothing was written (dry run)".to_owned());
    } else if summary.accounts_changed > 0 {
        let noun = if summary.accounts_changed == 1 { "account" } else { "accounts" };
        lines.push(format!("rescored {} {noun}", n(summary.accounts_changed)));
    }
    lines
}

/// Columns named in the summary; a file of thousands of columns gets a count of the rest.
pub const LISTED_COLUMNS: usize = 20;

/// The first [`LISTED_COLUMNS`] of `headers`, terminal-safe, then how many more there are.
#[must_use]
pub fn listed(headers: &[String]) -> String {
    let shown: Vec<String> =
        headers.iter().take(LISTED_COLUMNS).map(|h| terminal_safe(h).into_owned()).collect();
    let mut text = shown.join(", ");
    if headers.len() > LISTED_COLUMNS {
        text.push_str(&format!(" and {} more", n(headers.len() - LISTED_COLUMNS)));
    }
    text
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{Kind, Tally};

    /// A file of a hundred thousand ignored columns names the first twenty, then counts the
    /// rest, on one short line.
    #[test]
    fn ignored_columns_are_listed_up_to_a_cap_then_counted() {
        let ignored: Vec<String> = (1..=100_000).map(|i| format!("c{i}")).collect();
        let summary = Summary {
            kind: Kind::Accounts,
            rows: 1,
            tally: Tally::default(),
            ignored,
            notes: Vec::new(),
            accounts_changed: 0,
            dry_run: true,
            skipped: Vec::new(),
            skipped_more: 0,
        };
        let lines = describe("a.csv", &summary);
        let first: Vec<String> = (1..=20).map(|i| format!("c{i}")).collect();
        let expected = format!("columns ignored: {} and 99,980 more", first.join(", "));
        assert_eq!(lines[1], expected);
        assert_eq!(listed(&summary.ignored[..20]), first.join(", "));
        assert_eq!(listed(&summary.ignored[..21]), format!("{} and 1 more", first.join(", ")));
    }

    /// Skipped rows are counted, then listed where they are with their reason, up to the cap.
    #[test]
    fn skipped_rows_are_counted_and_listed() {
        let summary = Summary {
            kind: Kind::Contacts,
            rows: 2,
            tally: Tally { new: 2, ..Tally::default() },
            ignored: Vec::new(),
            notes: Vec::new(),
            accounts_changed: 0,
            dry_run: false,
            skipped: vec![crate::import::Problem::cell(3, "account", "no account; nearest: “A”")],
            skipped_more: 4,
        };
        assert_eq!(
            describe("c.csv", &summary),
            [
                "c.csv: imported 2 rows of contacts: 2 new, 0 updated, 0 unchanged",
                "skipped 5 rows naming an account the book does not have:",
                "  c.csv:3: account: no account; nearest: “A”",
                "  … and 4 rows more",
            ]
        );
    }
}
