//! The timeline view's edits through its keys, over a demo store: the pick the movement keys
//! move, editing the entry picked through the touchpoint form, deleting it after a question; the
//! state and the store after, undo, a second workspace, and values the book's rules refuse.

use ratatui::crossterm::event::KeyCode;

use super::timeline::picked_entry;
use crate::domain::Interaction;
use crate::ui::App;
use crate::ui::form::Input;
use crate::ui::testing::{demo_app, draw, on_each_engine, press, select_by_search, two_demo_apps};
use crate::ui::{Action, View};

fn type_text(app: &mut App, text: &str) {
    text.chars().for_each(|c| press(app, KeyCode::Char(c)));
}

/// The demo workspace on Halvorsen Maritime's timeline.
fn on_timeline(app: &mut App) {
    select_by_search(app, "Halvorsen Maritime");
    press(app, KeyCode::Char('5'));
    assert_eq!(app.state.view, View::Timeline);
}

fn stored(app: &App) -> Vec<Interaction> {
    let account = app.state.book.detail.as_ref().unwrap().detail.facts.account.id;
    app.store().interactions(account).unwrap()
}

fn stored_entry(app: &App, entry: &Interaction) -> Option<Interaction> {
    stored(app).into_iter().find(|i| i.id == entry.id)
}

fn timeline(app: &App) -> Vec<Interaction> {
    app.state.book.detail.as_ref().unwrap().timeline.clone()
}

fn picked(app: &App) -> Interaction {
    picked_entry(&app.state).unwrap().clone()
}

fn screen(app: &App) -> String {
    format!("{:?}", draw(app, 80, 24).backend())
}

fn form_error(app: &App) -> Option<String> {
    app.state.modal.editor().and_then(|e| e.form.error.clone())
}

#[test]
fn the_movement_keys_move_the_timeline_pick_and_keep_it_on_screen() {
    on_each_engine("the_movement_keys_move_the_timeline_pick_and_keep_it_on_screen", || {
        let mut app = demo_app();
        on_timeline(&mut app);
        let entries = timeline(&app);
        assert!(entries.len() > 10);
        assert_eq!(picked(&app).id, entries[0].id, "the newest first");
        press(&mut app, KeyCode::Char('j'));
        press(&mut app, KeyCode::Char('j'));
        assert_eq!(picked(&app).id, entries[2].id);
        press(&mut app, KeyCode::Char('k'));
        assert_eq!(picked(&app).id, entries[1].id);
        screen(&app);
        assert_eq!(app.view_state.view_scroll.offset(), 0, "in sight without scrolling");

        press(&mut app, KeyCode::Char('G'));
        let last = entries.last().unwrap();
        assert_eq!(picked(&app).id, last.id);
        let text = screen(&app);
        assert!(app.view_state.view_scroll.offset() > 0, "scrolled to it");
        let head = format!("{}  {}", last.date, last.kind.code());
        assert!(text.contains(&head), "{head} on screen: {text}");
        // Page down from the top moves by the entries a page shows.
        press(&mut app, KeyCode::Char('g'));
        screen(&app);
        assert_eq!(app.view_state.view_scroll.offset(), 0);
        app.apply(Action::PageDown).unwrap();
        let paged = entries.iter().position(|i| i.id == picked(&app).id).unwrap();
        assert!(paged >= 2, "a page of entries: {paged}");
        // Another account's timeline starts at its newest entry.
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('j'));
        press(&mut app, KeyCode::Char('5'));
        assert_ne!(app.state.selected_entry().unwrap().account.name, "Halvorsen Maritime");
        assert_eq!(app.state.timeline_pick, None);
    });
}

