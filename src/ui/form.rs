//! A modal form: labelled fields (a line of text, free text, a day, one choice, a checklist),
//! one of them focused, taking keys until it is saved or cancelled. It knows nothing of what the
//! form is for: `editing` builds forms and turns their values into records.

use chrono::{Days, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{TextArea, WrapMode};

use crate::domain::terminal_safe;

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    /// The form took the key; keep it open.
    Handled,
    /// Save what the form holds.
    Submit,
    /// Close the form without saving.
    Cancel,
}

/// One field's input.
#[derive(Debug, Clone)]
pub enum Input {
    /// One line of text: enter saves the form.
    Line(TextArea<'static>),
    /// Several lines: enter starts a new line, ctrl-s saves.
    Text(TextArea<'static>),
    /// A day, typed as 2026-12-01, today, tomorrow, +3d or +2w.
    Day(TextArea<'static>),
    /// One of a few options, changed with left, right or space.
    Choice { options: Vec<String>, index: usize },
    /// Any of a list, up and down to move, space to tick.
    Checks { items: Vec<(String, bool)>, cursor: usize },
}

/// A labelled input.
#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub input: Input,
}

impl Field {
    /// A one-line text field holding `value`.
    #[must_use]
    pub fn line(label: &'static str, value: &str) -> Self {
        Self { label, input: Input::Line(text_area(value)) }
    }

    /// A free-text field holding `value`.
    #[must_use]
    pub fn text(label: &'static str, value: &str) -> Self {
        let mut area = text_area(value);
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        Self { label, input: Input::Text(area) }
    }

    /// A day field holding `value` (as typed: a date or words like `+7d`).
    #[must_use]
    pub fn day(label: &'static str, value: &str) -> Self {
        Self { label, input: Input::Day(text_area(value)) }
    }

    /// The same field showing `hint` while it is empty (text fields only).
    #[must_use]
    pub fn hint(mut self, hint: &str) -> Self {
        if let Input::Line(area) | Input::Text(area) | Input::Day(area) = &mut self.input {
            area.set_placeholder_text(hint);
        }
        self
    }

    /// A choice among `options`, `index` chosen.
    #[must_use]
    pub fn choice(label: &'static str, options: Vec<String>, index: usize) -> Self {
        let index = index.min(options.len().saturating_sub(1));
        Self { label, input: Input::Choice { options, index } }
    }

    /// A checklist of `items`, each ticked or not.
    #[must_use]
    pub fn checks(label: &'static str, items: Vec<(String, bool)>) -> Self {
        Self { label, input: Input::Checks { items, cursor: 0 } }
    }
}

/// A text area holding `value`, its cursor at the end.
fn text_area(value: &str) -> TextArea<'static> {
    let mut area = TextArea::new(value.lines().map(str::to_owned).collect());
    area.set_cursor_line_style(Style::new());
    area.move_cursor(ratatui_textarea::CursorMove::Bottom);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    area
}

/// A form on screen.
#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    /// Index of the field keys go to.
    pub focus: usize,
    /// Why the last save was refused, shown under the fields.
    pub error: Option<String>,
}

impl Form {
    /// A form titled `title` with `fields`, the first focused.
    #[must_use]
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Self {
        let mut form = Self { title: title.into(), fields, focus: 0, error: None };
        form.show_cursor();
        form
    }

    /// Only the focused text field shows a cursor.
    fn show_cursor(&mut self) {
        for (i, field) in self.fields.iter_mut().enumerate() {
            if let Input::Line(area) | Input::Text(area) | Input::Day(area) = &mut field.input {
                let style = if i == self.focus {
                    Style::new().add_modifier(Modifier::REVERSED)
                } else {
                    Style::new()
                };
                area.set_cursor_style(style);
            }
        }
    }

    fn focus_on(&mut self, i: usize) {
        self.focus = i;
        self.show_cursor();
    }

