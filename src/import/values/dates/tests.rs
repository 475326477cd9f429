use chrono::NaiveDate;

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const MDY: Option<DateOrder> = Some(DateOrder::MonthFirst);
const DMY: Option<DateOrder> = Some(DateOrder::DayFirst);

#[test]
fn iso_dates_and_impossible_days() {
    let cases = [
        ("2024-03-05", Ok(day(2024, 3, 5))),
        (" 2024-03-05 ", Ok(day(2024, 3, 5))),
        ("2024-02-29", Ok(day(2024, 2, 29))),
        ("2000-02-29", Ok(day(2000, 2, 29))),
        ("2023-02-29", Err("“2023-02-29” is not a real date")),
        ("1900-02-29", Err("“1900-02-29” is not a real date")),
        ("2026-02-30", Err("“2026-02-30” is not a real date")),
        ("2026-13-01", Err("“2026-13-01” is not a real date")),
        ("2026-04-31", Err("“2026-04-31” is not a real date")),
        ("2026-00-10", Err("“2026-00-10” is not a real date")),
        ("2024-3-5", Err("“2024-3-5” is not a date")),
        ("2024-03-05x", Err("“2024-03-05x” is not a date")),
        ("20240305", Err("“20240305” is not a date")),
        ("March 5, 2024", Err("“March 5, 2024” is not a date")),
        ("", Err("“” is not a date")),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_date(text, None), expected.map_err(str::to_owned), "{text}");
        // An order only matters for slashed dates.
        assert_eq!(parse_date(text, DMY), parse_date(text, None), "{text}");
    }
}

#[test]
fn date_times_count_on_the_date_they_show() {
    let cases = [
        ("2024-03-05T14:02:11Z", day(2024, 3, 5)),
        ("2024-03-05t14:02:11z", day(2024, 3, 5)),
        ("2024-03-05T14:02:11.000Z", day(2024, 3, 5)),
        ("2024-03-05T14:02:11.123456789Z", day(2024, 3, 5)),
        ("2024-03-05T14:02:11.000+0000", day(2024, 3, 5)),
        ("2024-03-05T14:02:11+01:00", day(2024, 3, 5)),
        ("2024-03-05T14:02:11+0100", day(2024, 3, 5)),
        ("2024-03-05T14:02:11+01", day(2024, 3, 5)),
        ("2024-03-05T14:02Z", day(2024, 3, 5)),
        ("2024-03-05 14:02:11 UTC", day(2024, 3, 5)),
        ("2024-03-05 14:02:11 utc", day(2024, 3, 5)),
        ("2024-03-05 14:02:11 GMT", day(2024, 3, 5)),
        ("2024-03-05 14:02:11 +0100", day(2024, 3, 5)),
        ("2024-03-05 14:02:11+01:00", day(2024, 3, 5)),
        // Without a zone: the calendar date shown (HubSpot, Amplitude).
        ("2024-03-05 14:02", day(2024, 3, 5)),
        ("2024-03-05T14:02:11", day(2024, 3, 5)),
        ("2024-03-05 14:02:11", day(2024, 3, 5)),
        ("2025-07-17 10:36:28.583000", day(2025, 7, 17)),
        // Far offsets keep the shown date, though UTC is on another day.
        ("2024-03-05T23:59:59-12:00", day(2024, 3, 5)),
        ("2024-03-05T00:30:00+14:00", day(2024, 3, 5)),
        ("2024-12-31T23:59:59.999-12:00", day(2024, 12, 31)),
        ("2025-01-01T00:00:00+14:00", day(2025, 1, 1)),
        ("2024-02-29T12:00:00+05:30", day(2024, 2, 29)),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_date(text, None), Ok(expected), "{text}");
    }
}

#[test]
fn broken_date_times_are_errors() {
    let cases = [
        ("2024-03-05T25:02:11Z", "“2024-03-05T25:02:11Z” is not a date"),
        ("2024-03-05T14:61Z", "“2024-03-05T14:61Z” is not a date"),
        ("2024-03-05T14:02:11 CET", "“2024-03-05T14:02:11 CET” is not a date"),
        ("2024-03-05T", "“2024-03-05T” is not a date"),
        ("2024-03-05 noon", "“2024-03-05 noon” is not a date"),
        ("2024-02-30T10:00:00Z", "“2024-02-30T10:00:00Z” is not a real date"),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_date(text, None), Err(expected.to_owned()), "{text}");
    }
}

