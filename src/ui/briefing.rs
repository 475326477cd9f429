//! The workspace's side of the QBR: building the selected account's brief from the book on
//! screen (so its figures are the report's) and, from the same gathered records, the customer
//! deck of its open QBR's choices; writing both files (the brief's Markdown and the deck's HTML)
//! and saying where in the status line. Called by `update` only; it must not draw.

use std::path::PathBuf;

use super::state::{AppState, QbrPreview};
use crate::config::Config;
use crate::domain::terminal_safe;
use crate::output;
use crate::qbr;
use crate::qbr::deck::{self, DeckSource};
use crate::qbr::record::QbrRecord;
use crate::store::{Store, StoreResult};

/// Builds the selected account's brief unless the state already holds it as of the account's
/// latest edit.
///
/// # Errors
/// The store could not be read.
pub(super) fn prepare(state: &mut AppState, store: &Store, config: &Config) -> StoreResult<()> {
    let Some(id) = state.selected_entry().map(|e| e.account.id) else {
        state.book.qbr = None;
        return Ok(());
    };
    let revision = store.account_revision(id)?;
    if state.book.qbr.as_ref().is_some_and(|q| q.account == id && q.revision == revision) {
        return Ok(());
    }
    let Some(gathered) = qbr::gather(store, config, &state.book.scored, id)? else {
        state.book.qbr = None;
        return Ok(());
    };
    let record = store.open_qbr(id)?.unwrap_or_else(|| QbrRecord::new(id));
    let brief = qbr::Brief {
        account: gathered.entry.account.clone(),
        as_of: gathered.as_of,
        document: qbr::compose(&gathered),
    };
    let deck = deck::deck_of_gathered(&gathered, &record.choices);
    let as_of = gathered.as_of;
    state.book.qbr = Some(QbrPreview {
        account: id,
        revision,
        name: brief.account.name.clone(),
        file_name: brief.file_name(),
        markdown: brief.markdown(),
        deck_html: deck.html(),
        deck,
        wins: deck::candidate_wins(&DeckSource::of(&gathered)),
        goals: gathered.goals.iter().map(|g| (g.id, g.objective.clone())).collect(),
        contacts: gathered.contacts.iter().filter(|c| c.is_current(as_of)).cloned().collect(),
        record,
        outline: Vec::new(),
        brief_lines: Vec::new(),
    });
    if let Some(preview) = state.book.qbr.as_mut() {
        // What the view draws, made once here rather than on every frame.
        preview.outline = super::views::qbr::outline(preview);
        preview.brief_lines = super::views::qbr::brief_text(preview);
    }
    Ok(())
}

/// Writes the selected account's brief to its file in the brief directory and says where, or
/// why not, in the status line.
///
/// # Errors
/// The store could not be read.
pub(super) fn write(state: &mut AppState, store: &Store, config: &Config) -> StoreResult<()> {
    prepare(state, store, config)?;
    let Some(preview) = &state.book.qbr else {
        state.status = "no account selected".to_owned();
        return Ok(());
    };
    let path = shown_path(state.qbr_dir.join(&preview.file_name));
    if let Err(e) = output::write_file(&path, preview.markdown.as_bytes()) {
        state.status = format!("could not write the brief: {e}");
        return Ok(());
    }
    let deck_path = shown_path(state.qbr_dir.join(preview.deck.file_name()));
    state.status = match output::write_file(&deck_path, preview.deck_html.as_bytes()) {
        // Both in one directory, named once: the line fits two rows of 80 columns.
        Ok(_) => format!(
            "wrote the QBR brief and deck of {} to {}: {}, {}",
            terminal_safe(&preview.name),
            crate::domain::shown_path(deck_path.parent().unwrap_or(&deck_path)),
            preview.file_name,
            preview.deck.file_name(),
        ),
        Err(e) => format!("wrote the brief; could not write the deck: {e}"),
    };
    Ok(())
}

