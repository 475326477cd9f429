//! The account list's fuzzy search: which rows match a query and in what order, folding case and
//! accents (`societe` finds `Société`), fast enough to run on every keystroke of a large book.
//!
//! What keeps a keystroke within a frame:
//! - names are kept in the form the matcher reads fastest, built on the first search rather than
//!   when the workspace opens: ASCII, with accented Latin letters folded to the plain letter the
//!   matcher compares them as anyway, in shared buffers;
//! - names are matched in book order, the order of those buffers, and only then put in list
//!   order: walking them in list order jumps all over memory and costs several times more;
//! - typing narrows the previous step's matches instead of searching the book again, and erasing
//!   goes back a step;
//! - ranking sorts scores by counting rather than comparing.
//!
//! It knows names and row indices only: it must not read the store, the scores or the filters,
//! and the order of the rows it is given is the order ties keep.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Matcher, Utf32Str, chars};

/// The search over a book's names, with the steps typed so far.
#[derive(Default)]
pub struct NameSearch {
    /// The book's names, built on the first search.
    names: Option<Names>,
    /// Each prefix of the query typed so far with its matches.
    steps: Vec<SearchStep>,
    /// Kept between keystrokes, like the buffers below: it owns a scratch matrix.
    matcher: Matcher,
    scratch: Scratch,
    /// Only matches scoring at least this share of what the query scores against itself count
    /// (see [`NameSearch::strict`]); none for names.
    strict: bool,
}

impl std::fmt::Debug for NameSearch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let steps: Vec<&str> = self.steps.iter().map(|s| s.query.as_str()).collect();
        f.debug_struct("NameSearch")
            .field("names", &self.names.as_ref().map(Names::len))
            .field("steps", &steps)
            .finish_non_exhaustive()
    }
}

impl NameSearch {
    /// A search where a match must score at least two thirds of what the query scores against
    /// itself: for long texts, in which the letters of a short query turn up scattered almost
    /// always, and such a match says nothing (a word that starts with the query, or holds it
    /// whole, passes). Typing narrows these matches, so the next keystroke reads only them.
    #[must_use]
    pub fn strict() -> Self {
        Self { strict: true, ..Self::default() }
    }

    /// Forgets the steps: the query was cleared, or the rows' order changed.
    pub fn forget_steps(&mut self) {
        self.steps.clear();
    }

    /// Reads the `count` names `name` gives into the matcher's form now, so that the first
    /// search does not: for an index built beside the screen.
    pub fn prepare<'a>(&mut self, count: usize, name: impl Fn(usize) -> &'a str) {
        if self.names.as_ref().is_none_or(|known| known.len() != count) {
            self.names = Some(Names::new((0..count).map(&name)));
            self.steps.clear();
        }
    }

    /// The rows among `ordered` whose name matches `query`, best match first (ties keep their
    /// order in `ordered`). The book has `count` rows and `name` gives the name of each; names
    /// are read when the search has not seen this book's names yet.
    pub fn rows<'a>(
        &mut self,
        query: &str,
        ordered: &[usize],
        count: usize,
        name: impl Fn(usize) -> &'a str,
    ) -> &[usize] {
        self.scored_rows(query, ordered, count, name).0
    }

    /// [`NameSearch::rows`] with the score of each, in the same order (highest first).
    pub fn scored_rows<'a>(
        &mut self,
        query: &str,
        ordered: &[usize],
        count: usize,
        name: impl Fn(usize) -> &'a str,
    ) -> (&[usize], &[u32]) {
        self.prepare(count, &name);
        // Back to the longest earlier step this query extends.
        while self.steps.last().is_some_and(|step| !narrows(&step.query, query)) {
            self.steps.pop();
        }
        if let Some(names) = &mut self.names
            && self.steps.last().is_none_or(|step| step.query != query)
        {
            // An ASCII query folds accents, so the folded names match it exactly as the
            // originals would; a query with accents of its own must see them.
            let folded = query.is_ascii();
            names.prepare(folded, (0..count).map(&name));
            let candidates = match self.steps.last() {
                Some(step) => Candidates::Matched(&step.matched),
                None => Candidates::Listed,
            };
            let how = How { folded, strict: self.strict };
            let step = search(
                query,
                how,
                ordered,
                candidates,
                names,
                &mut self.matcher,
                &mut self.scratch,
            );
            self.steps.push(step);
        }
        self.steps.last().map_or((&[], &[]), |step| (&step.rows, &step.scores))
    }
}

