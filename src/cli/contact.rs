//! `csm contact add|set|delete`: an account's stakeholders from the command line (SPEC 11), as
//! the workspace's contact form keeps them: each write one transaction that reads the contact
//! and its account's other contacts, checks the result with `domain::check_contact` (an email
//! another contact of the account uses, a reporting loop), writes it and scores the account
//! again, then says in one line what changed. A refusal names the field and writes nothing. It
//! must not print (the caller writes what it returns) nor touch another account.

use chrono::NaiveDate;

use super::CliError;
use super::fields::{self, Changes, checked, expect_version, required};
use super::record::{account_in, refused, rescore};
use crate::config::Config;
use crate::domain::{Account, Contact, ContactId, Role, check_contact, terminal_safe};
use crate::lookup::fold_name;
use crate::store::{BookWriter, Store};

/// How CONTACT names a contact, as the help of `set` and `delete` says.
const NAMED_BY: &str = "The contact: its id (#12 in `csm account ACCOUNT`, `id` in its --json), its \
     email, or its name with --account. An email two contacts share, or a name, is refused naming them: add \
     --account or give the id";

/// The fields of a contact a command may set; each given replaces the stored value, an empty
/// value clearing an optional one.
#[derive(Debug, clap::Args)]
pub struct ContactFields {
    /// The job title.
    #[arg(long)]
    pub title: Option<String>,
    /// The email: unique among the account's contacts.
    #[arg(long)]
    pub email: Option<String>,
    /// executive_sponsor, economic_buyer, champion, end_user, influencer or other [add: other].
    #[arg(long)]
    pub role: Option<String>,
    /// Influence on the decision, 1 (little) to 5 (decisive).
    #[arg(long, value_name = "1-5")]
    pub influence: Option<String>,
    /// Sentiment towards you: -2 to 2, or very negative, negative, neutral, positive, very
    /// positive.
    #[arg(long, value_name = "-2..2", allow_negative_numbers = true)]
    pub sentiment: Option<String>,
    /// The contact of the same account they report to: their email, name or id.
    #[arg(long, value_name = "EMAIL|NAME")]
    pub reports_to: Option<String>,
    /// The day they left the company (`--left-on` alone: the as-of date; '' clears it).
    #[arg(long, value_name = "D", num_args = 0..=1, default_missing_value = "today")]
    pub left_on: Option<String>,
}

/// The subcommands of `csm contact`.
#[derive(Debug, clap::Subcommand)]
pub enum ContactCommand {
    /// Add a contact to an account.
    Add {
        /// The account: its external id, its name, or a part of the name only it has.
        account: String,
        /// The contact's name.
        #[arg(long)]
        name: String,
        #[command(flatten)]
        fields: ContactFields,
    },
    /// Correct a contact's fields: each one given is set, an empty value clearing an optional
    /// one (--title ''); prints each change, old → new.
    #[command(group(clap::ArgGroup::new("changes").required(true).multiple(true).args([
        "name", "title", "email", "role", "influence", "sentiment", "reports_to", "left_on",
    ])))]
    #[command(override_usage = "csm contact set CONTACT [--account ACCOUNT] --FIELD VALUE… \
        [--expect-version N]")]
    Set {
        #[arg(help = NAMED_BY)]
        contact: String,
        /// The account the contact belongs to, when its email or name is not enough.
        #[arg(long, value_name = "ACCOUNT")]
        account: Option<String>,
        /// The contact's name.
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        fields: ContactFields,
        /// Refuse the change unless the contact is still at this version (`version` in `csm
        /// account ACCOUNT --json`).
        #[arg(long, value_name = "N")]
        expect_version: Option<i64>,
    },
    /// Delete a contact; the touchpoints they took part in stay, without them.
    Delete {
        #[arg(help = NAMED_BY)]
        contact: String,
        /// The account the contact belongs to, when its email or name is not enough.
        #[arg(long, value_name = "ACCOUNT")]
        account: Option<String>,
        /// Refuse the delete unless the contact is still at this version.
        #[arg(long, value_name = "N")]
        expect_version: Option<i64>,
    },
}

