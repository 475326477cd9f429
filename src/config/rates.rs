//! `[book.rates]`: what one unit of another currency is worth in the book's currency (`EUR =
//! 1.08`), for amounts imported in that currency (SPEC 7, Money). This module reads and checks
//! the table; converting an amount is the import's job.
//!
//! A rate is kept as the decimal the file wrote (the shortest one that reads back as the same
//! number), so that `1.08` converts as 1.08 exactly, never as the binary fraction nearest it:
//! an amount that lands on half a cent rounds as a person working it out by hand would.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

/// The configured rates, by ISO 4217 code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rates(BTreeMap<String, Rate>);

impl Rates {
    /// The rate of `currency` (an upper-case ISO code), when one is configured.
    #[must_use]
    pub fn get(&self, currency: &str) -> Option<Rate> {
        self.0.get(currency).copied()
    }

    /// The currencies that have a rate, in code order.
    pub fn currencies(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// A rate for the book's own currency could only disagree with 1: it is refused.
    ///
    /// # Errors
    /// The message names the key.
    pub fn check_against(&self, book: &str) -> Result<(), String> {
        if self.0.contains_key(book) {
            return Err(format!(
                "key `book.rates.{book}`: {book} is the book's own currency, which needs no rate"
            ));
        }
        Ok(())
    }
}

/// Book-currency units per unit of a currency: `digits` × 10^`exponent`, finite and above 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    digits: u64,
    exponent: i32,
}

impl Rate {
    /// The rate `value`, as the shortest decimal that reads back as it; `None` unless it is
    /// finite and above 0.
    #[must_use]
    pub fn new(value: f64) -> Option<Self> {
        if !(value.is_finite() && value > 0.0) {
            return None;
        }
        // `{:e}` writes the shortest such decimal: `1.08e0`, `6.7e-3`, `1.5e20`.
        let text = format!("{value:e}");
        let (mantissa, exponent) = text.split_once('e')?;
        let exponent: i32 = exponent.parse().ok()?;
        let decimals = mantissa.split_once('.').map_or(0, |(_, fraction)| fraction.len());
        let digits = mantissa.replace('.', "").parse().ok()?;
        Some(Self { digits, exponent: exponent - i32::try_from(decimals).ok()? })
    }

    /// The rate's significant digits, as a whole number.
    #[must_use]
    pub fn digits(self) -> u64 {
        self.digits
    }

    /// The power of ten the digits are scaled by.
    #[must_use]
    pub fn exponent(self) -> i32 {
        self.exponent
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}e{}", self.digits, self.exponent)
    }
}

/// Whether `code` is written as an ISO 4217 code is: three upper-case ASCII letters.
fn is_iso_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        Self::new(value).ok_or_else(|| {
            de::Error::custom(format!(
                "must be a number above 0 (units of the book's currency per unit), got {value}"
            ))
        })
    }
}

impl<'de> Deserialize<'de> for Rates {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RatesVisitor)
    }
}

struct RatesVisitor;

impl<'de> Visitor<'de> for RatesVisitor {
    type Value = Rates;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a table of currency codes and rates, like EUR = 1.08")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Rates, A::Error> {
        let mut rates = BTreeMap::new();
        while let Some(code) = map.next_key::<String>()? {
            if !is_iso_code(&code) {
                return Err(de::Error::custom(format!(
                    "{code:?} is not a currency code: write its ISO 4217 code in upper case, \
                     like EUR = 1.08"
                )));
            }
            let rate: Rate = map.next_value()?;
            rates.insert(code, rate);
        }
        Ok(Rates(rates))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_is_the_decimal_the_file_wrote() {
        let rate = |v: f64| Rate::new(v).map(|r| (r.digits(), r.exponent()));
        assert_eq!(rate(1.08), Some((108, -2)));
        assert_eq!(rate(1.0), Some((1, 0)));
        assert_eq!(rate(0.0067), Some((67, -4)));
        assert_eq!(rate(150.0), Some((15, 1)));
        assert_eq!(rate(0.1 + 0.2), Some((30_000_000_000_000_004, -17)), "as read, no guess");
        for bad in [0.0, -1.08, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(Rate::new(bad), None, "{bad}");
        }
    }

    fn config(toml: &str) -> Result<crate::config::Config, String> {
        crate::config::Config::from_toml_str(toml, "u.toml").map_err(|e| e.to_string())
    }

    #[test]
    fn rates_are_read_from_the_book_table() {
        let rates = config("[book.rates]\nEUR = 1.08\nJPY = 0.0067\nGBP = 1\n").unwrap().book.rates;
        assert_eq!(rates.currencies().collect::<Vec<_>>(), ["EUR", "GBP", "JPY"]);
        assert_eq!(rates.get("EUR"), Rate::new(1.08));
        assert_eq!(rates.get("GBP"), Rate::new(1.0));
        assert_eq!(rates.get("CHF"), None);
        assert_eq!(crate::config::Config::default().book.rates, Rates::default());
    }

    #[test]
    fn a_rate_that_is_not_a_number_above_zero_or_not_an_iso_code_is_named() {
        let cases = [
            ("EUR = 0", "key `book.rates.EUR`: must be a number above 0"),
            ("EUR = -1.08", "key `book.rates.EUR`: must be a number above 0"),
            ("EUR = nan", "key `book.rates.EUR`: must be a number above 0"),
            ("EUR = inf", "key `book.rates.EUR`: must be a number above 0"),
            ("EUR = \"1.08\"", "key `book.rates.EUR`: invalid type: string"),
            ("eur = 1.08", "key `book.rates`: \"eur\" is not a currency code"),
            ("EURO = 1.08", "key `book.rates`: \"EURO\" is not a currency code"),
            ("USD = 1", "key `book.rates.USD`: USD is the book's own currency"),
        ];
        for (line, expected) in cases {
            let err = config(&format!("[book.rates]\n{line}\n")).unwrap_err();
            assert!(err.starts_with(&format!("u.toml: {expected}")), "{line}: {err}");
        }
    }
}
