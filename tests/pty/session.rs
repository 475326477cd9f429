//! The real binary in a pseudo-terminal, its screen read through a terminal emulator (vt100)
//! as a person would see it: shared by the journeys and the crash test.

#![allow(dead_code)] // each test file uses its own part

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

pub const AS_OF: &str = "2026-11-24";

/// The real binary in a pseudo-terminal, with the screen it draws.
pub struct Session {
    pub parser: vt100::Parser,
    output: mpsc::Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    pub master: Box<dyn portable_pty::MasterPty + Send>,
    pub raw: Vec<u8>,
}

impl Session {
    pub fn start(db: &Path, rows: u16, cols: u16) -> Self {
        Self::command(db, &[], rows, cols)
    }

    /// `csm --as-of AS_OF --db DB ARGS` in a pseudo-terminal of `rows` by `cols`: its standard
    /// input, output and error are all the terminal.
    pub fn command(db: &Path, args: &[&std::ffi::OsStr], rows: u16, cols: u16) -> Self {
        Self::within(db.as_os_str(), db.parent().unwrap_or(Path::new(".")), args, rows, cols)
    }

    /// As [`Session::command`] on the book `db` names (a file or a server's URL), run in `cwd`.
    pub fn within(
        db: &std::ffi::OsStr,
        cwd: &Path,
        args: &[&std::ffi::OsStr],
        rows: u16,
        cols: u16,
    ) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_csm"));
        cmd.args(["--as-of", AS_OF, "--db"]);
        cmd.arg(db);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        // Files the workspace writes where it runs (the QBR brief and deck) go beside the book,
        // never into the source tree.
        cmd.cwd(cwd);
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

    pub fn pump(&mut self, wait: Duration) {
        while let Ok(bytes) = self.output.recv_timeout(wait) {
            self.parser.process(&bytes);
            self.raw.extend_from_slice(&bytes);
        }
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen shows `text` (or fails the test after 15 s, showing the screen).
    pub fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            self.pump(Duration::from_millis(20));
            if self.screen().contains(text) {
                return;
            }
        }
        panic!("the screen never showed {text:?}; it shows:\n{}", self.screen());
    }

    /// Waits for csm to end (or fails the test after 10 s, saying `what` did not happen), reads
    /// what it wrote last, and returns how it ended.
    pub fn wait_for_exit(&mut self, what: &str) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "{what}");
            self.pump(Duration::from_millis(20));
        };
        self.pump(Duration::from_millis(100));
        status
    }

    /// Sends `bytes` as typed or pasted, telling a failed write (the program has gone).
    pub fn send(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.writer.write_all(bytes)?;
        self.writer.flush()
    }

    pub fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// The screen row of the account list that starts with `text` (just inside the border).
    pub fn row(&self, text: &str) -> u16 {
        let screen = self.screen();
        let line = screen
            .lines()
            .position(|l| l.chars().skip(1).collect::<String>().starts_with(text))
            .expect("a row of the list with the text");
        u16::try_from(line).unwrap()
    }
}

pub fn demo_book(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("book.db");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_csm"))
        .args(["demo", "--no-open", "--as-of", AS_OF, "--db"])
        .arg(&db)
        .status()
        .unwrap();
    assert!(status.success());
    db
}
