//! Turning the rows of each kind into records of the book and writing them (SPEC 7): a record is
//! found by its external id or natural key, each row's non-blank cells laid over it (a blank
//! keeps the stored value, or an earlier row's), and once every row is in, the record is added,
//! replaced or left as it is. Daily rows, millions of them, are written as they come, and a
//! repeated day is merged in the store. The rows' problems are collected in their `Cells`; the
//! caller decides whether anything is kept (the transaction).

mod accounts;
mod activity;
mod contacts;
mod interactions;
mod merged;
mod nps;
mod opportunities;
mod records;
mod renewals;
mod seen;
mod tickets;
mod users;

use merged::FileRecords;
use nps::{NpsKey, nps_key};
use records::Records;
use renewals::RenewalKey;
use seen::{DayKey, SeenDays};
use users::{Owners, UserRows};

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;

use super::Kind;
use super::cells::Cells;
use super::refs::{Accounts, Contacts, Miss};
use super::values::{DateOrder, parse_amount, parse_currency};
use crate::config::{BookConfig, Rates};
use crate::domain::{
    Account, AccountId, Contact, ContactId, FeatureId, Interaction, NpsResponse, Opportunity,
    RenewalRecord, Ticket, UsageDay,
};
use crate::store::{BookUser, BookWriter, DayCounts, Outcome, SourceId, Store, StoreResult};

/// How the rows of one file went: each record the file names counted once, as new, updated or
/// unchanged against the book before the file; the other rows naming it merged into it. So
/// `new + updated + unchanged + merged` is the number of rows imported.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Rows naming the record of an earlier row of the file (the same external id or natural
    /// key): merged into it, their non-blank values winning.
    pub merged: usize,
}

impl Tally {
    fn count(&mut self, outcome: Outcome) {
        *self.slot(outcome) += 1;
    }

    /// Takes back a count: a later row changed what its record's outcome is.
    fn uncount(&mut self, outcome: Outcome) {
        let slot = self.slot(outcome);
        *slot = slot.saturating_sub(1);
    }

    fn slot(&mut self, outcome: Outcome) -> &mut usize {
        match outcome {
            Outcome::New => &mut self.new,
            Outcome::Updated => &mut self.updated,
            Outcome::Unchanged => &mut self.unchanged,
        }
    }
}

/// What an import of one kind needs to know of the book before it writes.
pub struct Known {
    /// The source system the file comes from, and the ids sources gave accounts.
    source: String,
    sources: Vec<SourceId>,
    accounts: Vec<Account>,
    contacts: Vec<Contact>,
    nps: Vec<NpsResponse>,
    tickets: Vec<Ticket>,
    interactions: Vec<Interaction>,
    opportunities: Vec<Opportunity>,
    users: Vec<BookUser>,
    renewals: Vec<RenewalRecord>,
}

impl Known {
    /// Reads what rows of `kind` from `source` refer to: the accounts and their ids in source
    /// systems, and the contacts when the rows name contacts; and the stored records of the
    /// kind that rows may find again.
    ///
    /// # Errors
    /// The store could not be read.
    pub fn read(store: &Store, kind: Kind, source: &str) -> StoreResult<Self> {
        store.snapshot(|store| {
            let accounts = store.accounts()?;
            let sources = store.account_sources()?;
            let named = matches!(kind, Kind::Contacts | Kind::Nps | Kind::Interactions);
            let contacts = if named { store.all_contacts()? } else { Vec::new() };
            let nps = if kind == Kind::Nps { store.all_nps_responses()? } else { Vec::new() };
            let tickets = if kind == Kind::Tickets { store.all_tickets()? } else { Vec::new() };
            let interactions =
                if kind == Kind::Interactions { store.all_interactions()? } else { Vec::new() };
            let opportunities =
                if kind == Kind::Opportunities { store.all_opportunities()? } else { Vec::new() };
            let owned = matches!(kind, Kind::Accounts | Kind::Users);
            let users = if owned { store.users()? } else { Vec::new() };
            let renewals =
                if kind == Kind::Renewals { store.renewal_records()? } else { Vec::new() };
            let source = source.to_owned();
            Ok(Self {
                source,
                sources,
                accounts,
                contacts,
                nps,
                tickets,
                interactions,
                opportunities,
                users,
                renewals,
            })
        })
    }
}

