//! The account form through its keys, over a demo store: the account's facts in the store and on
//! screen after, its place in the list, undo, refusals and a second workspace.

use ratatui::crossterm::event::KeyCode;

use super::AccountField;
use crate::domain::{Account, Advocacy, Segment};
use crate::ui::App;
use crate::ui::form::FieldKey;
use crate::ui::testing::{
    as_of, demo_app, draw, on_each_engine, press, select_by_search, two_demo_apps,
};

/// A healthy-looking account far from its renewal.
const ACCOUNT: &str = "Larkspur Capital";

fn type_text(app: &mut App, text: &str) {
    text.chars().for_each(|c| press(app, KeyCode::Char(c)));
}

fn stored(app: &App) -> Account {
    let id = app.state.selected_entry().unwrap().account.id;
    app.store().account(id).unwrap().unwrap()
}

/// Focuses `field` of the open account form and replaces what it holds with `text`.
fn fill(app: &mut App, field: AccountField, text: &str) {
    let at = AccountField::ALL.iter().position(|f| *f == field).unwrap();
    while app.state.modal.editor().unwrap().form.focus != at {
        press(app, KeyCode::Tab);
    }
    (0..60).for_each(|_| press(app, KeyCode::Backspace));
    type_text(app, text);
}

/// The account's place in the list.
fn row(app: &App) -> usize {
    app.state.selected
}

#[test]
fn a_new_arr_and_renewal_date_rescore_the_account_and_move_it_in_the_list() {
    on_each_engine(
        "a_new_arr_and_renewal_date_rescore_the_account_and_move_it_in_the_list",
        || {
            let mut app = demo_app();
            select_by_search(&mut app, ACCOUNT);
            // Back to the whole list: the search narrowed it to one row.
            press(&mut app, KeyCode::Char('c'));
            let before = stored(&app);
            let (place, health) = (row(&app), app.state.selected_entry().unwrap().summary.clone());
            press(&mut app, KeyCode::Char('E'));
            assert_eq!(
                app.state.modal.editor().unwrap().form.title,
                format!("Edit account {ACCOUNT}")
            );
            fill(&mut app, AccountField::Arr, "$2,400,000.00");
            let soon = as_of() + chrono::Days::new(12);
            fill(&mut app, AccountField::Renewal, &soon.to_string());
            fill(&mut app, AccountField::Seats, "1,250");
            press(&mut app, KeyCode::Enter);

            assert!(app.state.modal.editor().is_none(), "saved and closed");
            assert_eq!(
                app.state.status,
                format!("{ACCOUNT}: saved ARR, seats, renewal date · u undoes")
            );
            let after = stored(&app);
            assert_eq!(after.arr_cents, 240_000_000);
            assert_eq!(after.renewal_date, Some(soon));
            assert_eq!(after.seats_licensed, Some(1250));
            assert_eq!(after.version, before.version + 1);
            assert_eq!(
                Account {
                    arr_cents: before.arr_cents,
                    renewal_date: before.renewal_date,
                    seats_licensed: before.seats_licensed,
                    version: before.version,
                    ..after.clone()
                },
                before,
                "the other facts are kept"
            );
            // Every pane shows it rescored: the renewal is now days away.
            let detail = &app.state.book.detail.as_ref().unwrap().detail;
            assert_eq!(detail.facts.account.arr_cents, 240_000_000);
            assert_eq!(detail.score.renewal.unwrap().days, 12);
            let entry = app.state.selected_entry().unwrap();
            assert_eq!(entry.account.name, ACCOUNT, "the selection stays on the account");
            assert_ne!(entry.summary, health);
            assert_ne!(row(&app), place, "it moved in the list");
            let rows = app.state.book.rows.clone();
            app.state.refresh_rows();
            assert_eq!(app.state.book.rows, rows, "where sorting the whole book puts it");

            press(&mut app, KeyCode::Char('u'));
            assert!(
                app.state.status.starts_with("undone: Larkspur Capital: saved ARR"),
                "{}",
                app.state.status
            );
            let undone = stored(&app);
            assert_eq!(Account { version: before.version, ..undone }, before);
            assert_eq!(app.state.selected_entry().unwrap().account.name, ACCOUNT);
            assert_eq!(row(&app), place, "back in its place");
        },
    );
}

