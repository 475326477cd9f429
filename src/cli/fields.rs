//! The values of the record commands' options (`account set`, `contact`, `opportunity`), read
//! the way the import reads a cell (money, counts, influence, sentiment, probability) or strictly
//! (a vocabulary: an unknown word lists the accepted ones), an empty value clearing an optional
//! field; and the one line that says what a correction changed, old → new. Each refusal names
//! the field as `domain::check_*` names it. It must not read or write the store, nor print.

use std::str::FromStr;

use chrono::NaiveDate;

use super::CliError;
use super::record::{day, refused};
use crate::domain::{FieldRefusal, UnknownValue, terminal_safe};
use crate::import::values::{
    parse_count, parse_influence, parse_money, parse_probability, parse_sentiment,
};
use crate::store::Conflict;

/// Text as stored: trimmed, otherwise as given; an empty value clears the field.
pub(super) fn text(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// An amount of money in cents, as the import reads it (`120000`, `$120,000.00`), in the book's
/// `currency` when it names one; an empty value clears the field.
pub(super) fn money(field: &str, value: &str, currency: &str) -> Result<Option<i64>, CliError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    let money = parse_money(value).map_err(|e| refused(field, e))?;
    match money.currency {
        Some(other) if other != currency => Err(refused(
            field,
            format!("the amount is in {}, the book in {currency}", terminal_safe(&other)),
        )),
        _ => Ok(Some(money.cents)),
    }
}

/// A whole number >= 0 (`1,200`); an empty value clears the field.
pub(super) fn count(field: &str, value: &str) -> Result<Option<i64>, CliError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    parse_count(value).map(|n| Some(i64::from(n))).map_err(|e| refused(field, e))
}

/// A contact's influence, 1 to 5; an empty value clears it.
pub(super) fn influence(value: &str) -> Result<Option<u8>, CliError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    parse_influence(value).map(Some).map_err(|e| refused("influence", e))
}

/// A contact's sentiment, -2 to 2 or its words (`very negative` … `very positive`); an empty
/// value clears it.
pub(super) fn sentiment(value: &str) -> Result<Option<i8>, CliError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    parse_sentiment(value).map(Some).map_err(|e| refused("sentiment", e))
}

/// A probability in percent (`60`, `60%`, `0.6`); an empty value clears it.
pub(super) fn probability(value: &str) -> Result<Option<f64>, CliError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    parse_probability(value).map(|p| Some(f64::from(p))).map_err(|e| refused("probability", e))
}

/// A day (`2026-12-01`, `today`, `+2w`), counted from `as_of`; an empty value clears the field.
pub(super) fn date(
    field: &str,
    value: &str,
    as_of: NaiveDate,
) -> Result<Option<NaiveDate>, CliError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    day(field, value, as_of).map(Some)
}

/// One word of a vocabulary, exactly (any case): an unknown word is refused listing the
/// accepted ones; an empty value clears the field.
pub(super) fn word<T>(field: &str, value: &str) -> Result<Option<T>, CliError>
where
    T: FromStr<Err = UnknownValue>,
{
    if value.trim().is_empty() {
        return Ok(None);
    }
    value.parse().map(Some).map_err(|e| refused(field, e))
}

/// A field that cannot be left empty: `value`, or the refusal saying what it takes.
pub(super) fn required<T>(field: &str, value: Option<T>, what: &str) -> Result<T, CliError> {
    value.ok_or_else(|| refused(field, format!("cannot be cleared: give {what}")))
}

/// A record refused by `domain::check_*`: one line naming the field and why.
pub(super) fn checked(result: Result<(), FieldRefusal>) -> Result<(), CliError> {
    result.map_err(|r| CliError::Refused(r.to_string()))
}

/// Refuses a correction made on a version other than the record's `current` one: a script that
/// read version `expected` must not overwrite what another writer made of it since.
pub(super) fn expect_version(
    noun: &'static str,
    expected: Option<i64>,
    current: i64,
) -> Result<(), CliError> {
    match expected {
        Some(expected) if expected != current => Err(CliError::Refused(format!(
            "{}: it is at version {current}, not {expected}: read it again",
            Conflict::Changed(noun)
        ))),
        _ => Ok(()),
    }
}

/// What a correction changed, field by field, for the one line a write prints.
#[derive(Debug, Default)]
pub(super) struct Changes(Vec<String>);

