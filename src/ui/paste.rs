//! Bracketed paste on the terminal: with it on, the terminal hands pasted text over as one
//! event instead of typing it, so a pasted line break or letter is never read as a key. It is
//! turned on when the workspace takes the terminal and off on every way out, a panic included.
//!
//! This module only switches the terminal's mode; what a paste does is `update::paste`'s
//! business.

use std::io::Write;

use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;

/// Turns bracketed paste on, and makes a panic turn it off again before the panic is told
/// (ratatui's own hook then restores the rest of the terminal).
///
/// # Errors
/// The terminal could not be written to.
pub fn enable() -> std::io::Result<()> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        disable();
        hook(info);
    }));
    execute!(std::io::stdout(), EnableBracketedPaste)
}

/// Turns bracketed paste off; a terminal that cannot be written to any more has nothing to
/// restore.
pub fn disable() {
    let mut out = std::io::stdout();
    let _ = execute!(out, DisableBracketedPaste);
    let _ = out.flush();
}
