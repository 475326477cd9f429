//! Preparing a QBR in the QBR view through its keys, over a demo store: the texts and choices
//! stored with the QBR and shown in the deck, both files written, marking it held, undo, a stale
//! edit from a second workspace refused, and refusals of a bad joint-plan line or day.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{QbrField, read_plan};
use crate::domain::InteractionKind;
use crate::qbr::deck::SlideKind;
use crate::ui::form::FieldKey;
use crate::ui::testing::{demo_app, on_each_engine, press, select_by_search, two_demo_apps};
use crate::ui::{App, View};

const ACCOUNT: &str = "Halvorsen Maritime";

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        match c {
            '\n' => press(app, KeyCode::Enter),
            c => press(app, KeyCode::Char(c)),
        }
    }
}

fn focus(app: &mut App, field: QbrField) {
    let at = QbrField::ALL.iter().position(|f| *f == field).unwrap();
    while app.state.modal.editor().unwrap().form.focus != at {
        press(app, KeyCode::Tab);
    }
}

fn fill(app: &mut App, field: QbrField, text: &str) {
    focus(app, field);
    type_text(app, text);
}

fn save(app: &mut App) {
    app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)).unwrap();
}

fn error(app: &App) -> Option<String> {
    app.state.modal.editor().and_then(|e| e.form.error.clone())
}

fn on_qbr(mut app: App) -> App {
    select_by_search(&mut app, ACCOUNT);
    press(&mut app, KeyCode::Char('6'));
    assert_eq!(app.state.view, View::Qbr);
    app
}

fn qbr_app() -> App {
    on_qbr(demo_app())
}

/// Prepares the QBR: day, summary, asks, a joint plan, the first goal left out.
fn prepare(app: &mut App) {
    press(app, KeyCode::Char('e'));
    fill(app, QbrField::Planned, "2026-12-10");
    fill(app, QbrField::Guests, "Dana Whitfield");
    fill(app, QbrField::Summary, "A quarter of <b>steady</b> growth");
    fill(app, QbrField::Asks, "An executive sponsor\nA reference call");
    fill(app, QbrField::Plan, "Roll out to finance · Ana · Sam · 2027-02-01");
    focus(app, QbrField::Goals);
    press(app, KeyCode::Char(' '));
    save(app);
    assert_eq!(error(app), None);
}

#[test]
fn the_texts_and_choices_are_stored_with_the_qbr_and_shown_in_the_deck() {
    on_each_engine("the_texts_and_choices_are_stored_with_the_qbr_and_shown_in_the_deck", || {
        let mut app = qbr_app();
        let goals = app.state.book.qbr.as_ref().unwrap().goals.clone();
        assert!(goals.len() > 1, "the demo account has goals to pick from");
        prepare(&mut app);
        assert_eq!(app.state.status, format!("saved the QBR of {ACCOUNT} · u undoes"));
        let account = app.state.book.qbr.as_ref().unwrap().account;
        let stored = app.store().open_qbr(account).unwrap().unwrap();
        assert_eq!(stored.planned_on, Some("2026-12-10".parse().unwrap()));
        assert_eq!(stored.guests, ["Dana Whitfield"]);
        let c = &stored.choices;
        assert_eq!(c.summary.as_deref(), Some("A quarter of <b>steady</b> growth"));
        assert_eq!(c.asks, ["An executive sponsor", "A reference call"]);
        assert_eq!(c.joint_plan[0].customer_owner, "Ana");
        assert_eq!(
            c.goals.as_deref(),
            Some(&goals[1..].iter().map(|g| g.0).collect::<Vec<_>>()[..])
        );

        // The view's deck was built again from the stored choices.
        let preview = app.state.book.qbr.as_ref().unwrap();
        assert_eq!(preview.record, stored);
        let asks = preview.deck.slide(SlideKind::Asks).unwrap();
        assert_eq!(asks.points.len(), 2);
        assert!(preview.deck_html.contains("A quarter of &lt;b&gt;steady&lt;/b&gt; growth"));

        // A second save edits the same record at its next version.
        press(&mut app, KeyCode::Char('e'));
        fill(&mut app, QbrField::Asks, "\nBudget for training");
        save(&mut app);
        let again = app.store().open_qbr(account).unwrap().unwrap();
        assert_eq!((again.id, again.version), (stored.id, 1));
        assert_eq!(again.choices.asks.len(), 3);

        // Undo walks back both saves: the first one's undo deletes the record.
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.store().open_qbr(account).unwrap().unwrap().choices.asks.len(), 2);
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.store().open_qbr(account).unwrap(), None);
        assert!(!app.state.book.qbr.as_ref().unwrap().record.stored());
    });
}

