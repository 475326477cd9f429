//! Properties of the import library entry point: whatever bytes a file holds, an import never
//! panics and, when it refuses the file, writes nothing; and accounts written as CSV (the way
//! CRM exports quote commas, quotes, newlines and accents) read back field by field, again
//! unchanged on a second import, and the same through the CSV export.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/import.rs"]
mod support;

use std::cell::RefCell;

use chrono::NaiveDate;
use csm::book::ScoredBook;
use csm::config::Config;
use csm::domain::{Account, AccountId, Segment, terminal_safe};
use csm::import::{Encoding, Kind, Options, Summary, import_bytes};
use csm::store::Store;
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};

fn as_of() -> NaiveDate {
    support::AS_OF.parse().unwrap()
}

fn runner() -> TestRunner {
    TestRunner::new(RunnerConfig {
        cases: 64,
        failure_persistence: None,
        ..RunnerConfig::default()
    })
}

/// A book on disk (so that every table can be dumped) holding the two HubSpot companies.
fn book_with_companies() -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let mut store = Store::create(&db).unwrap();
    let bytes = std::fs::read(support::fixture("hubspot_companies.csv")).unwrap();
    let config = Config::default();
    import_bytes(&mut store, &config, Kind::Accounts, bytes, &Options::default(), as_of()).unwrap();
    (dir, db, store)
}

/// A kind and bytes shaped like a CSV file of it, often enough to reach past the header: the
/// kind's header (sometimes any columns), then rows of about as many cells, each mixing good
/// values, quotes, delimiters, line ends, bytes that are not UTF-8 and characters that must
/// never reach a terminal.
fn csv_like() -> impl Strategy<Value = (Kind, Vec<u8>)> {
    let known = vec![
        "external_id",
        "name",
        "Record ID",
        "Company name",
        "account",
        "date",
        "active_users",
        "events",
        "seats",
        "arr",
        "renewal_date",
        "segment",
        "domain",
    ];
    let accounts = vec!["external_id", "name", "seats", "arr", "renewal_date", "segment", "domain"];
    let usage = vec!["account", "date", "active_users", "events"];
    let header = prop_oneof![
        3 => Just((Kind::Accounts, accounts)),
        3 => Just((Kind::Usage, usage)),
        1 => (prop::sample::select(vec![Kind::Accounts, Kind::Usage]),
              prop::sample::subsequence(known, 0..=8)),
    ];
    let token = prop::sample::select(vec![
        &b"18233441001"[..],
        b"Nimbus Lark Analytics (fictional)",
        b"copperfield.example",
        b"2026-11-20",
        b"12/31/2026",
        b"03/04/2026",
        b"2026-02-30",
        b"1709647331",
        b"41",
        b"41",
        b"-4",
        b"$96,000.00",
        b"1.234.567,00 \xE2\x82\xAC",
        b"Mid-Market",
        b"",
        b"",
        b",",
        b";",
        b"\"",
        b"\"\"",
        b"\n",
        b"\r\n",
        b"\r",
        b"\xEF\xBB\xBF",
        b"\xE9",
        b"\xFF\xFE",
        b"\x1B[31m",
        b"\xE2\x80\xAE",
        b"\x00",
        b"{",
        b"\"a\":1}",
        b"N/A",
        b"Grand Totals (2 records)",
        b"{\"ImportId\":\"x\"}",
    ]);
    let cell = prop::collection::vec(token, 0..3).prop_map(|parts| parts.concat());
    let rows = prop::collection::vec(prop::collection::vec(cell, 0..9), 0..12);
    (header, rows).prop_map(|((kind, header), rows)| {
        let mut bytes = header.join(",").into_bytes();
        for row in rows {
            bytes.push(b'\n');
            // About as many cells as the header: a few more or fewer now and then.
            let width = if row.len() % 3 == 0 { row.len() } else { header.len() };
            for i in 0..width {
                if i > 0 {
                    bytes.push(b',');
                }
                bytes.extend_from_slice(row.get(i % row.len().max(1)).map_or(&b""[..], |c| c));
            }
        }
        (kind, bytes)
    })
}

