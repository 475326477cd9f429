//! When memory runs out while the workspace holds the terminal: Rust aborts the process on a
//! failed allocation without unwinding, so neither ratatui's panic hook nor any `Drop` restores
//! the terminal. This allocator passes every request to the system's and, when one fails while
//! the workspace has the terminal, gives the terminal back (mouse reporting and bracketed paste
//! off, the main screen, the cursor shown, raw mode off) before Rust reports the failure and
//! aborts.
//!
//! It must not allocate on that path (memory has just run out) nor take a lock that a drawing
//! thread may hold: the bytes go straight to the terminal with one `write`.

#![allow(unsafe_code)] // a global allocator is an `unsafe` interface; this one only delegates

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the workspace has the terminal (alternate screen, raw mode).
static TERMINAL_TAKEN: AtomicBool = AtomicBool::new(false);

/// Set by the first failed allocation that restores the terminal, so a second one (raw mode's
/// restoring may itself allocate) does not start over.
static RESTORING: AtomicBool = AtomicBool::new(false);

/// What gives the terminal back, in the order the workspace took it: mouse reporting and
/// bracketed paste off, the main screen again, the cursor shown.
const RESTORE: &[u8] =
    b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?2004l\x1b[?1049l\x1b[?25h";

/// The system's allocator, which gives the terminal back when an allocation fails while the
/// workspace holds it. The binary installs it as the global allocator.
#[derive(Debug, Clone, Copy, Default)]
pub struct TerminalRestoringAllocator;

// SAFETY: every method forwards its arguments unchanged to `System`, which upholds the
// `GlobalAlloc` contract; the failure path only writes to the terminal.
unsafe impl GlobalAlloc for TerminalRestoringAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc` is passed on as it is.
        let ptr = unsafe { System.alloc(layout) };
        if ptr.is_null() {
            give_the_terminal_back();
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if ptr.is_null() {
            give_the_terminal_back();
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator, that is from `System`, with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`, with the caller's contract for `new_size`.
        let moved = unsafe { System.realloc(ptr, layout, new_size) };
        if moved.is_null() {
            give_the_terminal_back();
        }
        moved
    }
}

impl TerminalRestoringAllocator {
    /// Marks the terminal as the workspace's (after it is taken) or the shell's again (after it
    /// is restored the ordinary way).
    pub fn terminal_taken(taken: bool) {
        TERMINAL_TAKEN.store(taken, Ordering::SeqCst);
    }
}

/// Gives the terminal back once, if the workspace holds it.
fn give_the_terminal_back() {
    if !TERMINAL_TAKEN.load(Ordering::SeqCst) || RESTORING.swap(true, Ordering::SeqCst) {
        return;
    }
    write_to_terminal(RESTORE);
    // Raw mode's saved settings are restored with one system call; should it need memory and
    // find none, this function is not entered again (see `RESTORING`).
    let _ = ratatui::crossterm::terminal::disable_raw_mode();
    write_to_terminal(b"\r\ncsm: out of memory; the workspace has stopped\r\n");
}

/// Writes `bytes` to standard output with one system call: no buffer, no lock.
fn write_to_terminal(bytes: &[u8]) {
    // SAFETY: `bytes` is valid for reads of its length for the whole call; a short or failed
    // write leaves nothing to clean up.
    let _ = unsafe { libc::write(libc::STDOUT_FILENO, bytes.as_ptr().cast(), bytes.len()) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_restoring_sequence_undoes_what_the_workspace_turned_on() {
        let text = std::str::from_utf8(RESTORE).unwrap_or_default();
        for undo in ["\x1b[?1000l", "\x1b[?1003l", "\x1b[?2004l", "\x1b[?1049l", "\x1b[?25h"] {
            assert!(text.contains(undo), "{undo:?} missing");
        }
    }

    #[test]
    fn memory_is_handed_out_and_taken_back_like_the_systems() {
        let allocator = TerminalRestoringAllocator;
        let layout = Layout::from_size_align(64, 8).unwrap_or(Layout::new::<u64>());
        // SAFETY: a non-zero layout, freed with the same layout by the same allocator.
        unsafe {
            let ptr = allocator.alloc_zeroed(layout);
            assert!(!ptr.is_null());
            assert_eq!(*ptr, 0);
            let ptr = allocator.realloc(ptr, layout, 128);
            assert!(!ptr.is_null());
            allocator.dealloc(ptr, Layout::from_size_align(128, 8).unwrap_or(layout));
        }
    }
}
