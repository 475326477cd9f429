//! Numbers as exports write them (SPEC 7): money with symbols, codes and either locale's
//! separators, whole numbers, and the bounded scales (influence, sentiment, probability, NPS).
//!
//! The separator rule, shared by money and whole numbers: spaces (also no-break and thin) and
//! apostrophes only group digits. Of `.` and `,`, when both appear the last one is the decimal
//! mark; when one appears several times it groups; when one appears once it groups if exactly
//! three digits follow it and one to three digits (not starting with 0) precede it (`1,234` and
//! `1.234` are 1234), else it is the decimal mark (`1,5`, `96000.5`, `0.125`). Grouped digits must
//! come in threes (`1,23,456` is an error, not a guess).

mod amount;

pub use amount::Amount;

use super::{quoted, word_key};

/// An amount of money in integer cents, with the currency the cell names (an uppercase ISO code),
/// if any. Cents are hundredths of the unit for every currency: ¥1,234 is 123,400 cents, so
/// converting with a configured rate stays the same arithmetic for yen as for dollars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money {
    pub cents: i64,
    pub currency: Option<String>,
}

/// An amount of money, >= 0: `$1,200,000.00`, `USD 96,000`, `1.234.567,00 €`, `1 234 567,89`,
/// `CHF 1'234.50`, `96000.5`. The currency comes from an ISO code before or after the number, or
/// from a symbol (`$` USD, `€` EUR, `£` GBP, `¥` JPY); a code beside a symbol names the currency
/// (`$1,200 CAD` is Canadian dollars). More than two decimals are allowed only as zeros.
pub fn parse_money(s: &str) -> Result<Money, String> {
    let amount = parse_amount(s)?;
    Ok(Money { cents: amount.cents(s)?, currency: amount.currency })
}

/// An amount of money as [`parse_money`] reads it, to its last decimal: an amount in another
/// currency than the book's may hold a fraction of a cent, which its conversion rounds.
pub fn parse_amount(s: &str) -> Result<Amount, String> {
    let not_amount = || format!("{} is not an amount of money", quoted(s));
    let (negative, text) = strip_sign(s.trim());
    let (currency, text) = split_currency(text).ok_or_else(not_amount)?;
    let (negative_inside, text) = strip_sign(text);
    let number = Decimal::read(text).map_err(|e| e.reason(s, not_amount))?;
    if (negative || negative_inside) && !number.is_zero() {
        return Err(below(s, 0));
    }
    Amount::exact(&number, currency, s)
}

/// A currency column's value: an ISO code (any case) or one of the symbols `parse_money` knows.
pub fn parse_currency(s: &str) -> Result<String, String> {
    let text = s.trim();
    if let Some(code) = symbol_code(text) {
        return Ok(code.to_owned());
    }
    if text.len() == 3 && text.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Ok(text.to_ascii_uppercase());
    }
    Err(format!("{} is not a currency (an ISO code such as USD or EUR)", quoted(s)))
}

/// A whole number >= 0 (seats, active users, events): `1,200` and `1 200` group thousands;
/// `12.0` is 12, `12.5` an error.
pub fn parse_count(s: &str) -> Result<u32, String> {
    // Plain digits, the common case, read as the general rule would read them.
    if (1..=9).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().map_err(|_| too_large(s));
    }
    let value = parse_whole(s)?;
    if value < 0 {
        return Err(below(s, 0));
    }
    u32::try_from(value).map_err(|_| too_large(s))
}

/// A contact's influence, a whole number from 1 to 5.
pub fn parse_influence(s: &str) -> Result<u8, String> {
    let value = parse_whole(s)?;
    in_range(s, value, 1, 5)
}

