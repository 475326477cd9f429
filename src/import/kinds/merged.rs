//! The records a file names, each once however many of its rows name it (SPEC 7: two rows with
//! one key, the later wins): rows are laid over the record in memory, and only once every row is
//! in is each record compared with how it was stored before the file, and written if it differs.
//! So a file naming a record twice imports the second time as any other file: unchanged, no
//! revision moved. It must not parse cells or speak SQL.

use std::collections::HashSet;
use std::hash::Hash;
use std::mem;

use crate::store::Outcome;

/// The records a file's rows name: how each is found (`H`: its id, provisional for a new one,
/// or its natural key) and how it was stored before the file (`None`: it is new), in the order
/// of their first rows.
pub(super) struct FileRecords<H, R> {
    first_rows: Vec<(H, Option<R>)>,
    named: HashSet<H>,
}

impl<H, R> Default for FileRecords<H, R> {
    fn default() -> Self {
        Self { first_rows: Vec::new(), named: HashSet::new() }
    }
}

impl<H: Eq + Hash + Clone, R> FileRecords<H, R> {
    /// Notes a row naming the record `handle`; `stored` (asked only on the record's first row)
    /// is how it was stored before the file. Whether an earlier row named it: the row merged
    /// into that one.
    pub(super) fn note(&mut self, handle: &H, stored: impl FnOnce() -> Option<R>) -> bool {
        if self.named.contains(handle) {
            return true;
        }
        self.named.insert(handle.clone());
        self.first_rows.push((handle.clone(), stored()));
        false
    }

    /// The records named, in the order of their first rows, with how each was stored.
    pub(super) fn take(&mut self) -> Vec<(H, Option<R>)> {
        self.named.clear();
        mem::take(&mut self.first_rows)
    }
}

/// What writing `record`, stored as `stored` before the file, does to the book.
pub(super) fn outcome<R: PartialEq>(stored: Option<&R>, record: &R) -> Outcome {
    match stored {
        None => Outcome::New,
        Some(stored) if stored == record => Outcome::Unchanged,
        Some(_) => Outcome::Updated,
    }
}

#[cfg(test)]
mod tests {
    use super::{FileRecords, outcome};
    use crate::store::Outcome;

    #[test]
    fn a_record_is_noted_once_with_how_it_was_before_its_first_row() {
        let mut named: FileRecords<i64, &str> = FileRecords::default();
        assert!(!named.note(&7, || Some("stored")));
        assert!(named.note(&7, || panic!("asked again")));
        assert!(!named.note(&-1, || None));
        assert_eq!(named.take(), [(7, Some("stored")), (-1, None)]);
        assert!(!named.note(&7, || None), "taken: a fresh start");
    }

    #[test]
    fn the_outcome_compares_with_the_record_before_the_file() {
        assert_eq!(outcome(None, &1), Outcome::New);
        assert_eq!(outcome(Some(&1), &1), Outcome::Unchanged);
        assert_eq!(outcome(Some(&1), &2), Outcome::Updated);
    }
}