    /// Applies one key to the form.
    pub fn handle(&mut self, key: KeyEvent) -> FormKey {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => return FormKey::Cancel,
            KeyCode::Char('s') if ctrl => return FormKey::Submit,
            KeyCode::Tab => {
                self.focus_on((self.focus + 1) % self.fields.len().max(1));
                return FormKey::Handled;
            }
            KeyCode::BackTab => {
                let n = self.fields.len().max(1);
                self.focus_on((self.focus + n - 1) % n);
                return FormKey::Handled;
            }
            _ => {}
        }
        let Some(field) = self.fields.get_mut(self.focus) else { return FormKey::Handled };
        match &mut field.input {
            Input::Line(area) | Input::Day(area) => {
                if key.code == KeyCode::Enter {
                    return FormKey::Submit;
                }
                area.input(key);
            }
            Input::Text(area) => {
                area.input(key);
            }
            Input::Choice { options, index } => {
                let n = options.len().max(1);
                match key.code {
                    KeyCode::Enter => return FormKey::Submit,
                    KeyCode::Right | KeyCode::Char(' ' | 'l') => *index = (*index + 1) % n,
                    KeyCode::Left | KeyCode::Char('h') => *index = (*index + n - 1) % n,
                    _ => {}
                }
            }
            Input::Checks { items, cursor } => match key.code {
                KeyCode::Enter => return FormKey::Submit,
                KeyCode::Down | KeyCode::Char('j') => {
                    *cursor = (*cursor + 1).min(items.len().saturating_sub(1));
                }
                KeyCode::Up | KeyCode::Char('k') => *cursor = cursor.saturating_sub(1),
                KeyCode::Char(' ' | 'x') => {
                    if let Some(item) = items.get_mut(*cursor) {
                        item.1 = !item.1;
                    }
                }
                _ => {}
            },
        }
        FormKey::Handled
    }

    /// Pastes `text` into the focused field as text, never as keys: in a one-line field (or a
    /// day) its line breaks and tabs become spaces, in free text its line breaks stay; control
    /// and invisible characters are dropped. False when the focused field takes no text (a
    /// choice or a checklist): nothing changes.
    pub fn paste(&mut self, text: &str) -> bool {
        let Some(field) = self.fields.get_mut(self.focus) else { return false };
        match &mut field.input {
            Input::Line(area) | Input::Day(area) => {
                area.insert_str(terminal_safe(&text.replace("\r\n", "\n")));
                true
            }
            Input::Text(area) => {
                // Every kind of line break (CR LF, LF, a lone CR) is one new line.
                let text = text.replace("\r\n", "\n").replace('\r', "\n");
                let lines: Vec<_> = text.split('\n').map(terminal_safe).collect();
                area.insert_str(lines.join("\n"));
                true
            }
            Input::Choice { .. } | Input::Checks { .. } => false,
        }
    }

    /// The text of field `i`, trimmed (lines joined by newlines); empty for other inputs.
    #[must_use]
    pub fn text(&self, i: usize) -> String {
        match self.fields.get(i).map(|f| &f.input) {
            Some(Input::Line(area) | Input::Text(area) | Input::Day(area)) => {
                area.lines().join("\n").trim().to_owned()
            }
            _ => String::new(),
        }
    }

    /// The text of field `i`, or `None` when it is empty.
    #[must_use]
    pub fn optional_text(&self, i: usize) -> Option<String> {
        Some(self.text(i)).filter(|t| !t.is_empty())
    }

    /// The day typed in field `i` (`None` when empty), read relative to `today`.
    ///
    /// # Errors
    /// The text is not a day; the message says what is understood.
    pub fn day(&self, i: usize, today: NaiveDate) -> Result<Option<NaiveDate>, String> {
        let text = self.text(i);
        if text.is_empty() {
            return Ok(None);
        }
        parse_day(&text, today).map(Some).ok_or_else(|| {
            format!(
                "{}: “{text}” is not a day (2026-12-01, today, tomorrow, +3d, +2w)",
                self.label(i)
            )
        })
    }

    /// The index of the option chosen in field `i`.
    #[must_use]
    pub fn choice(&self, i: usize) -> usize {
        match self.fields.get(i).map(|f| &f.input) {
            Some(Input::Choice { index, .. }) => *index,
            _ => 0,
        }
    }

    /// The indices of the items ticked in field `i`.
    #[must_use]
    pub fn checked(&self, i: usize) -> Vec<usize> {
        match self.fields.get(i).map(|f| &f.input) {
            Some(Input::Checks { items, .. }) => {
                items.iter().enumerate().filter(|(_, (_, on))| *on).map(|(i, _)| i).collect()
            }
            _ => Vec::new(),
        }
    }

    /// The label of field `i`.
    #[must_use]
    pub fn label(&self, i: usize) -> &'static str {
        self.fields.get(i).map_or("", |f| f.label)
    }

    /// Refuses the save: shows `message` and focuses field `i`.
    pub fn refuse(&mut self, i: usize, message: impl Into<String>) {
        self.focus_on(i.min(self.fields.len().saturating_sub(1)));
        self.error = Some(message.into());
    }

    /// Whether the focused field takes enter as a new line.
    #[must_use]
    pub fn in_free_text(&self) -> bool {
        matches!(self.fields.get(self.focus).map(|f| &f.input), Some(Input::Text(_)))
    }
}

