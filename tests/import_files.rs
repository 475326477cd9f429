//! `csm import` on bad files (SPEC 7, Files, Values, Atomic and idempotent): each is refused with
//! the exact `FILE:LINE: COLUMN: reason`, where LINE is the physical line, and the store is left
//! as it was to the last row of every table.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/import.rs"]
mod support;

use chrono::NaiveDate;
use support::{Book, fixture, on_each_engine};

fn date(s: &str) -> Option<NaiveDate> {
    Some(s.parse().unwrap())
}

const UTF8_HINT: &str = "a file saved as windows-1252 reads with --encoding windows-1252";

#[test]
fn invalid_utf8_is_refused_on_its_line_and_windows_1252_reads_the_same_file() {
    on_each_engine(|engine| {
        let book = Book::with_companies(engine);
        // Line 3 holds a quoted newline: the bad byte is on physical line 4.
        let file = book.file(
            "a.csv",
            b"external_id,name,industry\nA1,Acme,\"Retail\nand more\"\nA2,Soci\xE9t\xE9,x\n",
        );
        assert_eq!(
            book.refused("accounts", &file, &[]),
            format!("FILE:4: name: invalid UTF-8: byte 0xE9 after \"Soci\"; {UTF8_HINT}\n")
        );
        let out = book.imported("accounts", &file, &["--encoding", "windows-1252"]);
        assert!(out.starts_with("FILE: imported 2 rows of accounts: 2 new"), "{out}");
        assert_eq!(book.account("A2").name, "Société");
        assert_eq!(book.account("A1").industry.as_deref(), Some("Retail\nand more"));
    });
}

#[test]
fn invalid_utf8_in_the_header_is_refused_on_line_one() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let file = book.file("a.csv", b"external_id,Soci\xE9t\xE9\nA1,Acme\n");
        assert_eq!(
            book.refused("accounts", &file, &[]),
            format!("FILE:1: header: invalid UTF-8: byte 0xE9 after \"Soci\"; {UTF8_HINT}\n")
        );
    });
}

/// Escapes, bidi overrides and zero-width characters, as a hostile or damaged file has them.
const EVIL_NAME: &str = "Evil\u{1b}[31mCorp\u{202e}gnp.exe\u{200b}\u{7}";

fn assert_clean(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let raw: Vec<char> = text
        .chars()
        .filter(|c| {
            (c.is_control() && !matches!(c, '\n' | '\r'))
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    assert!(raw.is_empty(), "{what} shows {raw:?} raw: {text}");
}

#[test]
fn control_and_bidi_characters_are_stored_as_given_and_never_shown_raw() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let file = book.file(
            "evil.csv",
            format!(
                "external_id,name,industry,Note\u{1b}[2J\nX1,\"{EVIL_NAME}\",Re\u{2066}ta\u{85}il,x\n"
            ),
        );
        let (ok, out, err) = book.import("accounts", &file, &[]);
        assert!(ok, "{err}");
        assert_clean("the import summary", format!("{out}{err}").as_bytes());
        assert!(out.contains("columns ignored: Note[2J"), "{out}");
        let stored = book.account("X1");
        assert_eq!(stored.name, EVIL_NAME, "stored as given");
        assert_eq!(stored.industry.as_deref(), Some("Re\u{2066}ta\u{85}il"));

        let (ok, report, _) = book.csm(&["report"]);
        assert!(ok);
        assert_clean("the report", &report);
        assert!(String::from_utf8_lossy(&report).contains("Evil[31mCorpgnp.exe"));
        let (ok, csv, _) = book.csm(&["export", "--format", "csv"]);
        assert!(ok);
        assert_clean("the CSV export", &csv);
        assert!(String::from_utf8_lossy(&csv).contains("X1,Evil[31mCorpgnp.exe,,,Retail,"));

        // A cell quoted in a problem is as safe as one shown anywhere else.
        let bad = book.file(
            "bad.csv",
            "external_id,name,domain,segment\nX2,x,\"\u{1b}[2Jno\u{202e} host\",\"Big\u{1b}[1m\u{200b}\"\n",
        );
        let problems = book.refused("accounts", &bad, &[]);
        assert_clean("the problems", problems.as_bytes());
        assert_eq!(
            problems,
            "FILE:2: domain: “[2Jno host” is not a domain\n\
             FILE:2: segment: “Big[1m” is not a segment (enterprise, mid-market, smb, self-service)\n"
        );
    });
}

const UNTERMINATED: &str =
    "unterminated quote: the quoted field that opens on this line never closes";

