//! NPS answers: keyed by (respondent, date) within the account; an answer without an account
//! is placed through its email (the contact with that email, else the one account whose domain
//! is the email's). A score label like `10 - Extremely likely` reads as its number.

use chrono::NaiveDate;

use super::Importer;
use super::accounts::overlay_opt;
use super::merged::outcome;
use crate::domain::{AccountId, NpsId, NpsResponse};
use crate::import::cells::Cells;
use crate::import::values::parse_nps_score;
use crate::store::{Outcome, StoreResult};

/// The natural key of a response: its account, respondent (email, case-folded) and date.
pub(super) type NpsKey = (AccountId, Option<String>, NaiveDate);

/// The key of `n`.
pub(super) fn nps_key(n: &NpsResponse) -> NpsKey {
    (n.account_id, n.email.as_deref().map(|e| e.trim().to_lowercase()), n.date)
}

impl Importer<'_, '_> {
    pub(super) fn nps_answer(&mut self, cells: &mut Cells<'_>) -> StoreResult<()> {
        let score = cells.required_parsed("score", parse_nps_score);
        let date = cells.required_parsed("date", |t| self.date(t));
        let email = cells.string("email");
        let account = self.nps_account(cells, email.as_deref());
        let (Some(score), Some(date), Some(account)) = (score, date, account) else {
            return Ok(());
        };
        if cells.failed() {
            return Ok(());
        }
        let mut answer =
            NpsResponse { id: NpsId(0), account_id: account, email, score, date, comment: None };
        let key = nps_key(&answer);
        let existing = self.nps.get(&key).cloned();
        if let Some(stored) = &existing {
            answer.id = stored.id;
            answer.comment = stored.comment.clone();
        }
        overlay_opt(&mut answer.comment, cells.string("comment"));
        let merged = self.named_nps.note(&key, || existing);
        self.noted(merged);
        self.nps.insert(key, answer);
        Ok(())
    }

    /// Writes the answers the file named, now that every row is merged into them.
    pub(super) fn write_nps(&mut self) -> StoreResult<()> {
        for (key, stored) in self.named_nps.take() {
            let Some(answer) = self.nps.get(&key) else { continue };
            let outcome = outcome(stored.as_ref(), answer);
            match outcome {
                Outcome::New => drop(self.writer.insert_nps(answer)?),
                Outcome::Updated => self.writer.update_nps(answer)?,
                Outcome::Unchanged => {}
            }
            self.counted(outcome, key.0);
        }
        Ok(())
    }

    /// The account an answer belongs to: the `account` column, else through the email.
    fn nps_account(&mut self, cells: &mut Cells<'_>, email: Option<&str>) -> Option<AccountId> {
        if cells.text("account").is_some() {
            return self.account_ref(cells, "account");
        }
        let Some(email) = email else {
            cells.fail_row("names no account and no email to find it by".to_owned());
            return None;
        };
        if let Some(account) = self.contacts.account_of_email(email) {
            return Some(account);
        }
        match self.accounts.by_email_domain(email) {
            Ok(account) => Some(account),
            Err(miss) => {
                self.resolved.fail(&self.accounts, cells, "email", &miss);
                None
            }
        }
    }
}
