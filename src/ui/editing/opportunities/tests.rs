//! The renewal pane's opportunity edits through its keys, over a demo store: the store and the
//! pane after, undo, refusals and a second workspace.

use ratatui::crossterm::event::KeyCode;

use super::{OpportunityField, picked_opportunity};
use crate::domain::{Opportunity, OpportunityKind, OpportunityStatus};
use crate::ui::App;
use crate::ui::form::FieldKey;
use crate::ui::state::PaneId;
use crate::ui::testing::{
    as_of, draw, focused_on, on_each_engine, press, select_by_search, two_demo_apps,
};

/// An account with an open renewal opportunity and a second one.
const WITH: &str = "Ironbridge Freight";
/// An account without opportunities.
const WITHOUT: &str = "Copperleaf Precision Works";

fn type_text(app: &mut App, text: &str) {
    text.chars().for_each(|c| press(app, KeyCode::Char(c)));
}

fn stored(app: &App) -> Vec<Opportunity> {
    let id = app.state.selected_entry().unwrap().account.id;
    app.store().opportunities(id).unwrap()
}

fn stored_of(app: &App, account: crate::domain::AccountId) -> Vec<Opportunity> {
    app.store().opportunities(account).unwrap()
}

fn picked(app: &App) -> Opportunity {
    picked_opportunity(&app.state).unwrap().clone()
}

/// Focuses `field` of the open opportunity form and replaces what it holds with `text`.
fn fill(app: &mut App, field: OpportunityField, text: &str) {
    focus_field(app, field);
    (0..60).for_each(|_| press(app, KeyCode::Backspace));
    type_text(app, text);
}

fn focus_field(app: &mut App, field: OpportunityField) {
    let at = OpportunityField::ALL.iter().position(|f| *f == field).unwrap();
    while app.state.modal.editor().unwrap().form.focus != at {
        press(app, KeyCode::Tab);
    }
}

fn error(app: &App) -> Option<String> {
    app.state.modal.editor().and_then(|e| e.form.error.clone())
}

#[test]
fn adding_an_opportunity_lists_it_and_undo_removes_it() {
    on_each_engine("adding_an_opportunity_lists_it_and_undo_removes_it", || {
        let mut app = focused_on(WITHOUT, PaneId::Renewal);
        assert!(stored(&app).is_empty());
        press(&mut app, KeyCode::Char('n'));
        let form = &app.state.modal.editor().unwrap().form;
        assert_eq!(form.title, format!("New opportunity · {WITHOUT}"));
        fill(&mut app, OpportunityField::Name, "Renewal 2027");
        fill(&mut app, OpportunityField::Amount, "$1,700,000.00");
        fill(&mut app, OpportunityField::Stage, "Discovery");
        fill(&mut app, OpportunityField::Close, "2027-04-04");
        fill(&mut app, OpportunityField::Chance, "70");
        press(&mut app, KeyCode::Enter);

        assert!(app.state.modal.editor().is_none());
        assert_eq!(app.state.status, "added opportunity “Renewal 2027” · u undoes");
        let all = stored(&app);
        assert_eq!(all.len(), 1);
        let added = &all[0];
        assert_eq!(
            (added.name.as_deref(), added.kind, added.amount_cents, added.stage.as_deref()),
            (Some("Renewal 2027"), OpportunityKind::Renewal, Some(170_000_000), Some("Discovery"))
        );
        assert_eq!(added.close_date, "2027-04-04".parse().ok());
        assert_eq!((added.probability, added.status), (Some(70.0), OpportunityStatus::Open));
        assert_eq!(picked(&app).id, added.id, "the pane shows it");
        let screen = format!("{:?}", draw(&app, 80, 24).backend());
        assert!(screen.contains("Renewal 2027"), "{screen}");

        press(&mut app, KeyCode::Char('u'));
        assert_eq!(app.state.status, "undone: added opportunity “Renewal 2027”");
        assert!(stored(&app).is_empty());
        assert!(picked_opportunity(&app.state).is_none());
    });
}

