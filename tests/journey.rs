//! A journey through the real workspace in a pseudo-terminal: start the binary on a generated
//! book, navigate, search, open the help, switch views, resize, quit, and check the terminal is
//! given back. The screen is read through a terminal emulator (vt100), as a person would see it.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const AS_OF: &str = "2026-11-24";

/// The real binary in a pseudo-terminal, with the screen it draws.
struct Session {
    parser: vt100::Parser,
    output: mpsc::Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn portable_pty::MasterPty + Send>,
    raw: Vec<u8>,
}

impl Session {
    fn start(db: &Path, rows: u16, cols: u16) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_csm"));
        cmd.args(["--as-of", AS_OF, "--db"]);
        cmd.arg(db);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let (tx, output) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let writer = pty.master.take_writer().unwrap();
        let size = |n: u16| NonZeroU16::new(n).unwrap();
        Self {
            parser: vt100::Parser::new(size(rows), size(cols), 0),
            output,
            writer,
            child,
            master: pty.master,
            raw: Vec::new(),
        }
    }

    fn pump(&mut self, wait: Duration) {
        while let Ok(bytes) = self.output.recv_timeout(wait) {
            self.parser.process(&bytes);
            self.raw.extend_from_slice(&bytes);
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen shows `text` (or fails the test after 15 s, showing the screen).
    fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            self.pump(Duration::from_millis(20));
            if self.screen().contains(text) {
                return;
            }
        }
        panic!("the screen never showed {text:?}; it shows:\n{}", self.screen());
    }

    fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// The screen row of the account list that starts with `text` (just inside the border).
    fn row(&self, text: &str) -> u16 {
        let screen = self.screen();
        let line = screen
            .lines()
            .position(|l| l.chars().skip(1).collect::<String>().starts_with(text))
            .expect("a row of the list with the text");
        u16::try_from(line).unwrap()
    }
}

fn demo_book(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("book.db");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_csm"))
        .args(["demo", "--no-open", "--as-of", AS_OF, "--db"])
        .arg(&db)
        .status()
        .unwrap();
    assert!(status.success());
    db
}

#[test]
fn navigate_search_help_views_resize_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut s = Session::start(&db, 24, 80);

    // The book opens on the account list, most urgent first, with the first row selected.
    s.wait_for("60 of 60");
    assert!(s.parser.screen().alternate_screen(), "the workspace uses the alternate screen");
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
    s.wait_for("4 Portfolio");
    s.keys("1");
    s.wait_for("60 of 60");

    // A larger terminal shows every pane at once.
    s.master.resize(PtySize { rows: 50, cols: 200, pixel_width: 0, pixel_height: 0 }).unwrap();
    s.parser.screen_mut().set_size(NonZeroU16::new(50).unwrap(), NonZeroU16::new(200).unwrap());
    s.wait_for("Stakeholders");

    // q quits and gives the terminal back: the alternate screen is left.
    s.keys("q");
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "csm did not quit");
        s.pump(Duration::from_millis(20));
    };
    s.pump(Duration::from_millis(100));
    assert!(status.success(), "{status:?}");
    assert!(!s.parser.screen().alternate_screen(), "the alternate screen was left");
    let raw = String::from_utf8_lossy(&s.raw);
    assert!(raw.contains("\u{1b}[?1049l"), "leave-alternate-screen was sent");
}

#[test]
fn an_empty_book_greets_with_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(&dir.path().join("empty.db"), 24, 80);
    s.wait_for("Welcome to csm");
    assert!(s.screen().contains("csm demo"));
    s.keys("q");
    let deadline = Instant::now() + Duration::from_secs(10);
    while s.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "csm did not quit");
        s.pump(Duration::from_millis(20));
    }
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
    let deadline = Instant::now() + Duration::from_secs(10);
    while s.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "csm did not end on SIGTERM");
        s.pump(Duration::from_millis(20));
    }
    s.pump(Duration::from_millis(100));
    assert!(!s.parser.screen().alternate_screen(), "the alternate screen was left");
}