#[test]
fn any_bytes_never_panic_and_a_refused_file_writes_nothing() {
    let (_dir, db, store) = book_with_companies();
    let store = RefCell::new(store);
    let config = Config::default();
    let kind = prop::sample::select(vec![Kind::Accounts, Kind::Usage]);
    let file = prop_oneof![(kind, prop::collection::vec(any::<u8>(), 0..400)), csv_like()];
    let encoding = prop::sample::select(vec![Encoding::Utf8, Encoding::Windows1252]);
    runner()
        .run(&(file, encoding, any::<bool>()), |((kind, bytes), encoding, dry_run)| {
            let before = support::dump(&db);
            let options = Options { encoding, dry_run, ..Options::default() };
            let result =
                import_bytes(&mut store.borrow_mut(), &config, kind, bytes, &options, as_of());
            if result.is_err() || dry_run {
                prop_assert_eq!(support::dump(&db), before);
            }
            Ok(())
        })
        .unwrap();
}

/// One generated account and the way its row spells each value.
#[derive(Debug, Clone)]
struct Generated {
    account: Account,
    arr: String,
    segment: String,
    contract_start: String,
    renewal_date: String,
}

/// Text as a CRM holds it: letters (accents included) around commas, quotes, apostrophes,
/// ampersands and inner newlines; never blank-looking, never padded.
fn text() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-ÿ][A-Za-z0-9À-ÿ ,\"'&.\n-]{0,24}[A-Za-zÀ-ÿ0-9)]"
        .prop_filter("a blank spelling", |s| !csm::import::values::is_blank(s))
}

fn day() -> impl Strategy<Value = NaiveDate> {
    (0_i64..15_000)
        .prop_map(|n| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(n as u64))
}

