//! The contact edits of the stakeholder pane through its keys, over a demo store: adding, editing
//! every field, deleting after a question; the state and the store after, undo, a second
//! workspace, and values the book's rules refuse.

use ratatui::crossterm::event::KeyCode;

use super::stakeholders::picked_contact;
use crate::domain::{Contact, Role};
use crate::ui::App;
use crate::ui::form::Input;
use crate::ui::state::PaneId;
use crate::ui::testing::{demo_app, on_each_engine, press, select_by_search, two_demo_apps};

fn type_text(app: &mut App, text: &str) {
    text.chars().for_each(|c| press(app, KeyCode::Char(c)));
}

fn tab(app: &mut App, n: usize) {
    (0..n).for_each(|_| press(app, KeyCode::Tab));
}

fn erase(app: &mut App, n: usize) {
    (0..n).for_each(|_| press(app, KeyCode::Backspace));
}

/// The demo workspace on Quillfeather Books (Kai Jensen, champion; Priya Larsen, end user), its
/// stakeholder pane focused.
fn on_quillfeather(app: &mut App) {
    select_by_search(app, "Quillfeather Books");
    while app.state.focus != PaneId::Stakeholders {
        press(app, KeyCode::Tab);
    }
}

fn stored(app: &App) -> Vec<Contact> {
    let account = app.state.book.detail.as_ref().unwrap().detail.facts.account.id;
    app.store().contacts(account).unwrap()
}

fn stored_named(app: &App, name: &str) -> Option<Contact> {
    stored(app).into_iter().find(|c| c.name == name)
}

fn shown(app: &App) -> Vec<Contact> {
    app.state.book.detail.as_ref().unwrap().detail.facts.contacts.clone()
}

/// Points the stakeholder pane at the contact named `name`.
fn pick(app: &mut App, name: &str) -> Contact {
    press(app, KeyCode::Char('g'));
    for _ in 0..20 {
        if picked_contact(&app.state).is_some_and(|c| c.name == name) {
            return picked_contact(&app.state).unwrap().clone();
        }
        press(app, KeyCode::Char('j'));
    }
    panic!("no contact {name}");
}

/// In the open form, turns the choice at `field` until its option starts with `label`.
fn choose(app: &mut App, field: usize, label: &str) {
    for _ in 0..20 {
        let form = &app.state.modal.editor().unwrap().form;
        let Input::Choice { options, index } = &form.fields[field].input else {
            panic!("field {field} is not a choice");
        };
        if options[*index].starts_with(label) {
            return;
        }
        app.state.modal.editor_mut().unwrap().form.focus = field;
        press(app, KeyCode::Right);
    }
    panic!("no option {label} at field {field}");
}

fn form_error(app: &App) -> Option<String> {
    app.state.modal.editor().and_then(|e| e.form.error.clone())
}

#[test]
fn adding_a_contact_with_every_field_stores_and_shows_it_and_undo_removes_it() {
    on_each_engine(
        "adding_a_contact_with_every_field_stores_and_shows_it_and_undo_removes_it",
        || {
            let mut app = demo_app();
            on_quillfeather(&mut app);
            let before = stored(&app);
            let kai = before.iter().find(|c| c.name == "Kai Jensen").unwrap().clone();
            press(&mut app, KeyCode::Char('n'));
            assert_eq!(
                app.state.modal.editor().unwrap().form.title,
                "New contact · Quillfeather Books"
            );
            type_text(&mut app, "Lena Ortiz");
            tab(&mut app, 1);
            type_text(&mut app, "Head of Finance");
            tab(&mut app, 1);
            type_text(&mut app, "lena.ortiz@quillfeather.example");
            choose(&mut app, 3, "economic buyer");
            choose(&mut app, 4, "4");
            choose(&mut app, 5, "+1");
            choose(&mut app, 6, "Kai Jensen");
            press(&mut app, KeyCode::Enter);

            assert_eq!(app.state.status, "added contact “Lena Ortiz” (economic buyer) · u undoes");
            let lena = stored_named(&app, "Lena Ortiz").expect("stored");
            assert_eq!(lena.title.as_deref(), Some("Head of Finance"));
            assert_eq!(lena.email.as_deref(), Some("lena.ortiz@quillfeather.example"));
            assert_eq!(
                (lena.role, lena.influence, lena.sentiment, lena.reports_to, lena.left_on),
                (Role::EconomicBuyer, Some(4), Some(1), Some(kai.id), None)
            );
            assert_eq!(lena.version, 0);
            assert!(shown(&app).iter().any(|c| c.id == lena.id), "the pane shows it at once");

            press(&mut app, KeyCode::Char('u'));
            assert!(app.state.status.starts_with("undone: added contact"), "{}", app.state.status);
            assert_eq!(stored(&app), before, "the book as it was");
            assert!(shown(&app).iter().all(|c| c.name != "Lena Ortiz"));
        },
    );
}

