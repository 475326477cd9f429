//! Search everything: one fuzzy search over the book's records (account names, contacts, open
//! todos, timeline entries, goals, opportunities), folding case and accents as the account
//! list's search does (it is the same [`NameSearch`]), its matches grouped by kind, best first
//! within a group, and each group cut at a few with how many more there are.
//!
//! The index is plain data made from records already read: it must not read the store or draw.
//! Built beside the screen (its texts are put in the matcher's form as it is built), so that
//! only the first keystroke of a search walks every record and the next ones narrow its
//! matches.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::NameSearch;
use crate::domain::{
    Account, AccountId, Contact, ContactId, Goal, GoalId, Interaction, InteractionId,
    InteractionKind, Opportunity, OpportunityId, Todo, TodoId,
};

/// How many matches a group shows; the rest are counted.
pub const GROUP_CAP: usize = 5;

/// The kinds of record, in the order their groups are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordKind {
    Account,
    Contact,
    Todo,
    Entry,
    Goal,
    Opportunity,
}

impl RecordKind {
    pub const ALL: [Self; 6] =
        [Self::Account, Self::Contact, Self::Todo, Self::Entry, Self::Goal, Self::Opportunity];

    /// The group's title.
    #[must_use]
    pub const fn plural(self) -> &'static str {
        match self {
            Self::Account => "accounts",
            Self::Contact => "contacts",
            Self::Todo => "todos",
            Self::Entry => "timeline entries",
            Self::Goal => "goals",
            Self::Opportunity => "opportunities",
        }
    }
}

/// The record a match is, by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Account(AccountId),
    Contact(ContactId),
    Todo(TodoId),
    Entry { id: InteractionId, date: NaiveDate, kind: InteractionKind },
    Goal(GoalId),
    Opportunity(OpportunityId),
}

impl Target {
    #[must_use]
    pub const fn kind(self) -> RecordKind {
        match self {
            Self::Account(_) => RecordKind::Account,
            Self::Contact(_) => RecordKind::Contact,
            Self::Todo(_) => RecordKind::Todo,
            Self::Entry { .. } => RecordKind::Entry,
            Self::Goal(_) => RecordKind::Goal,
            Self::Opportunity(_) => RecordKind::Opportunity,
        }
    }
}

/// One searchable record: what it is, the account it belongs to (a todo may belong to none), and
/// its searched fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub target: Target,
    pub account: Option<AccountId>,
    /// The fields, tab-separated (a tab inside a field is a space): the first names the record.
    text: String,
    /// Where the short fields end in `text`: a long one (a note's body, a todo's notes) follows.
    short_end: usize,
}

impl Record {
    fn new<'a>(
        target: Target,
        account: Option<AccountId>,
        fields: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let mut text = String::new();
        for field in fields.into_iter().map(str::trim).filter(|f| !f.is_empty()) {
            if !text.is_empty() {
                text.push('\t');
            }
            text.extend(field.chars().map(|c| if c == '\t' { ' ' } else { c }));
        }
        let short_end = text.len();
        Self { target, account, text, short_end }
    }

    /// The record with a long field after its short ones: it is searched word by word, not
    /// letter by letter.
    fn with_long(mut self, long: Option<&str>) -> Self {
        let Some(long) = long.map(str::trim).filter(|l| !l.is_empty()) else { return self };
        if !self.text.is_empty() {
            self.text.push('\t');
        }
        self.text.extend(long.chars().map(|c| if c == '\t' { ' ' } else { c }));
        self
    }

    /// The short fields, which the fuzzy search reads.
    fn short(&self) -> &str {
        self.text.get(..self.short_end).unwrap_or("")
    }

    /// Whether the record has a long field.
    fn has_long(&self) -> bool {
        self.short_end < self.text.len()
    }

    /// The field that names the record (a contact's name, a todo's title…).
    #[must_use]
    pub fn title(&self) -> &str {
        self.text.split('\t').next().unwrap_or("")
    }

    /// The other fields, in order (a contact's title and email, a todo's notes…).
    pub fn details(&self) -> impl Iterator<Item = &str> {
        self.text.split('\t').skip(1)
    }
}

