//! `csm calendar`: the renewals and the open todos' due days as an iCalendar file (see
//! [`crate::ical`]), to a file or standard output. A read: it must not write the book.

use std::path::PathBuf;

use chrono::{Days, NaiveDate};

use super::CliError;
use super::emit::Emit;
use crate::config::Config;
use crate::ical::{Span, calendar};
use crate::paths::BookLocation;
use crate::store::Store;

/// The arguments of `csm calendar`.
#[derive(Debug, clap::Args)]
pub struct CalendarArgs {
    /// Write to FILE.ics (readable by its owner only) instead of standard output; `-` means
    /// standard output. Importing it again into a calendar updates its events: each has a UID
    /// of its own record.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// How many days ahead of the as-of date to include (open todos already overdue are in).
    #[arg(long, value_name = "DAYS", default_value_t = 365,
          value_parser = clap::value_parser!(u32).range(0..=3650))]
    pub horizon: u32,
}

/// Runs `csm calendar` on the book at `book_path`.
pub(super) fn run(
    store: &Store,
    book_path: &BookLocation,
    config: &Config,
    as_of: NaiveDate,
    args: &CalendarArgs,
) -> Result<(), CliError> {
    let what = format!("the calendar as of {as_of}");
    let emit = Emit::to(book_path, args.output.as_deref(), &what)?;
    let (mut accounts, todos, churned) = store
        .snapshot(|store| Ok((store.accounts()?, store.open_todos()?, store.churned_at(as_of)?)))?;
    // A churned account renews no more, whatever date its CRM still gives it.
    accounts.retain(|a| !churned.contains(&a.id));
    let to = as_of.checked_add_days(Days::new(args.horizon.into())).unwrap_or(NaiveDate::MAX);
    let span = Span { from: as_of, to };
    emit.write(&calendar(&accounts, &todos, span, as_of, &config.book.currency))
}
