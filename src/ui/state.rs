//! What the workspace knows and shows: the scored book, the visible rows (sorted, filtered,
//! searched), the selected account's details, focus, view and status. Changed only by `update`;
//! read by the panes. Nothing here touches the store or scores.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::book::{AccountDetail, BookEntry, ScoredBook};
use crate::domain::{AccountId, ContactId, Goal, Interaction, Milestone, Segment, Todo, TodoId};
use crate::scoring::{Band, RenewalPhase, SignalCode};

use super::edit::UndoStep;
use super::importing::ImportView;
use super::keymap::KeyScope;
use super::modal::Modal;
use super::search::NameSearch;
use super::sort::{compare, sort_rows};

pub use super::ids::{PaneId, PlanItem, View};
pub use super::sort::SortKey;

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

impl Filters {
    /// Whether `entry` passes every filter at `as_of`.
    #[must_use]
    pub fn pass(&self, entry: &BookEntry, as_of: NaiveDate) -> bool {
        let (account, summary) = (&entry.account, &entry.summary);
        self.band.is_none_or(|b| summary.band == b)
            && self.segment.is_none_or(|s| account.segment == Some(s))
            && self.owner.as_ref().is_none_or(|o| account.owner.as_ref() == Some(o))
            && self.phase.is_none_or(|p| {
                account.renewal_date.map(|d| RenewalPhase::of((d - as_of).num_days())) == Some(p)
            })
            && self.signal.is_none_or(|s| summary.signals.contains(&s, SignalCode::ALL))
    }
}

/// The account list's search: a query typed after `/` (keys go to it while `Modal::Search` is
/// open), kept after.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
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
    /// The onboarding milestones, along the path.
    pub milestones: Vec<Milestone>,
    /// The success-plan goals.
    pub goals: Vec<Goal>,
}

/// The QBR brief of one account, built when its view opens or the account changes (never while
/// drawing).
#[derive(Debug, Clone, PartialEq)]
pub struct QbrPreview {
    pub account: AccountId,
    /// The account's revision the brief was built at: an edit since makes it stale.
    pub revision: Option<i64>,
    pub name: String,
    /// The file the brief is written to, in `AppState::qbr_dir`.
    pub file_name: String,
    pub markdown: String,
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
    /// The stakeholder pane draws the reporting tree instead of the roles.
    pub tree: bool,
    /// The focused pane fills the book view's body.
    pub zoomed: bool,
    /// The account the renewals calendar points at (the first when none or gone).
    pub renewal_pick: Option<AccountId>,
    pub status: String,
    pub quit: bool,
    /// The todo the todo queue view points at (the first when none or gone).
    pub queue_pick: Option<TodoId>,
    /// The todo the todo pane points at (the first when none or gone).
    pub todo_pick: Option<TodoId>,
    /// The contact the stakeholder pane points at (the first when none or gone).
    pub contact_pick: Option<ContactId>,
    /// The milestone or goal the plan pane points at (the first when none or gone).
    pub plan_pick: Option<PlanItem>,
    /// What is open over the workspace (help, search, form, question, import report): one at a
    /// time, taking the keys.
    pub modal: Modal,
    /// The edits of this session, newest last, for undo.
    pub undo: Vec<UndoStep>,
    /// An import waiting for the playbooks, running, or ended with its report waiting for the
    /// screen.
    pub import: Option<ImportView>,
    /// The accounts with a renewal date, as indices into the book, by renewal date then name:
    /// the renewals view takes its window from the front without sorting the book on a draw.
    pub renewal_order: Vec<usize>,
    /// The playbooks run beside the screen (when the workspace opens); edits wait.
    pub playbooks_running: bool,
    /// Every owner of the book, sorted, for the owner filter.
    owners: Vec<String>,
    /// The QBR brief of the selected account, once asked for.
    pub qbr: Option<QbrPreview>,
    /// Where QBR briefs are written: the directory the workspace was started in.
    pub qbr_dir: PathBuf,
}