/// Distinct references whose answers are kept: past them, a reference is resolved again when
/// it comes again (a few hash lookups), so that a file naming millions of distinct texts, or a
/// book of millions of accounts, does not keep them all.
const REFERENCES_HELD: usize = 1 << 16;

/// Account references resolved so far, each distinct text once.
#[derive(Debug, Default)]
pub struct Resolved {
    answers: HashMap<String, Result<AccountId, Miss>>,
    /// Unmatched references given the nearest account names so far, and the account names
    /// their searches compared (see [`SUGGESTED`] and [`COMPARED`]).
    suggested: usize,
    compared: usize,
    /// The last reference resolved to an account, and its account.
    last: Option<(String, AccountId)>,
    /// Rows whose account id matched nothing (or was blank) placed by the account's name
    /// instead, and the two columns' headers (id, name), for the summary.
    pub by_name: usize,
    pub by_name_columns: Option<(String, String)>,
}

impl Resolved {
    /// The account a row names in `field` (required), through `accounts`.
    fn account(
        &mut self,
        accounts: &Accounts,
        cells: &mut Cells<'_>,
        field: &str,
    ) -> Option<AccountId> {
        if let Some(placed) = self.by_name(accounts, cells, field, None) {
            return Some(placed);
        }
        let text = cells.required(field)?;
        // Rows naming one account usually come together.
        if let Some((last, id)) = &self.last
            && last == text
        {
            return Some(*id);
        }
        // Looked up by the borrowed text first: an owned key is made once per distinct text,
        // not once per row, up to a bound.
        let uncached;
        let answer = if self.answers.contains_key(text) {
            &self.answers[text]
        } else {
            let answer = accounts.resolve(text);
            if self.answers.len() < REFERENCES_HELD {
                self.answers.insert(text.to_owned(), answer);
                &self.answers[text]
            } else {
                uncached = answer;
                &uncached
            }
        };
        match answer {
            Ok(id) => {
                let id = *id;
                match &mut self.last {
                    // The string's buffer is reused: no allocation per change of account.
                    Some((last, last_id)) => {
                        last.clear();
                        last.push_str(text);
                        *last_id = id;
                    }
                    None => self.last = Some((text.to_owned(), id)),
                }
                Some(id)
            }
            Err(miss) => {
                let miss = miss.clone();
                if matches!(miss, Miss::Unmatched { .. })
                    && let Some(placed) = self.by_name(accounts, cells, field, Some(text))
                {
                    return Some(placed);
                }
                self.fail(accounts, cells, field, &miss);
                None
            }
        }
    }

    /// The account a row names by name behind its id (`Associated Company` behind `Primary
    /// Associated Company ID`), when the id `text` matched nothing or, `None`, the id cell is
    /// blank; counted. `None` when the file has no such column, the row leaves it blank, or
    /// it finds no one account (the row then fails on its id, as before).
    fn by_name(
        &mut self,
        accounts: &Accounts,
        cells: &Cells<'_>,
        field: &str,
        text: Option<&str>,
    ) -> Option<AccountId> {
        if field != "account" || (text.is_none() && cells.text(field).is_some()) {
            return None;
        }
        let (name, header) = cells.account_name()?;
        let id = accounts.resolve(name).ok()?;
        self.by_name += 1;
        if self.by_name_columns.is_none() {
            self.by_name_columns = Some((cells.column(field), header.to_owned()));
        }
        Some(id)
    }

    /// Records that the reference in `field` found no one account, naming the nearest
    /// account names when it matched none (for the first [`SUGGESTED`] such references).
    fn fail(&mut self, accounts: &Accounts, cells: &mut Cells<'_>, field: &str, miss: &Miss) {
        let unmatched = matches!(miss, Miss::Unmatched { .. });
        let named = matches!(miss, Miss::Unmatched { reference: Some(_), .. });
        let suggest = named
            && self.suggested < SUGGESTED
            && self.compared.saturating_add(accounts.count()) <= COMPARED.max(accounts.count());
        if suggest {
            self.suggested += 1;
            self.compared = self.compared.saturating_add(accounts.count());
        }
        let reason = accounts.reason(miss, suggest);
        if unmatched {
            cells.fail_unmatched(field, reason);
        } else {
            cells.fail(field, reason);
        }
    }
}