/// A contact's sentiment from -2 to 2, or the words `very negative`, `negative`, `neutral`,
/// `positive`, `very positive` (any case and punctuation).
pub fn parse_sentiment(s: &str) -> Result<i8, String> {
    let word = match word_key(s).as_str() {
        "verynegative" => Some(-2),
        "negative" => Some(-1),
        "neutral" => Some(0),
        "positive" => Some(1),
        "verypositive" => Some(2),
        _ => None,
    };
    if let Some(value) = word {
        return Ok(value);
    }
    let value = parse_whole(s).map_err(|_| {
        format!(
            "{} is not a sentiment (-2 to 2, or very negative, negative, neutral, positive, very positive)",
            quoted(s)
        )
    })?;
    in_range(s, value, -2, 2)
}

/// A probability as a whole percent, 0 to 100. With `%` the number is a percent (`90%`,
/// `33.3%`); without, a number written with a decimal mark and at most 1 is a fraction (`0.9`,
/// `1.0`, `0,25`), and any other number a percent (`90`, `90.0`, and `1`, which is 1%: HubSpot's
/// 0-1 probabilities are written with decimals). Fractions of a percent round to the nearest,
/// halves up.
pub fn parse_probability(s: &str) -> Result<u8, String> {
    let text = s.trim();
    let (percent_sign, text) = match text.strip_suffix('%') {
        Some(rest) => (true, rest.trim_end()),
        None => (false, text),
    };
    let (negative, text) = strip_sign(text);
    let (value, has_mark) = plain_decimal(text)
        .ok_or_else(|| format!("{} is not a probability (0-100, 0%-100% or 0-1)", quoted(s)))?;
    if negative && value > 0.0 {
        return Err(below(s, 0));
    }
    let percent = if !percent_sign && has_mark && value <= 1.0 { value * 100.0 } else { value };
    if percent > 100.0 {
        return Err(above(s, 100));
    }
    // In 0..=100 after the checks above, so the cast loses nothing.
    Ok(percent.round() as u8)
}

/// A probability written as a fraction from 0 to 1, as HubSpot's `Deal probability` is, as a
/// whole percent: `1` is 100% here (a won deal), `0.9` 90%. With `%` the number is a percent, as
/// in [`parse_probability`].
pub fn parse_probability_fraction(s: &str) -> Result<u8, String> {
    let text = s.trim();
    if text.ends_with('%') {
        return parse_probability(s);
    }
    let (negative, text) = strip_sign(text);
    let (value, _) = plain_decimal(text)
        .ok_or_else(|| format!("{} is not a probability (a fraction from 0 to 1)", quoted(s)))?;
    if negative && value > 0.0 {
        return Err(below(s, 0));
    }
    if value > 1.0 {
        return Err(above(s, 1));
    }
    // In 0..=100 after the checks above, so the cast loses nothing.
    Ok((value * 100.0).round() as u8)
}

/// An NPS score, a whole number from 0 to 10, alone or leading a label (`10 - Extremely likely`,
/// `0 - Not at all likely`). Decimals, words and numbers out of range are errors.
pub fn parse_nps_score(s: &str) -> Result<u8, String> {
    let text = s.trim();
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let digits_end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    let (digits, label) = rest.split_at(digits_end);
    // A label is set apart by a space or a dash; `7.5` or `10x` are not a score and a label.
    let labelled = label.is_empty() || label.starts_with(|c: char| c.is_whitespace() || c == '-');
    let not_score = || format!("{} is not an NPS score (0-10)", quoted(s));
    if digits.is_empty() || !labelled {
        return Err(not_score());
    }
    let value: i64 = digits.parse().map_err(|_| too_large(s))?;
    in_range(s, if negative { -value } else { value }, 0, 10)
}

/// A whole number, signed: the separators of the module's rule, and a fraction only of zeros.
fn parse_whole(s: &str) -> Result<i64, String> {
    let not_whole = || format!("{} is not a whole number", quoted(s));
    let (negative, text) = strip_sign(s.trim());
    let number = Decimal::read(text).map_err(|e| e.reason(s, not_whole))?;
    if !number.fraction.bytes().all(|b| b == b'0') {
        return Err(not_whole());
    }
    let whole = i64::try_from(number.whole).map_err(|_| too_large(s))?;
    Ok(if negative { -whole } else { whole })
}

