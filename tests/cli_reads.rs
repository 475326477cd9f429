//! The read-only commands on the real binary: `digest` (Markdown and JSON, on a small book built
//! here whose milestones and todos are worked out by hand), `calendar` (parsed back with the
//! iCalendar crate), `config path|init|show`, `completions` and `man`, and their exit codes.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/binary.rs"]
mod binary;

use std::path::{Path, PathBuf};
use std::process::Command;

use binary::{AS_OF, csm, demo_book, run, text};
use chrono::NaiveDate;
use csm::book::ScoredBook;
use csm::config::Config;
use csm::domain::{Account, AccountId, Priority, Todo, TodoId, TodoStatus};
use csm::store::Store;
use icalendar::{Calendar, Component as _};
use serde_json::Value;

const HOSTILE: &str = "*Acme* [x](http://evil) <script>alert(1)</script>";

fn as_of() -> NaiveDate {
    AS_OF.parse().unwrap()
}

fn plus(days: i64) -> NaiveDate {
    as_of().checked_add_signed(chrono::Duration::days(days)).unwrap()
}

/// `csm ARGS --as-of AS_OF --db DB`.
fn cmd(dir: &Path, db: &Path, args: &[&str]) -> Command {
    let mut cmd = csm(dir);
    cmd.args(args).args(["--as-of", AS_OF, "--db"]).arg(db);
    cmd
}

/// A book of accounts that each renew a known number of days after the as-of date, and todos
/// in every standing. Returns (dir, book).
fn small_book() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let mut store = Store::create(&db).unwrap();
    let writer = store.writer().unwrap();
    let mut ids = Vec::new();
    for (external, name, renews, arr) in [
        ("A-10", "Renews In Ten", 10, 5_000_000),
        ("B-62", "Proposal Soon", 62, 12_000_000),
        ("C-6", "Renews This Week", 6, 3_000_000),
        ("D-7", "Renews Next Week", 7, 1_000_000),
        ("E-120", HOSTILE, 120, 9_000_000),
        ("F-35", "Finalize Soon; Inc, Ltd\\", 35, 2_000_000),
        ("G-200", "Far Away", 200, 7_000_000),
    ] {
        let account = Account {
            arr_cents: arr,
            renewal_date: Some(plus(renews)),
            owner: Some("Jonas Becker".to_owned()),
            ..Account::named(external, name)
        };
        ids.push(writer.insert_account(&account).unwrap());
    }
    let todo = |account: AccountId, title: &str, due: Option<NaiveDate>| Todo {
        id: TodoId(0),
        account_id: Some(account),
        title: title.to_owned(),
        notes: None,
        due,
        priority: Priority::Normal,
        status: TodoStatus::Open,
        snoozed_until: None,
        rule: None,
        created_on: plus(-30),
        completed_on: None,
        version: 0,
    };
    for t in [
        todo(ids[0], "Overdue call", Some(plus(-3))),
        Todo { priority: Priority::High, ..todo(ids[1], "Due today *now*", Some(as_of())) },
        Todo {
            snoozed_until: Some(plus(2)),
            ..todo(ids[2], "Snoozed, not overdue", Some(plus(-5)))
        },
        Todo {
            status: TodoStatus::Done,
            completed_on: Some(plus(-1)),
            ..todo(ids[3], "Done already", Some(plus(-4)))
        },
        todo(ids[4], "Next week", Some(plus(7))),
        todo(ids[4], "Undated", None),
        todo(ids[5], "Far future", Some(plus(400))),
    ] {
        writer.insert_todo(&t).unwrap();
    }
    writer.commit().unwrap();
    (dir, db)
}

fn json(cmd: &mut Command) -> Value {
    serde_json::from_slice(&run(cmd).stdout).expect("JSON")
}

fn names(items: &Value) -> Vec<String> {
    items.as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap().to_owned()).collect()
}

fn titles(items: &Value) -> Vec<&str> {
    items.as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap()).collect()
}