/// Unmatched references given the nearest account names, each a pass over the book's names:
/// as many as the problems listed, so a file naming thousands of unknown accounts costs no
/// more than one naming fifty.
const SUGGESTED: usize = super::PROBLEM_CAP;

/// Account names compared in the searches of the nearest ones, at most, for a file: about a
/// second. A book of a thousand accounts has fifty searches; one of a hundred thousand, a few
/// (at least one), the later references then named without suggestions.
const COMPARED: usize = 500_000;

/// What the rows of one file need to know of the book and of the rows before them.
pub struct Importer<'w, 's> {
    writer: &'w BookWriter<'s>,
    kind: Kind,
    order: Option<DateOrder>,
    currency: String,
    rates: Rates,
    /// Shared with the thread that reads usage rows: a book of 200,000 accounts has an index of
    /// tens of megabytes, not to be copied.
    accounts: Arc<Accounts>,
    /// The source system the file comes from (`salesforce`, `zendesk`, `csv`…).
    source: String,
    /// The ids an accounts file gives its accounts (provisional ids for new ones), remembered
    /// as the source's once the accounts are written.
    source_ids: Vec<(String, AccountId)>,
    /// Account rows of a new source found in the book by domain or name.
    first_sight_matches: usize,
    /// The day of the import: an account whose stage the file moves out of onboarding has its
    /// open milestones closed as skipped on it (none without a day).
    as_of: Option<NaiveDate>,
    /// What the rows decided that a person should know, for the summary.
    pub notes: Vec<String>,
    /// What owner cells name users by, for an accounts file.
    owners: Owners,
    /// The users, for a users file.
    users: UserRows,
    /// The stored accounts, for an accounts or users file (other kinds never change them) and a
    /// renewals file (whose rows may take an account's ARR as the ARR before a renewal).
    account_records: HashMap<AccountId, Account>,
    /// Account references already resolved in this file (a usage file names each account a
    /// few hundred times).
    resolved: Resolved,
    contacts: Contacts,
    contact_records: HashMap<ContactId, Contact>,
    /// Each account's contacts, for finding one by name.
    contacts_of: HashMap<AccountId, Vec<ContactId>>,
    /// The stored NPS responses by (account, respondent, date).
    nps: HashMap<NpsKey, NpsResponse>,
    tickets: Records<Ticket>,
    interactions: Records<Interaction>,
    opportunities: Records<Opportunity>,
    features: HashMap<String, FeatureId>,
    /// The records the file's rows name, merged in memory and written once every row is in;
    /// new ones under provisional ids (below zero) until then.
    named_accounts: FileRecords<AccountId, Account>,
    named_contacts: FileRecords<ContactId, Contact>,
    named_nps: FileRecords<NpsKey, NpsResponse>,
    named_tickets: FileRecords<i64, Ticket>,
    named_interactions: FileRecords<i64, Interaction>,
    named_opportunities: FileRecords<i64, Opportunity>,
    /// The stored renewal records by key, then as the rows made them.
    renewals: HashMap<RenewalKey, RenewalRecord>,
    named_renewals: FileRecords<RenewalKey, RenewalRecord>,
    /// The last provisional id given.
    provisional: i64,
    /// Daily rows named by this file, as (account, day, feature) numbers.
    seen_days: SeenDays,
    /// The days the file changes of accounts with stored usage (and of every account's feature
    /// use), with their counts before the file (`None`: the day was not stored), so that a
    /// later row for the same day is told against the book, not against the earlier row. Up to
    /// a bound, then in the store (`days_before_full`).
    days_before: HashMap<DayKey, Option<DayCounts>>,
    days_before_full: bool,
    /// Whether the store holds tables of the file's days (dropped once every row is in).
    file_days_stored: bool,
    /// How many days of each such account the file changes, as far as its rows so far go.
    changed_days: HashMap<AccountId, usize>,
    /// The accounts with stored usage before the file (read at its first usage row): the rows
    /// of any other account are new unless they repeat an earlier row.
    stored_usage: Option<HashSet<AccountId>>,
    /// The account of the last new usage day: it had no stored usage, and is in `touched`.
    fresh_account: Option<AccountId>,
    /// New usage days not written yet, written many at a time.
    new_usage: Vec<(AccountId, UsageDay)>,
    /// Contacts whose manager is named by a later row: resolved once every row is in.
    pending_managers: Vec<(usize, ContactId, AccountId, String, String)>,
    pub tally: Tally,
    pub touched: HashSet<AccountId>,
    /// The accounts this file created, as written: they have no other facts yet, so they are
    /// scored from the account alone.
    pub created: Vec<Account>,
}

