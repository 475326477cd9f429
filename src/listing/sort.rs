//! The account list's orders: the sort keys, the order of two accounts under each ([`compare`]),
//! and sorting the list fast on a large book in that order, ties in book order, without reaching
//! into the book for every comparison or building lowercase names. It orders rows only; which
//! rows are listed (the filters) is decided by the caller.

use std::cmp::Ordering;

use chrono::NaiveDate;

use crate::book::BookEntry;

/// Sorts `rows` (in book order) as [`compare`] orders them, ties in book order.
///
/// Fast on a large book: each row's sort values and the first bytes of its lowercase name are
/// gathered once, in book order, so that the sort compares small values side by side instead of
/// reaching into the book for every comparison; only rows that tie on all of these are compared
/// in full.
pub fn sort_rows(rows: &mut Vec<usize>, sort: SortKey, accounts: &[BookEntry], as_of: NaiveDate) {
    let mut keyed: Vec<(i64, i64, u128, usize)> = rows
        .iter()
        .map(|&i| {
            let (first, second) = sort_values(sort, &accounts[i], as_of);
            (first, second, name_prefix(&accounts[i].account.name), i)
        })
        .collect();
    keyed.sort_unstable();
    for run in keyed.chunk_by_mut(|a, b| (a.0, a.1, a.2) == (b.0, b.1, b.2)) {
        if run.len() > 1 {
            run.sort_by(|a, b| {
                compare(sort, &accounts[a.3], &accounts[b.3], as_of).then(a.3.cmp(&b.3))
            });
        }
    }
    rows.clear();
    rows.extend(keyed.iter().map(|k| k.3));
}

/// The values [`compare`] orders by before the name, as two integers sorted ascending (`!x`
/// reverses the order of `x` without overflow).
fn sort_values(sort: SortKey, e: &BookEntry, as_of: NaiveDate) -> (i64, i64) {
    let arr = !e.account.arr_cents;
    match sort {
        SortKey::Attention => (!e.summary.attention, arr),
        SortKey::Health => (e.summary.health.unwrap_or(i64::MAX), arr),
        SortKey::Renewal => {
            (e.account.renewal_date.map_or(i64::MAX, |d| (d - as_of).num_days()), arr)
        }
        SortKey::Arr => (arr, 0),
        SortKey::Name => (0, 0),
    }
}

/// The first 16 bytes of the lowercase name, zero-padded, as a number that orders as the names do
/// when it differs (when it is equal, the names may still differ further on).
fn name_prefix(name: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let mut filled = 0;
    for c in name.chars() {
        if c.is_ascii() {
            bytes[filled] = c.to_ascii_lowercase() as u8;
            filled += 1;
        } else if c == 'Σ' {
            // See `cmp_lowercase`: a capital sigma lowercases by its place in the word.
            return prefix_of_lowercase(&name.to_lowercase());
        } else {
            let mut utf8 = [0u8; 4];
            for lower in c.to_lowercase() {
                for &b in lower.encode_utf8(&mut utf8).as_bytes() {
                    if let Some(slot) = bytes.get_mut(filled) {
                        *slot = b;
                        filled += 1;
                    }
                }
            }
        }
        if filled >= bytes.len() {
            break;
        }
    }
    u128::from_be_bytes(bytes)
}

/// The first 16 bytes of an already lowercase name, zero-padded.
fn prefix_of_lowercase(lower: &str) -> u128 {
    let mut bytes = [0u8; 16];
    for (slot, b) in bytes.iter_mut().zip(lower.bytes()) {
        *slot = b;
    }
    u128::from_be_bytes(bytes)
}

/// Compares `a` and `b` as their lowercase forms compare, without building them: sorting a large
/// book breaks many ties by name, and two allocations per comparison cost more than the sort.
pub fn cmp_lowercase(a: &str, b: &str) -> Ordering {
    // A capital sigma lowercases by its place in the word, which only the whole-string
    // conversion knows; every other character lowercases on its own.
    if a.contains('Σ') || b.contains('Σ') {
        return a.to_lowercase().cmp(&b.to_lowercase());
    }
    a.chars().flat_map(char::to_lowercase).cmp(b.chars().flat_map(char::to_lowercase))
}

