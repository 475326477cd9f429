//! User rows (the people who own accounts): each needs a name, and an email or a CRM id to be
//! told by; found again by CRM id (Salesforce 15- and 18-character ids are one user), else by
//! email; two users never share an email. Once the users are written, every account whose owner
//! is a user's CRM id, email or former name is given the user's name, so the owner column, its
//! filter and the reports read people; an accounts file imported later maps its owners the same
//! way ([`Owners`]).

use std::collections::HashMap;

use super::Importer;
use super::merged::outcome;
use crate::domain::{Account, salesforce_id_key, terminal_safe};
use crate::import::cells::Cells;
use crate::import::values::email_domain;
use crate::store::{BookUser, Outcome, StoreResult};

/// The users of the book and of the file: how they were stored, and as the rows leave them.
#[derive(Debug, Default)]
pub(super) struct UserRows {
    /// As stored before the file (`None`: new), and as the rows leave them.
    before: Vec<Option<BookUser>>,
    records: Vec<BookUser>,
    /// The line of the first row naming each record (0: none).
    named_at: Vec<usize>,
    by_crm_id: HashMap<String, usize>,
    by_email: HashMap<String, usize>,
}

fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

impl UserRows {
    pub(super) fn new(users: Vec<BookUser>) -> Self {
        let mut rows = Self::default();
        for user in users {
            rows.before.push(Some(user.clone()));
            rows.push(user);
        }
        rows
    }

    fn push(&mut self, user: BookUser) -> usize {
        let at = self.records.len();
        self.records.push(user);
        self.named_at.push(0);
        self.index(at);
        at
    }

    fn index(&mut self, at: usize) {
        let user = &self.records[at];
        if let Some(crm_id) = &user.crm_id {
            self.by_crm_id.insert(salesforce_id_key(crm_id), at);
        }
        if let Some(email) = &user.email {
            self.by_email.insert(email_key(email), at);
        }
    }
}

/// What an owner cell may hold instead of a name, and the name it stands for: a user's CRM id
/// (keyed as Salesforce ids are), email (case-folded), or a user's former name.
#[derive(Debug, Default)]
pub(super) struct Owners {
    names: HashMap<String, String>,
}

impl Owners {
    pub(super) fn new(users: &[BookUser]) -> Self {
        let mut owners = Self::default();
        for user in users {
            owners.add(user);
        }
        owners
    }

    fn add(&mut self, user: &BookUser) {
        if let Some(crm_id) = &user.crm_id {
            self.names.insert(salesforce_id_key(crm_id), user.name.clone());
        }
        if let Some(email) = &user.email {
            self.names.insert(email_key(email), user.name.clone());
        }
    }

    /// The name `owner` stands for, or `owner` itself when it names no user.
    pub(super) fn shown(&self, owner: String) -> String {
        let name = self
            .names
            .get(&salesforce_id_key(&owner))
            .or_else(|| self.names.get(&email_key(&owner)));
        name.cloned().unwrap_or(owner)
    }
}

impl Importer<'_, '_> {
    pub(super) fn user(&mut self, cells: &mut Cells<'_>) -> StoreResult<()> {
        let name = super::contacts::person_name(cells);
        if name.is_none() {
            cells.fail(
                "name",
                "is blank: a user is shown by name (give `name`, or `first_name` and `last_name`)"
                    .to_owned(),
            );
        }
        let email = cells.string("email");
        if let Some(email) = email.as_deref().filter(|e| email_domain(e).is_none()) {
            cells.fail("email", format!("“{}” is not an email address", terminal_safe(email)));
        }
        let crm_id = cells.string("crm_id");
        if email.is_none() && crm_id.is_none() {
            cells.fail_row(
                "a user needs an email or a crm_id: owners name users by them".to_owned(),
            );
        }
        if cells.failed() {
            return Ok(());
        }
        let users = &mut self.users;
        let by_crm = crm_id.as_deref().and_then(|id| users.by_crm_id.get(&salesforce_id_key(id)));
        let by_email = email.as_deref().and_then(|e| users.by_email.get(&email_key(e)));
        let (by_crm, by_email) = (by_crm.copied(), by_email.copied());
        // An email another user has: the user the CRM id names, or one with a CRM id of its own.
        if let Some(other) = by_email.filter(|b| match by_crm {
            Some(a) => a != *b,
            None => crm_id.is_some() && users.records[*b].crm_id.is_some(),
        }) {
            two_users(cells, users, other);
            return Ok(());
        }
        let found = by_crm.or(by_email);
        let at = found.unwrap_or_else(|| {
            users.before.push(None);
            users.push(BookUser { id: 0, name: String::new(), email: None, crm_id: None })
        });
        let user = &mut users.records[at];
        if let Some(name) = name {
            user.name = name;
        }
        if email.is_some() {
            user.email = email;
        }
        if crm_id.is_some() {
            user.crm_id = crm_id;
        }
        users.index(at);
        if users.named_at[at] > 0 {
            self.tally.merged += 1;
        } else {
            users.named_at[at] = cells.line();
        }
        Ok(())
    }

    /// Writes the users the file named, then gives every account owned by a user's CRM id,
    /// email or former name the user's name.
    pub(super) fn write_users(&mut self, accounts: &[Account]) -> StoreResult<()> {
        let users = std::mem::take(&mut self.users);
        let mut owners = Owners::new(&users.records);
        for ((user, before), named_at) in
            users.records.iter().zip(&users.before).zip(&users.named_at)
        {
            if *named_at == 0 {
                continue;
            }
            let outcome = outcome(before.as_ref(), user);
            match outcome {
                Outcome::New => {
                    self.writer.insert_user(user)?;
                }
                Outcome::Updated => self.writer.update_user(user)?,
                Outcome::Unchanged => {}
            }
            if let Some(before) = before.as_ref().filter(|b| b.name != user.name) {
                owners.names.insert(before.name.clone(), user.name.clone());
            }
            self.tally.count(outcome);
        }
        let mut renamed = 0;
        for account in accounts {
            let Some(owner) = &account.owner else { continue };
            let shown = owners.shown(owner.clone());
            if shown != *owner {
                self.writer.set_account_owner(account.id, &shown)?;
                self.touched.insert(account.id);
                renamed += 1;
            }
        }
        if renamed > 0 {
            let accounts = if renamed == 1 { "1 account" } else { &format!("{renamed} accounts") };
            self.notes.push(format!("the owner of {accounts} now reads as the user's name"));
        }
        Ok(())
    }
}

/// Refuses a row whose email is that of another user (`other`), naming that user.
fn two_users(cells: &mut Cells<'_>, users: &UserRows, other: usize) {
    let user = &users.records[other];
    let line = users.named_at[other];
    let whose =
        if line > 0 { format!("row {line}'s user") } else { "a user of the book".to_owned() };
    cells.fail(
        "email",
        format!(
            "is already {whose}, “{}”, whose crm_id differs: two users cannot share an email",
            terminal_safe(&user.name)
        ),
    );
}
