//! Search everything: one search over the book's records (account names, contacts, open todos,
//! timeline entries, goals, opportunities) by their words, folding case and accents as the
//! account list's search does, forgiving a typo in a word of three letters or more, its matches
//! grouped by kind, best first within a group, each group cut at a few with how many more.
//!
//! The index is plain data made from records already read: it must not read the store or draw.
//! Built beside the screen, it holds every word with the records that have it ([`words`]), so a
//! keystroke looks up a word instead of reading every record; a long field (a note's body) is
//! kept only as the glimpse a result line shows.

mod words;

use std::collections::HashMap;

use chrono::NaiveDate;

use roaring::RoaringBitmap;

use crate::domain::{
    Account, AccountId, Contact, ContactId, Goal, GoalId, Interaction, InteractionId,
    InteractionKind, Opportunity, OpportunityId, Todo, TodoId,
};
use words::{Field, Lookups, TIERS, Words, WordsBuilder, query_words};

/// How many matches a group shows at least; the rest are counted.
pub const GROUP_CAP: usize = 5;

/// How much of a long field a record keeps, for the line that shows it.
const GLIMPSE: usize = 120;

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
/// its fields as a result line shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub target: Target,
    pub account: Option<AccountId>,
    /// The fields, tab-separated (a tab inside a field is a space): the first names the record;
    /// a long field is cut to its first [`GLIMPSE`] characters.
    text: Box<str>,
}

impl Record {
    /// The field that names the record (a contact's name, a todo's title…).
    #[must_use]
    pub fn title(&self) -> &str {
        self.text.split('\t').next().unwrap_or("")
    }

    /// The other fields, in order (a contact's title and email, the start of a todo's notes…).
    pub fn details(&self) -> impl Iterator<Item = &str> {
        self.text.split('\t').skip(1)
    }
}

/// Records being indexed: each one's line, and its words.
#[derive(Default)]
struct Indexing {
    records: Vec<Record>,
    words: WordsBuilder,
}

impl Indexing {
    /// Adds a record whose first field names it, then its other short fields, then maybe a
    /// long one.
    fn push<'a>(
        &mut self,
        target: Target,
        account: Option<AccountId>,
        fields: impl IntoIterator<Item = &'a str>,
        long: Option<&str>,
    ) {
        let number = u32::try_from(self.records.len()).unwrap_or(u32::MAX);
        let mut text = String::new();
        let fields = fields.into_iter().map(str::trim).filter(|f| !f.is_empty());
        for (n, field) in fields.enumerate() {
            let kind = if n == 0 { Field::Title } else { Field::Other };
            self.words.add(number, kind, field);
            if n > 0 {
                text.push('\t');
            }
            text.extend(field.chars().map(|c| if c == '\t' { ' ' } else { c }));
        }
        if let Some(long) = long.map(str::trim).filter(|l| !l.is_empty()) {
            self.words.add(number, Field::Long, long);
            if !text.is_empty() {
                text.push('\t');
            }
            let glimpse = long.chars().take(GLIMPSE).map(|c| if c == '\t' { ' ' } else { c });
            text.extend(glimpse);
        }
        self.records.push(Record { target, account, text: text.into_boxed_str() });
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
    /// In kind order: all accounts, then all contacts, and so on.
    records: Vec<Record>,
    /// Where each kind's records start in `records`, in [`RecordKind::ALL`]'s order, and where
    /// the last ends.
    starts: [u32; RecordKind::ALL.len() + 1],
    /// Each account's record, for the account a match belongs to.
    accounts: HashMap<AccountId, usize>,
    words: Words,
    lookups: Lookups,
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
    /// The matches cut to fit `rows` lines, a group taking a line for its title, one per match
    /// and one for how many more: each group shows as many as fit, the same number, never fewer
    /// than [`GROUP_CAP`] (the list scrolls then).
    #[must_use]
    pub fn fit(mut self, rows: usize) -> Self {
        let lines = |cap: usize| -> usize {
            let group = |g: &Group| {
                1 + g.records.len().min(cap) + usize::from(g.records.len() + g.more > cap)
            };
            self.groups.iter().map(group).sum()
        };
        let longest = self.groups.iter().map(|g| g.records.len()).max().unwrap_or(0);
        let mut cap = GROUP_CAP.min(longest);
        while cap < longest && lines(cap + 1) <= rows {
            cap += 1;
        }
        for group in &mut self.groups {
            if group.records.len() > cap {
                group.more += group.records.len() - cap;
                group.records.truncate(cap);
            }
        }
        self
    }

    /// Every shown match, group after group: the order a selection moves in.
    pub fn shown(&self) -> impl Iterator<Item = usize> + '_ {
        self.groups.iter().flat_map(|g| g.records.iter().copied())
    }
}

