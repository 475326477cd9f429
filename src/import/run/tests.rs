use chrono::NaiveDate;

use std::sync::{Arc, Mutex};

use super::{
    OnProgress, Options, PROGRESS_ROWS, Progress, Search, Summary, import_bytes,
    may_hold_slashed_dates,
};
use crate::config::Config;
use crate::import::Kind;
use crate::import::kinds::Tally;
use crate::store::{Store, testing};

fn day(text: &str) -> NaiveDate {
    text.parse().expect("date")
}

fn import(store: &mut Store, kind: Kind, text: &str) -> Summary {
    let options = Options::default();
    import_bytes(store, &Config::default(), kind, text.into(), &options, day("2026-02-01"))
        .map_err(|e| format!("{e:?}"))
        .expect("imported")
}

/// Rows of an account with stored usage, of one without, days named twice in order and out
/// of order: each day counted once against the book before the file, the later row winning
/// (a blank count of events keeps the earlier one); the same file again changes nothing.
#[test]
fn usage_days_named_twice_merge_and_count_once() {
    for (engine, mut store) in testing::stores("import_usage_days_named_twice_merge_and_count_o") {
        import(&mut store, Kind::Accounts, "external_id,name\nA,Alpha\nB,Beta\n");
        import(&mut store, Kind::Usage, "account,date,active_users\nA,2026-01-01,1\n");
        let file = "account,date,active_users,events\n\
                    A,2026-01-01,5,1\nA,2026-01-02,5,1\nB,2026-01-01,3,7\nB,2026-01-02,3,\n\
                    B,2026-01-01,4,\nA,2026-01-02,6,\nB,2026-01-03,1,\nB,2026-01-03,1,\n\
                    A,2026-01-01,2,\nA,2026-01-01,5,\n";
        let summary = import(&mut store, Kind::Usage, file);
        assert_eq!(
            summary.tally,
            Tally { new: 4, updated: 1, unchanged: 0, merged: 5 },
            "{engine}"
        );
        assert_eq!(summary.rows, 10, "{engine}");
        assert_eq!(summary.accounts_changed, 2, "{engine}");
        let accounts = store.accounts().expect("accounts");
        let id = |name: &str| accounts.iter().find(|a| a.name == name).expect("account").id;
        let days = |store: &Store, name: &str| -> Vec<(i64, Option<i64>)> {
            let days = store.usage(id(name), day("2026-01-01"), day("2026-01-31")).expect("usage");
            days.iter().map(|d| (d.active_users, d.events)).collect()
        };
        assert_eq!(days(&store, "Beta"), [(4, Some(7)), (3, None), (1, None)]);
        assert_eq!(days(&store, "Alpha"), [(5, Some(1)), (6, Some(1))]);
        let revisions = |store: &Store| -> Vec<Option<i64>> {
            ["Alpha", "Beta"].map(|n| store.account_revision(id(n)).expect("revision")).to_vec()
        };
        let before = revisions(&store);
        let again = import(&mut store, Kind::Usage, file);
        assert_eq!(again.tally, Tally { new: 0, updated: 0, unchanged: 5, merged: 5 }, "{engine}");
        assert_eq!(again.accounts_changed, 0, "{engine}");
        assert_eq!(revisions(&store), before, "nothing changed: no score to recompute");
        // The crate's tests hold few days in memory: the others went to the store, and left.
        assert!(!store.holds_file_days(), "{engine}");
    }
}

