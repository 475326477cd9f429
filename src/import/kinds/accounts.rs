//! Account rows: keyed by the id the file's source gave the account, else its first external
//! id (Salesforce 15- and 18-character ids are one record); a row from a source seen for the
//! first time finds its account by domain, then by name, and the source's id is remembered. A
//! new account needs a name; a stage that leaves onboarding closes the account's open milestones
//! as skipped in the import's transaction; amounts in another currency than the book's are converted at its
//! configured rate, or refused without one. Rows of one account are merged, then the account
//! written once.

use std::collections::HashMap;
use std::sync::Arc;

use super::Importer;
use super::merged::outcome;
use crate::domain::{Account, AccountId, leaves_onboarding, salesforce_id_key};
use crate::import::cells::Cells;
use crate::import::values::{parse_advocacy, parse_count, parse_domain, parse_segment};
use crate::store::{Outcome, StoreResult};

impl Importer<'_, '_> {
    pub(super) fn account(&mut self, cells: &mut Cells<'_>) -> StoreResult<()> {
        let external_id = cells.required("external_id").map(str::to_owned);
        let domain = cells.parse("domain", parse_domain);
        let found = match external_id.as_deref().map(|id| self.accounts.by_own_id(id)) {
            Some(None) => self.first_sight(cells, domain.as_deref()),
            found => found.flatten(),
        };
        let existing = found.and_then(|id| self.account_records.get(&id)).cloned();
        let mut account = existing
            .clone()
            .unwrap_or_else(|| Account::named(external_id.clone().unwrap_or_default(), ""));
        let name = if existing.is_some() {
            cells.string("name")
        } else {
            cells.required("name").map(str::to_owned)
        };
        overlay(&mut account.name, name);
        overlay_opt(&mut account.domain, domain);
        overlay_opt(&mut account.segment, cells.parse("segment", parse_segment));
        overlay_opt(&mut account.industry, cells.string("industry"));
        overlay_opt(&mut account.region, cells.string("region"));
        let owner = cells.string("owner").map(|owner| self.owners.shown(owner));
        overlay_opt(&mut account.owner, owner);
        if let Some(cents) = self.arr(cells) {
            account.arr_cents = cents;
        }
        let seats = cells.parse("seats_licensed", parse_count);
        overlay_opt(&mut account.seats_licensed, seats.map(i64::from));
        let start = cells.parse("contract_start", |t| self.date(t));
        overlay_opt(&mut account.contract_start, start);
        let renewal = cells.parse("renewal_date", |t| self.date(t));
        overlay_opt(&mut account.renewal_date, renewal);
        overlay_opt(&mut account.lifecycle_stage, cells.string("lifecycle_stage"));
        overlay_opt(&mut account.advocacy, cells.parse("advocacy", parse_advocacy));
        if cells.failed() {
            return Ok(());
        }
        if existing.is_none() {
            account.id = AccountId(self.provisional_id());
        }
        let merged = self.named_accounts.note(&account.id, || existing);
        self.noted(merged);
        // Later rows of this file find the account by its external id, and nothing else: names
        // and domains are not indexed (for 100,000 accounts that is most of the work).
        // The index is shared with no one while an accounts file is read: no copy is made.
        let index = Arc::make_mut(&mut self.accounts);
        index.add_external_id(&account);
        if let Some(id) = external_id {
            index.add_source_id(&id, account.id);
            self.source_ids.push((salesforce_id_key(&id), account.id));
        }
        self.account_records.insert(account.id, account);
        Ok(())
    }

    /// The stored account a row whose id is new to the book stands for, by its domain, else its
    /// name (see [`crate::import::refs::Accounts::first_sight`]); counted for the summary. An
    /// ambiguous match is a problem of the row.
    fn first_sight(&mut self, cells: &mut Cells<'_>, domain: Option<&str>) -> Option<AccountId> {
        let name = cells.text("name").map(str::to_owned);
        match self.accounts.first_sight(domain, name.as_deref()) {
            Ok(Some(id)) => {
                self.first_sight_matches += 1;
                Some(id)
            }
            Ok(None) => None,
            Err((field, reason)) => {
                cells.fail(field, format!("{reason}; csm does not guess which this row is"));
                None
            }
        }
    }

    /// Writes the accounts the file named, now that every row is merged into them.
    pub(super) fn write_accounts(&mut self) -> StoreResult<()> {
        let mut stored_as = HashMap::new();
        // Accounts the file moved out of onboarding, and their milestones closed as skipped.
        let mut left_onboarding = (0, 0);
        for (id, stored) in self.named_accounts.take() {
            let Some(account) = self.account_records.get(&id) else { continue };
            let outcome = outcome(stored.as_ref(), account);
            let written = match outcome {
                Outcome::New => {
                    let id = self.writer.insert_account(account)?;
                    self.created.push(Account { id, ..account.clone() });
                    id
                }
                Outcome::Updated => {
                    self.writer.update_account(account)?;
                    let left = stored.as_ref().is_some_and(|s| leaves_onboarding(s, account));
                    if let Some(as_of) = self.as_of.filter(|_| left) {
                        let skipped = self.writer.skip_open_milestones(id, as_of)?.len();
                        if skipped > 0 {
                            left_onboarding.0 += 1;
                            left_onboarding.1 += skipped;
                        }
                    }
                    id
                }
                Outcome::Unchanged => id,
            };
            stored_as.insert(id, written);
            self.counted(outcome, written);
        }
        for (external_id, id) in std::mem::take(&mut self.source_ids) {
            let account = stored_as.get(&id).copied().unwrap_or(id);
            self.writer.set_account_source(&self.source, &external_id, account)?;
        }
        if let (accounts @ 1.., milestones) = left_onboarding {
            let (accounts, their) = if accounts == 1 {
                ("1 account".to_owned(), "its")
            } else {
                (format!("{accounts} accounts"), "their")
            };
            let (milestones, were) =
                if milestones == 1 { ("milestone", "was") } else { ("milestones", "were") };
            self.notes.push(format!(
                "{accounts} left onboarding (the file gives a later stage): {their} {} open \
                 {milestones} {were} closed as skipped",
                left_onboarding.1
            ));
        }
        if self.first_sight_matches > 0 {
            let n = self.first_sight_matches;
            let (accounts, were) = if n == 1 { ("account", "was") } else { ("accounts", "were") };
            self.notes.push(format!(
                "{n} {accounts} of this {source} file {were} found in the book by domain or name; \
                 their {source} ids are remembered",
                source = self.source
            ));
        }
        Ok(())
    }

    /// The annual recurring revenue in cents: `arr`, else twelve times `mrr` (converted, then
    /// multiplied); in the book's currency.
    fn arr(&self, cells: &mut Cells<'_>) -> Option<i64> {
        let (field, months) = if cells.text("arr").is_some() { ("arr", 1) } else { ("mrr", 12) };
        let cents = self.book_money(cells, field)?.checked_mul(months);
        if cents.is_none() {
            cells.fail(field, "is too large".to_owned());
        }
        cents
    }
}

/// `value` replaces `slot` when the row gives one (a blank keeps what is stored).
pub(super) fn overlay<T>(slot: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *slot = value;
    }
}

/// As [`overlay`], for a field that may be absent.
pub(super) fn overlay_opt<T>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
}
