//! Presentation helpers shared by every text output: money, signed deltas, fitting text into
//! columns by display width. Pure string functions; no I/O, no scoring.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The symbol written before amounts of `currency`, or the code and a space.
fn symbol(currency: &str) -> String {
    match currency {
        "USD" | "CAD" | "AUD" | "NZD" => "$".to_owned(),
        "EUR" => "€".to_owned(),
        "GBP" => "£".to_owned(),
        "JPY" => "¥".to_owned(),
        other => format!("{other} "),
    }
}

/// A count with thousands separators: `1,234,568`.
#[must_use]
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

/// Whole units with thousands separators: `$1,234,568` (cents rounded half up).
#[must_use]
pub fn money(cents: i64, currency: &str) -> String {
    let units = (cents.unsigned_abs() + 50) / 100;
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}{}", symbol(currency), thousands(units))
}

/// A short amount for narrow columns: `$950`, `$96k`, `$1.2M`.
#[must_use]
pub fn money_short(cents: i64, currency: &str) -> String {
    let units = cents.unsigned_abs() / 100;
    let sign = if cents < 0 { "-" } else { "" };
    let symbol = symbol(currency);
    #[allow(clippy::cast_precision_loss)]
    let value = units as f64;
    if units >= 1_000_000 {
        format!("{sign}{symbol}{:.1}M", value / 1e6)
    } else if units >= 10_000 {
        format!("{sign}{symbol}{:.0}k", value / 1e3)
    } else if units >= 1_000 {
        format!("{sign}{symbol}{:.1}k", value / 1e3)
    } else {
        format!("{sign}{symbol}{units}")
    }
}

/// A trend arrow for a health delta: up, down or level (within 2 points).
#[must_use]
pub fn trend_arrow(delta: Option<i64>) -> &'static str {
    match delta {
        Some(d) if d >= 3 => "↑",
        Some(d) if d <= -3 => "↓",
        Some(_) => "→",
        None => " ",
    }
}

/// `text` cut to at most `width` display columns (ending in `…` when cut) and padded with
/// spaces to exactly `width`.
#[must_use]
pub fn fit(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(width);
    if text.width() <= width {
        out.push_str(text);
        out.extend(std::iter::repeat_n(' ', width - text.width()));
        return out;
    }
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
        used += 1;
    }
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(123_456_789, "USD"), "$1,234,568");
        assert_eq!(money(0, "USD"), "$0");
        assert_eq!(money(99_900, "EUR"), "€999");
        assert_eq!(money(100_000, "CHF"), "CHF 1,000");
    }

    #[test]
    fn short_money() {
        assert_eq!(money_short(95_000, "USD"), "$950");
        assert_eq!(money_short(450_000, "USD"), "$4.5k");
        assert_eq!(money_short(9_600_000, "USD"), "$96k");
        assert_eq!(money_short(120_000_000, "USD"), "$1.2M");
    }

    #[test]
    fn fit_pads_and_cuts_by_display_width() {
        assert_eq!(fit("Acme", 6), "Acme  ");
        assert_eq!(fit("Northwind Logistics", 10), "Northwind…");
        // CJK characters are two columns wide.
        assert_eq!(fit("株式会社テスト", 7), "株式会…");
        assert_eq!(fit("株式会社テスト", 8), "株式会… ");
        assert_eq!(fit("Société", 7), "Société");
    }
}
