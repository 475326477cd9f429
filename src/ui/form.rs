//! A modal form: labelled fields (a line of text, free text, a day, one choice, a checklist),
//! one of them focused, taking keys until it is saved or cancelled. Fields are named by a key (one
//! small enum per form, see [`form_fields!`]) and read and refused by that key, never by their
//! place, so reordering a form's fields cannot make its reader read the wrong one. It knows
//! nothing of what the form is for: `editing` builds forms and turns their values into records.

use std::any::TypeId;
use std::fmt::{Debug, Display};

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{TextArea, WrapMode};

use crate::domain::terminal_safe;

/// The names of one form's fields: an enum whose variants, in order, are the fields the form
/// shows. Made with [`form_fields!`], which keeps the order and the labels beside the variants.
pub trait FieldKey: Copy + Eq + Debug + 'static {
    /// Every field, in the order the form shows them.
    const ALL: &'static [Self];
    /// The label left of the field, which its refusals name too.
    fn label(self) -> &'static str;
}

/// Declares a form's field keys: `form_fields! { enum TodoField { Title => "title", … } }`
/// makes the enum and its [`FieldKey`] (the variants' order is the form's, each with its label).
macro_rules! form_fields {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($field:ident => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $name { $($field),+ }

        impl $crate::ui::form::FieldKey for $name {
            const ALL: &'static [Self] = &[$(Self::$field),+];
            fn label(self) -> &'static str {
                match self { $(Self::$field => $label),+ }
            }
        }
    };
}
pub(crate) use form_fields;

/// Where a field is in a form: its key. Tests may also name a field by its place, as the person
/// sees it.
pub trait Locate: Copy {
    /// The index of the field in `form`.
    fn index_in(self, form: &Form) -> usize;
}

impl<K: FieldKey> Locate for K {
    fn index_in(self, form: &Form) -> usize {
        // A key of another form would read the wrong field: say so at once instead.
        assert!(
            form.keys == TypeId::of::<K>(),
            "{self:?} is not a field of the form “{}” (built from other keys)",
            form.title
        );
        K::ALL.iter().position(|key| *key == self).unwrap_or(usize::MAX)
    }
}

#[cfg(test)]
impl Locate for usize {
    fn index_in(self, _: &Form) -> usize {
        self
    }
}

/// Why a form cannot be saved: the field at fault and a message that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal<K> {
    pub field: K,
    pub message: String,
}

impl<K: FieldKey> Refusal<K> {
    /// `field` refused because of `why`; the message starts with the field's label.
    pub fn new(field: K, why: impl Display) -> Self {
        Self { field, message: format!("{}: {why}", field.label()) }
    }
}

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
    /// A day, typed as 2026-12-01, today, friday, in 2 weeks and the other [`DAY_FORMS`].
    Day(TextArea<'static>),
    /// One of a few options, changed with left, right or space.
    Choice { options: Vec<String>, index: usize },
    /// Any of a list, up and down to move, space to tick.
    Checks { items: Vec<(String, bool)>, cursor: usize },
}

impl Input {
    /// One line of text holding `value`.
    #[must_use]
    pub fn line(value: &str) -> Self {
        Self::Line(text_area(value))
    }

    /// Free text holding `value`.
    #[must_use]
    pub fn text(value: &str) -> Self {
        let mut area = text_area(value);
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        Self::Text(area)
    }

    /// A day holding `value` (as typed: a date or words like `+7d`).
    #[must_use]
    pub fn day(value: &str) -> Self {
        Self::Day(text_area(value))
    }

    /// A choice among `options`, `index` chosen.
    #[must_use]
    pub fn choice(options: Vec<String>, index: usize) -> Self {
        let index = index.min(options.len().saturating_sub(1));
        Self::Choice { options, index }
    }

    /// A checklist of `items`, each ticked or not.
    #[must_use]
    pub fn checks(items: Vec<(String, bool)>) -> Self {
        Self::Checks { items, cursor: 0 }
    }