/// A file in no useful order (by date, newest first, repeats far apart) whose days memory
/// cannot hold (the crate's tests hold few) is told apart from the store: each day counted
/// once against the book before the file, the later row winning; nothing of it is left.
#[test]
fn days_beyond_memory_merge_and_count_as_in_memory() {
    for (engine, mut store) in testing::stores("import_days_beyond_memory_merge_and_count_as_in") {
        let accounts: String = (0..20).map(|a| format!("A{a:02},Account {a}\n")).collect();
        import(&mut store, Kind::Accounts, &format!("external_id,name\n{accounts}"));
        import(&mut store, Kind::Usage, "account,date,active_users\nA00,2026-01-05,1\n");
        let mut file = "account,date,active_users\n".to_owned();
        for pass in 0..2 {
            for day in (1..=9).rev() {
                for account in 0..20 {
                    file.push_str(&format!("A{account:02},2026-01-0{day},{}\n", 5 + pass));
                }
            }
        }
        let summary = import(&mut store, Kind::Usage, &file);
        // 180 days: A00's 2026-01-05 was stored (updated), the others new; each day twice.
        assert_eq!(
            summary.tally,
            Tally { new: 179, updated: 1, unchanged: 0, merged: 180 },
            "{engine}"
        );
        assert_eq!(summary.accounts_changed, 20, "{engine}");
        let again = import(&mut store, Kind::Usage, &file);
        assert_eq!(
            again.tally,
            Tally { new: 0, updated: 0, unchanged: 180, merged: 180 },
            "{engine}"
        );
        let a00 = store.accounts().expect("accounts")[0].id;
        let days = store.usage(a00, day("2026-01-01"), day("2026-01-09")).expect("usage");
        assert!(days.iter().all(|d| d.active_users == 6), "the later rows won: {days:?}");
        assert!(!store.holds_file_days(), "{engine}");
    }
}

/// A day whose rows change it and then put it back is unchanged: the account's score stays
/// valid. Feature days merge the same way.
#[test]
fn a_day_changed_and_put_back_by_later_rows_is_unchanged() {
    for (engine, mut store) in testing::stores("import_a_day_changed_and_put_back_by_later_rows") {
        import(&mut store, Kind::Accounts, "external_id,name\nA,Alpha\n");
        import(&mut store, Kind::Usage, "account,date,active_users\nA,2026-01-01,1\n");
        import(&mut store, Kind::Features, "account,date,feature,events\nA,2026-01-01,x,3\n");
        let alpha = store.accounts().expect("accounts")[0].id;
        let before = store.account_revision(alpha).expect("revision");
        let usage = import(
            &mut store,
            Kind::Usage,
            "account,date,active_users\nA,2026-01-01,9\nA,2026-01-01,1\n",
        );
        assert_eq!(usage.tally, Tally { new: 0, updated: 0, unchanged: 1, merged: 1 }, "{engine}");
        let features = "account,date,feature,events\nA,2026-01-01,x,8\nA,2026-01-01,x,3\n\
                        A,2026-01-02,x,1\nA,2026-01-02,x,\n";
        let summary = import(&mut store, Kind::Features, features);
        assert_eq!(
            summary.tally,
            Tally { new: 1, updated: 0, unchanged: 1, merged: 2 },
            "{engine}"
        );
        let after = store.account_revision(alpha).expect("revision");
        assert_eq!(after, before.map(|r| r + 1), "only the new feature day moved it");
        let again = import(&mut store, Kind::Features, features);
        assert_eq!(again.tally, Tally { new: 0, updated: 0, unchanged: 2, merged: 2 }, "{engine}");
        assert_eq!(store.account_revision(alpha).expect("revision"), after);
    }
}

/// Imports `text` telling a list how far it has read; the list.
fn reports(store: &mut Store, kind: Kind, text: &str) -> Vec<Progress> {
    let told = Arc::new(Mutex::new(Vec::new()));
    let list = Arc::clone(&told);
    let on = OnProgress(Arc::new(move |p| list.lock().expect("list").push(p)));
    let options = Options { progress: Some(on), ..Options::default() };
    import_bytes(store, &Config::default(), kind, text.into(), &options, day("2026-02-01"))
        .map_err(|e| format!("{e:?}"))
        .expect("imported");
    told.lock().expect("list").clone()
}