#[test]
fn the_digest_lists_the_renewals_reaching_a_milestone_this_week_and_the_todos_due() {
    let (dir, db) = small_book();
    let digest = json(&mut cmd(dir.path(), &db, &["digest", "--json"]));
    assert_eq!(digest["as_of"], AS_OF);
    // Worked out by hand: 120 days out today (E), 60 days out in two days (B), 30 days out in
    // five days (F), the renewal date in six days (C); A is inside its phase, D renews on the
    // week's eighth day, G is far.
    let renewals = &digest["renewals"];
    assert_eq!(
        names(renewals),
        [HOSTILE, "Proposal Soon", "Finalize Soon; Inc, Ltd\\", "Renews This Week"]
    );
    let fields = |i: usize, key: &str| renewals[i][key].clone();
    assert_eq!(
        (0..4).map(|i| fields(i, "days_out").as_i64().unwrap()).collect::<Vec<_>>(),
        [120, 60, 30, 0]
    );
    assert_eq!(
        (0..4).map(|i| fields(i, "phase").as_str().unwrap().to_owned()).collect::<Vec<_>>(),
        ["strategy", "proposal", "finalize", "finalize"]
    );
    assert_eq!(fields(1, "on"), plus(2).to_string());
    assert_eq!(fields(3, "renewal_date"), plus(6).to_string());
    // The snoozed todo is not overdue, the done one is gone, the others are not due yet.
    assert_eq!(titles(&digest["overdue"]), ["Overdue call"]);
    assert_eq!(digest["overdue"][0]["account"], "Renews In Ten");
    assert_eq!(titles(&digest["due_today"]), ["Due today *now*"]);
    assert_eq!(digest["due_today"][0]["priority"], "high");
}

#[test]
fn the_digest_ranks_the_accounts_as_the_account_list_does_with_their_reasons() {
    let (dir, db) = small_book();
    let digest = json(&mut cmd(dir.path(), &db, &["digest", "--json", "--limit", "3"]));
    // The report's ranking, read through the library.
    let mut store = Store::open_to_read(&db).unwrap();
    let book = ScoredBook::load(&mut store, &Config::default(), as_of()).unwrap();
    let ranked = book.by_attention();
    assert_eq!(digest["flagged"].as_u64().unwrap() as usize, ranked.len());
    let want: Vec<&str> = ranked.iter().take(3).map(|e| e.account.name.as_str()).collect();
    assert_eq!(names(&digest["attention"]), want);
    // And the account list's order, attention first, begins with them.
    let listed = json(&mut cmd(dir.path(), &db, &["accounts", "--json", "--limit", "3"]));
    assert_eq!(names(&listed), want);
    // Every account renewing within 30 days is in the finalize phase, which always calls for
    // attention: A, C and D are flagged, whatever else their scores say.
    assert!(digest["flagged"].as_u64().unwrap() >= 3);
    let all = json(&mut cmd(dir.path(), &db, &["digest", "--json", "--limit", "100"]));
    let all = names(&all["attention"]);
    for name in ["Renews In Ten", "Renews This Week", "Renews Next Week"] {
        assert!(all.iter().any(|n| n == name), "{name} in {all:?}");
    }
    // The reasons are the scored signals, as the report gives them.
    let first = &digest["attention"][0];
    assert!(first["reasons"].as_array().unwrap().iter().all(|r| r["code"].is_string()));
    assert!(first["renewal"]["days"].is_i64());
}

#[test]
fn the_digest_in_markdown_escapes_outside_text_and_reads_as_sections() {
    let (dir, db) = small_book();
    let markdown = text(&run(&mut cmd(dir.path(), &db, &["digest"])).stdout);
    assert!(markdown.starts_with("# Digest for Tuesday 24 November 2026\n"), "{markdown}");
    for heading in [
        "## Needs attention (",
        "## Renewal milestones this week",
        "## Overdue todos (1)",
        "## Due today (1)",
    ] {
        assert!(markdown.contains(heading), "{heading} in {markdown}");
    }
    // The hostile name shows as text: no emphasis, link or HTML survives unescaped.
    assert!(markdown.contains(r"\*Acme\* \[x\](http\://evil) \<script\>"), "{markdown}");
    assert!(!markdown.contains("<script>"), "{markdown}");
    assert!(!markdown.contains("](http://"), "{markdown}");
    assert!(markdown.contains(r"- Due today \*now\* — **Proposal Soon**, high"), "{markdown}");
    assert!(markdown.contains("- Overdue call — **Renews In Ten**, due 2026-11-21 (3 days late)"));
    assert!(
        markdown.contains(
            "- **Proposal Soon** ($120k ARR) — enters proposal (60 days out) on Thursday 26 \
             November; renews 2027-01-25"
        ),
        "{markdown}"
    );
    assert!(markdown.contains("- **Renews This Week** ($30k ARR) — renews on Monday 30 November"));
    assert!(!markdown.contains("Renews Next Week** ($"), "no milestone for D: {markdown}");
    assert!(!markdown.contains('|'), "no tables: {markdown}");
    // Listing none is not having none.
    let none = text(&run(&mut cmd(dir.path(), &db, &["digest", "--limit", "0"])).stdout);
    assert!(none.contains("## Needs attention ("), "{none}");
    assert!(none.contains(", none listed)\n\n## Renewal milestones"), "{none}");
}

