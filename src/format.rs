//! Presentation helpers shared by every text output: money, signed deltas, fitting text into
//! columns by display width. Pure string functions; no I/O, no scoring.

pub mod json;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The marker beside a health resting on thin data: "~70", about 70 on little data.
pub const THIN_MARK: &str = "~";

/// An integer health three wide, marked when `thin` ("~70"), "–" without a score.
#[must_use]
pub fn health_figure(health: Option<i64>, thin: bool) -> String {
    match health {
        None => "  –".to_owned(),
        Some(h) if thin => format!("{:>3}", format!("{THIN_MARK}{h}")),
        Some(h) => format!("{h:>3}"),
    }
}

/// What leaving onboarding did to an account's path, said after the changes of the edit that
/// made it leave (the command line and the workspace say it alike): "; 2 open milestones closed
/// as skipped", nothing when none was open.
#[must_use]
pub fn skipped_note(skipped: usize) -> String {
    match skipped {
        0 => String::new(),
        1 => "; 1 open milestone closed as skipped".to_owned(),
        n => format!("; {n} open milestones closed as skipped"),
    }
}

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
    wide_thousands(n.into())
}

fn wide_thousands(n: u128) -> String {
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

/// A count of things with thousands separators: `148,759`.
#[must_use]
pub fn grouped(n: usize) -> String {
    thousands(n as u64)
}

/// Whole units with thousands separators: `$1,234,568` (cents rounded half up). Takes an
/// account's amount (`i64`) or a total of many (`i128`, which no sum of `i64` amounts overflows).
#[must_use]
pub fn money(cents: impl Into<i128>, currency: &str) -> String {
    let cents = cents.into();
    let units = (cents.unsigned_abs() + 50) / 100;
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}{}", symbol(currency), wide_thousands(units))
}

/// A short amount for narrow columns, in three digits up to trillions: `$950`, `$4.5k`, `$96k`,
/// `$1.2M`, `$415M`, `$2.0B`, `$3.1T` (one decimal below ten of a unit, none above; whole units
/// below a thousand, cents dropped; past 999 trillion the trillions simply grow).
#[must_use]
pub fn money_short(cents: impl Into<i128>, currency: &str) -> String {
    let cents = cents.into();
    let units = cents.unsigned_abs() / 100;
    let sign = if cents < 0 { "-" } else { "" };
    let symbol = symbol(currency);
    if units < 1_000 {
        return format!("{sign}{symbol}{units}");
    }
    #[allow(clippy::cast_precision_loss)]
    let mut value = units as f64 / 1e3;
    for suffix in ["k", "M", "B"] {
        // Decided on the rounded figure, so that 9.96 shows as 10, and 999.6 as 1.0 of the
        // next unit, never as four digits.
        if value < 9.95 {
            return format!("{sign}{symbol}{value:.1}{suffix}");
        }
        if value < 999.5 {
            return format!("{sign}{symbol}{value:.0}{suffix}");
        }
        value /= 1e3;
    }
    let decimals = usize::from(value < 9.95);
    format!("{sign}{symbol}{value:.decimals$}T")
}

/// Ascending amounts that mark steps (a chart's ranges) written short, as [`money_short`] does,
/// but with as many decimals of one unit as it takes for neighbours to read apart: a narrow
/// spread of a big book would otherwise read "$5.7B" at every step.
#[must_use]
pub fn money_steps(steps: &[i64], currency: &str) -> Vec<String> {
    let short: Vec<String> = steps.iter().map(|&c| money_short(c, currency)).collect();
    let apart = |labels: &[String]| labels.windows(2).all(|w| w[0] != w[1]);
    if apart(&short) {
        return short;
    }
    #[allow(clippy::cast_precision_loss)] // display only
    let units = |c: i64| c as f64 / 100.0;
    let top = steps.iter().map(|&c| units(c).abs()).fold(0.0, f64::max);
    let (scale, suffix) = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]
        .into_iter()
        .find(|&(scale, _)| top >= scale)
        .unwrap_or((1.0, ""));
    let symbol = symbol(currency);
    for decimals in 1..=6 {
        let labels: Vec<String> = steps
            .iter()
            .map(|&c| format!("{symbol}{:.decimals$}{suffix}", units(c) / scale))
            .collect();
        if apart(&labels) {
            return labels;
        }
    }
    steps.iter().map(|&c| money(c, currency)).collect()
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

/// `text` cut to `width` display columns with an ellipsis when longer, never padded.
#[must_use]
pub fn clip(text: &str, width: usize) -> String {
    fit(text, unicode_width::UnicodeWidthStr::width(text).min(width))
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
    #[test]
    fn steps_take_the_decimals_that_tell_neighbours_apart() {
        use super::money_steps;
        // Far apart: as money_short writes them.
        assert_eq!(money_steps(&[46_000_000, 82_700_000], "USD"), ["$460k", "$827k"]);
        // $5,689,000,000.00, $5,689,400,000.00, $5,689,800,000.00 all read "$5.7B" short; in
        // billions they part at the fourth decimal: 5.6890, 5.6894, 5.6898.
        let steps = [568_900_000_000, 568_940_000_000, 568_980_000_000];
        assert_eq!(money_steps(&steps, "USD"), ["$5.6890B", "$5.6894B", "$5.6898B"]);
        // Equal steps never part: the full amounts, as money writes them.
        let whole = super::money(100, "EUR");
        assert_eq!(money_steps(&[100, 100], "EUR"), [whole.clone(), whole]);
    }

    use super::*;

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(123_456_789, "USD"), "$1,234,568");
        assert_eq!(money(0, "USD"), "$0");
        assert_eq!(money(99_900, "EUR"), "€999");
        assert_eq!(money(100_000, "CHF"), "CHF 1,000");
    }

    #[test]
    fn money_of_totals_past_i64() {
        // Two accounts at the largest storable ARR: 2 * 9,223,372,036,854,775,807 cents.
        let total = 2 * i128::from(i64::MAX);
        assert_eq!(total, 18_446_744_073_709_551_614);
        assert_eq!(money(total, "USD"), "$184,467,440,737,095,516");
        assert_eq!(money_short(total, "USD"), "$184467T");
        assert_eq!(money(i64::MIN, "USD"), "-$92,233,720,368,547,758");
    }

    #[test]
    fn short_money() {
        assert_eq!(money_short(95_000, "USD"), "$950");
        assert_eq!(money_short(450_000, "USD"), "$4.5k");
        assert_eq!(money_short(9_600_000, "USD"), "$96k");
        assert_eq!(money_short(120_000_000, "USD"), "$1.2M");
        assert_eq!(money_short(41_540_000_000_i64, "USD"), "$415M");
        assert_eq!(money_short(197_920_000_000_i64, "USD"), "$2.0B");
        assert_eq!(money_short(2_341_834_246_000_i64, "EUR"), "€23B");
        assert_eq!(money_short(-1_234_500, "GBP"), "-£12k");
        // Rounding never makes four digits: it moves to the next unit.
        assert_eq!(money_short(99_960_000, "USD"), "$1.0M");
        assert_eq!(money_short(999_600, "USD"), "$10k");
        assert_eq!(money_short(99_949_000, "USD"), "$999k");
        assert_eq!(money_short(99_999_999, "CHF"), "CHF 1.0M");
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
