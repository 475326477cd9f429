//! A journey through the real workspace in a pseudo-terminal: start the binary on a generated
//! book, navigate, search, open the help, switch views, log a touchpoint, resize, quit, and check
//! the terminal is given back. The screen is read through a terminal emulator (vt100), as a
//! person would see it.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "pty/session.rs"]
mod session;

use std::num::NonZeroU16;
use std::time::Duration;

use portable_pty::PtySize;
use session::{Session, demo_book};

#[test]
fn navigate_search_help_views_resize_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut s = Session::start(&db, 24, 80);

    // The book opens on the account list, most urgent first, with the first row selected.
    s.wait_for("60 of 60");
    assert!(s.parser.screen().alternate_screen(), "the workspace uses the alternate screen");
    // Right after the first frame the playbooks run beside the screen, and the status line
    // says what they made once they end.
    s.wait_for("todos created");
    let first = s.row("Stonegate");
    assert!(s.parser.screen().cell(first, 2).unwrap().inverse(), "the first row is selected");

    // j moves the selection down.
    s.keys("j");
    s.pump(Duration::from_millis(200));
    let second = s.row("Ironbridge Fr");
    assert!(s.parser.screen().cell(second, 2).unwrap().inverse());
    assert!(!s.parser.screen().cell(first, 2).unwrap().inverse());

    // Fuzzy search folds accents: "angstrom" finds both Ångström accounts.
    s.keys("/angstrom");
    s.wait_for("2 of 60");
    assert!(s.screen().contains("Ångström Anal"));
    s.keys("\r");
    s.wait_for("2 of 60");

    // The help lists the keys of the focused pane and the global ones.
    s.keys("?");
    s.wait_for("Keys · Book view");
    assert!(s.screen().contains("search accounts by name"));
    s.keys("?");
    s.pump(Duration::from_millis(200));
    assert!(!s.screen().contains("Keys · Book view"));

    // Esc clears the search; views switch with number keys.
    s.keys("\x1b");
    s.wait_for("60 of 60");
    s.keys("4");
    s.wait_for("┌ Portfolio ─");
    // The forecast's inputs are read beside the screen, then its figures show.
    s.keys("7");
    s.wait_for("Expected renewed ARR");
    s.keys("1");
    s.wait_for("60 of 60");

    // Log a touchpoint: a meeting with the gone-dark account's champion, from the stakeholder
    // pane (the contact pointed at is ticked), saved with ctrl-s from the notes.
    s.keys("/quillfeather\r");
    s.wait_for("1 of 60");
    assert!(s.screen().contains("⚑2"), "gone dark and single-threaded");
    s.keys("\t\t\t");
    s.wait_for("Stakeholders");
    s.keys("l");
    s.wait_for("Log a touchpoint · Quillfeather Books");
    assert!(s.screen().contains("[x] "), "the champion is ticked");
    s.keys("\t\t\tBusy season check-in\tWants a training.\x13");
    s.wait_for("logged meeting “Busy season check-in” with");
    assert!(!s.screen().contains("Log a touchpoint"), "the form closed");
    assert!(s.screen().contains("⚑1"), "no longer dark: one signal left");
    s.keys("\x1b\x1b");
    s.wait_for("60 of 60");

    // A larger terminal shows every pane at once.
    s.master.resize(PtySize { rows: 50, cols: 200, pixel_width: 0, pixel_height: 0 }).unwrap();
    s.parser.screen_mut().set_size(NonZeroU16::new(50).unwrap(), NonZeroU16::new(200).unwrap());
    s.wait_for("Stakeholders");

    // q quits and gives the terminal back: the alternate screen is left.
    s.keys("q");
    let status = s.wait_for_exit("csm did not quit");
    assert!(status.success(), "{status:?}");
    assert!(!s.parser.screen().alternate_screen(), "the alternate screen was left");
    let raw = String::from_utf8_lossy(&s.raw);
    assert!(raw.contains("\u{1b}[?1049l"), "leave-alternate-screen was sent");

    // The touchpoint is in the store.
    let store = csm::store::Store::open(&db).unwrap();
    let logged = store.accounts().unwrap().into_iter().find(|a| a.name == "Quillfeather Books");
    let interactions = store.interactions(logged.unwrap().id).unwrap();
    let meeting =
        interactions.iter().find(|i| i.summary.as_deref() == Some("Busy season check-in"));
    assert_eq!(meeting.unwrap().body.as_deref(), Some("Wants a training."));
}

#[test]
fn a_paste_is_text_never_keys() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut s = Session::start(&db, 24, 80);
    s.wait_for("todos created");
    let raw = String::from_utf8_lossy(&s.raw).into_owned();
    assert!(raw.contains("\u{1b}[?2004h"), "bracketed paste was turned on");

    // Pasted into a todo's title, a line break and "uq" are text: as keys they saved the todo,
    // undid it and quit.
    s.keys("a");
    s.wait_for("New todo · Stonegate");
    s.keys("\x1b[200~Follow up with finance\ruq\x1b[201~");
    s.wait_for("Follow up with finance uq");
    assert!(s.screen().contains("New todo · Stonegate"), "the form is still open");
    assert!(s.child.try_wait().unwrap().is_none(), "csm is still running");
    s.keys("\r");
    s.wait_for("added todo “Follow up with finance uq”");

    // With no form open a paste does nothing, and the status line says so.
    s.keys("\x1b[200~renewal q\x1b[201~");
    s.wait_for("paste ignored: no field is open");
    assert!(s.screen().contains("60 of 60"), "no filter, no search");
    assert!(s.child.try_wait().unwrap().is_none(), "csm is still running");

    s.keys("q");
    s.wait_for_exit("csm did not quit");
    let raw = String::from_utf8_lossy(&s.raw);
    assert!(raw.contains("\u{1b}[?2004l"), "bracketed paste was turned off");

    // The one todo is in the store, with the pasted title on one line.
    let store = csm::store::Store::open(&db).unwrap();
    let titles: Vec<String> = store
        .open_todos()
        .unwrap()
        .into_iter()
        .map(|t| t.title)
        .filter(|t| t.contains("finance"))
        .collect();
    assert_eq!(titles, ["Follow up with finance uq"]);
}

#[test]
fn an_empty_book_greets_with_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_csm"))
        .arg("init")
        .arg("--db")
        .arg(&db)
        .status()
        .unwrap();
    assert!(status.success());
    let mut s = Session::start(&db, 24, 80);
    s.wait_for("Welcome to csm");
    assert!(s.screen().contains("csm demo"));
    s.keys("q");
    s.wait_for_exit("csm did not quit");
}

/// No book at the path: the workspace does not start on a new empty book (which a mistyped
/// `--db` would create); csm says how to make one and leaves nothing behind.
#[test]
fn a_missing_book_says_how_to_start_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("missing.db");
    let mut s = Session::start(&db, 24, 80);
    s.wait_for("csm init");
    s.wait_for_exit("csm did not end");
    let screen = s.screen();
    assert!(screen.contains("There is no book at") && screen.contains("csm demo"), "{screen}");
    assert!(!db.exists(), "a book was created");
}

#[test]
fn sigterm_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut s = Session::start(&db, 24, 80);
    s.wait_for("60 of 60");
    let pid = s.child.process_id().unwrap();
    let status =
        std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status().unwrap();
    assert!(status.success());
    s.wait_for_exit("csm did not end on SIGTERM");
    assert!(!s.parser.screen().alternate_screen(), "the alternate screen was left");
}
