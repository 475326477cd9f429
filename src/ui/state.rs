//! What the workspace knows and shows: the scored book, the visible rows (sorted, filtered,
//! searched), the selected account's details, focus, view and status. Changed only by `update`;
//! read by the panes. Nothing here touches the store or scores.

use std::cell::Cell;
use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::book::{AccountDetail, BookEntry, ScoredBook};
use crate::domain::{ContactId, Interaction, Segment, Todo};
use crate::scoring::{Band, RenewalPhase, SignalCode};

use super::scroll::ViewScroll;
use super::search::NameSearch;

/// The panes of the book view, in focus order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PaneId {
    Accounts,
    Health,
    Renewal,
    Stakeholders,
    Todos,
}

impl PaneId {
    /// Every pane in focus order.
    pub const ALL: [Self; 5] =
        [Self::Accounts, Self::Health, Self::Renewal, Self::Stakeholders, Self::Todos];

    /// The pane's section in the keymap.
    #[must_use]
    pub const fn section(self) -> &'static str {
        match self {
            Self::Accounts => "accounts",
            Self::Health => "health",
            Self::Renewal => "renewal",
            Self::Stakeholders => "stakeholders",
            Self::Todos => "todos",
        }
    }

    /// The pane's title.
    #[must_use]
    pub const fn title(self) -> &'static str {
        match self {
            Self::Accounts => "Accounts",
            Self::Health => "Health",
            Self::Renewal => "Renewal",
            Self::Stakeholders => "Stakeholders",
            Self::Todos => "Todos",
        }
    }

    /// The next pane in focus order (wrapping); `back` goes the other way.
    #[must_use]
    pub fn cycle(self, back: bool) -> Self {
        let i = Self::ALL.iter().position(|&p| p == self).unwrap_or(0);
        let n = Self::ALL.len();
        Self::ALL[if back { (i + n - 1) % n } else { (i + 1) % n }]
    }
}

/// The views of the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Book,
    Todos,
    Renewals,
    Portfolio,
    /// The selected account's interactions, newest first.
    Timeline,
}

impl View {
    /// Every view, in the order of their number keys.
    pub const ALL: [Self; 5] =
        [Self::Book, Self::Todos, Self::Renewals, Self::Portfolio, Self::Timeline];

    /// The view's name in the tab bar.
    #[must_use]
    pub const fn title(self) -> &'static str {
        match self {
            Self::Book => "Book",
            Self::Todos => "Todo queue",
            Self::Renewals => "Renewals",
            Self::Portfolio => "Portfolio",
            Self::Timeline => "Timeline",
        }
    }

    /// Whether the movement keys scroll the view's content (rather than move the selection).
    #[must_use]
    pub const fn scrolls(self) -> bool {
        matches!(self, Self::Todos | Self::Renewals | Self::Timeline)
    }
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

    fn next(self) -> Self {
        let i = Self::ALL.iter().position(|&k| k == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }
}

/// The filters of the account list; all of them apply together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub band: Option<Band>,
    pub segment: Option<Segment>,
    pub owner: Option<String>,
    pub phase: Option<RenewalPhase>,
    pub signal: Option<SignalCode>,
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
        out
    }
}

/// The account list's search: a query typed after `/`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    /// Keys go to the query while typing.
    pub typing: bool,
    pub query: String,
}

/// What is loaded for the selected account.
#[derive(Debug, Clone, PartialEq)]
pub struct Selected {
    pub detail: AccountDetail,
    /// Every interaction, newest first.
    pub timeline: Vec<Interaction>,
    /// The last interaction (not a note) each contact took part in.
    pub last_touch: BTreeMap<ContactId, NaiveDate>,
}

/// Everything the workspace shows.
#[derive(Debug)]
pub struct AppState {
    pub as_of: NaiveDate,
    pub currency: String,
    pub book: ScoredBook,
    /// Indices into `book.accounts` of the visible rows, in display order.
    pub rows: Vec<usize>,
    /// The rows the filters and the sort give, before the search narrows them: kept so that a
    /// keystroke in the search does not sort the book again.
    ordered: Vec<usize>,
    /// The search over the account names, with the steps typed so far.
    searches: NameSearch,
    /// Index into `rows` of the selected row.
    pub selected: usize,
    /// First visible row of the list, kept by the list pane so the selection stays in view.
    pub scroll: Cell<usize>,
    /// Rows the list pane showed last time: a page for page up and down.
    pub page: Cell<usize>,
    pub sort: SortKey,
    pub filters: Filters,
    pub search: Search,
    pub detail: Option<Selected>,
    /// Every open todo of the book, for the todo queue view.
    pub todos: Vec<Todo>,
    /// Whether `todos` has been read: the queue is read when its view first opens, not at start.
    pub todos_loaded: bool,
    pub focus: PaneId,
    pub view: View,
    /// The scroll of the current view's content (todo queue, renewals, timeline); back to the
    /// top whenever the view changes.
    pub view_scroll: ViewScroll,
    pub help: bool,
    /// The stakeholder pane draws the reporting tree instead of the roles.
    pub tree: bool,
    pub status: String,
    pub quit: bool,
    /// Every owner of the book, sorted, for the owner filter.
    owners: Vec<String>,
}

