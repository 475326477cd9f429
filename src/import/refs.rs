//! References from an imported row to the book (SPEC 7): an account named by its external id
//! (Salesforce 15- and 18-character ids are one record), else its name, else its domain; a
//! contact by email or external id; an NPS answer without an account placed through its email.
//! Built once per file from the store; answers are ids or a reason for the row. It must not
//! write.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use super::values::{email_domain, normalize_domain};
use crate::domain::{Account, AccountId, Contact, ContactId, salesforce_id_key, terminal_safe};
use crate::lookup::FoldedNames;

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

    /// The account with this external id, if any (no fallback to names: for the accounts file
    /// itself, where the external id is the key).
    #[must_use]
    pub fn by_external_id(&self, external_id: &str) -> Option<AccountId> {
        self.by_key.get(&salesforce_id_key(external_id.trim())).copied()
    }

    /// The account `text` names: an external id, else a name, else a domain.
    ///
    /// # Errors
    /// Nothing matches ([`Miss::Unmatched`]), or a name or domain matches several accounts.
    pub fn resolve(&self, text: &str) -> Result<AccountId, Miss> {
        if let Some(id) = self.by_external_id(text) {
            return Ok(id);
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
