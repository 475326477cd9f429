//! `csm restore`: the book written back from its own JSON export (`csm export`), into an empty
//! book: every record under the id it had, with every relation between them (a contact's
//! manager, an interaction's participants, feature usage's feature, a playbook firing's todo),
//! the account's ids in its source systems and the book's users, in one transaction. A restore
//! and a migration path (an export of one csm read by another). A document that is not an
//! export, is cut short, or names records that are not in it is refused as `path: reason`,
//! nothing written. It reads and checks; the store writes; it must not print.

mod copy;
mod document;

use std::collections::HashSet;
use std::io::Read;

use document::{AccountIn, FeatureIn, TodoIn, UserIn};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::domain::{AccountId, FeatureDay, UsageDay, terminal_safe};
use crate::export::{FORMAT, VERSION};
use crate::store::{BookWriter, RefusedDay, Store, StoreError};

pub use copy::copy_book;

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
    /// The book being copied could not be read (see [`copy_book`]); nothing was written.
    #[error("cannot read the book to copy: {0}")]
    Source(String),
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
/// `currency`. The document is read an account at a time and each written as it comes, so a
/// book of millions of usage rows never sits in memory whole; one transaction holds it all.
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
    let writer = store.writer()?;
    writer.defer_references()?;
    let mut loader = Loader::new(&writer, currency);
    let mut json = serde_json::Deserializer::from_reader(std::io::BufReader::new(reader));
    let mut track = serde_path_to_error::Track::new();
    let read = DocumentSeed(&mut loader)
        .deserialize(serde_path_to_error::Deserializer::new(&mut json, &mut track));
    if let Err(e) = read {
        return Err(loader.failure.take().unwrap_or_else(|| {
            let path = track.path().to_string();
            let path = if path == "." { "document".to_owned() } else { path };
            RestoreError::at(terminal_safe(&path), terminal_safe(&e.to_string()))
        }));
    }
    json.end().map_err(|e| RestoreError::at("document", format!("after its end: {e}")))?;
    let restored = loader.finish()?;
    writer.ids_after_restore()?;
    writer.commit()?;
    Ok(restored)
}

/// The document's records written as they are read, and what is known of them so far.
struct Loader<'w, 's> {
    writer: &'w BookWriter<'s>,
    currency: &'w str,
    restored: Restored,
    /// Which of the header's fields (format, version, currency) were read and accepted.
    header: [bool; 3],
    /// Whether the list of accounts was read.
    accounts: bool,
    features: HashSet<i64>,
    contacts: HashSet<i64>,
    todos: HashSet<i64>,
    /// References to records not read yet where they were met (a manager in a later account):
    /// where, what and which, checked once the document is read.
    later: Vec<(String, &'static str, i64)>,
    /// Why the reading stopped, when the reason is the restore's rather than the JSON's.
    failure: Option<RestoreError>,
    /// Usage and feature days read and not written yet.
    days: Days,
}

/// Days gathered across accounts before they are written: a server takes thousands of rows in
/// one `COPY` for the cost of one statement.
#[derive(Default)]
struct Days {
    usage: Vec<(AccountId, UsageDay)>,
    features: Vec<(AccountId, FeatureDay)>,
    /// Where each day is in the document: its account's index, its own in the account's list.
    usage_at: Vec<(usize, usize)>,
    features_at: Vec<(usize, usize)>,
}

/// Days gathered before they are written: a few megabytes, and few enough round trips.
const DAYS_PER_BATCH: usize = 20_000;

impl Days {
    fn len(&self) -> usize {
        self.usage.len() + self.features.len()
    }

    /// Gathers the days of the account at `index` (`here`: its path), refusing a negative
    /// count where it is, before anything of them is written.
    fn gather(
        &mut self,
        index: usize,
        here: &str,
        account: &AccountIn,
    ) -> Result<(), RestoreError> {
        let id = AccountId(account.id);
        let negative = |what: &str, i: usize, field: &str| {
            RestoreError::at(
                format!("{here}.{what}[{i}].{field}"),
                "is negative: a count is 0 or more",
            )
        };
        for (i, day) in account.usage.iter().enumerate() {
            if day.active_users < 0 {
                return Err(negative("usage", i, "active_users"));
            }
            if day.events.is_some_and(|n| n < 0) {
                return Err(negative("usage", i, "events"));
            }
        }
        for (i, day) in account.feature_usage.iter().enumerate() {
            if day.events.is_some_and(|n| n < 0) {
                return Err(negative("feature_usage", i, "events"));
            }
        }
        self.usage.extend(account.usage.iter().map(|day| (id, day.record())));
        self.usage_at.extend((0..account.usage.len()).map(|i| (index, i)));
        self.features.extend(account.feature_usage.iter().map(|day| (id, day.record())));
        self.features_at.extend((0..account.feature_usage.len()).map(|i| (index, i)));
        Ok(())
    }

