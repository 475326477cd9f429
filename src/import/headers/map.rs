//! `--map FILE`: the user's own names for columns, in TOML.
//!
//! ```toml
//! # For every kind:
//! "Kunde" = "account"
//!
//! # For one kind (wins over the lines above):
//! [accounts]
//! "Kunde" = "name"
//! "Umsatz (EUR)" = "arr"
//! "Territory" = ""        # an empty name ignores the column
//! ```
//!
//! Keys are headers, matched like every header (case, spaces and punctuation aside); values
//! are field names of the kind (SPEC 7's table, plus the extra fields of `headers::fields`).
//! A mapped column beats every other column for its field, so a map also settles two aliases.

use std::collections::BTreeMap;

use super::{fields, normalize};
use crate::import::{Kind, Problem};

/// What a header map says about one header.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    header: String,
    key: String,
    field: String,
}

/// The parsed `--map` file; `HeaderMap::default()` maps nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderMap {
    every_kind: Vec<Entry>,
    by_kind: BTreeMap<Kind, Vec<Entry>>,
}

impl HeaderMap {
    /// Reads a map file's text.
    ///
    /// # Errors
    /// Text that is not TOML, a value that is not a string, a table that is not a kind, or a
    /// field its kind does not have (each a problem of the file as a whole).
    pub fn parse(text: &str) -> Result<Self, Problem> {
        let table: toml::Table = text.parse().map_err(|err: toml::de::Error| {
            Problem::file(format!("--map: not TOML: {}", err.message()))
        })?;
        let mut map = Self::default();
        for (key, value) in table {
            match value {
                toml::Value::String(field) => map.every_kind.push(entry(key, field)),
                toml::Value::Table(inner) => {
                    let kind: Kind = key
                        .parse()
                        .map_err(|err| Problem::file(format!("--map: [{key}]: {err}")))?;
                    let entries = inner
                        .into_iter()
                        .map(|(header, field)| string_entry(header, field, Some(kind)))
                        .collect::<Result<Vec<_>, _>>()?;
                    map.by_kind.entry(kind).or_default().extend(entries);
                }
                other => return Err(not_a_string(&key, &other, None)),
            }
        }
        for kind in map.by_kind.keys() {
            map.check(*kind)?;
        }
        Ok(map)
    }

    /// The field `header` is mapped to for `kind`: `Some("")` when the map ignores it, `None`
    /// when the map says nothing about it.
    #[must_use]
    pub fn field(&self, kind: Kind, header: &str) -> Option<&str> {
        self.field_by_key(kind, &normalize(header))
    }

    /// As [`HeaderMap::field`], for a header already normalised.
    pub(super) fn field_by_key(&self, kind: Kind, key: &str) -> Option<&str> {
        let own = self.by_kind.get(&kind).into_iter().flatten();
        own.chain(&self.every_kind)
            .find(|e| !key.is_empty() && e.key == key)
            .map(|e| e.field.as_str())
    }

    /// Every field the map names for `kind` must be one of the kind's.
    ///
    /// # Errors
    /// The first entry whose field `kind` does not have, naming it and the kind's fields.
    pub fn check(&self, kind: Kind) -> Result<(), Problem> {
        let own = self.by_kind.get(&kind).map_or(&[][..], Vec::as_slice);
        let overridden = |e: &&Entry| own.iter().any(|o| o.key == e.key);
        for e in own.iter().chain(self.every_kind.iter().filter(|e| !overridden(e))) {
            let known = e.field.is_empty()
                || fields(kind).iter().any(|f| normalize(f.name) == normalize(&e.field));
            if !known {
                let names: Vec<&str> = fields(kind).iter().map(|f| f.name).collect();
                return Err(Problem::file(format!(
                    "--map: {:?} = {:?}: {kind} has no field {:?}; its fields are {}",
                    e.header,
                    e.field,
                    e.field,
                    names.join(", ")
                )));
            }
        }
        Ok(())
    }
}

fn entry(header: String, field: String) -> Entry {
    Entry { key: normalize(&header), header, field: field.trim().to_owned() }
}

fn string_entry(header: String, field: toml::Value, kind: Option<Kind>) -> Result<Entry, Problem> {
    match field {
        toml::Value::String(field) => Ok(entry(header, field)),
        other => Err(not_a_string(&header, &other, kind)),
    }
}

fn not_a_string(header: &str, value: &toml::Value, kind: Option<Kind>) -> Problem {
    let place = kind.map(|k| format!("[{k}] ")).unwrap_or_default();
    Problem::file(format!(
        "--map: {place}{header:?} = {value}: the value must be a field name in quotes"
    ))
}
