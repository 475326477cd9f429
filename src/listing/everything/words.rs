//! The words of every record, for the search over everything: each distinct word, folded (lower
//! case, accents off), with the records that hold it in their title, in their other short fields
//! and in their long field, as compressed sets of record numbers. A word of a query is looked up
//! by its start in the sorted words, and, from three letters on, fuzzily among the words that
//! begin with its first letter; so a keystroke reads a few thousand words and sets, never every
//! record, and letters scattered over a sentence match nothing.
//!
//! Plain data built once: it must not read the store, and knows records only by their number.

use std::collections::HashMap;

use nucleo_matcher::{Matcher, Utf32Str};
use roaring::{MultiOps, RoaringBitmap};

/// Which field of a record a word is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The field that names the record (an account's or contact's name, a todo's title…).
    Title,
    /// The other short fields (a contact's title and email, a goal's metric…).
    Other,
    /// A long field (a note's body, a todo's notes): searched by whole words of three letters
    /// or more.
    Long,
}

/// How well a record matches one word of a query, best first: the ranking of the search.
pub const TIERS: usize = 5;
/// A word of its title is the query's word.
const TITLE_WORD: usize = 0;
/// A word of its title starts with it.
const TITLE_START: usize = 1;
/// A word of another short field is it or starts with it.
const OTHER_START: usize = 2;
/// A word of a short field holds its letters in order, closely enough (a typo, a shorthand).
const FUZZY: usize = 3;
/// A word of its long field is it or starts with it.
const LONG_START: usize = 4;

/// The shortest query word looked for in long fields, or fuzzily: shorter ones are in almost
/// every note, and their letters in almost every word.
pub const WORD_MIN: usize = 3;

/// The records holding one word, by field.
#[derive(Debug, Default)]
struct Holders {
    title: RoaringBitmap,
    other: RoaringBitmap,
    long: RoaringBitmap,
}

impl Holders {
    fn of(&mut self, field: Field) -> &mut RoaringBitmap {
        match field {
            Field::Title => &mut self.title,
            Field::Other => &mut self.other,
            Field::Long => &mut self.long,
        }
    }
}

impl Field {
    const fn slot(self) -> usize {
        match self {
            Self::Title => 0,
            Self::Other => 1,
            Self::Long => 2,
        }
    }
}

/// Every word of the book's records, sorted, with the records holding each.
#[derive(Debug, Default)]
pub struct Words {
    words: Vec<Box<str>>,
    holders: Vec<Holders>,
}

/// Gathers the words of records given in increasing number.
#[derive(Debug, Default)]
pub struct WordsBuilder {
    ids: HashMap<Box<str>, usize, foldhash::fast::RandomState>,
    holders: Vec<Holders>,
    /// The record each word was last added for, by field: a word seen again in the same
    /// record's field is not added twice.
    last: Vec<[Option<u32>; 3]>,
    word: String,
}

impl WordsBuilder {
    /// Adds the words of `text`, a `field` of record `record` (records come in increasing
    /// number; a record's fields in any order).
    pub fn add(&mut self, record: u32, field: Field, text: &str) {
        let Self { ids, holders, last, word } = self;
        for_each_word(text, word, |w| {
            // A long field is searched by words of three letters or more only.
            if field == Field::Long && (w.len() < WORD_MIN || w.chars().count() < WORD_MIN) {
                return;
            }
            let id = match ids.get(w) {
                Some(&id) => id,
                None => {
                    ids.insert(w.into(), holders.len());
                    holders.push(Holders::default());
                    last.push([None; 3]);
                    holders.len() - 1
                }
            };
            let seen = last.get_mut(id).and_then(|l| l.get_mut(field.slot()));
            if let (Some(seen), Some(holder)) = (seen, holders.get_mut(id))
                && *seen != Some(record)
            {
                // Records come in order, so this lands at the end of the set (an insert: the
                // set's own push looks for its largest member, which costs a dense set much).
                *seen = Some(record);
                holder.of(field).insert(record);
            }
        });
    }

    /// The words, sorted.
    #[must_use]
    pub fn build(self) -> Words {
        let mut words: Vec<(Box<str>, usize)> = self.ids.into_iter().collect();
        words.sort_unstable();
        let mut holders: Vec<Option<Holders>> = self.holders.into_iter().map(Some).collect();
        let (words, holders) = words
            .into_iter()
            .map(|(w, id)| (w, holders.get_mut(id).and_then(Option::take).unwrap_or_default()))
            .unzip();
        Words { words, holders }
    }
}

/// The words of `text` as the search reads them, one after another in `word` (a buffer kept
/// between calls): runs of letters and digits, folded.
fn for_each_word(text: &str, word: &mut String, mut each: impl FnMut(&str)) {
    word.clear();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            word.extend(nucleo_matcher::chars::normalize(c).to_lowercase());
        } else if !word.is_empty() {
            each(word);
            word.clear();
        }
    }
    if !word.is_empty() {
        each(word);
        word.clear();
    }
}

