//! References from an imported row to the book (SPEC 7): an account named by its external id
//! (Salesforce 15- and 18-character ids are one record), else its name, else its domain; a
//! contact by email or external id; an NPS answer without an account placed through its email.
//! An account may carry one id per source system (`account_source`): a row's id is looked up
//! first among the ids the file's own source gave, then as the account's first external id,
//! then among every source's ids; an account row from a source seen for the first time finds
//! its account by domain, then by name. Built once per file from the store; answers are ids or a
//! reason for the row. It must not write.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

use super::values::{email_domain, normalize_domain};
use crate::domain::{Account, AccountId, Contact, ContactId, salesforce_id_key, terminal_safe};
use crate::lookup::FoldedNames;
use crate::store::SourceId;

/// Account names a message suggests for a reference that matched none.
pub const NEAREST: usize = 3;

/// Names are matched trimmed and case-folded.
fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// A value quoted in a reason: shortened and safe to show.
fn shown(text: &str) -> String {
    let safe = terminal_safe(text.trim());
    if safe.chars().count() > 40 {
        format!("“{}…”", safe.chars().take(39).collect::<String>())
    } else {
        format!("“{safe}”")
    }
}

/// Why a reference found no one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// Nothing in the book answers to the reference: a row that `--skip-unmatched` may leave
    /// out. What the row names as its account (compared with the account names; `None` when
    /// the row is placed through an email, whose domain says nothing of a name), and why it
    /// matched none.
    Unmatched { reference: Option<String>, reason: String },
    /// The reference is wrong whatever the book holds (not an email address), or several
    /// accounts answer to it: always a problem of the row.
    Wrong(String),
}

impl fmt::Display for Miss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unmatched { reason, .. } | Self::Wrong(reason) => f.write_str(reason),
        }
    }
}

/// The book's accounts, looked up as rows name them.
#[derive(Debug, Default, Clone)]
pub struct Accounts {
    by_key: HashMap<String, AccountId>,
    by_name: HashMap<String, Vec<AccountId>>,
    by_domain: HashMap<String, Vec<AccountId>>,
    names: HashMap<AccountId, String>,
    /// The ids the file's source gave accounts (keyed as [`salesforce_id_key`] keys them).
    by_source: HashMap<String, AccountId>,
    /// The ids every other source gave accounts.
    by_other_source: HashMap<String, Vec<AccountId>>,
    /// The accounts that carry an id from the file's source: a row of that source with another
    /// id is another company, never matched to them by domain or name.
    sourced: HashSet<AccountId>,
    /// The names folded for the search of the nearest ones, once the first search needs them.
    folded: OnceLock<FoldedNames>,
}

impl Accounts {
    /// The index of `accounts`.
    #[must_use]
    pub fn new(accounts: &[Account]) -> Self {
        let mut index = Self::default();
        for account in accounts {
            index.add(account);
        }
        index
    }

    /// The index of `accounts` and of their ids in source systems, for a file from `source`.
    #[must_use]
    pub fn with_sources(accounts: &[Account], ids: &[SourceId], source: &str) -> Self {
        let mut index = Self::new(accounts);
        for id in ids {
            let key = salesforce_id_key(&id.external_id);
            if id.source == source {
                index.by_source.insert(key, id.account_id);
                index.sourced.insert(id.account_id);
            } else {
                push_unique(index.by_other_source.entry(key).or_default(), id.account_id);
            }
        }
        index
    }

    /// Remembers that the file's source gives `account` the id `external_id`: later rows of the
    /// file find it by that id.
    pub fn add_source_id(&mut self, external_id: &str, account: AccountId) {
        self.by_source.insert(salesforce_id_key(external_id), account);
        self.sourced.insert(account);
    }

    /// The account an account row's own id names: the id its source gave it, else its first
    /// external id.
    #[must_use]
    pub fn by_own_id(&self, external_id: &str) -> Option<AccountId> {
        let key = salesforce_id_key(external_id.trim());
        self.by_source.get(&key).or_else(|| self.by_key.get(&key)).copied()
    }

