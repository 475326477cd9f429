//! Text hygiene shared by every output: what may reach a terminal, and how names are compared.

use std::borrow::Cow;

/// True for characters that must never reach a terminal or an export: C0 and C1 controls, DEL,
/// bidi marks, overrides and isolates, zero-width and invisible characters, line and paragraph
/// separators, and the byte-order mark.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' // Arabic letter mark: a bidi mark like LRM/RLM
            | '\u{180E}' // Mongolian vowel separator, zero-width in older Unicode
            | '\u{200B}'..='\u{200F}' // zero-width space/joiners, LRM/RLM
            | '\u{2028}' | '\u{2029}' // line and paragraph separators: line breaks in disguise
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner and invisible operators
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{FEFF}') // byte-order mark / zero-width no-break space
}

/// Text as it may be shown in a terminal or written to a text export (the text report, a CSV or
/// Markdown file).
///
/// Tabs and line breaks become spaces (a one-line field must stay one line); every other unsafe
/// character is dropped. The stored text is untouched: only what is displayed is cleaned, so the
/// common case of clean text costs no allocation.
#[must_use]
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => Some(' '),
                c if is_unsafe(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// The key under which names are compared: trimmed and case-folded.
#[must_use]
pub fn fold_key(name: &str) -> String {
    name.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(terminal_safe("Société Générale"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_bidi_and_zero_width_are_removed() {
        let hostile = "Evil\x1b[31mRED\x1b]0;title\x07\u{9b}2J\rCR\tTAB\u{202e}RLO\u{200b}ZW end";
        let shown = terminal_safe(hostile);
        assert_eq!(shown, "Evil[31mRED]0;title2J CR TABRLOZW end");
        assert!(!shown.chars().any(is_unsafe));
    }

    #[test]
    fn every_invisible_and_bidi_character_is_removed() {
        let marks =
            "a\u{061C}b\u{180E}c\u{200D}d\u{2061}e\u{2064}f\u{2066}g\u{2069}h\u{FEFF}i\u{85}j";
        assert_eq!(terminal_safe(marks), "abcdefghij");
        assert_eq!(terminal_safe("one\u{2028}two\u{2029}three\r\nfour"), "one two three  four");
        // Visible punctuation and letters of every script stay.
        assert_eq!(terminal_safe("«Ünïcødé» — 東京 עברית"), "«Ünïcødé» — 東京 עברית");
    }

    #[test]
    fn fold_key_trims_and_lowercases() {
        assert_eq!(fold_key("  Dashboards "), "dashboards");
        assert_eq!(fold_key("ÉXPORT"), "éxport");
    }
}