fn in_range<T: TryFrom<i64>>(s: &str, value: i64, min: i64, max: i64) -> Result<T, String> {
    if value < min {
        return Err(below(s, min));
    }
    if value > max {
        return Err(above(s, max));
    }
    T::try_from(value).map_err(|_| too_large(s))
}

fn below(s: &str, min: i64) -> String {
    format!("{} is below {min}", quoted(s))
}

fn above(s: &str, max: i64) -> String {
    format!("{} is above {max}", quoted(s))
}

fn too_large(s: &str) -> String {
    format!("{} is too large", quoted(s))
}

/// A leading sign: `-`, the minus sign `−`, or accounting parentheses `(1,200.00)`, which are
/// negative; `+`, which is not. Returns whether the number is negative and the rest.
fn strip_sign(text: &str) -> (bool, &str) {
    if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        return (true, inner.trim());
    }
    if let Some(rest) = text.strip_prefix(['-', '−']) {
        return (true, rest.trim_start());
    }
    (false, text.strip_prefix('+').unwrap_or(text).trim_start())
}

/// The ISO code a currency symbol stands for when no code is written.
fn symbol_code(text: &str) -> Option<&'static str> {
    match text {
        "$" => Some("USD"),
        "€" => Some("EUR"),
        "£" => Some("GBP"),
        "¥" => Some("JPY"),
        _ => None,
    }
}

/// Takes a currency symbol and an ISO code off either end of a money cell: the currency they
/// name (the code wins over a symbol), and the number left between them. `None` when the cell
/// names two different codes.
fn split_currency(text: &str) -> Option<(Option<String>, &str)> {
    let mut rest = text.trim();
    let mut symbol = None;
    let mut codes: Vec<String> = Vec::new();
    for _ in 0..2 {
        if let Some((code, r)) = leading_symbol(rest) {
            symbol = Some(code);
            rest = r;
        }
        if let Some((code, r)) = trailing_symbol(rest) {
            symbol = Some(code);
            rest = r;
        }
        if let Some((code, r)) = leading_code(rest) {
            codes.push(code);
            rest = r;
        }
        if let Some((code, r)) = trailing_code(rest) {
            codes.push(code);
            rest = r;
        }
    }
    codes.dedup();
    if codes.len() > 1 {
        return None;
    }
    let currency = codes.pop().or_else(|| symbol.map(str::to_owned));
    Some((currency, rest))
}

fn leading_symbol(text: &str) -> Option<(&'static str, &str)> {
    let first = text.chars().next()?;
    let code = symbol_code(text.get(..first.len_utf8())?)?;
    Some((code, text.get(first.len_utf8()..)?.trim_start()))
}

fn trailing_symbol(text: &str) -> Option<(&'static str, &str)> {
    let last = text.chars().next_back()?;
    let cut = text.len() - last.len_utf8();
    let code = symbol_code(text.get(cut..)?)?;
    Some((code, text.get(..cut)?.trim_end()))
}

fn leading_code(text: &str) -> Option<(String, &str)> {
    let code = text.get(..3)?;
    let next_is_letter = text.get(3..)?.starts_with(char::is_alphabetic);
    (code.bytes().all(|b| b.is_ascii_alphabetic()) && !next_is_letter)
        .then(|| Some((code.to_ascii_uppercase(), text.get(3..)?.trim_start())))
        .flatten()
}

fn trailing_code(text: &str) -> Option<(String, &str)> {
    let cut = text.len().checked_sub(3)?;
    let code = text.get(cut..)?;
    let before_is_letter = text.get(..cut)?.ends_with(char::is_alphabetic);
    (code.bytes().all(|b| b.is_ascii_alphabetic()) && !before_is_letter)
        .then(|| Some((code.to_ascii_uppercase(), text.get(..cut)?.trim_end())))
        .flatten()
}

/// A number without sign or currency, read by the module's separator rule.
#[derive(Debug, PartialEq, Eq)]
struct Decimal {
    whole: u64,
    /// The digits after the decimal mark, as written (empty without one).
    fraction: String,
}

