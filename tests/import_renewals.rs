//! `csm import renewals` (SPEC 12): a renewal history keyed by account and due, outcome words in
//! any case, blanks filled as the kind's rules say, history only (an account's ARR and renewal
//! date never move), a re-import that changes nothing, and each bad row refused with file, line
//! and column, nothing written.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/import.rs"]
mod support;

use csm::domain::{RecordSource, RenewalOutcome, RenewalRecord};
use support::{Book, date, on_each_engine};

/// Nimbus Lark ($96,000, renewal 2026-06-30) renewed in 2025 from $80,000 to $96,000 and, for
/// the renewal due 2026-06-30, a blank ARR after (a flat renewal: $96,000 again). Copperfield
/// ($18,500) churned for its renewal due 2026-01-31, closed early on 2026-01-10, with ARR after
/// blank (0) and its ARR before taken from the book.
const HISTORY: &str = "\
account,due,closed_on,outcome,arr_before,arr_after,note
18233441001,2025-06-30,2025-06-20,Renewed,\"$80,000\",\"$96,000\",added seats
18233441001,2026-06-30,2026-06-25,RENEWED,\"$96,000\",,
18233441002,2026-01-31,2026-01-10,churned,,,budget cut
";

#[test]
fn a_renewal_history_lands_record_by_record_and_moves_no_account() {
    on_each_engine(|engine| {
        let book = Book::with_companies(engine);
        let nimbus = book.account("18233441001");
        let copperfield = book.account("18233441002");
        let file = book.file("renewals.csv", HISTORY);
        let out = book.imported("renewals", &file, &[]);
        assert!(
            out.contains("imported 3 rows of renewals: 3 new, 0 updated, 0 unchanged"),
            "{out}"
        );

        let records = book.store().renewal_records().unwrap();
        let record =
            |account, due: &str, closed: &str, outcome, arr: (i64, i64), note: Option<&str>| {
                RenewalRecord {
                    account_id: account,
                    due: date(due).unwrap(),
                    closed_on: date(closed).unwrap(),
                    outcome,
                    arr_before: arr.0,
                    arr_after: arr.1,
                    note: note.map(str::to_owned),
                    source: RecordSource::Imported,
                }
            };
        let mut expected = vec![
            record(
                nimbus.id,
                "2025-06-30",
                "2025-06-20",
                RenewalOutcome::Renewed,
                (8_000_000, 9_600_000),
                Some("added seats"),
            ),
            record(
                nimbus.id,
                "2026-06-30",
                "2026-06-25",
                RenewalOutcome::Renewed,
                (9_600_000, 9_600_000),
                None,
            ),
            record(
                copperfield.id,
                "2026-01-31",
                "2026-01-10",
                RenewalOutcome::Churned,
                (1_850_000, 0),
                Some("budget cut"),
            ),
        ];
        expected.sort_by_key(|r| (r.account_id, r.due));
        assert_eq!(records, expected);
        // History only: the accounts are as the accounts file left them.
        assert_eq!(book.account("18233441001"), nimbus);
        assert_eq!(book.account("18233441002"), copperfield);

        // The same file again changes nothing.
        let again = book.imported("renewals", &file, &[]);
        assert!(again.contains("0 new, 0 updated, 3 unchanged"), "{again}");
        // A later file correcting one record by its key updates it, blanks keeping what is stored.
        let fix = book.file("fix.csv", "account,due,closed_on,outcome,arr_after\n18233441001,2025-06-30,2025-06-21,renewed,\"$97,000\"\n");
        let fixed = book.imported("renewals", &fix, &[]);
        assert!(fixed.contains("0 new, 1 updated, 0 unchanged"), "{fixed}");
        let first = &book.store().renewal_records_of(nimbus.id).unwrap()[0];
        assert_eq!((first.arr_before, first.arr_after), (8_000_000, 9_700_000));
        assert_eq!(first.note.as_deref(), Some("added seats"));
    });
}

/// Every bad input the contract names, each where it is: an unknown account, a due that is not
/// a date, an ARR after below 0, an outcome other than renewed or churned, a churn that keeps
/// ARR, and the required closed_on and outcome left blank.
#[test]
fn bad_rows_are_refused_with_file_line_and_column_and_nothing_is_written() {
    on_each_engine(|engine| {
        let book = Book::with_companies(engine);
        let file = book.file(
            "bad.csv",
            "\
    account,due,closed_on,outcome,arr_before,arr_after,note
    18233441001,2025-06-30,2025-06-20,renewed,80000,96000,fine
    99999999999,2025-06-30,2025-06-20,renewed,80000,96000,
    18233441001,next june,2025-06-20,renewed,80000,96000,
    18233441001,2024-06-30,2024-06-20,renewed,80000,-5,
    18233441001,2023-06-30,2023-06-20,contracted,80000,60000,
    18233441002,2026-01-31,2026-01-10,churned,18500,100,
    18233441002,2025-01-31,,,18500,18500,
    ",
        );
        let problems = book.refused("renewals", &file, &[]);
        let lines: Vec<&str> = problems.lines().collect();
        let expected_starts = [
            "FILE:3: account: ",
            "FILE:4: due: ",
            "FILE:5: arr_after: ",
            "FILE:6: outcome: unknown outcome \"contracted\" (accepted: renewed, churned)",
            "FILE:7: arr_after: a churned account keeps no ARR",
            "FILE:8: closed_on: is empty; it is required",
            "FILE:8: outcome: is empty; it is required",
        ];
        for start in expected_starts {
            assert!(lines.iter().any(|l| l.starts_with(start)), "{start} in:\n{problems}");
        }
        assert!(problems.contains("below 0"), "{problems}");
        assert!(!problems.contains("FILE:2:"), "{problems}");
        assert!(book.store().renewal_records().unwrap().is_empty());
    });
}

/// A file without the required columns is refused by its header.
#[test]
fn a_file_without_outcome_or_closed_on_is_refused_by_its_header() {
    on_each_engine(|engine| {
        let book = Book::with_companies(engine);
        let file = book.file("thin.csv", "account,due,arr_after\n18233441001,2025-06-30,96000\n");
        let problems = book.refused("renewals", &file, &[]);
        assert!(problems.contains("closed_on") && problems.contains("outcome"), "{problems}");
    });
}
