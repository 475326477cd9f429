//! Overlays drawn above a view: the help, the search over everything, the command palette, a
//! form being filled in, a yes-or-no question, how an
//! import ended. Which one is what `AppState::modal` holds; the search being typed shows on the
//! status line instead. They read the state only.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::keymap::Keymap;
use super::modal::Modal;
use super::state::AppState;
use super::theme::Theme;
use super::view_state::ViewState;

pub mod confirm;
pub mod finder;
pub mod form;
pub mod help;
pub mod import_report;
pub mod palette;

/// Draws what is open over the workspace: the help over the whole `area`, the others centred
/// in the view's `main` area.
pub fn render(
    state: &AppState,
    view_state: &ViewState,
    keymap: &Keymap,
    theme: Theme,
    main: Rect,
    area: Rect,
    buf: &mut Buffer,
) {
    match &state.modal {
        Modal::None | Modal::Search => {}
        Modal::Help => help::render(state, keymap, theme, area, buf),
        Modal::Find(finder) => {
            let rows = finder::render(state, finder, theme, area, buf);
            view_state.finder_rows.set(rows);
        }
        Modal::Palette(palette) => palette::render(state, palette, theme, area, buf),
        Modal::Form(editor) => form::render(&editor.form, theme, main, buf),
        Modal::Confirm(confirm) => confirm::render(&confirm.question, theme, main, buf),
        Modal::ImportReport(report) => import_report::render(report, theme, main, buf),
    }
}
