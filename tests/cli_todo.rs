//! `csm todo` and `csm log` on the real binary over a small demo book: each write says in a line
//! what it changed and is found in the store after; each refusal exits 1 with one line naming the
//! field, and leaves the store as it was.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/binary.rs"]
mod binary;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use binary::{AS_OF, csm, run, text};
use csm::domain::{Account, InteractionKind, Priority, Todo, TodoId, TodoStatus};
use csm::store::Store;
use serde_json::Value;

/// A demo book of a few accounts of its own: (dir, book).
fn book() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    run(csm(dir.path())
        .args(["demo", "--no-open", "--accounts", "6", "--as-of", AS_OF, "--db"])
        .arg(&db));
    (dir, db)
}

/// `csm ARGS --as-of AS_OF --db DB`.
fn cmd(dir: &Path, db: &Path, args: &[&str]) -> Command {
    let mut cmd = csm(dir);
    cmd.args(args).args(["--as-of", AS_OF, "--db"]).arg(db);
    cmd
}

fn day(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

fn store(db: &Path) -> Store {
    Store::open_to_read(db).unwrap()
}

fn first_account(db: &Path) -> Account {
    store(db).accounts().unwrap().into_iter().next().unwrap()
}

fn todo(db: &Path, id: i64) -> Option<Todo> {
    store(db).todo(TodoId(id)).unwrap()
}

/// The id of the newest todo.
fn newest_todo(db: &Path) -> i64 {
    let store = store(db);
    let mut all = store.book_todos().unwrap();
    for account in store.accounts().unwrap() {
        all.extend(store.todos(account.id).unwrap());
    }
    all.iter().map(|t| t.id.0).max().unwrap()
}

fn list_json(dir: &Path, db: &Path, args: &[&str]) -> Vec<Value> {
    let output = run(&mut cmd(dir, db, &[&["todo", "list", "--json"], args].concat()));
    let value: Value = serde_json::from_slice(&output.stdout).expect("todo list --json is JSON");
    value.as_array().unwrap().clone()
}

fn ids(listed: &[Value]) -> Vec<i64> {
    listed.iter().map(|t| t["id"].as_i64().unwrap()).collect()
}

fn open_todos_in_report(dir: &Path, db: &Path, account: i64) -> i64 {
    let output = run(&mut cmd(dir, db, &["report", "--json"]));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let accounts = report["accounts"].as_array().unwrap();
    let entry = accounts.iter().find(|a| a["id"].as_i64() == Some(account)).unwrap();
    entry["open_todos"].as_i64().unwrap()
}

#[test]
fn a_todo_is_added_listed_snoozed_completed_and_deleted() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let account = first_account(db);
    let name = account.name.clone();
    let open_before = open_todos_in_report(dir, db, account.id.0);

    // Two weeks after 2026-11-24 is 2026-12-08.
    let out = run(&mut cmd(
        dir,
        db,
        &["todo", "add", &account.external_id, "Call Dana", "--due", "+2w", "--priority", "high"],
    ));
    let call = newest_todo(db);
    assert_eq!(
        text(&out.stdout),
        format!("added todo {call} “Call Dana” to {name}, due 2026-12-08, high\n")
    );
    let stored = todo(db, call).unwrap();
    assert_eq!(stored.account_id, Some(account.id));
    assert_eq!((stored.due, stored.priority), (Some(day("2026-12-08")), Priority::High));
    assert_eq!((stored.status, stored.created_on), (TodoStatus::Open, day(AS_OF)));

    // A due day four days back is overdue on the as-of date.
    let out =
        run(&mut cmd(dir, db, &["todo", "add", &name, "Send the deck", "--due", "2026-11-20"]));
    let deck = newest_todo(db);
    assert_eq!(
        text(&out.stdout),
        format!("added todo {deck} “Send the deck” to {name}, due 2026-11-20\n")
    );
    // The account was scored again: the report counts its two new todos.
    assert_eq!(open_todos_in_report(dir, db, account.id.0), open_before + 2);

    let listed = list_json(dir, db, &["--account", &account.external_id]);
    let call_json = listed.iter().find(|t| t["id"].as_i64() == Some(call)).unwrap();
    assert_eq!(call_json["title"], "Call Dana");
    assert_eq!(call_json["due"], "2026-12-08");
    assert_eq!(call_json["priority"], "high");
    assert_eq!(call_json["status"], "open");
    assert_eq!(call_json["snoozed_until"], Value::Null);
    assert_eq!(call_json["created_on"], AS_OF);
    assert_eq!(call_json["account_id"], account.id.0);
    assert_eq!(call_json["account"], name.as_str());
    assert!(listed.iter().all(|t| t["account_id"] == account.id.0), "{listed:?}");

    let overdue = text(&run(&mut cmd(dir, db, &["todo", "list", "--overdue"])).stdout);
    let deck_line =
        overdue.lines().find(|l| l.trim_start().starts_with(&format!("{deck} "))).unwrap();
    assert!(deck_line.contains("Send the deck") && deck_line.ends_with("(overdue)"), "{deck_line}");
    assert!(!overdue.contains("Call Dana"), "{overdue}");

    // Snoozed a week by default: until 2026-12-01, and no longer overdue.
    let out = run(&mut cmd(dir, db, &["todo", "snooze", &deck.to_string()]));
    assert_eq!(
        text(&out.stdout),
        format!("snoozed todo {deck} “Send the deck” of {name} until 2026-12-01\n")
    );
    assert_eq!(todo(db, deck).unwrap().snoozed_until, Some(day("2026-12-01")));
    assert!(!ids(&list_json(dir, db, &["--overdue"])).contains(&deck));

    let out = run(&mut cmd(dir, db, &["todo", "done", &call.to_string()]));
    assert_eq!(text(&out.stdout), format!("done: todo {call} “Call Dana” of {name} on {AS_OF}\n"));
    let done = todo(db, call).unwrap();
    assert_eq!((done.status, done.completed_on), (TodoStatus::Done, Some(day(AS_OF))));
    assert!(!ids(&list_json(dir, db, &[])).contains(&call));

    let out = run(&mut cmd(dir, db, &["todo", "delete", &deck.to_string()]));
    assert_eq!(text(&out.stdout), format!("deleted todo {deck} “Send the deck” of {name}\n"));
    assert_eq!(todo(db, deck), None);
    assert_eq!(open_todos_in_report(dir, db, account.id.0), open_before);
}