#[test]
fn an_empty_digest_says_so_in_one_line_and_can_go_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    binary::init_book(dir.path(), &db);
    let out = text(&run(&mut cmd(dir.path(), &db, &["digest"])).stdout);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("Nothing needs you on 2026-11-24"), "{out}");
    let file = dir.path().join("digest.md");
    let said =
        text(&run(&mut cmd(dir.path(), &db, &["digest", "-o", file.to_str().unwrap()])).stdout);
    assert!(said.starts_with("wrote "), "{said}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), out);
    // `-` is standard output.
    assert_eq!(text(&run(&mut cmd(dir.path(), &db, &["digest", "-o", "-"])).stdout), out);
    // Written over the book, it is refused (exit 1) and the book stays.
    let refused = cmd(dir.path(), &db, &["digest", "-o", db.to_str().unwrap()]).output().unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("is the book itself"));
    Store::open_to_read(&db).unwrap();
}

#[test]
fn the_calendar_parses_back_with_stable_uids_and_escaped_names() {
    let (dir, db) = small_book();
    let file = dir.path().join("book.ics");
    run(&mut cmd(dir.path(), &db, &["calendar", "-o", file.to_str().unwrap()]));
    let ics = std::fs::read_to_string(&file).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.lines().all(|l| l.len() <= 75), "lines folded at 75 octets: {ics}");
    let calendar: Calendar = ics.parse().unwrap();
    let events: Vec<_> = calendar.events().collect();
    let uid = |e: &&icalendar::Event| e.get_uid().unwrap().to_owned();
    let mut uids: Vec<String> = events.iter().map(uid).collect();
    uids.sort();
    // Every account renews within the year; the open todos due by then (the overdue one and
    // the snoozed one included) and not the done, the undated or the far one.
    let mut want: Vec<String> = ["A-10", "B-62", "C-6", "D-7", "E-120", "F-35", "G-200"]
        .iter()
        .map(|e| format!("renewal-{e}@csm"))
        .chain([1, 2, 3, 5].iter().map(|t| format!("todo-{t}@csm")))
        .collect();
    want.sort();
    assert_eq!(uids, want);
    let event = |uid: &str| *events.iter().find(|e| e.get_uid() == Some(uid)).unwrap();
    let f = event("renewal-F-35@csm");
    // Commas, semicolons and backslashes come back as written.
    assert_eq!(f.get_summary(), Some("Renewal: Finalize Soon; Inc, Ltd\\"));
    assert!(ics.contains("SUMMARY:Renewal: Finalize Soon\\; Inc\\, Ltd\\\\\r\n"), "{ics}");
    assert_eq!(
        f.get_start(),
        Some(icalendar::DatePerhapsTime::Date(plus(35))),
        "an all-day event on the renewal date"
    );
    assert_eq!(f.get_end(), Some(icalendar::DatePerhapsTime::Date(plus(36))));
    let description = f.get_description().unwrap();
    assert_eq!(
        description,
        "Finalize Soon; Inc, Ltd\\ renews\nARR $20,000\nOwner Jonas Becker\nAccount F-35"
    );
    assert_eq!(
        event("renewal-E-120@csm").get_summary(),
        Some(format!("Renewal: {HOSTILE}").as_str())
    );
    assert_eq!(event("todo-1@csm").get_start(), Some(icalendar::DatePerhapsTime::Date(plus(-3))));
    // The stamp is the as-of date: the same book gives the same file.
    assert!(events.iter().all(|e| e.get_timestamp().unwrap().date_naive() == as_of()));
    let again = text(&run(&mut cmd(dir.path(), &db, &["calendar", "-o", "-"])).stdout);
    assert_eq!(again, ics);
    // A shorter horizon leaves the far renewal out.
    let near = text(&run(&mut cmd(dir.path(), &db, &["calendar", "--horizon", "30"])).stdout);
    let near: Calendar = near.parse().unwrap();
    let near: Vec<String> = near.events().map(|e| e.get_uid().unwrap().to_owned()).collect();
    assert!(near.contains(&"renewal-A-10@csm".to_owned()));
    assert!(!near.contains(&"renewal-F-35@csm".to_owned()), "{near:?}");
}

