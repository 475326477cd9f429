//! What is open over the workspace, as one value: nothing, the help, the search being typed, the
//! search over everything, the command palette, a form, a question before a destructive edit, or an ended import's report. Only one is open at
//! a time, and [`Modal::route`] is the one place that decides which action a key becomes while
//! it is. The behaviour (opening, saving, answering) is `editing`'s and `update`'s; this module
//! only names the shapes and routes keys, so the state can hold them without depending on the
//! write path. It must not change anything but itself, nor know any one kind of edit.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::edit::{AnyFormEdit, Edit, FormEdit};
use super::finding::model::Finder;
use super::finding::palette::Palette;
use super::form::Form;
use super::importing::{ImportReport, ImportView};
use super::keymap::{KeyScope, Keymap};

/// What is open over the workspace, taking the keys.
#[derive(Debug, Default)]
pub enum Modal {
    /// Nothing: the keymap decides.
    #[default]
    None,
    /// The help, over everything.
    Help,
    /// The search being typed on the status line (its query is `AppState::search`).
    Search,
    /// The search over every record of the book, in a popup.
    Find(Finder),
    /// The command palette.
    Palette(Box<Palette>),
    /// A form being filled in.
    Form(Editor),
    /// A question waiting for yes or no.
    Confirm(Confirm),
    /// How an import ended, until closed.
    ImportReport(ImportReport),
}

impl Modal {
    /// The action `key` becomes with this open; `keymap` and the `scope` of the keys in force
    /// give the bound actions. A form takes every key, a question only its answers, the search typed text;
    /// the help and the report only the keys that read or close them (and quit).
    #[must_use]
    pub fn route(&self, key: KeyEvent, keymap: &Keymap, scope: KeyScope) -> Option<Action> {
        let bound = || keymap.action(key, scope);
        match self {
            Self::None => bound(),
            // Typed text must never trigger a binding.
            Self::Form(_) => Some(Action::FormKey(key)),
            Self::Confirm(_) => match key.code {
                KeyCode::Char('y' | 'Y') | KeyCode::Enter => Some(Action::Answer(true)),
                KeyCode::Char('n' | 'N') | KeyCode::Esc => Some(Action::Answer(false)),
                _ => None,
            },
            Self::Search => {
                let plain = !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
                match key.code {
                    KeyCode::Esc => Some(Action::Back),
                    KeyCode::Enter => Some(Action::SearchKeep),
                    KeyCode::Backspace => Some(Action::SearchErase),
                    KeyCode::Char(c) if plain => Some(Action::SearchType(c)),
                    _ => bound().filter(|a| *a == Action::Quit),
                }
            }
            Self::Find(_) | Self::Palette(_) => {
                let plain = !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
                match key.code {
                    KeyCode::Esc => Some(Action::Back),
                    KeyCode::Enter => Some(Action::QueryPick),
                    KeyCode::Backspace => Some(Action::QueryErase),
                    KeyCode::Down | KeyCode::Tab => Some(Action::QueryMove(1)),
                    KeyCode::Up | KeyCode::BackTab => Some(Action::QueryMove(-1)),
                    KeyCode::PageDown => Some(Action::QueryMove(10)),
                    KeyCode::PageUp => Some(Action::QueryMove(-10)),
                    KeyCode::Char('n') if !plain => Some(Action::QueryMove(1)),
                    KeyCode::Char('p') if !plain => Some(Action::QueryMove(-1)),
                    KeyCode::Char(c) if plain => Some(Action::QueryType(c)),
                    _ => bound().filter(|a| *a == Action::Quit),
                }
            }
            Self::Help => {
                bound().filter(|a| matches!(a, Action::ToggleHelp | Action::Back | Action::Quit))
            }
            Self::ImportReport(_) => bound().filter(|a| {
                matches!(
                    a,
                    Action::Quit
                        | Action::Back
                        | Action::ToggleHelp
                        | Action::SelectNext
                        | Action::SelectPrev
                        | Action::SelectFirst
                        | Action::SelectLast
                        | Action::PageDown
                        | Action::PageUp
                )
            }),
        }
    }

    /// Whether nothing is open.
    #[must_use]
    pub const fn is_none(&self) -> bool {
        matches!(self, Self::None)
    }

    /// Whether the help is open.
    #[must_use]
    pub const fn is_help(&self) -> bool {
        matches!(self, Self::Help)
    }

    /// Whether the search is being typed.
    #[must_use]
    pub const fn is_search(&self) -> bool {
        matches!(self, Self::Search)
    }

    /// The open form, if a form is open.
    #[must_use]
    pub const fn editor(&self) -> Option<&Editor> {
        if let Self::Form(editor) = self { Some(editor) } else { None }
    }

    /// The open form, to change.
    pub const fn editor_mut(&mut self) -> Option<&mut Editor> {
        if let Self::Form(editor) = self { Some(editor) } else { None }
    }

    /// The open question, if one is open.
    #[must_use]
    pub const fn confirm(&self) -> Option<&Confirm> {
        if let Self::Confirm(confirm) = self { Some(confirm) } else { None }
    }

    /// The open question, to change.
    pub const fn confirm_mut(&mut self) -> Option<&mut Confirm> {
        if let Self::Confirm(confirm) = self { Some(confirm) } else { None }
    }

    /// The open import report, if one is open.
    #[must_use]
    pub const fn report(&self) -> Option<&ImportReport> {
        if let Self::ImportReport(report) = self { Some(report) } else { None }
    }

    /// Closes the open question and returns it; anything else stays open.
    pub fn take_confirm(&mut self) -> Option<Confirm> {
        match std::mem::take(self) {
            Self::Confirm(confirm) => Some(confirm),
            other => {
                *self = other;
                None
            }
        }
    }

    /// Opens the help, or closes it; anything else open stays as it is.
    pub fn toggle_help(&mut self) {
        match self {
            Self::None => *self = Self::Help,
            Self::Help => *self = Self::None,
            _ => {}
        }
    }

    /// Opens the report of an import that ended (`import`), once nothing else is open: an
    /// import ends in the background, and its report never covers what the person is doing.
    pub fn open_ended(&mut self, import: &mut Option<ImportView>) {
        if self.is_none()
            && let Some(ImportView::Ended(report)) =
                import.take_if(|i| matches!(i, ImportView::Ended(_)))
        {
            *self = Self::ImportReport(report);
        }
    }
}

/// A form on screen and what saving it does.
#[derive(Debug)]
pub struct Editor {
    pub form: Form,
    pub(super) purpose: Purpose,
}

impl Editor {
    /// The form of `kind`, as it opens.
    pub(super) fn new<E: FormEdit>(kind: E) -> Self {
        let form = Form::keyed(kind.title(), |field| kind.input(field));
        Self { form, purpose: Purpose::Edit(Box::new(kind)) }
    }

    /// The import form `form`.
    pub(super) const fn import(form: Form) -> Self {
        Self { form, purpose: Purpose::Import }
    }
}

/// What saving a form does.
#[derive(Debug)]
pub(super) enum Purpose {
    /// Writes the edit the form asks for.
    Edit(Box<dyn AnyFormEdit>),
    /// Asks the event loop to run the import the form describes: not an edit of its own.
    Import,
}

/// A question waiting for yes or no before a destructive edit.
#[derive(Debug)]
pub struct Confirm {
    pub question: String,
    /// What a yes writes.
    pub(super) then: Box<dyn Edit>,
}

#[cfg(test)]
mod tests;