    /// The same input showing `hint` while it is empty (text inputs only).
    #[must_use]
    pub fn hint(mut self, hint: &str) -> Self {
        if let Self::Line(area) | Self::Text(area) | Self::Day(area) = &mut self {
            area.set_placeholder_text(hint);
        }
        self
    }
}

/// A labelled input.
#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub input: Input,
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
    /// The type of the keys the form was built from: only they read it.
    keys: TypeId,
}

impl Form {
    /// A form titled `title` with one field per key of `K`, in their order, each field's input
    /// from `input`; the first focused.
    #[must_use]
    pub fn keyed<K: FieldKey>(title: impl Into<String>, mut input: impl FnMut(K) -> Input) -> Self {
        let fields = K::ALL.iter().map(|&key| Field { label: key.label(), input: input(key) });
        let mut form = Self {
            title: title.into(),
            fields: fields.collect(),
            focus: 0,
            error: None,
            keys: TypeId::of::<K>(),
        };
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
                // A prefilled field is corrected by clearing it first: ctrl-u clears the line
                // before the cursor as a shell does (the text area's own ctrl-u is undo).
                if ctrl && key.code == KeyCode::Char('u') {
                    area.delete_line_by_head();
                    return FormKey::Handled;
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

    fn input(&self, field: impl Locate) -> Option<&Input> {
        self.fields.get(field.index_in(self)).map(|f| &f.input)
    }

    /// The text of `field`, trimmed (lines joined by newlines); empty for other inputs.
    #[must_use]
    pub fn text(&self, field: impl Locate) -> String {
        match self.input(field) {
            Some(Input::Line(area) | Input::Text(area) | Input::Day(area)) => {
                area.lines().join("\n").trim().to_owned()
            }
            _ => String::new(),
        }
    }

    /// The text of `field`, or `None` when it is empty.
    #[must_use]
    pub fn optional_text(&self, field: impl Locate) -> Option<String> {
        Some(self.text(field)).filter(|t| !t.is_empty())
    }

    /// The day typed in `field` (`None` when empty), read relative to `today`.
    ///
    /// # Errors
    /// The text is not a day; the refusal says what is understood.
    pub fn day<K: FieldKey>(
        &self,
        field: K,
        today: NaiveDate,
    ) -> Result<Option<NaiveDate>, Refusal<K>> {
        let text = self.text(field);
        if text.is_empty() {
            return Ok(None);
        }
        parse_day(&text, today).map(Some).ok_or_else(|| {
            let why = format!("“{text}” is not a day ({DAY_FORMS})");
            Refusal::new(field, why)
        })
    }

    /// The index of the option chosen in `field`.
    #[must_use]
    pub fn choice(&self, field: impl Locate) -> usize {
        match self.input(field) {
            Some(Input::Choice { index, .. }) => *index,
            _ => 0,
        }
    }

    /// The indices of the items ticked in `field`.
    #[must_use]
    pub fn checked(&self, field: impl Locate) -> Vec<usize> {
        match self.input(field) {
            Some(Input::Checks { items, .. }) => {
                items.iter().enumerate().filter(|(_, (_, on))| *on).map(|(i, _)| i).collect()
            }
            _ => Vec::new(),
        }
    }

    /// Refuses the save: shows the refusal's message and focuses the field at fault.
    pub fn refuse<K: FieldKey>(&mut self, refusal: Refusal<K>) {
        let at = refusal.field.index_in(self);
        self.focus_on(at.min(self.fields.len().saturating_sub(1)));
        self.error = Some(refusal.message);
    }

    /// Refuses the save for a reason no field is at fault for: shows `message`, the focus stays.
    pub fn fail(&mut self, message: impl Into<String>) {
        self.error = Some(message.into());
    }

    /// Whether the focused field takes enter as a new line.
    #[must_use]
    pub fn in_free_text(&self) -> bool {
        matches!(self.fields.get(self.focus).map(|f| &f.input), Some(Input::Text(_)))
    }
}

mod day;

pub use day::{DAY_FORMS, parse_day};

#[cfg(test)]
mod tests;
