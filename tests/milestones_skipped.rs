//! Onboarding milestones closed as skipped when an account leaves onboarding, on the real binary:
//! `csm account set --stage` and an accounts import that moves the stage on close the open
//! milestones in their own transaction and say so; the QBR brief no longer lists them as still
//! to do; the JSON export carries the day and `csm restore` brings it back.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/import.rs"]
mod support;

use std::path::Path;

use chrono::NaiveDate;
use support::{Book, csm};

fn ok(db: &Path, args: &[&str]) -> String {
    let (ok, out, err) = csm(db, args);
    assert!(ok, "csm {args:?}: {}", String::from_utf8_lossy(&err));
    String::from_utf8(out).unwrap()
}

/// Each milestone of the account `external_id` as (completed on, skipped on).
fn path(book: &Book, external_id: &str) -> Vec<(Option<NaiveDate>, Option<NaiveDate>)> {
    let store = book.store();
    let id = book.account(external_id).id;
    store.milestones(id).unwrap().iter().map(|m| (m.completed_on, m.skipped_on)).collect()
}

/// Two enterprise accounts in onboarding since 2026-11-01 and 2026-11-10: the import's playbooks
/// give each the four milestones of the enterprise path, none done.
fn book() -> Book {
    let book = Book::new_file();
    let accounts = book.file(
        "accounts.csv",
        "id,name,segment,contract_start,lifecycle_stage\n\
         A-1,Acme,enterprise,2026-11-01,Onboarding\n\
         A-2,Birch,enterprise,2026-11-10,Onboarding\n",
    );
    book.imported("accounts", &accounts, &[]);
    assert_eq!(path(&book, "A-1"), [(None, None); 4]);
    book
}

#[test]
fn a_stage_set_after_onboarding_closes_the_open_milestones_and_the_brief_drops_them() {
    let book = book();
    let today = NaiveDate::from_ymd_opt(2026, 11, 24);
    // Acme's first milestone (2026-11-01 + 22 = 2026-11-23) is done; three stay open.
    let mut store = book.store();
    let first = store.milestones(book.account("A-1").id).unwrap().remove(0);
    let w = store.writer().unwrap();
    w.update_milestone(&csm::domain::Milestone { completed_on: today, ..first }).unwrap();
    w.commit().unwrap();
    drop(store);
    assert!(ok(book.path(), &["qbr", "A-1"]).contains("milestone still to do"));

    let out = ok(book.path(), &["account", "set", "A-1", "--stage", "adoption"]);
    assert_eq!(out, "Acme: stage Onboarding → adoption; 3 open milestones closed as skipped\n");
    assert_eq!(path(&book, "A-1"), [(today, None), (None, today), (None, today), (None, today)]);
    let brief = ok(book.path(), &["qbr", "A-1"]);
    assert!(!brief.contains("milestone still to do"), "{brief}");
    assert!(
        ok(book.path(), &["qbr", "A-2"]).contains("milestone still to do"),
        "Birch is onboarding"
    );

    // A move between two stages after onboarding closes nothing more.
    let out = ok(book.path(), &["account", "set", "A-1", "--stage", "growth"]);
    assert_eq!(out, "Acme: stage adoption → growth\n");
}

#[test]
fn an_import_giving_a_later_stage_closes_the_open_milestones_and_says_so() {
    let book = book();
    let later = book
        .file("later.csv", "id,name,lifecycle_stage\nA-1,Acme,Onboarding\nA-2,Birch,Adopting\n");
    let out = book.imported("accounts", &later, &[]);
    assert!(
        out.contains(
            "1 account left onboarding (the file gives a later stage): its 4 open milestones \
             were closed as skipped"
        ),
        "{out}"
    );
    let today = NaiveDate::from_ymd_opt(2026, 11, 24);
    assert_eq!(path(&book, "A-2"), [(None, today); 4]);
    assert_eq!(path(&book, "A-1"), [(None, None); 4], "still onboarding");
}

#[test]
fn the_playbooks_close_a_path_far_behind_and_list_it() {
    let book = book();
    // Acme's last target: 2026-11-01 + 90 = 2027-01-30, Birch's 2027-02-08; 90 days after
    // them, 2027-04-30 and 2027-05-09. On 2027-05-01 only Acme's path is that far behind.
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_csm"))
            .env_remove("CSM_CONFIG")
            .env_remove("CSM_DB")
            .env("XDG_CONFIG_HOME", book.dir.path().join("no-config"))
            .args(["--as-of", "2027-05-01", "--db"])
            .arg(book.path())
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let dry = run(&["playbooks", "run", "--dry-run"]);
    assert!(dry.contains("4 onboarding milestones far behind to close as skipped"), "{dry}");
    assert!(
        dry.contains("  onboarding of Acme far behind: 4 open milestones to close as skipped\n"),
        "{dry}"
    );
    assert!(!dry.contains("Birch far behind"), "{dry}");
    assert_eq!(path(&book, "A-1"), [(None, None); 4], "a dry run writes nothing");
    let done = run(&["playbooks", "run"]);
    assert!(
        done.contains("  onboarding of Acme far behind: 4 open milestones closed as skipped\n"),
        "{done}"
    );
    let on = NaiveDate::from_ymd_opt(2027, 4, 30);
    assert_eq!(path(&book, "A-1"), [(None, on); 4]);
    assert_eq!(path(&book, "A-2"), [(None, None); 4]);
}

#[test]
fn the_export_carries_the_day_and_a_restore_brings_it_back() {
    let book = book();
    ok(book.path(), &["account", "set", "A-2", "--stage", "adoption"]);
    let export = ok(book.path(), &["export"]);
    assert_eq!(export.matches("\"skipped_on\":\"2026-11-24\"").count(), 4, "{export}");
    assert_eq!(export.matches("\"skipped_on\":null").count(), 4, "{export}");
    let file = book.file("export.json", &export);
    let restored = book.dir.path().join("restored.db");
    ok(&restored, &["init"]);
    ok(&restored, &["restore", file.to_str().unwrap()]);
    assert_eq!(ok(&restored, &["export"]), export);
}