#[test]
fn a_name_with_a_line_break_stays_on_its_content_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let mut store = Store::create(&db).unwrap();
    let writer = store.writer().unwrap();
    let account = Account {
        renewal_date: Some(plus(20)),
        ..Account::named("X-1", "Line\nEND:VEVENT\r\nEND:VCALENDAR")
    };
    writer.insert_account(&account).unwrap();
    writer.commit().unwrap();
    let ics = text(&run(&mut cmd(dir.path(), &db, &["calendar"])).stdout);
    let calendar: Calendar = ics.parse().unwrap();
    assert_eq!(calendar.events().count(), 1);
    let ends: Vec<&str> = ics.lines().filter(|l| l.starts_with("END:")).collect();
    assert_eq!(ends, ["END:VEVENT", "END:VCALENDAR"], "{ics}");
    let summary = calendar.events().next().unwrap().get_summary().unwrap().to_owned();
    assert!(!summary.contains('\n'), "{summary:?}");
}

#[test]
fn config_init_writes_every_key_at_its_default_and_it_loads_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let path = text(&run(csm(home).args(["config", "path"])).stdout);
    let want = home.join("config").join("csm").join("config.toml");
    assert_eq!(path.trim_end(), want.display().to_string());
    run(csm(home).args(["config", "init"]));
    let written = std::fs::read_to_string(&want).unwrap();
    // It loads back to the built-in configuration, and csm runs on it.
    let loaded =
        Config::load(&csm::config::ConfigFile::Named(want.clone()), csm::playbooks::check_rules)
            .unwrap();
    assert_eq!(loaded, Config::default());
    let shown = json(csm(home).args(["config", "show", "--json"]));
    let bare = json(csm(&home.join("elsewhere")).args(["config", "show", "--json"]));
    assert_eq!(shown, bare);
    for key in ["[theme]", "[scoring.windows]", "[playbooks.rules.renewal-30]", "# [keymap.global]"]
    {
        assert!(written.contains(key), "{key} in the file");
    }
    // The keymap, uncommented, is the built-in keymap.
    let (settings, keymap) = written.split_at(written.find("# [keymap.").unwrap());
    let uncommented: String = keymap
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest) if rest.starts_with("[keymap.") => rest,
            Some(rest) if rest.split_once(" = ").is_some_and(|(key, _)| !key.contains(' ')) => rest,
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let config = Config::from_toml_str(&format!("{settings}{uncommented}"), "uncommented").unwrap();
    assert!(config.keymap.contains_key("global"));
    assert_eq!(
        csm::ui::Keymap::load(&config.keymap).unwrap(),
        csm::ui::Keymap::load(&Default::default()).unwrap()
    );
    // A second init refuses, exit 1, and leaves the file; --force replaces it.
    std::fs::write(&want, "[book]\ncurrency = \"EUR\"\n").unwrap();
    let again = csm(home).args(["config", "init"]).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("already exists"), "{}", text(&again.stderr));
    assert_eq!(std::fs::read_to_string(&want).unwrap(), "[book]\ncurrency = \"EUR\"\n");
    let shown = text(&run(csm(home).args(["config", "show"])).stdout);
    assert!(shown.contains("currency = \"EUR\""), "{shown}");
    assert!(shown.contains("[keymap.global]"), "{shown}");
    run(csm(home).args(["config", "init", "--force"]));
    assert_eq!(std::fs::read_to_string(&want).unwrap(), written);
}

#[test]
fn config_path_and_init_honour_config_and_work_on_a_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    let named = dir.path().join("mine.toml");
    let path =
        text(&run(csm(dir.path()).arg("--config").arg(&named).args(["config", "path"])).stdout);
    assert_eq!(path.trim_end(), named.display().to_string());
    let from_env =
        text(&run(csm(dir.path()).env("CSM_CONFIG", &named).args(["config", "path"])).stdout);
    assert_eq!(from_env, path);
    // A named file that does not exist yet: init makes it (other commands refuse it).
    run(csm(dir.path()).arg("--config").arg(&named).args(["config", "init"]));
    assert!(named.exists());
    std::fs::write(&named, "[scoring\n").unwrap();
    let show =
        csm(dir.path()).arg("--config").arg(&named).args(["config", "show"]).output().unwrap();
    assert_eq!(show.status.code(), Some(1));
    run(csm(dir.path()).arg("--config").arg(&named).args(["config", "path"]));
    run(csm(dir.path()).arg("--config").arg(&named).args(["config", "init", "--force"]));
    run(csm(dir.path()).arg("--config").arg(&named).args(["config", "show"]));
}