/// The most words of a query that are looked up: a whole note pasted into the search would
/// otherwise cost a lookup per word on every keystroke.
pub const QUERY_WORDS: usize = 12;

/// The words of a query, folded, each once, in order; the first [`QUERY_WORDS`] of them.
#[must_use]
pub fn query_words(query: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for_each_word(query, &mut word, |w| {
        if words.len() < QUERY_WORDS && !words.iter().any(|known| known == w) {
            words.push(w.to_owned());
        }
    });
    words
}

/// The records matching one word of a query at each tier or better: `at[t]` holds every record
/// whose best tier for the word is `t` or lower.
#[derive(Debug, Clone, Default)]
pub struct Matches {
    pub at: [RoaringBitmap; TIERS],
}

/// The looking up of query words, with what earlier keystrokes found: each word's matches, and
/// the words each fuzzy search found, which a longer word narrows.
#[derive(Debug, Default)]
pub struct Lookups {
    matches: HashMap<String, Matches>,
    fuzzy: Vec<(String, Vec<usize>)>,
    matcher: Matcher,
}

/// How many query words' matches are kept between keystrokes (every start of a word typed is
/// one; on a large book a short word's sets are a megabyte or more).
const KEPT: usize = 32;

impl Lookups {
    /// Forgets what earlier keystrokes found: the query was cleared.
    pub fn forget(&mut self) {
        self.matches.clear();
        self.fuzzy.clear();
    }

    /// The matches of query word `word` (folded).
    pub fn matches(&mut self, words: &Words, word: &str) -> &Matches {
        if !self.matches.contains_key(word) {
            if self.matches.len() >= KEPT {
                self.matches.clear();
            }
            let fuzzy = self.fuzzy_words(words, word);
            let found = words.matches(word, &fuzzy);
            self.matches.insert(word.to_owned(), found);
        }
        &self.matches[word]
    }

    /// The words (by position) that hold `word`'s letters in order, closely enough, among those
    /// that begin with its first letter but not with it; none for a word under [`WORD_MIN`].
    fn fuzzy_words(&mut self, words: &Words, word: &str) -> Vec<usize> {
        if word.chars().count() < WORD_MIN {
            return Vec::new();
        }
        // Letters in order in a word are in order for every shorter start of the query too:
        // the longest earlier step this word extends holds every candidate.
        while self.fuzzy.last().is_some_and(|(q, _)| !word.starts_with(q.as_str())) {
            self.fuzzy.pop();
        }
        let first = word.chars().next().map(String::from).unwrap_or_default();
        let candidates: Vec<usize> = match self.fuzzy.last() {
            Some((q, found)) if q == word => found.clone(),
            Some((_, found)) => found.clone(),
            None => words.starting(&first).collect(),
        };
        let mut needle_chars = Vec::new();
        let needle = Utf32Str::new(word, &mut needle_chars);
        let mut haystack_chars = Vec::new();
        let matcher = &mut self.matcher;
        let in_order: Vec<usize> = candidates
            .into_iter()
            .filter(|&i| {
                words.word(i).is_some_and(|w| {
                    matcher.fuzzy_match(Utf32Str::new(w, &mut haystack_chars), needle).is_some()
                })
            })
            .collect();
        if self.fuzzy.last().is_none_or(|(q, _)| q != word) {
            self.fuzzy.push((word.to_owned(), in_order.clone()));
        }
        // Only close matches count: at least two thirds of what the word scores against itself
        // (letters strewn over a long word say nothing), and not those that start with it
        // (already matched, better).
        let floor = u32::from(matcher.fuzzy_match(needle, needle).unwrap_or(0)) * 2 / 3;
        in_order
            .into_iter()
            .filter(|&i| {
                words.word(i).is_some_and(|w| {
                    !w.starts_with(word)
                        && matcher
                            .fuzzy_match(Utf32Str::new(w, &mut haystack_chars), needle)
                            .is_some_and(|score| u32::from(score) >= floor)
                })
            })
            .collect()
    }
}

