//! The key an account's external id is matched under (SPEC 7, "References"): Salesforce gives
//! one record a 15-character id and an 18-character one, and both must find the same account,
//! whether an import matches a row or a person types an id on the command line.
//!
//! Pure string work on one id; it must not parse cells nor know where an id came from.

/// The suffix alphabet of 18-character Salesforce ids: a 5-bit value per character.
const CHECKSUM_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/// The key under which an external id is matched. Salesforce gives one record a 15-character id
/// (reports, case-sensitive) and an 18-character one (API, the 15 plus a checksum of their
/// capitals), so a cell that looks like a Salesforce id (15 or 18 ASCII letters and digits, with
/// a suffix from the checksum alphabet) is keyed by its 15-character id; any other id is itself,
/// trimmed.
///
/// For an 18-character id whose suffix does not match the capitals of its first 15 (a tool
/// upper- or lower-cased it: the API says 18-character ids compare case-insensitively), the
/// capitals are restored from the suffix when the 15 are all in one case; otherwise the 15 are
/// taken as written.
#[must_use]
pub fn salesforce_id_key(s: &str) -> String {
    let id = s.trim();
    if !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return id.to_owned();
    }
    match (id.len(), id.get(..15), id.get(15..)) {
        (18, Some(head), Some(suffix)) => eighteen_to_fifteen(head, suffix),
        _ => None,
    }
    .unwrap_or_else(|| id.to_owned())
}

/// The 15-character id an 18-character one stands for, or `None` when it is not one.
fn eighteen_to_fifteen(head: &str, suffix: &str) -> Option<String> {
    let bits: Vec<u8> = suffix.bytes().map(checksum_value).collect::<Option<_>>()?;
    if checksum(head).eq_ignore_ascii_case(suffix) {
        return Some(head.to_owned());
    }
    let letters = || head.bytes().filter(u8::is_ascii_alphabetic);
    let one_case =
        letters().all(|b| b.is_ascii_lowercase()) || letters().all(|b| b.is_ascii_uppercase());
    if one_case {
        return restore_capitals(head, &bits);
    }
    // A suffix that matches nothing: an id edited by hand, keyed by the 15 as written. All
    // digits cannot be that (a number of 18 digits is not a Salesforce id).
    letters().next().map(|_| head.to_owned())
}

fn checksum_value(b: u8) -> Option<u8> {
    let upper = b.to_ascii_uppercase();
    CHECKSUM_ALPHABET.iter().position(|&a| a == upper).and_then(|p| u8::try_from(p).ok())
}

/// The 3-character suffix of a 15-character id: for each chunk of 5, bit i set when character i
/// is a capital, as a character of the checksum alphabet.
fn checksum(head: &str) -> String {
    head.as_bytes()
        .chunks(5)
        .map(|chunk| {
            let value = chunk
                .iter()
                .enumerate()
                .filter(|(_, b)| b.is_ascii_uppercase())
                .fold(0, |acc, (i, _)| acc | (1 << i));
            char::from(CHECKSUM_ALPHABET[value])
        })
        .collect()
}

/// The 15 characters with capitals where the suffix's bits say; `None` when a bit falls on a
/// digit (then the suffix is not this id's checksum).
fn restore_capitals(head: &str, bits: &[u8]) -> Option<String> {
    head.bytes()
        .enumerate()
        .map(|(i, b)| {
            let capital = bits.get(i / 5)? & (1 << (i % 5)) != 0;
            match (capital, b.is_ascii_alphabetic()) {
                (true, false) => None,
                (true, true) => Some(char::from(b.to_ascii_uppercase())),
                (false, _) => Some(char::from(b.to_ascii_lowercase())),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_matches_the_published_vectors() {
        assert_eq!(checksum("0015g00000AbCdE"), "AAV");
        assert_eq!(checksum("0015g00000XyZw1"), "AAF");
        assert_eq!(checksum("0055g00000QrStU"), "AAV");
        assert_eq!(checksum("001A000001abcde"), "IAA");
    }

    #[test]
    fn salesforce_ids_of_15_and_18_characters_are_one_key() {
        let cases = [
            ("0015g00000AbCdE", "0015g00000AbCdE"),
            ("0015g00000AbCdEAAV", "0015g00000AbCdE"),
            ("0015g00000AbCdEaav", "0015g00000AbCdE"), // the suffix compares case-insensitively
            (" 0015g00000XyZw1AAF ", "0015g00000XyZw1"),
            ("0055g00000QrStUAAV", "0055g00000QrStU"),
            // Case lost by a tool: restored from the suffix.
            ("0015g00000abcdeaav", "0015g00000AbCdE"),
            ("0015G00000ABCDEAAV", "0015g00000AbCdE"),
            // A suffix that is not the checksum: the 15 as written.
            ("001A000001abcdeAAA", "001A000001abcde"),
            ("001A000001abcde", "001A000001abcde"),
            // Not Salesforce ids: unchanged.
            ("123456789012345678", "123456789012345678"), // 18 digits
            ("0015g00000AbCdE999", "0015g00000AbCdE999"), // 6-9 are not in the suffix alphabet
            ("0015g00000AbCdEAA", "0015g00000AbCdEAA"),   // 17 characters
            ("0015g-0000AbCdEAAV", "0015g-0000AbCdEAAV"),
            ("CUST-42", "CUST-42"),
            (" 42 ", "42"),
        ];
        for (text, expected) in cases {
            assert_eq!(salesforce_id_key(text), expected, "{text}");
        }
        // Two different 15-character ids that differ only in case stay two keys.
        assert_ne!(salesforce_id_key("0015g00000AbCdE"), salesforce_id_key("0015g00000abcde"));
    }
}
