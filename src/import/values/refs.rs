//! The keys references are matched on (SPEC 7, "References"): web domains and Salesforce ids.

/// The domain of a website or domain cell: scheme, user, `www.`, port, path, query and a final
/// dot removed, lower-cased (`https://www.Acme.com/about` is `acme.com`). `None` when what is
/// left is not a host name with a dot (`localhost`, `n/a`, `acme .com`).
#[must_use]
pub fn normalize_domain(s: &str) -> Option<String> {
    let text = s.trim();
    let without_scheme = text.split_once("://").map_or(text, |(_, rest)| rest);
    let authority = without_scheme.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let host = host.split_once(':').map_or(host, |(name, _port)| name);
    let host = host.trim_end_matches('.').to_lowercase();
    let host = host.strip_prefix("www.").map_or(host.as_str(), |h| h).to_owned();
    is_host_name(&host).then_some(host)
}

/// A domain cell as stored ([`normalize_domain`]), or a reason that quotes the cell safely.
///
/// # Errors
/// What is left is not a host name.
pub fn parse_domain(s: &str) -> Result<String, String> {
    normalize_domain(s).ok_or_else(|| format!("{} is not a domain", super::quoted(s)))
}

/// The domain of an email address (`ada@Acme.com` is `acme.com`); `None` without a local part,
/// an `@` or a domain.
#[must_use]
pub fn email_domain(email: &str) -> Option<String> {
    let (local, domain) = email.trim().rsplit_once('@')?;
    if local.is_empty() || domain.contains(['/', ':']) {
        return None;
    }
    normalize_domain(domain)
}

/// Labels of letters (any script), digits and hyphens, at least two of them.
fn is_host_name(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

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
mod tests;
