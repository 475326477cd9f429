//! The store's statements name their parameters `?N`, which SQLite reads; PostgreSQL wants `$N`.
//! This module rewrites one into the other, outside string literals, quoted identifiers and
//! comments, and remembers each statement's rewrite so a statement run a million times is
//! rewritten once. It only rewrites text: it neither checks nor runs SQL.
//!
//! Why not share `$N` instead: SQLite reads `$N` as a *named* parameter, numbered by first
//! appearance, so a statement naming `$2` before `$1` would silently swap its values there.

// The PostgreSQL backend is the next step; until then only the tests call this.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

/// How many rewritten statements the cache keeps: the store's statements are a few hundred;
/// past this (statements built with varying text) it starts over rather than grow without end.
const CACHE_LIMIT: usize = 4096;

static CACHE: LazyLock<Mutex<HashMap<Box<str>, Arc<str>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The PostgreSQL text of a statement written with `?N` placeholders, rewritten once per text.
pub(super) fn postgres_sql(sql: &str) -> Arc<str> {
    // A poisoned cache only means another thread panicked mid-insert; the map is still sound.
    let mut cache = CACHE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(done) = cache.get(sql) {
        return Arc::clone(done);
    }
    if cache.len() >= CACHE_LIMIT {
        cache.clear();
    }
    let done: Arc<str> = Arc::from(dollar_placeholders(sql));
    cache.insert(Box::from(sql), Arc::clone(&done));
    done
}

/// Rewrites every `?N` (N one or more digits) into `$N`. A `?` inside a string literal
/// (`'…'`), a quoted identifier (`"…"`), a line comment (`-- …`) or a block comment (`/* … */`)
/// is left as it is, and so is a `?` not followed by a digit.
pub(super) fn dollar_placeholders(sql: &str) -> String {
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    // Start of the text not yet copied: only ASCII bytes are ever replaced, so every cut falls
    // on a character boundary.
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'\'' | b'"') => {
                // A doubled quote inside ends the literal and opens the next one at once,
                // which reads the same.
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += 1;
                }
                i += 1;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i += 2;
            }
            b'?' if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                out.push_str(&sql[copied..i]);
                out.push('$');
                i += 1;
                copied = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&sql[copied.min(sql.len())..]);
    out
}

#[cfg(test)]
mod tests {
    use super::{dollar_placeholders, postgres_sql};

    #[test]
    fn numbered_placeholders_become_dollars() {
        assert_eq!(
            dollar_placeholders("UPDATE t SET a = ?2 WHERE id = ?1 AND v = ?10"),
            "UPDATE t SET a = $2 WHERE id = $1 AND v = $10"
        );
        assert_eq!(dollar_placeholders("VALUES (?1,?2)"), "VALUES ($1,$2)");
        assert_eq!(dollar_placeholders("SELECT 1"), "SELECT 1");
        assert_eq!(dollar_placeholders(""), "");
    }

    #[test]
    fn literals_identifiers_and_comments_keep_their_question_marks() {
        assert_eq!(
            dollar_placeholders("SELECT '?1', 'it''s ?2', \"odd?3\" FROM t WHERE a = ?4"),
            "SELECT '?1', 'it''s ?2', \"odd?3\" FROM t WHERE a = $4"
        );
        assert_eq!(
            dollar_placeholders("SELECT ?1 -- not ?2\n, ?3 /* nor ?4 */ , ?5"),
            "SELECT $1 -- not ?2\n, $3 /* nor ?4 */ , $5"
        );
    }

    #[test]
    fn a_bare_question_mark_and_unfinished_text_are_left_alone() {
        assert_eq!(dollar_placeholders("SELECT a ? b, ?"), "SELECT a ? b, ?");
        assert_eq!(dollar_placeholders("SELECT ?1, 'open ?2"), "SELECT $1, 'open ?2");
        assert_eq!(dollar_placeholders("SELECT ?1 /* open ?2"), "SELECT $1 /* open ?2");
        assert_eq!(dollar_placeholders("SELECT 'é' || ?1 -- ü"), "SELECT 'é' || $1 -- ü");
    }

    #[test]
    fn a_statement_is_rewritten_once_and_served_from_the_cache() {
        let sql = "SELECT x FROM cached_test WHERE y = ?1";
        let first = postgres_sql(sql);
        let second = postgres_sql(sql);
        assert_eq!(&*first, "SELECT x FROM cached_test WHERE y = $1");
        assert!(std::sync::Arc::ptr_eq(&first, &second));
    }
}