    /// Writes the days gathered; a refusal names the day where the engine can tell, else the
    /// accounts of the batch.
    fn flush(&mut self, writer: &BookWriter<'_>) -> Result<(), RestoreError> {
        if self.len() == 0 {
            return Ok(());
        }
        if let Err((which, e)) = writer.load_days(&self.usage, &self.features) {
            if !e.is_constraint() {
                return Err(e.into());
            }
            let path = match which {
                RefusedDay::Usage(i) => {
                    let (a, d) = self.usage_at[i];
                    format!("accounts[{a}].usage[{d}]")
                }
                RefusedDay::Feature(i) => {
                    let (a, d) = self.features_at[i];
                    format!("accounts[{a}].feature_usage[{d}]")
                }
                RefusedDay::Batch => {
                    let accounts = self.usage_at.iter().chain(&self.features_at).map(|(a, _)| *a);
                    let first = accounts.clone().min().unwrap_or(0);
                    let last = accounts.max().unwrap_or(0);
                    let reason = e.to_string();
                    let reason = reason.strip_prefix("store: ").unwrap_or(&reason);
                    return Err(RestoreError::at(
                        format!("accounts[{first}] to accounts[{last}]"),
                        format!(
                            "a usage or feature day of these accounts breaks the book's rules \
                             ({reason}); the server checks them together, so which one is not known"
                        ),
                    ));
                }
            };
            return Err(at(|| path)(e));
        }
        self.usage.clear();
        self.features.clear();
        self.usage_at.clear();
        self.features_at.clear();
        Ok(())
    }
}

impl<'w, 's> Loader<'w, 's> {
    fn new(writer: &'w BookWriter<'s>, currency: &'w str) -> Self {
        Self {
            writer,
            currency,
            restored: Restored::default(),
            header: [false; 3],
            accounts: false,
            features: HashSet::new(),
            contacts: HashSet::new(),
            todos: HashSet::new(),
            later: Vec::new(),
            failure: None,
            days: Days::default(),
        }
    }

    /// Keeps `failure` for the caller and stops the reading.
    fn fail<E: de::Error>(&mut self, failure: RestoreError) -> E {
        self.failure = Some(failure);
        E::custom("the restore stopped")
    }

    fn format(&mut self, format: &str) -> Result<(), RestoreError> {
        if format != FORMAT {
            return Err(RestoreError::at(
                "format",
                format!("is {:?}, not {FORMAT:?}: not a csm export", terminal_safe(format)),
            ));
        }
        self.header[0] = true;
        Ok(())
    }

    fn version(&mut self, version: u32) -> Result<(), RestoreError> {
        if version > VERSION {
            return Err(RestoreError::at(
                "version",
                format!("{version} is newer than this csm reads ({VERSION}): use a newer csm"),
            ));
        }
        self.header[1] = true;
        Ok(())
    }

    fn currency(&mut self, currency: &str) -> Result<(), RestoreError> {
        if !currency.eq_ignore_ascii_case(self.currency) {
            let theirs = terminal_safe(currency);
            return Err(RestoreError::at(
                "currency",
                format!(
                    "the export's amounts are in {theirs}, this book's in {}: set \
                     `currency = \"{theirs}\"` under [book] in the configuration first",
                    self.currency
                ),
            ));
        }
        self.header[2] = true;
        Ok(())
    }

    fn features(&mut self, features: &[FeatureIn]) -> Result<(), RestoreError> {
        for (f, feature) in features.iter().enumerate() {
            self.writer.load_feature(&feature.record()).map_err(at(|| format!("features[{f}]")))?;
            self.features.insert(feature.id);
        }
        self.restored.records += features.len();
        Ok(())
    }

    fn users(&mut self, users: &[UserIn]) -> Result<(), RestoreError> {
        for (u, user) in users.iter().enumerate() {
            self.writer.load_user(&user.record()).map_err(at(|| format!("users[{u}]")))?;
        }
        self.restored.records += users.len();
        Ok(())
    }

    fn todos(&mut self, todos: &[TodoIn]) -> Result<(), RestoreError> {
        for (t, todo) in todos.iter().enumerate() {
            self.writer.load_todo(&todo.record(None)).map_err(at(|| format!("todos[{t}]")))?;
            self.todos.insert(todo.id);
        }
        self.restored.records += todos.len();
        Ok(())
    }

