//! Finding the one account a person means from what they typed on the command line: its external
//! id, its name (case and accents folded), or a fuzzy fragment of the name. It answers with the
//! account or with a message naming the candidates; it must not read the store or score.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::domain::{Account, salesforce_id_key, terminal_safe};

/// At most this many candidates are named in a message.
const NAMED: usize = 5;

/// Why no single account was found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    /// Several accounts fit; the message lists the best.
    #[error("{0}")]
    Ambiguous(String),
    /// None fits; the message lists the nearest names.
    #[error("{0}")]
    Missing(String),
}

/// `name` compared the way a person reads it: trimmed, case-folded, accents removed (`Société`
/// is `societe`), runs of spaces as one.
#[must_use]
pub fn fold_name(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.extend(
            word.chars()
                .flat_map(char::to_lowercase)
                .map(nucleo_matcher::chars::normalize)
                .flat_map(char::to_lowercase),
        );
    }
    folded
}

/// The account `query` names among `accounts`: an exact external id (a Salesforce 15- or
/// 18-character id of the same record counts), else a name equal once folded, else the one name
/// containing the folded query, else the one name the query fuzzily matches.
///
/// # Errors
/// Several accounts fit equally ([`LookupError::Ambiguous`]), or none does
/// ([`LookupError::Missing`]); each message names the candidates.
pub fn find_account<'a>(accounts: &'a [Account], query: &str) -> Result<&'a Account, LookupError> {
    let wanted = query.trim();
    if wanted.is_empty() {
        return Err(LookupError::Missing("name an account: its name or external id".to_owned()));
    }
    let key = salesforce_id_key(wanted);
    if let Some(account) = accounts.iter().find(|a| salesforce_id_key(&a.external_id) == key) {
        return Ok(account);
    }
    let folded = fold_name(wanted);
    let names: Vec<String> = accounts.iter().map(|a| fold_name(&a.name)).collect();
    let equal: Vec<&Account> =
        accounts.iter().zip(&names).filter(|(_, n)| **n == folded).map(|(a, _)| a).collect();
    if let Some(account) = one(&equal, wanted)? {
        return Ok(account);
    }
    let containing: Vec<&Account> =
        accounts.iter().zip(&names).filter(|(_, n)| n.contains(&folded)).map(|(a, _)| a).collect();
    if let Some(account) = one(&containing, wanted)? {
        return Ok(account);
    }
    let fuzzy = fuzzy_matches(accounts, &folded);
    if let Some(account) = one(&fuzzy, wanted)? {
        return Ok(account);
    }
    Err(LookupError::Missing(format!(
        "no account matches “{}”{}",
        terminal_safe(wanted),
        nearest(accounts, &names, &folded)
    )))
}

/// The single account of `found`, none, or the ambiguity error listing them.
fn one<'a>(found: &[&'a Account], wanted: &str) -> Result<Option<&'a Account>, LookupError> {
    match found {
        [] => Ok(None),
        [account] => Ok(Some(account)),
        many => {
            let listed: Vec<String> = many.iter().take(NAMED).map(|a| candidate(a)).collect();
            let more = many.len().saturating_sub(NAMED);
            let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
            Err(LookupError::Ambiguous(format!(
                "“{}” matches {} accounts: {}{tail}; name one by its full name or external id",
                terminal_safe(wanted),
                many.len(),
                listed.join(", ")
            )))
        }
    }
}

/// An account as a message names it: `Halvorsen Maritime (0015g00000d1t9D2lX)`.
fn candidate(account: &Account) -> String {
    format!("{} ({})", terminal_safe(&account.name), terminal_safe(&account.external_id))
}

/// The accounts whose name the query matches as a fuzzy pattern, best first (ties by name).
fn fuzzy_matches<'a>(accounts: &'a [Account], folded: &str) -> Vec<&'a Account> {
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(folded, CaseMatching::Ignore, Normalization::Smart);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, &Account)> = accounts
        .iter()
        .filter_map(|a| {
            let score = pattern.score(Utf32Str::new(&a.name, &mut buf), &mut matcher)?;
            Some((score, a))
        })
        .collect();
    scored.sort_by(|x, y| y.0.cmp(&x.0).then_with(|| x.1.name.cmp(&y.1.name)));
    scored.into_iter().map(|(_, a)| a).collect()
}