impl RecordIndex {
    /// Indexes `book`: the records in kind order (accounts by name, timeline entries newest
    /// first, the others as given), and their words.
    #[must_use]
    pub fn new(book: BookRecords) -> Self {
        let BookRecords { mut accounts, contacts, todos, mut entries, goals, opportunities } = book;
        accounts.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        entries.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
        let mut at = Indexing::default();
        let mut starts = [0; RecordKind::ALL.len() + 1];
        let mut start = |kind: RecordKind, at: &Indexing| {
            starts[kind as usize] = u32::try_from(at.records.len()).unwrap_or(u32::MAX);
        };
        start(RecordKind::Account, &at);
        for a in &accounts {
            at.push(Target::Account(a.id), Some(a.id), [a.name.as_str()], None);
        }
        start(RecordKind::Contact, &at);
        for c in &contacts {
            let fields = [Some(c.name.as_str()), c.title.as_deref(), c.email.as_deref()];
            at.push(Target::Contact(c.id), Some(c.account_id), fields.into_iter().flatten(), None);
        }
        start(RecordKind::Todo, &at);
        for t in &todos {
            at.push(Target::Todo(t.id), t.account_id, [t.title.as_str()], t.notes.as_deref());
        }
        start(RecordKind::Entry, &at);
        for i in &entries {
            let target = Target::Entry { id: i.id, date: i.date, kind: i.kind };
            at.push(target, Some(i.account_id), i.summary.as_deref(), i.body.as_deref());
        }
        start(RecordKind::Goal, &at);
        for g in &goals {
            let fields = [Some(g.objective.as_str()), g.metric.as_deref()];
            at.push(Target::Goal(g.id), Some(g.account_id), fields.into_iter().flatten(), None);
        }
        start(RecordKind::Opportunity, &at);
        for o in &opportunities {
            let fields = [o.name.as_deref(), o.stage.as_deref()];
            let target = Target::Opportunity(o.id);
            at.push(target, Some(o.account_id), fields.into_iter().flatten(), None);
        }
        let Indexing { records, words } = at;
        starts[RecordKind::ALL.len()] = u32::try_from(records.len()).unwrap_or(u32::MAX);
        let accounts = records
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match r.target {
                Target::Account(id) => Some((id, i)),
                _ => None,
            })
            .collect();
        Self { records, starts, accounts, words: words.build(), lookups: Lookups::default() }
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

    /// How many distinct words the records hold.
    #[must_use]
    pub fn words(&self) -> usize {
        self.words.len()
    }

    /// The matches of `query` (none for a blank one), grouped by kind, best first within a group,
    /// each group cut at `cap`.
    ///
    /// A record matches when each word of the query is a word of it or starts one (in a note,
    /// from three letters), or, from three letters, is close to one of its short fields' words
    /// that starts with the same letter: scattered letters do not match. It ranks by how well
    /// its worst-matched word does (a word of its title, the start of one, another field's, a
    /// close one, a note's), then in the index's order.
    pub fn find(&mut self, query: &str, cap: usize) -> Found {
        let words = query_words(query);
        if words.is_empty() {
            self.lookups.forget();
            return Found::default();
        }
        // The records matching every word at each tier or better.
        let mut levels: [RoaringBitmap; TIERS] = Default::default();
        for (n, word) in words.iter().enumerate() {
            let matches = self.lookups.matches(&self.words, word);
            for (level, at) in levels.iter_mut().zip(&matches.at) {
                if n == 0 {
                    level.clone_from(at);
                } else {
                    *level &= at;
                }
            }
        }
        let mut groups = Vec::new();
        for kind in RecordKind::ALL {
            let range = self.starts[kind as usize]..self.starts[kind as usize + 1];
            let total = levels[TIERS - 1].range_cardinality(range.clone());
            if total == 0 {
                continue;
            }
            let mut records = Vec::new();
            'tiers: for (t, level) in levels.iter().enumerate() {
                for r in level.range(range.clone()) {
                    if t > 0 && levels[t - 1].contains(r) {
                        continue;
                    }
                    if records.len() == cap {
                        break 'tiers;
                    }
                    records.push(r as usize);
                }
            }
            let more = usize::try_from(total).unwrap_or(usize::MAX).saturating_sub(records.len());
            groups.push(Group { kind, records, more });
        }
        Found { groups }
    }
}

#[cfg(test)]
pub(crate) mod tests;