impl Words {
    /// How many distinct words there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.words.len()
    }

    fn word(&self, i: usize) -> Option<&str> {
        self.words.get(i).map(AsRef::as_ref)
    }

    /// The positions of the words that start with `start`.
    fn starting(&self, start: &str) -> std::ops::Range<usize> {
        let from = self.words.partition_point(|w| w.as_ref() < start);
        let to = from + self.words[from..].partition_point(|w| w.starts_with(start));
        from..to
    }

    /// The records matching query word `word` at each tier, `fuzzy` being the words that hold
    /// its letters closely enough.
    fn matches(&self, word: &str, fuzzy: &[usize]) -> Matches {
        let starting = self.starting(word);
        let holders = &self.holders[starting.clone()];
        let mut tiers: [RoaringBitmap; TIERS] = Default::default();
        if self.word(starting.start) == Some(word) {
            tiers[TITLE_WORD] = self.holders[starting.start].title.clone();
        }
        tiers[TITLE_START] = holders.iter().map(|h| &h.title).union();
        tiers[OTHER_START] = holders.iter().map(|h| &h.other).union();
        tiers[FUZZY] = fuzzy
            .iter()
            .filter_map(|&i| self.holders.get(i))
            .flat_map(|h| [&h.title, &h.other])
            .union();
        if word.chars().count() >= WORD_MIN {
            tiers[LONG_START] = holders.iter().map(|h| &h.long).union();
        }
        // Each tier takes in the better ones: `at[t]` is every record matching at `t` or better.
        for t in 1..TIERS {
            let (better, rest) = tiers.split_at_mut(t);
            if let (Some(previous), Some(this)) = (better.last(), rest.first_mut()) {
                *this |= previous;
            }
        }
        Matches { at: tiers }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(records: &[(&str, &str, &str)]) -> Words {
        let mut builder = WordsBuilder::default();
        for (n, (title, other, long)) in records.iter().enumerate() {
            let n = u32::try_from(n).unwrap();
            builder.add(n, Field::Title, title);
            builder.add(n, Field::Other, other);
            builder.add(n, Field::Long, long);
        }
        builder.build()
    }

    fn at(matches: &Matches, tier: usize) -> Vec<u32> {
        matches.at[tier].iter().collect()
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_folded() {
        assert_eq!(
            query_words("  Élodie.MARCHAND@lumière.fr 3-year élodie"),
            ["elodie", "marchand", "lumiere", "fr", "3", "year"]
        );
        assert!(query_words(" -- ").is_empty());
        // A pasted page: its first words only.
        let page: String = (0..5_000).map(|n| format!("word{n} ")).collect();
        let words = query_words(&page);
        assert_eq!(words.len(), QUERY_WORDS);
        assert_eq!(words.last().map(String::as_str), Some("word11"));
    }

    #[test]
    fn a_word_matches_whole_then_by_its_start_then_in_other_fields_then_fuzzily_then_in_notes() {
        let words = words(&[
            ("Renewal call", "", ""),                 // 0: title word whole
            ("Renewals desk", "", ""),                // 1: a title word starts with it
            ("Quote", "renewal@acme.io", ""),         // 2: another field
            ("Renwal typo", "", ""),                  // 3: close letters
            ("Plan", "", "talked about the renewal"), // 4: a note
            ("Rain on the window all day", "", ""),   // 5: r…e…n…e…w…a…l strewn: none
        ]);
        let mut lookups = Lookups::default();
        let found = lookups.matches(&words, "renewal");
        assert_eq!(at(found, TITLE_WORD), [0]);
        assert_eq!(at(found, TITLE_START), [0, 1]);
        assert_eq!(at(found, OTHER_START), [0, 1, 2]);
        // "renwal" lacks an e: "renewal" is not in it in order. A query with the typo finds
        // "renewal" fuzzily the other way round.
        assert_eq!(at(found, FUZZY), [0, 1, 2]);
        assert_eq!(at(found, LONG_START), [0, 1, 2, 4]);
        let typo = lookups.matches(&words, "renwl");
        assert_eq!(at(typo, FUZZY), [0, 1, 2, 3]);
        assert_eq!(at(typo, LONG_START), [0, 1, 2, 3], "notes are matched by whole words only");
    }

    #[test]
    fn short_words_match_by_their_start_only_and_never_in_notes() {
        let words = words(&[("CFO", "", ""), ("Chase the countersigned order form", "", "cfo")]);
        let mut lookups = Lookups::default();
        assert_eq!(at(lookups.matches(&words, "cf"), LONG_START), [0]);
        assert_eq!(at(lookups.matches(&words, "cfo"), FUZZY), [0]);
        assert_eq!(at(lookups.matches(&words, "cfo"), LONG_START), [0, 1]);
    }

    #[test]
    fn narrowing_a_fuzzy_word_finds_what_a_fresh_lookup_finds() {
        let words = words(&[
            ("Procurement lead", "", ""),
            ("Product review", "", ""),
            ("Project plan", "", ""),
            ("Procedure", "", ""),
        ]);
        let mut typed = Lookups::default();
        for end in 1..="procurment".len() {
            let word = &"procurment"[..end];
            let mut fresh = Lookups::default();
            assert_eq!(typed.matches(&words, word).at, fresh.matches(&words, word).at, "{word:?}");
        }
    }
}