impl AppState {
    /// The state of a freshly opened workspace on `book`.
    #[must_use]
    pub fn new(book: ScoredBook, currency: String, todos: Vec<Todo>) -> Self {
        // Sorted as borrowed names: each owner is copied once, not once per account.
        let mut owners: Vec<&str> =
            book.accounts.iter().filter_map(|e| e.account.owner.as_deref()).collect();
        owners.sort_unstable();
        owners.dedup();
        let owners = owners.into_iter().map(str::to_owned).collect();
        let mut state = Self {
            as_of: book.as_of,
            currency,
            book,
            rows: Vec::new(),
            ordered: Vec::new(),
            searches: NameSearch::default(),
            selected: 0,
            scroll: Cell::new(0),
            page: Cell::new(10),
            sort: SortKey::Attention,
            filters: Filters::default(),
            search: Search::default(),
            detail: None,
            todos_loaded: !todos.is_empty(),
            todos,
            focus: PaneId::Accounts,
            view: View::Book,
            view_scroll: ViewScroll::default(),
            help: false,
            tree: false,
            status: String::new(),
            quit: false,
            owners,
        };
        state.refresh_rows();
        state
    }

    /// The selected account, if any row is visible.
    #[must_use]
    pub fn selected_entry(&self) -> Option<&BookEntry> {
        self.rows.get(self.selected).and_then(|&i| self.book.accounts.get(i))
    }

    /// Recomputes the visible rows after a change of sort, filter or book, keeping the selected
    /// account selected when it is still visible.
    pub fn refresh_rows(&mut self) {
        let as_of = self.as_of;
        let f = &self.filters;
        let mut ordered: Vec<usize> = self
            .book
            .accounts
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                f.band.is_none_or(|b| e.summary.band == b)
                    && f.segment.is_none_or(|s| e.account.segment == Some(s))
                    && f.owner.as_ref().is_none_or(|o| e.account.owner.as_ref() == Some(o))
                    && f.phase.is_none_or(|p| {
                        e.account.renewal_date.map(|d| RenewalPhase::of((d - as_of).num_days()))
                            == Some(p)
                    })
                    && f.signal.is_none_or(|s| e.summary.signals.contains(&s, SignalCode::ALL))
            })
            .map(|(i, _)| i)
            .collect();
        sort_rows(&mut ordered, self.sort, &self.book.accounts, as_of);
        self.ordered = ordered;
        self.searches.forget_steps();
        self.apply_search();
    }

    /// Narrows the ordered rows to the search's matches after the query changed, keeping the
    /// selected account selected when it still matches.
    pub fn apply_search(&mut self) {
        let keep = self.selected_entry().map(|e| e.account.id);
        let query = &self.search.query;
        if query.trim().is_empty() {
            self.searches.forget_steps();
            self.rows.clone_from(&self.ordered);
        } else {
            let accounts = &self.book.accounts;
            let name = |i: usize| accounts[i].account.name.as_str();
            let rows = self.searches.rows(query, &self.ordered, accounts.len(), name);
            self.rows.clear();
            self.rows.extend_from_slice(rows);
        }
        self.selected = keep
            .and_then(|id| self.rows.iter().position(|&i| self.book.accounts[i].account.id == id))
            .unwrap_or(0);
    }

    /// Switches to `view`; a different view starts scrolled to the top.
    pub fn show(&mut self, view: View) {
        if self.view != view {
            self.view = view;
            self.view_scroll.reset();
        }
    }

    /// Moves the selection by `delta` rows, within bounds.
    pub fn move_selection(&mut self, delta: isize) {
        let last = self.rows.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// The next sort order.
    pub fn cycle_sort(&mut self) {
        self.sort = self.sort.next();
        self.refresh_rows();
    }

    /// The next value of one filter (after the last value, the filter is off again).
    pub fn cycle_filter(&mut self, which: FilterKind) {
        let f = &mut self.filters;
        match which {
            FilterKind::Band => {
                f.band =
                    next_of(f.band, &[Band::AtRisk, Band::Watch, Band::Healthy, Band::Unscored])
            }
            FilterKind::Segment => f.segment = next_of(f.segment, Segment::ALL),
            FilterKind::Owner => f.owner = next_of(f.owner.clone(), &self.owners),
            FilterKind::Phase => f.phase = next_of(f.phase, &RenewalPhase::ALL),
            FilterKind::Signal => f.signal = next_of(f.signal, SignalCode::ALL),
        }
        self.refresh_rows();
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
}

fn next_of<T: Clone + PartialEq>(current: Option<T>, all: &[T]) -> Option<T> {
    match current {
        None => all.first().cloned(),
        Some(value) => all.iter().position(|v| *v == value).and_then(|i| all.get(i + 1)).cloned(),
    }
}

fn compare(sort: SortKey, a: &BookEntry, b: &BookEntry, as_of: NaiveDate) -> std::cmp::Ordering {
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

/// Sorts `rows` (in book order) as [`compare`] orders them, ties in book order.
///
/// Fast on a large book: each row's sort values and the first bytes of its lowercase name are
/// gathered once, in book order, so that the sort compares small values side by side instead of
/// reaching into the book for every comparison; only rows that tie on all of these are compared
/// in full.
fn sort_rows(rows: &mut Vec<usize>, sort: SortKey, accounts: &[BookEntry], as_of: NaiveDate) {
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
fn cmp_lowercase(a: &str, b: &str) -> std::cmp::Ordering {
    // A capital sigma lowercases by its place in the word, which only the whole-string
    // conversion knows; every other character lowercases on its own.
    if a.contains('Σ') || b.contains('Σ') {
        return a.to_lowercase().cmp(&b.to_lowercase());
    }
    a.chars().flat_map(char::to_lowercase).cmp(b.chars().flat_map(char::to_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::testing::demo_app;

    #[test]
    fn the_fast_sort_orders_as_the_comparison_does() {
        let state = demo_app().state;
        let accounts = &state.book.accounts;
        for sort in SortKey::ALL {
            let mut fast: Vec<usize> = (0..accounts.len()).collect();
            sort_rows(&mut fast, sort, accounts, state.as_of);
            let mut slow: Vec<usize> = (0..accounts.len()).collect();
            slow.sort_by(|&a, &b| compare(sort, &accounts[a], &accounts[b], state.as_of));
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