/// Why digits did not make a number.
#[derive(Debug, PartialEq, Eq)]
enum DecimalError {
    NotANumber,
    TooLarge,
}

impl DecimalError {
    fn reason(&self, s: &str, not_a_number: impl Fn() -> String) -> String {
        match self {
            Self::NotANumber => not_a_number(),
            Self::TooLarge => too_large(s),
        }
    }
}

/// Characters that only ever group digits: spaces (French writes a no-break or a narrow no-break
/// space) and apostrophes (Swiss).
fn is_grouping_only(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '’')
}

impl Decimal {
    fn read(text: &str) -> Result<Self, DecimalError> {
        let (groups, separators) = split_groups(text).ok_or(DecimalError::NotANumber)?;
        let decimal = decimal_mark(&groups, &separators);
        let grouping = if decimal { &separators[..separators.len() - 1] } else { &separators[..] };
        let whole_groups = &groups[..groups.len() - usize::from(decimal)];
        if decimal && grouping.contains(separators.last().ok_or(DecimalError::NotANumber)?) {
            return Err(DecimalError::NotANumber);
        }
        if !well_grouped(whole_groups, grouping) {
            return Err(DecimalError::NotANumber);
        }
        let whole = whole_groups.concat().parse().map_err(|_| DecimalError::TooLarge)?;
        let fraction = if decimal { groups.last().copied().unwrap_or_default() } else { "" };
        Ok(Self { whole, fraction: fraction.to_owned() })
    }

    fn is_zero(&self) -> bool {
        self.whole == 0 && self.fraction.bytes().all(|b| b == b'0')
    }
}

/// The runs of digits and the separators between them; `None` for any other character, an
/// empty run (`1,,2`, `.5`, `5.`) or no digit at all.
fn split_groups(text: &str) -> Option<(Vec<&str>, Vec<char>)> {
    let mut groups = Vec::new();
    let mut separators = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c.is_ascii_digit() {
            continue;
        }
        if !(matches!(c, '.' | ',') || is_grouping_only(c)) {
            return None;
        }
        groups.push(text.get(start..i)?);
        separators.push(c);
        start = i + c.len_utf8();
    }
    groups.push(text.get(start..)?);
    groups.iter().all(|g| !g.is_empty()).then_some((groups, separators))
}

/// Whether the last separator is the decimal mark, by the module's rule.
fn decimal_mark(groups: &[&str], separators: &[char]) -> bool {
    let Some(&last) = separators.last() else { return false };
    if is_grouping_only(last) {
        return false;
    }
    if separators.iter().any(|&c| c != last) {
        return true;
    }
    if separators.len() > 1 {
        return false;
    }
    let (before, after) = (groups[0], groups[1]);
    let thousands = after.len() == 3 && (1..=3).contains(&before.len()) && !before.starts_with('0');
    !thousands
}

/// Groups of a whole number are one separator, a first group of one to three digits (no
/// leading zero) and then groups of three.
fn well_grouped(groups: &[&str], separators: &[char]) -> bool {
    let Some((first, rest)) = groups.split_first() else { return false };
    if separators.is_empty() {
        return true;
    }
    separators.iter().all(|&c| c == separators[0])
        && (1..=3).contains(&first.len())
        && !first.starts_with('0')
        && rest.iter().all(|g| g.len() == 3)
}

/// A plain decimal (digits with at most one `.` or `,` as the mark, no grouping), with whether
/// it had a mark. Probabilities are never large enough to group.
fn plain_decimal(text: &str) -> Option<(f64, bool)> {
    let marks = text.chars().filter(|c| matches!(c, '.' | ',')).count();
    let digits_and_marks = text.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ','));
    let edges_are_digits = text.starts_with(|c: char| c.is_ascii_digit())
        && text.ends_with(|c: char| c.is_ascii_digit());
    if marks > 1 || !digits_and_marks || !edges_are_digits {
        return None;
    }
    let value = text.replace(',', ".").parse().ok()?;
    Some((value, marks == 1))
}

#[cfg(test)]
mod tests;
