//! `csm retention`: gross, net and logo retention of the renewals due in each of the last four
//! full quarters and their span, for the book and by segment (SPEC 12), as text or JSON. A read:
//! it must not write the book nor compute a figure itself (see [`crate::outcomes`]).

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::CliError;
use crate::domain::Segment;
use crate::outcomes::{Retention, json, retention_at};
use crate::store::Store;

/// `csm retention` at `as_of`.
pub(super) fn run(store: &Store, as_of: NaiveDate, as_json: bool) -> Result<String, CliError> {
    let periods = retention_at(store, as_of)?;
    Ok(if as_json { json::retention(as_of, &periods) } else { text(as_of, &periods) })
}

/// A percentage as the text shows it, or a dash where it cannot be computed.
pub(super) fn percent_text(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v:.1} %"))
}

/// The text: one block per period, the book first, then each segment that had renewals.
fn text(as_of: NaiveDate, periods: &[Retention]) -> String {
    let mut out = format!(
        "Retention as of {as_of}: the renewals due in each period and closed by then\n\
         GRR = kept ARR (at most the ARR before) / ARR before; NRR = ARR after / ARR before;\n\
         logo = renewed / renewals.\n\n"
    );
    let _ = writeln!(
        out,
        "{:<25}  {:<13} {:>8}  {:>8}  {:>8}  {:>8}",
        "Period", "Segment", "Renewals", "GRR", "NRR", "Logo"
    );
    let mut last = None;
    for r in periods {
        if r.segment.is_some() && r.records.is_empty() {
            continue;
        }
        let period = format!("{} to {}", r.period.start, r.period.end);
        let shown = if last == Some(r.period) { String::new() } else { period };
        last = Some(r.period);
        let _ = writeln!(
            out,
            "{shown:<25}  {:<13} {:>8}  {:>8}  {:>8}  {:>8}",
            r.segment.map_or("book", Segment::code),
            r.records.len(),
            percent_text(r.grr),
            percent_text(r.nrr),
            percent_text(r.logo),
        );
    }
    if periods.iter().all(|r| r.records.is_empty()) {
        out.push_str(
            "\nNo renewal closed in these periods yet: record outcomes with `csm renewal record` \
             or import them (`csm import renewals FILE`).\n",
        );
    }
    out
}
