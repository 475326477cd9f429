//! `csm import` on the regional and vendor formats a CSM meets first (SPEC 7, Values): European
//! files with semicolons, decimal commas and dotted dates, US slashed dates read month first only
//! when a cell proves it, impossible dates refused, and the survey exports whose extra header rows
//! and US date-times need reading.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/import.rs"]
mod support;

use chrono::NaiveDate;
use support::{Book, fixture, on_each_engine};

fn date(s: &str) -> Option<NaiveDate> {
    Some(s.parse().unwrap())
}

#[test]
fn a_european_file_has_semicolons_decimal_commas_and_dotted_dates() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        book.config("[book]\ncurrency = \"EUR\"\n");
        let text = "Kundennummer;Name;ARR;Renewal Date\n\
                    E1;Müller GmbH;1.234.567,00 €;31.12.2026\n\
                    E2;\"Dupont; Fils\";96.000,50 €;01.04.2027\n";
        let map = book.file("map.toml", "\"Kundennummer\" = \"external_id\"\n");
        let file = book.file("eu.csv", text);
        // 31.12.2026 can only be day first, so the file's other dates are read day first too.
        book.imported("accounts", &file, &["--map", map.to_str().unwrap()]);
        let muller = book.account("E1");
        assert_eq!((muller.name.as_str(), muller.arr_cents), ("Müller GmbH", 123_456_700));
        assert_eq!(muller.renewal_date, date("2026-12-31"));
        let dupont = book.account("E2");
        assert_eq!((dupont.name.as_str(), dupont.arr_cents), ("Dupont; Fils", 9_600_050));
        assert_eq!(dupont.renewal_date, date("2027-04-01"));

        // When no date proves the order, the file needs --date-format.
        let file = book.file("eu2.csv", text.replace("31.12.2026", "01.12.2026"));
        let flag = ["--map", map.to_str().unwrap()];
        assert_eq!(
            book.refused("accounts", &file, &flag),
            "FILE:2: Renewal Date: “01.12.2026” could be MM/DD/YYYY or DD/MM/YYYY: pass --date-format mdy or dmy\n"
        );
        let out =
            book.imported("accounts", &file, &[&flag[..], &["--date-format", "dmy"]].concat());
        assert!(out.contains("0 new, 1 updated, 1 unchanged"), "{out}");
        assert_eq!(book.account("E1").renewal_date, date("2026-12-01"));

        // In a book kept in dollars, euros need a rate.
        const NO_EUR_RATE: &str = "add `EUR = N` under [book.rates] in the configuration, where N is what one EUR is worth in USD";
        let usd = Book::new(engine);
        assert_eq!(
            usd.refused("accounts", &book.file("eu.csv", text), &flag),
            format!(
                "FILE:2: ARR: is in EUR; the book is in USD, and no rate is configured: {NO_EUR_RATE}\n\
                 FILE:3: ARR: is in EUR; the book is in USD, and no rate is configured: {NO_EUR_RATE}\n"
            )
        );
    });
}

#[test]
fn us_slashed_dates_are_read_month_first_only_when_a_day_over_twelve_proves_it() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let proven = book.file(
            "proven.csv",
            "external_id,name,contract_start,renewal_date\nU1,One,03/04/2025,12/31/2026\nU2,Two,,06/07/2027\n",
        );
        book.imported("accounts", &proven, &[]);
        let one = book.account("U1");
        assert_eq!(
            (one.contract_start, one.renewal_date),
            (date("2025-03-04"), date("2026-12-31"))
        );
        assert_eq!(book.account("U2").renewal_date, date("2027-06-07"));

        let ambiguous = book.file(
            "ambiguous.csv",
            "external_id,name,renewal_date\nU3,Three,03/04/2026\nU4,Four,6/7/2027\n",
        );
        assert_eq!(
            book.refused("accounts", &ambiguous, &[]),
            "FILE:2: renewal_date: “03/04/2026” could be MM/DD/YYYY or DD/MM/YYYY: pass --date-format mdy or dmy\n"
        );
        book.imported("accounts", &ambiguous, &["--date-format", "mdy"]);
        assert_eq!(book.account("U3").renewal_date, date("2026-03-04"));
        assert_eq!(book.account("U4").renewal_date, date("2027-06-07"));

        // A file whose dates prove both orders is refused whatever it is told.
        let mixed = book.file(
            "mixed.csv",
            "external_id,name,renewal_date\nU5,Five,12/31/2026\nU6,Six,31/12/2026\n",
        );
        assert_eq!(
            book.refused("accounts", &mixed, &[]),
            "FILE:3: renewal_date: the slashed dates mix orders: “12/31/2026” is month first, “31/12/2026” day first\n"
        );
        assert_eq!(
            book.refused("accounts", &mixed, &["--date-format", "mdy"]),
            "FILE:3: renewal_date: “31/12/2026” is not a date in MM/DD/YYYY order\n"
        );
    });
}