#[test]
fn editing_an_opportunity_saves_every_field_and_undo_puts_it_back() {
    on_each_engine("editing_an_opportunity_saves_every_field_and_undo_puts_it_back", || {
        let mut app = focused_on(WITH, PaneId::Renewal);
        // The movement keys move the pane's pick.
        let first = picked(&app);
        press(&mut app, KeyCode::Char('j'));
        let second = picked(&app);
        assert_ne!(second.id, first.id);
        press(&mut app, KeyCode::Char('k'));
        assert_eq!(picked(&app).id, first.id);

        press(&mut app, KeyCode::Char('e'));
        fill(&mut app, OpportunityField::Name, "Ironbridge renewal, 3 years");
        focus_field(&mut app, OpportunityField::Kind);
        press(&mut app, KeyCode::Right);
        fill(&mut app, OpportunityField::Amount, "250000");
        fill(&mut app, OpportunityField::Stage, "Verbal yes");
        fill(&mut app, OpportunityField::Close, "2027-01-15");
        fill(&mut app, OpportunityField::Chance, "90%");
        press(&mut app, KeyCode::Enter);

        assert_eq!(app.state.status, "saved opportunity “Ironbridge renewal, 3 years” · u undoes");
        let after = stored(&app).into_iter().find(|o| o.id == first.id).unwrap();
        let expected = Opportunity {
            name: Some("Ironbridge renewal, 3 years".into()),
            kind: OpportunityKind::Expansion,
            amount_cents: Some(25_000_000),
            stage: Some("Verbal yes".into()),
            close_date: "2027-01-15".parse().ok(),
            probability: Some(90.0),
            version: first.version + 1,
            ..first.clone()
        };
        assert_eq!(after, expected);

        press(&mut app, KeyCode::Char('u'));
        let undone = stored(&app).into_iter().find(|o| o.id == first.id).unwrap();
        assert_eq!(Opportunity { version: first.version, ..undone }, first);
    });
}

#[test]
fn closing_won_or_lost_sets_the_status_the_probability_and_the_day() {
    on_each_engine("closing_won_or_lost_sets_the_status_the_probability_and_the_day", || {
        let mut app = focused_on(WITH, PaneId::Renewal);
        let open = picked(&app);
        assert_eq!(open.status, OpportunityStatus::Open);
        press(&mut app, KeyCode::Char('x'));
        assert_eq!(
            app.state.modal.editor().unwrap().form.title,
            format!("Close “{}”", open.name.as_deref().unwrap())
        );
        press(&mut app, KeyCode::Enter);
        let name = open.name.clone().unwrap();
        assert_eq!(app.state.status, format!("opportunity “{name}” won on {} · u undoes", as_of()));
        let won = stored(&app).into_iter().find(|o| o.id == open.id).unwrap();
        assert_eq!(
            (won.status, won.probability, won.close_date),
            (OpportunityStatus::Won, Some(100.0), Some(as_of()))
        );
        // Closed, it goes after the open ones; closing it again is refused.
        assert_ne!(picked(&app).id, open.id);
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(
            stored(&app).into_iter().find(|o| o.id == open.id).unwrap().status,
            OpportunityStatus::Open
        );

        // Lost, on a day typed, from the form: a lost renewal is a churn, and the account leaves
        // the list of the active book (SPEC 12).
        let account = app.state.selected_entry().unwrap().account.id;
        press(&mut app, KeyCode::Char('x'));
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Tab);
        (0..10).for_each(|_| press(&mut app, KeyCode::Backspace));
        type_text(&mut app, "2026-11-20");
        press(&mut app, KeyCode::Enter);
        let lost = stored_of(&app, account).into_iter().find(|o| o.id == open.id).unwrap();
        assert_eq!(
            (lost.status, lost.probability, lost.close_date),
            (OpportunityStatus::Lost, Some(0.0), "2026-11-20".parse().ok())
        );
        assert!(app.state.book.row_of(account).is_none(), "churned, it left the list");
        assert!(app.state.status.ends_with("C lists the churned accounts"), "{}", app.state.status);
        // The churned accounts' filter shows it.
        while app.state.focus != PaneId::Accounts {
            press(&mut app, KeyCode::Tab);
        }
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('C'));
        assert_eq!(app.state.selected_entry().unwrap().account.id, account);
        while app.state.focus != PaneId::Renewal {
            press(&mut app, KeyCode::Tab);
        }
        // The opportunity form's status closes it too.
        while picked(&app).id != open.id {
            press(&mut app, KeyCode::Char('j'));
        }
        press(&mut app, KeyCode::Char('x'));
        assert_eq!(app.state.status, format!("“{name}” is already lost: e edits it"));
        press(&mut app, KeyCode::Char('e'));
        focus_field(&mut app, OpportunityField::Status);
        press(&mut app, KeyCode::Left);
        press(&mut app, KeyCode::Enter);
        let won = stored_of(&app, account).into_iter().find(|o| o.id == open.id).unwrap();
        assert_eq!((won.status, won.probability), (OpportunityStatus::Won, Some(100.0)));
        assert_eq!(app.state.status, format!("opportunity “{name}” won · u undoes"));
    });
}

