//! The account list's filters: which accounts of the book pass them, how each one steps
//! through its values, and how they read in the list's title. They judge one account at a
//! time: they must not read the store, score, or order rows.

use chrono::NaiveDate;

use crate::book::BookEntry;
use crate::domain::Segment;
use crate::scoring::{Band, RenewalPhase, SignalCode};

/// The filters of the account list; all of them apply together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub band: Option<Band>,
    pub segment: Option<Segment>,
    pub owner: Option<String>,
    pub phase: Option<RenewalPhase>,
    pub signal: Option<SignalCode>,
    /// The churned accounts instead of the active book: an account churned at the as-of date
    /// has left the list (SPEC 12), and this brings back those, and only those.
    pub churned: bool,
}

impl Filters {
    /// The active filters in words, for the list's title.
    #[must_use]
    pub fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(band) = self.band {
            out.push(band.word().to_owned());
        }
        if let Some(segment) = self.segment {
            out.push(segment.code().replace('_', "-"));
        }
        if let Some(owner) = &self.owner {
            out.push(owner.clone());
        }
        if let Some(phase) = self.phase {
            out.push(format!("renewal {}", phase.code()));
        }
        if let Some(signal) = self.signal {
            out.push(signal.code().to_owned());
        }
        if self.churned {
            out.push("churned".to_owned());
        }
        out
    }

    /// Whether `entry` passes every filter at `as_of`.
    #[must_use]
    pub fn pass(&self, entry: &BookEntry, as_of: NaiveDate) -> bool {
        let (account, summary) = (&entry.account, &entry.summary);
        entry.churned == self.churned
            && self.band.is_none_or(|b| summary.band == b)
            && self.segment.is_none_or(|s| account.segment == Some(s))
            && self.owner.as_ref().is_none_or(|o| account.owner.as_ref() == Some(o))
            && self.phase.is_none_or(|p| {
                account.renewal_date.map(|d| RenewalPhase::of((d - as_of).num_days())) == Some(p)
            })
            && self.signal.is_none_or(|s| summary.signals.contains(&s, SignalCode::ALL))
    }

    /// Steps the filter `which` to its next value, after the last value off again; the owners
    /// to step through are the book's.
    pub fn cycle(&mut self, which: FilterKind, owners: &[String]) {
        match which {
            FilterKind::Band => {
                self.band =
                    next_of(self.band, &[Band::AtRisk, Band::Watch, Band::Healthy, Band::Unscored]);
            }
            FilterKind::Segment => self.segment = next_of(self.segment, Segment::ALL),
            FilterKind::Owner => self.owner = next_of(self.owner.clone(), owners),
            FilterKind::Phase => self.phase = next_of(self.phase, &RenewalPhase::ALL),
            FilterKind::Signal => self.signal = next_of(self.signal, SignalCode::ALL),
            FilterKind::Churned => self.churned = !self.churned,
        }
    }
}

/// Which filter a key cycles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKind {
    Band,
    Segment,
    Owner,
    Phase,
    Signal,
    /// The churned accounts, or back to the active book.
    Churned,
}

fn next_of<T: Clone + PartialEq>(current: Option<T>, all: &[T]) -> Option<T> {
    match current {
        None => all.first().cloned(),
        Some(value) => all.iter().position(|v| *v == value).and_then(|i| all.get(i + 1)).cloned(),
    }
}
