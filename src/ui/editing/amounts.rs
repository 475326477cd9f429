//! Money and counts in a form, typed as an import reads them (`120000`, `$120,000.00`,
//! `USD 96,000`): how a stored amount is shown for editing and how a typed one is read back, in
//! the book's one currency. Shared by the account and opportunity forms; it must not draw nor
//! know which form it serves.

use crate::import::values::{parse_count, parse_money};
use crate::ui::form::{FieldKey, Refusal};

/// `cents` as the form shows it for editing: plain digits, the cents only when there are some
/// (`204500`, `96000.50`), so that saving it unchanged reads back the same amount.
pub(super) fn shown(cents: i64) -> String {
    let (units, rest) = (cents / 100, (cents % 100).abs());
    if rest == 0 { units.to_string() } else { format!("{units}.{rest:02}") }
}

/// The amount typed in `field` in cents, `None` when empty; refused when it is not money, is
/// negative, or names another currency than the book's `currency`.
pub(super) fn read_money<K: FieldKey>(
    text: &str,
    field: K,
    currency: &str,
) -> Result<Option<i64>, Refusal<K>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let money = parse_money(text).map_err(|why| Refusal::new(field, why))?;
    match money.currency {
        Some(named) if !named.eq_ignore_ascii_case(currency) => {
            Err(Refusal::new(field, format!("the book is kept in {currency}, not {named}")))
        }
        _ => Ok(Some(money.cents)),
    }
}

/// The whole number typed in `field`, `None` when empty.
pub(super) fn read_count<K: FieldKey>(text: &str, field: K) -> Result<Option<i64>, Refusal<K>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_count(text).map(|n| Some(i64::from(n))).map_err(|why| Refusal::new(field, why))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::form::form_fields;

    form_fields! { enum F { Amount => "amount" } }

    #[test]
    fn an_amount_is_read_as_an_import_reads_it_in_the_books_currency() {
        assert_eq!(read_money("$120,000.00", F::Amount, "USD"), Ok(Some(12_000_000)));
        assert_eq!(read_money("120000", F::Amount, "USD"), Ok(Some(12_000_000)));
        assert_eq!(read_money(" ", F::Amount, "USD"), Ok(None));
        let euros = read_money("€5", F::Amount, "USD").unwrap_err();
        assert_eq!(euros.message, "amount: the book is kept in USD, not EUR");
        assert!(read_money("-5", F::Amount, "USD").is_err());
        assert!(read_money("lots", F::Amount, "USD").is_err());
        // What the form shows reads back as the same amount.
        for cents in [0, 5, 20_450_000, 9_600_050] {
            assert_eq!(read_money(&shown(cents), F::Amount, "USD"), Ok(Some(cents)));
        }
        assert_eq!(shown(9_600_050), "96000.50");
    }
}
