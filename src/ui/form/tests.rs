//! The form on its own: keys move, edit, save and cancel; pastes are text; fields are read and
//! refused by their key, and a key of another form is caught at once.

use super::*;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

form_fields! {
    enum Test { Title => "title", Priority => "priority", With => "with", Notes => "notes" }
}

form_fields! {
    /// The same fields as [`Test`] in another order.
    enum Reordered { Notes => "notes", With => "with", Title => "title", Priority => "priority" }
}

form_fields! {
    enum Due { Due => "due" }
}

fn test_form() -> Form {
    Form::keyed("Test", |field| match field {
        Test::Title => Input::line("Call"),
        Test::Priority => Input::choice(vec!["normal".into(), "high".into()], 0),
        Test::With => Input::checks(vec![("Ana".into(), false), ("Bo".into(), false)]),
        Test::Notes => Input::text(""),
    })
}

#[test]
fn days_are_read_as_people_type_them() {
    let today = day("2026-11-24");
    assert_eq!(parse_day("2026-12-01", today), Some(day("2026-12-01")));
    assert_eq!(parse_day(" Today ", today), Some(today));
    assert_eq!(parse_day("tomorrow", today), Some(day("2026-11-25")));
    assert_eq!(parse_day("+7", today), Some(day("2026-12-01")));
    assert_eq!(parse_day("+3d", today), Some(day("2026-11-27")));
    assert_eq!(parse_day("+2w", today), Some(day("2026-12-08")));
    for bad in ["2026-13-01", "2026-02-30", "next week", "+", "+-3", "+3y", "+99999999999999w"] {
        assert_eq!(parse_day(bad, today), None, "{bad}");
    }
}

#[test]
fn keys_move_between_fields_edit_them_and_save_or_cancel() {
    let mut form = test_form();
    assert_eq!(form.handle(key(KeyCode::Char('!'))), FormKey::Handled);
    assert_eq!(form.text(Test::Title), "Call!");
    form.handle(key(KeyCode::Tab));
    form.handle(key(KeyCode::Right));
    assert_eq!(form.choice(Test::Priority), 1);
    form.handle(key(KeyCode::Right));
    assert_eq!(form.choice(Test::Priority), 0, "choices wrap");
    form.handle(key(KeyCode::Tab));
    form.handle(key(KeyCode::Down));
    form.handle(key(KeyCode::Char(' ')));
    assert_eq!(form.checked(Test::With), vec![1]);
    form.handle(key(KeyCode::Tab));
    assert!(form.in_free_text());
    for c in ['a', 'b'] {
        form.handle(key(KeyCode::Char(c)));
    }
    assert_eq!(form.handle(key(KeyCode::Enter)), FormKey::Handled, "a new line in free text");
    form.handle(key(KeyCode::Char('c')));
    assert_eq!(form.text(Test::Notes), "ab\nc");
    let save = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(form.handle(save), FormKey::Submit);
    form.handle(key(KeyCode::BackTab));
    form.handle(key(KeyCode::BackTab));
    form.handle(key(KeyCode::BackTab));
    assert_eq!(form.focus, 0);
    assert_eq!(form.handle(key(KeyCode::Enter)), FormKey::Submit, "enter saves a line");
    assert_eq!(form.handle(key(KeyCode::Esc)), FormKey::Cancel);
}

#[test]
fn a_paste_is_text_in_the_focused_field() {
    let mut form = test_form();
    form.handle(key(KeyCode::Char(':')));
    form.handle(key(KeyCode::Char(' ')));
    // In a line: breaks and tabs become spaces, escapes and controls are dropped; enter
    // never saves, and no letter acts as a key.
    assert!(form.paste("Follow up\r\nwith\tfinance\n\x1b[2Juq\x07"));
    assert_eq!(form.text(Test::Title), "Call: Follow up with finance [2Juq");
    assert_eq!(form.focus, 0);
    // A choice takes no text.
    form.handle(key(KeyCode::Tab));
    assert!(!form.paste("high"));
    assert_eq!(form.choice(Test::Priority), 0);
    // Free text keeps its lines.
    form.handle(key(KeyCode::Tab));
    form.handle(key(KeyCode::Tab));
    assert!(form.paste("first\r\nsecond\u{202e}\rthird\n"));
    assert_eq!(form.text(Test::Notes), "first\nsecond\nthird");
    assert!(form.paste("fourth"));
    assert_eq!(form.text(Test::Notes), "first\nsecond\nthird\nfourth");
}

#[test]
fn a_bad_day_names_the_field_and_the_forms_it_takes() {
    let form = Form::keyed("Test", |Due::Due| Input::day("someday"));
    let refusal = form.day(Due::Due, day("2026-11-24")).unwrap_err();
    assert_eq!(refusal.field, Due::Due);
    assert!(refusal.message.starts_with("due: “someday” is not a day"), "{}", refusal.message);
    let empty = Form::keyed("Test", |Due::Due| Input::day(""));
    assert_eq!(empty.day(Due::Due, day("2026-11-24")), Ok(None));
}

/// The fields follow their keys: the same values built in another order read the same.
#[test]
fn a_form_is_read_by_key_whatever_the_order_of_its_fields() {
    let form = Form::keyed("Test", |field| match field {
        Reordered::Title => Input::line("Call"),
        Reordered::Priority => Input::choice(vec!["normal".into(), "high".into()], 1),
        Reordered::With => Input::checks(vec![("Ana".into(), true)]),
        Reordered::Notes => Input::text("said yes"),
    });
    let labels: Vec<_> = form.fields.iter().map(|f| f.label).collect();
    assert_eq!(labels, ["notes", "with", "title", "priority"], "shown in the keys' order");
    assert_eq!(form.text(Reordered::Title), "Call");
    assert_eq!(form.choice(Reordered::Priority), 1);
    assert_eq!(form.checked(Reordered::With), vec![0]);
    assert_eq!(form.text(Reordered::Notes), "said yes");
}

#[test]
fn a_refusal_names_its_field_and_focuses_it() {
    let mut form = test_form();
    form.refuse(Refusal::new(Test::With, "tick someone"));
    assert_eq!(form.focus, 2, "the field at fault has the focus");
    assert_eq!(form.fields[form.focus].label, "with");
    assert_eq!(form.error.as_deref(), Some("with: tick someone"));
    form.fail("not saved: the book is locked");
    assert_eq!(form.focus, 2, "a failure no field is at fault for leaves the focus");
    assert_eq!(form.error.as_deref(), Some("not saved: the book is locked"));
}

#[test]
#[should_panic(expected = "is not a field of the form “Test”")]
fn a_key_of_another_form_fails_loudly() {
    let form = test_form();
    let _ = form.day(Due::Due, day("2026-11-24"));
}

#[test]
fn ctrl_u_clears_a_prefilled_line_so_a_correction_is_typed_fresh() {
    let mut form = test_form();
    form.handle(key(KeyCode::End));
    form.handle(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    for c in "Visit".chars() {
        form.handle(key(KeyCode::Char(c)));
    }
    assert_eq!(form.text(Test::Title), "Visit");
}