/// One search: a query, its matches in book order, and the same ranked best first.
#[derive(Debug, Clone)]
struct SearchStep {
    query: String,
    matched: Vec<usize>,
    rows: Vec<usize>,
    /// The score of each of `rows`.
    scores: Vec<u32>,
}

/// The rows a search looks at.
#[derive(Clone, Copy)]
enum Candidates<'a> {
    /// Every row of the list.
    Listed,
    /// The matches of a shorter query, in book order.
    Matched(&'a [usize]),
}

/// Buffers indexed by row, kept between keystrokes and left cleared after each search.
#[derive(Debug, Default)]
struct Scratch {
    /// The score of each row that matched the search under way.
    scores: Vec<Option<u32>>,
    /// Whether each row is in the list.
    listed: Vec<bool>,
}

/// How a search reads the names: through their folded forms (an ASCII query), and whether
/// only strong matches count ([`NameSearch::strict`]).
#[derive(Debug, Clone, Copy)]
struct How {
    folded: bool,
    strict: bool,
}

/// Whether every match of `longer` is a match of `shorter`: `longer` only adds letters or digits
/// to it (other characters, such as `!` or a space, can change what the pattern means).
fn narrows(shorter: &str, longer: &str) -> bool {
    longer.strip_prefix(shorter).is_some_and(|added| added.chars().all(char::is_alphanumeric))
}

/// The rows among `candidates` whose name matches `query`: matched in book order, then ranked
/// best first with ties in the order of `ordered`.
fn search(
    query: &str,
    How { folded, strict }: How,
    ordered: &[usize],
    candidates: Candidates<'_>,
    names: &Names,
    matcher: &mut Matcher,
    scratch: &mut Scratch,
) -> SearchStep {
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let floor = if strict {
        let itself = nucleo_matcher::Utf32String::from(query);
        pattern.score(itself.slice(..), matcher).unwrap_or(0).saturating_mul(2) / 3
    } else {
        0
    };
    let Scratch { scores, listed } = scratch;
    scores.resize(names.len(), None);
    let mut matched = Vec::new();
    let mut try_row = |row: usize| {
        let score = names
            .get(row, folded)
            .and_then(|name| pattern.score(name, matcher))
            .filter(|&score| score >= floor);
        if let (Some(score), Some(slot)) = (score, scores.get_mut(row)) {
            *slot = Some(score);
            matched.push(row);
        }
    };
    match candidates {
        Candidates::Matched(previous) => previous.iter().copied().for_each(&mut try_row),
        Candidates::Listed => {
            listed.resize(names.len(), false);
            for &row in ordered {
                if let Some(slot) = listed.get_mut(row) {
                    *slot = true;
                }
            }
            for (row, is_listed) in listed.iter_mut().enumerate() {
                if std::mem::take(is_listed) {
                    try_row(row);
                }
            }
        }
    }
    let scored: Vec<(u32, usize)> = ordered
        .iter()
        .filter_map(|&row| scores.get(row).copied().flatten().map(|score| (score, row)))
        .collect();
    for &row in &matched {
        scores[row] = None;
    }
    let (rows, scores) = rank(&scored);
    SearchStep { query: query.to_owned(), rows, scores, matched }
}

/// The rows of `scored` (in list order), highest score first and ties in list order, with
/// their scores.
///
/// Scores of one query span a few hundred values at most, so a counting sort places tens of
/// thousands of matches in two passes; a comparison sort is kept for a spread wider than that.
fn rank(scored: &[(u32, usize)]) -> (Vec<usize>, Vec<u32>) {
    let (Some(low), Some(high)) =
        (scored.iter().map(|s| s.0).min(), scored.iter().map(|s| s.0).max())
    else {
        return (Vec::new(), Vec::new());
    };
    let spread = usize::try_from(high - low).unwrap_or(usize::MAX);
    if spread > scored.len().max(1024) {
        let mut sorted = scored.to_vec();
        sorted.sort_by_key(|&(score, _)| std::cmp::Reverse(score));
        return sorted.into_iter().map(|(score, i)| (i, score)).unzip();
    }
    // Start of each score's run in the output, best score first.
    let slot = |score: u32| usize::try_from(high - score).unwrap_or_default();
    let mut starts = vec![0usize; spread + 1];
    for &(score, _) in scored {
        starts[slot(score)] += 1;
    }
    let mut next = 0;
    for start in &mut starts {
        (*start, next) = (next, next + *start);
    }
    let mut rows = vec![0; scored.len()];
    let mut scores = vec![0; scored.len()];
    for &(score, i) in scored {
        let start = &mut starts[slot(score)];
        rows[*start] = i;
        scores[*start] = score;
        *start += 1;
    }
    (rows, scores)
}