#[test]
fn editing_the_picked_entry_saves_every_field_and_undo_puts_it_back() {
    on_each_engine("editing_the_picked_entry_saves_every_field_and_undo_puts_it_back", || {
        let mut app = demo_app();
        on_timeline(&mut app);
        press(&mut app, KeyCode::Char('j'));
        let entry = picked(&app);
        press(&mut app, KeyCode::Char('e'));
        let form = &app.state.modal.editor().expect("the touchpoint form").form;
        let summary = entry.summary.clone().unwrap();
        assert_eq!(form.title, format!("Edit {} “{summary}”", entry.date));
        assert_eq!(form.text(3), summary, "filled with the entry");
        assert_eq!(form.text(1), entry.date.to_string());
        let Input::Checks { items, .. } = &form.fields[2].input else {
            panic!("with is a checklist")
        };
        assert_eq!(items.iter().filter(|(_, on)| *on).count(), entry.contacts.len());

        // Another kind, a day earlier, nobody ticked, a new summary and notes.
        let kind = match &form.fields[0].input {
            Input::Choice { index, .. } => *index,
            _ => panic!("kind is a choice"),
        };
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Tab);
        (0..10).for_each(|_| press(&mut app, KeyCode::Backspace));
        type_text(&mut app, "2026-11-01");
        press(&mut app, KeyCode::Tab);
        for at in 0..8 {
            let ticked = match &app.state.modal.editor().unwrap().form.fields[2].input {
                Input::Checks { items, .. } => items.get(at).is_some_and(|(_, on)| *on),
                _ => false,
            };
            if ticked {
                press(&mut app, KeyCode::Char(' '));
            }
            press(&mut app, KeyCode::Down);
        }
        press(&mut app, KeyCode::Tab);
        type_text(&mut app, " (corrected)");
        press(&mut app, KeyCode::Tab);
        (0..400).for_each(|_| press(&mut app, KeyCode::Backspace));
        type_text(&mut app, "Fixed by hand.");
        app.handle_key(ratatui::crossterm::event::KeyEvent::new(
            KeyCode::Char('s'),
            ratatui::crossterm::event::KeyModifiers::CONTROL,
        ))
        .unwrap();

        assert!(app.state.modal.editor().is_none(), "{:?}", form_error(&app));
        let after = stored_entry(&app, &entry).unwrap();
        assert_ne!(after.kind, entry.kind, "kind {kind} changed");
        assert_eq!(after.date, "2026-11-01".parse().unwrap());
        assert_eq!(after.contacts, Vec::new());
        assert_eq!(after.summary, Some(format!("{summary} (corrected)")));
        assert_eq!(after.body.as_deref(), Some("Fixed by hand."));
        assert_eq!(after.version, entry.version + 1);
        assert_eq!(
            app.state.status,
            format!("saved 2026-11-01 {} “{summary} (corrected)” · u undoes", after.kind.code())
        );
        assert!(timeline(&app).contains(&after), "the timeline shows it at once");
        assert_eq!(picked(&app).id, entry.id, "the pick stays with it");

        press(&mut app, KeyCode::Char('u'));
        let back = stored_entry(&app, &entry).unwrap();
        assert_eq!(back, Interaction { version: back.version, ..entry }, "as it was");
    });
}

#[test]
fn an_entry_the_rules_refuse_keeps_the_form_open_and_writes_nothing() {
    on_each_engine("an_entry_the_rules_refuse_keeps_the_form_open_and_writes_nothing", || {
        let mut app = demo_app();
        on_timeline(&mut app);
        let before = stored(&app);
        press(&mut app, KeyCode::Char('e'));
        // No summary.
        app.state.modal.editor_mut().unwrap().form.focus = 3;
        (0..200).for_each(|_| press(&mut app, KeyCode::Backspace));
        press(&mut app, KeyCode::Enter);
        assert_eq!(form_error(&app).as_deref(), Some("summary: say in a line what happened"));
        assert_eq!(app.state.modal.editor().unwrap().form.focus, 3);
        // A day after today.
        type_text(&mut app, "Still here");
        app.state.modal.editor_mut().unwrap().form.focus = 1;
        (0..10).for_each(|_| press(&mut app, KeyCode::Backspace));
        type_text(&mut app, "+2d");
        press(&mut app, KeyCode::Enter);
        assert_eq!(
            form_error(&app).as_deref(),
            Some("date: 2026-11-26 is after today (2026-11-24): log it once it happened")
        );
        assert_eq!(stored(&app), before, "nothing written");
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.state.status, "nothing saved");
        assert_eq!(stored(&app), before);
    });
}