impl<'w, 's> Importer<'w, 's> {
    /// The importer, importing on `as_of`.
    #[must_use]
    pub fn on(self, as_of: NaiveDate) -> Self {
        Self { as_of: Some(as_of), ..self }
    }

    /// An importer of `kind` rows writing through `writer`, knowing the book as `known` (read
    /// before the writer's transaction began).
    #[must_use]
    pub fn new(
        writer: &'w BookWriter<'s>,
        known: Known,
        kind: Kind,
        order: Option<DateOrder>,
        book: &BookConfig,
    ) -> Self {
        let Known {
            source,
            sources,
            accounts,
            contacts,
            nps,
            tickets,
            interactions,
            opportunities,
            users,
            renewals,
        } = known;
        let mut contacts_of: HashMap<AccountId, Vec<ContactId>> = HashMap::new();
        for contact in &contacts {
            contacts_of.entry(contact.account_id).or_default().push(contact.id);
        }
        Self {
            writer,
            kind,
            order,
            currency: book.currency.to_uppercase(),
            rates: book.rates.clone(),
            accounts: Arc::new(Accounts::with_sources(&accounts, &sources, &source)),
            source,
            source_ids: Vec::new(),
            first_sight_matches: 0,
            as_of: None,
            notes: Vec::new(),
            owners: Owners::new(&users),
            users: UserRows::new(users),
            account_records: match kind {
                Kind::Accounts | Kind::Users | Kind::Renewals => {
                    accounts.into_iter().map(|a| (a.id, a)).collect()
                }
                _ => HashMap::new(),
            },
            resolved: Resolved::default(),
            contacts: Contacts::new(&contacts),
            contact_records: contacts.into_iter().map(|c| (c.id, c)).collect(),
            contacts_of,
            nps: nps.into_iter().map(|n| (nps_key(&n), n)).collect(),
            tickets: Records::new(tickets),
            interactions: Records::new(
                interactions.into_iter().map(interactions::with_sorted_contacts).collect(),
            ),
            opportunities: Records::new(opportunities),
            features: HashMap::new(),
            named_accounts: FileRecords::default(),
            named_contacts: FileRecords::default(),
            named_nps: FileRecords::default(),
            named_tickets: FileRecords::default(),
            named_interactions: FileRecords::default(),
            named_opportunities: FileRecords::default(),
            renewals: renewals::by_key(renewals),
            named_renewals: FileRecords::default(),
            provisional: 0,
            seen_days: SeenDays::default(),
            days_before: HashMap::new(),
            days_before_full: false,
            file_days_stored: false,
            changed_days: HashMap::new(),
            stored_usage: None,
            fresh_account: None,
            new_usage: Vec::new(),
            pending_managers: Vec::new(),
            tally: Tally::default(),
            touched: HashSet::new(),
            created: Vec::new(),
        }
    }

    /// Reads one row and writes its record; problems stay in `cells`.
    ///
    /// # Errors
    /// The store failed (a problem with the row is not an error: it is in `cells`).
    pub fn row(&mut self, cells: &mut Cells<'_>) -> StoreResult<()> {
        match self.kind {
            Kind::Accounts => self.account(cells),
            Kind::Contacts => self.contact(cells),
            Kind::Usage => self.usage(cells),
            Kind::Features => self.feature_use(cells),
            Kind::Nps => self.nps_answer(cells),
            Kind::Tickets => self.ticket(cells),
            Kind::Interactions => self.interaction(cells),
            Kind::Opportunities => self.opportunity(cells),
            Kind::Users => self.user(cells),
            Kind::Renewals => self.renewal(cells),
        }
    }

