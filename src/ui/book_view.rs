//! What the workspace derives from the book it read from the store: the scored book, its rows in
//! the order the session asks for, the renewal order, the owners, and what was loaded of it for
//! the screen (the selected account's details, the todo queue, the QBR brief). A book read again
//! replaces all of it in one assignment. It holds nothing the user chose (those choices come in
//! as arguments), and must not touch the store or score.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::book::{AccountDetail, BookEntry, ScoredBook};
use crate::domain::{AccountId, ContactId, Goal, Interaction, Milestone, RenewalRecord, Todo};
use crate::scoring::RenewalPhase;

use crate::listing::Filters;
use crate::listing::NameSearch;
use crate::listing::{SortKey, compare, sort_rows};

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
    /// The churn that took the account out of the active book, when it is churned at the
    /// as-of date (its latest renewal record known then).
    pub churn: Option<RenewalRecord>,
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
    /// The account's open QBR as stored, or a new one not stored yet.
    pub record: crate::qbr::record::QbrRecord,
    /// The customer deck of the record's choices, written beside the brief.
    pub deck: crate::qbr::deck::Deck,
    /// The deck's HTML, built with the outline so writing it reads nothing.
    pub deck_html: String,
    /// What the QBR form offers: the wins the facts give (with their keys), the goals of the
    /// success plan and the account's current contacts.
    pub wins: Vec<crate::qbr::deck::Point>,
    pub goals: Vec<(crate::domain::GoalId, String)>,
    pub contacts: Vec<crate::domain::Contact>,
    /// The lines the view draws: the deck's outline and the brief's, safe to draw.
    pub outline: Vec<String>,
    pub brief_lines: Vec<String>,
}

/// The book on screen and everything made from it; see the module's header.
#[derive(Debug)]
pub struct BookView {
    /// The book as read and scored.
    pub scored: ScoredBook,
    /// Indices into `scored.accounts` of the visible rows, in display order.
    pub rows: Vec<usize>,
    /// The rows the filters and the sort give, before the search narrows them: kept so that a
    /// keystroke in the search does not sort the book again.
    ordered: Vec<usize>,
    /// The search over the account names, with the steps typed so far.
    searches: NameSearch,
    /// The accounts with a renewal date, as indices into the book, by renewal date then name:
    /// the renewals view takes its window from the front without sorting the book on a draw.
    pub renewal_order: Vec<usize>,
    /// Every owner of the book, sorted, for the owner filter.
    owners: Vec<String>,
    /// What the panes show of the selected account, once read.
    pub detail: Option<Selected>,
    /// Every open todo of the book, for the todo queue view.
    pub todos: Vec<Todo>,
    /// Whether `todos` has been read: the queue is read when its view first opens, not at start.
    pub todos_loaded: bool,
    /// The QBR brief of the selected account, once asked for.
    pub qbr: Option<QbrPreview>,
    /// The retention the portfolio shows (the last four quarters and their span, for the book
    /// and each segment), once read.
    pub retention: Option<Vec<crate::outcomes::Retention>>,
}

impl BookView {
    /// The view of a freshly read `book`, ordered by renewal; its rows are empty until
    /// [`BookView::order_rows`] gives them the session's order, and nothing is loaded for the
    /// screen yet but `todos`.
    #[must_use]
    pub fn new(scored: ScoredBook, todos: Vec<Todo>) -> Self {
        // Sorted as borrowed names: each owner is copied once, not once per account.
        let mut owners: Vec<&str> =
            scored.accounts.iter().filter_map(|e| e.account.owner.as_deref()).collect();
        owners.sort_unstable();
        owners.dedup();
        let owners = owners.into_iter().map(str::to_owned).collect();
        let mut view = Self {
            scored,
            rows: Vec::new(),
            ordered: Vec::new(),
            searches: NameSearch::default(),
            renewal_order: Vec::new(),
            owners,
            detail: None,
            todos_loaded: !todos.is_empty(),
            todos,
            qbr: None,
            retention: None,
        };
        view.order_renewals();
        view
    }

    /// Every owner of the book, sorted.
    #[must_use]
    pub fn owners(&self) -> &[String] {
        &self.owners
    }