#[test]
fn deleting_the_picked_entry_asks_first_and_undo_puts_it_back_with_its_people() {
    on_each_engine(
        "deleting_the_picked_entry_asks_first_and_undo_puts_it_back_with_its_people",
        || {
            let mut app = demo_app();
            on_timeline(&mut app);
            press(&mut app, KeyCode::Char('j'));
            let entry = picked(&app);
            let before_pick_next = timeline(&app)[2].id;
            assert!(!entry.contacts.is_empty());
            let before = stored(&app);
            press(&mut app, KeyCode::Char('d'));
            let question = &app.state.modal.confirm().expect("a question first").question;
            let summary = entry.summary.clone().unwrap();
            assert!(question.contains(&format!("“{summary}”")), "{question}");
            let kind = entry.kind.code();
            assert!(question.starts_with(&format!("Delete {} {kind} “", entry.date)), "{question}");
            press(&mut app, KeyCode::Char('n'));
            assert_eq!(app.state.status, "nothing deleted");
            assert_eq!(stored(&app), before);

            press(&mut app, KeyCode::Char('d'));
            press(&mut app, KeyCode::Char('y'));
            let deleted = format!("deleted {} {kind} “", entry.date);
            assert!(app.state.status.starts_with(&deleted), "{}", app.state.status);
            assert!(stored_entry(&app, &entry).is_none());
            assert!(timeline(&app).iter().all(|i| i.id != entry.id), "gone from the timeline");
            assert_eq!(
                picked(&app).id,
                before_pick_next,
                "the pick goes to the entry now in its place"
            );

            press(&mut app, KeyCode::Char('u'));
            assert_eq!(stored(&app), before, "back with its id, version and people");
            assert_eq!(timeline(&app)[1], entry);
        },
    );
}

#[test]
fn an_entry_changed_in_another_workspace_is_neither_edited_nor_deleted_over() {
    on_each_engine(
        "an_entry_changed_in_another_workspace_is_neither_edited_nor_deleted_over",
        || {
            let (_dir, mut first, mut second) = two_demo_apps();
            for app in [&mut first, &mut second] {
                on_timeline(app);
            }
            let entry = picked(&first);
            press(&mut second, KeyCode::Char('e'));
            second.state.modal.editor_mut().unwrap().form.focus = 3;
            type_text(&mut second, " (second)");
            press(&mut second, KeyCode::Enter);
            assert!(second.state.modal.editor().is_none());

            press(&mut first, KeyCode::Char('e'));
            first.state.modal.editor_mut().unwrap().form.focus = 3;
            type_text(&mut first, " (first)");
            press(&mut first, KeyCode::Enter);
            let status = &first.state.status;
            assert_eq!(
                status,
                "not saved: the interaction was changed elsewhere since it was read; showing it as it is now"
            );
            let stored = stored_entry(&first, &entry).unwrap();
            let summary = entry.summary.clone().unwrap();
            assert_eq!(
                stored.summary,
                Some(format!("{summary} (second)")),
                "the second edit stands"
            );
            assert_eq!(picked(&first).summary, stored.summary, "reloaded");

            // The second deletes it; the first, which now shows it, is told it is gone.
            press(&mut second, KeyCode::Char('d'));
            press(&mut second, KeyCode::Char('y'));
            press(&mut first, KeyCode::Char('d'));
            press(&mut first, KeyCode::Char('y'));
            let status = &first.state.status;
            assert!(
                status.starts_with("not saved: the interaction was deleted elsewhere"),
                "{status}"
            );
            assert!(timeline(&first).iter().all(|i| i.id != entry.id), "reloaded without it");
        },
    );
}

#[test]
fn saving_an_imported_entry_says_a_new_import_writes_over_it() {
    on_each_engine("saving_an_imported_entry_says_a_new_import_writes_over_it", || {
        let mut app = demo_app();
        on_timeline(&mut app);
        let entry = picked(&app);
        let writer = app.store_mut().writer().unwrap();
        writer
            .update_interaction(&Interaction { external_id: Some("CRM-7".into()), ..entry })
            .unwrap();
        writer.commit().unwrap();
        press(&mut app, KeyCode::Char('r'));
        press(&mut app, KeyCode::Char('e'));
        press(&mut app, KeyCode::Enter);
        let status = &app.state.status;
        assert!(status.contains("(imported: a new import of its file writes over it)"), "{status}");
        assert_eq!(picked(&app).external_id.as_deref(), Some("CRM-7"), "its id is kept");
    });
}
