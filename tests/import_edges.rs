//! `csm import` at the edges of SPEC 7: exports joined into one file, names that hold a blank
//! word, JSON lines that hold no object, files of very many columns, and amounts in another
//! currency than the book's.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/import.rs"]
mod support;

use support::{Book, on_each_engine};

const BOM: &str = "\u{feff}";

/// `cat part1.csv part2.csv` of two exports with a BOM: the second header row is refused on its
/// line, not imported as an account named `name`.
#[test]
fn a_header_row_repeated_by_joining_two_exports_is_refused_on_its_line() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let part = |rows: &str| format!("{BOM}external_id,name\r\n{rows}");
        let joined = part("A1,Alpha\r\nA2,Beta\r\n") + &part("B1,Gamma\r\n");
        let file = book.file("joined.csv", joined);
        assert_eq!(
            book.refused("accounts", &file, &[]),
            "FILE:4: the header row again, as when two exports are joined into one file: remove \
             this line, or import each part on its own\n"
        );
    });
}

/// A BOM that is not the file's first character is removed from the cell it starts: the id can
/// be referenced by the rows of other files.
#[test]
fn a_bom_inside_the_file_is_removed_from_the_value() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let file =
            book.file("a.csv", format!("{BOM}external_id,name\nA1,Alpha\n{BOM}B1,Be{BOM}ta\n"));
        book.imported("accounts", &file, &[]);
        let ids: Vec<String> =
            book.store().accounts().unwrap().into_iter().map(|a| a.external_id).collect();
        assert_eq!(ids, ["A1", "B1"]);
        assert_eq!(book.account("B1").name, "Beta");
        let usage = book.file("u.csv", "account,date,active_users\nB1,2026-11-01,3\n");
        assert!(book.imported("usage", &usage, &[]).contains("1 new"));
    });
}

/// The blank words are for whole cells: a first or last name that is one (`Nan`, `Null`) is part
/// of the name, and an account named `NaN` is imported.
#[test]
fn blank_words_inside_names_are_names() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let accounts = book.file("a.csv", "external_id,name\nA1,Alpha\nN1,NaN\n");
        book.imported("accounts", &accounts, &[]);
        assert_eq!(book.account("N1").name, "NaN");
        let contacts = book.file(
            "c.csv",
            "account,first_name,last_name,email\nA1,Nan,Goldin,nan@x.example\n\
             A1,Robert,Null,rn@x.example\nA1,Ada,-,ada@x.example\n",
        );
        book.imported("contacts", &contacts, &[]);
        let store = book.store();
        let id = book.account("A1").id;
        let mut names: Vec<String> =
            store.contacts(id).unwrap().into_iter().map(|c| c.name).collect();
        names.sort();
        assert_eq!(names, ["Ada", "Nan Goldin", "Robert Null"]);
    });
}

/// A JSON-lines file whose only line is not an object is refused with that line's JSON error,
/// not as a file without the required columns.
#[test]
fn json_lines_without_one_object_are_refused_with_the_json_error() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let deep = format!("{}1{}", "{\"a\":".repeat(200), "}".repeat(200));
        let cases = [
            (
                "{\"id\": 1e400, \"name\": \"A\"}",
                "not a JSON object: number out of range at character",
            ),
            (
                "{\"id\": \"\\ud800\", \"name\": \"A\"}",
                "not a JSON object: unexpected end of hex escape",
            ),
            (
                "{\"id\": \"A1\" \"name\": \"A\"}",
                "not a JSON object: expected `,` or `}` at character",
            ),
            (deep.as_str(), "not a JSON object: recursion limit exceeded at character"),
        ];
        for (line, reason) in cases {
            let file = book.file("a.jsonl", format!("{line}\n"));
            let refused = book.refused("accounts", &file, &[]);
            assert!(refused.starts_with(&format!("FILE:1: {reason}")), "{line}: {refused}");
            assert_eq!(refused.lines().count(), 1, "{refused}");
        }
    });
}

/// A file of a hundred thousand columns csm does not know: the summary names twenty of them,
/// then counts the rest.
#[test]
fn a_file_of_a_hundred_thousand_ignored_columns_is_summed_up_in_one_short_line() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let extra: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
        let file = book.file(
            "wide.csv",
            format!("external_id,name,{}\nA1,Alpha,{}\n", extra.join(","), ",".repeat(99_999)),
        );
        let out = book.imported("accounts", &file, &[]);
        let listed = extra[..20].join(", ");
        assert!(out.contains(&format!("\ncolumns ignored: {listed} and 99,980 more\n")), "{out}");
        assert!(out.len() < 500, "{out}");
    });
}

/// `[book.rates]` converts amounts in other currencies, rounded half away from zero to the cent;
/// a currency without a rate is refused with what to add.
#[test]
fn amounts_in_other_currencies_are_converted_at_the_configured_rate() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        book.config("[book.rates]\nEUR = 1.08\nJPY = 0.0067\n");
        let accounts = book.file(
            "a.csv",
            "external_id,name,arr,currency\nE1,Euro,\"EUR 1,000.005\",\nE2,Yen,\"1,234\",jpy\n\
             E3,Half,0.125,EUR\nU1,Dollar,\"$1,200.50\",\n",
        );
        book.imported("accounts", &accounts, &[]);
        // 1,000.005 × 1.08 = 1,080.0054; 1,234 × 0.0067 = 8.2678; 0.125 × 1.08 = 0.135, a half.
        let arr = |id: &str| book.account(id).arr_cents;
        assert_eq!([arr("E1"), arr("E2"), arr("E3"), arr("U1")], [108_001, 827, 14, 120_050]);
        let deals = book.file(
            "o.csv",
            "account,kind,amount,currency,close_date\nE1,expansion,€900,,2026-12-01\n\
             E2,expansion,18500,EUR,2026-12-02\n",
        );
        book.imported("opportunities", &deals, &[]);
        let store = book.store();
        let mut amounts: Vec<Option<i64>> = store
            .opportunities(book.account("E1").id)
            .unwrap()
            .into_iter()
            .chain(store.opportunities(book.account("E2").id).unwrap())
            .map(|o| o.amount_cents)
            .collect();
        amounts.sort();
        // 900 × 1.08 = 972; 18,500 × 1.08 = 19,980.
        assert_eq!(amounts, [Some(97_200), Some(1_998_000)]);

        let pounds = book.file("p.csv", "external_id,name,arr\nG1,Pound,£10\n");
        assert_eq!(
            book.refused("accounts", &pounds, &[]),
            "FILE:2: arr: is in GBP; the book is in USD, and no rate is configured: add `GBP = N` \
             under [book.rates] in the configuration, where N is what one GBP is worth in USD\n"
        );
    });
}

/// A rate that is not a number above 0 stops csm with the key named.
#[test]
fn a_rate_that_is_not_above_zero_is_an_error_naming_its_key() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        book.config("[book.rates]\nEUR = 0\n");
        let file = book.file("a.csv", "external_id,name\nA1,Alpha\n");
        let (ok, _, err) = book.import("accounts", &file, &[]);
        assert!(!ok);
        assert!(err.contains("key `book.rates.EUR`: must be a number above 0"), "{err}");
    });
}