#[test]
fn editing_every_field_of_a_contact_and_undo_puts_it_back_exactly() {
    on_each_engine("editing_every_field_of_a_contact_and_undo_puts_it_back_exactly", || {
        let mut app = demo_app();
        on_quillfeather(&mut app);
        let priya = pick(&mut app, "Priya Larsen");
        let kai = stored_named(&app, "Kai Jensen").unwrap();
        press(&mut app, KeyCode::Char('e'));
        let form = &app.state.modal.editor().unwrap().form;
        assert_eq!(form.text(0), "Priya Larsen", "the form opens with the contact's values");
        erase(&mut app, "Larsen".len());
        type_text(&mut app, "Holm");
        tab(&mut app, 1);
        erase(&mut app, 60);
        type_text(&mut app, "COO");
        tab(&mut app, 1);
        erase(&mut app, 80);
        type_text(&mut app, "priya.holm@quillfeather.example");
        choose(&mut app, 3, "executive sponsor");
        choose(&mut app, 4, "5");
        choose(&mut app, 5, "+2");
        choose(&mut app, 6, "Kai Jensen");
        app.state.modal.editor_mut().unwrap().form.focus = 7;
        type_text(&mut app, "2026-11-20");
        press(&mut app, KeyCode::Enter);

        let after = stored(&app).into_iter().find(|c| c.id == priya.id).unwrap();
        let expected = Contact {
            name: "Priya Holm".into(),
            title: Some("COO".into()),
            email: Some("priya.holm@quillfeather.example".into()),
            role: Role::ExecutiveSponsor,
            influence: Some(5),
            sentiment: Some(2),
            reports_to: Some(kai.id),
            left_on: Some("2026-11-20".parse().unwrap()),
            version: priya.version + 1,
            ..priya.clone()
        };
        assert_eq!(after, expected);
        let status = &app.state.status;
        for said in
            ["Priya Holm: was “Priya Larsen”", "“COO”", "now executive sponsor", "influence 5"]
        {
            assert!(status.contains(said), "{said} in {status}");
        }
        assert!(status.ends_with("left 2026-11-20 · u undoes"), "{status}");
        assert_eq!(shown(&app).into_iter().find(|c| c.id == priya.id), Some(after));

        press(&mut app, KeyCode::Char('u'));
        let back = stored(&app).into_iter().find(|c| c.id == priya.id).unwrap();
        assert_eq!(back, Contact { version: back.version, ..priya }, "every field as it was");
    });
}

#[test]
fn a_contact_the_rules_refuse_keeps_the_form_open_and_writes_nothing() {
    on_each_engine("a_contact_the_rules_refuse_keeps_the_form_open_and_writes_nothing", || {
        let mut app = demo_app();
        on_quillfeather(&mut app);
        let kai = stored_named(&app, "Kai Jensen").unwrap();
        let before = stored(&app);

        // An email another contact of the account uses, in any case.
        pick(&mut app, "Priya Larsen");
        press(&mut app, KeyCode::Char('e'));
        tab(&mut app, 2);
        erase(&mut app, 80);
        type_text(&mut app, &kai.email.clone().unwrap().to_uppercase());
        press(&mut app, KeyCode::Enter);
        let error = form_error(&app).expect("refused");
        assert!(
            error.starts_with("email: ") && error.ends_with("is already Kai Jensen's"),
            "{error}"
        );
        assert_eq!(app.state.modal.editor().unwrap().form.focus, 2, "on the field at fault");
        assert_eq!(stored(&app), before);
        press(&mut app, KeyCode::Esc);

        // A name left empty; an email that is none.
        press(&mut app, KeyCode::Char('n'));
        tab(&mut app, 2);
        type_text(&mut app, "not an address");
        press(&mut app, KeyCode::Enter);
        assert_eq!(form_error(&app).as_deref(), Some("name: a contact needs a name"));
        app.state.modal.editor_mut().unwrap().form.focus = 0;
        type_text(&mut app, "Noor Haddad");
        press(&mut app, KeyCode::Enter);
        assert_eq!(
            form_error(&app).as_deref(),
            Some("email: \"not an address\" is not an email address")
        );
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.state.status, "nothing saved");
        assert_eq!(stored(&app), before);

        // A reporting loop: Priya reports to Kai, then Kai to Priya.
        pick(&mut app, "Priya Larsen");
        press(&mut app, KeyCode::Char('e'));
        choose(&mut app, 6, "Kai Jensen");
        press(&mut app, KeyCode::Enter);
        assert!(app.state.modal.editor().is_none());
        let written = stored(&app);
        pick(&mut app, "Kai Jensen");
        press(&mut app, KeyCode::Char('e'));
        choose(&mut app, 6, "Priya Larsen");
        press(&mut app, KeyCode::Enter);
        assert_eq!(
            form_error(&app).as_deref(),
            Some("reports to: Priya Larsen reports to this contact")
        );
        assert_eq!(app.state.modal.editor().unwrap().form.focus, 6);
        assert_eq!(stored(&app), written, "nothing written");
    });
}