/// An amount in cents, spelled as exports spell dollars.
fn spelled_arr(cents: i64, style: u8) -> String {
    let (units, rest) = (cents / 100, cents % 100);
    let grouped = {
        let digits = units.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    match style % 4 {
        0 => format!("{units}.{rest:02}"),
        1 => format!("${grouped}.{rest:02}"),
        2 => format!("USD {grouped}.{rest:02}"),
        _ if rest == 0 => units.to_string(),
        _ => format!("{units}.{rest:02}"),
    }
}

fn spelled_date(date: Option<NaiveDate>, style: u8) -> String {
    match (date, style % 3) {
        (None, _) => String::new(),
        (Some(d), 0) => d.to_string(),
        (Some(d), 1) => format!("{d}T09:30:00Z"),
        (Some(d), _) => format!("{d} 14:02"),
    }
}

fn generated(index: usize) -> impl Strategy<Value = Generated> {
    let segments = prop::sample::select(vec![
        (Segment::Enterprise, "Enterprise"),
        (Segment::MidMarket, "Mid Market"),
        (Segment::MidMarket, "MM"),
        (Segment::Smb, "Small Business"),
        (Segment::SelfService, "self-serve"),
    ]);
    (
        "[A-Z]{2}[0-9]{2,6}",
        text(),
        prop::option::of("[a-z]{3,10}\\.(com|io|example)"),
        prop::option::of(segments),
        prop::option::of(text()),
        prop::option::of(text()),
        (0_i64..5_000_000_000, any::<u8>()),
        prop::option::of(0_i64..200_000),
        (prop::option::of(day()), prop::option::of(day()), any::<u8>()),
    )
        .prop_map(move |(id, name, domain, segment, industry, owner, arr, seats, dates)| {
            let (cents, style) = arr;
            let (start, renewal, date_style) = dates;
            Generated {
                account: Account {
                    id: AccountId(0),
                    external_id: format!("{id}-{index}"),
                    name,
                    domain,
                    segment: segment.map(|(s, _)| s),
                    industry,
                    region: None,
                    owner,
                    arr_cents: cents,
                    seats_licensed: seats,
                    contract_start: start,
                    renewal_date: renewal,
                    lifecycle_stage: None,
                    advocacy: None,
                    version: 0,
                },
                arr: spelled_arr(cents, style),
                segment: segment.map_or(String::new(), |(_, s)| s.to_owned()),
                contract_start: spelled_date(start, date_style),
                renewal_date: spelled_date(renewal, date_style / 3),
            }
        })
}

fn generated_book() -> impl Strategy<Value = Vec<Generated>> {
    (1_usize..8).prop_flat_map(|n| (0..n).map(generated).collect::<Vec<_>>())
}

/// The rows as a CSV file: quoted only where needed or everywhere, LF or CRLF, with or without
/// a byte-order mark, headers as HubSpot spells them.
fn written(rows: &[Generated], always_quote: bool, crlf: bool, bom: bool) -> Vec<u8> {
    let mut out = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
    let mut csv = csv::WriterBuilder::new()
        .quote_style(if always_quote {
            csv::QuoteStyle::Always
        } else {
            csv::QuoteStyle::Necessary
        })
        .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
        .from_writer(&mut out);
    csv.write_record([
        "Record ID",
        "Company name",
        "Company Domain Name",
        "Segment",
        "Industry",
        "CSM",
        "ARR",
        "Seats",
        "Contract Start Date",
        "Renewal Date",
    ])
    .unwrap();
    for g in rows {
        let a = &g.account;
        csv.write_record([
            a.external_id.as_str(),
            &a.name,
            a.domain.as_deref().unwrap_or_default(),
            &g.segment,
            a.industry.as_deref().unwrap_or_default(),
            a.owner.as_deref().unwrap_or_default(),
            &g.arr,
            &a.seats_licensed.map(|s| s.to_string()).unwrap_or_default(),
            &g.contract_start,
            &g.renewal_date,
        ])
        .unwrap();
    }
    csv.flush().unwrap();
    drop(csv);
    out
}

fn import(store: &mut Store, bytes: Vec<u8>) -> Summary {
    let config = Config::default();
    import_bytes(store, &config, Kind::Accounts, bytes, &Options::default(), as_of())
        .unwrap_or_else(|e| panic!("{e}: {e:?}"))
}

/// The accounts of `store` by external id, their store ids blanked.
fn accounts(store: &Store) -> Vec<Account> {
    let mut all = store.accounts().unwrap();
    all.iter_mut().for_each(|a| a.id = AccountId(0));
    all.sort_by(|a, b| a.external_id.cmp(&b.external_id));
    all
}

fn sorted(rows: &[Generated]) -> Vec<Account> {
    let mut all: Vec<Account> = rows.iter().map(|g| g.account.clone()).collect();
    all.sort_by(|a, b| a.external_id.cmp(&b.external_id));
    all
}

#[test]
fn generated_accounts_read_back_field_by_field_and_again_unchanged() {
    let strategy = (generated_book(), any::<bool>(), any::<bool>(), any::<bool>());
    runner()
        .run(&strategy, |(rows, always_quote, crlf, bom)| {
            let mut store = Store::open_in_memory().unwrap();
            let bytes = written(&rows, always_quote, crlf, bom);
            let first = import(&mut store, bytes.clone());
            prop_assert_eq!(first.tally.new, rows.len());
            prop_assert_eq!(accounts(&store), sorted(&rows));
            let again = import(&mut store, bytes);
            prop_assert_eq!(again.tally.unchanged, rows.len(), "{:?}", again);
            Ok(())
        })
        .unwrap();
}

#[test]
fn the_csv_export_imports_back_as_the_same_accounts() {
    runner()
        .run(&generated_book(), |rows| {
            let mut store = Store::open_in_memory().unwrap();
            import(&mut store, written(&rows, false, false, false));
            let book = ScoredBook::load(&mut store, &Config::default(), as_of()).unwrap();
            let mut exported = Vec::new();
            csm::export::csv(&book, &mut exported).unwrap();

            let mut copy = Store::open_in_memory().unwrap();
            let summary = import(&mut copy, exported.clone());
            prop_assert_eq!(summary.tally.new, rows.len());
            // The export writes one-line cells: a line break inside a name becomes a space.
            let one_line = |s: &str| terminal_safe(s).into_owned();
            let mut expected = sorted(&rows);
            for a in &mut expected {
                a.name = one_line(&a.name);
                a.industry = a.industry.as_deref().map(one_line);
                a.owner = a.owner.as_deref().map(one_line);
            }
            prop_assert_eq!(accounts(&copy), expected);
            let again = import(&mut copy, exported);
            prop_assert_eq!(again.tally.unchanged, rows.len(), "{:?}", again);
            Ok(())
        })
        .unwrap();
}
