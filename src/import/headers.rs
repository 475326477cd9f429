//! Matching a file's headers to the fields of its kind (SPEC 7, Headers): normalised names, the
//! canonical fields per kind, the aliases real exports use, the user's `--map`, and the errors
//! when a field is missing or named twice. It looks only at header text; it must not read rows,
//! parse values or touch the store.
//!
//! Ranks decide between columns that name one field: a `--map` entry, then the canonical name,
//! then aliases by their rank in `aliases` (a CSM column before a CRM owner, a company id
//! before a company name). Columns of the best rank for a field must be alone, else the file
//! is ambiguous; columns of worse ranks are ignored, but for one: when the account is named by
//! an id column, the best column naming it by name stands behind it (a HubSpot contact's
//! `Primary Associated Company ID`, then its `Associated Company`), for rows whose id matches
//! nothing.

mod aliases;
#[cfg(test)]
mod export_tests;
mod lexicon;
mod map;
#[cfg(test)]
mod tests;

pub use aliases::{Alias, Phrase, aliases};
pub use map::HeaderMap;

use std::collections::HashSet;

use self::lexicon::Lexicon;
use super::{Kind, Problem};

/// A header reduced to what matters for matching: lower-case letters and digits only, any
/// script (`First Name`, `FIRSTNAME` and `first_name` are all `firstname`; `Société` is
/// `société`).
#[must_use]
pub fn normalize(header: &str) -> String {
    header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// A field of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub required: bool,
    /// A required field may instead be given by all of these (contacts: `name`, or
    /// `first_name` and `last_name`).
    pub unless: &'static [&'static str],
    /// A field that stands for another when that one is absent, scaled (`mrr` is `arr` / 12).
    pub feeds: Option<Feeds>,
}

/// `field` is this field times `times`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feeds {
    pub field: &'static str,
    pub times: u32,
}

const fn req(name: &'static str) -> Field {
    Field { name, required: true, unless: &[], feeds: None }
}

const fn opt(name: &'static str) -> Field {
    Field { name, required: false, unless: &[], feeds: None }
}

/// The fields of `kind`: SPEC 7's columns in its order, then the extra ones importers use
/// (accounts `mrr`; contacts `first_name`, `last_name`; tickets `updated_at` and
/// `requester_email`, which places a ticket without an organization; opportunities
/// `name`, `type`, `pipeline`, `is_closed`, `is_won`, which decide kind and status when the file
/// has none, and `probability_fraction`, a probability written from 0 to 1).
#[must_use]
pub fn fields(kind: Kind) -> &'static [Field] {
    match kind {
        Kind::Accounts => ACCOUNTS,
        Kind::Contacts => CONTACTS,
        Kind::Usage => USAGE,
        Kind::Features => FEATURES,
        Kind::Tickets => TICKETS,
        Kind::Nps => NPS,
        Kind::Interactions => INTERACTIONS,
        Kind::Opportunities => OPPORTUNITIES,
        Kind::Users => USERS,
        Kind::Renewals => RENEWALS,
    }
}

const RENEWALS: &[Field] = &[
    req("account"),
    req("due"),
    req("closed_on"),
    req("outcome"),
    opt("arr_before"),
    opt("arr_after"),
    opt("note"),
    opt("currency"),
];

const USERS: &[Field] = &[
    Field { unless: &["first_name", "last_name"], ..req("name") },
    opt("first_name"),
    opt("last_name"),
    opt("email"),
    opt("crm_id"),
];

const ACCOUNTS: &[Field] = &[
    req("external_id"),
    req("name"),
    opt("domain"),
    opt("segment"),
    opt("industry"),
    opt("region"),
    opt("owner"),
    opt("arr"),
    opt("currency"),
    opt("seats_licensed"),
    opt("contract_start"),
    opt("renewal_date"),
    opt("lifecycle_stage"),
    opt("advocacy"),
    Field { feeds: Some(Feeds { field: "arr", times: 12 }), ..opt("mrr") },
];

