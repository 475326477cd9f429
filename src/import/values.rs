//! The cell parsers of an import (SPEC 7, "Values" and "References"): each takes the text of one
//! cell and returns the value it means, or a short reason for a person that quotes the cell.
//! Pure functions only: this module must not touch the store, read files or know about columns;
//! the caller checks [`is_blank`] first (a blank cell is absent, not an error) and places the
//! reason on its line and column.

mod dates;
mod numbers;
mod refs;
mod words;

pub use dates::{DateOrder, DateOrderEvidence, parse_date, slashed_order_evidence};
pub use numbers::{
    Amount, Money, parse_amount, parse_count, parse_currency, parse_influence, parse_money,
    parse_nps_score, parse_probability, parse_probability_fraction, parse_sentiment,
};
pub use refs::{email_domain, normalize_domain, parse_domain};
pub use words::{
    opportunity_kind_from_type, opportunity_status_from, parse_advocacy, parse_bool,
    parse_interaction_kind, parse_opportunity_kind, parse_opportunity_status, parse_priority,
    parse_rating, parse_role, parse_segment,
};

use crate::domain::terminal_safe;

/// Quoted cells are cut to this many characters: a reason must stay one readable line.
const QUOTE_MAX_CHARS: usize = 40;

/// True when a whole cell means "absent": empty or whitespace, `null`, `N/A`, `-` (SPEC 7), and
/// Excel's `#N/A`, case-insensitive. `None` is not blank: it is a value of the advocacy
/// vocabulary; nor is `NaN`, a name (Nan Goldin) more often than a number. A part of a value is
/// not a cell: see `Cells::part`.
#[must_use]
pub fn is_blank(s: &str) -> bool {
    let text = s.trim();
    text.is_empty()
        || text == "-"
        || ["null", "n/a", "#n/a"].iter().any(|b| text.eq_ignore_ascii_case(b))
}

/// Text as it is stored: trimmed, otherwise as given. Display safety is applied where text is
/// shown, not here, so that JSON output can carry exactly what the file held.
#[must_use]
pub fn clean_text(s: &str) -> String {
    s.trim().to_owned()
}

/// The cell as a reason quotes it: trimmed, safe for a terminal, and cut with an ellipsis when
/// long, so that a hostile or huge cell cannot take over the message.
fn quoted(s: &str) -> String {
    let safe = terminal_safe(s.trim());
    if safe.chars().count() <= QUOTE_MAX_CHARS {
        return format!("“{safe}”");
    }
    let head: String = safe.chars().take(QUOTE_MAX_CHARS - 1).collect();
    format!("“{head}…”")
}

/// A value's key for matching a spelling: lower-case letters and digits only, so that
/// `Mid-Market`, `mid market` and `MID_MARKET` are one word.
fn word_key(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_cells_are_absent() {
        for blank in ["", "   ", "\t", "null", "NULL", "Null", "N/A", "n/a", "-", " - ", "#N/A"] {
            assert!(is_blank(blank), "{blank:?}");
        }
        for value in
            ["0", "--", "None", "none of them", "n", "NA/", "x", "NaN", "nan", "Nan Goldin"]
        {
            assert!(!is_blank(value), "{value:?}");
        }
    }

    #[test]
    fn text_is_trimmed_and_otherwise_kept() {
        assert_eq!(clean_text("  Acme, Inc.\t"), "Acme, Inc.");
        assert_eq!(clean_text("a\u{202e}b"), "a\u{202e}b");
    }

    #[test]
    fn quotes_are_short_and_safe() {
        assert_eq!(quoted(" 12/31/2026x "), "“12/31/2026x”");
        assert_eq!(quoted("a\u{1b}[31mb"), "“a[31mb”");
        let long = "x".repeat(100);
        let shown = quoted(&long);
        assert_eq!(shown, format!("“{}…”", "x".repeat(39)));
        assert_eq!(quoted(&"é".repeat(40)), format!("“{}”", "é".repeat(40)));
    }

    #[test]
    fn word_keys_ignore_case_and_punctuation() {
        assert_eq!(word_key("Mid-Market"), "midmarket");
        assert_eq!(word_key(" SELF_serve "), "selfserve");
        assert_eq!(word_key("Add-On"), "addon");
    }
}
