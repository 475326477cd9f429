//! Turning one row of each kind into a record of the book and writing it (SPEC 7): the record is
//! found by its external id or natural key, the row's non-blank cells laid over it (a blank
//! keeps the stored value), and the result added, replaced or left as it is. The row's problems
//! are collected in its `Cells`; the caller decides whether anything is kept (the transaction).

mod accounts;
mod activity;
mod contacts;
mod interactions;
mod nps;
mod opportunities;
mod records;
mod seen;
mod tickets;

use nps::nps_key;
use records::Records;
use seen::SeenDays;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::Kind;
use super::cells::Cells;
use super::refs::{Accounts, Contacts};
use super::values::{DateOrder, Money, parse_currency, parse_money};
use crate::domain::{
    Account, AccountId, Contact, ContactId, FeatureId, Interaction, NpsResponse, Opportunity,
    Ticket, UsageDay,
};
use crate::store::{BookWriter, Outcome, Store, StoreResult};

/// How the rows of one file went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Rows whose record an earlier row of the same file already wrote (the later wins).
    pub repeated: usize,
}

impl Tally {
    fn count(&mut self, outcome: Outcome, repeated: bool) {
        match outcome {
            Outcome::New => self.new += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
        }
        if repeated {
            self.repeated += 1;
        }
    }
}

/// What an import of one kind needs to know of the book before it writes.
pub struct Known {
    accounts: Vec<Account>,
    contacts: Vec<Contact>,
    nps: Vec<NpsResponse>,
    tickets: Vec<Ticket>,
    interactions: Vec<Interaction>,
    opportunities: Vec<Opportunity>,
}

impl Known {
    /// Reads what rows of `kind` refer to: the accounts, and the contacts when the rows name
    /// contacts; and the stored records of the kind that rows may find again.
    ///
    /// # Errors
    /// The store could not be read.
    pub fn read(store: &Store, kind: Kind) -> StoreResult<Self> {
        store.snapshot(|store| {
            let accounts = store.accounts()?;
            let named = matches!(kind, Kind::Contacts | Kind::Nps | Kind::Interactions);
            let contacts = if named { store.all_contacts()? } else { Vec::new() };
            let nps = if kind == Kind::Nps { store.all_nps_responses()? } else { Vec::new() };
            let tickets = if kind == Kind::Tickets { store.all_tickets()? } else { Vec::new() };
            let interactions =
                if kind == Kind::Interactions { store.all_interactions()? } else { Vec::new() };
            let opportunities =
                if kind == Kind::Opportunities { store.all_opportunities()? } else { Vec::new() };
            Ok(Self { accounts, contacts, nps, tickets, interactions, opportunities })
        })
    }
}

/// Account references resolved so far, each distinct text once.
#[derive(Debug, Default)]
pub struct Resolved {
    answers: HashMap<String, Result<AccountId, String>>,
    /// The last reference resolved to an account, and its account.
    last: Option<(String, AccountId)>,
}

impl Resolved {
    /// The account a row names in `field` (required), through `accounts`.
    fn account(
        &mut self,
        accounts: &Accounts,
        cells: &mut Cells<'_>,
        field: &str,
    ) -> Option<AccountId> {
        let text = cells.required(field)?;
        // Rows naming one account usually come together.
        if let Some((last, id)) = &self.last
            && last == text
        {
            return Some(*id);
        }
        // Looked up by the borrowed text first: an owned key is made once per distinct text,
        // not once per row.
        if !self.answers.contains_key(text) {
            self.answers.insert(text.to_owned(), accounts.resolve(text));
        }
        match self.answers.get(text)? {
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
            Err(reason) => {
                let reason = reason.clone();
                cells.fail(field, reason);
                None
            }
        }
    }
}

