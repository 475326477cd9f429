//! The search over everything and the command palette, driven by keys on a book made by hand
//! (the one `listing::everything`'s tests search): open, type, the groups, enter, esc; each on
//! both engines, one snapshot for both.

use std::collections::HashMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::Config;
use crate::domain::{AccountId, Contact, Goal, Interaction, Opportunity, Todo};
use crate::listing::everything::RecordKind;
use crate::listing::everything::tests::hand_book;
use crate::store::Store;
use crate::test_support::stores::on_each_engine;
use crate::ui::app::App;
use crate::ui::keymap::{Keymap, KeymapOverrides};
use crate::ui::modal::Modal;
use crate::ui::state::{PaneId, PlanItem, View};
use crate::ui::testing::{as_of, buffer_lines, draw, press};
use crate::ui::theme::Theme;

/// The hand-made book in a store, open in a workspace.
fn hand_app(store: Store) -> App {
    app_of(store, hand_book())
}

/// `book` written into `store` (empty), open in a workspace.
fn app_of(mut store: Store, book: crate::listing::everything::BookRecords) -> App {
    let writer = store.writer().unwrap();
    let mut ids: HashMap<AccountId, AccountId> = HashMap::new();
    for a in &book.accounts {
        ids.insert(a.id, writer.insert_account(a).unwrap());
    }
    for c in &book.contacts {
        writer.insert_contact(&Contact { account_id: ids[&c.account_id], ..c.clone() }).unwrap();
    }
    for t in &book.todos {
        let account_id = t.account_id.map(|a| ids[&a]);
        writer.insert_todo(&Todo { account_id, ..t.clone() }).unwrap();
    }
    for i in &book.entries {
        writer
            .insert_interaction(&Interaction { account_id: ids[&i.account_id], ..i.clone() })
            .unwrap();
    }
    for g in &book.goals {
        writer.insert_goal(&Goal { account_id: ids[&g.account_id], ..g.clone() }).unwrap();
    }
    for o in &book.opportunities {
        writer
            .insert_opportunity(&Opportunity { account_id: ids[&o.account_id], ..o.clone() })
            .unwrap();
    }
    writer.commit().unwrap();
    let keymap = Keymap::load(&KeymapOverrides::new()).unwrap();
    App::new(store, Config::default(), keymap, Theme::monochrome(), as_of()).unwrap()
}

fn type_text(app: &mut App, text: &str) {
    text.chars().for_each(|c| press(app, KeyCode::Char(c)));
}

fn selected_name(app: &App) -> String {
    app.state.selected_entry().unwrap().account.name.clone()
}

#[test]
fn search_everything_opens_types_groups_and_esc_closes() {
    on_each_engine("search_everything_opens_types_groups_and", |store| {
        let mut app = hand_app(store);
        press(&mut app, KeyCode::Char('F'));
        assert!(matches!(app.state.modal, Modal::Find(_)));
        type_text(&mut app, "procurement");
        let Modal::Find(finder) = &app.state.modal else { panic!("the search closed") };
        let kinds: Vec<RecordKind> = finder.found.groups.iter().map(|g| g.kind).collect();
        assert_eq!(kinds, [RecordKind::Contact, RecordKind::Todo, RecordKind::Opportunity]);
        assert_eq!(finder.found.groups[0].records.len(), 2, "Mark's and Priya's titles");
        // Typed letters never run a binding: q is text here.
        type_text(&mut app, "q");
        assert!(!app.state.quit);
        press(&mut app, KeyCode::Esc);
        assert!(app.state.modal.is_none());
        assert_eq!(app.state.view, View::Book);
    });
}

#[test]
fn enter_on_a_contact_opens_its_account_with_the_contact_picked_even_when_hidden() {
    on_each_engine("enter_on_a_contact_opens_its_account_wit", |store| {
        let mut app = hand_app(store);
        // The list shows only Harbor Logistics: Priya's account is hidden by the search.
        press(&mut app, KeyCode::Char('/'));
        type_text(&mut app, "harbor");
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.state.book.rows.len(), 1);
        app.handle_key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL)).unwrap();
        type_text(&mut app, "priya");
        press(&mut app, KeyCode::Enter);
        assert!(app.state.modal.is_none());
        assert_eq!(app.state.view, View::Book);
        assert_eq!(selected_name(&app), "Lumen Labs");
        assert_eq!(app.state.focus, PaneId::Stakeholders);
        let contacts = &app.state.book.detail.as_ref().unwrap().detail.facts.contacts;
        let priya = contacts.iter().find(|c| c.name == "Priya Rao").unwrap().id;
        assert_eq!(app.state.contact_pick, Some(priya));
        assert!(app.state.search.query.is_empty(), "the list's search was cleared to show it");
    });
}