const CONTACTS: &[Field] = &[
    opt("external_id"),
    req("account"),
    Field { unless: &["first_name", "last_name"], ..req("name") },
    opt("first_name"),
    opt("last_name"),
    opt("title"),
    opt("email"),
    opt("role"),
    opt("influence"),
    opt("sentiment"),
    opt("reports_to"),
    opt("last_engaged"),
    opt("left_on"),
];

const USAGE: &[Field] = &[req("account"), req("date"), req("active_users"), opt("events")];

const FEATURES: &[Field] = &[req("account"), req("date"), req("feature"), opt("events")];

const NPS: &[Field] = &[req("score"), req("date"), opt("email"), opt("account"), opt("comment")];

const TICKETS: &[Field] = &[
    opt("external_id"),
    req("account"),
    req("opened"),
    opt("closed"),
    opt("priority"),
    opt("rating"),
    opt("status"),
    opt("subject"),
    opt("updated_at"),
    opt("requester_email"),
];

const INTERACTIONS: &[Field] = &[
    opt("external_id"),
    req("account"),
    req("date"),
    opt("kind"),
    opt("contacts"),
    opt("summary"),
    opt("body"),
];

const OPPORTUNITIES: &[Field] = &[
    opt("external_id"),
    req("account"),
    opt("kind"),
    opt("amount"),
    opt("currency"),
    opt("stage"),
    opt("close_date"),
    opt("probability"),
    opt("status"),
    opt("name"),
    opt("type"),
    opt("pipeline"),
    opt("is_closed"),
    opt("is_won"),
    opt("probability_fraction"),
];

/// A file's header rows and the line problems about them are reported on.
#[derive(Debug, Clone, Copy)]
pub struct Headers<'a> {
    /// As the file spells them.
    pub names: &'a [String],
    /// A survey's second header row (question text, answer labels), or empty.
    pub labels: &'a [String],
    pub line: usize,
}

/// Which column holds each field of a kind, and which columns hold none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    kind: Kind,
    columns: Vec<Option<usize>>,
    ignored: Vec<String>,
    /// The column next in line for the external id, when another column outranks it (Zendesk's
    /// own `id` behind its `external_id`): the key when the chosen column is blank in every row.
    key_fallback: Option<usize>,
    /// The column naming the account by name behind the id column chosen for it (see
    /// [`Mapping::account_name`]).
    account_name: Option<usize>,
}

impl Mapping {
    #[must_use]
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The column index of `field` (a name from `fields`), if the file has it.
    #[must_use]
    pub fn column(&self, field: &str) -> Option<usize> {
        let index = fields(self.kind).iter().position(|f| f.name == field)?;
        self.columns.get(index).copied().flatten()
    }

    /// The fields the file has, in `fields` order, with their column index.
    pub fn matched(&self) -> impl Iterator<Item = (&'static Field, usize)> + '_ {
        fields(self.kind)
            .iter()
            .zip(&self.columns)
            .filter_map(|(field, column)| Some((field, (*column)?)))
    }

    /// The headers that hold no field, as the file spells them (empty headers left out).
    #[must_use]
    pub fn ignored(&self) -> &[String] {
        &self.ignored
    }

    /// The column that names a row's account by its name when the `account` column holds an id
    /// (`Associated Company` behind `Primary Associated Company ID`): where a row whose id
    /// matches nothing is placed.
    #[must_use]
    pub fn account_name(&self) -> Option<usize> {
        self.account_name
    }

    /// The column that could hold the external id instead of the chosen one (see
    /// [`Mapping::key_by_fallback`]).
    #[must_use]
    pub fn key_fallback(&self) -> Option<usize> {
        self.key_fallback
    }

    /// Takes the external id from the fallback column; the column it came from is ignored from
    /// now on (`headers`: the file's). Nothing changes without a fallback.
    pub fn key_by_fallback(&mut self, headers: &[String]) {
        let Some(fallback) = self.key_fallback.take() else { return };
        let Some(index) = fields(self.kind).iter().position(|f| f.name == aliases::ID.field) else {
            return;
        };
        self.columns[index] = Some(fallback);
        self.ignored = ignored(headers, &self.columns, self.account_name);
    }
}

/// The headers of no column in `columns` nor `also`, in file order (empty headers left out).
fn ignored(headers: &[String], columns: &[Option<usize>], also: Option<usize>) -> Vec<String> {
    (0..headers.len())
        .filter(|column| !columns.contains(&Some(*column)) && also != Some(*column))
        .map(|column| headers[column].clone())
        .filter(|name| !name.is_empty())
        .collect()
}

/// Ranks: a `--map` entry, then a canonical name, then aliases (1 + their own rank).
const MAPPED: u8 = 0;
const CANONICAL: u8 = 1;

/// A column that could hold a field.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    field: usize,
    column: usize,
    rank: u8,
}