#[test]
fn the_write_key_writes_the_brief_and_the_deck_and_says_where() {
    on_each_engine("the_write_key_writes_the_brief_and_the_deck_and_says_where", || {
        let dir = tempfile::tempdir().unwrap();
        let mut app = qbr_app();
        app.state.qbr_dir = dir.path().to_path_buf();
        prepare(&mut app);
        press(&mut app, KeyCode::Char('w'));
        let brief = dir.path().join("qbr-halvorsen-maritime-2026-11-24.md");
        let deck = dir.path().join("qbr-deck-halvorsen-maritime-2026-11-24.html");
        assert_eq!(
            app.state.status,
            format!(
                "wrote the QBR brief and deck of {ACCOUNT} to {}: {}, {}",
                dir.path().display(),
                brief.file_name().unwrap().display(),
                deck.file_name().unwrap().display(),
            )
        );
        assert!(brief.exists());
        let html = std::fs::read_to_string(&deck).unwrap();
        // The hostile summary is text in the deck, never markup.
        let parsed = scraper::Html::parse_document(&html);
        let bold = scraper::Selector::parse("b").unwrap();
        assert_eq!(parsed.select(&bold).count(), 0, "the summary's tag stays text");
        let text: String = parsed.root_element().text().collect();
        assert!(text.contains("A quarter of <b>steady</b> growth"), "{text}");
        assert!(text.contains("Roll out to finance"));
        assert!(text.contains("A reference call"));
    });
}

#[test]
fn marking_the_qbr_held_logs_it_with_its_attendees_and_undo_takes_it_back() {
    on_each_engine(
        "marking_the_qbr_held_logs_it_with_its_attendees_and_undo_takes_it_back",
        || {
            let mut app = qbr_app();
            press(&mut app, KeyCode::Char('e'));
            focus(&mut app, QbrField::Attendees);
            press(&mut app, KeyCode::Char(' '));
            save(&mut app);
            let preview = app.state.book.qbr.clone().unwrap();
            let attendee = preview.record.contacts.clone();
            assert_eq!(attendee.len(), 1);
            let account = preview.account;
            press(&mut app, KeyCode::Char('H'));
            assert_eq!(
                app.state.status,
                format!(
                    "marked the QBR of {ACCOUNT} held on 2026-11-24: logged on the timeline · u undoes"
                )
            );
            let logged: Vec<_> = app
                .store()
                .interactions(account)
                .unwrap()
                .into_iter()
                .filter(|i| i.kind == InteractionKind::Qbr && i.date == crate::ui::testing::as_of())
                .collect();
            assert_eq!(logged.len(), 1);
            assert_eq!(logged[0].contacts, attendee);
            assert_eq!(app.store().open_qbr(account).unwrap(), None, "held, it is history");
            assert_eq!(app.store().qbrs(account).unwrap().len(), 1);
            // The view offers a new QBR to prepare.
            assert!(!app.state.book.qbr.as_ref().unwrap().record.stored());

            press(&mut app, KeyCode::Char('u'));
            let open = app.store().open_qbr(account).unwrap().unwrap();
            assert_eq!(open.held_on, None);
            assert!(
                app.store().interactions(account).unwrap().iter().all(|i| i.id != logged[0].id),
                "undo removed the logged interaction"
            );
        },
    );
}

#[test]
fn a_joint_plan_line_that_does_not_read_is_refused_with_its_line() {
    on_each_engine("a_joint_plan_line_that_does_not_read_is_refused_with_its_line", || {
        let mut app = qbr_app();
        press(&mut app, KeyCode::Char('e'));
        fill(&mut app, QbrField::Plan, "Roll out · Ana · Sam\nJust an action");
        save(&mut app);
        assert_eq!(
            error(&app).as_deref(),
            Some(
                "joint plan: line 2: write it as action · customer owner · our owner · due \
             (2027-03-31)"
            )
        );
        assert_eq!(
            read_plan("Roll out · Ana · Sam · next spring").unwrap_err(),
            "line 1: “next spring” is not a date (2027-03-31)"
        );
        assert_eq!(read_plan("a | b | c").unwrap()[0].our_owner, "c");
    });
}

#[test]
fn a_planned_day_that_is_not_a_day_is_refused() {
    on_each_engine("a_planned_day_that_is_not_a_day_is_refused", || {
        let mut app = qbr_app();
        press(&mut app, KeyCode::Char('e'));
        fill(&mut app, QbrField::Planned, "someday");
        save(&mut app);
        let error = error(&app).unwrap();
        assert!(error.starts_with("planned on: “someday” is not a day"), "{error}");
        assert!(app.state.book.qbr.as_ref().unwrap().record.id.0 == 0, "nothing stored");
    });
}

#[test]
fn an_edit_made_in_another_workspace_is_not_overwritten() {
    on_each_engine("an_edit_made_in_another_workspace_is_not_overwritten", || {
        let (_dir, first, second) = two_demo_apps();
        let (mut first, mut second) = (on_qbr(first), on_qbr(second));
        // The second workspace opened the form before the first saved: its new QBR is refused.
        press(&mut second, KeyCode::Char('e'));
        prepare(&mut first);
        fill(&mut second, QbrField::Summary, "Mine");
        save(&mut second);
        assert_eq!(
            second.state.status,
            "not saved: the open QBR exists again; showing it as it is now"
        );
        // Now both read the stored one; the first saves again, the second's edit is stale.
        press(&mut second, KeyCode::Char('e'));
        press(&mut first, KeyCode::Char('e'));
        fill(&mut first, QbrField::Asks, "\nMore");
        save(&mut first);
        fill(&mut second, QbrField::Summary, " (second)");
        save(&mut second);
        assert_eq!(
            second.state.status,
            "not saved: the QBR was changed elsewhere since it was read; showing it as it is now"
        );
        let account = first.state.book.qbr.as_ref().unwrap().account;
        let stored = first.store().open_qbr(account).unwrap().unwrap();
        assert_eq!(stored.choices.asks.len(), 3);
        assert_eq!(second.state.book.qbr.as_ref().unwrap().record, stored);
    });
}
