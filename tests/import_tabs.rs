//! `csm import` of tab-separated files (SPEC 7, Files): told from the header line or a `.tsv`
//! name, read with the same checks as CSV, and Excel's "Unicode text" (UTF-16 with its BOM,
//! tab-separated) of either byte order; UTF-16 without its BOM is named for what it is.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/import.rs"]
mod support;

use support::{Book, fixture, on_each_engine};

/// `text` in UTF-16 with its BOM, as Excel's "Unicode text" writes it.
fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let units = std::iter::once(0xFEFF).chain(text.encode_utf16());
    units.flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
}

/// The Salesforce accounts export, its cells written again separated by tabs (quoted only where
/// a cell holds a tab, a quote or a line end), imports into the same store as the CSV.
#[test]
fn a_tab_separated_file_imports_the_records_of_its_csv() {
    on_each_engine(|engine| {
        let csv_book = Book::new(engine);
        csv_book.imported("accounts", &fixture("salesforce_accounts.csv"), &[]);

        let mut reader = csv::Reader::from_path(fixture("salesforce_accounts.csv")).unwrap();
        let mut writer = csv::WriterBuilder::new().delimiter(b'\t').from_writer(Vec::new());
        writer.write_record(reader.headers().unwrap()).unwrap();
        for record in reader.records() {
            writer.write_record(&record.unwrap()).unwrap();
        }
        let tsv = writer.into_inner().unwrap();
        // Its header has tabs and no comma: a `.txt` name is enough.
        assert!(!tsv.contains(&b','));
        for name in ["accounts.txt", "accounts.tsv"] {
            let tsv_book = Book::new(engine);
            let out = tsv_book.imported("accounts", &tsv_book.file(name, &tsv), &[]);
            assert!(out.starts_with("FILE: imported 2 rows of accounts: 2 new"), "{out}");
            assert_eq!(tsv_book.store().accounts().unwrap(), csv_book.store().accounts().unwrap());
        }
    });
}

/// A cell quoted because it holds a tab keeps the tab inside it, and a header with a comma in
/// a name but more tabs than commas is tab-separated.
#[test]
fn a_quoted_tab_stays_inside_its_cell() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let text =
            "external_id\tname\tComment, internal\nA1\t\"Tab\there\"\tx\nA2\tTwo\t\"a, b\"\n";
        book.imported("accounts", &book.file("accounts.txt", text), &[]);
        assert_eq!(book.account("A1").name, "Tab\there");
        assert_eq!(book.account("A2").name, "Two");
    });
}

/// A header with as many commas as tabs is comma-separated, unless the file's name says `.tsv`.
#[test]
fn a_tsv_name_makes_the_file_tab_separated_whatever_its_header() {
    on_each_engine(|engine| {
        let text = "external_id\tname\tNotes (a, b, c)\nA1\tOne\tx\n";
        let book = Book::new(engine);
        let (ok, _, err) = book.import("accounts", &book.file("accounts.txt", text), &[]);
        assert!(!ok, "a comma-separated reading has no external_id column");
        assert!(err.contains("external_id"), "{err}");
        book.imported("accounts", &book.file("accounts.TSV", text), &[]);
        assert_eq!(book.account("A1").name, "One");
    });
}

/// Excel's "Unicode text": UTF-16 with its BOM, tab-separated, CRLF line ends, cells holding a
/// tab, a quote or a line end quoted; little-endian as Excel writes it, and big-endian too.
#[test]
fn excel_unicode_text_imports_in_either_byte_order() {
    on_each_engine(|engine| {
        let text = "external_id\tname\tarr\r\n\
                    A1\tZürich Ωmega 🦀\t\"$1,000\"\r\n\
                    A2\t\"Two\r\nlines\"\t5\r\n\
                    A3\t\"Say \"\"hi\"\"\"\t\r\n";
        for big_endian in [false, true] {
            let book = Book::new(engine);
            let out =
                book.imported("accounts", &book.file("unicode.txt", utf16(text, big_endian)), &[]);
            assert!(out.starts_with("FILE: imported 3 rows of accounts: 3 new"), "{out}");
            let a1 = book.account("A1");
            assert_eq!((a1.name.as_str(), a1.arr_cents), ("Zürich Ωmega 🦀", 100_000));
            assert_eq!(book.account("A2").name, "Two\r\nlines");
            assert_eq!(book.account("A3").name, "Say \"hi\"");
        }
    });
}

/// A bad cell in a UTF-16 tab-separated file is refused on its physical line (the header is
/// line 1, A2's quoted name spans lines 3 and 4, so A3 is on line 5) and under its column, with
/// the message the same file in UTF-8 gets.
#[test]
fn a_problem_in_a_utf16_file_names_its_line_and_column() {
    on_each_engine(|engine| {
        let text = "external_id\tname\tarr\r\nA1\tOne\t5\r\nA2\t\"Two\r\nlines\"\t5\r\nA3\tThree\tlots\r\n";
        let book = Book::new(engine);
        let utf8 = book.refused("accounts", &book.file("plain.txt", text), &[]);
        assert!(utf8.starts_with("FILE:5: arr: "), "{utf8}");
        assert_eq!(utf8.lines().count(), 1, "{utf8}");
        for big_endian in [false, true] {
            let file = book.file("unicode.txt", utf16(text, big_endian));
            assert_eq!(book.refused("accounts", &file, &[]), utf8);
        }
    });
}

/// UTF-16 without its BOM cannot be told from its bytes with certainty; it is refused with a
/// message that says what it looks like and how to save it so that it is read.
#[test]
fn utf16_without_its_bom_is_named_for_what_it_is() {
    on_each_engine(|engine| {
        let text = "external_id\tname\r\nA1\tMüller\r\n";
        for (big_endian, order) in [(false, "little-endian"), (true, "big-endian")] {
            let book = Book::new(engine);
            let file = book.file("unicode.txt", &utf16(text, big_endian)[2..]);
            assert_eq!(
                book.refused("accounts", &file, &[]),
                format!(
                    "FILE: the file is UTF-16 ({order}) without a byte-order mark; save it again as \
                     UTF-8, or as Excel's \"Unicode text\" (UTF-16 with its mark), which are read\n"
                )
            );
        }
    });
}