#[test]
fn an_unterminated_quote_at_the_end_of_the_file_is_refused_where_it_opens() {
    on_each_engine(|engine| {
        let book = Book::with_companies(engine);
        let file = book.file("a.csv", "external_id,name\nA1,Acme\nA2,\"Open\nstill open\n");
        assert_eq!(book.refused("accounts", &file, &[]), format!("FILE:3: {UNTERMINATED}\n"));
    });
}

#[test]
fn an_unterminated_quote_mid_file_is_one_problem_where_it_opens() {
    on_each_engine(|engine| {
        let book = Book::with_companies(engine);
        let file = book.file(
            "a.csv",
            "external_id,name,seats\nA1,Acme,1\nA2,\"Open,2\nA3,Three,3\nA4,Four,4\n",
        );
        assert_eq!(book.refused("accounts", &file, &[]), format!("FILE:3: {UNTERMINATED}\n"));
        // Closed by a quote further down, inside a cell: the same mistake, said so.
        let file = book.file("b.csv", "external_id,name\nA1,\"Open\nA2,Two\nA3,\"Three\"\n");
        assert_eq!(
            book.refused("accounts", &file, &[]),
            "FILE:2: a quoted field opens on this line and closes inside a cell on line 4: a quote \
             is left open, or not doubled\n"
        );
    });
}

#[test]
fn a_field_over_one_mebibyte_is_refused_quoting_only_its_start() {
    on_each_engine(|engine| {
        let book = Book::with_companies(engine);
        let huge = "Lorem ipsum dolor sit amet ".repeat(40_000);
        let file = book.file("a.csv", format!("external_id,name\nA1,Acme\nA2,\"{huge}\"\nA3,ok\n"));
        let problems = book.refused("accounts", &file, &[]);
        assert_eq!(
            problems,
            format!(
                "FILE:3: name: a field of {} bytes, over the limit of 1 MiB (it starts \"Lorem ipsum \
                 dolor si\"); is a quote left open?\n",
                huge.len()
            )
        );
    });
}

#[test]
fn an_empty_file_is_refused_and_a_header_alone_imports_nothing() {
    on_each_engine(|engine| {
        let book = Book::with_companies(engine);
        for (name, bytes) in
            [("empty.csv", &b""[..]), ("bom.csv", b"\xEF\xBB\xBF"), ("blank.csv", b"\r\n\n  \n")]
        {
            let file = book.file(name, bytes);
            assert_eq!(
                book.refused("accounts", &file, &[]),
                "FILE: the file is empty: it has no header row\n",
                "{name}"
            );
        }
        let before = book.dump();
        let file = book.file("header.csv", "external_id,name,arr\r\n");
        let out = book.imported("accounts", &file, &[]);
        assert_eq!(out, "FILE: imported 0 rows of accounts: 0 new, 0 updated, 0 unchanged\n");
        assert_eq!(book.dump(), before);
    });
}

#[test]
fn a_row_with_too_many_or_too_few_cells_is_refused() {
    on_each_engine(|engine| {
        let book = Book::with_companies(engine);
        // Empty cells past the header (a spreadsheet's habit) are not too many.
        let file = book.file("a.csv", "external_id,name\nA1,Acme,,\nA2,Two,extra\nA3\n");
        assert_eq!(
            book.refused("accounts", &file, &[]),
            "FILE:3: 3 cells, but the header has 2\nFILE:4: 1 cell, but the header has 2\n"
        );
    });
}

#[test]
fn crlf_files_with_multi_line_cells_place_later_rows_on_their_physical_lines() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let file = book.file(
            "a.csv",
            "external_id,name,industry,seats\r\n\
             C1,\"Multi\r\nline\r\nname\",Retail,5\r\n\
             C2,Two,\"a\r\nb\",x\r\n\
             \r\n\
             C3,Three,b,-1\r\n",
        );
        assert_eq!(
            book.refused("accounts", &file, &[]),
            "FILE:6: seats: “x” is not a whole number\nFILE:8: seats: “-1” is below 0\n"
        );
        // The cell after a multi-line cell is on the line that cell ends on.
        let file = book.file("b.csv", "external_id,industry,name\r\nC1,\"a\r\nb\",\r\n");
        assert_eq!(
            book.refused("accounts", &file, &[]),
            "FILE:3: name: is empty; it is required\n"
        );
        let file =
            book.file("c.csv", "external_id,name,industry\r\nC1,\"Multi\r\nline\",Retail\r\n");
        book.imported("accounts", &file, &[]);
        assert_eq!(book.account("C1").name, "Multi\r\nline", "stored as given");
    });
}