    /// The account an account row from a source seen for the first time stands for: the one
    /// account with its domain, else the one with its name (trimmed, case-folded), among those
    /// that carry no id from this source yet; `None` when none matches.
    ///
    /// # Errors
    /// Several accounts have the domain, or (without a domain match) the name: the field that
    /// matched them, and why.
    pub fn first_sight(
        &self,
        domain: Option<&str>,
        name: Option<&str>,
    ) -> Result<Option<AccountId>, (&'static str, String)> {
        let unsourced = |ids: &Vec<AccountId>| -> Vec<AccountId> {
            ids.iter().copied().filter(|id| !self.sourced.contains(id)).collect()
        };
        if let Some(domain) = domain.and_then(normalize_domain) {
            let ids = self.by_domain.get(&domain).map(unsourced).unwrap_or_default();
            if !ids.is_empty() {
                return self
                    .one(&ids, || {
                        format!("the domain {} is shared by {}", shown(&domain), self.list(&ids))
                    })
                    .map(Some)
                    .map_err(|reason| ("domain", reason));
            }
        }
        if let Some(name) = name {
            let ids = self.by_name.get(&name_key(name)).map(unsourced).unwrap_or_default();
            if !ids.is_empty() {
                return self
                    .one(&ids, || {
                        format!("the name {} is borne by {}", shown(name), self.list(&ids))
                    })
                    .map(Some)
                    .map_err(|reason| ("name", reason));
            }
        }
        Ok(None)
    }

    /// Adds (or re-adds, after a change) one account.
    pub fn add(&mut self, account: &Account) {
        self.by_key.insert(salesforce_id_key(&account.external_id), account.id);
        push_unique(self.by_name.entry(name_key(&account.name)).or_default(), account.id);
        if let Some(domain) = account.domain.as_deref().and_then(normalize_domain) {
            push_unique(self.by_domain.entry(domain).or_default(), account.id);
        }
        self.names.insert(account.id, account.name.clone());
        self.folded = OnceLock::new();
    }

    /// How many accounts there are: what a search of the nearest names compares.
    #[must_use]
    pub fn count(&self) -> usize {
        self.names.len()
    }

    /// Adds one account by its external id only: all an accounts file looks its rows up by.
    pub fn add_external_id(&mut self, account: &Account) {
        self.by_key.insert(salesforce_id_key(&account.external_id), account.id);
    }

    /// The account `text` names: an id the file's source gave it, else its first external id,
    /// else an id another source gave it, else a name, else a domain.
    ///
    /// # Errors
    /// Nothing matches ([`Miss::Unmatched`]), or a name or domain matches several accounts.
    pub fn resolve(&self, text: &str) -> Result<AccountId, Miss> {
        if let Some(id) = self.by_own_id(text) {
            return Ok(id);
        }
        if let Some(ids) = self.by_other_source.get(&salesforce_id_key(text.trim())) {
            return self
                .one(ids, || format!("the id {} names {}", shown(text), self.list(ids)))
                .map_err(Miss::Wrong);
        }
        if let Some(ids) = self.by_name.get(&name_key(text)) {
            return self
                .one(ids, || format!("{} names {} accounts", shown(text), ids.len()))
                .map_err(Miss::Wrong);
        }
        if let Some(ids) = normalize_domain(text).and_then(|d| self.by_domain.get(&d)) {
            return self
                .one(ids, || format!("the domain {} is shared by {}", shown(text), self.list(ids)))
                .map_err(Miss::Wrong);
        }
        Err(Miss::Unmatched {
            reference: Some(text.trim().to_owned()),
            reason: format!(
                "no account has the external id, name or domain {} (import the accounts first)",
                shown(text)
            ),
        })
    }

    /// Why `miss` is a problem, naming the [`NEAREST`] account names nearest to an unmatched
    /// reference when `suggest` (the comparison reads every name of the book: a file naming
    /// thousands of unknown accounts asks it for the first few only).
    #[must_use]
    pub fn reason(&self, miss: &Miss, suggest: bool) -> String {
        let Miss::Unmatched { reference: Some(reference), .. } = miss else {
            return miss.to_string();
        };
        let nearest = if suggest {
            let folded = self
                .folded
                .get_or_init(|| FoldedNames::new(self.names.values().map(String::as_str)));
            folded.nearest(reference, NEAREST)
        } else {
            Vec::new()
        };
        if nearest.is_empty() {
            return miss.to_string();
        }
        let listed: Vec<String> = nearest.iter().map(|n| shown(n)).collect();
        format!("{miss}; nearest: {}", listed.join(", "))
    }