/// The order of the account list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Most attention points first (see `scoring::attention`).
    Attention,
    /// Lowest health first.
    Health,
    /// Nearest renewal first.
    Renewal,
    /// Largest ARR first.
    Arr,
    /// By name.
    Name,
}

impl SortKey {
    const ALL: [Self; 5] = [Self::Attention, Self::Health, Self::Renewal, Self::Arr, Self::Name];

    /// The name shown in the list's title.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Attention => "attention",
            Self::Health => "health",
            Self::Renewal => "renewal",
            Self::Arr => "ARR",
            Self::Name => "name",
        }
    }

    pub fn next(self) -> Self {
        let i = Self::ALL.iter().position(|&k| k == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }
}

/// The account list's order of two entries under `sort` at `as_of`: a total order, ties broken
/// by ARR and then name.
pub fn compare(
    sort: SortKey,
    a: &BookEntry,
    b: &BookEntry,
    as_of: NaiveDate,
) -> std::cmp::Ordering {
    let by_name = || cmp_lowercase(&a.account.name, &b.account.name);
    let by_arr = || b.account.arr_cents.cmp(&a.account.arr_cents);
    match sort {
        SortKey::Attention => {
            b.summary.attention.cmp(&a.summary.attention).then_with(by_arr).then_with(by_name)
        }
        // Unscored accounts last: `None` sorts after every health.
        SortKey::Health => a
            .summary
            .health
            .map_or(i64::MAX, |h| h)
            .cmp(&b.summary.health.map_or(i64::MAX, |h| h))
            .then_with(by_arr)
            .then_with(by_name),
        SortKey::Renewal => {
            let days =
                |e: &BookEntry| e.account.renewal_date.map_or(i64::MAX, |d| (d - as_of).num_days());
            days(a).cmp(&days(b)).then_with(by_arr).then_with(by_name)
        }
        SortKey::Arr => by_arr().then_with(by_name),
        SortKey::Name => by_name(),
    }
}

#[cfg(test)]
mod tests {
    use super::compare;
    use super::*;
    use crate::book::ScoredBook;
    use crate::config::Config;
    use crate::demo::{DemoOptions, generate};
    use crate::store::Store;

    #[test]
    fn the_fast_sort_orders_as_the_comparison_does() {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date");
        let mut store = Store::open_in_memory().expect("in-memory store");
        generate(&mut store, &DemoOptions::new(as_of)).expect("demo book");
        let book = ScoredBook::load(&mut store, &Config::default(), as_of).expect("scored");
        let accounts = &book.accounts;
        for sort in
            [SortKey::Attention, SortKey::Health, SortKey::Renewal, SortKey::Arr, SortKey::Name]
        {
            let mut fast: Vec<usize> = (0..accounts.len()).collect();
            sort_rows(&mut fast, sort, accounts, as_of);
            let mut slow: Vec<usize> = (0..accounts.len()).collect();
            slow.sort_by(|&a, &b| compare(sort, &accounts[a], &accounts[b], as_of));
            assert_eq!(fast, slow, "{sort:?}");
        }
    }

    #[test]
    fn name_prefixes_order_as_the_names_do_where_they_differ() {
        let names = [
            "Åsa",
            "åsa",
            "ÅSA B",
            "Zeta",
            "Evergreen Renewables Atlanta",
            "Evergreen Renewables Boston",
            "ΣΟΦΙΑ Σ",
            "σοφια σ",
            "Ißa",
            "ISSA",
            "",
            "a",
            "a\u{1}",
        ];
        for a in names {
            for b in names {
                let (pa, pb) = (name_prefix(a), name_prefix(b));
                if pa != pb {
                    assert_eq!(pa.cmp(&pb), cmp_lowercase(a, b), "{a} {b}");
                }
            }
        }
    }

    #[test]
    fn names_compare_as_their_lowercase_forms() {
        let names =
            ["Åsa", "åsa", "ÅSA B", "Zeta", "zeta", "ΣΟΦΙΑ Σ", "σοφια σ", "Ißa", "ISSA", "", "a"];
        for a in names {
            for b in names {
                assert_eq!(cmp_lowercase(a, b), a.to_lowercase().cmp(&b.to_lowercase()), "{a} {b}");
            }
        }
    }
}