/// Matches `headers` to the fields of `kind`.
///
/// # Errors
/// Every problem found, on the header line: a `--map` naming a field the kind lacks, columns
/// of equal rank naming one field, a missing required field (with the headers found and the
/// nearest known names).
pub fn match_headers(
    kind: Kind,
    headers: Headers<'_>,
    map: &HeaderMap,
) -> Result<Mapping, Vec<Problem>> {
    map.check(kind).map_err(|problem| vec![problem])?;
    let known = Known::new(kind, headers.names);
    let candidates: Vec<Candidate> = (0..headers.names.len())
        .filter_map(|column| classify(&known, headers, column, map))
        .collect();
    let mut problems = Vec::new();
    let mut columns = choose(kind, headers, &candidates, &mut problems);
    if kind == Kind::Nps {
        open_ended_comment(headers, &mut columns);
    }
    problems.extend(missing(&known, headers, &columns, &candidates));
    if !problems.is_empty() {
        return Err(problems);
    }
    let account_name = account_name(kind, &known.keys, &candidates, &columns);
    let ignored = ignored(headers.names, &columns, account_name);
    let key_fallback = key_fallback(kind, &candidates, &columns);
    Ok(Mapping { kind, columns, ignored, key_fallback, account_name })
}

/// Whether a normalised header names an id (`accountid`, `primaryassociatedcompanyid`,
/// `associatedcompanyids`) rather than a name.
fn names_an_id(key: &str) -> bool {
    key.ends_with("id") || key.ends_with("ids")
}

/// The column naming the account by name behind the id column chosen for it: the one candidate
/// of the best rank among the worse-ranked ones that name no id (nor a domain or an email).
fn account_name(
    kind: Kind,
    keys: &[String],
    candidates: &[Candidate],
    columns: &[Option<usize>],
) -> Option<usize> {
    let field = fields(kind).iter().position(|f| f.name == "account")?;
    let chosen = columns[field]?;
    if !names_an_id(&keys[chosen]) {
        return None;
    }
    let rank = candidates.iter().find(|c| c.column == chosen)?.rank;
    let named = |c: &&Candidate| {
        let key = &keys[c.column];
        !names_an_id(key) && !key.ends_with("domain") && !key.ends_with("email")
    };
    let behind: Vec<&Candidate> =
        candidates.iter().filter(|c| c.field == field && c.rank > rank).filter(named).collect();
    let next = behind.iter().map(|c| c.rank).min()?;
    match behind.iter().filter(|c| c.rank == next).collect::<Vec<_>>().as_slice() {
        [one] => Some(one.column),
        _ => None,
    }
}

/// The column next in line for the external id: the one candidate of the best rank below the
/// chosen column's.
fn key_fallback(kind: Kind, candidates: &[Candidate], columns: &[Option<usize>]) -> Option<usize> {
    let field = fields(kind).iter().position(|f| f.name == aliases::ID.field)?;
    let chosen = columns[field]?;
    let rank = candidates.iter().find(|c| c.column == chosen)?.rank;
    let behind: Vec<&Candidate> =
        candidates.iter().filter(|c| c.field == field && c.rank > rank).collect();
    let next = behind.iter().map(|c| c.rank).min()?;
    match behind.iter().filter(|c| c.rank == next).collect::<Vec<_>>().as_slice() {
        [one] => Some(one.column),
        _ => None,
    }
}