impl Changes {
    /// Notes `field` going from `old` to `new` (`None` shown as "(none)"), when they differ;
    /// outside text is made safe for the terminal.
    pub(super) fn note<T: PartialEq>(
        &mut self,
        field: &str,
        old: &Option<T>,
        new: &Option<T>,
        show: impl Fn(&T) -> String,
    ) {
        if old != new {
            let said = |v: &Option<T>| {
                v.as_ref().map_or_else(|| "(none)".to_owned(), |v| terminal_safe(&show(v)).into())
            };
            self.0.push(format!("{field} {} → {}", said(old), said(new)));
        }
    }

    /// [`Changes::note`] for a field that always has a value.
    pub(super) fn note_value<T: PartialEq + Clone>(
        &mut self,
        field: &str,
        old: &T,
        new: &T,
        show: impl Fn(&T) -> String,
    ) {
        self.note(field, &Some(old.clone()), &Some(new.clone()), show);
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The changes as the end of a line: `ARR $100,000 → $120,000; region EMEA → (none)`.
    pub(super) fn line(&self) -> String {
        self.0.join("; ")
    }
}

/// An amount as a line shows it: whole units grouped (`$120,000`), cents only when there are.
pub(super) fn shown_money(cents: i64, currency: &str) -> String {
    let rest = cents.rem_euclid(100);
    if rest == 0 {
        crate::format::money(cents, currency)
    } else {
        format!("{}.{rest:02}", crate::format::money(cents - rest, currency))
    }
}

/// Text quoted for a line: `“Upsell”`, safe for the terminal.
pub(super) fn quoted(text: &str) -> String {
    format!("“{}”", terminal_safe(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Role, Segment};

    fn reason(result: Result<impl std::fmt::Debug, CliError>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn money_is_read_as_the_import_reads_it_in_the_books_currency() {
        assert_eq!(money("ARR", "120000", "USD").unwrap(), Some(12_000_000));
        assert_eq!(money("ARR", "$120,000.50", "USD").unwrap(), Some(12_000_050));
        assert_eq!(money("ARR", "  ", "USD").unwrap(), None);
        assert!(reason(money("ARR", "-5", "USD")).starts_with("ARR: “-5” is below 0"));
        assert!(reason(money("ARR", "€5", "USD")).contains("in EUR, the book in USD"));
        assert!(reason(money("ARR", "lots", "USD")).contains("is not an amount"));
    }

    #[test]
    fn a_vocabulary_is_strict_and_lists_its_words() {
        assert_eq!(word::<Role>("role", "Champion").unwrap(), Some(Role::Champion));
        assert_eq!(word::<Segment>("segment", "").unwrap(), None);
        // The import would read "sponsor" as executive sponsor; a command takes the word only.
        let refusal = reason(word::<Role>("role", "sponsor"));
        assert!(refusal.starts_with("role: unknown role \"sponsor\" (accepted: executive_sponsor"));
    }

    #[test]
    fn the_bounded_scales_and_days_are_checked() {
        assert_eq!(influence("5").unwrap(), Some(5));
        assert!(reason(influence("6")).starts_with("influence: "));
        assert_eq!(sentiment("-2").unwrap(), Some(-2));
        assert_eq!(sentiment("very positive").unwrap(), Some(2));
        assert_eq!(probability("60%").unwrap(), Some(60.0));
        assert_eq!(count("seats", "1,200").unwrap(), Some(1200));
        let as_of: NaiveDate = "2026-11-24".parse().unwrap();
        assert_eq!(date("renewal date", "+1w", as_of).unwrap(), "2026-12-01".parse().ok());
        assert!(reason(date("renewal date", "2026-02-30", as_of)).starts_with("renewal date: "));
    }

    #[test]
    fn a_stale_version_is_refused_as_changed_elsewhere() {
        assert!(expect_version("account", None, 3).is_ok());
        assert!(expect_version("account", Some(3), 3).is_ok());
        let refusal = reason(expect_version("account", Some(2), 3));
        assert!(
            refusal.contains("changed elsewhere") && refusal.contains("version 3"),
            "{refusal}"
        );
    }

    #[test]
    fn changes_say_old_and_new_and_skip_what_stayed() {
        let mut changes = Changes::default();
        changes.note("region", &Some("EMEA".to_owned()), &None, Clone::clone);
        changes.note("owner", &Some("Ana".to_owned()), &Some("Ana".to_owned()), Clone::clone);
        changes.note_value("ARR", &10_000, &12_000_050, |c| shown_money(*c, "USD"));
        changes.note("name", &None, &Some("a\u{1b}[2Jb".to_owned()), Clone::clone);
        assert_eq!(
            changes.line(),
            "region EMEA → (none); ARR $100 → $120,000.50; name (none) → a[2Jb"
        );
    }
}