#[test]
fn an_impossible_date_is_refused() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let file = book.file(
            "a.csv",
            "external_id,name,renewal_date,contract_start\nA1,Acme,2026-02-30,2025-02-29T10:00:00Z\n",
        );
        assert_eq!(
            book.refused("accounts", &file, &[]),
            "FILE:2: contract_start: “2025-02-29T10:00:00Z” is not a real date\n\
             FILE:2: renewal_date: “2026-02-30” is not a real date\n"
        );
    });
}

#[test]
fn a_qualtrics_export_skips_its_extra_header_rows_and_reads_q1_as_the_score() {
    on_each_engine(|engine| {
        let book = Book::with_companies(engine);
        let out = book.imported("nps", &fixture("qualtrics_nps.csv"), &[]);
        assert!(
            out.starts_with("FILE: imported 3 rows of nps: 3 new, 0 updated, 0 unchanged\n"),
            "{out}"
        );
        assert!(out.contains("Q1_NPS_GROUP"), "the group code is not the score: {out}");
        let (nimbus, copperfield) = (book.account("18233441001"), book.account("18233441002"));
        let answers = book.store().all_nps_responses().unwrap();
        let got: Vec<_> = answers
            .iter()
            .map(|n| (n.account_id, n.email.as_deref(), n.score, n.date, n.comment.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    nimbus.id,
                    Some("dana.whitcombe@nimbuslark.example"),
                    9,
                    date("2026-11-18").unwrap(),
                    Some("Reliable, but reporting needs work"),
                ),
                // No ExternalReference: placed by the email's domain.
                (
                    nimbus.id,
                    Some("sam.okoye@nimbuslark.example"),
                    7,
                    date("2026-11-20").unwrap(),
                    None
                ),
                (
                    copperfield.id,
                    Some("j.albrecht@copperfield.example"),
                    4,
                    date("2026-11-19").unwrap(),
                    Some("Zu teuer.\nDer Export zeigt \"€\" falsch."),
                ),
            ]
        );
        let again = book.imported("nps", &fixture("qualtrics_nps.csv"), &[]);
        assert!(again.contains("0 new, 0 updated, 3 unchanged"), "{again}");
    });
}

#[test]
fn a_surveymonkey_export_reads_the_question_column_and_us_date_times() {
    on_each_engine(|engine| {
        let book = Book::with_companies(engine);
        let out = book.imported("nps", &fixture("surveymonkey_nps.csv"), &[]);
        assert!(
            out.starts_with("FILE: imported 3 rows of nps: 3 new, 0 updated, 0 unchanged\n"),
            "{out}"
        );
        let (nimbus, copperfield) = (book.account("18233441001"), book.account("18233441002"));
        let answers = book.store().all_nps_responses().unwrap();
        let got: Vec<_> = answers
            .iter()
            .map(|n| (n.account_id, n.email.as_deref(), n.score, n.date, n.comment.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    nimbus.id,
                    Some("dana.whitcombe@nimbuslark.example"),
                    10,
                    date("2026-11-20").unwrap(),
                    Some("Reliable, but reporting needs work"),
                ),
                (
                    nimbus.id,
                    Some("sam.okoye@nimbuslark.example"),
                    6,
                    date("2026-11-21").unwrap(),
                    Some("Slow\r\nexports"),
                ),
                // The end date `11/3/2026 2:04:40 PM`: month first, as 11/20 proves.
                (
                    copperfield.id,
                    Some("J.Albrecht@Copperfield.example"),
                    0,
                    date("2026-11-03").unwrap(),
                    None
                ),
            ]
        );
        let again = book.imported("nps", &fixture("surveymonkey_nps.csv"), &[]);
        assert!(again.contains("0 new, 0 updated, 3 unchanged"), "{again}");
    });
}