/// A large file is reported every [`PROGRESS_ROWS`] rows, with the bytes those rows end at,
/// then once at its end; a small one only at its end.
#[test]
fn progress_is_reported_every_so_many_rows_and_at_the_end() {
    for (engine, mut store) in testing::stores("import_progress_is_reported_every_so_many_rows_") {
        let accounts: String = (0..1000).map(|a| format!("A{a:03},Account {a}\n")).collect();
        let small = format!("external_id,name\n{accounts}");
        let told = reports(&mut store, Kind::Accounts, &small);
        let total = small.len() as u64;
        assert_eq!(told, [Progress { rows: 1000, bytes: total, total_bytes: total }], "{engine}");
        assert_eq!(told[0].percent(), Some(100), "{engine}");

        let header = "account,date,active_users\n";
        let mut usage = header.to_owned();
        let first = day("2000-01-01");
        for i in 0..140_000_u32 {
            let date = first + chrono::Days::new(u64::from(i / 1000));
            usage.push_str(&format!("A{:03},{date},5\n", i % 1000));
        }
        let row = "A000,2000-01-01,5\n".len() as u64;
        let (header, total) = (header.len() as u64, usage.len() as u64);
        let at =
            |rows: usize| Progress { rows, bytes: header + row * rows as u64, total_bytes: total };
        let told = reports(&mut store, Kind::Usage, &usage);
        let end = Progress { rows: 140_000, bytes: total, total_bytes: total };
        assert_eq!(told, [at(PROGRESS_ROWS), at(2 * PROGRESS_ROWS), end], "{engine}");
        assert_eq!(
            told.iter().map(|p| p.percent()).collect::<Vec<_>>(),
            [46, 93, 100].map(Some),
            "{engine}"
        );
    }
}

#[test]
fn only_files_that_may_hold_a_slashed_date_are_read_twice() {
    let shapes = ["3/5/2026", "xxxxx12/5/2026", "a,\"05.03.2026\"", "a,12-31-2026 14:02"];
    for text in shapes {
        assert!(may_hold_slashed_dates(text.as_bytes()), "{text}");
    }
    assert!(may_hold_slashed_dates("\u{feff}{\"a\":1}".as_bytes()));
    for text in ["ACC-1,2026-03-05,1,1.5", "a,05/03/26", "a,1/2-2026", ""] {
        assert!(!may_hold_slashed_dates(text.as_bytes()), "{text}");
    }
}

/// A usage file whose slashed dates only the whole file can settle (`03/04/2026` reads
/// both ways until a later `31/12/2025` proves day first): its rows are read as if it had
/// none beside the search for them, then rolled back and read again day first. Counted
/// and written once.
#[test]
fn rows_read_before_their_date_order_was_known_are_read_again_in_it() {
    for (engine, mut store) in testing::stores("import_rows_read_before_their_date_order_was_kn") {
        import(&mut store, Kind::Accounts, "external_id,name\nA,Alpha\n");
        let file = "account,date,active_users\nA,03/04/2026,2\nA,31/12/2025,5\n";
        let summary = import(&mut store, Kind::Usage, file);
        assert_eq!(
            summary.tally,
            Tally { new: 2, updated: 0, unchanged: 0, merged: 0 },
            "{engine}"
        );
        assert_eq!(summary.rows, 2, "{engine}");
        let alpha = store.accounts().expect("accounts")[0].id;
        let days = store.usage(alpha, day("2025-01-01"), day("2026-12-31")).expect("usage");
        let days: Vec<(NaiveDate, i64)> = days.iter().map(|d| (d.date, d.active_users)).collect();
        assert_eq!(days, [(day("2025-12-31"), 5), (day("2026-04-03"), 2)]);
    }
}

/// A large file of slashed dates is not read to its end as if it had none: the first pass
/// stops once the search beside it finds one, so progress runs once from the start to the
/// end (a full first pass would report its rows twice), and the days land in the proven
/// order.
#[test]
fn a_pass_stops_once_the_search_finds_a_slashed_date() {
    for (engine, mut store) in testing::stores("import_a_pass_stops_once_the_search_finds_a_sla") {
        let accounts: String = (0..1000).map(|a| format!("A{a:03},Account {a}\n")).collect();
        import(&mut store, Kind::Accounts, &format!("external_id,name\n{accounts}"));
        let mut usage = "account,date,active_users\n".to_owned();
        let first = day("2000-01-01");
        for i in 0..140_000_u32 {
            let date = first + chrono::Days::new(u64::from(i / 1000));
            usage.push_str(&format!("A{:03},{},5\n", i % 1000, date.format("%d/%m/%Y")));
        }
        let told = reports(&mut store, Kind::Usage, &usage);
        let rows: Vec<usize> = told.iter().map(|p| p.rows).collect();
        assert!(rows.windows(2).all(|w| w[0] < w[1]), "one pass reported: {rows:?}");
        assert_eq!(rows.last(), Some(&140_000), "{engine}");
        let a000 = store.accounts().expect("accounts")[0].id;
        let days = store.usage(a000, day("2000-01-13"), day("2000-01-13")).expect("usage");
        assert_eq!(days.len(), 1, "13/01/2000 read day first");
    }
}

