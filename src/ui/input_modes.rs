//! The terminal's input modes while the workspace holds it: bracketed paste, with which the
//! terminal hands pasted text over as one event instead of typing it (so a pasted line break or
//! letter is never read as a key), and mouse reporting (clicks and the wheel). Both are turned on
//! when the workspace takes the terminal and off on every way out, a panic included.
//!
//! This module only switches the terminal's modes; what a paste or a click does is `update`'s
//! and `mouse`'s business.

use std::io::Write;

use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;

/// Turns bracketed paste and mouse reporting on, and makes a panic of the workspace's own
/// thread turn them off again before the panic is told (ratatui's own hook then restores the
/// rest of the terminal). A panic of a thread working beside the screen (an import, the
/// playbooks' run) is caught there and said on the status line: it must neither give the
/// terminal back under a workspace that keeps running nor print over the screen.
///
/// # Errors
/// The terminal could not be written to.
pub fn enable() -> std::io::Result<()> {
    let hook = std::panic::take_hook();
    let workspace = std::thread::current().id();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() != workspace {
            return;
        }
        disable();
        hook(info);
    }));
    execute!(std::io::stdout(), EnableBracketedPaste, EnableMouseCapture)
}

/// Turns them off; a terminal that cannot be written to any more has nothing to restore.
pub fn disable() {
    let mut out = std::io::stdout();
    let _ = execute!(out, DisableMouseCapture, DisableBracketedPaste);
    let _ = out.flush();
}
