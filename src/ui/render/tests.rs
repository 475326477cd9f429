//! Outside text on the status line and in popups reaches the screen cleaned: no escape, control
//! or invisible character lands in a cell, however the message was made.

use std::time::Instant;

use ratatui::crossterm::event::KeyCode;

use crate::domain::is_unsafe;
use crate::import::Kind;
use crate::ui::importing::{ImportRequest, ImportView};
use crate::ui::testing::{buffer_lines, demo_app, draw, on_each_engine, press, select_by_search};

/// A clipboard write, a screen clear, a window title, a right-to-left override, TAG characters
/// and a Hangul filler, as a file name or an SQLite message could bring them.
const HOSTILE: &str = "bad\x1b]52;c;cm0gLXJmIH4K\x07\x1b[2J\x1b]0;pwned\x07\u{202E}txt.csv\u{E0061}\u{E0062}\u{3164}end";

fn screen(app: &crate::ui::app::App) -> String {
    let terminal = draw(app, 160, 40);
    buffer_lines(terminal.backend().buffer()).join("\n")
}

fn assert_clean(screen: &str, what: &str) {
    if let Some(c) = screen.chars().find(|&c| c != '\n' && is_unsafe(c)) {
        panic!("{what}: U+{:04X} reached the screen:\n{screen}", u32::from(c));
    }
}

#[test]
fn the_status_line_shows_outside_text_cleaned() {
    on_each_engine("the_status_line_shows_outside_text_cleaned", || {
        let mut app = demo_app();
        app.state.status =
            format!("import failed: cannot read {HOSTILE}: malformed database schema");
        let shown = screen(&app);
        assert_clean(&shown, "status line");
        assert!(shown.contains("import failed: cannot read bad]52;c;"), "{shown}");
    });
}

#[test]
fn a_running_import_shows_its_file_name_cleaned() {
    on_each_engine("a_running_import_shows_its_file_name_cleaned", || {
        let mut app = demo_app();
        let request = ImportRequest {
            kind: Kind::Accounts,
            path: HOSTILE.into(),
            dry_run: false,
            date_order: None,
        };
        app.state.import =
            Some(ImportView::Running { request, started: Instant::now(), progress: None });
        let shown = screen(&app);
        assert_clean(&shown, "running import");
        assert!(shown.contains("importing"), "{shown}");
    });
}

#[test]
fn a_form_s_title_and_error_are_shown_cleaned() {
    on_each_engine("a_form_s_title_and_error_are_shown_cleaned", || {
        let mut app = demo_app();
        crate::ui::editing::open_import(&mut app.state);
        let editor = app.state.modal.editor_mut().expect("the import form");
        editor.form.title = format!("Import {HOSTILE}");
        editor.form.error = Some(format!("{HOSTILE}: no such file"));
        let shown = screen(&app);
        assert_clean(&shown, "form");
        assert!(shown.contains("no such file"), "{shown}");
    });
}

#[test]
fn a_question_is_shown_cleaned() {
    on_each_engine("a_question_is_shown_cleaned", || {
        let mut app = demo_app();
        select_by_search(&mut app, "Quillfeather Books");
        (0..4).for_each(|_| press(&mut app, KeyCode::Tab));
        press(&mut app, KeyCode::Char('d'));
        let confirm = app.state.modal.confirm_mut().expect("a question");
        confirm.question = format!("Delete “{HOSTILE}”?");
        let shown = screen(&app);
        assert_clean(&shown, "question");
        assert!(shown.contains("Delete “bad]52;c;"), "{shown}");
    });
}

#[test]
fn a_status_too_long_for_one_row_is_read_in_full_on_two() {
    on_each_engine("a_status_too_long_for_one_row_is_read_in_full_on_two", || {
        let mut app = demo_app();
        let long =
            "not saved: the todo was changed elsewhere since it was read; showing it as it is now";
        app.state.status = long.to_owned();
        let terminal = draw(&app, 80, 24);
        let lines = buffer_lines(terminal.backend().buffer());
        let status = format!("{} {}", lines[22].trim(), lines[23].trim());
        assert_eq!(status, long);
        assert!(lines[21].starts_with('┗') || lines[21].starts_with('└'), "the body gave a row up");
        // A short one keeps one row.
        app.state.status = "filters cleared".to_owned();
        let terminal = draw(&app, 80, 24);
        let lines = buffer_lines(terminal.backend().buffer());
        assert!(lines[23].starts_with(" filters cleared"), "{}", lines[23]);
        assert!(lines[22].starts_with('┗') || lines[22].starts_with('└'), "{}", lines[22]);
    });
}
