//! `update`'s part for pasted text: it goes into the open form's field or the search being
//! typed, and is never read as keys. It must not touch the store.

use super::super::finding;
use super::super::modal::Modal;
use super::super::state::AppState;
use crate::domain::terminal_safe;

/// What the status line says when pasted text has nowhere to go.
pub const PASTE_IGNORED: &str = "paste ignored: no field is open";

/// Takes pasted text (bracketed paste: the terminal hands it over as one piece, never as keys):
/// into the open form's focused field, or the search being typed; anywhere else it does
/// nothing, and the status line says so. No part of a paste is ever read as a key binding.
pub fn paste(state: &mut AppState, text: &str) {
    match &mut state.modal {
        Modal::Form(editor) => {
            if !editor.form.paste(text) {
                state.status = "paste ignored: the focused field takes no text".to_owned();
            }
        }
        Modal::Search => {
            state.search.query.push_str(&terminal_safe(text));
            state.apply_search();
        }
        Modal::Find(_) | Modal::Palette(_) => {
            // One line: a pasted line break is a space.
            let line = text.replace(['\n', '\r'], " ");
            finding::typed(state, &terminal_safe(&line));
        }
        _ => state.status = PASTE_IGNORED.to_owned(),
    }
}
