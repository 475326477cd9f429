//! Every message of the binary is terminal-safe (SPEC 14): text that came from outside csm — a
//! book's table name quoted by SQLite, paths given with `--db`, `CSM_DB` or `-o`, a configuration
//! line quoted by the TOML parser, a value clap could not parse — never brings an escape
//! sequence, a control or an invisible character to the terminal, and a long one is cut.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/binary.rs"]
mod binary;

use std::path::{Path, PathBuf};
use std::process::Output;

use binary::{AS_OF, csm, demo_book, text};

/// A clipboard write (OSC 52), a screen clear, a window title, and an invisible TAG text.
const HOSTILE: &str = "\x1b]52;c;cm0gLXJmIH4K\x07\x1b[2J\x1b]0;pwned\x07\u{E0061}\u{E0062}\u{3164}";

/// The first character of `output` (either stream) that must never reach a terminal. A CSV
/// export starts with a byte-order mark, for spreadsheets: that one is the format's.
fn unsafe_char(output: &Output) -> Option<(char, &'static str)> {
    let streams = [(&output.stdout, "stdout"), (&output.stderr, "stderr")];
    streams.into_iter().find_map(|(bytes, name)| {
        let bytes = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(bytes);
        // Line ends (CRLF in a CSV) and tabs are layout.
        String::from_utf8_lossy(bytes)
            .replace("\r\n", "\n")
            .chars()
            .find(|&c| c != '\n' && c != '\t' && csm::domain::is_unsafe(c))
            .map(|c| (c, name))
    })
}

fn assert_safe(output: &Output, what: &str) {
    if let Some((c, stream)) = unsafe_char(output) {
        panic!(
            "{what}: U+{:04X} reached {stream}:\n{}",
            u32::from(c),
            String::from_utf8_lossy(if stream == "stdout" {
                &output.stdout
            } else {
                &output.stderr
            })
            .escape_debug()
        );
    }
}

/// A copy of the demo book in `dir` whose schema names a table `name` with a broken definition:
/// every command that reads the book gets SQLite's "malformed database schema (NAME)".
fn book_with_hostile_table(dir: &Path, name: &str) -> PathBuf {
    let (_, demo) = demo_book();
    let db = dir.join("crafted.db");
    std::fs::copy(demo, &db).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA journal_mode = DELETE;").unwrap();
    conn.execute(&format!("CREATE TABLE \"{name}\" (x)"), []).unwrap();
    conn.execute_batch("PRAGMA writable_schema = ON;").unwrap();
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE TABLE \"' || name || '\" (x' WHERE name = ?1",
        [name],
    )
    .unwrap();
    drop(conn);
    db
}

#[test]
fn a_table_name_with_escapes_reaches_no_command_raw() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with_hostile_table(dir.path(), HOSTILE);
    let accounts = dir.path().join("accounts.csv");
    std::fs::write(&accounts, "external_id,name\nX-1,Acme\n").unwrap();
    let out = dir.path().join("out.json");
    let runs: [(&str, Vec<&std::ffi::OsStr>); 5] = [
        ("report", vec!["report".as_ref()]),
        ("export", vec!["export".as_ref(), "-o".as_ref(), out.as_os_str()]),
        ("qbr", vec!["qbr".as_ref(), "Acme".as_ref()]),
        ("import", vec!["import".as_ref(), "accounts".as_ref(), accounts.as_os_str()]),
        ("check", vec!["check".as_ref()]),
    ];
    for (what, args) in runs {
        let output =
            csm(dir.path()).args(args).args(["--as-of", AS_OF, "--db"]).arg(&db).output().unwrap();
        assert!(!output.status.success(), "{what} read a malformed book");
        let all = format!("{}{}", text(&output.stdout), text(&output.stderr));
        assert!(all.contains("malformed database schema"), "{what}: {all}");
        assert_safe(&output, what);
        // What is left of the name is shown, so the user can tell which table is broken.
        assert!(all.contains("]52;c;cm0gLXJmIH4K[2J]0;pwned"), "{what}: {all}");
    }
}

