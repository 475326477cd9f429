//! A CSM's call on a renewal, from the forecast view (SPEC 12): a small picker (commit, likely,
//! at risk, lost, a percentage typed in, or back to the model) for the renewal the view points
//! at. Saving stores the call in one transaction, naming the version of the account's call read
//! when the picker opened (a call changed elsewhere meanwhile is refused, nothing overwritten);
//! undo puts the previous call back. It only reads the form into an edit; it must not draw.

use chrono::NaiveDate;

use super::open;
use crate::domain::{AccountId, terminal_safe};
use crate::outcomes::Call;
use crate::scoring::tenths;
use crate::store::{BookWriter, Store, StoreResult, StoredCall};
use crate::ui::edit::{Done, Edit, FormEdit, Key, Revert, Versioned};
use crate::ui::form::{Form, Input, Refusal, form_fields};
use crate::ui::state::AppState;

form_fields! {
    /// The fields of the call picker, in its order.
    pub(super) enum CallField {
        Call => "call",
        Percent => "percentage",
    }
}

/// The picker's choices, in its order; the percentage reads the second field.
const CHOICES: [&str; 6] = ["commit", "likely", "at risk", "lost", "percentage", "model"];
const PERCENT: usize = 4;
const MODEL: usize = 5;

/// A call as the workspace says it: its word, or its share as a percentage.
#[must_use]
pub fn call_words(call: Option<Call>) -> String {
    match call {
        None => "model".to_owned(),
        Some(Call::AtRisk) => "at risk".to_owned(),
        Some(Call::Share(p)) => format!("{} %", tenths(100.0 * p)),
        Some(named) => named.code().unwrap_or_default().to_owned(),
    }
}

/// Opens the picker of the call of the renewal the forecast view points at, as stored now.
///
/// # Errors
/// The store could not be read.
pub fn open_call(state: &mut AppState, store: &Store) -> StoreResult<()> {
    let Some(account) = state.forecast.picked() else {
        state.status = "no renewal to call".to_owned();
        return Ok(());
    };
    let before = store.forecast_call_of(account)?;
    let read = store.forecast_call_version(account)?;
    let book = &state.book.scored.accounts;
    let name = book
        .binary_search_by_key(&account, |e| e.account.id)
        .map_or_else(|_| format!("#{account}"), |i| terminal_safe(&book[i].account.name).into());
    open(state, PickCall { account, name, before, read });
    Ok(())
}

/// The call of `account`'s renewal, as read when the picker opened.
#[derive(Debug)]
struct PickCall {
    account: AccountId,
    name: String,
    before: Option<StoredCall>,
    /// The version of the account's call read (0: it never had one).
    read: i64,
}

impl FormEdit for PickCall {
    type Field = CallField;
    type Edit = SetCall;

    fn title(&self) -> String {
        format!("Call · {}", self.name)
    }

    fn input(&self, field: CallField) -> Input {
        let call = self.before.map(|b| b.call);
        match field {
            CallField::Call => {
                let index = match call {
                    None => MODEL,
                    Some(Call::Commit) => 0,
                    Some(Call::Likely) => 1,
                    Some(Call::AtRisk) => 2,
                    Some(Call::Lost) => 3,
                    Some(Call::Share(_)) => PERCENT,
                };
                Input::choice(CHOICES.iter().map(|&c| c.to_owned()).collect(), index)
            }
            CallField::Percent => {
                let typed = match call {
                    Some(Call::Share(p)) => tenths(100.0 * p),
                    _ => String::new(),
                };
                Input::line(&typed).hint("0 to 100, for a percentage")
            }
        }
    }

    fn read(&self, form: &Form, as_of: NaiveDate) -> Result<SetCall, Refusal<CallField>> {
        let call = match form.choice(CallField::Call) {
            0 => Some(Call::Commit),
            1 => Some(Call::Likely),
            2 => Some(Call::AtRisk),
            3 => Some(Call::Lost),
            PERCENT => {
                let text = form.text(CallField::Percent);
                let typed = text.trim().trim_end_matches('%').trim();
                let percent = typed.parse::<f64>().ok().filter(|p| (0.0..=100.0).contains(p));
                let Some(percent) = percent else {
                    let shown = terminal_safe(&text);
                    let why = format!("“{shown}” is not a percentage from 0 to 100");
                    return Err(Refusal::new(CallField::Percent, why));
                };
                Some(Call::Share(percent / 100.0))
            }
            _ => None,
        };
        let was = call_words(self.before.map(|b| b.call));
        let what = format!("{}: call {was} → {}", self.name, call_words(call));
        Ok(SetCall {
            account: self.account,
            before: self.before,
            read: self.read,
            after: call.map(|c| (c, as_of)),
            what,
        })
    }
}

/// A call ready to store over the one read.
#[derive(Debug)]
pub(super) struct SetCall {
    account: AccountId,
    before: Option<StoredCall>,
    read: i64,
    after: Option<(Call, NaiveDate)>,
    what: String,
}

impl Edit for SetCall {
    fn account(&self) -> Option<AccountId> {
        Some(self.account)
    }

    fn write(self: Box<Self>, w: &BookWriter<'_>) -> StoreResult<Done> {
        let version = w.put_forecast_call(self.account, self.after, self.read)?;
        let before = CallBefore { account: self.account, call: self.before, version: self.read };
        Ok(Done { what: self.what, revert: Revert::put(before, version) })
    }
}

/// An account's call as it was before a change (none: the model), for undo.
#[derive(Debug)]
struct CallBefore {
    account: AccountId,
    call: Option<StoredCall>,
    version: i64,
}

impl Versioned for CallBefore {
    fn key(&self) -> Key {
        Key::of::<StoredCall>(self.account.0)
    }

    fn account(&self) -> Option<AccountId> {
        Some(self.account)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn put(&self, w: &BookWriter<'_>, version: i64) -> StoreResult<i64> {
        w.restore_forecast_call(self.account, self.call.as_ref(), version)
    }
}