/// Runs `csm contact`; returns what to print.
///
/// # Errors
/// A refused value, account or contact, naming its field; a stale `--expect-version`; the store
/// could not be read or written.
pub(super) fn run(
    store: &mut Store,
    config: &Config,
    command: &ContactCommand,
    as_of: NaiveDate,
) -> Result<String, CliError> {
    match command {
        ContactCommand::Add { account, name, fields } => {
            let writer = store.writer()?;
            let account = account_in(&writer, account)?;
            let others = writer.read_contacts(account.id)?;
            let blank = Contact::named(account.id, name.trim());
            let contact = corrected(&blank, fields, &others, as_of)?;
            checked(check_contact(&contact, &others))?;
            let id = writer.add_contact(&contact)?;
            writer.commit()?;
            rescore(store, config, as_of, account.id);
            Ok(format!(
                "added contact {} {} to {}, {}\n",
                id.0,
                who(&contact),
                terminal_safe(&account.name),
                contact.role.words()
            ))
        }
        ContactCommand::Set { contact, account, name, fields, expect_version: expected } => {
            let writer = store.writer()?;
            let (before, account) = find(&writer, contact, account.as_deref())?;
            expect_version("contact", *expected, before.version)?;
            let others = writer.read_contacts(account.id)?;
            let mut after = corrected(&before, fields, &others, as_of)?;
            if let Some(name) = name {
                after.name = name.trim().to_owned();
            }
            checked(check_contact(&after, &others))?;
            let changes = changes(&before, &after, &others);
            let of = format!("contact {} {} of {}", before.id.0, who(&before), safe(&account.name));
            if changes.is_empty() {
                return Ok(format!("{of}: nothing changed\n"));
            }
            writer.update_contact(&after)?;
            writer.commit()?;
            rescore(store, config, as_of, account.id);
            Ok(format!("{of}: {}\n", changes.line()))
        }
        ContactCommand::Delete { contact, account, expect_version: expected } => {
            let writer = store.writer()?;
            let (contact, account) = find(&writer, contact, account.as_deref())?;
            expect_version("contact", *expected, contact.version)?;
            let deleted = writer.delete_contact(contact.id, contact.version)?;
            writer.commit()?;
            rescore(store, config, as_of, account.id);
            let mut links = Vec::new();
            match deleted.interactions.len() {
                0 => {}
                1 => links.push("taken out of 1 touchpoint".to_owned()),
                n => links.push(format!("taken out of {n} touchpoints")),
            }
            match deleted.reports.len() {
                0 => {}
                1 => links.push("1 contact reported to them".to_owned()),
                n => links.push(format!("{n} contacts reported to them")),
            }
            let links =
                if links.is_empty() { String::new() } else { format!(" ({})", links.join("; ")) };
            Ok(format!(
                "deleted contact {} {} of {}{links}\n",
                contact.id.0,
                who(&contact),
                safe(&account.name)
            ))
        }
    }
}

/// `before` with the fields `f` gives, each read and refused on its own; the contact it reports
/// to is looked for among `others`, the contacts of its account.
fn corrected(
    before: &Contact,
    f: &ContactFields,
    others: &[Contact],
    as_of: NaiveDate,
) -> Result<Contact, CliError> {
    let mut c = before.clone();
    if let Some(title) = &f.title {
        c.title = fields::text(title);
    }
    if let Some(email) = &f.email {
        c.email = fields::text(email);
    }
    if let Some(role) = &f.role {
        let role = fields::word::<Role>("role", role)?;
        c.role = required("role", role, "one of the roles (other when none fits)")?;
    }
    if let Some(influence) = &f.influence {
        c.influence = fields::influence(influence)?;
    }
    if let Some(sentiment) = &f.sentiment {
        c.sentiment = fields::sentiment(sentiment)?;
    }
    if let Some(boss) = &f.reports_to {
        c.reports_to = match fields::text(boss) {
            None => None,
            Some(named) => Some(colleague(others, &named)?.id),
        };
    }
    if let Some(left) = &f.left_on {
        c.left_on = fields::date("left on", left, as_of)?;
    }
    Ok(c)
}

/// The contact among `others` (one account's) that `named` names: its email, name or id.
fn colleague<'a>(others: &'a [Contact], named: &str) -> Result<&'a Contact, CliError> {
    let found = matching(others, named);
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(refused(
            "reports to",
            format!("“{}” is not among the account's contacts", safe(named)),
        )),
        many => Err(refused("reports to", ambiguous(named, many))),
    }
}