/// The book's records as read, before they are indexed.
#[derive(Debug, Default)]
pub struct BookRecords {
    pub accounts: Vec<Account>,
    pub contacts: Vec<Contact>,
    pub todos: Vec<Todo>,
    pub entries: Vec<Interaction>,
    pub goals: Vec<Goal>,
    pub opportunities: Vec<Opportunity>,
}

/// Every record of a book, ready to search.
pub struct RecordIndex {
    records: Vec<Record>,
    /// Every record's index, in order: the list the first search of a query walks.
    all: Vec<usize>,
    /// Each account's record, for the account a match belongs to.
    accounts: HashMap<AccountId, usize>,
    search: NameSearch,
    /// The words of every record with a long field, folded, and the searches typed so far.
    words: WordSearch,
}

impl std::fmt::Debug for RecordIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordIndex").field("records", &self.records.len()).finish_non_exhaustive()
    }
}

/// The matches of one query, grouped by kind in [`RecordKind::ALL`]'s order (kinds with none
/// left out).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    pub groups: Vec<Group>,
}

/// The matches of one kind: the best few, as indices into the index, and how many more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub kind: RecordKind,
    pub records: Vec<usize>,
    pub more: usize,
}

impl Found {
    /// Every shown match, group after group: the order a selection moves in.
    pub fn shown(&self) -> impl Iterator<Item = usize> + '_ {
        self.groups.iter().flat_map(|g| g.records.iter().copied())
    }
}

impl RecordIndex {
    /// Indexes `book`: the records in kind order (accounts by name, the others as given), and
    /// their texts read into the matcher's form.
    #[must_use]
    pub fn new(book: BookRecords) -> Self {
        let BookRecords { mut accounts, contacts, todos, entries, goals, opportunities } = book;
        accounts.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        let mut records = Vec::with_capacity(
            accounts.len()
                + contacts.len()
                + todos.len()
                + entries.len()
                + goals.len()
                + opportunities.len(),
        );
        for a in &accounts {
            records.push(Record::new(Target::Account(a.id), Some(a.id), [a.name.as_str()]));
        }
        for c in &contacts {
            let fields = [Some(c.name.as_str()), c.title.as_deref(), c.email.as_deref()];
            records.push(Record::new(
                Target::Contact(c.id),
                Some(c.account_id),
                fields.into_iter().flatten(),
            ));
        }
        for t in &todos {
            let record = Record::new(Target::Todo(t.id), t.account_id, [t.title.as_str()]);
            records.push(record.with_long(t.notes.as_deref()));
        }
        for i in &entries {
            let target = Target::Entry { id: i.id, date: i.date, kind: i.kind };
            let record = Record::new(target, Some(i.account_id), i.summary.as_deref());
            records.push(record.with_long(i.body.as_deref()));
        }
        for g in &goals {
            let fields = [Some(g.objective.as_str()), g.metric.as_deref()];
            records.push(Record::new(
                Target::Goal(g.id),
                Some(g.account_id),
                fields.into_iter().flatten(),
            ));
        }
        for o in &opportunities {
            let fields = [o.name.as_deref(), o.stage.as_deref()];
            records.push(Record::new(
                Target::Opportunity(o.id),
                Some(o.account_id),
                fields.into_iter().flatten(),
            ));
        }
        let accounts = records
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match r.target {
                Target::Account(id) => Some((id, i)),
                _ => None,
            })
            .collect();
        let mut search = NameSearch::strict();
        search.prepare(records.len(), |i| records[i].short());
        let all = (0..records.len()).collect();
        let words = WordSearch::new(&records);
        Self { records, all, accounts, search, words }
    }

    /// How many records there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether the book has no record at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Record `i`.
    #[must_use]
    pub fn record(&self, i: usize) -> Option<&Record> {
        self.records.get(i)
    }

    /// The name of the account `id`, if the index has it.
    #[must_use]
    pub fn account_name(&self, id: AccountId) -> Option<&str> {
        self.accounts.get(&id).and_then(|&i| self.records.get(i)).map(Record::title)
    }

    /// The matches of `query` (none for a blank one), grouped by kind, best first within a group,
    /// each group cut at `cap`.
    ///
    /// The search is [`NameSearch::strict`]: letters scattered over a long note do not match.
    pub fn find(&mut self, query: &str, cap: usize) -> Found {
        if query.trim().is_empty() {
            self.search.forget_steps();
            return Found::default();
        }
        let records = &self.records;
        let fuzzy = self.search.rows(query, &self.all, records.len(), |i| records[i].short());
        // The fuzzy matches, best first, then the records whose long field holds the words.
        let worded = self.words.find(query);
        let mut seen: std::collections::HashSet<usize> = fuzzy.iter().copied().collect();
        let ranked =
            fuzzy.iter().copied().chain(worded.iter().copied().filter(|i| seen.insert(*i)));
        let mut groups: Vec<Group> = Vec::new();
        for i in ranked {
            let kind = records[i].target.kind();
            let at = groups.iter().position(|g| g.kind == kind).unwrap_or_else(|| {
                groups.push(Group { kind, records: Vec::new(), more: 0 });
                groups.len() - 1
            });
            let group = &mut groups[at];
            if group.records.len() < cap {
                group.records.push(i);
            } else {
                group.more += 1;
            }
        }
        groups.sort_by_key(|g| g.kind);
        Found { groups }
    }
}

