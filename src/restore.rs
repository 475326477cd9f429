//! `csm restore`: the book written back from its own JSON export (`csm export`), into an empty
//! book: every record under the id it had, with every relation between them (a contact's
//! manager, an interaction's participants, feature usage's feature, a playbook firing's todo),
//! the account's ids in its source systems and the book's users, in one transaction. A restore
//! and a migration path (an export of one csm read by another). A document that is not an
//! export, is cut short, or names records that are not in it is refused as `path: reason`,
//! nothing written. It reads and checks; the store writes; it must not print.

mod document;

use std::collections::HashSet;
use std::io::Read;

use document::{AccountIn, Document};

use crate::domain::{AccountId, terminal_safe};
use crate::export::{FORMAT, VERSION};
use crate::store::{BookWriter, Store, StoreError};

/// Why nothing was restored.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    /// The book holds records already (what, counted).
    #[error(
        "the book is not empty (it holds {0}): a restore writes every record under the id it \
         had, so it goes into an empty book only; make one with `csm init --db NEW.db` and \
         restore into it"
    )]
    NotEmpty(String),
    /// The document is not a whole, valid export: where (`accounts[2].contacts[0].role`) and
    /// why.
    #[error("{path}: {reason}")]
    Document { path: String, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl RestoreError {
    fn at(path: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Document { path: path.into(), reason: reason.into() }
    }
}

/// What a restore wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Restored {
    pub accounts: usize,
    pub contacts: usize,
    pub records: usize,
}

/// Reads the export `reader` and writes it into the empty book `store`, whose currency is
/// `currency`.
///
/// # Errors
/// The book is not empty, the document is not a whole export of a book in `currency` (nothing
/// written), or the store failed.
pub fn restore(
    store: &mut Store,
    currency: &str,
    reader: impl Read,
) -> Result<Restored, RestoreError> {
    if let Some(held) = store.restore_refusal()? {
        return Err(RestoreError::NotEmpty(held));
    }
    let document = read(reader)?;
    check(&document, currency)?;
    let writer = store.writer()?;
    writer.defer_references()?;
    let restored = write(&writer, &document)?;
    writer.commit()?;
    Ok(restored)
}

/// The document, or where it stops being an export.
fn read(reader: impl Read) -> Result<Document, RestoreError> {
    let mut json = serde_json::Deserializer::from_reader(std::io::BufReader::new(reader));
    let document: Document = serde_path_to_error::deserialize(&mut json).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { "document".to_owned() } else { path };
        RestoreError::at(terminal_safe(&path), terminal_safe(&e.inner().to_string()))
    })?;
    json.end().map_err(|e| RestoreError::at("document", format!("after its end: {e}")))?;
    Ok(document)
}

/// What the types cannot say: the document is an export csm reads, of a book in `currency`, and
/// every id it refers to is a record of it.
fn check(document: &Document, currency: &str) -> Result<(), RestoreError> {
    if document.format != FORMAT {
        return Err(RestoreError::at(
            "format",
            format!("is {:?}, not {FORMAT:?}: not a csm export", terminal_safe(&document.format)),
        ));
    }
    if document.version > VERSION {
        return Err(RestoreError::at(
            "version",
            format!(
                "{} is newer than this csm reads ({VERSION}): use a newer csm",
                document.version
            ),
        ));
    }
    if !document.currency.eq_ignore_ascii_case(currency) {
        return Err(RestoreError::at(
            "currency",
            format!(
                "the export's amounts are in {}, this book's in {currency}: set `currency = \"{}\"` \
                 under [book] in the configuration first",
                terminal_safe(&document.currency),
                terminal_safe(&document.currency)
            ),
        ));
    }
    let features: HashSet<i64> = document.features.iter().map(|f| f.id).collect();
    let contacts: HashSet<i64> =
        document.accounts.iter().flat_map(|a| a.contacts.iter().map(|c| c.id)).collect();
    let todos: HashSet<i64> = document
        .todos
        .iter()
        .map(|t| t.id)
        .chain(document.accounts.iter().flat_map(|a| a.todos.iter().map(|t| t.id)))
        .collect();
    for (a, account) in document.accounts.iter().enumerate() {
        let here = format!("accounts[{a}]");
        let missing = |path: String, what: &str, id: i64| {
            RestoreError::at(path, format!("no {what} has the id {id} in the export"))
        };
        for (c, contact) in account.contacts.iter().enumerate() {
            if let Some(manager) = contact.reports_to.filter(|m| !contacts.contains(m)) {
                return Err(missing(
                    format!("{here}.contacts[{c}].reports_to"),
                    "contact",
                    manager,
                ));
            }
        }
        for (i, interaction) in account.interactions.iter().enumerate() {
            for (p, participant) in interaction.contacts.iter().enumerate() {
                if !contacts.contains(&participant.id) {
                    let path = format!("{here}.interactions[{i}].contacts[{p}].id");
                    return Err(missing(path, "contact", participant.id));
                }
            }
        }
        for (u, day) in account.feature_usage.iter().enumerate() {
            if !features.contains(&day.feature_id) {
                let path = format!("{here}.feature_usage[{u}].feature_id");
                return Err(missing(path, "feature", day.feature_id));
            }
        }
        for (f, firing) in account.playbook_firings.iter().enumerate() {
            if let Some(todo) = firing.todo_id.filter(|t| !todos.contains(t)) {
                return Err(missing(format!("{here}.playbook_firings[{f}].todo_id"), "todo", todo));
            }
        }
    }
    Ok(())
}

