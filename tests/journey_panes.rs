//! A journey through the workspace's panes at 80x24 in a pseudo-terminal, as a new CSM reads
//! it: a click selects an account row, the wheel focuses and scrolls the health pane, zoom
//! fills the screen with it, and every risk signal's reason of the first account is read in
//! full, page by page. The screen is read through a terminal emulator (vt100).

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "pty/session.rs"]
mod session;

use std::time::Duration;

use session::{AS_OF, Session, demo_book};

/// A left click at the 0-based `column` and `row`, as an xterm reports it (SGR mode).
fn click(s: &mut Session, column: u16, row: u16) {
    s.keys(&format!("\x1b[<0;{};{}M\x1b[<0;{};{}m", column + 1, row + 1, column + 1, row + 1));
}

/// One turn of the wheel down at `column` and `row`.
fn wheel_down(s: &mut Session, column: u16, row: u16) {
    s.keys(&format!("\x1b[<65;{};{}M", column + 1, row + 1));
}

/// The text inside the zoomed pane's border, rows joined, runs of spaces as one.
fn pane_text(s: &Session) -> String {
    let screen = s.screen();
    let inner: Vec<String> =
        screen.lines().skip(2).take(20).map(|l| l.chars().skip(1).take(78).collect()).collect();
    collapse(&inner.join(" "))
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn click_a_row_wheel_and_zoom_the_health_pane_to_read_every_reason_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut s = Session::start(&db, 24, 80);
    s.wait_for("todos created");
    let raw = String::from_utf8_lossy(&s.raw).into_owned();
    assert!(raw.contains("\u{1b}[?1000h"), "mouse reporting was turned on");

    // A click on the second account's row selects it; a click on the first selects it again.
    let second = s.row("Ironbridge Fr");
    click(&mut s, 5, second);
    s.wait_for("Ironbridge Freight · ▲");
    assert!(s.parser.screen().cell(second, 2).unwrap().inverse(), "the clicked row is selected");
    let first = s.row("Stonegate");
    click(&mut s, 5, first);
    s.wait_for("Stonegate Industries · ▲");

    // The wheel over the health pane focuses it (its title is marked) and scrolls it.
    wheel_down(&mut s, 60, 12);
    wheel_down(&mut s, 60, 12);
    s.wait_for("↑ 2 more above");
    assert!(s.screen().contains("▶ Stonegate"), "the health pane has the focus");

    // Zoomed, back at the top, the pane is read a page at a time to its end.
    s.keys("zg");
    s.wait_for("Health pane zoomed");
    s.wait_for("▶ Health · Stonegate Industries");
    let mut read = pane_text(&s);
    for _ in 0..10 {
        if !s.screen().contains("more below") {
            break;
        }
        s.keys("\x1b[6~");
        s.pump(Duration::from_millis(300));
        read.push(' ');
        read.push_str(&pane_text(&s));
    }
    assert!(!s.screen().contains("more below"), "the end of the pane was reached");
    let read = collapse(&read);

    s.keys("q");
    s.wait_for_exit("csm did not quit");
    let raw = String::from_utf8_lossy(&s.raw);
    assert!(raw.contains("\u{1b}[?1000l"), "mouse reporting was turned off");

    // Every reason the engine gives the account is on screen, word for word.
    let store = csm::store::Store::open(&db).unwrap();
    let account = store.accounts().unwrap().into_iter().find(|a| a.name == "Stonegate Industries");
    let config = csm::config::Config::default();
    let as_of = AS_OF.parse().unwrap();
    let detail = csm::book::account_detail(
        &store,
        &config,
        account.unwrap().id,
        as_of,
        csm::scoring::Depth::Report,
    )
    .unwrap()
    .unwrap();
    assert!(detail.score.signals.len() >= 3, "an account with reasons to read");
    for signal in &detail.score.signals {
        let reason = collapse(&signal.reason);
        assert!(read.contains(&reason), "{reason:?} was not read in full:\n{read}");
    }
}