#[test]
fn a_huge_table_name_is_cut_in_the_message() {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("{HOSTILE}{}", "A".repeat(20_000));
    let db = book_with_hostile_table(dir.path(), &name);
    // The report fails with the error on stderr; the check lists the problem on stdout.
    for (command, code) in [("report", 1), ("check", 3)] {
        let output = csm(dir.path()).args([command, "--db"]).arg(&db).output().unwrap();
        assert_eq!(output.status.code(), Some(code), "{command}");
        assert_safe(&output, command);
        let said = format!("{}{}", text(&output.stdout), text(&output.stderr));
        assert!(said.contains("malformed database schema"), "{command}: {said}");
        let longest = said.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(longest <= csm::domain::MESSAGE_LINE_CHARS, "{command}: a line of {longest}");
        assert!(said.contains('…'), "{command}: {said}");
    }
}

#[test]
fn db_paths_with_escapes_are_shown_safely() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = dir.path().join(format!("book{HOSTILE}.db"));
    // --db naming a missing book: the error quotes the path.
    let output = csm(dir.path()).args(["report", "--db"]).arg(&hostile).output().unwrap();
    assert!(!output.status.success());
    assert!(text(&output.stderr).contains("no book at"), "{}", text(&output.stderr));
    assert_safe(&output, "report --db");
    // CSM_DB, the same way.
    let output = csm(dir.path()).env("CSM_DB", &hostile).args(["export"]).output().unwrap();
    assert!(!output.status.success());
    assert_safe(&output, "export with CSM_DB");
    // A bare csm on a missing book explains how to start, quoting the path, on stdout.
    let output = csm(dir.path()).env("CSM_DB", &hostile).output().unwrap();
    assert!(text(&output.stdout).contains("There is no book at"), "{}", text(&output.stdout));
    assert_safe(&output, "csm with CSM_DB");
    // A demo written there says where, and a check of it says it is intact.
    let output = csm(dir.path())
        .args(["demo", "--no-open", "--accounts", "11", "--as-of", AS_OF, "--db"])
        .arg(&hostile)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_safe(&output, "demo --db");
    let output = csm(dir.path()).args(["check", "--db"]).arg(&hostile).output().unwrap();
    assert!(text(&output.stdout).contains("is intact"), "{}", text(&output.stdout));
    assert_safe(&output, "check --db");
}

#[test]
fn output_paths_with_escapes_are_shown_safely() {
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = demo_book();
    // Success lines name the file written.
    let export = dir.path().join(format!("export{HOSTILE}.json"));
    let backup = dir.path().join(format!("backup{HOSTILE}.db"));
    let brief = dir.path().join(format!("brief{HOSTILE}.md"));
    let account = first_account(db);
    let runs: [(&str, Vec<&std::ffi::OsStr>); 3] = [
        ("export -o", vec!["export".as_ref(), "-o".as_ref(), export.as_os_str()]),
        ("backup", vec!["backup".as_ref(), backup.as_os_str()]),
        ("qbr -o", vec!["qbr".as_ref(), account.as_ref(), "-o".as_ref(), brief.as_os_str()]),
    ];
    for (what, args) in runs {
        let output =
            csm(dir.path()).args(args).args(["--as-of", AS_OF, "--db"]).arg(db).output().unwrap();
        assert!(output.status.success(), "{what}: {}", text(&output.stderr));
        assert!(text(&output.stdout).contains("wrote "), "{what}: {}", text(&output.stdout));
        assert_safe(&output, what);
    }
    // Errors name it too: a directory that does not exist.
    let nowhere = dir.path().join(format!("no{HOSTILE}dir")).join("out.csv");
    let output = csm(dir.path())
        .args(["export", "--format", "csv", "-o"])
        .arg(&nowhere)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert_safe(&output, "export -o into a missing directory");
    // An import of a file that is not there.
    let missing = dir.path().join(format!("accounts{HOSTILE}.csv"));
    let copy = dir.path().join("copy.db");
    std::fs::copy(db, &copy).unwrap();
    let output =
        csm(dir.path()).args(["import", "accounts"]).arg(&missing).arg("--db").arg(&copy).output();
    let output = output.unwrap();
    assert!(!output.status.success());
    assert_safe(&output, "import of a missing file");
}