    /// Checks the references of one account (`here`: its path) to records read so far, keeps
    /// the others for the end, and writes it.
    fn account(&mut self, index: usize, account: &AccountIn) -> Result<(), RestoreError> {
        let here = &format!("accounts[{index}]");
        self.contacts.extend(account.contacts.iter().map(|c| c.id));
        self.todos.extend(account.todos.iter().map(|t| t.id));
        let mut refs = Vec::new();
        for (c, contact) in account.contacts.iter().enumerate() {
            if let Some(manager) = contact.reports_to {
                refs.push((format!("{here}.contacts[{c}].reports_to"), "contact", manager));
            }
        }
        for (i, interaction) in account.interactions.iter().enumerate() {
            for (p, participant) in interaction.contacts.iter().enumerate() {
                let path = format!("{here}.interactions[{i}].contacts[{p}].id");
                refs.push((path, "contact", participant.id));
            }
        }
        for (u, day) in account.feature_usage.iter().enumerate() {
            let path = format!("{here}.feature_usage[{u}].feature_id");
            refs.push((path, "feature", day.feature_id));
        }
        for (f, firing) in account.playbook_firings.iter().enumerate() {
            if let Some(todo) = firing.todo_id {
                refs.push((format!("{here}.playbook_firings[{f}].todo_id"), "todo", todo));
            }
        }
        for (path, what, id) in refs {
            if !self.known(what).contains(&id) {
                self.later.push((path, what, id));
            }
        }
        write_account(self.writer, here, account, &mut self.restored)?;
        self.days.gather(index, here, account)?;
        if self.days.len() >= DAYS_PER_BATCH {
            self.days.flush(self.writer)?;
        }
        Ok(())
    }

    /// Checks what the document left open: that it said what it is and had accounts, and that
    /// the references to records further on found them.
    fn finish(mut self) -> Result<Restored, RestoreError> {
        let fields = ["format", "version", "currency"];
        if let Some((absent, _)) = fields.iter().zip(self.header).find(|(_, read)| !read) {
            let reason = format!("has no {absent}: not a csm export");
            return Err(RestoreError::at("document", reason));
        }
        if !self.accounts {
            return Err(RestoreError::at("document", "has no accounts: not a whole csm export"));
        }
        for (path, what, id) in &self.later {
            if !self.known(what).contains(id) {
                return Err(missing(path.clone(), what, *id));
            }
        }
        self.days.flush(self.writer)?;
        Ok(self.restored)
    }

    /// The ids of the records of `what` read so far.
    fn known(&self, what: &str) -> &HashSet<i64> {
        match what {
            "todo" => &self.todos,
            "feature" => &self.features,
            _ => &self.contacts,
        }
    }
}

fn missing(path: String, what: &str, id: i64) -> RestoreError {
    RestoreError::at(path, format!("no {what} has the id {id} in the export"))
}

/// The export's top-level object, read field by field: the header first, then the records.
struct DocumentSeed<'l, 'w, 's>(&'l mut Loader<'w, 's>);

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the JSON object csm export writes")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let loader = self.0;
        while let Some(key) = map.next_key::<String>()? {
            let done = match key.as_str() {
                "format" => loader.format(&map.next_value::<String>()?),
                "version" => loader.version(map.next_value()?),
                "currency" => loader.currency(&map.next_value::<String>()?),
                "features" => loader.features(&map.next_value::<Vec<FeatureIn>>()?),
                "todos" => loader.todos(&map.next_value::<Vec<TodoIn>>()?),
                "users" => loader.users(&map.next_value::<Vec<UserIn>>()?),
                "accounts" => {
                    map.next_value_seed(AccountsSeed(&mut *loader))?;
                    loader.accounts = true;
                    Ok(())
                }
                // What the export writes for people and programs but a book does not store:
                // the scores, the book's totals, the as-of date.
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    Ok(())
                }
            };
            if let Err(e) = done {
                return Err(loader.fail(e));
            }
        }
        Ok(())
    }
}

/// The accounts, each written once read.
struct AccountsSeed<'l, 'w, 's>(&'l mut Loader<'w, 's>);

impl<'de> DeserializeSeed<'de> for AccountsSeed<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for AccountsSeed<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of accounts")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(account) = seq.next_element::<AccountIn>()? {
            if let Err(e) = self.0.account(index, &account) {
                return Err(self.0.fail(e));
            }
            index += 1;
        }
        Ok(())
    }
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

/// Writes one account and its records but its days; `here` is its path in the document.
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
    // The usage and feature days are the loader's to write, in batches.
    let mut records = account.usage.len() + account.feature_usage.len();
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
    for (i, renewal) in account.renewal_records.iter().enumerate() {
        writer
            .put_renewal_record(&renewal.record(id))
            .map_err(at(|| path("renewal_records", i)))?;
    }
    for (i, qbr) in account.qbrs.iter().enumerate() {
        writer.insert_qbr(&qbr.record(id), false).map_err(at(|| path("qbrs", i)))?;
    }
    if let Some(call) = &account.forecast_call {
        let here = format!("{here}.forecast_call");
        let read = call.call().map_err(|why| RestoreError::at(format!("{here}.call"), why))?;
        writer.set_forecast_call(id, read, call.set_on, 0).map_err(at(|| here))?;
        records += 1;
    }
    records += account.tickets.len()
        + account.nps_responses.len()
        + account.interactions.len()
        + account.todos.len()
        + account.opportunities.len()
        + account.milestones.len()
        + account.goals.len()
        + account.sources.len()
        + account.playbook_firings.len()
        + account.renewal_records.len()
        + account.qbrs.len();
    restored.records += records;
    Ok(())
}