    /// The account at `row` of the visible rows.
    #[must_use]
    pub fn entry_at(&self, row: usize) -> Option<&BookEntry> {
        self.rows.get(row).and_then(|&i| self.scored.accounts.get(i))
    }

    /// The visible row of the account `id`, if it is visible.
    #[must_use]
    pub fn row_of(&self, id: AccountId) -> Option<usize> {
        self.rows.iter().position(|&i| self.scored.accounts[i].account.id == id)
    }

    /// Orders the accounts by renewal ([`BookView::renewal_order`]) after the book's indices
    /// moved (an account added or gone).
    pub fn order_renewals(&mut self) {
        let accounts = &self.scored.accounts;
        let mut order: Vec<usize> = (0..accounts.len()).filter(|&i| renews(&accounts[i])).collect();
        order.sort_by(|&a, &b| renewal_order(&accounts[a], &accounts[b]));
        self.renewal_order = order;
    }

    /// The accounts the renewals calendar lists at `as_of`, as indices into the book in its
    /// order: those renewing within 120 days and those overdue (the front of the renewal order).
    #[must_use]
    pub fn renewal_window(&self, as_of: NaiveDate) -> &[usize] {
        let accounts = &self.scored.accounts;
        let within = |i: &usize| {
            accounts[*i].account.renewal_date.is_some_and(|date| {
                RenewalPhase::of((date - as_of).num_days()) != RenewalPhase::Later
            })
        };
        let end = self.renewal_order.partition_point(within);
        &self.renewal_order[..end]
    }

    /// Orders the accounts that pass `filters` by `sort`; the rows follow once
    /// [`BookView::narrow`] applies the search.
    pub fn order_rows(&mut self, filters: &Filters, sort: SortKey, as_of: NaiveDate) {
        let accounts = &self.scored.accounts;
        let mut ordered: Vec<usize> =
            (0..accounts.len()).filter(|&i| filters.pass(&accounts[i], as_of)).collect();
        sort_rows(&mut ordered, sort, accounts, as_of);
        self.ordered = ordered;
        self.searches.forget_steps();
    }

    /// Puts the account at `index` of the book back in its place after its score changed (an
    /// edit), without sorting the book again: it leaves the ordered rows, and comes back where
    /// `sort` puts it if it still passes `filters`. The rows follow once
    /// [`BookView::narrow`] applies the search.
    pub fn reorder_account(
        &mut self,
        index: usize,
        filters: &Filters,
        sort: SortKey,
        as_of: NaiveDate,
    ) {
        let accounts = &self.scored.accounts;
        self.renewal_order.retain(|&i| i != index);
        if let Some(entry) = accounts.get(index)
            && renews(entry)
        {
            let at = self.renewal_order.partition_point(|&i| {
                renewal_order(&accounts[i], entry) == std::cmp::Ordering::Less
            });
            self.renewal_order.insert(at, index);
        }
        self.ordered.retain(|&i| i != index);
        if let Some(entry) = accounts.get(index)
            && filters.pass(entry, as_of)
        {
            let at = self.ordered.partition_point(|&i| {
                compare(sort, &accounts[i], entry, as_of) == std::cmp::Ordering::Less
            });
            self.ordered.insert(at, index);
        }
        self.searches.forget_steps();
    }

    /// Narrows the ordered rows to the matches of `query` (all of them when it is blank).
    pub fn narrow(&mut self, query: &str) {
        if query.trim().is_empty() {
            self.searches.forget_steps();
            self.rows.clone_from(&self.ordered);
        } else {
            let accounts = &self.scored.accounts;
            let name = |i: usize| accounts[i].account.name.as_str();
            let rows = self.searches.rows(query, &self.ordered, accounts.len(), name);
            self.rows.clear();
            self.rows.extend_from_slice(rows);
        }
    }
}

/// Whether `entry` has a renewal ahead in the active book: a churned account renews no more,
/// whatever date its CRM still gives it.
fn renews(entry: &BookEntry) -> bool {
    entry.account.renewal_date.is_some() && !entry.churned
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
