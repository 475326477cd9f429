//! The account form (`EditAccount`): every fact of the selected account a CSM may correct (SPEC
//! 11): name, owner, segment, industry, region, ARR, seats, contract start, renewal date,
//! lifecycle stage and advocacy. Money is typed as an import reads it, dates as days; the domain's
//! rules for an account (`check_account`) refuse what no account may hold, on the field at fault.
//! Saving is one versioned transaction like every edit of `editing`, and the rescoring after it
//! moves the account in the list. It only reads the form into an edit; it must not draw.

use chrono::NaiveDate;

use super::amounts::{read_count, read_money, shown};
use super::{editable, open, unless_unchanged};
use crate::domain::{
    Account, AccountId, Advocacy, Milestone, Segment, check_account, leaves_onboarding,
    terminal_safe,
};
use crate::format::skipped_note;
use crate::store::{BookWriter, StoreResult};
use crate::ui::edit::{Done, Edit, FormEdit, Key, Revert, Versioned};
use crate::ui::editing::records::Save;
use crate::ui::form::{Form, Input, Refusal, form_fields};
use crate::ui::state::AppState;

form_fields! {
    /// The fields of the account form, in its order.
    pub(super) enum AccountField {
        Name => "name",
        Owner => "owner",
        Segment => "segment",
        Industry => "industry",
        Region => "region",
        Arr => "ARR",
        Seats => "seats",
        Start => "started",
        Renewal => "renewal",
        Stage => "stage",
        Advocacy => "advocacy",
    }
}

impl AccountField {
    /// The field a rule of `check_account` names (its words, not the form's short labels).
    fn of_rule(field: &str) -> Self {
        match field {
            "ARR" => Self::Arr,
            "seats" => Self::Seats,
            "renewal date" => Self::Renewal,
            "contract start" => Self::Start,
            _ => Self::Name,
        }
    }
}

/// Opens the form that edits the selected account.
pub fn open_edit_account(state: &mut AppState) {
    let Some(selected) = state.book.detail.as_ref() else {
        state.status = "no account selected".to_owned();
        return;
    };
    let account = selected.detail.facts.account.clone();
    let currency = state.currency.clone();
    open(state, EditAccount { account, currency });
}

/// Editing an account's facts, as read at its version, in the book's `currency`.
#[derive(Debug)]
struct EditAccount {
    account: Account,
    currency: String,
}

/// A choice of `options` (shown by their codes) or none (shown as `none_word`), `at` chosen.
fn optional_choice<T: Copy + PartialEq>(
    options: &[T],
    code: fn(T) -> &'static str,
    none_word: &str,
    at: Option<T>,
) -> Input {
    let words = std::iter::once(none_word.to_owned())
        .chain(options.iter().map(|&o| code(o).replace('_', " ")))
        .collect();
    let index = at.and_then(|at| options.iter().position(|&o| o == at)).map_or(0, |i| i + 1);
    Input::choice(words, index)
}

/// Saving the account form: the account written over itself and, when its new stage leaves
/// onboarding (`domain::leaves_onboarding`), its open milestones closed as skipped in the same
/// transaction; undo puts both back.
#[derive(Debug)]
pub(super) struct SaveAccount {
    save: Save<Account>,
    as_of: NaiveDate,
}

impl Edit for SaveAccount {
    fn account(&self) -> Option<AccountId> {
        Some(self.save.after.id)
    }

    fn write(self: Box<Self>, w: &BookWriter<'_>) -> StoreResult<Done> {
        let Save { before, after, what } = self.save;
        let version = after.put(w, after.version)?;
        let reopen = if leaves_onboarding(&before, &after) {
            w.skip_open_milestones(after.id, self.as_of)?
        } else {
            Vec::new()
        };
        let what = format!("{what}{}", skipped_note(reopen.len()));
        Ok(Done { what, revert: Revert::put(AccountAndPath { account: before, reopen }, version) })
    }
}

/// An account as it was before a save, and the milestones the save closed as skipped (each at
/// the version the skip left it): undo puts the account back and opens them again, refused as
/// any undo when one was changed elsewhere meanwhile.
#[derive(Debug)]
struct AccountAndPath {
    account: Account,
    reopen: Vec<Milestone>,
}

impl Versioned for AccountAndPath {
    fn key(&self) -> Key {
        self.account.key()
    }

    fn account(&self) -> Option<AccountId> {
        Some(self.account.id)
    }

    fn version(&self) -> i64 {
        self.account.version
    }

    fn put(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<i64> {
        let now = self.account.put(w, version)?;
        for m in &self.reopen {
            w.update_milestone(m)?;
        }
        Ok(now)
    }
}

impl FormEdit for EditAccount {
    type Field = AccountField;
    type Edit = SaveAccount;