    /// Work left once every row is in: the records the rows named written, each compared with
    /// how it was stored before the file, and references to later rows; its problems.
    ///
    /// # Errors
    /// The store failed.
    pub fn finish(&mut self) -> StoreResult<Vec<super::Problem>> {
        self.write_new_usage()?;
        self.mark_changed_days();
        if self.file_days_stored {
            self.writer.drop_file_days()?;
        }
        self.write_accounts()?;
        if self.kind == Kind::Users {
            let mut accounts: Vec<Account> = self.account_records.values().cloned().collect();
            accounts.sort_unstable_by_key(|a| a.id);
            self.write_users(&accounts)?;
        }
        self.write_nps()?;
        self.write_tickets()?;
        self.write_interactions()?;
        self.write_opportunities()?;
        self.write_renewals()?;
        let written = self.write_contacts()?;
        if let (n @ 1.., Some((id, name))) = (self.resolved.by_name, &self.resolved.by_name_columns)
        {
            let (rows, were, their) = if n == 1 {
                ("1 row".to_owned(), "was", "its")
            } else {
                (format!("{n} rows"), "were", "their")
            };
            self.notes.push(format!(
                "{rows} whose {id} matched no account {were} placed by {their} {name}"
            ));
        }
        self.resolve_managers(&written)
    }

    /// An id for a record not written yet, told apart from every stored one (those are
    /// positive).
    fn provisional_id(&mut self) -> i64 {
        self.provisional -= 1;
        self.provisional
    }

    /// The account a row names in `field` (required), resolved once per distinct text.
    fn account_ref(&mut self, cells: &mut Cells<'_>, field: &str) -> Option<AccountId> {
        self.resolved.account(&self.accounts, cells, field)
    }

    fn date(&self, text: &str) -> Result<NaiveDate, String> {
        super::values::parse_date(text, self.order)
    }

    /// The amount `field` holds, in cents of the book's currency. The currency is the one the
    /// cell names, else the `currency` column's, else the book's; another is converted at its
    /// configured rate (`[book.rates]`), and refused without one (SPEC 7, Money).
    fn book_money(&self, cells: &mut Cells<'_>, field: &str) -> Option<i64> {
        let text = cells.text(field)?;
        let amount = cells.parse(field, parse_amount)?;
        let currency = amount.currency.clone().or_else(|| cells.parse("currency", parse_currency));
        let cents = match currency.filter(|c| *c != self.currency) {
            None => amount.cents(text),
            Some(other) => match self.rates.get(&other) {
                Some(rate) => amount.converted(rate, text),
                None => Err(no_rate(&other, &self.currency)),
            },
        };
        cents.map_err(|reason| cells.fail(field, reason)).ok()
    }

    /// Takes out what the importer read and built that grows with the book, to be dropped
    /// elsewhere: freeing the indexes and records of a hundred thousand accounts takes a tenth
    /// of a second that the caller need not wait for.
    pub fn take_indexes(&mut self) -> impl Send + 'static {
        use std::mem::take;
        (
            take(&mut self.accounts),
            take(&mut self.account_records),
            take(&mut self.named_accounts),
            take(&mut self.contacts),
            take(&mut self.contact_records),
            take(&mut self.named_contacts),
            take(&mut self.seen_days),
            take(&mut self.days_before),
        )
    }

    /// Counts a record written once every row is in: `account`'s facts changed unless it is
    /// unchanged.
    fn counted(&mut self, outcome: Outcome, account: AccountId) {
        self.tally.count(outcome);
        if outcome != Outcome::Unchanged {
            self.touched.insert(account);
        }
    }

    /// Counts a row naming a record an earlier row of the file named (`merged`).
    fn noted(&mut self, merged: bool) {
        if merged {
            self.tally.merged += 1;
        }
    }
}

/// Why an amount in `other` cannot be imported into a book in `book`: no rate, and how to add one.
fn no_rate(other: &str, book: &str) -> String {
    format!(
        "is in {other}; the book is in {book}, and no rate is configured: add `{other} = N` under \
         [book.rates] in the configuration, where N is what one {other} is worth in {book}"
    )
}
