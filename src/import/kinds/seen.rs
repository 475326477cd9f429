//! The keys of the daily rows a file has written, to tell a row that repeats an earlier one.
//! Files are nearly always sorted by account and date, so while keys come in order they are
//! kept as runs of consecutive days (a year of one account's usage is one run, where a set would
//! hold 365 entries); only keys that come after a greater one go into a set.

use std::collections::HashSet;

/// A daily row's key: account, day number, feature (0 for usage).
pub type DayKey = (i64, i32, i64);

/// A set of [`DayKey`]s.
#[derive(Debug, Default)]
pub struct SeenDays {
    /// Keys that came in increasing order, as runs: the first key, and the last day of the run
    /// (same account and feature, every day in between).
    runs: Vec<(DayKey, i32)>,
    /// Keys that came after a greater key.
    scattered: HashSet<DayKey>,
}

impl SeenDays {
    /// Adds `key`; whether it was not there yet.
    pub fn insert(&mut self, key: DayKey) -> bool {
        let Some((start, end)) = self.runs.last_mut() else {
            self.runs.push((key, key.1));
            return true;
        };
        let last = (start.0, *end, start.2);
        if key <= last {
            // Every key in the set but the scattered ones is at most `last`.
            return !self.in_runs(key) && self.scattered.insert(key);
        }
        // Greater than every key so far: new, and either the next day of the last run or a run
        // of its own.
        if key.0 == last.0 && key.2 == last.2 && end.checked_add(1) == Some(key.1) {
            *end = key.1;
        } else {
            self.runs.push((key, key.1));
        }
        true
    }

    /// Whether `key` is in one of the runs: runs are disjoint and in increasing order, so only
    /// the last run starting at or before `key` can hold it.
    fn in_runs(&self, key: DayKey) -> bool {
        let after = self.runs.partition_point(|(start, _)| *start <= key);
        let Some(&(start, end)) = after.checked_sub(1).and_then(|i| self.runs.get(i)) else {
            return false;
        };
        key.0 == start.0 && key.2 == start.2 && (start.1..=end).contains(&key.1)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::{DayKey, SeenDays};

    /// The same answers as a plain set, for keys in order, out of order and repeated.
    #[test]
    fn answers_as_a_set() {
        let mut keys: Vec<DayKey> = Vec::new();
        for account in 1..4 {
            for day in 100..110 {
                keys.push((account, day, 0));
            }
        }
        // Repeats, gaps, features, and keys before the runs.
        keys.extend([(2, 105, 0), (2, 120, 0), (2, 99, 0), (2, 99, 0), (3, 109, 0), (3, 110, 0)]);
        keys.extend([
            (0, 1, 0),
            (4, 1, 7),
            (4, 1, 8),
            (4, 1, 7),
            (4, 2, 7),
            (4, 2, 7),
            (1, 100, 1),
        ]);
        let (mut seen, mut set) = (SeenDays::default(), HashSet::new());
        for key in keys {
            assert_eq!(seen.insert(key), set.insert(key), "{key:?}");
        }
    }

    #[test]
    fn a_sorted_year_is_one_run() {
        let mut seen = SeenDays::default();
        assert!((0..365).all(|day| seen.insert((1, day, 0))));
        assert_eq!(seen.runs.len(), 1);
        assert!(!seen.insert((1, 200, 0)));
        assert!(seen.scattered.is_empty());
    }
}
