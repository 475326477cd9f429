//! Recording a renewal from the renewal pane, through its keys, over a demo store: the record and
//! the account after, undo, a churn leaving the list, and refusals on the field at fault.

use chrono::{Months, NaiveDate};
use ratatui::crossterm::event::KeyCode;

use super::RenewalField;
use crate::domain::{Account, RecordSource, RenewalOutcome};
use crate::ui::App;
use crate::ui::form::FieldKey;
use crate::ui::state::PaneId;
use crate::ui::testing::{as_of, buffer_lines, draw, focused_on, on_each_engine, press};

/// An account with a renewal date.
const ACCOUNT: &str = "Stonegate Industries";

fn type_text(app: &mut App, text: &str) {
    text.chars().for_each(|c| press(app, KeyCode::Char(c)));
}

fn fill(app: &mut App, field: RenewalField, text: &str) {
    let at = RenewalField::ALL.iter().position(|f| *f == field).unwrap();
    while app.state.modal.editor().unwrap().form.focus != at {
        press(app, KeyCode::Tab);
    }
    (0..40).for_each(|_| press(app, KeyCode::Backspace));
    type_text(app, text);
}

fn error(app: &App) -> Option<String> {
    app.state.modal.editor().and_then(|e| e.form.error.clone())
}

fn selected(app: &App) -> Account {
    app.state.selected_entry().unwrap().account.clone()
}

fn stored(app: &App, account: &Account) -> Account {
    app.store().account(account.id).unwrap().unwrap()
}

fn due_of(account: &Account) -> NaiveDate {
    account.renewal_date.expect("the demo account renews")
}

#[test]
fn a_renewal_recorded_moves_the_arr_and_date_and_undo_puts_them_back() {
    on_each_engine("a_renewal_recorded_moves_the_arr_and_date_and_undo_puts_them_back", || {
        let mut app = focused_on(ACCOUNT, PaneId::Renewal);
        let before = selected(&app);
        let due = due_of(&before);
        press(&mut app, KeyCode::Char('R'));
        let form = &app.state.modal.editor().unwrap().form;
        assert_eq!(form.title, format!("Renewal due {due} · {ACCOUNT}"));
        fill(&mut app, RenewalField::Arr, "$2,000,000");
        fill(&mut app, RenewalField::Note, "three-year term");
        press(&mut app, KeyCode::Enter);
        assert_eq!(
            app.state.status,
            format!("recorded the renewal of {ACCOUNT} on {} · u undoes", as_of())
        );
        let after = stored(&app, &before);
        let next = due.checked_add_months(Months::new(12));
        assert_eq!((after.arr_cents, after.renewal_date), (200_000_000, next));
        let records = app.store().renewal_records_of(before.id).unwrap();
        assert_eq!(records.len(), 1);
        let r = &records[0];
        assert_eq!((r.due, r.closed_on, r.outcome), (due, as_of(), RenewalOutcome::Renewed));
        assert_eq!((r.arr_before, r.arr_after), (before.arr_cents, 200_000_000));
        assert_eq!(
            (r.note.as_deref(), r.source),
            (Some("three-year term"), RecordSource::Recorded)
        );
        // The pane shows the account as it is now.
        assert_eq!(selected(&app).arr_cents, 200_000_000);

        press(&mut app, KeyCode::Char('u'));
        assert!(
            app.state.status.starts_with("undone: recorded the renewal"),
            "{}",
            app.state.status
        );
        let back = stored(&app, &before);
        assert_eq!((back.arr_cents, back.renewal_date), (before.arr_cents, before.renewal_date));
        assert!(app.store().renewal_records_of(before.id).unwrap().is_empty());
    });
}