/// What matching needs to know once per file: the kind's names, and each header normalised.
struct Known {
    kind: Kind,
    lexicon: Lexicon,
    keys: Vec<String>,
    /// The normalised headers that end in `npsgroup` (NPS files only), for [`qualtrics_score`].
    groups: HashSet<String>,
}

impl Known {
    fn new(kind: Kind, names: &[String]) -> Self {
        let keys: Vec<String> = names.iter().map(|n| normalize(n)).collect();
        let groups = if kind == Kind::Nps {
            keys.iter().filter(|k| k.ends_with("npsgroup")).cloned().collect()
        } else {
            HashSet::new()
        };
        Self { kind, lexicon: Lexicon::new(kind), keys, groups }
    }
}

/// The field `column` could hold, and how surely.
fn classify(
    known: &Known,
    headers: Headers<'_>,
    column: usize,
    map: &HeaderMap,
) -> Option<Candidate> {
    let kind = known.kind;
    let (name, key) = (&headers.names[column], &known.keys[column]);
    if let Some(mapped) = map.field_by_key(kind, key) {
        let field = fields(kind).iter().position(|f| normalize(f.name) == normalize(mapped))?;
        return Some(Candidate { field, column, rank: MAPPED });
    }
    // Qualtrics' Detractor/Passive/Promoter code: its label asks the NPS question too.
    if kind == Kind::Nps && key.ends_with("npsgroup") {
        return None;
    }
    let label = headers.labels.get(column).filter(|label| !label.is_empty());
    let (field, rank) = known
        .lexicon
        .by_name(name, key)
        .or_else(|| qualtrics_score(known, key))
        .or_else(|| label.and_then(|label| known.lexicon.by_name(label, &normalize(label))))?;
    let field = fields(kind).iter().position(|f| f.name == field)?;
    Some(Candidate { field, column, rank })
}

/// The field a header names, with its rank: canonical, alias, `id`, or a question's words.
#[cfg(test)]
fn by_name(kind: Kind, header: &str) -> Option<(&'static str, u8)> {
    Lexicon::new(kind).by_name(header, &normalize(header))
}

/// Qualtrics names an NPS question `Q<n>` and its group code `Q<n>_NPS_GROUP`; `key` is a
/// header normalised.
fn qualtrics_score(known: &Known, key: &str) -> Option<(&'static str, u8)> {
    let numbered = key
        .strip_prefix('q')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    let grouped = numbered && known.groups.contains(&format!("{key}npsgroup"));
    grouped.then_some(("score", CANONICAL + 1))
}

/// The column of each field: the best-ranked candidate when it is alone; ties are problems.
fn choose(
    kind: Kind,
    headers: Headers<'_>,
    candidates: &[Candidate],
    problems: &mut Vec<Problem>,
) -> Vec<Option<usize>> {
    let mut columns = vec![None; fields(kind).len()];
    for (index, field) in fields(kind).iter().enumerate() {
        let Some(best) = candidates.iter().filter(|c| c.field == index).map(|c| c.rank).min()
        else {
            continue;
        };
        let tied: Vec<usize> = candidates
            .iter()
            .filter(|c| c.field == index && c.rank == best)
            .map(|c| c.column)
            .collect();
        match tied.as_slice() {
            [column] => columns[index] = Some(*column),
            _ => problems.push(ambiguous(headers, field.name, &tied, best == MAPPED)),
        }
    }
    columns
}