/// Every name of the book, as the matcher reads it.
///
/// Each name has an ASCII form when it has one: its own bytes, or its letters with accents
/// folded. Those are what an ASCII query reads, in one shared buffer, so a search reads a few
/// megabytes in order instead of a hundred thousand small allocations. The characters of the
/// other names, as the matcher splits them, are gathered only when a search needs them: for a
/// query with accents, or when some name has no ASCII form.
struct Names {
    ascii: Vec<u8>,
    /// Per name, its ASCII form in `ascii`.
    forms: Vec<Form>,
    /// Whether some name has no ASCII form.
    unfoldable: bool,
    /// The characters of every name that is not plain ASCII, once needed.
    chars: Option<CharNames>,
}

/// What a name has in [`Names`]' ASCII buffer.
#[derive(Debug, Clone, Copy)]
enum Form {
    /// A plain ASCII name: its own bytes.
    Plain(Span),
    /// A name with accented letters: the same with the accents folded.
    Folded(Span),
    /// A name with characters that have no ASCII letter the matcher folds them to.
    Unicode,
}

/// The characters of names that are not plain ASCII, end to end.
struct CharNames {
    chars: Vec<char>,
    /// Per name, its characters in `chars` (empty for a plain ASCII name).
    spans: Vec<Span>,
}

/// Where one form of a name is in its buffer.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: usize,
    end: usize,
}

impl Names {
    fn new<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> Self {
        let n = names.len();
        let mut index = Self {
            ascii: Vec::with_capacity(n * 32),
            forms: Vec::with_capacity(n),
            unfoldable: false,
            chars: None,
        };
        for name in names {
            let form = index.push(name);
            index.unfoldable |= matches!(form, Form::Unicode);
            index.forms.push(form);
        }
        index
    }

    fn push(&mut self, name: &str) -> Form {
        let start = self.ascii.len();
        if name.is_ascii() {
            self.ascii.extend_from_slice(name.as_bytes());
            return Form::Plain(Span { start, end: self.ascii.len() });
        }
        let folded = if name.chars().all(is_own_grapheme) {
            name.chars().try_for_each(|c| fold(c).map(|b| self.ascii.push(b)))
        } else {
            chars::graphemes(name).try_for_each(|c| fold(c).map(|b| self.ascii.push(b)))
        };
        if folded.is_some() {
            Form::Folded(Span { start, end: self.ascii.len() })
        } else {
            self.ascii.truncate(start);
            Form::Unicode
        }
    }

    fn len(&self) -> usize {
        self.forms.len()
    }

    /// Gathers the characters a search with or without (`folded`) folding will read.
    fn prepare<'a>(&mut self, folded: bool, names: impl Iterator<Item = &'a str>) {
        if self.chars.is_none() && (!folded || self.unfoldable) {
            self.chars = Some(CharNames::new(names));
        }
    }

    /// Name `i` for the matcher: its ASCII form when it has one and `folded` allows it (a plain
    /// ASCII name always), else its characters (gathered by `prepare`).
    fn get(&self, i: usize, folded: bool) -> Option<Utf32Str<'_>> {
        match *self.forms.get(i)? {
            Form::Plain(span) => Some(Utf32Str::Ascii(self.ascii.get(span.start..span.end)?)),
            Form::Folded(span) if folded => {
                Some(Utf32Str::Ascii(self.ascii.get(span.start..span.end)?))
            }
            Form::Folded(_) | Form::Unicode => {
                let chars = self.chars.as_ref()?;
                let span = chars.spans.get(i)?;
                Some(Utf32Str::Unicode(chars.chars.get(span.start..span.end)?))
            }
        }
    }
}

impl CharNames {
    fn new<'a>(names: impl Iterator<Item = &'a str>) -> Self {
        let mut index = Self { chars: Vec::new(), spans: Vec::new() };
        for name in names {
            let start = index.chars.len();
            if name.is_ascii() {
                // Read through its ASCII form.
            } else if name.chars().all(is_own_grapheme) {
                index.chars.extend(name.chars());
            } else {
                index.chars.extend(chars::graphemes(name));
            }
            index.spans.push(Span { start, end: index.chars.len() });
        }
        index
    }
}

/// Whether `c` is a grapheme of its own in any text: printable ASCII and the Latin-1 and Latin
/// Extended letters (no combining marks, no line breaks), so a name made of these needs no
/// grapheme segmentation, the costly part of preparing a name.
fn is_own_grapheme(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{A0}'..='\u{24F}')
}