    /// The one account whose domain is the domain of `email`.
    ///
    /// # Errors
    /// No account or several accounts have that domain.
    /// No account or several accounts have that domain (only the first is a
    /// [`Miss::Unmatched`]).
    pub fn by_email_domain(&self, email: &str) -> Result<AccountId, Miss> {
        self.with_email_domain(email).map_err(Miss::Wrong)?.ok_or_else(|| Miss::Unmatched {
            reference: None,
            reason: format!("no contact has the email {} and no account its domain", shown(email)),
        })
    }

    /// The one account whose domain is the domain of `email`; `None` when no account has it.
    ///
    /// # Errors
    /// `email` is not an email address, or several accounts have its domain.
    pub fn with_email_domain(&self, email: &str) -> Result<Option<AccountId>, String> {
        let Some(domain) = email_domain(email) else {
            return Err(format!("{} is not an email address", shown(email)));
        };
        let Some(ids) = self.by_domain.get(&domain) else { return Ok(None) };
        self.one(ids, || format!("the domain of {} is shared by {}", shown(email), self.list(ids)))
            .map(Some)
    }

    fn one(
        &self,
        ids: &[AccountId],
        ambiguous: impl FnOnce() -> String,
    ) -> Result<AccountId, String> {
        match ids {
            [one] => Ok(*one),
            _ => Err(format!("ambiguous: {}", ambiguous())),
        }
    }

    fn list(&self, ids: &[AccountId]) -> String {
        let names: Vec<String> = ids
            .iter()
            .take(3)
            .map(|id| self.names.get(id).map_or_else(|| format!("#{}", id.0), |n| shown(n)))
            .collect();
        let more = ids.len().saturating_sub(3);
        if more > 0 { format!("{} and {more} more", names.join(", ")) } else { names.join(" and ") }
    }
}

fn push_unique(ids: &mut Vec<AccountId>, id: AccountId) {
    if !ids.contains(&id) {
        ids.push(id);
    }
}

/// The book's contacts, looked up by email or external id.
#[derive(Debug, Default)]
pub struct Contacts {
    by_email: HashMap<String, Vec<(AccountId, ContactId)>>,
    by_external_id: HashMap<String, (AccountId, ContactId)>,
}

impl Contacts {
    /// The index of `contacts`.
    #[must_use]
    pub fn new(contacts: &[Contact]) -> Self {
        let mut index = Self::default();
        for contact in contacts {
            index.add(contact);
        }
        index
    }

    /// Adds one contact.
    pub fn add(&mut self, contact: &Contact) {
        let entry = (contact.account_id, contact.id);
        if let Some(email) = contact.email.as_deref().map(|e| e.trim().to_lowercase()) {
            let list = self.by_email.entry(email).or_default();
            if !list.contains(&entry) {
                list.push(entry);
            }
        }
        if let Some(external_id) = &contact.external_id {
            self.by_external_id.insert(salesforce_id_key(external_id.trim()), entry);
        }
    }

    /// The contact of `account` that `text` names: an email or an external id.
    ///
    /// # Errors
    /// No contact of that account matches.
    pub fn of_account(&self, account: AccountId, text: &str) -> Result<ContactId, String> {
        let by_email = self
            .by_email
            .get(&text.trim().to_lowercase())
            .and_then(|list| list.iter().find(|(a, _)| *a == account));
        let by_id =
            self.by_external_id.get(&salesforce_id_key(text.trim())).filter(|(a, _)| *a == account);
        by_email.or(by_id).map(|(_, c)| *c).ok_or_else(|| {
            format!("no contact of this account has the email or id {}", shown(text))
        })
    }

    /// The contact with this external id, in whichever account (the id is the contact's key:
    /// a re-import may move it to another account).
    #[must_use]
    pub fn by_external_id(&self, external_id: &str) -> Option<ContactId> {
        self.by_external_id.get(&salesforce_id_key(external_id.trim())).map(|(_, c)| *c)
    }

