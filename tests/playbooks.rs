//! `csm playbooks run` and the run after `csm import`, through the real binary: a dry run lists
//! and writes nothing, a run creates each todo once, an invalid rule is one line naming it.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/binary.rs"]
mod binary;

use std::path::{Path, PathBuf};

use binary::{AS_OF, csm, init_book, run};
use csm::store::Store;

/// A fresh demo book of its own (the tests change it).
fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("demo.db");
    run(csm(dir).args(["demo", "--no-open", "--as-of", AS_OF, "--db"]).arg(&db));
    db
}

fn playbooks(dir: &Path, db: &Path, extra: &[&str]) -> String {
    let mut cmd = csm(dir);
    cmd.args(["playbooks", "run", "--as-of", AS_OF]).args(extra).arg("--db").arg(db);
    String::from_utf8(run(&mut cmd).stdout).unwrap()
}

/// The open todos a playbook rule made.
fn made(db: &Path) -> Vec<(Option<i64>, String, String)> {
    let store = Store::open(db).unwrap();
    let todos = store.open_todos().unwrap().into_iter().filter(|t| t.rule.is_some());
    todos.map(|t| (t.account_id.map(|a| a.0), t.rule.unwrap(), t.title)).collect()
}

#[test]
fn a_dry_run_lists_the_todos_and_writes_nothing_then_a_run_creates_them_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());

    let dry = playbooks(dir.path(), &db, &["--dry-run"]);
    let first = dry.lines().next().unwrap();
    assert!(first.starts_with("playbooks (dry run): "), "{dry}");
    assert!(first.ends_with(&format!("to create as of {AS_OF}; nothing written")), "{dry}");
    let listed: Vec<&str> = dry.lines().skip(1).collect();
    assert!(!listed.is_empty() && listed.len() < 60, "{dry}");
    // Each line says when, how pressing, for whom, what, and which rule.
    assert!(listed.iter().all(|l| l.starts_with("  2026-") && l.ends_with(']')), "{dry}");
    assert!(dry.contains("[renewal-30]") && dry.contains("[risk-review-at-risk]"), "{dry}");
    assert!(made(&db).is_empty(), "a dry run writes nothing");

    let ran = playbooks(dir.path(), &db, &[]);
    let count = listed.len();
    assert!(ran.starts_with(&format!("playbooks: {count} todos created as of {AS_OF}\n")), "{ran}");
    assert_eq!(ran.lines().skip(1).collect::<Vec<_>>(), listed, "the run makes what was listed");
    let todos = made(&db);
    assert_eq!(todos.len(), count);

    let again = playbooks(dir.path(), &db, &[]);
    assert_eq!(again, format!("playbooks: no new todos as of {AS_OF}\n"));
    assert_eq!(made(&db), todos);
}

#[test]
fn an_invalid_rule_is_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[playbooks.rules.renewal-90]\ntrigger = \"foo\"\n").unwrap();
    let output = csm(dir.path())
        .args(["playbooks", "run", "--config"])
        .arg(&config)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("key `playbooks.rules.renewal-90`: unknown trigger \"foo\""),
        "{stderr}"
    );
    assert!(made(&db).is_empty());
}

#[test]
fn an_invalid_rule_refuses_the_configuration_file_whatever_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let config = dir.path().join("config.toml");
    // A disabled rule too: a typo should not wait for the day the rule is enabled.
    std::fs::write(&config, "[playbooks.rules.renewal-90]\nenabled = false\ntrigger = \"foo\"\n")
        .unwrap();
    // A report runs no playbooks: the rule is refused as the file is read, named with the file.
    let output = csm(dir.path())
        .arg("--config")
        .arg(&config)
        .args(["report", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        format!(
            "csm: {}: key `playbooks.rules.renewal-90`: unknown trigger \"foo\" (accepted: \
             renewal, band, signal, onboarding_milestone, cadence)\n",
            csm::domain::shown_path(&config)
        )
    );
}

#[test]
fn an_import_runs_the_playbooks() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    init_book(dir.path(), &db);
    let file = dir.path().join("accounts.csv");
    // An SMB account onboarding since 2026-11-20 (its path: 7, 15, 22 and 30 days on) and one
    // renewing in 30 days (2026-11-24 + 30 = 2026-12-24).
    std::fs::write(
        &file,
        "external_id,name,segment,lifecycle_stage,contract_start,renewal_date\n\
         N1,Newco,smb,onboarding,2026-11-20,2027-11-20\n\
         R1,Renewco,mid_market,growth,2025-12-24,2026-12-24\n",
    )
    .unwrap();
    let output = run(csm(dir.path())
        .args(["import", "accounts", "--as-of", AS_OF, "--db"])
        .arg(&db)
        .arg(&file));
    let stderr = String::from_utf8(output.stderr).unwrap();
    // Renewco's contract finalisation, and Newco's first milestone (2026-11-27, within 7 days).
    assert!(
        stderr.contains("playbooks: 2 todos created, 1 onboarding path (4 milestones)"),
        "{stderr}"
    );
    let mut rules: Vec<String> = made(&db).into_iter().map(|(_, rule, _)| rule).collect();
    rules.sort();
    assert_eq!(rules, ["onboarding-milestone", "renewal-30"]);

    // A dry run of an import runs no playbooks.
    let output = run(csm(dir.path())
        .args(["import", "accounts", "--dry-run", "--as-of", AS_OF, "--db"])
        .arg(&db)
        .arg(&file));
    assert!(!String::from_utf8(output.stderr).unwrap().contains("playbooks"));
}

#[test]
fn an_import_with_no_playbooks_leaves_them_for_later() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    init_book(dir.path(), &db);
    let file = dir.path().join("accounts.csv");
    // Renews in 30 days (2026-11-24 + 30 = 2026-12-24): renewal-30 is due.
    std::fs::write(&file, "external_id,name,renewal_date\nR1,Renewco,2026-12-24\n").unwrap();
    let output = run(csm(dir.path())
        .args(["import", "accounts", "--no-playbooks", "--as-of", AS_OF, "--db"])
        .arg(&db)
        .arg(&file));
    assert!(!String::from_utf8(output.stderr).unwrap().contains("playbooks"));
    assert!(made(&db).is_empty());
    let ran = playbooks(dir.path(), &db, &[]);
    assert!(ran.starts_with(&format!("playbooks: 1 todo created as of {AS_OF}\n")), "{ran}");
}

#[test]
fn the_listing_prints_imported_names_made_safe_for_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    init_book(dir.path(), &db);
    let file = dir.path().join("accounts.csv");
    // Renews in 30 days (2026-11-24 + 30 = 2026-12-24): renewal-30 is due.
    std::fs::write(
        &file,
        "external_id,name,renewal_date\nR1,\"Evil\x1b[31mCo\x1b]0;pwned\x07\u{202e}\",2026-12-24\n",
    )
    .unwrap();
    run(csm(dir.path())
        .args(["import", "accounts", "--no-playbooks", "--as-of", AS_OF, "--db"])
        .arg(&db)
        .arg(&file));
    let listing = playbooks(dir.path(), &db, &["--dry-run"]);
    assert!(listing.contains("Evil"), "{listing}");
    let unsafe_char = |c: char| (c.is_control() && c != '\n') || c == '\u{202e}';
    assert!(!listing.chars().any(unsafe_char), "{listing:?}");
}