#[test]
fn every_fact_of_the_account_is_saved() {
    on_each_engine("every_fact_of_the_account_is_saved", || {
        let mut app = demo_app();
        select_by_search(&mut app, ACCOUNT);
        press(&mut app, KeyCode::Char('E'));
        fill(&mut app, AccountField::Name, "Larkspur Capital Partners");
        fill(&mut app, AccountField::Owner, "Dana Okafor");
        fill(&mut app, AccountField::Industry, "Asset management");
        fill(&mut app, AccountField::Region, "EMEA");
        fill(&mut app, AccountField::Start, "2025-03-01");
        fill(&mut app, AccountField::Stage, "adopting");
        fill(&mut app, AccountField::Arr, "120000");
        // Choices: the first after “not set” (enterprise), and advocate.
        let choose = |app: &mut App, field: AccountField, index: usize| {
            let at = AccountField::ALL.iter().position(|f| *f == field).unwrap();
            while app.state.modal.editor().unwrap().form.focus != at {
                press(app, KeyCode::Tab);
            }
            while app.state.modal.editor().unwrap().form.choice(field) != index {
                press(app, KeyCode::Right);
            }
        };
        choose(&mut app, AccountField::Segment, 1);
        choose(&mut app, AccountField::Advocacy, 3);
        press(&mut app, KeyCode::Enter);

        let a = stored(&app);
        assert_eq!(a.name, "Larkspur Capital Partners");
        assert_eq!(a.owner.as_deref(), Some("Dana Okafor"));
        assert_eq!(a.industry.as_deref(), Some("Asset management"));
        assert_eq!(a.region.as_deref(), Some("EMEA"));
        assert_eq!(a.contract_start, "2025-03-01".parse().ok());
        assert_eq!(a.lifecycle_stage.as_deref(), Some("adopting"));
        assert_eq!(a.arr_cents, 12_000_000);
        assert_eq!(a.segment, Some(Segment::Enterprise));
        assert_eq!(a.advocacy, Some(Advocacy::Advocate));
        // The list and the search know it by its new name.
        assert_eq!(app.state.selected_entry().unwrap().account.name, "Larkspur Capital Partners");
    });
}

#[test]
fn a_bad_value_keeps_the_form_open_with_the_reason_and_writes_nothing() {
    on_each_engine("a_bad_value_keeps_the_form_open_with_the_reason_and_writes_nothing", || {
        let mut app = demo_app();
        select_by_search(&mut app, ACCOUNT);
        let before = stored(&app);
        press(&mut app, KeyCode::Char('E'));
        fill(&mut app, AccountField::Arr, "-5000");
        press(&mut app, KeyCode::Enter);
        let form = &app.state.modal.editor().unwrap().form;
        assert_eq!(form.error.as_deref(), Some("ARR: “-5000” is below 0"));
        assert_eq!(form.focus, 5, "the field at fault has the focus");

        fill(&mut app, AccountField::Arr, "€5,000");
        press(&mut app, KeyCode::Enter);
        let form = &app.state.modal.editor().unwrap().form;
        assert_eq!(form.error.as_deref(), Some("ARR: the book is kept in USD, not EUR"));

        // The domain's rule: a renewal before the contract started.
        fill(&mut app, AccountField::Arr, "5000");
        fill(&mut app, AccountField::Start, "2026-06-01");
        fill(&mut app, AccountField::Renewal, "2026-05-01");
        press(&mut app, KeyCode::Enter);
        let form = &app.state.modal.editor().unwrap().form;
        assert_eq!(
            form.error.as_deref(),
            Some("renewal date: 2026-05-01 is before the contract start 2026-06-01")
        );
        assert_eq!(form.focus, 8);
        fill(&mut app, AccountField::Renewal, "someday");
        press(&mut app, KeyCode::Enter);
        assert!(
            app.state
                .modal
                .editor()
                .unwrap()
                .form
                .error
                .as_deref()
                .unwrap()
                .starts_with("renewal: “someday” is not a day")
        );
        fill(&mut app, AccountField::Renewal, "2027-05-01");
        fill(&mut app, AccountField::Name, " ");
        press(&mut app, KeyCode::Enter);
        let form = &app.state.modal.editor().unwrap().form;
        assert_eq!(form.error.as_deref(), Some("name: an account needs a name"));
        assert_eq!(stored(&app), before, "nothing written");
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.state.status, "nothing saved");
        assert_eq!(stored(&app), before);
    });
}

