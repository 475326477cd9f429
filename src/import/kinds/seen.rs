//! The keys of the daily rows a file has named, to tell a row that repeats an earlier one. Each
//! account's (and feature's) days are kept as a bitmap from the first day the file names for it:
//! a year of daily rows is 46 bytes whatever order the rows come in (by account, by date, newest
//! first), days skipped (weekends) cost a bit each. The bitmaps together never pass
//! [`MAX_BITMAP_BYTES`]: a key they cannot hold is left to the caller, who keeps it in the store
//! (a file of millions of rows spread over centuries must not fill memory).

use std::collections::HashMap;

/// A daily row's key: account, day number, feature (0 for usage).
pub type DayKey = (i64, i32, i64);

/// The most memory the bitmaps may take: 32 MiB holds 268 million days. The crate's own tests
/// hold a few days only, so that their files take the path of a file too large for memory.
pub const MAX_BITMAP_BYTES: usize = if cfg!(test) { 100 } else { 32 << 20 };

/// A set of [`DayKey`]s, as far as memory allows.
#[derive(Debug)]
pub struct SeenDays {
    /// Where each (account, feature)'s days are in `days`.
    index: HashMap<(i64, i64), usize>,
    days: Vec<Days>,
    /// The last (account, feature) asked for and its place: rows of one come together.
    last: Option<((i64, i64), usize)>,
    /// The bytes the bitmaps take, and the most they may.
    bytes: usize,
    max_bytes: usize,
    /// Set once a key did not fit: no bitmap is made or grown after, so that a key left to the
    /// caller is never answered here.
    full: bool,
}

/// One (account, feature)'s days: bit `i` of word `w` is day `first + 64 * w + i`.
#[derive(Debug)]
struct Days {
    first: i64,
    words: Vec<u64>,
}

impl Default for SeenDays {
    fn default() -> Self {
        Self::new(MAX_BITMAP_BYTES)
    }
}

impl SeenDays {
    /// An empty set whose bitmaps take at most `max_bytes`.
    #[must_use]
    pub fn new(max_bytes: usize) -> Self {
        Self {
            index: HashMap::new(),
            days: Vec::new(),
            last: None,
            bytes: 0,
            max_bytes,
            full: false,
        }
    }

    /// Adds `key`; whether it was not there yet, or `None` when memory cannot hold it (the
    /// caller keeps it elsewhere; such a key is never held here later).
    pub fn insert(&mut self, key: DayKey) -> Option<bool> {
        let (account, day, feature) = key;
        let slot = self.slot((account, feature), day)?;
        let days = &mut self.days[slot];
        let offset = i64::from(day) - days.first;
        if offset < 0 || offset >= 64 * days.words.len() as i64 {
            let Some((before, after)) = self.growth(slot, i64::from(day)) else {
                self.full = true;
                return None;
            };
            self.grow(slot, before, after);
        }
        let days = &mut self.days[slot];
        let offset = usize::try_from(i64::from(day) - days.first).ok()?;
        let (word, bit) = (offset / 64, 1_u64 << (offset % 64));
        let new = days.words[word] & bit == 0;
        days.words[word] |= bit;
        Some(new)
    }

    /// The place of `id`'s days, made for its first `day` when memory allows.
    fn slot(&mut self, id: (i64, i64), day: i32) -> Option<usize> {
        if let Some((last, slot)) = self.last
            && last == id
        {
            return Some(slot);
        }
        let slot = match self.index.get(&id) {
            Some(&slot) => slot,
            None => {
                let cost = size_of::<Days>() + 2 * size_of::<((i64, i64), usize)>() + 8;
                if self.full || self.bytes + cost > self.max_bytes {
                    self.full = true;
                    return None;
                }
                self.bytes += cost;
                let first = i64::from(day).div_euclid(64) * 64;
                self.days.push(Days { first, words: vec![0] });
                self.index.insert(id, self.days.len() - 1);
                self.days.len() - 1
            }
        };
        self.last = Some((id, slot));
        Some(slot)
    }

    /// The words to add before and after the bitmap at `slot` so that it holds `day`: at least
    /// a quarter of those it has, so that a bitmap grown a day at a time is copied a bounded
    /// number of times per word, and a year of days takes six words.
    /// `None` when memory does not allow it (then it never grows again).
    fn growth(&self, slot: usize, day: i64) -> Option<(usize, usize)> {
        let days = &self.days[slot];
        let len = days.words.len();
        let (before, after) = if day < days.first {
            let needed = usize::try_from((days.first - day + 63) / 64).ok()?;
            (needed.max(len / 4), 0)
        } else {
            let needed = usize::try_from((day - days.first) / 64 + 1).ok()? - len;
            (0, needed.max(len / 4))
        };
        let words = before + after;
        (!self.full && self.bytes + 8 * words <= self.max_bytes).then_some((before, after))
    }

    fn grow(&mut self, slot: usize, before: usize, after: usize) {
        let days = &mut self.days[slot];
        if before > 0 {
            days.words.splice(0..0, std::iter::repeat_n(0, before));
            days.first -= 64 * before as i64;
        }
        days.words.reserve_exact(after);
        days.words.resize(days.words.len() + after, 0);
        self.bytes += 8 * (before + after);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::{DayKey, SeenDays};

    const MAX_BITMAP_BYTES: usize = 32 << 20;

    /// The same answers as a plain set, for keys in order, out of order, newest first and
    /// repeated.
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
            (5, -300, 0),
            (5, 700, 0),
            (5, -300, 0),
            (5, -1000, 0),
            (5, 699, 0),
        ]);
        // Newest first, and by date then account.
        keys.extend((0..400).rev().map(|day| (6, day, 0)));
        keys.extend((0..50).flat_map(|day| (7..20).map(move |account| (account, day, 0))));
        keys.extend((0..50).flat_map(|day| (7..20).map(move |account| (account, day, 0))));
        let (mut seen, mut set) = (SeenDays::new(MAX_BITMAP_BYTES), HashSet::new());
        for key in keys {
            assert_eq!(seen.insert(key), Some(set.insert(key)), "{key:?}");
        }
    }

    /// Whatever the file, the bitmaps stay under their bound: keys past it are left to the
    /// caller, and never answered here later.
    #[test]
    fn memory_is_bounded_and_keys_past_it_are_left_to_the_caller() {
        let mut seen = SeenDays::new(MAX_BITMAP_BYTES);
        // A day every 64 days of 2,000 years, for many accounts: each bitmap would span them all.
        let mut left = Vec::new();
        for account in 0..2_000 {
            for day in (0..730_000).step_by(64 * 1024) {
                if seen.insert((account, day, 0)).is_none() {
                    left.push((account, day, 0));
                }
            }
        }
        assert!(seen.bytes <= MAX_BITMAP_BYTES, "{} bytes", seen.bytes);
        assert!(!left.is_empty(), "some keys did not fit");
        for key in left {
            assert_eq!(seen.insert(key), None, "{key:?} is the caller's");
        }
        // A year of daily rows of 200,000 accounts fits.
        let mut year = SeenDays::new(MAX_BITMAP_BYTES);
        for account in 0..200_000 {
            for day in 0..365 {
                assert_eq!(year.insert((account, day, 0)), Some(true));
            }
        }
        assert!(year.bytes < MAX_BITMAP_BYTES, "{} bytes", year.bytes);
    }
}