#[test]
fn enter_on_an_entry_a_goal_a_todo_or_an_opportunity_picks_it_where_it_shows() {
    on_each_engine("enter_on_an_entry_a_goal_a_todo_or_an_op", |store| {
        let mut app = hand_app(store);
        press(&mut app, KeyCode::Char('F'));
        type_text(&mut app, "warehouse");
        // The entry's group comes first, then the goal's.
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.state.view, View::Timeline);
        assert_eq!(selected_name(&app), "Société Lumière");
        let entry = app.state.book.detail.as_ref().unwrap().timeline[0].id;
        assert_eq!(app.state.timeline_pick, Some(entry));

        press(&mut app, KeyCode::Char('F'));
        type_text(&mut app, "warehouse");
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Enter);
        assert_eq!((app.state.view, app.state.focus), (View::Book, PaneId::Plan));
        assert_eq!(selected_name(&app), "Lumen Labs");
        let goal = app.state.book.detail.as_ref().unwrap().goals[0].id;
        assert_eq!(app.state.plan_pick, Some(PlanItem::Goal(goal)));

        press(&mut app, KeyCode::Char('F'));
        type_text(&mut app, "three-year");
        press(&mut app, KeyCode::Enter);
        assert_eq!(
            (selected_name(&app), app.state.focus),
            ("Harbor Logistics".into(), PaneId::Todos)
        );
        assert!(app.state.todo_pick.is_some());

        press(&mut app, KeyCode::Char('F'));
        type_text(&mut app, "2027");
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.state.focus, PaneId::Renewal);
        let opportunity = app.state.book.detail.as_ref().unwrap().detail.facts.opportunities[0].id;
        assert_eq!(app.state.opportunity_pick, Some(opportunity));

        // A todo of no account: the todo queue, with it picked.
        press(&mut app, KeyCode::Char('F'));
        type_text(&mut app, "qbr season");
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.state.view, View::Todos);
        let picked = app.state.book.todos.iter().find(|t| Some(t.id) == app.state.queue_pick);
        assert_eq!(picked.map(|t| t.title.as_str()), Some("Plan QBR season"));
    });
}

#[test]
fn the_palette_lists_the_keymap_s_actions_and_runs_the_one_picked() {
    on_each_engine("the_palette_lists_the_keymap_s_actions_a", |store| {
        let mut app = hand_app(store);
        press(&mut app, KeyCode::Char(':'));
        let Modal::Palette(palette) = &app.state.modal else { panic!("no palette") };
        // Every action with its keys, from the keymap: the help's own words.
        let renewals =
            palette.commands.iter().find(|c| c.action == crate::ui::Action::ShowRenewals);
        assert_eq!(renewals.map(|c| c.keys.as_str()), Some("3"));
        type_text(&mut app, "renewals");
        press(&mut app, KeyCode::Enter);
        assert!(app.state.modal.is_none());
        assert_eq!(app.state.view, View::Renewals);

        // An account by its name: it opens in the book.
        app.handle_key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL)).unwrap();
        type_text(&mut app, "lumen labs");
        let Modal::Palette(palette) = &app.state.modal else { panic!("no palette") };
        let first_account =
            palette.shown.iter().position(|c| matches!(c, super::palette::Choice::Account(_)));
        for _ in 0..first_account.unwrap() {
            press(&mut app, KeyCode::Down);
        }
        press(&mut app, KeyCode::Enter);
        assert_eq!((app.state.view, selected_name(&app)), (View::Book, "Lumen Labs".into()));
    });
}

#[test]
fn each_popup_at_80x24() {
    on_each_engine("each_popup_at_80x24", |store| {
        let mut app = hand_app(store);
        press(&mut app, KeyCode::Char('F'));
        type_text(&mut app, "procurement");
        insta::assert_snapshot!("find_80x24", draw(&app, 80, 24).backend());
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char(':'));
        type_text(&mut app, "ren");
        insta::assert_snapshot!("palette_80x24", draw(&app, 80, 24).backend());
    });
}

#[test]
fn hostile_record_texts_and_a_hostile_paste_reach_the_screen_as_plain_text() {
    on_each_engine("hostile_record_texts_and_a_hostile_paste", |store| {
        let mut book = hand_book();
        // An escape sequence that would clear the screen, a bidi override that would reverse what
        // follows, a line break: in a contact's name and title, as an import may bring them.
        book.contacts[0].name = "Evil\u{1b}[2J\u{202e}Name".into();
        book.contacts[0].title = Some("Chief\nHacker\u{7}".into());
        let mut app = app_of(store, book);
        press(&mut app, KeyCode::Char('F'));
        // Pasted, not typed: the escape and the line break must not become keys or reach the query
        // as they are.
        app.handle_paste("evil\u{1b}");
        let Modal::Find(finder) = &app.state.modal else { panic!("the search is open") };
        assert!(!finder.query.chars().any(char::is_control), "{:?}", finder.query);
        let screen = buffer_lines(draw(&app, 80, 24).backend().buffer()).join("\n");
        assert!(screen.contains("Contacts (1)"), "{screen}");
        assert!(screen.contains("Evil"), "{screen}");
        for bad in ['\u{1b}', '\u{202e}', '\u{7}'] {
            assert!(!screen.contains(bad), "{bad:?} reached the screen:\n{screen}");
        }
    });
}

/// An index that fails beside the screen (the book could not be read) does not hide what the
/// action before it said: the edit's "not saved" stays on the status line. With the search open
/// or nothing else said, the failure is told.
#[test]
fn an_index_failing_beside_the_screen_keeps_an_edit_s_not_saved_line() {
    let mut app = hand_app(Store::open_in_memory().unwrap());
    let not_saved = "not saved: the connection to the server was lost";
    app.state.status = not_saved.to_owned();
    super::indexed(&mut app.state, Err("cannot connect to 127.0.0.1:5432/book".to_owned()));
    assert_eq!(app.state.status, not_saved);

    app.state.status.clear();
    super::indexed(&mut app.state, Err("cannot connect".to_owned()));
    assert_eq!(app.state.status, "search could not index the book: cannot connect");

    app.state.status = "something else".to_owned();
    app.state.modal = Modal::Find(super::Finder::default());
    super::indexed(&mut app.state, Err("cannot connect".to_owned()));
    assert_eq!(app.state.status, "search could not index the book: cannot connect");
}