#[test]
fn a_churn_recorded_takes_the_account_out_of_the_list_until_undone() {
    on_each_engine("a_churn_recorded_takes_the_account_out_of_the_list_until_undone", || {
        let mut app = focused_on(ACCOUNT, PaneId::Renewal);
        let before = selected(&app);
        press(&mut app, KeyCode::Char('R'));
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Enter);
        assert!(app.state.status.starts_with(&format!("recorded the churn of {ACCOUNT}")));
        assert!(app.state.status.ends_with("C lists the churned accounts"), "{}", app.state.status);
        let after = stored(&app, &before);
        assert_eq!((after.arr_cents, after.renewal_date), (0, None));
        assert_eq!(after.lifecycle_stage.as_deref(), Some("churned"));
        assert_eq!(app.store().renewal_records_of(before.id).unwrap()[0].arr_after, 0);
        assert!(app.state.book.row_of(before.id).is_none(), "it left the list");
        assert_eq!(app.state.book.scored.metrics.accounts, app.state.book.scored.active().count());
        // The churned accounts' filter shows it, and its renewal pane says when it churned.
        while app.state.focus != PaneId::Accounts {
            press(&mut app, KeyCode::Tab);
        }
        press(&mut app, KeyCode::Char('C'));
        assert_eq!(selected(&app).id, before.id);
        let screen = buffer_lines(draw(&app, 160, 48).backend().buffer()).join("\n");
        let due = due_of(&before);
        assert!(screen.contains(&format!("Churned on {}", as_of())), "{screen}");
        assert!(screen.contains(&format!("due {due} · ARR was $")), "{screen}");

        press(&mut app, KeyCode::Char('u'));
        assert_eq!(stored(&app, &before).renewal_date, before.renewal_date);
        assert!(app.state.book.row_of(before.id).is_none(), "no longer churned");
        press(&mut app, KeyCode::Char('C'));
        assert!(app.state.book.row_of(before.id).is_some(), "back in the active book's list");
    });
}

#[test]
fn bad_values_keep_the_form_open_on_the_field_at_fault_and_write_nothing() {
    on_each_engine("bad_values_keep_the_form_open_on_the_field_at_fault_and_write_nothing", || {
        let mut app = focused_on(ACCOUNT, PaneId::Renewal);
        let before = selected(&app);
        press(&mut app, KeyCode::Char('R'));
        fill(&mut app, RenewalField::Arr, "-5");
        press(&mut app, KeyCode::Enter);
        assert_eq!(error(&app).as_deref(), Some("new ARR: “-5” is below 0"));
        fill(&mut app, RenewalField::Arr, "");
        press(&mut app, KeyCode::Enter);
        assert_eq!(
            error(&app).as_deref(),
            Some("new ARR: the ARR after the renewal (0 when churned)")
        );
        fill(&mut app, RenewalField::Arr, "1000");
        fill(&mut app, RenewalField::Closed, "2030-01-01");
        press(&mut app, KeyCode::Enter);
        let refusal = error(&app).unwrap();
        assert!(refusal.starts_with("closed on: 2030-01-01 is after today"), "{refusal}");
        fill(&mut app, RenewalField::Closed, "today");
        fill(&mut app, RenewalField::Next, "2020-01-01");
        press(&mut app, KeyCode::Enter);
        let refusal = error(&app).unwrap();
        assert!(refusal.starts_with("next renewal: 2020-01-01 is not after"), "{refusal}");
        let next_at = RenewalField::ALL.iter().position(|f| *f == RenewalField::Next).unwrap();
        assert_eq!(app.state.modal.editor().unwrap().form.focus, next_at);
        // A churn with an ARR typed over the proposal is refused too.
        let at = RenewalField::ALL.iter().position(|f| *f == RenewalField::Outcome).unwrap();
        while app.state.modal.editor().unwrap().form.focus != at {
            press(&mut app, KeyCode::Tab);
        }
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Enter);
        let refusal = error(&app).unwrap();
        assert!(refusal.starts_with("new ARR: a churned account keeps no ARR"), "{refusal}");
        press(&mut app, KeyCode::Esc);
        assert_eq!(stored(&app, &before), before, "nothing written");
        assert!(app.store().renewal_records_of(before.id).unwrap().is_empty());
    });
}

/// A churned account stays searchable: the search over everything finds it, and opening it
/// shows it among the churned accounts.
#[test]
fn a_churned_account_is_found_by_the_search_over_everything() {
    on_each_engine("a_churned_account_is_found_by_the_search_over_everything", || {
        let mut app = focused_on(ACCOUNT, PaneId::Renewal);
        let before = selected(&app);
        press(&mut app, KeyCode::Char('R'));
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Enter);
        assert!(app.state.book.row_of(before.id).is_none());
        press(&mut app, KeyCode::Char('F'));
        type_text(&mut app, ACCOUNT);
        press(&mut app, KeyCode::Enter);
        assert_eq!(selected(&app).id, before.id);
        assert!(app.state.filters.churned, "shown among the churned accounts");
    });
}
