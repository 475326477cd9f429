//! `csm account set ACCOUNT --FIELD VALUE…`: corrects an account's fields (SPEC 11) from the
//! command line, as the workspace's account form does: the account found and changed in one
//! transaction, the result checked by `domain::check_account`, the account scored again, and
//! one line saying each change, old → new. A stage that leaves onboarding closes the open
//! milestones as skipped in the same transaction (`domain::leaves_onboarding`). A refusal names the field and writes nothing. It
//! must not print (the caller writes what it returns) nor touch another account.

use chrono::NaiveDate;

use super::CliError;
use super::fields::{self, Changes, checked, expect_version, required, shown_money};
use super::record::{account_in, rescore};
use crate::config::Config;
use crate::domain::{Account, Advocacy, Segment, check_account, leaves_onboarding, terminal_safe};
use crate::store::Store;

/// The arguments of `csm account set`: each field given is set, an empty value clearing an
/// optional one (`--region ''`); those not given stay as they are.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("fields").required(true).multiple(true)))]
pub struct AccountSetArgs {
    /// The account: its external id, its name, or a part of the name only it has.
    pub account: String,
    /// The account's name.
    #[arg(long, group = "fields")]
    pub name: Option<String>,
    /// The CSM who owns it.
    #[arg(long, group = "fields")]
    pub owner: Option<String>,
    /// enterprise, mid_market, smb or self_service.
    #[arg(long, group = "fields")]
    pub segment: Option<String>,
    /// The customer's industry.
    #[arg(long, group = "fields")]
    pub industry: Option<String>,
    /// The customer's region.
    #[arg(long, group = "fields")]
    pub region: Option<String>,
    /// Annual recurring revenue in the book's currency: 120000, $120,000.00.
    #[arg(long, group = "fields", value_name = "AMOUNT", allow_negative_numbers = true)]
    pub arr: Option<String>,
    /// Seats licensed, a whole number.
    #[arg(long, group = "fields", value_name = "N", allow_negative_numbers = true)]
    pub seats: Option<String>,
    /// The day the contract started: 2026-01-31 (today, +2w… count from the as-of date).
    #[arg(long, group = "fields", value_name = "D")]
    pub contract_start: Option<String>,
    /// The renewal day: 2027-01-31 (today, +2w… count from the as-of date).
    #[arg(long, group = "fields", value_name = "D")]
    pub renewal_date: Option<String>,
    /// The lifecycle stage, in your own words (onboarding, adopting, …).
    #[arg(long, group = "fields")]
    pub stage: Option<String>,
    /// none, supporter, advocate, champion or ambassador.
    #[arg(long, group = "fields")]
    pub advocacy: Option<String>,
    /// Refuse the change unless the account is still at this version (`version` in `csm
    /// account ACCOUNT --json`): a script does not overwrite another writer's change.
    #[arg(long, value_name = "N")]
    pub expect_version: Option<i64>,
}

/// Runs `csm account set`; returns what to print.
///
/// # Errors
/// A refused value or account, naming its field; a stale `--expect-version`; the store could not
/// be read or written.
pub(super) fn run(
    store: &mut Store,
    config: &Config,
    args: &AccountSetArgs,
    as_of: NaiveDate,
) -> Result<String, CliError> {
    let currency = config.book.currency.as_str();
    let writer = store.writer()?;
    let before = account_in(&writer, &args.account)?;
    expect_version("account", args.expect_version, before.version)?;
    let after = corrected(&before, args, currency, as_of)?;
    checked(check_account(&after))?;
    let changes = changes(&before, &after, currency);
    let name = terminal_safe(&before.name).into_owned();
    if changes.is_empty() {
        // Nothing to write: the transaction ends without touching the account or its version.
        return Ok(format!("{name}: nothing changed\n"));
    }
    writer.edit_account(&after)?;
    // Leaving onboarding closes the path's open milestones, in the same transaction.
    let skipped = if leaves_onboarding(&before, &after) {
        writer.skip_open_milestones(after.id, as_of)?.len()
    } else {
        0
    };
    writer.commit()?;
    rescore(store, config, as_of, after.id);
    Ok(format!("{name}: {}{}\n", changes.line(), crate::format::skipped_note(skipped)))
}

/// `before` with the fields `args` gives, each read and refused on its own.
fn corrected(
    before: &Account,
    args: &AccountSetArgs,
    currency: &str,
    as_of: NaiveDate,
) -> Result<Account, CliError> {
    let mut a = before.clone();
    if let Some(name) = &args.name {
        a.name = name.trim().to_owned();
    }
    if let Some(owner) = &args.owner {
        a.owner = fields::text(owner);
    }
    if let Some(segment) = &args.segment {
        a.segment = fields::word::<Segment>("segment", segment)?;
    }
    if let Some(industry) = &args.industry {
        a.industry = fields::text(industry);
    }
    if let Some(region) = &args.region {
        a.region = fields::text(region);
    }
    if let Some(arr) = &args.arr {
        a.arr_cents =
            required("ARR", fields::money("ARR", arr, currency)?, "an amount (0 for none)")?;
    }
    if let Some(seats) = &args.seats {
        a.seats_licensed = fields::count("seats", seats)?;
    }
    if let Some(start) = &args.contract_start {
        a.contract_start = fields::date("contract start", start, as_of)?;
    }
    if let Some(renewal) = &args.renewal_date {
        a.renewal_date = fields::date("renewal date", renewal, as_of)?;
    }
    if let Some(stage) = &args.stage {
        a.lifecycle_stage = fields::text(stage);
    }
    if let Some(advocacy) = &args.advocacy {
        a.advocacy = fields::word::<Advocacy>("advocacy", advocacy)?;
    }
    Ok(a)
}

fn changes(before: &Account, after: &Account, currency: &str) -> Changes {
    let text = |t: &String| t.clone();
    let mut c = Changes::default();
    c.note_value("name", &before.name, &after.name, text);
    c.note("owner", &before.owner, &after.owner, text);
    c.note("segment", &before.segment, &after.segment, |s| s.code().to_owned());
    c.note("industry", &before.industry, &after.industry, text);
    c.note("region", &before.region, &after.region, text);
    c.note_value("ARR", &before.arr_cents, &after.arr_cents, |m| shown_money(*m, currency));
    c.note("seats", &before.seats_licensed, &after.seats_licensed, ToString::to_string);
    c.note("contract start", &before.contract_start, &after.contract_start, ToString::to_string);
    c.note("renewal date", &before.renewal_date, &after.renewal_date, ToString::to_string);
    c.note("stage", &before.lifecycle_stage, &after.lifecycle_stage, text);
    c.note("advocacy", &before.advocacy, &after.advocacy, |a| a.code().to_owned());
    c
}
