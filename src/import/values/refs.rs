//! The keys references are matched on (SPEC 7, "References"): web domains. Salesforce ids are
//! keyed by `domain::salesforce_id_key`, which the command line's lookup shares.

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

#[cfg(test)]
mod tests;