/// The external id of one account of the demo book, for `qbr`.
fn first_account(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT external_id FROM account ORDER BY id LIMIT 1", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_configuration_line_with_a_control_character_is_quoted_safely() {
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = demo_book();
    let config = dir.path().join(format!("config{HOSTILE}.toml"));
    let long = "B".repeat(50_000);
    for line in [
        format!("[scoring.weights]\nusage = {HOSTILE} 50\n"),
        format!("title = \"{HOSTILE}\n"),
        format!("[scoring\x1b[2J.weights]\nusage = 1 {long}\x1b]0;pwned\x07\n"),
    ] {
        std::fs::write(&config, line).unwrap();
        let output = csm(dir.path())
            .arg("--config")
            .arg(&config)
            .arg("report")
            .arg("--db")
            .arg(db)
            .output()
            .unwrap();
        assert!(!output.status.success());
        assert_safe(&output, "a broken configuration");
        let stderr = text(&output.stderr);
        assert!(stderr.starts_with("csm: "), "{stderr}");
        let longest = stderr.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(longest <= csm::domain::MESSAGE_LINE_CHARS, "a line of {longest} characters");
    }
}

#[test]
fn a_value_clap_cannot_parse_is_quoted_safely_with_clap_s_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["report", "--as-of", HOSTILE],
        vec!["export", "--format", HOSTILE],
        vec!["report", "--limit", HOSTILE],
        vec![HOSTILE],
    ] {
        let output = csm(dir.path()).args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_safe(&output, "a value clap refused");
        let stderr = text(&output.stderr);
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert!(output.stdout.is_empty());
    }
    // Help and version still go to standard output, with success.
    for flag in ["--help", "--version"] {
        let output = csm(dir.path()).arg(flag).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{flag}");
        assert!(text(&output.stdout).contains("csm"), "{flag}");
        assert!(output.stderr.is_empty(), "{flag}");
    }
}

#[test]
fn imported_text_reaches_no_output_raw_and_json_keeps_it_exact() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    // Invisible and reordering characters that survive an import: TAG text, a Hangul filler, a
    // soft hyphen, a combining grapheme joiner, variation selectors, a right-to-left override.
    let name = "Acme\u{E0069}\u{E0067}\u{3164}\u{AD}Co\u{34F}rp\u{FE0F}\u{E0100}\u{202E}lgt";
    let accounts = dir.path().join("accounts.csv");
    std::fs::write(&accounts, format!("external_id,name,arr\nX-1,{name},120000\n")).unwrap();
    let init = csm(dir.path()).arg("init").arg("--db").arg(&db).output().unwrap();
    assert!(init.status.success(), "{}", text(&init.stderr));
    let output = csm(dir.path())
        .args(["import", "accounts"])
        .arg(&accounts)
        .args(["--as-of", AS_OF, "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_safe(&output, "import");
    let runs: [&[&str]; 5] = [
        &["report"],
        &["report", "--json"],
        &["export"],
        &["export", "--format", "csv"],
        &["qbr", "X-1"],
    ];
    for args in runs {
        let output =
            csm(dir.path()).args(args).args(["--as-of", AS_OF, "--db"]).arg(&db).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", text(&output.stderr));
        assert_safe(&output, &format!("{args:?}"));
        assert!(text(&output.stdout).contains("Acme"), "{args:?}: {}", text(&output.stdout));
    }
    // JSON escapes what it may not show: a reader gets the stored name back, exactly.
    let output = csm(dir.path()).args(["export", "--db"]).arg(&db).output().unwrap();
    let stored: String = text(&output.stdout)
        .lines()
        .find_map(|line| {
            let account: serde_json::Value =
                serde_json::from_str(line.trim_end_matches(',')).ok()?;
            Some(account.get("name")?.as_str()?.to_owned())
        })
        .expect("an account line");
    assert_eq!(stored, name);
}

/// A path holding a line break (a hostile file name, a careless paste) stays on its message's
/// line: it can never start a line of its own that reads like one of csm's.
#[test]
fn a_line_break_in_a_path_never_starts_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = demo_book();
    let fake = "ok: the book is intact";
    let lines_starting = |output: &Output| {
        let all = format!("{}{}", text(&output.stdout), text(&output.stderr));
        all.lines().filter(|line| line.starts_with(fake)).count()
    };
    let target = dir.path().join(format!("out\n{fake}.json"));
    let output = csm(dir.path())
        .args(["export", "--as-of", AS_OF, "--db"])
        .arg(db)
        .arg("-o")
        .arg(&target)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(lines_starting(&output), 0, "{}", text(&output.stdout));
    let missing = dir.path().join(format!("none\n{fake}.db"));
    for args in [&["report"][..], &["check"], &["backup", "-"]] {
        let output = csm(dir.path()).args(args).arg("--db").arg(&missing).output().unwrap();
        assert!(!output.status.success());
        assert_eq!(lines_starting(&output), 0, "{args:?}: {}", text(&output.stderr));
    }
}
