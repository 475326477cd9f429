//! The workspace's session: what the user did and is doing (view, focus, sort, filters, search,
//! selection, picks, undo, what is open or running), around the [`BookView`] derived from the
//! book, which a book read again replaces whole. Changed only by `update`; read by the panes.
//! Nothing here touches the store or scores.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::book::{BookEntry, ScoredBook};
use crate::domain::{AccountId, ContactId, InteractionId, OpportunityId, Todo, TodoId};

use super::edit::UndoStep;
use super::finding::model::Records;
use super::forecasting::ForecastSession;
use super::importing::ImportView;
use super::keymap::KeyScope;
use super::modal::Modal;
use super::model_check::model::ModelCheck;

pub use super::book_view::{BookView, QbrPreview, Selected};
pub use super::ids::{PaneId, PlanItem, View};
pub use crate::listing::SortKey;
pub use crate::listing::{FilterKind, Filters};

/// The account list's search: a query typed after `/` (keys go to it while `Modal::Search` is
/// open), kept after.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub query: String,
}

/// The workspace's session over the book on screen: everything the user did and is doing (the
/// view, focus, zoom, sort, filters, search, selection, picks, edits to undo, what is open or
/// running) lives here and outlives a book read again; everything derived from the book lives in
/// [`BookView`], which a book read again replaces whole. A field added here is kept by a refresh
/// without being named in it; one added to [`BookView`] is made afresh.
#[derive(Debug)]
pub struct AppState {
    /// The date the workspace scores at; every book it reads is read at it.
    pub as_of: NaiveDate,
    pub currency: String,
    /// The book on screen and what is derived from it.
    pub book: BookView,
    /// Index into `book.rows` of the selected row; a book read again finds the same account
    /// again by its id.
    pub selected: usize,
    pub sort: SortKey,
    pub filters: Filters,
    pub search: Search,
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
    /// The opportunity the renewal pane points at (the first when none or gone).
    pub opportunity_pick: Option<OpportunityId>,
    /// The timeline entry the timeline view points at (the newest when none or gone).
    pub timeline_pick: Option<InteractionId>,
    /// What is open over the workspace (help, search, form, question, import report): one at a
    /// time, taking the keys.
    pub modal: Modal,
    /// The edits of this session, newest last, for undo.
    pub undo: Vec<UndoStep>,
    /// An import waiting for the playbooks, running, or ended with its report waiting for the
    /// screen.
    pub import: Option<ImportView>,
    /// The playbooks run beside the screen (when the workspace opens); edits wait.
    pub playbooks_running: bool,
    /// Where QBR briefs are written: the directory the workspace was started in.
    pub qbr_dir: PathBuf,
    /// At 80 columns the QBR view shows one of the brief and the deck outline: whether the deck.
    pub qbr_deck_tab: bool,
    /// The index of the book's records the search over everything reads, built beside the
    /// screen.
    pub records: Records,
    /// The forecast view: its inputs once read, the figures made from them, its pick.
    pub forecast: ForecastSession,
    /// The model check's backtests, computed beside the screen.
    pub model_check: ModelCheck,
}

impl AppState {
    /// The state of a freshly opened workspace on `book`.
    #[must_use]
    pub fn new(book: ScoredBook, currency: String, todos: Vec<Todo>) -> Self {
        let mut state = Self {
            as_of: book.as_of,
            currency,
            book: BookView::new(book, todos),
            selected: 0,
            sort: SortKey::Attention,
            filters: Filters::default(),
            search: Search::default(),
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
            opportunity_pick: None,
            timeline_pick: None,
            modal: Modal::None,
            undo: Vec::new(),
            import: None,
            playbooks_running: false,
            qbr_dir: PathBuf::from("."),
            qbr_deck_tab: false,
            records: Records::new(),
            forecast: ForecastSession::default(),
            model_check: ModelCheck::default(),
        };
        state.refresh_rows();
        state
    }