fn ambiguous(headers: Headers<'_>, field: &str, tied: &[usize], mapped: bool) -> Problem {
    let names: Vec<String> = tied.iter().map(|&c| format!("{:?}", headers.names[c])).collect();
    let (last, first) =
        names.split_last().map_or((String::new(), &[][..]), |(l, f)| (l.clone(), f));
    let listed = format!("{} and {last}", first.join(", "));
    let reason = if mapped {
        format!("{listed} are all mapped to {field}; keep one in --map")
    } else {
        format!(
            "{listed} could each be {field}; say which with --map, e.g. {} = \"{field}\"",
            names[0]
        )
    };
    let column = tied.last().map_or_else(String::new, |&c| headers.names[c].clone());
    Problem::cell(headers.line, column, reason)
}

/// SurveyMonkey answers an NPS question's follow-up in the next column, labelled only
/// `Open-Ended Response`: the comment when nothing else is.
fn open_ended_comment(headers: Headers<'_>, columns: &mut [Option<usize>]) {
    let index = |name: &str| fields(Kind::Nps).iter().position(|f| f.name == name);
    let (Some(score), Some(comment)) = (index("score"), index("comment")) else { return };
    let Some(score_column) = columns[score] else { return };
    if columns[comment].is_some() || columns.contains(&Some(score_column + 1)) {
        return;
    }
    let label = headers.labels.get(score_column + 1).map(|l| normalize(l));
    if label.as_deref() == Some("openendedresponse") {
        columns[comment] = Some(score_column + 1);
    }
}

/// A problem for each required field no column holds (a field named twice is a problem already).
fn missing(
    known: &Known,
    headers: Headers<'_>,
    columns: &[Option<usize>],
    candidates: &[Candidate],
) -> Vec<Problem> {
    let kind = known.kind;
    let has = |name: &str| {
        let index = fields(kind).iter().position(|f| f.name == name);
        index.is_some_and(|i| columns[i].is_some() || candidates.iter().any(|c| c.field == i))
    };
    let found = listed(headers.names);
    let mut problems = Vec::new();
    for field in fields(kind) {
        if !field.required
            || has(field.name)
            || (!field.unless.is_empty() && field.unless.iter().all(|u| has(u)))
        {
            continue;
        }
        let alternative = match field.unless {
            [] => String::new(),
            parts => format!(" (or {})", parts.join(" and ")),
        };
        let nearest: Vec<String> =
            nearest(kind, field, &known.keys).iter().map(|n| format!("{n:?}")).collect();
        let reason = format!(
            "no column for the required field {}{alternative}; the headers are {found}; the nearest known names \
             are {}; name its column with --map",
            field.name,
            nearest.join(", ")
        );
        problems.push(Problem::cell(headers.line, field.name, reason));
    }
    problems
}

/// Headers quoted in a problem; a file of thousands of columns gets a count of the rest.
const LISTED_HEADERS: usize = 20;

/// The first [`LISTED_HEADERS`] of `names`, quoted, then how many more there are.
fn listed(names: &[String]) -> String {
    if names.is_empty() {
        return "none".to_owned();
    }
    let shown: Vec<String> = names.iter().take(LISTED_HEADERS).map(|h| format!("{h:?}")).collect();
    match names.len().saturating_sub(LISTED_HEADERS) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// The three names known for `field` (its own and its aliases) closest to a header of the file
/// (`keys`: the headers normalised).
fn nearest(kind: Kind, field: &Field, keys: &[String]) -> Vec<&'static str> {
    let has_id = field.name == aliases::ID.field;
    let known = std::iter::once(field.name)
        .chain(field.unless.iter().copied())
        .chain(aliases(kind).iter().filter(|a| a.field == field.name).map(|a| a.header))
        .chain(has_id.then_some(aliases::ID.header));
    let mut scored: Vec<(f64, &'static str)> = known
        .map(|known| {
            let key = normalize(known);
            let best = keys.iter().map(|k| strsim::jaro_winkler(&key, k)).fold(0.0, f64::max);
            (best, known)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().map(|(_, name)| name).take(3).collect()
}
