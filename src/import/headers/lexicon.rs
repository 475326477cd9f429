//! The names a kind's fields go by (canonical names, aliases, `id`), by normalised name, so a
//! header is matched with one lookup: a file of a hundred thousand columns is matched in
//! linear time, never each header against every alias. It only looks names up; choosing
//! between columns is `headers`' job.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::{CANONICAL, aliases, fields, normalize};
use crate::import::Kind;

/// The known names of one kind's fields.
pub(super) struct Lexicon {
    kind: Kind,
    /// Normalised name: the field it names and its rank.
    names: HashMap<String, (&'static str, u8)>,
}

impl Lexicon {
    /// The names of `kind`: a canonical name wins over an alias spelled alike, and an alias
    /// over a later one (the order of the alias table), as a scan in that order would decide.
    pub(super) fn new(kind: Kind) -> Self {
        let mut names = HashMap::new();
        for field in fields(kind) {
            names.entry(normalize(field.name)).or_insert((field.name, CANONICAL));
        }
        let has_id = fields(kind).iter().any(|f| f.name == aliases::ID.field);
        let id = has_id.then_some(&aliases::ID);
        for alias in aliases(kind).iter().chain(id) {
            if let Entry::Vacant(entry) = names.entry(normalize(alias.header)) {
                entry.insert((alias.field, CANONICAL + alias.rank));
            }
        }
        Self { kind, names }
    }

    /// The field a header names, with its rank: canonical, alias, `id`, or (NPS) a question's
    /// words. `key` is the header normalised.
    pub(super) fn by_name(&self, header: &str, key: &str) -> Option<(&'static str, u8)> {
        if key.is_empty() {
            return None;
        }
        if let Some(&found) = self.names.get(key) {
            return Some(found);
        }
        if self.kind != Kind::Nps {
            return None;
        }
        let lower = header.to_lowercase();
        aliases::NPS_PHRASES
            .iter()
            .find(|p| has_words_in_order(&lower, p.words))
            .map(|p| (p.field, CANONICAL + p.rank))
    }
}

fn has_words_in_order(text: &str, words: &[&str]) -> bool {
    let mut rest = text;
    words.iter().all(|word| match rest.find(word) {
        Some(at) => {
            rest = &rest[at + word.len()..];
            true
        }
        None => false,
    })
}