/// The contacts of `contacts` that `named` names: the id, else the email (any case), else the
/// name (case and accents aside).
fn matching<'a>(contacts: &'a [Contact], named: &str) -> Vec<&'a Contact> {
    if let Some(id) = contact_id(named) {
        return contacts.iter().filter(|c| c.id == id).collect();
    }
    let named = named.trim();
    if named.contains('@') {
        return contacts
            .iter()
            .filter(|c| c.email.as_deref().is_some_and(|e| e.trim().eq_ignore_ascii_case(named)))
            .collect();
    }
    let folded = fold_name(named);
    contacts.iter().filter(|c| fold_name(&c.name) == folded).collect()
}

/// A contact id as typed: `12` or `#12`.
fn contact_id(text: &str) -> Option<ContactId> {
    let text = text.trim();
    text.strip_prefix('#').unwrap_or(text).parse().ok().map(ContactId)
}

/// The one contact `named` names in the book, or in `account` when given, with its account;
/// read inside `writer`'s transaction.
fn find(
    writer: &BookWriter<'_>,
    named: &str,
    account: Option<&str>,
) -> Result<(Contact, Account), CliError> {
    let within = account.map(|query| account_in(writer, query)).transpose()?;
    let candidates = match (&within, contact_id(named)) {
        (Some(account), _) => writer.read_contacts(account.id)?,
        (None, Some(id)) => writer.read_contact(id)?.into_iter().collect(),
        (None, None) if named.contains('@') => writer.read_contacts_by_email(named)?,
        (None, None) => {
            return Err(refused(
                "contact",
                format!(
                    "name “{}” by id or email, or add --account to name them by name",
                    safe(named)
                ),
            ));
        }
    };
    let found: Vec<&Contact> = matching(&candidates, named);
    let contact = match found.as_slice() {
        [one] => (*one).clone(),
        [] => {
            let place = within
                .as_ref()
                .map_or_else(|| "in the book".to_owned(), |a| format!("of {}", safe(&a.name)));
            return Err(refused("contact", format!("no contact “{}” {place}", safe(named))));
        }
        many => return Err(refused("contact", ambiguous(named, many))),
    };
    let account = match within {
        Some(account) => account,
        None => writer
            .read_account(contact.account_id)?
            .ok_or_else(|| refused("contact", "its account left the book"))?,
    };
    Ok((contact, account))
}

/// Several contacts fit `named`: the message names each by id, so that one can be given.
fn ambiguous(named: &str, many: &[&Contact]) -> String {
    let listed: Vec<String> = many.iter().map(|c| format!("{} (id {})", who(c), c.id.0)).collect();
    format!(
        "“{}” names {} contacts: {}; give the id, or --account",
        safe(named),
        many.len(),
        listed.join(", ")
    )
}

/// What changed from `before` to `after`; the contacts they report to named from `others`.
fn changes(before: &Contact, after: &Contact, others: &[Contact]) -> Changes {
    let text = |t: &String| t.clone();
    let boss = |id: &ContactId| {
        others.iter().find(|o| o.id == *id).map_or_else(|| format!("#{}", id.0), |o| o.name.clone())
    };
    let mut c = Changes::default();
    c.note_value("name", &before.name, &after.name, text);
    c.note("title", &before.title, &after.title, text);
    c.note("email", &before.email, &after.email, text);
    c.note_value("role", &before.role, &after.role, |r| r.code().to_owned());
    c.note("influence", &before.influence, &after.influence, ToString::to_string);
    c.note("sentiment", &before.sentiment, &after.sentiment, |s| format!("{s:+}"));
    c.note("reports to", &before.reports_to, &after.reports_to, boss);
    c.note("left on", &before.left_on, &after.left_on, ToString::to_string);
    c
}

/// A contact as a line names it: `Ana Ruiz <ana@acme.com>`, safe for the terminal.
fn who(c: &Contact) -> String {
    match c.email.as_deref() {
        Some(email) => format!("{} <{}>", safe(&c.name), safe(email)),
        None => safe(&c.name),
    }
}

fn safe(text: &str) -> String {
    terminal_safe(text).into_owned()
}