impl AppState {
    /// The state of a freshly opened workspace on `book`.
    #[must_use]
    pub fn new(book: ScoredBook, currency: String, todos: Vec<Todo>) -> Self {
        let mut state = Self::unordered(book, currency, todos);
        state.refresh_rows();
        state.order_renewals();
        state
    }

    /// The state on `book` with its rows and renewal order not made yet: the caller sets the
    /// sort and filters first, so the book is sorted once.
    fn unordered(book: ScoredBook, currency: String, todos: Vec<Todo>) -> Self {
        // Sorted as borrowed names: each owner is copied once, not once per account.
        let mut owners: Vec<&str> =
            book.accounts.iter().filter_map(|e| e.account.owner.as_deref()).collect();
        owners.sort_unstable();
        owners.dedup();
        let owners = owners.into_iter().map(str::to_owned).collect();
        Self {
            as_of: book.as_of,
            currency,
            book,
            rows: Vec::new(),
            ordered: Vec::new(),
            searches: NameSearch::default(),
            selected: 0,
            sort: SortKey::Attention,
            filters: Filters::default(),
            search: Search::default(),
            detail: None,
            todos_loaded: !todos.is_empty(),
            todos,
            focus: PaneId::Accounts,
            view: View::Book,
            tree: false,
            zoomed: false,
            renewal_pick: None,
            status: String::new(),
            quit: false,
            queue_pick: None,
            todo_pick: None,
            contact_pick: None,
            plan_pick: None,
            modal: Modal::None,
            undo: Vec::new(),
            import: None,
            playbooks_running: false,
            renewal_order: Vec::new(),
            owners,
            qbr: None,
            qbr_dir: PathBuf::from("."),
        }
    }

    /// Orders the accounts by renewal ([`AppState::renewal_order`]) after the book's indices
    /// moved (a book read, an account added or gone).
    pub fn order_renewals(&mut self) {
        let accounts = &self.book.accounts;
        let mut order: Vec<usize> =
            (0..accounts.len()).filter(|&i| accounts[i].account.renewal_date.is_some()).collect();
        order.sort_by(|&a, &b| renewal_order(&accounts[a], &accounts[b]));
        self.renewal_order = order;
    }

    /// Puts a freshly read `book` in place, keeping the user's place: view, focus, sort,
    /// filters, search, the selected account (when still visible) and the undo history.
    pub fn replace_book(&mut self, book: ScoredBook) {
        let keep = self.selected_entry().map(|e| e.account.id);
        let mut fresh = Self::unordered(book, std::mem::take(&mut self.currency), Vec::new());
        fresh.sort = self.sort;
        fresh.filters = std::mem::take(&mut self.filters);
        fresh.search = std::mem::take(&mut self.search);
        fresh.refresh_rows();
        fresh.order_renewals();
        fresh.selected = keep
            .and_then(|id| fresh.rows.iter().position(|&i| fresh.book.accounts[i].account.id == id))
            .unwrap_or(0);
        fresh.focus = self.focus;
        fresh.view = self.view;
        fresh.tree = self.tree;
        fresh.zoomed = self.zoomed;
        fresh.renewal_pick = self.renewal_pick;
        fresh.queue_pick = self.queue_pick;
        fresh.todo_pick = self.todo_pick;
        fresh.contact_pick = self.contact_pick;
        fresh.plan_pick = self.plan_pick;
        fresh.undo = std::mem::take(&mut self.undo);
        fresh.import = self.import.take();
        // What runs or waits beside the book, and what is open over it, outlive the book.
        fresh.playbooks_running = self.playbooks_running;
        fresh.modal = std::mem::take(&mut self.modal);
        // The brief is built again from the fresh book when its view next needs it.
        fresh.qbr_dir = std::mem::take(&mut self.qbr_dir);
        *self = fresh;
    }

