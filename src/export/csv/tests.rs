//! The CSV safety rules: formulas neutralised in text cells only, unsafe characters removed,
//! quotes and line breaks surviving a CSV reader, and a whole book that parses back (on each
//! engine).

use std::borrow::Cow;

use super::{HEADER, safe_cell, units, writer};
use crate::book::ScoredBook;
use crate::config::Config;
use crate::demo::{DemoOptions, generate};
use crate::test_support::stores::on_each_engine;

#[test]
fn every_formula_prefix_is_neutralised() {
    for cell in ["=1+1", "+1", "-1", "@SUM(A1)", "=HYPERLINK(\"http://x\",\"y\")", "  =1+1"] {
        let safe = safe_cell(cell);
        assert!(safe.starts_with('\''), "{cell:?} became {safe:?}");
        assert_eq!(&safe[1..], cell, "only the quote is added");
    }
}

#[test]
fn tab_and_carriage_return_prefixes_cannot_start_a_formula() {
    // Both are removed as control characters (into spaces); what follows is still checked.
    assert_eq!(safe_cell("\t=1+1"), "' =1+1");
    assert_eq!(safe_cell("\r-2"), "' -2");
    assert_eq!(safe_cell("\tplain"), " plain");
    assert!(super::starts_a_formula('\t') && super::starts_a_formula('\r'));
}

#[test]
fn harmless_text_is_untouched_and_borrowed() {
    for cell in ["Acme", "Société Générale", "a=b", "x-ray", "e@mail", "'quoted", ""] {
        assert!(matches!(safe_cell(cell), Cow::Borrowed(c) if c == cell), "{cell:?}");
    }
}

#[test]
fn control_bidi_and_zero_width_characters_are_removed() {
    let hostile = "Ev\u{1b}[31mil\u{7f}\u{9b}\u{202e}gnp.exe\u{202c}\u{2066}x\u{2069}\u{200b}\u{200d}\u{feff}!";
    assert_eq!(safe_cell(hostile), "Ev[31milgnp.exex!");
    // A hidden character in front of a formula does not hide it.
    assert_eq!(safe_cell("\u{200b}=1+1"), "'=1+1");
    assert_eq!(safe_cell("\u{202e}@cmd"), "'@cmd");
}

#[test]
fn money_is_units_with_two_decimals() {
    assert_eq!(units(9_600_000), "96000.00");
    assert_eq!(units(123_456), "1234.56");
    assert_eq!(units(5), "0.05");
    assert_eq!(units(0), "0.00");
    assert_eq!(units(-1_050), "-10.50");
}

#[test]
fn quotes_commas_and_line_breaks_survive_a_reader() {
    let cells = ["He said \"hi\", then left", "two\nlines", "semi;colon", "-10", "=x"];
    let safe: Vec<String> = cells.iter().map(|c| safe_cell(c).into_owned()).collect();
    let mut out = Vec::new();
    {
        let mut w = writer(&mut out);
        w.write_record(&safe).unwrap();
        // A numeric column is written as is.
        w.write_record(["-10", "", "", "", ""]).unwrap();
        w.flush().unwrap();
    }
    assert!(out.ends_with(b"\r\n"), "CRLF line ends");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(out.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "a line break inside a cell does not split the record");
    assert_eq!(&rows[0][0], "He said \"hi\", then left");
    assert_eq!(&rows[0][1], "two lines");
    assert_eq!(&rows[0][2], "semi;colon");
    assert_eq!(&rows[0][3], "'-10", "a text cell is quoted even when it looks like a number");
    assert_eq!(&rows[0][4], "'=x");
    assert_eq!(&rows[1][0], "-10", "a number stays a number");
}

#[test]
fn a_book_parses_back_with_one_row_per_account() {
    on_each_engine("a_book_parses_back_with_one_row_per_acco", |mut store| {
        let as_of = "2026-11-24".parse().unwrap();
        generate(&mut store, &DemoOptions { accounts: 12, seed: 9, as_of, years: 3 }).unwrap();
        let book = ScoredBook::load(&mut store, &Config::default(), as_of).unwrap();
        let mut out = Vec::new();
        assert_eq!(super::csv(&book, &mut out).unwrap(), book.accounts.len());
        assert!(out.starts_with(super::BOM));
        let mut reader = csv::Reader::from_reader(out.as_slice());
        assert_eq!(reader.headers().unwrap(), &csv::StringRecord::from(HEADER.to_vec()));
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), book.accounts.len());
        let column = |name: &str| HEADER.iter().position(|h| *h == name).unwrap();
        for (row, entry) in rows.iter().zip(&book.accounts) {
            assert_eq!(&row[column("external_id")], entry.account.external_id);
            let health = entry.summary.health.map(|h| h.to_string()).unwrap_or_default();
            assert_eq!(&row[column("health")], health);
            let delta = entry.summary.delta.map(|d| d.to_string()).unwrap_or_default();
            assert_eq!(&row[column("delta_30")], delta, "negative deltas stay numbers");
            assert_eq!(&row[column("band")], entry.summary.band.to_string());
        }
    });
}