/// Reads a day as a person types it: an ISO date, `today`, `tomorrow`, or `+N` days (`+Nd`) or
/// weeks (`+Nw`) from `today`.
#[must_use]
pub fn parse_day(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let text = text.trim().to_lowercase();
    match text.as_str() {
        "today" => return Some(today),
        "tomorrow" => return today.checked_add_days(Days::new(1)),
        _ => {}
    }
    if let Some(offset) = text.strip_prefix('+') {
        let (number, unit) = match offset.strip_suffix('w') {
            Some(weeks) => (weeks, 7),
            None => (offset.strip_suffix('d').unwrap_or(offset), 1),
        };
        let n: u64 = number.trim().parse().ok()?;
        return today.checked_add_days(Days::new(n.checked_mul(unit)?));
    }
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
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
        for bad in ["2026-13-01", "2026-02-30", "next week", "+", "+-3", "+3y", "+99999999999999w"]
        {
            assert_eq!(parse_day(bad, today), None, "{bad}");
        }
    }

    #[test]
    fn keys_move_between_fields_edit_them_and_save_or_cancel() {
        let mut form = Form::new(
            "Test",
            vec![
                Field::line("title", "Call"),
                Field::choice("priority", vec!["normal".into(), "high".into()], 0),
                Field::checks("with", vec![("Ana".into(), false), ("Bo".into(), false)]),
                Field::text("notes", ""),
            ],
        );
        assert_eq!(form.handle(key(KeyCode::Char('!'))), FormKey::Handled);
        assert_eq!(form.text(0), "Call!");
        form.handle(key(KeyCode::Tab));
        form.handle(key(KeyCode::Right));
        assert_eq!(form.choice(1), 1);
        form.handle(key(KeyCode::Right));
        assert_eq!(form.choice(1), 0, "choices wrap");
        form.handle(key(KeyCode::Tab));
        form.handle(key(KeyCode::Down));
        form.handle(key(KeyCode::Char(' ')));
        assert_eq!(form.checked(2), vec![1]);
        form.handle(key(KeyCode::Tab));
        assert!(form.in_free_text());
        for c in ['a', 'b'] {
            form.handle(key(KeyCode::Char(c)));
        }
        assert_eq!(form.handle(key(KeyCode::Enter)), FormKey::Handled, "a new line in free text");
        form.handle(key(KeyCode::Char('c')));
        assert_eq!(form.text(3), "ab\nc");
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
        let mut form = Form::new(
            "Test",
            vec![
                Field::line("title", "Call: "),
                Field::choice("priority", vec!["normal".into(), "high".into()], 0),
                Field::text("notes", ""),
            ],
        );
        // In a line: breaks and tabs become spaces, escapes and controls are dropped; enter
        // never saves, and no letter acts as a key.
        assert!(form.paste("Follow up\r\nwith\tfinance\n\x1b[2Juq\x07"));
        assert_eq!(form.text(0), "Call: Follow up with finance [2Juq");
        assert_eq!(form.focus, 0);
        // A choice takes no text.
        form.handle(key(KeyCode::Tab));
        assert!(!form.paste("high"));
        assert_eq!(form.choice(1), 0);
        // Free text keeps its lines.
        form.handle(key(KeyCode::Tab));
        assert!(form.paste("first\r\nsecond\u{202e}\rthird\n"));
        assert_eq!(form.text(2), "first\nsecond\nthird");
        assert!(form.paste("fourth"));
        assert_eq!(form.text(2), "first\nsecond\nthird\nfourth");
    }

    #[test]
    fn a_bad_day_names_the_field_and_the_forms_it_takes() {
        let form = Form::new("Test", vec![Field::day("due", "someday")]);
        let error = form.day(0, day("2026-11-24")).unwrap_err();
        assert!(error.starts_with("due: “someday” is not a day"), "{error}");
        let empty = Form::new("Test", vec![Field::day("due", "")]);
        assert_eq!(empty.day(0, day("2026-11-24")), Ok(None));
    }
}