#[test]
fn lone_cr_files_name_the_physical_line_of_each_problem() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        // A classic Mac export: every line ends with a CR alone, one cell spans two lines.
        let file = book.file(
            "a.csv",
            "external_id,name,industry,seats\rC1,One,Retail,5\rC2,Two,Retail,lots\r\
             C3,\"Multi\rline\",Retail,-1\r",
        );
        assert_eq!(
            book.refused("accounts", &file, &[]),
            "FILE:3: seats: “lots” is not a whole number\nFILE:5: seats: “-1” is below 0\n"
        );
    });
}

#[test]
fn a_utf8_bom_is_not_part_of_the_first_header() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let file =
            book.file("a.csv", "\u{feff}\"Record ID\",\"Company name\"\r\n\"B1\",\"Bom Café\"\r\n");
        let out = book.imported("accounts", &file, &[]);
        assert_eq!(
            out,
            "FILE: imported 1 row of accounts: 1 new, 0 updated, 0 unchanged\nrescored 1 account\n"
        );
        assert_eq!(book.account("B1").name, "Bom Café");
    });
}

#[test]
fn a_salesforce_report_footer_is_skipped() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let file = book.file(
            "report.csv",
            "\"Account Owner\",\"Account Name\",\"Type\",\"Billing Country\",\"Account ID\"\n\
             \"Priya Natarajan\",\"Nimbus Lark Analytics (fictional)\",\"Customer - Direct\",\"United States\",\"0015g00000AbCdE\"\n\
             \"Marco Bellini\",\"Copperfield Widgets GmbH (fictional)\",\"Customer - Channel\",\"Germany\",\"0015g00000XyZw1\"\n\
             \n\
             \"Grand Totals (2 records)\"\n\
             \n\
             \"Confidential Information - Do Not Distribute\"\n\
             \"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\"\n",
        );
        let out = book.imported("accounts", &file, &[]);
        assert!(out.starts_with("FILE: imported 2 rows of accounts: 2 new"), "{out}");
        let nimbus = book.account("0015g00000AbCdE");
        assert_eq!(nimbus.owner.as_deref(), Some("Priya Natarajan"));
        assert_eq!(nimbus.region.as_deref(), Some("United States"));
        assert_eq!(book.store().accounts().unwrap().len(), 2);
    });
}

#[test]
fn nps_scores_are_whole_numbers_from_zero_to_ten_labels_included() {
    on_each_engine(|engine| {
        let book = Book::with_companies(engine);
        let file = book.file(
            "nps.csv",
            "email,date,score\n\
             dana@nimbuslark.example,2026-11-20,11\n\
             dana@nimbuslark.example,2026-11-21,10 - Extremely likely\n\
             j@copperfield.example,2026-11-21,9.5\n\
             j@copperfield.example,2026-11-22,-1\n",
        );
        assert_eq!(
            book.refused("nps", &file, &[]),
            "FILE:2: score: “11” is above 10\n\
             FILE:4: score: “9.5” is not an NPS score (0-10)\n\
             FILE:5: score: “-1” is below 0\n"
        );
        let file = book.file(
            "good.csv",
            "email,date,score\ndana@nimbuslark.example,2026-11-21,10 - Extremely likely\n\
             j@copperfield.example,2026-11-21,0 - Not at all likely\n",
        );
        book.imported("nps", &file, &[]);
        let scores: Vec<u8> =
            book.store().all_nps_responses().unwrap().iter().map(|n| n.score).collect();
        assert_eq!(scores, [10, 0], "Nimbus Lark's answer, then Copperfield's");
    });
}

#[test]
fn a_negative_seat_count_is_refused() {
    on_each_engine(|engine| {
        let book = Book::with_companies(engine);
        let file =
            book.file("a.csv", "Record ID,Company name,Seats\n18233441001,,-4\n18233441002,,-\n");
        // `-` alone is blank (keep the stored count); `-4` is below zero.
        assert_eq!(book.refused("accounts", &file, &[]), "FILE:2: Seats: “-4” is below 0\n");
    });
}

#[test]
fn an_unknown_segment_is_refused_listing_the_accepted_ones() {
    on_each_engine(|engine| {
        let book = Book::with_companies(engine);
        let file = book.file(
            "a.csv",
            "Record ID,Company name,Segment\n18233441001,,Startup\n18233441002,,Mid Market\n",
        );
        assert_eq!(
            book.refused("accounts", &file, &[]),
            "FILE:2: Segment: “Startup” is not a segment (enterprise, mid-market, smb, self-service)\n"
        );
    });
}