#[test]
fn unix_time_is_read_in_utc() {
    let cases = [
        ("1709647331", Ok(day(2024, 3, 5))),
        ("1709596800", Ok(day(2024, 3, 5))), // 00:00:00 UTC
        ("1709596799", Ok(day(2024, 3, 4))), // one second before
        ("1709683199", Ok(day(2024, 3, 5))), // 23:59:59 UTC
        ("1709683200", Ok(day(2024, 3, 6))),
        ("1709164800", Ok(day(2024, 2, 29))),
        ("0000000000", Ok(day(1970, 1, 1))),
        ("1709647331000", Ok(day(2024, 3, 5))), // Pendo's `day`, milliseconds
        ("1709596799999", Ok(day(2024, 3, 4))),
        ("1709596800000", Ok(day(2024, 3, 5))),
        ("170964733", Err("“170964733” is not a date")),
        ("17096473310", Err("“17096473310” is not a date")),
        ("-1709647331", Err("“-1709647331” is not a date")),
        ("1709647331.5", Err("“1709647331.5” is not a date")),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_date(text, None), expected.map_err(str::to_owned), "{text}");
    }
}

#[test]
fn slashed_dates_need_an_order_unless_only_one_reads_them() {
    let needs =
        |t: &str| format!("“{t}” could be MM/DD/YYYY or DD/MM/YYYY: pass --date-format mdy or dmy");
    let cases = [
        ("12/31/2026", None, Ok(day(2026, 12, 31))),
        ("31/12/2026", None, Ok(day(2026, 12, 31))),
        ("31.12.2026", None, Ok(day(2026, 12, 31))),
        ("31-12-2026", None, Ok(day(2026, 12, 31))),
        ("05/05/2026", None, Ok(day(2026, 5, 5))),
        ("03/05/2024", None, Err(needs("03/05/2024"))),
        ("3/5/2024", None, Err(needs("3/5/2024"))),
        ("05.03.2024", None, Err(needs("05.03.2024"))),
        ("03/05/2024", MDY, Ok(day(2024, 3, 5))),
        ("03/05/2024", DMY, Ok(day(2024, 5, 3))),
        ("3/5/2024", MDY, Ok(day(2024, 3, 5))),
        ("3/5/2024", DMY, Ok(day(2024, 5, 3))),
        ("05.03.2024", DMY, Ok(day(2024, 3, 5))),
        ("05-03-2024", DMY, Ok(day(2024, 3, 5))),
        ("2/29/2024", MDY, Ok(day(2024, 2, 29))),
        ("29/02/2024", None, Ok(day(2024, 2, 29))),
        ("03/05/2024 02:02:11 PM", MDY, Ok(day(2024, 3, 5))),
        ("03/05/2024 14:02", DMY, Ok(day(2024, 5, 3))),
        ("12/31/2026 11:59 pm", None, Ok(day(2026, 12, 31))),
        ("12/31/2026", DMY, Err("“12/31/2026” is not a date in DD/MM/YYYY order".to_owned())),
        ("31/12/2026", MDY, Err("“31/12/2026” is not a date in MM/DD/YYYY order".to_owned())),
        ("29/02/2023", DMY, Err("“29/02/2023” is not a date in DD/MM/YYYY order".to_owned())),
        ("02/30/2024", None, Err("“02/30/2024” is not a real date".to_owned())),
        ("13/13/2024", None, Err("“13/13/2024” is not a real date".to_owned())),
        ("12/31/2026x", None, Err("“12/31/2026x” is not a date".to_owned())),
        ("03/05/24", MDY, Err("“03/05/24” is not a date".to_owned())),
        ("003/05/2024", MDY, Err("“003/05/2024” is not a date".to_owned())),
        ("03/05.2024", MDY, Err("“03/05.2024” is not a date".to_owned())),
        ("1/2/3/2024", MDY, Err("“1/2/3/2024” is not a date".to_owned())),
        ("03/05/2024 25:00", MDY, Err("“03/05/2024 25:00” is not a date".to_owned())),
        ("2024/03/05", None, Err("“2024/03/05” is not a date".to_owned())),
    ];
    for (text, order, expected) in cases {
        assert_eq!(parse_date(text, order), expected, "{text} {order:?}");
    }
}