#[test]
fn a_search_is_polled_then_waited_for() {
    let mut none = Search::start(|| false);
    assert!(!none.wait());
    assert_eq!(none.poll(), Some(false));
    let mut found = Search::start(|| true);
    while found.poll().is_none() {
        std::thread::yield_now();
    }
    assert!(found.wait());
    assert!(!Search::done().wait());
    let mut broken = Search::start(|| panic!("a bug in the search"));
    assert!(broken.wait(), "a search that failed proves nothing: the order is read");
}

fn import_with(store: &mut Store, kind: Kind, text: &str, options: &Options) -> Summary {
    import_bytes(store, &Config::default(), kind, text.into(), options, day("2026-02-01"))
        .map_err(|e| format!("{e:?}"))
        .expect("imported")
}

const BOOK: &str = "external_id,name\nA,Halvorsen Maritime\nB,Northwind Logistics\nC,Beta\n";

/// A row naming an account the book does not have is a problem naming the nearest account
/// names, and nothing is written; with `skip_unmatched` the other rows are imported, the row is
/// listed with the same reason, and it counts in no tally.
#[test]
fn unmatched_rows_are_problems_naming_the_nearest_accounts_or_are_skipped() {
    for (engine, mut store) in testing::stores("import_unmatched_rows_are_problems_naming_the_n") {
        import(&mut store, Kind::Accounts, BOOK);
        let file = "account,name,email\nA,Ann,ann@h.example\nHalvorsen Maritim,Bo,bo@h.example\n\
                    B,Cy,cy@n.example\nNorthwnd,Di,di@n.example\n0015X,Ed,ed@x.example\n";
        let failure = import_bytes(
            &mut store,
            &Config::default(),
            Kind::Contacts,
            file.into(),
            &Options::default(),
            day("2026-02-01"),
        )
        .expect_err("refused");
        let crate::import::Failure::Problems { problems, more: 0 } = failure else {
            panic!("problems expected")
        };
        let located: Vec<String> = problems.iter().map(|p| p.located("c.csv")).collect();
        assert_eq!(
            located,
            [
                "c.csv:3: account: no account has the external id, name or domain “Halvorsen \
                 Maritim” (import the accounts first); nearest: “Halvorsen Maritime”",
                "c.csv:5: account: no account has the external id, name or domain “Northwnd” \
                 (import the accounts first); nearest: “Northwind Logistics”",
                "c.csv:6: account: no account has the external id, name or domain “0015X” \
                 (import the accounts first)",
            ]
        );
        assert!(store.all_contacts().expect("contacts").is_empty(), "nothing written");

        let skip = Options { skip_unmatched: true, ..Options::default() };
        let summary = import_with(&mut store, Kind::Contacts, file, &skip);
        assert_eq!(summary.rows, 2, "{engine}");
        assert_eq!(summary.tally, Tally { new: 2, ..Tally::default() }, "{engine}");
        assert_eq!(summary.skipped_rows(), 3, "{engine}");
        let skipped: Vec<String> = summary.skipped.iter().map(|p| p.located("c.csv")).collect();
        assert_eq!(skipped, located, "listed as the problems they would have been");
        let names: Vec<String> =
            store.all_contacts().expect("contacts").into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["Ann", "Cy"]);
    }
}