/// The search of long fields: each word of the query (of three letters or more) must be in the
/// record's text, folded as the fuzzy search folds (case, accents). A word is looked for whole,
/// so that typing narrows a few matches fast instead of scoring every note of the book.
struct WordSearch {
    /// Each record with a long field, and its whole text folded.
    texts: Vec<(usize, String)>,
    /// Each query searched so far (folded) with its matches, as indices into `texts`.
    steps: Vec<(String, Vec<usize>)>,
}

/// The shortest word looked for in long fields: shorter ones are in almost every note.
const WORD_MIN: usize = 3;

impl WordSearch {
    fn new(records: &[Record]) -> Self {
        let texts = records
            .iter()
            .enumerate()
            .filter(|(_, r)| r.has_long())
            .map(|(i, r)| (i, fold(&r.text)))
            .collect();
        Self { texts, steps: Vec::new() }
    }

    /// The records whose text holds every word of `query`, in index order; none while no word
    /// is [`WORD_MIN`] long.
    fn find(&mut self, query: &str) -> Vec<usize> {
        let query = fold(query);
        let words: Vec<&str> = query.split_whitespace().collect();
        if !words.iter().any(|w| w.len() >= WORD_MIN) {
            self.steps.clear();
            return Vec::new();
        }
        // Back to the longest earlier step this query extends (letters added to its words).
        while self.steps.last().is_some_and(|(q, _)| {
            !query.strip_prefix(q.as_str()).is_some_and(|a| a.chars().all(char::is_alphanumeric))
        }) {
            self.steps.pop();
        }
        let texts = &self.texts;
        let holds =
            |t: usize| texts.get(t).is_some_and(|(_, text)| words.iter().all(|w| text.contains(w)));
        let matched: Vec<usize> = match self.steps.last() {
            Some((q, _)) if *q == query => return self.rows(),
            Some((_, previous)) => previous.iter().copied().filter(|&t| holds(t)).collect(),
            None => (0..texts.len()).filter(|&t| holds(t)).collect(),
        };
        self.steps.push((query, matched));
        self.rows()
    }

    /// The records of the last step.
    fn rows(&self) -> Vec<usize> {
        let Some((_, matched)) = self.steps.last() else { return Vec::new() };
        matched.iter().filter_map(|&t| self.texts.get(t).map(|(i, _)| *i)).collect()
    }
}

/// `text` lower-cased with accented letters as their plain ones (`É` as `e`), as the matcher
/// folds them.
fn fold(text: &str) -> String {
    text.chars().flat_map(|c| nucleo_matcher::chars::normalize(c).to_lowercase()).collect()
}

#[cfg(test)]
pub(crate) mod tests;
