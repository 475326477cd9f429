//! Natural days on fixed as-of days, each expectation worked out on a calendar by hand.

use chrono::NaiveDate;

use super::parse_day;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// `(typed, as of, expected)`, read and checked one by one.
fn check(cases: &[(&str, &str, &str)]) {
    for (typed, as_of, expected) in cases {
        assert_eq!(parse_day(typed, day(as_of)), Some(day(expected)), "{typed} as of {as_of}");
    }
}

#[test]
fn weekday_names_are_the_next_one_after_today() {
    // 2026-11-24 is a Tuesday.
    check(&[
        ("friday", "2026-11-24", "2026-11-27"),
        ("Fri", "2026-11-24", "2026-11-27"),
        ("wednesday", "2026-11-24", "2026-11-25"),
        ("monday", "2026-11-24", "2026-11-30"),
        // Today's own name is a week later, never today.
        ("tuesday", "2026-11-24", "2026-12-01"),
        ("sunday", "2026-11-24", "2026-11-29"),
        // Across a year: 2026-12-31 is a Thursday.
        ("friday", "2026-12-31", "2027-01-01"),
        ("thu", "2026-12-31", "2027-01-07"),
    ]);
}

#[test]
fn next_and_a_weekday_is_that_day_of_next_week() {
    check(&[
        // Tuesday 2026-11-24: next week runs Monday 11-30 to Sunday 12-06.
        ("next friday", "2026-11-24", "2026-12-04"),
        ("next monday", "2026-11-24", "2026-11-30"),
        ("next tuesday", "2026-11-24", "2026-12-01"),
        // On a Sunday (2026-11-29) next week starts the next day.
        ("next friday", "2026-11-29", "2026-12-04"),
        ("next sunday", "2026-11-29", "2026-12-06"),
        // On a Friday (2026-11-27).
        ("  Next   Friday ", "2026-11-27", "2026-12-04"),
    ]);
}

#[test]
fn in_so_many_days_weeks_or_months() {
    check(&[
        ("in 2 weeks", "2026-11-24", "2026-12-08"),
        ("in a week", "2026-11-24", "2026-12-01"),
        ("in 1 week", "2026-11-24", "2026-12-01"),
        ("in 3 days", "2026-11-24", "2026-11-27"),
        ("in one day", "2026-11-24", "2026-11-25"),
        ("in 10 days", "2026-12-28", "2027-01-07"),
        ("in a month", "2026-11-24", "2026-12-24"),
        ("in 3 months", "2026-11-24", "2027-02-24"),
        // A shorter month ends the count at its last day.
        ("in a month", "2027-01-31", "2027-02-28"),
        ("in a month", "2028-01-31", "2028-02-29"),
    ]);
}

#[test]
fn end_of_month_and_next_month() {
    check(&[
        ("eom", "2026-11-24", "2026-11-30"),
        ("end of month", "2026-11-24", "2026-11-30"),
        ("End of the month", "2026-12-01", "2026-12-31"),
        ("eom", "2027-02-10", "2027-02-28"),
        ("eom", "2028-02-10", "2028-02-29"),
        // On the last day it is today.
        ("eom", "2026-11-30", "2026-11-30"),
        ("next month", "2026-11-24", "2026-12-01"),
        ("next month", "2026-12-31", "2027-01-01"),
        ("next month", "2027-01-31", "2027-02-01"),
    ]);
}

#[test]
fn the_earlier_forms_still_read_the_same() {
    check(&[
        ("2026-12-01", "2026-11-24", "2026-12-01"),
        (" Today ", "2026-11-24", "2026-11-24"),
        ("tomorrow", "2026-11-24", "2026-11-25"),
        ("+7", "2026-11-24", "2026-12-01"),
        ("+3d", "2026-11-24", "2026-11-27"),
        ("+2w", "2026-11-24", "2026-12-08"),
    ]);
}

#[test]
fn anything_else_is_not_a_day() {
    let today = day("2026-11-24");
    for bad in [
        "",
        "someday",
        "next week",
        "next fridays",
        "fr",
        "in weeks",
        "in 2",
        "in 2 years",
        "in -2 weeks",
        "in 99999999999 days",
        "end of",
        "last friday",
        "2026-13-01",
        "2026-02-30",
        "+",
        "+-3",
        "+3y",
        "+99999999999999w",
    ] {
        assert_eq!(parse_day(bad, today), None, "{bad}");
    }
}