#[test]
fn a_bad_value_keeps_the_form_open_with_the_reason_and_writes_nothing() {
    on_each_engine("a_bad_value_keeps_the_form_open_with_the_reason_and_writes_nothing", || {
        let mut app = focused_on(WITH, PaneId::Renewal);
        let before = stored(&app);
        press(&mut app, KeyCode::Char('e'));
        fill(&mut app, OpportunityField::Chance, "150");
        press(&mut app, KeyCode::Enter);
        assert_eq!(error(&app).as_deref(), Some("chance %: “150” is above 100"));
        assert_eq!(app.state.modal.editor().unwrap().form.focus, 5);
        fill(&mut app, OpportunityField::Chance, "50");
        fill(&mut app, OpportunityField::Amount, "-1");
        press(&mut app, KeyCode::Enter);
        assert_eq!(error(&app).as_deref(), Some("amount: “-1” is below 0"));
        fill(&mut app, OpportunityField::Amount, "");
        fill(&mut app, OpportunityField::Name, "");
        press(&mut app, KeyCode::Enter);
        assert_eq!(error(&app).as_deref(), Some("name: an opportunity needs a name"));
        assert_eq!(app.state.modal.editor().unwrap().form.focus, 0);
        press(&mut app, KeyCode::Esc);
        assert_eq!(stored(&app), before, "nothing written");

        press(&mut app, KeyCode::Char('n'));
        press(&mut app, KeyCode::Enter);
        assert_eq!(error(&app).as_deref(), Some("name: an opportunity needs a name"));
        press(&mut app, KeyCode::Esc);
        assert_eq!(stored(&app), before);
    });
}

#[test]
fn an_opportunity_changed_in_another_workspace_is_not_overwritten() {
    on_each_engine("an_opportunity_changed_in_another_workspace_is_not_overwritten", || {
        let (_dir, mut first, mut second) = two_demo_apps();
        for app in [&mut first, &mut second] {
            select_by_search(app, WITH);
            while app.state.focus != PaneId::Renewal {
                press(app, KeyCode::Tab);
            }
        }
        let opportunity = picked(&first);
        press(&mut first, KeyCode::Char('x'));
        press(&mut first, KeyCode::Enter);
        press(&mut second, KeyCode::Char('e'));
        fill(&mut second, OpportunityField::Stage, "Second");
        press(&mut second, KeyCode::Enter);
        assert_eq!(
            second.state.status,
            "not saved: the opportunity was changed elsewhere since it was read; showing it as it is now"
        );
        let now = stored(&second).into_iter().find(|o| o.id == opportunity.id).unwrap();
        assert_eq!((now.status, now.stage), (OpportunityStatus::Won, opportunity.stage));
        let shown = &second.state.book.detail.as_ref().unwrap().detail.facts.opportunities;
        assert!(shown.iter().any(|o| o.id == opportunity.id && o.status == OpportunityStatus::Won));
    });
}

#[test]
fn the_opportunity_forms_at_80x24() {
    on_each_engine("the_opportunity_forms_at_80x24", || {
        let mut app = focused_on(WITH, PaneId::Renewal);
        press(&mut app, KeyCode::Char('e'));
        insta::assert_snapshot!("opportunity_80x24", draw(&app, 80, 24).backend());
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('x'));
        insta::assert_snapshot!("close_80x24", draw(&app, 80, 24).backend());
    });
}