    fn title(&self) -> String {
        format!("Edit account {}", terminal_safe(&self.account.name))
    }

    fn input(&self, field: AccountField) -> Input {
        let a = &self.account;
        let text = |value: Option<&String>| value.map(|v| editable(v)).unwrap_or_default();
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        match field {
            AccountField::Name => Input::line(&editable(&a.name)),
            AccountField::Owner => Input::line(&text(a.owner.as_ref())).hint("the CSM who owns it"),
            AccountField::Segment => {
                optional_choice(Segment::ALL, Segment::code, "not set", a.segment)
            }
            AccountField::Industry => Input::line(&text(a.industry.as_ref())).hint("optional"),
            AccountField::Region => Input::line(&text(a.region.as_ref())).hint("optional"),
            AccountField::Arr => Input::line(&shown(a.arr_cents))
                .hint(&format!("annual recurring revenue in {}: 120000", self.currency)),
            AccountField::Seats => {
                let seats = a.seats_licensed.map(|s| s.to_string()).unwrap_or_default();
                Input::line(&seats).hint("seats licensed, or empty")
            }
            AccountField::Start => {
                Input::day(&day(a.contract_start)).hint("contract start, 2026-01-31")
            }
            AccountField::Renewal => Input::day(&day(a.renewal_date)).hint("2027-01-31, or empty"),
            AccountField::Stage => Input::line(&text(a.lifecycle_stage.as_ref()))
                .hint("lifecycle stage: onboarding, adopting…"),
            AccountField::Advocacy => {
                optional_choice(Advocacy::ALL, Advocacy::code, "not set", a.advocacy)
            }
        }
    }

    fn read(&self, form: &Form, as_of: NaiveDate) -> Result<SaveAccount, Refusal<AccountField>> {
        let before = &self.account;
        let text = |field| form.optional_text(field);
        // A choice's first option is none.
        let segment = form.choice(AccountField::Segment).checked_sub(1);
        let advocacy = form.choice(AccountField::Advocacy).checked_sub(1);
        let arr = read_money(&form.text(AccountField::Arr), AccountField::Arr, &self.currency)?
            .ok_or_else(|| Refusal::new(AccountField::Arr, "type an amount (0 when none)"))?;
        let after = Account {
            name: unless_unchanged(text(AccountField::Name), Some(&before.name))
                .unwrap_or_default(),
            owner: unless_unchanged(text(AccountField::Owner), before.owner.as_deref()),
            segment: segment.and_then(|i| Segment::ALL.get(i).copied()),
            industry: unless_unchanged(text(AccountField::Industry), before.industry.as_deref()),
            region: unless_unchanged(text(AccountField::Region), before.region.as_deref()),
            arr_cents: arr,
            seats_licensed: read_count(&form.text(AccountField::Seats), AccountField::Seats)?,
            contract_start: form.day(AccountField::Start, as_of)?,
            renewal_date: form.day(AccountField::Renewal, as_of)?,
            lifecycle_stage: unless_unchanged(
                text(AccountField::Stage),
                before.lifecycle_stage.as_deref(),
            ),
            advocacy: advocacy.and_then(|i| Advocacy::ALL.get(i).copied()),
            ..before.clone()
        };
        check_account(&after).map_err(|refused| Refusal {
            field: AccountField::of_rule(refused.field),
            message: refused.to_string(),
        })?;
        let what = format!("{}: {}", terminal_safe(&after.name), changes(before, &after));
        Ok(SaveAccount { save: Save { before: before.clone(), after, what }, as_of })
    }
}

/// Which facts an edit changed, in words for the status line: "ARR, renewal date".
fn changes(before: &Account, after: &Account) -> String {
    let changed = [
        (before.name != after.name, "name"),
        (before.owner != after.owner, "owner"),
        (before.segment != after.segment, "segment"),
        (before.industry != after.industry, "industry"),
        (before.region != after.region, "region"),
        (before.arr_cents != after.arr_cents, "ARR"),
        (before.seats_licensed != after.seats_licensed, "seats"),
        (before.contract_start != after.contract_start, "contract start"),
        (before.renewal_date != after.renewal_date, "renewal date"),
        (before.lifecycle_stage != after.lifecycle_stage, "stage"),
        (before.advocacy != after.advocacy, "advocacy"),
    ];
    let words: Vec<&str> = changed.iter().filter(|(yes, _)| *yes).map(|(_, w)| *w).collect();
    if words.is_empty() { "unchanged".to_owned() } else { format!("saved {}", words.join(", ")) }
}

#[cfg(test)]
mod tests;
