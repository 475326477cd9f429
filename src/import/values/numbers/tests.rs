use super::*;

fn money(cents: i64, currency: Option<&str>) -> Result<Money, String> {
    Ok(Money { cents, currency: currency.map(str::to_owned) })
}

fn err<T>(reason: &str) -> Result<T, String> {
    Err(reason.to_owned())
}

#[test]
fn money_in_every_locale_becomes_cents() {
    let cases = [
        ("$1,200,000.00", money(120_000_000, Some("USD"))),
        ("USD 96,000", money(9_600_000, Some("USD"))),
        ("USD 1200000", money(120_000_000, Some("USD"))),
        ("96,000.00", money(9_600_000, None)),
        ("1.234.567,00 €", money(123_456_700, Some("EUR"))),
        ("€1.234,56", money(123_456, Some("EUR"))),
        ("1,234.56 USD", money(123_456, Some("USD"))),
        ("1 234 567,89", money(123_456_789, None)),
        ("1\u{a0}234\u{a0}567,00", money(123_456_700, None)),
        ("1\u{202f}234,50 €", money(123_450, Some("EUR"))),
        ("CHF 1'234.50", money(123_450, Some("CHF"))),
        ("CHF 1'234'567.00", money(123_456_700, Some("CHF"))),
        ("£99.99", money(9_999, Some("GBP"))),
        ("¥1,234", money(123_400, Some("JPY"))),
        ("JPY 5000", money(500_000, Some("JPY"))),
        ("eur 10", money(1_000, Some("EUR"))),
        ("10eur", money(1_000, Some("EUR"))),
        ("$1,200 CAD", money(120_000, Some("CAD"))),
        ("96000", money(9_600_000, None)),
        ("96000.5", money(9_600_050, None)),
        ("96000.000", money(9_600_000, None)),
        ("0", money(0, None)),
        ("-0.00", money(0, None)),
        ("+5", money(500, None)),
        ("$ 12", money(1_200, Some("USD"))),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_money(text), expected, "{text}");
    }
}

#[test]
fn one_separator_groups_only_before_three_digits() {
    let cases = [
        ("1,234", money(123_400, None)), // thousands
        ("1.234", money(123_400, None)), // thousands (de)
        ("123,456", money(12_345_600, None)),
        ("1,5", money(150, None)), // decimal comma
        ("1,50", money(150, None)),
        ("1.23", money(123, None)),
        ("1234,56", money(123_456, None)),
        ("1234.567", err("“1234.567” has a fraction of a cent")), // four digits cannot lead a group
        ("0.125", err("“0.125” has a fraction of a cent")),       // nor a leading zero
        ("1,2345", err("“1,2345” has a fraction of a cent")),
        ("1,234.567", err("“1,234.567” has a fraction of a cent")),
        ("1.234.567", money(123_456_700, None)),
        ("1,234,567", money(123_456_700, None)),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_money(text), expected, "{text}");
    }
}

#[test]
fn bad_money_says_why() {
    let cases = [
        ("-3", "“-3” is below 0"),
        ("-1,200.00", "“-1,200.00” is below 0"),
        ("(1,200.00)", "“(1,200.00)” is below 0"),
        ("$-5", "“$-5” is below 0"),
        ("−5 €", "“−5 €” is below 0"),
        ("USD -1", "“USD -1” is below 0"),
        ("abc", "“abc” is not an amount of money"),
        ("", "“” is not an amount of money"),
        ("$", "“$” is not an amount of money"),
        ("12 apples", "“12 apples” is not an amount of money"),
        ("USD 5 EUR", "“USD 5 EUR” is not an amount of money"),
        ("1,23,456", "“1,23,456” is not an amount of money"),
        ("1,2345,678", "“1,2345,678” is not an amount of money"),
        ("1.234,567,89", "“1.234,567,89” is not an amount of money"),
        ("1,,2", "“1,,2” is not an amount of money"),
        (".5", "“.5” is not an amount of money"),
        ("5.", "“5.” is not an amount of money"),
        ("1e5", "“1e5” is not an amount of money"),
        ("0,123,456", "“0,123,456” is not an amount of money"),
        ("1 234.567,89", "“1 234.567,89” is not an amount of money"),
        ("=1+1", "“=1+1” is not an amount of money"),
        ("99999999999999999999", "“99999999999999999999” is too large"),
        ("92233720368547758.08", "“92233720368547758.08” is too large"),
    ];
    for (text, reason) in cases {
        assert_eq!(parse_money(text), err(reason), "{text}");
    }
}

#[test]
fn currency_columns_take_codes_and_symbols() {
    let cases = [
        ("USD", Ok("USD")),
        (" eur ", Ok("EUR")),
        ("€", Ok("EUR")),
        ("$", Ok("USD")),
        ("£", Ok("GBP")),
        ("¥", Ok("JPY")),
        ("US Dollar", Err("“US Dollar” is not a currency (an ISO code such as USD or EUR)")),
        ("EU", Err("“EU” is not a currency (an ISO code such as USD or EUR)")),
    ];
    for (text, expected) in cases {
        assert_eq!(
            parse_currency(text),
            expected.map(str::to_owned).map_err(str::to_owned),
            "{text}"
        );
    }
}

