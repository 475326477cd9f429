//! `csm renewal call` (SPEC 12): a CSM's call on an account's next renewal, stored as the
//! forecast view stores it (one transaction, naming the version of the call it read), which
//! overrides the model in `csm forecast`. A refusal names the field and writes nothing. It must
//! not print (the caller writes what it returns).

use chrono::NaiveDate;

use super::CliError;
use super::fields::expect_version;
use super::forecast::call_text;
use super::record::{account, refused};
use crate::domain::terminal_safe;
use crate::outcomes::Call;
use crate::store::{Conflict, Store, StoreError};

/// The words a call is given in, for a refusal.
const ACCEPTED: &str = "use commit, likely, at_risk, lost, a percentage (70%), a share (0.7), or model to take it back";

/// `csm renewal call ACCOUNT CALL [--expect-version N]`.
#[derive(Debug, clap::Args)]
pub struct CallArgs {
    /// The account: its external id, its name, or a part of the name only it has.
    pub account: String,
    /// commit, likely, at_risk, lost, a percentage (70%), a share (0.7), or model.
    #[arg(allow_hyphen_values = true)]
    pub call: String,
    /// Refuse the change unless the account's call is still at this version (0 when it never
    /// had one; `csm renewal call` prints it): a script does not overwrite another writer's call.
    #[arg(long, value_name = "N")]
    pub expect_version: Option<i64>,
}

/// The call `text` gives: `None` for the model.
fn read_call(text: &str) -> Result<Option<Call>, CliError> {
    if text.trim().eq_ignore_ascii_case("model") {
        return Ok(None);
    }
    text.parse::<Call>().map(Some).map_err(|_| {
        let shown = terminal_safe(text.trim());
        let number = text.trim().trim_end_matches('%').trim().parse::<f64>().ok();
        let bare = !text.trim().ends_with('%');
        if bare && number.is_some_and(|n| n > 1.0 && n <= 100.0) {
            // "70" is most likely meant as 70 %, which a bare number does not say.
            refused("call", format!("“{shown}” reads as a share from 0 to 1: write {shown}% for a percentage ({ACCEPTED})"))
        } else if number.is_some() {
            refused("call", format!("“{shown}” is outside 0% to 100% ({ACCEPTED})"))
        } else {
            refused("call", format!("“{shown}” is not a call ({ACCEPTED})"))
        }
    })
}

fn shown(call: Option<Call>) -> String {
    call.map_or_else(|| "model".to_owned(), call_text)
}

/// Runs `csm renewal call`; returns the line to print.
///
/// # Errors
/// A refused call or account, naming its field; a churned account; a stale `--expect-version`;
/// the store could not be read or written.
pub(super) fn run(
    store: &mut Store,
    args: &CallArgs,
    as_of: NaiveDate,
) -> Result<String, CliError> {
    let call = read_call(&args.call)?;
    let account = account(store, &args.account)?;
    let name = terminal_safe(&account.name).into_owned();
    if store.account_churned_at(account.id, as_of)? {
        return Err(refused("account", format!("{name} churned: it has no renewal ahead to call")));
    }
    let writer = store.writer()?;
    let (before, version) = writer.forecast_call(account.id)?;
    expect_version("forecast call", args.expect_version, version)?;
    let old = before.map(|b| b.call);
    if old == call {
        return Ok(format!("{name}: call {}, nothing changed (version {version})\n", shown(old)));
    }
    let put = writer.put_forecast_call(account.id, call.map(|c| (c, as_of)), version);
    let now = match put {
        Err(StoreError::Conflict(Conflict::Changed(noun))) => {
            return Err(refused(noun, "it was changed elsewhere meanwhile: read it again"));
        }
        other => other?,
    };
    writer.commit()?;
    Ok(format!("{name}: call {} → {} (version {now})\n", shown(old), shown(call)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_read_and_bad_ones_refused_naming_the_field() {
        assert_eq!(read_call("Model").unwrap(), None);
        assert_eq!(read_call("70%").unwrap(), Some(Call::Share(0.7)));
        assert_eq!(read_call("at risk").unwrap(), Some(Call::AtRisk));
        let said = |text: &str| read_call(text).unwrap_err().to_string();
        assert!(said("120%").starts_with("call: “120%” is outside 0% to 100% (use commit"));
        assert!(said("-5%").contains("is outside 0% to 100%"));
        // A percentage as csm prints it, with its space, reads back.
        assert_eq!(read_call("70.0 %").unwrap(), Some(Call::Share(0.7)));
        assert_eq!(read_call(" 5 % ").unwrap(), Some(Call::Share(0.05)));
        // A bare number above 1 is not taken for a percentage: it says how to write one.
        assert!(said("70").starts_with("call: “70” reads as a share from 0 to 1: write 70% for"));
        assert!(said("NaN").contains("is outside 0% to 100%"));
        assert!(said("inf%").contains("is outside 0% to 100%"));
        assert!(
            said("maybe")
                .starts_with("call: “maybe” is not a call (use commit, likely, at_risk, lost")
        );
    }
}