/// Runs `cmd` with `input` on standard input.
fn with_stdin(cmd: &mut Command, input: &str) -> Output {
    let mut child =
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_touchpoint_is_logged_with_its_contacts_and_a_body_from_standard_input() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let account = first_account(db);
    let contacts = store(db).contacts(account.id).unwrap();
    let mut with: Vec<_> =
        contacts.iter().filter(|c| c.email.is_some() && c.left_on.is_none()).take(2).collect();
    assert_eq!(with.len(), 2, "the demo account has two current contacts with an email");
    let emails = format!(
        "{},{}",
        with[0].email.as_deref().unwrap(),
        with[1].email.as_deref().unwrap().to_uppercase()
    );
    let before = store(db).interactions(account.id).unwrap().len();

    let output = with_stdin(
        &mut cmd(
            dir,
            db,
            &[
                "log",
                &account.external_id,
                "--kind",
                "call",
                "--date",
                "2026-11-20",
                "--with",
                &emails,
                "--summary",
                "Renewal call",
                "--body",
                "-",
            ],
        ),
        "They will renew.\nDana wants a discount.\n",
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let logged = store(db).interactions(account.id).unwrap();
    assert_eq!(logged.len(), before + 1);
    let new = logged.iter().max_by_key(|i| i.id.0).unwrap();
    assert_eq!(
        text(&output.stdout),
        format!(
            "logged call {} “Renewal call” for {} on 2026-11-20, with {}, {}\n",
            new.id.0, account.name, with[0].name, with[1].name
        )
    );
    assert_eq!((new.kind, new.date), (InteractionKind::Call, day("2026-11-20")));
    assert_eq!(new.summary.as_deref(), Some("Renewal call"));
    assert_eq!(new.body.as_deref(), Some("They will renew.\nDana wants a discount."));
    with.sort_by_key(|c| c.id);
    assert_eq!(new.contacts, with.iter().map(|c| c.id).collect::<Vec<_>>());

    // Without --date, on the as-of date; without --with, nobody linked; the body given inline.
    run(&mut cmd(
        dir,
        db,
        &["log", &account.name, "--kind", "note", "--summary", "Prep", "--body", "Agenda"],
    ));
    let logged = store(db).interactions(account.id).unwrap();
    let note = logged.iter().max_by_key(|i| i.id.0).unwrap();
    assert_eq!((note.kind, note.date), (InteractionKind::Note, day(AS_OF)));
    assert!(note.contacts.is_empty());
    assert_eq!(note.body.as_deref(), Some("Agenda"));
}

/// Everything the commands could write: every todo and every interaction.
fn written(db: &Path) -> String {
    let store = store(db);
    let mut all = format!("{:?}", store.book_todos().unwrap());
    for account in store.accounts().unwrap() {
        all.push_str(&format!("{:?}", store.todos(account.id).unwrap()));
    }
    all + &format!("{:?}", store.all_interactions().unwrap())
}

#[test]
fn bad_input_exits_1_naming_the_field_and_writes_nothing() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let account = first_account(db).external_id;
    let a = account.as_str();
    run(&mut cmd(dir, db, &["todo", "add", a, "Done already"]));
    let done = newest_todo(db).to_string();
    run(&mut cmd(dir, db, &["todo", "done", &done]));
    let missing = (newest_todo(db) + 1000).to_string();

    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["todo", "add", "zzqx", "T"],
            "csm: account: no account matches “zzqx”; nearest: ".into(),
        ),
        (vec!["todo", "add", a, "T", "--due", "soon"], "csm: due: “soon” is not a day".into()),
        (
            vec!["todo", "add", a, "T", "--priority", "extreme"],
            "csm: priority: unknown priority \"extreme\"".into(),
        ),
        (vec!["todo", "add", a, "  "], "csm: title: ".into()),
        (vec!["todo", "done", &missing], format!("csm: id: there is no todo {missing}")),
        (vec!["todo", "done", &done], format!("csm: id: todo {done} is done already")),
        (vec!["todo", "delete", "abc"], "csm: id: “abc” is not a todo id".into()),
        (vec!["todo", "snooze", &missing], format!("csm: id: there is no todo {missing}")),
        (vec!["todo", "list", "--account", "zzqx"], "csm: account: no account matches".into()),
        (
            vec!["log", a, "--kind", "lunch", "--summary", "s"],
            "csm: kind: unknown interaction kind \"lunch\"".into(),
        ),
        (
            vec!["log", a, "--kind", "call", "--date", "2026-11-25", "--summary", "s"],
            "csm: date: 2026-11-25 is after 2026-11-24".into(),
        ),
        (
            vec!["log", a, "--kind", "call", "--date", "2026-13-01", "--summary", "s"],
            "csm: date: “2026-13-01” is not a day".into(),
        ),
        (
            vec!["log", a, "--kind", "call", "--with", "nobody@example.com", "--summary", "s"],
            "csm: with: nobody@example.com is not among the account's contacts".into(),
        ),
        (
            vec!["log", "zzqx", "--kind", "call", "--summary", "s"],
            "csm: account: no account matches “zzqx”".into(),
        ),
    ];
    let before = written(db);
    for (args, message) in cases {
        let output = cmd(dir, db, &args).output().unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.starts_with(&message), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert_eq!(written(db), before, "{args:?} wrote");
    }

    // Snoozing to the as-of date itself or earlier puts nothing off.
    run(&mut cmd(dir, db, &["todo", "add", a, "Open one"]));
    let open = newest_todo(db).to_string();
    let before = written(db);
    let output = cmd(dir, db, &["todo", "snooze", &open, "--until", "today"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).starts_with("csm: until: a day after 2026-11-24"));
    assert_eq!(written(db), before);
}