/// `path` made absolute against the current directory, so the status line says where it is.
fn shown_path(path: PathBuf) -> PathBuf {
    if path.is_absolute() {
        return path;
    }
    let path = path.strip_prefix(".").map(PathBuf::from).unwrap_or(path);
    std::env::current_dir().map_or_else(|_| path.clone(), |dir| dir.join(&path))
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyCode;

    use crate::ui::testing::{demo_app, draw, on_each_engine, press, select_by_search};
    use crate::ui::{Action, App, View};

    fn on(account: &str) -> App {
        let mut app = demo_app();
        select_by_search(&mut app, account);
        app
    }

    #[test]
    fn the_view_builds_the_brief_of_the_selected_account_and_follows_the_selection() {
        on_each_engine(
            "the_view_builds_the_brief_of_the_selected_account_and_follows_the_selection",
            || {
                let mut app = on("Halvorsen Maritime");
                assert!(app.state.book.qbr.is_none(), "nothing is built before the view opens");
                press(&mut app, KeyCode::Char('6'));
                assert_eq!(app.state.view, View::Qbr);
                let preview = app.state.book.qbr.clone().unwrap();
                assert_eq!(preview.name, "Halvorsen Maritime");
                assert_eq!(preview.file_name, "qbr-halvorsen-maritime-2026-11-24.md");
                assert!(
                    preview
                        .markdown
                        .starts_with("# Quarterly business review: Halvorsen Maritime\n")
                );

                // Movement scrolls the brief; it is not built again for the same account.
                draw(&app, 80, 24);
                press(&mut app, KeyCode::Char('j'));
                press(&mut app, KeyCode::PageDown);
                assert!(app.view_state.view_scroll.offset() > 5);
                assert_eq!(app.state.book.qbr.as_ref(), Some(&preview));

                // Another account (the search kept, back to the book, next row, back to the view): its
                // brief, from the top.
                press(&mut app, KeyCode::Esc);
                app.apply(Action::ClearFilters).unwrap();
                select_by_search(&mut app, "Northwind Logistics");
                press(&mut app, KeyCode::Char('6'));
                assert_eq!(app.view_state.view_scroll.offset(), 0);
                assert_eq!(app.state.book.qbr.as_ref().unwrap().name, "Northwind Logistics");
            },
        );
    }

    #[test]
    fn the_write_key_writes_the_file_and_the_status_line_says_where() {
        on_each_engine("the_write_key_writes_the_file_and_the_status_line_says_where", || {
            let dir = tempfile::tempdir().unwrap();
            let mut app = on("Halvorsen Maritime");
            app.state.qbr_dir = dir.path().to_path_buf();
            press(&mut app, KeyCode::Char('6'));
            press(&mut app, KeyCode::Char('w'));
            let path = dir.path().join("qbr-halvorsen-maritime-2026-11-24.md");
            let deck = dir.path().join("qbr-deck-halvorsen-maritime-2026-11-24.html");
            assert_eq!(
                app.state.status,
                format!(
                    "wrote the QBR brief and deck of Halvorsen Maritime to {}: \
                 qbr-halvorsen-maritime-2026-11-24.md, qbr-deck-halvorsen-maritime-2026-11-24.html",
                    dir.path().display(),
                )
            );
            assert!(std::fs::read_to_string(&deck).unwrap().contains("Halvorsen Maritime"));
            let written = std::fs::read_to_string(&path).unwrap();
            assert_eq!(written, app.state.book.qbr.as_ref().unwrap().markdown);
            let screen = format!("{:?}", draw(&app, 160, 48).backend());
            assert!(
                screen.contains("wrote the QBR brief and deck of Halvorsen Maritime"),
                "{screen}"
            );
        });
    }

    #[test]
    fn the_write_key_works_from_the_book_and_reports_a_failure() {
        on_each_engine("the_write_key_works_from_the_book_and_reports_a_failure", || {
            let dir = tempfile::tempdir().unwrap();
            let mut app = on("Northwind Logistics");
            app.state.qbr_dir = dir.path().to_path_buf();
            press(&mut app, KeyCode::Char('w'));
            assert_eq!(app.state.view, View::Book, "writing does not leave the book");
            assert!(dir.path().join("qbr-northwind-logistics-2026-11-24.md").exists());

            app.state.qbr_dir = dir.path().join("missing");
            press(&mut app, KeyCode::Char('w'));
            assert!(app.state.status.starts_with("could not write "), "{}", app.state.status);
        });
    }

    #[cfg(unix)]
    #[test]
    fn the_write_key_writes_a_private_file_and_never_replaces_a_link() {
        on_each_engine("the_write_key_writes_a_private_file_and_never_replaces_a_link", || {
            use std::os::unix::fs::PermissionsExt as _;
            let dir = tempfile::tempdir().unwrap();
            let mut app = on("Halvorsen Maritime");
            app.state.qbr_dir = dir.path().to_path_buf();
            let path = dir.path().join("qbr-halvorsen-maritime-2026-11-24.md");
            let victim = dir.path().join("victim");
            std::fs::write(&victim, "keep").unwrap();
            std::os::unix::fs::symlink(&victim, &path).unwrap();
            press(&mut app, KeyCode::Char('w'));
            assert_eq!(
                app.state.status,
                format!(
                    "could not write the brief: {} is a symbolic link, not a regular file: csm never \
                 replaces it",
                    path.display()
                )
            );
            assert!(std::fs::symlink_metadata(&path).unwrap().file_type().is_symlink());
            assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");

            std::fs::remove_file(&path).unwrap();
            press(&mut app, KeyCode::Char('w'));
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        });
    }

    #[test]
    fn without_a_selected_account_the_view_says_so() {
        on_each_engine("without_a_selected_account_the_view_says_so", || {
            let mut app = demo_app();
            press(&mut app, KeyCode::Char('/'));
            "zzzqqq".chars().for_each(|c| press(&mut app, KeyCode::Char(c)));
            press(&mut app, KeyCode::Enter);
            press(&mut app, KeyCode::Char('6'));
            assert_eq!(app.state.view, View::Book);
            assert_eq!(app.state.status, "no account selected");
            press(&mut app, KeyCode::Char('w'));
            assert_eq!(app.state.status, "no account selected");
        });
    }
}