#[test]
fn deleting_a_contact_asks_first_and_undo_brings_back_their_links() {
    on_each_engine("deleting_a_contact_asks_first_and_undo_brings_back_their_links", || {
        let mut app = demo_app();
        on_quillfeather(&mut app);
        // Priya reports to Kai first, so that Kai has a reporting line to lose and get back.
        pick(&mut app, "Priya Larsen");
        press(&mut app, KeyCode::Char('e'));
        choose(&mut app, 6, "Kai Jensen");
        press(&mut app, KeyCode::Enter);
        let kai = pick(&mut app, "Kai Jensen");
        let account = kai.account_id;
        let with_kai = |app: &App| -> Vec<_> {
            let entries = app.store().interactions(account).unwrap();
            entries.into_iter().filter(|i| i.contacts.contains(&kai.id)).map(|i| i.id).collect()
        };
        let links = with_kai(&app);
        assert!(!links.is_empty(), "Kai took part in the timeline");
        let before = stored(&app);

        press(&mut app, KeyCode::Char('d'));
        let question = &app.state.modal.confirm().expect("a question first").question;
        assert!(question.starts_with("Delete contact “Kai Jensen” (champion)"), "{question}");
        press(&mut app, KeyCode::Char('n'));
        assert_eq!(app.state.status, "nothing deleted");
        assert_eq!(stored(&app), before, "no writes nothing");

        press(&mut app, KeyCode::Char('d'));
        press(&mut app, KeyCode::Char('y'));
        assert_eq!(app.state.status, "deleted contact “Kai Jensen” · u undoes");
        assert!(stored_named(&app, "Kai Jensen").is_none());
        assert!(shown(&app).iter().all(|c| c.id != kai.id), "gone from the pane");
        assert!(with_kai(&app).is_empty(), "gone from the timeline");
        assert_eq!(stored_named(&app, "Priya Larsen").unwrap().reports_to, None);

        press(&mut app, KeyCode::Char('u'));
        assert_eq!(stored(&app), before, "back with id, version and reporting line");
        assert_eq!(with_kai(&app), links, "back in every timeline entry");
    });
}

#[test]
fn a_contact_changed_in_another_workspace_is_not_deleted_nor_undone_over() {
    on_each_engine("a_contact_changed_in_another_workspace_is_not_deleted_nor_undone_over", || {
        let (_dir, mut first, mut second) = two_demo_apps();
        for app in [&mut first, &mut second] {
            on_quillfeather(app);
            pick(app, "Kai Jensen");
        }
        // The second workspace edits Kai: the first, which read him before, cannot delete him.
        press(&mut second, KeyCode::Char('e'));
        choose(&mut second, 4, "3");
        press(&mut second, KeyCode::Enter);
        press(&mut first, KeyCode::Char('d'));
        press(&mut first, KeyCode::Char('y'));
        let status = &first.state.status;
        assert!(status.starts_with("not saved: the contact was changed elsewhere"), "{status}");
        let kai = stored_named(&first, "Kai Jensen").expect("still there");
        assert_eq!(kai.influence, Some(3));
        assert_eq!(picked_contact(&first.state).map(|c| c.influence), Some(Some(3)), "reloaded");

        // A contact added in the first and edited in the second is not removed by the first's undo.
        press(&mut first, KeyCode::Char('n'));
        type_text(&mut first, "Lena Ortiz");
        press(&mut first, KeyCode::Enter);
        press(&mut second, KeyCode::Char('r'));
        pick(&mut second, "Lena Ortiz");
        press(&mut second, KeyCode::Char('e'));
        choose(&mut second, 5, "+2");
        press(&mut second, KeyCode::Enter);
        press(&mut first, KeyCode::Char('u'));
        let status = &first.state.status;
        assert!(status.starts_with("not saved: the contact was changed elsewhere"), "{status}");
        assert_eq!(stored_named(&first, "Lena Ortiz").map(|c| c.sentiment), Some(Some(2)));
    });
}

#[test]
fn undoing_an_add_never_deletes_a_contact_that_took_its_id() {
    on_each_engine("undoing_an_add_never_deletes_a_contact_that_took_its_id", || {
        let mut app = demo_app();
        on_quillfeather(&mut app);
        press(&mut app, KeyCode::Char('n'));
        type_text(&mut app, "Lena Ortiz");
        press(&mut app, KeyCode::Enter);
        let lena = stored_named(&app, "Lena Ortiz").unwrap();
        // Deleted elsewhere, and its id given to another contact at version 0.
        let writer = app.store_mut().writer().unwrap();
        writer.delete_contact(lena.id, 0).unwrap();
        let other = Contact { name: "Someone Else".into(), ..lena.clone() };
        writer
            .restore_contact(&crate::store::DeletedContact {
                contact: other,
                interactions: Vec::new(),
                reports: Vec::new(),
            })
            .unwrap();
        writer.commit().unwrap();
        press(&mut app, KeyCode::Char('u'));
        assert!(app.state.status.starts_with("not saved:"), "{}", app.state.status);
        let kept = stored(&app).into_iter().find(|c| c.id == lena.id);
        assert_eq!(kept.map(|c| c.name), Some("Someone Else".to_owned()));
    });
}