#[test]
fn an_account_changed_in_another_workspace_is_not_overwritten() {
    on_each_engine("an_account_changed_in_another_workspace_is_not_overwritten", || {
        let (_dir, mut first, mut second) = two_demo_apps();
        for app in [&mut first, &mut second] {
            select_by_search(app, ACCOUNT);
            press(app, KeyCode::Char('E'));
        }
        fill(&mut first, AccountField::Owner, "First Owner");
        press(&mut first, KeyCode::Enter);
        fill(&mut second, AccountField::Arr, "1");
        press(&mut second, KeyCode::Enter);

        assert_eq!(
            second.state.status,
            "not saved: the account was changed elsewhere since it was read; showing it as it is now"
        );
        assert!(second.state.modal.editor().is_none());
        let now = stored(&second);
        assert_eq!(now.owner.as_deref(), Some("First Owner"), "the first edit stands");
        assert_ne!(now.arr_cents, 100);
        let shown = &second.state.book.detail.as_ref().unwrap().detail.facts.account;
        assert_eq!(shown.owner.as_deref(), Some("First Owner"), "reloaded");
        // Now that it shows the account as it is, the second workspace's edit goes through.
        press(&mut second, KeyCode::Char('E'));
        fill(&mut second, AccountField::Arr, "1");
        press(&mut second, KeyCode::Enter);
        assert_eq!(stored(&second).arr_cents, 100);
        // And the first cannot undo over it.
        press(&mut first, KeyCode::Char('u'));
        assert!(first.state.status.starts_with("not saved: the account was changed elsewhere"));
    });
}

#[test]
fn the_account_form_at_80x24() {
    on_each_engine("the_account_form_at_80x24", || {
        let mut app = demo_app();
        select_by_search(&mut app, ACCOUNT);
        press(&mut app, KeyCode::Char('E'));
        insta::assert_snapshot!("the_account_form_at_80x24", draw(&app, 80, 24).backend());
    });
}

#[test]
fn a_stage_after_onboarding_closes_the_open_milestones_as_skipped_and_undo_opens_them() {
    on_each_engine(
        "a_stage_after_onboarding_closes_the_open_milestones_as_skipped_and_undo_opens_them",
        || {
            // In onboarding: four milestones, the first done.
            let onboarding = "Müller Präzisionstechnik";
            let mut app = demo_app();
            select_by_search(&mut app, onboarding);
            let id = app.state.selected_entry().unwrap().account.id;
            let path = |app: &App| app.store().milestones(id).unwrap();
            let before = path(&app);
            assert_eq!(before.iter().filter(|m| m.completed_on.is_none()).count(), 3);
            assert!(before.iter().all(|m| m.skipped_on.is_none()));
            press(&mut app, KeyCode::Char('E'));
            fill(&mut app, AccountField::Stage, "adoption");
            press(&mut app, KeyCode::Enter);
            assert_eq!(
                app.state.status,
                format!(
                    "{onboarding}: saved stage; 3 open milestones closed as skipped · u undoes"
                )
            );
            let skipped: Vec<_> = path(&app).iter().map(|m| m.skipped_on).collect();
            assert_eq!(skipped, [None, Some(as_of()), Some(as_of()), Some(as_of())]);
            // The plan pane, read again, counts them apart.
            let shown = &app.state.book.detail.as_ref().unwrap().milestones;
            let progress = crate::ui::panes::plan::Progress::of(shown, as_of());
            assert_eq!((progress.done, progress.late, progress.skipped), (1, 0, 3));

            press(&mut app, KeyCode::Char('u'));
            assert!(app.state.status.starts_with("undone: "), "{}", app.state.status);
            assert_eq!(stored(&app).lifecycle_stage.as_deref(), Some("onboarding"));
            let after: Vec<_> =
                path(&app).into_iter().map(|m| (m.id, m.completed_on, m.skipped_on)).collect();
            let was: Vec<_> =
                before.into_iter().map(|m| (m.id, m.completed_on, m.skipped_on)).collect();
            assert_eq!(after, was, "undo opens them again");
        },
    );
}