    /// Puts a freshly read `book` in place, keeping the session whole: only the rows are made
    /// again in its order, and the selected account stays selected while still visible.
    /// Nothing is loaded for the screen yet (the caller reads what it shows).
    pub fn replace_book(&mut self, book: ScoredBook) {
        debug_assert_eq!(book.as_of, self.as_of, "a book is read at the workspace's date");
        let keep = self.selected_id();
        self.book = BookView::new(book, Vec::new());
        self.book.order_rows(&self.filters, self.sort, self.as_of);
        self.book.narrow(&self.search.query);
        self.reselect(keep);
        self.records.stale = true;
        self.model_check.stale();
        // An open palette lists accounts by their place in the book: it lists them again.
        if let Modal::Palette(palette) = &mut self.modal {
            palette.book_changed(&self.book.scored.accounts);
        }
    }

    /// Whose keys apply besides the global ones: the view's own, and the focused pane's in the
    /// book or the todo pane's in the todo queue (its keys act on the queue's todo there); no
    /// pane's in the other views (none is on screen to act on).
    #[must_use]
    pub const fn key_scope(&self) -> KeyScope {
        let pane = match self.view {
            View::Book => Some(self.focus),
            View::Todos => Some(PaneId::Todos),
            View::Renewals
            | View::Portfolio
            | View::Timeline
            | View::Qbr
            | View::Forecast
            | View::ModelCheck => None,
        };
        KeyScope { view: Some(self.view), pane }
    }

    /// The accounts the renewals calendar lists, as indices into the book in its order: those
    /// renewing within 120 days and those overdue (the front of [`BookView::renewal_order`]).
    #[must_use]
    pub fn renewal_window(&self) -> &[usize] {
        self.book.renewal_window(self.as_of)
    }

    /// The selected account, if any row is visible.
    #[must_use]
    pub fn selected_entry(&self) -> Option<&BookEntry> {
        self.book.entry_at(self.selected)
    }

    /// The id of the selected account, if any row is visible.
    fn selected_id(&self) -> Option<AccountId> {
        self.selected_entry().map(|e| e.account.id)
    }

    /// Selects the row of account `keep` if it is visible, or the first.
    fn reselect(&mut self, keep: Option<AccountId>) {
        self.selected = keep.and_then(|id| self.book.row_of(id)).unwrap_or(0);
    }

    /// Recomputes the visible rows after a change of sort, filter or book, keeping the selected
    /// account selected when it is still visible.
    pub fn refresh_rows(&mut self) {
        self.book.order_rows(&self.filters, self.sort, self.as_of);
        self.apply_search();
    }

    /// Puts the account at `index` of the book back in its place after its score changed (an
    /// edit), without sorting the book again: it leaves the rows, and comes back where the sort
    /// puts it if it still passes the filters.
    pub fn refresh_account(&mut self, index: usize) {
        self.book.reorder_account(index, &self.filters, self.sort, self.as_of);
        self.apply_search();
    }

    /// Narrows the ordered rows to the search's matches after the query changed, keeping the
    /// selected account selected when it still matches.
    pub fn apply_search(&mut self) {
        let keep = self.selected_id();
        self.book.narrow(&self.search.query);
        self.reselect(keep);
    }

    /// Switches to `view` (`update` scrolls a different view to the top).
    pub fn show(&mut self, view: View) {
        self.view = view;
    }

    /// Moves the selection by `delta` rows, within bounds.
    pub fn move_selection(&mut self, delta: isize) {
        let last = self.book.rows.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// The next sort order.
    pub fn cycle_sort(&mut self) {
        self.sort = self.sort.next();
        self.refresh_rows();
    }

    /// The next value of one filter (after the last value, the filter is off again).
    pub fn cycle_filter(&mut self, which: FilterKind) {
        self.filters.cycle(which, self.book.owners());
        self.refresh_rows();
    }
}

#[cfg(test)]
mod tests;