/// ": nearest: A, B, C" by edit similarity of the folded names, or nothing for an empty book.
fn nearest(accounts: &[Account], names: &[String], folded: &str) -> String {
    let ranked = nearest_by(accounts.iter().zip(names), |(_, n)| n.as_str(), folded, 3);
    let listed: Vec<String> = ranked.into_iter().map(|(a, _)| candidate(a)).collect();
    if listed.is_empty() {
        "; the book has no accounts".to_owned()
    } else {
        format!("; nearest: {}", listed.join(", "))
    }
}

/// How alike two folded names must be for one to be suggested for the other (see
/// [`similarity`]): a typo, a missing word or a suffix pass; an id compared with names does not.
pub const NEAR: f64 = 0.7;

/// The `count` account names nearest to what `query` names (case and accents folded, then
/// ranked by [`similarity`], ties by name), each once, leaving out those not even [`NEAR`]:
/// what a message suggests when a name matched nothing.
#[must_use]
pub fn nearest_names<'a>(
    names: impl IntoIterator<Item = &'a str>,
    query: &str,
    count: usize,
) -> Vec<String> {
    let names = FoldedNames::new(names);
    names.nearest(query, count).into_iter().map(str::to_owned).collect()
}

/// Account names folded once, for many searches of the nearest ones (each search compares the
/// query with every name: folding them each time would double its cost).
#[derive(Debug, Clone, Default)]
pub struct FoldedNames {
    /// (folded, as given), ordered by the names as given.
    names: Vec<(String, String)>,
}

impl FoldedNames {
    #[must_use]
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut names: Vec<(String, String)> =
            names.into_iter().map(|n| (fold_name(n), n.to_owned())).collect();
        // Names alike rank in this order, whatever order they came in.
        names.sort_unstable_by(|x, y| x.1.cmp(&y.1));
        Self { names }
    }

    /// How many names there are (what a search compares).
    #[must_use]
    pub fn len(&self) -> usize {
        self.names.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The `count` names nearest to `query` (see [`nearest_names`]).
    #[must_use]
    pub fn nearest(&self, query: &str, count: usize) -> Vec<&str> {
        let folded_query = fold_name(query);
        let query = Query::new(&folded_query);
        // The best `count` distinct names so far, best first: one pass, no sort of the book.
        let mut best: Vec<(f64, &str, &str)> = Vec::with_capacity(count + 1);
        for (folded, name) in &self.names {
            let score = query.similarity(folded);
            let beaten = best.len() == count && best.last().is_some_and(|(s, _, _)| score <= *s);
            if score < NEAR || beaten || best.iter().any(|(_, _, n)| n == name) {
                continue;
            }
            let at = best
                .iter()
                .position(|(s, f, _)| score > *s || (score == *s && folded.as_str() < *f))
                .unwrap_or(best.len());
            best.insert(at, (score, folded, name));
            best.truncate(count);
        }
        best.into_iter().map(|(_, _, name)| name).collect()
    }
}

/// A folded name compared with many: its words split once.
struct Query<'q> {
    whole: &'q str,
    words: Vec<&'q str>,
    /// Each word's best match in the name compared, reused from one name to the next.
    best: std::cell::RefCell<Vec<f64>>,
}

impl<'q> Query<'q> {
    fn new(folded: &'q str) -> Self {
        let words: Vec<&str> = folded.split_whitespace().collect();
        let best = std::cell::RefCell::new(vec![0.0; words.len()]);
        Self { whole: folded, words, best }
    }

    /// See [`similarity`].
    fn similarity(&self, name: &str) -> f64 {
        let whole = strsim::jaro_winkler(self.whole, name);
        if self.words.is_empty() || name.is_empty() {
            return whole;
        }
        let mut best = self.best.borrow_mut();
        best.fill(0.0);
        for word in name.split_whitespace() {
            for (q, b) in self.words.iter().zip(best.iter_mut()) {
                *b = b.max(strsim::jaro_winkler(q, word));
            }
        }
        #[allow(clippy::cast_precision_loss)] // a name has a few words
        let by_word = best.iter().sum::<f64>() / self.words.len() as f64;
        whole.max(by_word)
    }
}

/// The first `count` of `items` by the [`similarity`] of their folded name to `folded`.
fn nearest_by<T>(
    items: impl IntoIterator<Item = T>,
    folded_name: impl Fn(&T) -> &str,
    folded: &str,
    count: usize,
) -> Vec<T> {
    ranked_by(items, folded_name, folded).into_iter().take(count).map(|(_, t)| t).collect()
}