#[test]
fn completions_and_the_manual_name_the_subcommands() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let script = text(&run(csm(dir.path()).args(["completions", shell])).stdout);
        for sub in ["digest", "calendar", "accounts", "todo", "config", "completions"] {
            assert!(script.contains(sub), "{shell}: {sub}");
        }
    }
    run(csm(dir.path()).args(["completions", "elvish"]));
    run(csm(dir.path()).args(["completions", "powershell"]));
    let bad = csm(dir.path()).args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2), "a usage error");
    let page = text(&run(csm(dir.path()).arg("man")).stdout);
    // clap_mangen's page opens with the quote string's definition, then the title.
    let title = page.lines().position(|l| l.starts_with(".TH csm 1")).unwrap();
    assert!(page.lines().take(title).all(|l| l.starts_with(".ie") || l.starts_with(".el")));
    for sub in ["digest", "calendar", "report", "import"] {
        assert!(page.contains(sub), "{sub} in the page");
    }
    let pages = dir.path().join("man");
    std::fs::create_dir(&pages).unwrap();
    run(csm(dir.path()).args(["man", "-o"]).arg(&pages));
    for name in ["csm.1", "csm-digest.1", "csm-todo-add.1", "csm-config-init.1"] {
        let page = std::fs::read_to_string(pages.join(name)).unwrap();
        assert!(page.contains("\n.TH "), "{name}");
    }
}

#[test]
fn reads_without_a_book_exit_1_and_bad_options_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.db");
    for args in [&["digest"][..], &["calendar"]] {
        let out = cmd(dir.path(), &missing, args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(text(&out.stderr).contains("no book at"));
    }
    let (_, db) = demo_book();
    let bad = cmd(dir.path(), db, &["calendar", "--horizon", "-1"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let bad = cmd(dir.path(), db, &["digest", "--limit", "x"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let bad = csm(dir.path()).args(["config", "frob"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn check_json_gives_the_verdict_and_each_problem_with_the_same_exit() {
    let (dir, db) = small_book();
    let intact = json(&mut cmd(dir.path(), &db, &["check", "--json"]));
    assert_eq!(intact["intact"], true);
    assert_eq!(intact["accounts"], 7);
    assert_eq!(intact["problems"], serde_json::json!([]));
    let raw = rusqlite::Connection::open(&db).unwrap();
    raw.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO contact (id, account_id, name) VALUES (90001, 424242, 'Ghost');",
    )
    .unwrap();
    drop(raw);
    let damaged = cmd(dir.path(), &db, &["check", "--json"]).output().unwrap();
    assert_eq!(damaged.status.code(), Some(3));
    let verdict: Value = serde_json::from_slice(&damaged.stdout).unwrap();
    assert_eq!(verdict["intact"], false);
    assert_eq!(
        verdict["problems"],
        serde_json::json!(["contact row 90001: account_id refers to a missing account"])
    );
    assert!(text(&damaged.stderr).contains("is not intact: 1 problem found"));
}

#[test]
fn playbooks_json_lists_what_a_dry_run_would_create_and_writes_nothing() {
    let (dir, db) = small_book();
    let before = Store::open_to_read(&db).unwrap().open_todos().unwrap().len();
    let dry = json(&mut cmd(dir.path(), &db, &["playbooks", "run", "--dry-run", "--json"]));
    assert_eq!(dry["written"], false);
    assert_eq!(Store::open_to_read(&db).unwrap().open_todos().unwrap().len(), before);
    // The renewal rules, by hand: 120 days out (E) gets renewal-120, 62 (B) renewal-90, 35 (F)
    // renewal-60, and 10, 6, 7 (A, C, D) renewal-30; 200 (G) none yet.
    let mut renewals: Vec<(String, String)> = dry["todos"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["rule"].as_str().unwrap().starts_with("renewal-"))
        .map(|t| {
            (t["account"].as_str().unwrap().to_owned(), t["rule"].as_str().unwrap().to_owned())
        })
        .collect();
    renewals.sort();
    let mut want: Vec<(String, String)> = [
        (HOSTILE, "renewal-120"),
        ("Proposal Soon", "renewal-90"),
        ("Finalize Soon; Inc, Ltd\\", "renewal-60"),
        ("Renews In Ten", "renewal-30"),
        ("Renews This Week", "renewal-30"),
        ("Renews Next Week", "renewal-30"),
    ]
    .iter()
    .map(|(a, r)| ((*a).to_owned(), (*r).to_owned()))
    .collect();
    want.sort();
    assert_eq!(renewals, want);
    let run_it = json(&mut cmd(dir.path(), &db, &["playbooks", "run", "--json"]));
    assert_eq!(run_it["written"], true);
    assert_eq!(run_it["todos"], dry["todos"]);
    let after = Store::open_to_read(&db).unwrap().open_todos().unwrap().len();
    assert_eq!(after, before + dry["todos"].as_array().unwrap().len());
}