    /// The account of the contact with `email`, when exactly one account has such a contact.
    #[must_use]
    pub fn account_of_email(&self, email: &str) -> Option<AccountId> {
        let list = self.by_email.get(&email.trim().to_lowercase())?;
        let first = list.first()?.0;
        list.iter().all(|(a, _)| *a == first).then_some(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(id: i64, external_id: &str, name: &str, domain: Option<&str>) -> Account {
        Account {
            id: AccountId(id),
            domain: domain.map(str::to_owned),
            ..Account::named(external_id, name)
        }
    }

    fn pair(source: &str, external_id: &str, id: i64) -> SourceId {
        SourceId {
            source: source.to_owned(),
            external_id: external_id.to_owned(),
            account_id: AccountId(id),
        }
    }

    fn book() -> Vec<Account> {
        vec![
            account(1, "0015g00000AbCdEAAV", "Nimbus Lark", Some("nimbuslark.example")),
            account(2, "0015g00000XyZw1", "Copperfield", Some("copperfield.example")),
            account(3, "0015g00000Orch1", "Orchard Ltd", None),
            account(4, "0015g00000Dup01", "Twin A", Some("twin.example")),
            account(5, "0015g00000Dup02", "Twin B", Some("twin.example")),
        ]
    }

    /// A row of a new source finds its account by domain, then by folded name; a domain two
    /// accounts share is ambiguous, naming both; no match is a new account.
    #[test]
    fn first_sight_is_by_domain_then_name_unambiguously() {
        let index = Accounts::with_sources(&book(), &[], "zendesk");
        assert_eq!(
            index.first_sight(Some("www.NimbusLark.example"), Some("x")),
            Ok(Some(AccountId(1)))
        );
        assert_eq!(index.first_sight(None, Some("  orchard LTD ")), Ok(Some(AccountId(3))));
        assert_eq!(
            index.first_sight(Some("other.example"), Some("Copperfield")),
            Ok(Some(AccountId(2)))
        );
        assert_eq!(index.first_sight(Some("new.example"), Some("Quarry")), Ok(None));
        let (field, twins) = index.first_sight(Some("twin.example"), Some("Twin A")).unwrap_err();
        assert_eq!(field, "domain");
        assert!(twins.contains("“Twin A” and “Twin B”"), "{twins}");
        let twins = [account(6, "X-1", "Same", None), account(7, "X-2", " same", None)];
        let index = Accounts::with_sources(&twins, &[], "zendesk");
        let (field, reason) = index.first_sight(Some("none.example"), Some("SAME")).unwrap_err();
        assert_eq!(field, "name");
        assert!(reason.contains("“Same” and “same”"), "{reason}");
    }

    /// An account that already carries an id from the file's source is another company's row's
    /// match no more: that source named it with another id.
    #[test]
    fn an_account_with_an_id_from_the_source_is_not_matched_again() {
        let pairs = [pair("zendesk", "360001", 1), pair("salesforce", "0015g00000AbCdEAAV", 1)];
        let mut index = Accounts::with_sources(&book(), &pairs, "zendesk");
        assert_eq!(index.first_sight(Some("nimbuslark.example"), None), Ok(None));
        assert_eq!(index.first_sight(None, Some("Copperfield")), Ok(Some(AccountId(2))));
        index.add_source_id("360002", AccountId(2));
        assert_eq!(index.first_sight(None, Some("Copperfield")), Ok(None));
        assert_eq!(index.by_own_id("360002"), Some(AccountId(2)));
        // From Salesforce's side the same pairs say nothing about Zendesk's ids.
        let salesforce = Accounts::with_sources(&book(), &pairs, "salesforce");
        assert_eq!(salesforce.by_own_id("360001"), None);
    }

    /// A reference is the file source's id, then the first external id (15 or 18 characters),
    /// then any source's id, then a name.
    #[test]
    fn references_resolve_through_every_id_an_account_carries() {
        let pairs = [pair("zendesk", "360001", 2), pair("hubspot", "1823", 3)];
        let index = Accounts::with_sources(&book(), &pairs, "zendesk");
        assert_eq!(index.resolve("360001"), Ok(AccountId(2)));
        assert_eq!(index.resolve("0015g00000AbCdE"), Ok(AccountId(1)));
        assert_eq!(index.resolve("1823"), Ok(AccountId(3)));
        assert_eq!(index.resolve("twin b"), Ok(AccountId(5)));
        assert!(index.resolve("360099").is_err());
    }
}
