//! Memory running out while the workspace holds the terminal: Rust aborts without unwinding, so
//! only the allocator can give the terminal back. This test binary runs on csm's allocator and
//! starts itself again in a pseudo-terminal, where the child takes the terminal as the workspace
//! does (alternate screen, hidden cursor, bracketed paste) and asks for more memory than any
//! machine has: the terminal must end on the main screen, the cursor shown, paste off, and a
//! word saying why, before the process aborts.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::io::{Read as _, Write as _};
use std::time::{Duration, Instant};

use csm::ui::TerminalRestoringAllocator;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

#[global_allocator]
static ALLOCATOR: TerminalRestoringAllocator = TerminalRestoringAllocator;

/// Set in the child's environment: only there does the child test run out of memory.
const CHILD: &str = "CSM_TEST_OUT_OF_MEMORY_CHILD";

#[test]
fn the_child_takes_the_terminal_and_runs_out_of_memory() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let mut out = std::io::stdout();
    out.write_all(b"\x1b[?1049h\x1b[?25l\x1b[?2004htaken\r\n").unwrap();
    out.flush().unwrap();
    TerminalRestoringAllocator::terminal_taken(true);
    // 64 TiB: more than the address space the kernel grants, far less than `isize::MAX`.
    let huge: Vec<u8> = Vec::with_capacity(std::hint::black_box(1 << 46));
    std::hint::black_box(huge);
    unreachable!("64 TiB were granted");
}

#[test]
fn running_out_of_memory_gives_the_terminal_back() {
    let pty = native_pty_system()
        .openpty(PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 })
        .unwrap();
    let mut cmd = CommandBuilder::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        "the_child_takes_the_terminal_and_runs_out_of_memory",
        "--nocapture",
        "--test-threads=1",
    ]);
    cmd.env(CHILD, "1");
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the child neither ran out of memory nor ended");
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut raw = Vec::new();
    while let Ok(bytes) = rx.recv_timeout(Duration::from_millis(300)) {
        raw.extend(bytes);
    }
    let text = String::from_utf8_lossy(&raw);
    assert!(!status.success(), "the child did not fail:\n{text}");
    let taken = text.find("taken").expect("the child took the terminal");
    let after = &text[taken..];
    for undo in ["\x1b[?1000l", "\x1b[?2004l", "\x1b[?1049l", "\x1b[?25h"] {
        assert!(after.contains(undo), "{undo:?} was never written:\n{text:?}");
    }
    assert!(after.contains("out of memory"), "no word of why:\n{text:?}");
    let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
    let mut screen = vt100::Parser::new(size(24), size(80), 0);
    screen.process(&raw);
    assert!(!screen.screen().alternate_screen(), "left on the alternate screen");
    assert!(!screen.screen().hide_cursor(), "the cursor is still hidden");
}