/// `items` by the [`similarity`] of their folded name to `folded`, best first, ties by that
/// name.
fn ranked_by<T>(
    items: impl IntoIterator<Item = T>,
    folded_name: impl Fn(&T) -> &str,
    folded: &str,
) -> Vec<(f64, T)> {
    let mut ranked: Vec<(f64, T)> =
        items.into_iter().map(|t| (similarity(folded, folded_name(&t)), t)).collect();
    ranked
        .sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| folded_name(&x.1).cmp(folded_name(&y.1))));
    ranked
}

/// How alike two folded names are, 0 to 1: the edit similarity (Jaro-Winkler) of the whole
/// names, or, when higher, of each word of `query` with its nearest word of `name`, on average,
/// so that `lumiere sa` finds `societe lumiere` and `acme` finds `acme corporation`.
#[must_use]
pub fn similarity(query: &str, name: &str) -> f64 {
    Query::new(query).similarity(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AccountId;

    fn account(id: i64, external_id: &str, name: &str) -> Account {
        Account { id: AccountId(id), ..Account::named(external_id, name) }
    }

    fn book() -> Vec<Account> {
        vec![
            account(1, "0015g00000d1t9D", "Halvorsen Maritime"),
            account(2, "ACME-2", "Halvorsen Capital"),
            account(3, "ACME-3", "Société Lumière"),
            account(4, "ACME-4", "Northwind Logistics"),
            account(5, "ACME-5", "Northwind"),
        ]
    }

    fn found(query: &str) -> Result<i64, LookupError> {
        let accounts = book();
        find_account(&accounts, query).map(|a| a.id.0)
    }

    #[test]
    fn external_ids_come_first_and_salesforce_forms_are_one_record() {
        assert_eq!(found("ACME-4"), Ok(4));
        // The 18-character form of a 15-character id is the same record, whatever its case.
        let accounts = vec![account(7, "0015g00000AbCdE", "Example Record")];
        assert_eq!(find_account(&accounts, "0015g00000abcdeaav").map(|a| a.id.0), Ok(7));
    }

    #[test]
    fn names_fold_case_accents_and_spaces() {
        assert_eq!(fold_name("  Société   LUMIÈRE "), "societe lumiere");
        assert_eq!(found("societe lumiere"), Ok(3));
        assert_eq!(found("halvorsen maritime"), Ok(1));
        // An exact name wins over the longer names containing it.
        assert_eq!(found("northwind"), Ok(5));
    }

    #[test]
    fn a_fragment_or_a_fuzzy_pattern_finds_the_one_account() {
        assert_eq!(found("lumi"), Ok(3));
        assert_eq!(found("maritime"), Ok(1));
        assert_eq!(found("nwlog"), Ok(4));
    }

    #[test]
    fn ambiguity_and_absence_name_the_candidates() {
        let Err(LookupError::Ambiguous(message)) = found("halvorsen") else {
            panic!("ambiguous expected")
        };
        assert!(message.contains("matches 2 accounts"), "{message}");
        assert!(message.contains("Halvorsen Maritime (0015g00000d1t9D)"), "{message}");
        assert!(message.contains("Halvorsen Capital (ACME-2)"), "{message}");

        let Err(LookupError::Missing(message)) = found("zzqx") else { panic!("missing expected") };
        assert!(message.starts_with("no account matches “zzqx”; nearest: "), "{message}");
        let Err(LookupError::Missing(message)) = found("   ") else { panic!("missing expected") };
        assert!(message.contains("name an account"), "{message}");
    }

    /// The nearest names are folded before they are compared, and each is named once.
    #[test]
    fn nearest_names_fold_and_name_each_once() {
        let names = ["Société Lumière", "Halvorsen Maritime", "Societe Lumiere", "Northwind"];
        assert_eq!(
            nearest_names(names, "SOCIETE LUMIER", 2),
            ["Societe Lumiere", "Société Lumière"]
        );
        assert_eq!(nearest_names(names, "halvorsen", 1), ["Halvorsen Maritime"]);
        assert_eq!(nearest_names(names, "Lumiere SA", 1), ["Societe Lumiere"], "a word moved");
        assert!(nearest_names(names, "0015g00000d1t9D", 3).is_empty(), "an id is near no name");
        assert!(nearest_names([], "x", 3).is_empty());
    }
}