#[test]
fn counts_are_whole_and_not_negative() {
    let cases = [
        ("0", Ok(0)),
        ("42", Ok(42)),
        (" 1,200 ", Ok(1_200)),
        ("1 200", Ok(1_200)),
        ("1.200", Ok(1_200)),
        ("12.0", Ok(12)),
        ("12,00", Ok(12)),
        ("4294967295", Ok(u32::MAX)),
        ("12.5", err("“12.5” is not a whole number")),
        ("1,5", err("“1,5” is not a whole number")),
        ("-3", err("“-3” is below 0")),
        ("4294967296", err("“4294967296” is too large")),
        ("99999999999999999999", err("“99999999999999999999” is too large")),
        ("many", err("“many” is not a whole number")),
        ("$5", err("“$5” is not a whole number")),
        ("", err("“” is not a whole number")),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_count(text), expected, "{text}");
    }
}

#[test]
fn influence_is_one_to_five() {
    let cases = [
        ("1", Ok(1)),
        ("5", Ok(5)),
        ("3.0", Ok(3)),
        ("0", err("“0” is below 1")),
        ("6", err("“6” is above 5")),
        ("-1", err("“-1” is below 1")),
        ("2.5", err("“2.5” is not a whole number")),
        ("high", err("“high” is not a whole number")),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_influence(text), expected, "{text}");
    }
}

#[test]
fn sentiment_is_minus_two_to_two_or_words() {
    let not = "is not a sentiment (-2 to 2, or very negative, negative, neutral, positive, very positive)";
    let cases = [
        ("-2", Ok(-2)),
        ("−1", Ok(-1)),
        ("0", Ok(0)),
        ("+1", Ok(1)),
        ("2", Ok(2)),
        ("Very Negative", Ok(-2)),
        ("negative", Ok(-1)),
        ("NEUTRAL", Ok(0)),
        ("Positive", Ok(1)),
        ("very_positive", Ok(2)),
        ("very-positive", Ok(2)),
        ("3", err("“3” is above 2")),
        ("-3", err("“-3” is below -2")),
        ("1.5", Err(format!("“1.5” {not}"))),
        ("happy", Err(format!("“happy” {not}"))),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_sentiment(text), expected, "{text}");
    }
}

#[test]
fn probability_reads_percents_and_fractions() {
    let not = "is not a probability (0-100, 0%-100% or 0-1)";
    let cases = [
        ("90", Ok(90)),
        ("90.0", Ok(90)),
        ("90%", Ok(90)),
        ("90 %", Ok(90)),
        ("0.9", Ok(90)),
        ("0,9", Ok(90)),
        ("0.25", Ok(25)),
        ("1.0", Ok(100)),
        ("1", Ok(1)), // an integer is a percent
        ("0", Ok(0)),
        ("0.0", Ok(0)),
        ("100", Ok(100)),
        ("100%", Ok(100)),
        ("0%", Ok(0)),
        ("1%", Ok(1)),
        ("33.3%", Ok(33)),
        ("0.125", Ok(13)), // 12.5% rounds half up
        ("0.5%", Ok(1)),
        ("1.5", Ok(2)), // above 1 with a mark: a percent
        ("101", err("“101” is above 100")),
        ("150%", err("“150%” is above 100")),
        ("-5", err("“-5” is below 0")),
        ("-0.1", err("“-0.1” is below 0")),
        ("high", Err(format!("“high” {not}"))),
        ("1,000.5", Err(format!("“1,000.5” {not}"))),
        ("%", Err(format!("“%” {not}"))),
        (".5", Err(format!("“.5” {not}"))),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_probability(text), expected, "{text}");
    }
}

#[test]
fn a_fraction_probability_reads_one_as_certain() {
    let cases = [
        ("1", Ok(100)),
        ("0", Ok(0)),
        ("0.9", Ok(90)),
        ("0,25", Ok(25)),
        ("1.0", Ok(100)),
        ("40%", Ok(40)),
        ("1.5", err("“1.5” is above 1")),
        ("90", err("“90” is above 1")),
        ("-0.1", err("“-0.1” is below 0")),
        ("likely", err("“likely” is not a probability (a fraction from 0 to 1)")),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_probability_fraction(text), expected, "{text}");
    }
}

#[test]
fn nps_scores_are_integers_zero_to_ten() {
    let not = |t: &str| Err(format!("“{t}” is not an NPS score (0-10)"));
    let cases = [
        ("0", Ok(0)),
        ("7", Ok(7)),
        ("10", Ok(10)),
        (" 9 ", Ok(9)),
        ("10 - Extremely likely", Ok(10)),
        ("0 - Not at all likely", Ok(0)),
        ("5 – Neutral", Ok(5)),
        ("10-Extremely likely", Ok(10)),
        ("11", err("“11” is above 10")),
        ("-1", err("“-1” is below 0")),
        ("7.5", not("7.5")),
        ("7,5", not("7,5")),
        ("great", not("great")),
        ("10x", not("10x")),
        ("", not("")),
        ("99999999999999999999", err("“99999999999999999999” is too large")),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_nps_score(text), expected, "{text}");
    }
}
