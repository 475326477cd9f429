//! Importing a file from the workspace through its keys, over a demo store: the form, the
//! report and the book read again after; and the status line while an import runs.

use ratatui::crossterm::event::KeyCode;

use crate::ui::App;
use crate::ui::testing::{demo_app, on_each_engine, press};

fn type_text(app: &mut App, text: &str) {
    text.chars().for_each(|c| press(app, KeyCode::Char(c)));
}

#[test]
fn importing_from_the_workspace_adds_the_accounts_and_reports_problems() {
    on_each_engine("importing_from_the_workspace_adds_the_accounts_and_reports_problems", || {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("accounts.csv");
        std::fs::write(&good, "Account ID,Account Name,ARR\nZ-1,Zephyr Outfitters,\"$12,000\"\n")
            .unwrap();
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('i'));
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Enter);
        let form = &app.state.modal.editor().unwrap().form;
        assert_eq!(form.error.as_deref(), Some("file: which file? (a path)"));
        type_text(&mut app, &good.display().to_string());
        press(&mut app, KeyCode::Enter);

        assert!(app.state.modal.editor().is_none());
        let expected = format!(
            "{}: imported 1 row of accounts: 1 new, 0 updated, 0 unchanged",
            good.display()
        );
        assert_eq!(app.state.status, expected);
        match app.state.modal.report() {
            Some(crate::ui::importing::ImportReport { ok, lines, .. }) => {
                assert!(*ok);
                assert_eq!(lines[0], expected);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(app.state.book.scored.active().count(), 61, "the book was read again");
        let zephyr =
            app.state.book.scored.accounts.iter().find(|e| e.account.name == "Zephyr Outfitters");
        assert_eq!(zephyr.unwrap().account.arr_cents, 1_200_000);
        press(&mut app, KeyCode::Esc);
        assert!(app.state.modal.report().is_none(), "esc closes the report");

        // A bad file: the report lists where, and nothing changes.
        let bad = dir.path().join("usage.csv");
        std::fs::write(&bad, "account,date,active_users\nZ-1,2026-02-30,4\n").unwrap();
        press(&mut app, KeyCode::Char('i'));
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Tab);
        type_text(&mut app, &bad.display().to_string());
        press(&mut app, KeyCode::Enter);
        match app.state.modal.report() {
            Some(crate::ui::importing::ImportReport { ok, lines, .. }) => {
                assert!(!*ok);
                assert!(lines[0].starts_with(&format!("{}:2: date: ", bad.display())), "{lines:?}");
                assert_eq!(
                    lines.last().unwrap(),
                    &format!("nothing was imported from {}", bad.display())
                );
            }
            other => panic!("{other:?}"),
        }
        press(&mut app, KeyCode::Char('j'));
        press(&mut app, KeyCode::Char('q'));
        assert!(app.state.quit, "quit still quits with the report open");
    });
}

/// While an import runs, the status line says how far it has read once the import has said:
/// rows, the share of the file, seconds.
#[test]
fn a_running_import_shows_its_rows_share_and_seconds_in_the_status_line() {
    on_each_engine("a_running_import_shows_its_rows_share_and_seconds_in_the_status_line", || {
        use std::time::{Duration, Instant};

        use crate::import::{Kind, Progress};
        use crate::ui::importing::{ImportRequest, ImportView, progressed};
        use crate::ui::testing::{buffer_lines, draw};

        let mut app = demo_app();
        let status = |app: &App| {
            let terminal = draw(app, 110, 30);
            buffer_lines(terminal.backend().buffer()).last().unwrap().trim_end().to_owned()
        };
        let request = ImportRequest {
            kind: Kind::Usage,
            path: "usage.csv".into(),
            dry_run: false,
            date_order: None,
        };
        let started = Instant::now().checked_sub(Duration::from_secs(3)).unwrap();
        app.state.import = Some(ImportView::Running { request, started, progress: None });
        assert_eq!(
            status(&app),
            " importing usage.csv… 3 s · the workspace stays usable; edits wait"
        );
        progressed(
            &mut app.state.import,
            Progress { rows: 1_234_567, bytes: 34_500, total_bytes: 100_000 },
        );
        assert_eq!(
            status(&app),
            " importing usage.csv: 1,234,567 rows · 34% · 3 s · the workspace stays usable; edits wait"
        );
        // Progress that arrives after the import ended changes nothing.
        app.state.import = None;
        progressed(&mut app.state.import, Progress::default());
        assert!(app.state.import.is_none());
    });
}