#[test]
fn two_aliases_for_one_field_are_refused_naming_both_until_a_map_says_which() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let file = book.file(
            "a.csv",
            "Record ID,Company name,Account Name\nH1,Nimbus Lark,Nimbus Lark Analytics\n",
        );
        assert_eq!(
            book.refused("accounts", &file, &[]),
            "FILE:1: Account Name: \"Company name\" and \"Account Name\" could each be name; say which \
             with --map, e.g. \"Company name\" = \"name\"\n"
        );
        let map = book.file("map.toml", "[accounts]\n\"Account Name\" = \"name\"\n");
        let out = book.imported("accounts", &file, &["--map", map.to_str().unwrap()]);
        assert!(out.contains("columns ignored: Company name"), "{out}");
        assert_eq!(book.account("H1").name, "Nimbus Lark Analytics");
    });
}

#[test]
fn a_missing_required_column_lists_the_headers_found_and_the_nearest_known_names() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let file = book.file("a.csv", "Kunde,Webseite,Account Nmae\nx,y,z\n");
        assert_eq!(
            book.refused("accounts", &file, &[]),
            "FILE:1: external_id: no column for the required field external_id; the headers are \
             \"Kunde\", \"Webseite\", \"Account Nmae\"; the nearest known names are \"Account ID\", \
             \"accountExternalId\", \"Account ID (18)\"; name its column with --map\n\
             FILE:1: name: no column for the required field name; the headers are \"Kunde\", \
             \"Webseite\", \"Account Nmae\"; the nearest known names are \"Account Name\", \
             \"Company name\", \"Customer Name\"; name its column with --map\n"
        );
    });
}

#[test]
fn a_map_naming_a_field_the_kind_lacks_is_refused() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let file = book.file("a.csv", "Kunde,Name\nK1,x\n");
        let map = book.file("map.toml", "[accounts]\n\"Kunde\" = \"customer\"\n");
        assert_eq!(
            book.refused("accounts", &file, &["--map", map.to_str().unwrap()]),
            "MAP: --map: \"Kunde\" = \"customer\": accounts has no field \"customer\"; its fields are \
             external_id, name, domain, segment, industry, region, owner, arr, currency, \
             seats_licensed, contract_start, renewal_date, lifecycle_stage, advocacy, mrr\n"
        );
    });
}

#[test]
fn fifty_problems_are_listed_then_the_rest_counted() {
    on_each_engine(|engine| {
        let book = Book::with_companies(engine);
        let rows: String = (0..73).map(|i| format!("M{i},Name {i},lots\n")).collect();
        let file = book.file("a.csv", format!("external_id,name,seats\n{rows}"));
        let problems = book.refused("accounts", &file, &[]);
        let lines: Vec<&str> = problems.lines().collect();
        assert_eq!(lines.len(), 51, "{problems}");
        assert_eq!(lines[0], "FILE:2: seats: “lots” is not a whole number");
        assert_eq!(lines[49], "FILE:51: seats: “lots” is not a whole number");
        assert_eq!(lines[50], "… and 23 more problems");
    });
}

#[test]
fn the_same_file_twice_changes_nothing_the_second_time() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let file = fixture("hubspot_companies.csv");
        book.imported("accounts", &file, &[]);
        let before = book.dump();
        let out = book.imported("accounts", &file, &[]);
        assert!(
            out.starts_with("FILE: imported 2 rows of accounts: 0 new, 0 updated, 2 unchanged\n")
        );
        assert!(!out.contains("rescored"), "{out}");
        assert_eq!(book.dump(), before);
    });
}

const ONE_MERGED: &str = "1 row merged into an earlier row of the file with the same key: \
                          later values win, blank cells keep earlier ones\n";