/// Usage rows, read on a thread of their own, are skipped alike; a row with another problem
/// still refuses the file, and an ambiguous reference is never skipped.
#[test]
fn unmatched_usage_rows_are_skipped_and_other_problems_still_refuse() {
    for (engine, mut store) in testing::stores("import_unmatched_usage_rows_are_skipped_and_oth") {
        import(&mut store, Kind::Accounts, BOOK);
        let skip = Options { skip_unmatched: true, ..Options::default() };
        let usage =
            "account,date,active_users\nA,2026-01-01,4\nZed,2026-01-01,3\nZed,2026-01-02,3\n";
        let summary = import_with(&mut store, Kind::Usage, usage, &skip);
        assert_eq!((summary.rows, summary.skipped_rows()), (1, 2), "{engine}");
        assert_eq!(summary.skipped[1].line, 4, "{engine}");

        let bad = "account,date,active_users\nA,2026-01-03,-4\nZed,2026-01-01,3\n";
        let failure = import_bytes(
            &mut store,
            &Config::default(),
            Kind::Usage,
            bad.into(),
            &skip,
            day("2026-02-01"),
        )
        .expect_err("a negative count is still a problem");
        let crate::import::Failure::Problems { problems, .. } = failure else {
            panic!("problems expected")
        };
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 2, "{engine}");
    }
}

/// Past the first fifty unknown references, the nearest names are no longer looked for: a file
/// naming thousands of unknown accounts costs no more than one naming fifty.
#[test]
fn nearest_names_are_looked_for_the_first_references_only() {
    for (engine, mut store) in testing::stores("import_nearest_names_are_looked_for_the_first_r") {
        import(&mut store, Kind::Accounts, BOOK);
        let mut file = String::from("account,date,active_users\n");
        for i in 0..60 {
            file.push_str(&format!("Halvorsen Maritim{i},2026-01-01,1\n"));
        }
        let skip = Options { skip_unmatched: true, ..Options::default() };
        let summary = import_with(&mut store, Kind::Usage, &file, &skip);
        assert_eq!(summary.skipped.len(), crate::import::PROBLEM_CAP, "{engine}");
        assert_eq!(summary.skipped_more, 10, "{engine}");
        assert!(summary.skipped.iter().all(|p| p.reason.contains("; nearest: ")));
    }
}

/// A ticket without an organization whose requester's domain is no account's, and an NPS answer
/// whose email places it nowhere, are rows that match no account: skipped like the others
/// (without suggestions: an email's domain is no name).
#[test]
fn rows_placed_by_an_email_that_finds_no_account_are_skipped_too() {
    for (engine, mut store) in testing::stores("import_rows_placed_by_an_email_that_finds_no_ac") {
        import(&mut store, Kind::Accounts, "external_id,name,domain\nA,Alpha,alpha.example\n");
        let skip = Options { skip_unmatched: true, ..Options::default() };
        let tickets = "account,opened,requester_email\n,2026-01-02,ann@alpha.example\n\
                       ,2026-01-03,bo@nowhere.example\n";
        let summary = import_with(&mut store, Kind::Tickets, tickets, &skip);
        assert_eq!((summary.rows, summary.skipped_rows()), (1, 1), "{engine}");
        assert_eq!(summary.skipped[0].line, 3, "{engine}");
        assert!(
            summary.skipped[0].reason.contains("“bo@nowhere.example”"),
            "{:?}",
            summary.skipped
        );
        assert!(!summary.skipped[0].reason.contains("nearest"));

        let nps =
            "score,date,email\n9,2026-01-02,cy@alpha.example\n3,2026-01-02,di@elsewhere.example\n";
        let summary = import_with(&mut store, Kind::Nps, nps, &skip);
        assert_eq!((summary.rows, summary.skipped_rows()), (1, 1), "{engine}");
        assert!(summary.skipped[0].reason.starts_with("no contact has the email"));
    }
}