/// A write refused by the book's rules (a taken id, a value out of range) is the document's
/// fault, told at `path`; anything else is the store's.
fn at(path: impl FnOnce() -> String) -> impl FnOnce(StoreError) -> RestoreError {
    move |e| {
        if e.is_constraint() {
            let reason = e.to_string();
            let reason = reason.strip_prefix("store: ").unwrap_or(&reason);
            RestoreError::at(path(), format!("breaks the book's rules ({reason})"))
        } else {
            e.into()
        }
    }
}

/// Writes every record of `document`.
fn write(writer: &BookWriter<'_>, document: &Document) -> Result<Restored, RestoreError> {
    let mut restored = Restored::default();
    for (f, feature) in document.features.iter().enumerate() {
        writer.load_feature(&feature.record()).map_err(at(|| format!("features[{f}]")))?;
        restored.records += 1;
    }
    for (u, user) in document.users.iter().enumerate() {
        writer.load_user(&user.record()).map_err(at(|| format!("users[{u}]")))?;
        restored.records += 1;
    }
    for (t, todo) in document.todos.iter().enumerate() {
        writer.load_todo(&todo.record(None)).map_err(at(|| format!("todos[{t}]")))?;
        restored.records += 1;
    }
    for (a, account) in document.accounts.iter().enumerate() {
        write_account(writer, &format!("accounts[{a}]"), account, &mut restored)?;
    }
    Ok(restored)
}

/// Writes one account and its records; `here` is its path in the document.
fn write_account(
    writer: &BookWriter<'_>,
    here: &str,
    account: &AccountIn,
    restored: &mut Restored,
) -> Result<(), RestoreError> {
    let id = AccountId(account.id);
    writer.load_account(&account.record()).map_err(at(|| here.to_owned()))?;
    restored.accounts += 1;
    let path = |what: &str, i: usize| format!("{here}.{what}[{i}]");
    for (i, contact) in account.contacts.iter().enumerate() {
        writer.load_contact(&contact.record(id)).map_err(at(|| path("contacts", i)))?;
        restored.contacts += 1;
    }
    let mut records = 0;
    for (i, day) in account.usage.iter().enumerate() {
        writer.load_usage_day(id, &day.record()).map_err(at(|| path("usage", i)))?;
    }
    for (i, day) in account.feature_usage.iter().enumerate() {
        writer.load_feature_day(id, &day.record()).map_err(at(|| path("feature_usage", i)))?;
    }
    records += account.usage.len() + account.feature_usage.len();
    for (i, ticket) in account.tickets.iter().enumerate() {
        let record = ticket
            .record(id)
            .map_err(|reason| RestoreError::at(format!("{}.rating", path("tickets", i)), reason))?;
        writer.load_ticket(&record).map_err(at(|| path("tickets", i)))?;
    }
    for (i, nps) in account.nps_responses.iter().enumerate() {
        writer.load_nps(&nps.record(id)).map_err(at(|| path("nps_responses", i)))?;
    }
    for (i, interaction) in account.interactions.iter().enumerate() {
        let record = interaction.record(id);
        writer.load_interaction(&record).map_err(at(|| path("interactions", i)))?;
    }
    for (i, todo) in account.todos.iter().enumerate() {
        writer.load_todo(&todo.record(Some(id))).map_err(at(|| path("todos", i)))?;
    }
    for (i, opportunity) in account.opportunities.iter().enumerate() {
        let record = opportunity.record(id);
        writer.load_opportunity(&record).map_err(at(|| path("opportunities", i)))?;
    }
    for (i, milestone) in account.milestones.iter().enumerate() {
        writer.load_milestone(&milestone.record(id), i).map_err(at(|| path("milestones", i)))?;
    }
    for (i, goal) in account.goals.iter().enumerate() {
        writer.load_goal(&goal.record(id)).map_err(at(|| path("goals", i)))?;
    }
    for (i, source) in account.sources.iter().enumerate() {
        writer
            .set_account_source(&source.source, &source.external_id, id)
            .map_err(at(|| path("sources", i)))?;
    }
    for (i, firing) in account.playbook_firings.iter().enumerate() {
        writer.load_firing(id, &firing.record()).map_err(at(|| path("playbook_firings", i)))?;
    }
    records += account.tickets.len()
        + account.nps_responses.len()
        + account.interactions.len()
        + account.todos.len()
        + account.opportunities.len()
        + account.milestones.len()
        + account.goals.len()
        + account.sources.len()
        + account.playbook_firings.len();
    restored.records += records;
    Ok(())
}