/// The ASCII letter the matcher compares `c` as when it folds accents (`é` as `e`, `Ö` as `O`),
/// if `c` is ASCII or such a letter and the letter keeps its case: the matcher's bonuses depend
/// on the case of the original, so a folded name scores exactly as the original.
fn fold(c: char) -> Option<u8> {
    if c.is_ascii() {
        return u8::try_from(c).ok();
    }
    let plain = u8::try_from(chars::normalize(c)).ok().filter(u8::is_ascii_alphabetic)?;
    if c.is_lowercase() {
        Some(plain.to_ascii_lowercase())
    } else if chars::is_upper_case(c) {
        Some(plain.to_ascii_uppercase())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nucleo_matcher::Utf32String;

    const NAMES: &[&str] = &[
        "Société Lumière",
        "Zöllner Shipping Malmö",
        "Château Vert Insurance Dublin",
        "Brückner Studios Genève",
        "Harbor Logistics",
        "ÅSA Ærø Straße",
        "Cafe\u{301} Noir",
        "Ωmega Ltd",
        "İstanbul Dış Ticaret",
        "plain ascii name",
        "",
    ];

    /// The score the matcher gives the name as it was always given: converted whole.
    fn reference(query: &str, name: &str) -> Option<u32> {
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        pattern.score(Utf32String::from(name).slice(..), &mut Matcher::default())
    }

    #[test]
    fn folded_names_score_as_the_originals() {
        let mut names = Names::new(NAMES.iter().copied());
        let mut matcher = Matcher::default();
        for query in [
            "societe",
            "soc",
            "lumiere",
            "malmo",
            "zoll",
            "a",
            "s",
            "o",
            "e",
            "strasse",
            "istanbul",
            "dis",
            "cafe",
            "cafe noir",
            "société",
            "malmö",
            "Ω",
            "ae",
            "SA",
            "gen",
            "!har",
        ] {
            let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
            names.prepare(query.is_ascii(), NAMES.iter().copied());
            for (i, name) in NAMES.iter().enumerate() {
                let haystack = names.get(i, query.is_ascii()).unwrap();
                let score = pattern.score(haystack, &mut matcher);
                assert_eq!(score, reference(query, name), "{query:?} in {name:?}");
            }
        }
    }

    #[test]
    fn accents_fold_only_where_the_matcher_folds_them() {
        let names = Names::new(NAMES.iter().copied());
        let ascii = |i: usize| match names.forms[i] {
            Form::Plain(s) | Form::Folded(s) => Some(names.ascii[s.start..s.end].to_vec()),
            Form::Unicode => None,
        };
        assert_eq!(ascii(0).as_deref(), Some(&b"Societe Lumiere"[..]));
        assert_eq!(ascii(4).as_deref(), Some(&b"Harbor Logistics"[..]));
        assert_eq!(ascii(7), None, "omega has no ASCII letter");
        assert_eq!(
            ascii(6).as_deref(),
            Some(&b"Cafe Noir"[..]),
            "the matcher drops combining marks"
        );
        assert_eq!(ascii(8), None, "a dotted capital I is not a capital of the matcher's");
    }

    #[test]
    fn an_accented_query_after_plain_ones_sees_the_accents() {
        let names = ["Societe Generale", "Société Lumière", "Soci Ltd"];
        let name = |i: usize| names[i];
        let mut search = NameSearch::default();
        let ordered = [2, 1, 0];
        assert_eq!(search.rows("soc", &ordered, 3, name).len(), 3);
        assert_eq!(search.rows("societe", &ordered, 3, name), [1, 0]);
        assert_eq!(search.rows("société", &ordered, 3, name), [1]);
        assert_eq!(search.rows("soc", &ordered, 3, name).len(), 3, "erasing goes back");
    }

    #[test]
    fn ranking_is_by_score_then_list_order() {
        let scored = [(5, 10), (9, 11), (5, 12), (7, 13), (9, 14)];
        assert_eq!(rank(&scored), (vec![11, 14, 13, 10, 12], vec![9, 9, 7, 5, 5]));
        let spread = [(1, 0), (100_000, 1), (1, 2), (50_000, 3)];
        assert_eq!(rank(&spread).0, [1, 3, 0, 2]);
        assert!(rank(&[]).0.is_empty());
    }

    #[test]
    fn a_query_narrows_its_prefix_only_by_letters_and_digits() {
        assert!(narrows("ha", "har"));
        assert!(narrows("ha", "ha2"));
        assert!(!narrows("ha", "ha "));
        assert!(!narrows("ha", "h"));
        assert!(!narrows("ha", "ha!"));
    }
}
