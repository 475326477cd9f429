//! Contact rows: keyed by external id, else by (account, email), else by (account, name); the
//! name is one column or first and last; a manager (`reports_to`, an external id or email of a
//! contact of the same account) may be a later row of the file, so managers are set last.

use std::collections::{BTreeMap, HashMap};

use super::Importer;
use super::accounts::{overlay, overlay_opt};
use super::merged::outcome;
use crate::domain::{AccountId, Contact, ContactId};
use crate::import::Problem;
use crate::import::cells::Cells;
use crate::import::values::{is_blank, parse_influence, parse_role, parse_sentiment};
use crate::store::{Outcome, StoreResult};

impl Importer<'_, '_> {
    pub(super) fn contact(&mut self, cells: &mut Cells<'_>) -> StoreResult<()> {
        let account = self.account_ref(cells, "account");
        let name = person_name(cells);
        let email = cells.string("email");
        let external_id = cells.string("external_id");
        let Some(account) = account else { return Ok(()) };
        let existing =
            self.find_contact(account, external_id.as_deref(), email.as_deref(), name.as_deref());
        let mut contact = existing.clone().unwrap_or_else(|| Contact::named(account, ""));
        if existing.is_none() && name.is_none() {
            cells.fail(
                "name",
                "is empty; a new contact needs a name (or first and last name)".to_owned(),
            );
        }
        contact.account_id = account;
        overlay(&mut contact.name, name);
        overlay_opt(&mut contact.external_id, external_id);
        overlay_opt(&mut contact.title, cells.string("title"));
        overlay_opt(&mut contact.email, email);
        overlay(&mut contact.role, cells.parse("role", |t| Ok(parse_role(t))));
        overlay_opt(&mut contact.influence, cells.parse("influence", parse_influence));
        overlay_opt(&mut contact.sentiment, cells.parse("sentiment", parse_sentiment));
        let engaged = cells.parse("last_engaged", |t| self.date(t));
        overlay_opt(&mut contact.last_engaged, engaged);
        let left = cells.parse("left_on", |t| self.date(t));
        overlay_opt(&mut contact.left_on, left);
        let manager = cells.string("reports_to");
        if cells.failed() {
            return Ok(());
        }
        if existing.is_none() {
            contact.id = ContactId(self.provisional_id());
            self.contacts_of.entry(account).or_default().push(contact.id);
        }
        let merged = self.named_contacts.note(&contact.id, || existing);
        self.noted(merged);
        self.contacts.add(&contact);
        if let Some(manager) = manager {
            let column = cells.column("reports_to");
            self.pending_managers.push((cells.line(), contact.id, account, column, manager));
        }
        self.contact_records.insert(contact.id, contact);
        Ok(())
    }

    /// Writes the contacts the file named, now that every row is merged into them; the ids
    /// the new ones were given in place of their provisional ones.
    pub(super) fn write_contacts(&mut self) -> StoreResult<HashMap<ContactId, ContactId>> {
        let mut written = HashMap::new();
        for (id, stored) in self.named_contacts.take() {
            let Some(contact) = self.contact_records.get_mut(&id) else { continue };
            let outcome = outcome(stored.as_ref(), contact);
            match outcome {
                Outcome::New => {
                    written.insert(id, self.writer.insert_contact(contact)?);
                }
                Outcome::Updated => contact.version = self.writer.update_contact(contact)?,
                Outcome::Unchanged => {}
            }
            let account = contact.account_id;
            self.counted(outcome, account);
        }
        Ok(written)
    }

    /// The stored contact a row means: by external id, else by email in its account, else by
    /// name in its account.
    fn find_contact(
        &self,
        account: AccountId,
        external_id: Option<&str>,
        email: Option<&str>,
        name: Option<&str>,
    ) -> Option<Contact> {
        let by_id = external_id.and_then(|id| self.contacts.by_external_id(id));
        let by_email = || email.and_then(|e| self.contacts.of_account(account, e).ok());
        let by_name = || {
            let name = name?.trim().to_lowercase();
            let ids = self.contacts_of.get(&account)?;
            ids.iter()
                .filter_map(|id| self.contact_records.get(id))
                .find(|c| c.name.trim().to_lowercase() == name)
                .map(|c| c.id)
        };
        let id = by_id.or_else(by_email).or_else(by_name)?;
        self.contact_records.get(&id).cloned()
    }

    /// Sets the managers named by the file, now that every contact of it is written (`written`:
    /// the ids of the new ones). A contact named by several rows reports to whom the last of
    /// them names.
    pub(super) fn resolve_managers(
        &mut self,
        written: &HashMap<ContactId, ContactId>,
    ) -> StoreResult<Vec<Problem>> {
        let real = |id: ContactId| written.get(&id).copied().unwrap_or(id);
        let mut problems = Vec::new();
        let mut managers = BTreeMap::new();
        for (line, id, account, column, manager) in std::mem::take(&mut self.pending_managers) {
            match self.contacts.of_account(account, &manager) {
                Ok(manager) if manager == id => {
                    problems.push(Problem::cell(
                        line,
                        column,
                        "a contact cannot report to themself",
                    ));
                }
                Ok(manager) => {
                    managers.insert(id, manager);
                }
                Err(reason) => problems.push(Problem::cell(line, column, reason)),
            }
        }
        for (id, manager) in managers {
            let current = self.contact_records.get(&id).and_then(|c| c.reports_to);
            if current != Some(real(manager)) {
                self.writer.set_reports_to(real(id), Some(real(manager)))?;
                if let Some(c) = self.contact_records.get_mut(&id) {
                    c.reports_to = Some(real(manager));
                }
            }
        }
        Ok(problems)
    }
}

/// The name a row gives: `name`, else `first_name` and `last_name` joined.
pub(super) fn person_name(cells: &Cells<'_>) -> Option<String> {
    if let Some(name) = cells.string("name") {
        return Some(name);
    }
    let parts = ["first_name", "last_name"].map(|f| cells.part(f));
    join_name(parts.iter().flatten().copied())
}

/// A name from its parts. The blank words are for whole cells: a name whose every part is blank
/// is absent, but a blank word that is a word (`Nan` Goldin, Robert `Null`) is part of a name;
/// only a part that cannot be a name (`-`, `N/A`) is left out beside another.
fn join_name<'a>(parts: impl Iterator<Item = &'a str> + Clone) -> Option<String> {
    if parts.clone().all(is_blank) {
        return None;
    }
    let is_word = |part: &str| part.chars().all(char::is_alphabetic);
    let kept: Vec<&str> = parts.filter(|part| !is_blank(part) || is_word(part)).collect();
    Some(kept.join(" "))
}

#[cfg(test)]
mod tests {
    use super::join_name;

    #[test]
    fn blank_words_are_for_whole_names_not_their_parts() {
        let name = |parts: &[&str]| join_name(parts.iter().copied());
        assert_eq!(name(&["Nan", "Goldin"]).as_deref(), Some("Nan Goldin"));
        assert_eq!(name(&["Robert", "Null"]).as_deref(), Some("Robert Null"));
        assert_eq!(name(&["NULL", "Ng"]).as_deref(), Some("NULL Ng"));
        assert_eq!(name(&["Robert", "-"]).as_deref(), Some("Robert"));
        assert_eq!(name(&["N/A", "Smith"]).as_deref(), Some("Smith"));
        assert_eq!(name(&["Cher"]).as_deref(), Some("Cher"));
        assert_eq!(name(&["null", "N/A"]), None);
        assert_eq!(name(&["-"]), None);
        assert_eq!(name(&[]), None);
    }
}