/// A bad line at the end of a usage file, after thousands of new days already sent to the
/// store in bulk (by COPY on a server), writes nothing on either engine and is told by its
/// line; the file mended imports, and imported again changes nothing and says so.
#[test]
fn a_bad_usage_line_after_bulk_rows_writes_nothing_and_a_second_import_changes_nothing() {
    for (engine, mut store) in testing::stores("import_bad_usage_line_after_bulk_rows") {
        import(&mut store, Kind::Accounts, "external_id,name\nA,Alpha\nB,Beta\n");
        let mut file = "account,date,active_users,events\n".to_owned();
        let first = day("2010-01-01");
        for i in 0..6_000_u64 {
            let date = first + chrono::Days::new(i / 2);
            let account = if i % 2 == 0 { "A" } else { "B" };
            file.push_str(&format!("{account},{date},{},{}\n", i % 9, i % 5));
        }
        let good = file.clone();
        file.push_str("A,2099-01-01,not a count,1\n");
        let failure = import_bytes(
            &mut store,
            &Config::default(),
            Kind::Usage,
            file.into(),
            &Options::default(),
            day("2026-02-01"),
        )
        .expect_err("refused");
        let crate::import::Failure::Problems { problems, more: 0 } = failure else {
            panic!("{engine}: problems expected")
        };
        let located: Vec<String> = problems.iter().map(|p| p.located("u.csv")).collect();
        assert_eq!(located.len(), 1, "{engine}: {located:?}");
        assert!(located[0].starts_with("u.csv:6002: active_users: "), "{engine}: {located:?}");
        let accounts = store.accounts().expect("accounts");
        let (from, to) = (day("2000-01-01"), day("2100-01-01"));
        for account in &accounts {
            let days = store.usage(account.id, from, to).expect("usage");
            assert!(days.is_empty(), "{engine}: nothing written, found {} days", days.len());
        }

        let summary = import(&mut store, Kind::Usage, &good);
        assert_eq!(summary.tally, Tally { new: 6_000, ..Tally::default() }, "{engine}");
        assert_eq!(summary.accounts_changed, 2, "{engine}");
        let again = import(&mut store, Kind::Usage, &good);
        assert_eq!(again.tally, Tally { unchanged: 6_000, ..Tally::default() }, "{engine}");
        assert_eq!(again.accounts_changed, 0, "{engine}");
        let stored = store.usage(accounts[0].id, from, to).expect("usage");
        assert_eq!(stored.len(), 3_000, "{engine}");
        assert_eq!((stored[1].active_users, stored[1].events), (2, Some(2)), "{engine}");
    }
}

/// A NUL character in a cell (CSV, or JSON's `\u0000`) is refused on its line and column on
/// both engines, with the text before it, and nothing of the file is written: PostgreSQL cannot
/// store it, and a book must read the same on both.
#[test]
fn a_nul_character_in_a_cell_is_refused_on_its_line_and_column_on_both_engines() {
    for (engine, mut store) in testing::stores("import_a_nul_character_in_a_cell_is_refused") {
        let files: [(&str, &[u8]); 2] = [
            ("a.csv", b"external_id,name\nA,Alpha\nB,\"Be\nta\0x\"\n"),
            // A decoded newline before the NUL breaks no line of the file.
            (
                "a.jsonl",
                b"{\"external_id\":\"A\",\"name\":\"Alpha\"}\n\n\
                  {\"external_id\":\"B\\nC\",\"name\":\"Be\\u0000x\"}\n",
            ),
        ];
        for (file, bytes) in files {
            let failure = import_bytes(
                &mut store,
                &Config::default(),
                Kind::Accounts,
                bytes.to_vec(),
                &Options::default(),
                day("2026-02-01"),
            )
            .expect_err("refused");
            let crate::import::Failure::Problems { problems, more: 0 } = failure else {
                panic!("{engine} {file}: problems expected")
            };
            let located: Vec<String> = problems.iter().map(|p| p.located(file)).collect();
            let (line, before) = if file == "a.csv" { (4, "Be\nta") } else { (3, "Be") };
            assert_eq!(
                located,
                [format!(
                    "{file}:{line}: name: a NUL character (byte 0x00) after {before:?}: csm \
                     stores no NULs; the file may be binary rather than text"
                )],
                "{engine}"
            );
            assert!(store.accounts().expect("accounts").is_empty(), "{engine} {file}: nothing");
        }
    }
}