#[test]
fn one_cell_proves_an_order_only_when_the_other_cannot_read_it() {
    let cases = [
        ("12/31/2026", Some(DateOrder::MonthFirst)),
        ("2/29/2024", Some(DateOrder::MonthFirst)),
        ("31/12/2026", Some(DateOrder::DayFirst)),
        ("31.12.2026", Some(DateOrder::DayFirst)),
        ("13/01/2024 10:00", Some(DateOrder::DayFirst)),
        ("03/05/2024", None),
        ("05/05/2024", None),
        ("13/13/2024", None),
        ("2024-12-31", None),
        ("1709647331", None),
        ("", None),
    ];
    for (text, expected) in cases {
        assert_eq!(slashed_order_evidence(text), expected, "{text}");
    }
}

/// Cells of a file, the order given on the command line, and what the file's order comes to.
type OrderCase<'a> = (&'a [&'a str], Option<DateOrder>, Result<Option<DateOrder>, String>);

fn evidence(cells: &[&str]) -> DateOrderEvidence {
    let mut evidence = DateOrderEvidence::default();
    for cell in cells {
        evidence.observe(cell);
    }
    evidence
}

#[test]
fn a_file_settles_its_order_from_its_cells_or_the_flag() {
    let m = Some(DateOrder::MonthFirst);
    let d = Some(DateOrder::DayFirst);
    let cases: [OrderCase; 10] = [
        (&[], None, Ok(None)),
        (&["2024-03-05", "", "05/05/2024"], None, Ok(None)),
        (&["03/05/2024", "12/31/2026"], None, Ok(m)),
        (&["03/05/2024", "31/12/2026"], None, Ok(d)),
        (&["03/05/2024"], m, Ok(m)),
        (&["03/05/2024"], d, Ok(d)),
        (&["12/31/2026"], d, Ok(d)), // the flag wins; the cell will say it is not DD/MM/YYYY
        (
            &["04/06/2024", "03/05/2024"],
            None,
            Err("“04/06/2024” could be MM/DD/YYYY or DD/MM/YYYY: pass --date-format mdy or dmy"
                .to_owned()),
        ),
        (
            &["12/31/2026", " 31/12/2026 ", "01/31/2026"],
            None,
            Err(
                "the slashed dates mix orders: “12/31/2026” is month first, “31/12/2026” day first"
                    .to_owned(),
            ),
        ),
        (&["12/31/2026", "31/12/2026"], m, Ok(m)),
    ];
    for (cells, given, expected) in cases {
        assert_eq!(evidence(cells).order(given), expected, "{cells:?} {given:?}");
    }
}

#[test]
fn date_orders_read_from_the_command_line() {
    for text in ["mdy", "MDY", "MM/DD/YYYY", "m/d/yyyy", "us", "US", "month-first"] {
        assert_eq!(text.parse(), Ok(DateOrder::MonthFirst), "{text}");
    }
    for text in ["dmy", "DD/MM/YYYY", "dd.mm.yyyy", "D/M/YYYY", "eu", "uk", "day first"] {
        assert_eq!(text.parse(), Ok(DateOrder::DayFirst), "{text}");
    }
    assert_eq!(
        "ymd".parse::<DateOrder>(),
        Err("“ymd” is not a date format (mdy or MM/DD/YYYY; dmy or DD/MM/YYYY)".to_owned())
    );
    for order in [DateOrder::MonthFirst, DateOrder::DayFirst] {
        assert_eq!(order.to_string().parse(), Ok(order));
        assert_eq!(order.pattern().parse(), Ok(order));
    }
}