/// A title with a screen clear, a window-title escape and a right-to-left override, as a
/// careless paste into a script could bring.
const HOSTILE: &str = "Call\x1b[2J\x1b]0;pwned\x07 back\u{202E}txt";

#[test]
fn outside_text_is_stored_as_given_and_printed_cleaned_and_a_second_writer_is_refused() {
    let (dir, db) = book();
    let account = first_account(&db);
    let added = cmd(dir.path(), &db, &["todo", "add", &account.name, HOSTILE]).output().unwrap();
    assert!(added.status.success(), "{}", text(&added.stderr));
    let said = format!("{}{}", text(&added.stdout), text(&added.stderr));
    assert!(!said.chars().any(|c| c != '\n' && csm::domain::is_unsafe(c)), "{said:?}");
    let id = newest_todo(&db);
    assert_eq!(todo(&db, id).unwrap().title, HOSTILE, "the title is kept as it was given");
    let listed = cmd(dir.path(), &db, &["todo", "list"]).output().unwrap();
    let listed = text(&listed.stdout);
    assert!(!listed.chars().any(|c| c != '\n' && csm::domain::is_unsafe(c)), "{listed:?}");

    // Two scripts completing the same todo: the first wins, the second is refused, and the
    // todo stays as the first left it.
    let first = cmd(dir.path(), &db, &["todo", "done", &id.to_string()]).output().unwrap();
    assert!(first.status.success(), "{}", text(&first.stderr));
    let done = todo(&db, id).unwrap();
    let second = cmd(dir.path(), &db, &["todo", "done", &id.to_string()]).output().unwrap();
    assert_eq!(second.status.code(), Some(1));
    assert_eq!(text(&second.stderr).lines().count(), 1, "{}", text(&second.stderr));
    assert_eq!(todo(&db, id).unwrap(), done);
}

#[test]
fn due_days_are_read_in_words_on_the_command_line() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let account = first_account(db);
    // As of Tuesday 2026-11-24: the next Friday is the 27th, next week's the 4th of December,
    // two weeks on the 8th, the month ends on the 30th.
    for (words, due) in [
        ("friday", "2026-11-27"),
        ("next friday", "2026-12-04"),
        ("in 2 weeks", "2026-12-08"),
        ("eom", "2026-11-30"),
        ("end of month", "2026-11-30"),
        ("next month", "2026-12-01"),
    ] {
        run(&mut cmd(dir, db, &["todo", "add", &account.external_id, words, "--due", words]));
        let stored = todo(db, newest_todo(db)).unwrap();
        assert_eq!((stored.title.as_str(), stored.due), (words, Some(day(due))));
    }
}