/// What the rows of one file need to know of the book and of the rows before them.
pub struct Importer<'w, 's> {
    writer: &'w BookWriter<'s>,
    kind: Kind,
    order: Option<DateOrder>,
    currency: String,
    accounts: Accounts,
    account_records: HashMap<AccountId, Account>,
    /// Account references already resolved in this file (a usage file names each account a
    /// few hundred times).
    resolved: Resolved,
    contacts: Contacts,
    contact_records: HashMap<ContactId, Contact>,
    /// Each account's contacts, for finding one by name.
    contacts_of: HashMap<AccountId, Vec<ContactId>>,
    /// The stored NPS responses by (account, respondent, date).
    nps: HashMap<(AccountId, Option<String>, NaiveDate), NpsResponse>,
    tickets: Records<Ticket>,
    interactions: Records<Interaction>,
    opportunities: Records<Opportunity>,
    features: HashMap<String, FeatureId>,
    /// Keys written by earlier rows of this file, to count repeats.
    seen: HashSet<String>,
    /// Daily rows added by this file, as (account, day, feature) numbers.
    seen_days: SeenDays,
    /// Whether each account the file names had no stored usage before the file's first row of
    /// it: such an account's rows are new unless they repeat an earlier row.
    no_stored_usage: HashMap<AccountId, bool>,
    /// The account of the last new usage day: it had no stored usage, and is in `touched`.
    fresh_account: Option<AccountId>,
    /// New usage days not written yet, written many at a time.
    new_usage: Vec<(AccountId, UsageDay)>,
    /// Contacts whose manager is named by a later row: resolved once every row is in.
    pending_managers: Vec<(usize, ContactId, AccountId, String, String)>,
    pub tally: Tally,
    pub touched: HashSet<AccountId>,
}

impl<'w, 's> Importer<'w, 's> {
    /// An importer of `kind` rows writing through `writer`, knowing the book as `known` (read
    /// before the writer's transaction began).
    #[must_use]
    pub fn new(
        writer: &'w BookWriter<'s>,
        known: Known,
        kind: Kind,
        order: Option<DateOrder>,
        currency: &str,
    ) -> Self {
        let Known { accounts, contacts, nps, tickets, interactions, opportunities } = known;
        let mut contacts_of: HashMap<AccountId, Vec<ContactId>> = HashMap::new();
        for contact in &contacts {
            contacts_of.entry(contact.account_id).or_default().push(contact.id);
        }
        Self {
            writer,
            kind,
            order,
            currency: currency.to_uppercase(),
            accounts: Accounts::new(&accounts),
            account_records: accounts.into_iter().map(|a| (a.id, a)).collect(),
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
            seen: HashSet::new(),
            seen_days: SeenDays::default(),
            no_stored_usage: HashMap::new(),
            fresh_account: None,
            new_usage: Vec::new(),
            pending_managers: Vec::new(),
            tally: Tally::default(),
            touched: HashSet::new(),
        }
    }

    /// Reads one row and writes its record; problems stay in `cells`.
    ///
    /// # Errors
    /// SQLite failed (a problem with the row is not an error: it is in `cells`).
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
        }
    }

    /// Work left once every row is in (references to later rows); its problems.
    ///
    /// # Errors
    /// SQLite failed.
    pub fn finish(&mut self) -> StoreResult<Vec<super::Problem>> {
        self.write_new_usage()?;
        self.resolve_managers()
    }

    /// The account a row names in `field` (required), resolved once per distinct text.
    fn account_ref(&mut self, cells: &mut Cells<'_>, field: &str) -> Option<AccountId> {
        self.resolved.account(&self.accounts, cells, field)
    }

    fn date(&self, text: &str) -> Result<NaiveDate, String> {
        super::values::parse_date(text, self.order)
    }

    /// The amount `field` holds, in cents of the book's currency. The currency is the one the
    /// cell names, else the `currency` column's, else the book's; any other is refused, as no
    /// exchange rate is configured (SPEC 3).
    fn book_money(&self, cells: &mut Cells<'_>, field: &str) -> Option<i64> {
        let Money { cents, currency } = cells.parse(field, parse_money)?;
        let currency = currency.or_else(|| cells.parse("currency", parse_currency));
        match currency.filter(|c| *c != self.currency) {
            Some(other) => {
                let book = &self.currency;
                cells.fail(
                    field,
                    format!("is in {other}; the book is in {book}, and no rate is configured"),
                );
                None
            }
            None => Some(cents),
        }
    }

    /// Counts a written row: `key` names its record, to tell a repeat within the file.
    fn counted(&mut self, outcome: Outcome, key: String, account: AccountId) {
        let repeated = !self.seen.insert(key);
        self.tally.count(outcome, repeated);
        if outcome != Outcome::Unchanged {
            self.touched.insert(account);
        }
    }
}