#[test]
fn two_rows_with_one_key_merge_the_later_winning_and_the_summary_says_so() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let file = book.file(
            "a.csv",
            "external_id,name,seats,industry\nD1,First,5,Retail\nD2,Other,6,\nD1,Second,,Banking\n",
        );
        let out = book.imported("accounts", &file, &[]);
        assert_eq!(
            out,
            format!(
                "FILE: imported 3 rows of accounts: 2 new, 0 updated, 0 unchanged\n{ONE_MERGED}\
                 rescored 2 accounts\n"
            )
        );
        let d1 = book.account("D1");
        assert_eq!((d1.name.as_str(), d1.industry.as_deref()), ("Second", Some("Banking")));
        assert_eq!(d1.seats_licensed, Some(5), "a blank in the later row keeps the earlier value");
        assert_eq!(book.store().accounts().unwrap().len(), 2);
        // The same file again: the merged account is what is stored, so nothing changes, and no
        // revision moves (the dump holds them), which keeps every cached score valid.
        let before = book.dump();
        let again = book.imported("accounts", &file, &[]);
        assert_eq!(
            again,
            format!(
                "FILE: imported 3 rows of accounts: 0 new, 0 updated, 2 unchanged\n{ONE_MERGED}"
            )
        );
        assert_eq!(book.dump(), before);
    });
}

/// A file of each kind naming one record on two rows: merged, and the second import of the
/// file changes nothing at all.
#[test]
fn every_kind_naming_a_record_twice_imports_unchanged_the_second_time() {
    on_each_engine(|engine| {
        let book = Book::with_companies(engine);
        let files = [
            (
                "contacts",
                "account,name,email,title,reports_to\n\
                 18233441001,Dana,dana@nimbuslark.example,CTO,sam@nimbuslark.example\n\
                 18233441001,Sam,sam@nimbuslark.example,VP,\n\
                 18233441001,Dana Whitcombe,dana@nimbuslark.example,,\n",
            ),
            (
                "tickets",
                "external_id,account,opened,priority,subject\n\
                 T1,18233441001,2026-03-01,high,First\nT1,18233441001,2026-03-02,,Second\n",
            ),
            (
                "nps",
                "email,account,score,date,comment\n\
                 a@nimbuslark.example,18233441001,9,2026-03-01,Great\n\
                 A@nimbuslark.example,18233441001,7,2026-03-01,\n",
            ),
            (
                "interactions",
                "account,date,kind,summary,body\n\
                 18233441001,2026-03-01,call,Kickoff,one\n18233441001,2026-03-01,call,Kickoff,two\n",
            ),
            (
                "opportunities",
                "external_id,account,kind,amount,close_date\n\
                 O1,18233441001,renewal,100,2026-06-30\nO1,18233441001,,200,\n",
            ),
            (
                "usage",
                "account,date,active_users,events\n\
                 18233441001,2026-03-01,5,9\n18233441001,2026-03-01,6,\n",
            ),
            (
                "features",
                "account,date,feature,events\n\
                 18233441001,2026-03-01,export,9\n18233441001,2026-03-01,export,4\n",
            ),
        ];
        for (kind, text) in files {
            let file = book.file(&format!("{kind}.csv"), text);
            let records = text.lines().count() - 2;
            let first = book.imported(kind, &file, &[]);
            let counts = format!("{records} new, 0 updated, 0 unchanged\n{ONE_MERGED}");
            assert!(first.contains(&counts), "{kind}: {first}");
            let before = book.dump();
            let again = book.imported(kind, &file, &[]);
            let counts = format!("0 new, 0 updated, {records} unchanged\n{ONE_MERGED}");
            assert!(again.ends_with(&counts), "{kind}: {again}");
            assert_eq!(book.dump(), before, "{kind}");
        }
        let store = book.store();
        let nimbus = book.account("18233441001").id;
        let contacts = store.contacts(nimbus).unwrap();
        let dana = contacts.iter().find(|c| c.email.as_deref() == Some("dana@nimbuslark.example"));
        let dana = dana.unwrap();
        let sam = contacts.iter().find(|c| c.name == "Sam").unwrap();
        assert_eq!((dana.name.as_str(), dana.title.as_deref()), ("Dana Whitcombe", Some("CTO")));
        assert_eq!(dana.reports_to, Some(sam.id), "named on a row before Sam was written");
        let tickets = store.tickets(nimbus).unwrap();
        assert_eq!(tickets.len(), 1);
        assert_eq!(tickets[0].subject.as_deref(), Some("Second"));
        assert_eq!(
            tickets[0].priority,
            csm::domain::Priority::High,
            "a blank keeps the earlier one"
        );
        let answers = store.all_nps_responses().unwrap();
        assert_eq!(answers.len(), 1);
        assert_eq!((answers[0].score, answers[0].comment.as_deref()), (7, Some("Great")));
        let usage = store.usage(nimbus, date("2026-03-01").unwrap(), date("2026-03-01").unwrap());
        let usage = usage.unwrap();
        assert_eq!((usage[0].active_users, usage[0].events), (6, Some(9)));
    });
}