    /// Whose keys apply besides the global ones: the view's own, and the focused pane's in the
    /// book or the todo pane's in the todo queue (its keys act on the queue's todo there); no
    /// pane's in the other views (none is on screen to act on).
    #[must_use]
    pub const fn key_scope(&self) -> KeyScope {
        let pane = match self.view {
            View::Book => Some(self.focus),
            View::Todos => Some(PaneId::Todos),
            View::Renewals | View::Portfolio | View::Timeline | View::Qbr => None,
        };
        KeyScope { view: Some(self.view), pane }
    }

    /// The accounts the renewals calendar lists, as indices into the book in its order: those
    /// renewing within 120 days and those overdue (the front of [`AppState::renewal_order`]).
    #[must_use]
    pub fn renewal_window(&self) -> &[usize] {
        let accounts = &self.book.accounts;
        let within = |i: &usize| {
            accounts[*i].account.renewal_date.is_some_and(|date| {
                RenewalPhase::of((date - self.as_of).num_days()) != RenewalPhase::Later
            })
        };
        let end = self.renewal_order.partition_point(within);
        &self.renewal_order[..end]
    }

    /// The selected account, if any row is visible.
    #[must_use]
    pub fn selected_entry(&self) -> Option<&BookEntry> {
        self.rows.get(self.selected).and_then(|&i| self.book.accounts.get(i))
    }

    /// Recomputes the visible rows after a change of sort, filter or book, keeping the selected
    /// account selected when it is still visible.
    pub fn refresh_rows(&mut self) {
        let mut ordered: Vec<usize> = (0..self.book.accounts.len())
            .filter(|&i| self.filters.pass(&self.book.accounts[i], self.as_of))
            .collect();
        sort_rows(&mut ordered, self.sort, &self.book.accounts, self.as_of);
        self.ordered = ordered;
        self.searches.forget_steps();
        self.apply_search();
    }

    /// Puts the account at `index` of the book back in its place after its score changed (an
    /// edit), without sorting the book again: it leaves the rows, and comes back where the sort
    /// puts it if it still passes the filters.
    pub fn refresh_account(&mut self, index: usize) {
        self.renewal_order.retain(|&i| i != index);
        if let Some(entry) = self.book.accounts.get(index)
            && entry.account.renewal_date.is_some()
        {
            let accounts = &self.book.accounts;
            let at = self.renewal_order.partition_point(|&i| {
                renewal_order(&accounts[i], entry) == std::cmp::Ordering::Less
            });
            self.renewal_order.insert(at, index);
        }
        self.ordered.retain(|&i| i != index);
        let (accounts, as_of) = (&self.book.accounts, self.as_of);
        if let Some(entry) = accounts.get(index)
            && self.filters.pass(entry, as_of)
        {
            let sort = self.sort;
            let at = self.ordered.partition_point(|&i| {
                compare(sort, &accounts[i], entry, as_of) == std::cmp::Ordering::Less
            });
            self.ordered.insert(at, index);
        }
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

    /// Switches to `view` (`update` scrolls a different view to the top).
    pub fn show(&mut self, view: View) {
        self.view = view;
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

/// The renewals view's order: by renewal date, then name, then id (accounts without a date
/// last); a total order, so an account put back in place lands where a sort would put it.
fn renewal_order(a: &BookEntry, b: &BookEntry) -> std::cmp::Ordering {
    let date = |e: &BookEntry| e.account.renewal_date.unwrap_or(NaiveDate::MAX);
    date(a)
        .cmp(&date(b))
        .then_with(|| a.account.name.cmp(&b.account.name))
        .then(a.account.id.cmp(&b.account.id))
}

fn next_of<T: Clone + PartialEq>(current: Option<T>, all: &[T]) -> Option<T> {
    match current {
        None => all.first().cloned(),
        Some(value) => all.iter().position(|v| *v == value).and_then(|i| all.get(i + 1)).cloned(),
    }
}
