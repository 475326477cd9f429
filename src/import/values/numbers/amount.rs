//! An amount of money to its last written decimal, and its cents in the book's currency: as
//! written when it is in the book's currency (a fraction of a cent is then an error), else
//! converted with the configured rate and rounded half away from zero to the cent (SPEC 7,
//! Money). Integer arithmetic only, so that a half cent is a half cent. It must not parse text.

use super::{Decimal, quoted, too_large};
use crate::config::Rate;

/// The most decimals an amount may have: with the twenty digits of the largest whole part,
/// they fit the 38 digits of the arithmetic.
const MAX_DECIMALS: usize = 18;

/// An amount >= 0 exactly as written, and the currency the cell names, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    pub currency: Option<String>,
    /// The amount is `digits` / 10^`scale`, without trailing zeros in its decimals.
    digits: u128,
    scale: u32,
}

impl Amount {
    /// The amount `number` is; `s` is the cell, for the reason.
    pub(super) fn exact(
        number: &Decimal,
        currency: Option<String>,
        s: &str,
    ) -> Result<Self, String> {
        let fraction = number.fraction.trim_end_matches('0');
        if fraction.len() > MAX_DECIMALS {
            return Err(format!("{} has more than {MAX_DECIMALS} decimals", quoted(s)));
        }
        let scale = u32::try_from(fraction.len()).map_err(|_| too_large(s))?;
        let decimals: u128 =
            if fraction.is_empty() { 0 } else { fraction.parse().map_err(|_| too_large(s))? };
        let digits = u128::from(number.whole)
            .checked_mul(10_u128.pow(scale))
            .and_then(|whole| whole.checked_add(decimals))
            .ok_or_else(|| too_large(s))?;
        Ok(Self { currency, digits, scale })
    }

    /// The amount in cents, as written: it is in the book's currency. `s` is the cell.
    ///
    /// # Errors
    /// A fraction of a cent, or more cents than fit.
    pub fn cents(&self, s: &str) -> Result<i64, String> {
        let Some(zeros) = 2_u32.checked_sub(self.scale) else {
            return Err(format!("{} has a fraction of a cent", quoted(s)));
        };
        let cents = self.digits.checked_mul(10_u128.pow(zeros));
        cents.and_then(|c| i64::try_from(c).ok()).ok_or_else(|| too_large(s))
    }

    /// The amount in cents of the book's currency at `rate` (book units per unit), rounded half
    /// away from zero to the cent. `s` is the cell.
    ///
    /// # Errors
    /// More cents than fit.
    pub fn converted(&self, rate: Rate, s: &str) -> Result<i64, String> {
        // amount × rate in cents = digits × rate digits × 10^(rate exponent + 2 - scale).
        let product = self.digits.checked_mul(u128::from(rate.digits()));
        let shift = i64::from(rate.exponent()) + 2 - i64::from(self.scale);
        let power = |n: i64| u32::try_from(n).ok().and_then(|n| 10_u128.checked_pow(n));
        let cents = product.and_then(|product| {
            if shift >= 0 {
                return power(shift).and_then(|factor| product.checked_mul(factor));
            }
            // A divisor past u128 is more than twice any product: the amount rounds to 0.
            let Some(divisor) = power(-shift) else { return Some(0) };
            let (whole, rest) = (product / divisor, product % divisor);
            // Amounts are >= 0: half away from zero is half up.
            Some(if rest >= divisor - rest { whole + 1 } else { whole })
        });
        cents.and_then(|c| i64::try_from(c).ok()).ok_or_else(|| too_large(s))
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_amount;
    use crate::config::Rate;

    fn converted(text: &str, rate: f64) -> Result<i64, String> {
        let amount = parse_amount(text)?;
        amount.converted(Rate::new(rate).expect("a rate"), text)
    }

    /// Each expectation worked out by hand from the decimals as written.
    #[test]
    fn conversions_round_half_away_from_zero_to_the_cent() {
        let cases = [
            // 1,000.005 × 1.08 = 1,080.0054: 1,080.01.
            ("EUR 1,000.005", 1.08, 108_001),
            // 0.125 × 1.08 = 0.135, half a cent: up to 0.14.
            ("EUR 0.125", 1.08, 14),
            // 1.15 × 0.7 = 0.805: 0.81 (floating point: 0.8049999…).
            ("1.15 EUR", 0.7, 81),
            // 1.25 × 0.5 = 0.625: 0.63, not the even 0.62.
            ("EUR 1.25", 0.5, 63),
            // 0.004 × 2 = 0.008: 0.01, where rounding the amount first would give 0.
            ("EUR 0.004", 2.0, 1),
            // 0.0049 × 1 = 0.0049: below half a cent, 0.
            ("EUR 0.0049", 1.0, 0),
            // ¥1,234 × 0.0067 = 8.2678: 8.27.
            ("¥1,234", 0.0067, 827),
            // £1,000,000 × 1.27 = 1,270,000.
            ("£1,000,000", 1.27, 127_000_000),
            // 96,000 × 150 = 14,400,000.
            ("96,000", 150.0, 1_440_000_000),
            // 0.01 × 0.0001 = 0.000001: 0.
            ("0.01", 0.0001, 0),
            // 0.005 × 1 = 0.005, half a cent: 0.01.
            ("0.005", 1.0, 1),
            // `1.005` is a thousand and five (one separator before three digits groups them).
            ("1.005", 1.0, 100_500),
        ];
        for (text, rate, cents) in cases {
            assert_eq!(converted(text, rate), Ok(cents), "{text} at {rate}");
        }
        assert_eq!(
            converted("92233720368547759", 1.0),
            Err("“92233720368547759” is too large".into())
        );
        assert_eq!(converted("1", 1e300), Err("“1” is too large".into()));
        assert_eq!(converted("0.000000000000000001", 1e-300), Ok(0));
    }

    #[test]
    fn an_amount_in_the_book_s_currency_is_taken_as_written() {
        let cents = |text: &str| parse_amount(text).and_then(|a| a.cents(text));
        assert_eq!(cents("1,234.50"), Ok(123_450));
        assert_eq!(cents("1,234.5000"), Ok(123_450));
        assert_eq!(cents("0.125"), Err("“0.125” has a fraction of a cent".into()));
        let long = format!("0.{}1", "0".repeat(18));
        assert_eq!(cents(&long), Err(format!("“{long}” has more than 18 decimals")));
    }
}
