//! Key bindings: the embedded `assets/keymap.toml` with the user's `[keymap.*]` overrides, and the
//! lookup from a key press to an [`Action`]. The help overlay and the hints are generated from it,
//! so they cannot drift from what the keys do.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::ids::{PaneId, View};

/// The embedded default keymap.
pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// A key with its modifiers, as written in the keymap (`ctrl-c`, `shift-tab`, `G`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyBinding {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl KeyBinding {
    /// `ctrl-c`: it quits in every pane and view, and no keymap may unbind or rebind it, so
    /// that a keymap always leaves a way out.
    pub const QUIT: Self = Self { code: KeyCode::Char('c'), ctrl: true, alt: false };

    /// The binding a key press matches. Shift is part of the character (`G`), except for tab.
    #[must_use]
    pub fn of(event: KeyEvent) -> Self {
        Self {
            code: event.code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }
}

impl FromStr for KeyBinding {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (mut ctrl, mut alt) = (false, false);
        let mut rest = text;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "tab" => KeyCode::Tab,
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "backspace" => KeyCode::Backspace,
            "delete" => KeyCode::Delete,
            "space" => KeyCode::Char(' '),
            one if one.chars().count() == 1 => KeyCode::Char(one.chars().next().unwrap_or(' ')),
            other => return Err(format!("unknown key {other:?}")),
        };
        Ok(Self { code, ctrl, alt })
    }
}

impl fmt::Display for KeyBinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::PageUp => f.write_str("pageup"),
            KeyCode::PageDown => f.write_str("pagedown"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("delete"),
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            _ => f.write_str("?"),
        }
    }
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    Global,
    Pane(PaneId),
    /// A view's own keys (`[todo_queue]`, `[renewals]`): they win over the pane's.
    View(View),
}

impl Scope {
    fn parse(section: &str) -> Option<Self> {
        if section == "global" {
            return Some(Self::Global);
        }
        let view = View::ALL.iter().find(|v| v.section() == Some(section)).map(|&v| Self::View(v));
        view.or_else(|| PaneId::ALL.iter().find(|p| p.section() == section).map(|&p| Self::Pane(p)))
    }
}

/// Whose keys apply besides the global ones, the first winning: the view's own, then a pane's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KeyScope {
    pub view: Option<View>,
    pub pane: Option<PaneId>,
}

impl KeyScope {
    /// `pane`'s keys and the global ones.
    #[must_use]
    pub const fn pane(pane: PaneId) -> Self {
        Self { view: None, pane: Some(pane) }
    }

    /// The scopes to look in, in the order they win.
    fn scopes(self) -> impl Iterator<Item = Scope> {
        let view = self.view.map(Scope::View);
        let pane = self.pane.map(Scope::Pane);
        view.into_iter().chain(pane).chain(std::iter::once(Scope::Global))
    }
}

/// All bindings, in the order of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    bindings: Vec<(Scope, KeyBinding, Action)>,
}

/// User overrides: `[keymap.SECTION]` tables of `key = "action"`.
pub type KeymapOverrides = BTreeMap<String, BTreeMap<String, String>>;

impl Keymap {
    /// The default keymap with `overrides` applied.
    ///
    /// # Errors
    /// An unknown section, key or action, named with its section (`keymap.accounts.z`).
    pub fn load(overrides: &KeymapOverrides) -> Result<Self, String> {
        // Keep the file's order for the help: sections as written, keys as written.
        let mut ordered: Vec<(String, Vec<(String, String)>)> = Vec::new();
        for (section, keys) in toml::from_str::<toml::Table>(DEFAULT_KEYMAP)
            .map_err(|e| format!("built-in keymap: {e}"))?
        {
            let table = keys.as_table().cloned().unwrap_or_default();
            let keys =
                table.into_iter().map(|(k, v)| (k, v.as_str().unwrap_or("").to_owned())).collect();
            ordered.push((section, keys));
        }
        for (section, keys) in overrides {
            let slot = match ordered.iter_mut().find(|(s, _)| s == section) {
                Some((_, slot)) => slot,
                None => {
                    ordered.push((section.clone(), Vec::new()));
                    &mut ordered.last_mut().ok_or("keymap")?.1
                }
            };
            for (key, action) in keys {
                match slot.iter_mut().find(|(k, _)| k == key) {
                    Some((_, existing)) => existing.clone_from(action),
                    None => slot.push((key.clone(), action.clone())),
                }
            }
        }
        let mut bindings = Vec::new();
        for (section, keys) in ordered {
            let scope = Scope::parse(&section).ok_or_else(|| {
                format!(
                    "keymap.{section}: unknown section (global, a pane name, todo_queue, renewals, qbr, \
                     timeline, forecast or model_check)"
                )
            })?;
            for (key, action) in keys {
                if key.parse::<KeyBinding>().is_ok_and(|b| b == KeyBinding::QUIT)
                    && action != "quit"
                {
                    return Err(format!(
                        "keymap.{section}.{key}: {key} always quits (the way out whatever else \
                         is bound); bind other keys to actions"
                    ));
                }
                if action.is_empty() {
                    continue;
                }
                let binding: KeyBinding =
                    key.parse().map_err(|e| format!("keymap.{section}.{key}: {e}"))?;
                let action: Action = toml::Value::String(action.clone())
                    .try_into()
                    .map_err(|_| format!("keymap.{section}.{key}: unknown action {action:?}"))?;
                bindings.push((scope, binding, action));
            }
        }
        Ok(Self { bindings })
    }

    /// The action of `key` where `scope`'s keys apply: the view's own binding wins, then the
    /// pane's, then the global one.
    #[must_use]
    pub fn action(&self, key: KeyEvent, scope: KeyScope) -> Option<Action> {
        let pressed = KeyBinding::of(key);
        let find = |scope| {
            self.bindings.iter().find(|(s, b, _)| *s == scope && *b == pressed).map(|(_, _, a)| *a)
        };
        scope.scopes().find_map(find)
    }

    /// Every binding of `scope`, grouped by action in the file's order: `(action, keys)`.
    #[must_use]
    pub fn grouped(&self, scope: Scope) -> Vec<(Action, Vec<KeyBinding>)> {
        let mut groups: Vec<(Action, Vec<KeyBinding>)> = Vec::new();
        for (_, key, action) in self.bindings.iter().filter(|(s, _, _)| *s == scope) {
            match groups.iter_mut().find(|(a, _)| a == action) {
                Some((_, keys)) => keys.push(*key),
                None => groups.push((*action, vec![*key])),
            }
        }
        groups
    }

    /// The first key bound to `action` where `scope`'s keys apply, for hints: a key another
    /// scope takes over for something else is not offered.
    #[must_use]
    pub fn key_for(&self, action: Action, scope: KeyScope) -> Option<KeyBinding> {
        scope.scopes().find_map(|within| {
            self.bindings
                .iter()
                .filter(|(s, _, a)| *s == within && *a == action)
                .map(|(_, k, _)| *k)
                .find(|k| self.action_of(*k, scope) == Some(action))
        })
    }

    /// What `binding` does where `scope`'s keys apply.
    #[must_use]
    pub fn action_of(&self, binding: KeyBinding, scope: KeyScope) -> Option<Action> {
        scope.scopes().find_map(|within| {
            self.bindings.iter().find(|(s, b, _)| *s == within && *b == binding).map(|(_, _, a)| *a)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn the_default_keymap_parses_and_binds_every_action() {
        let keymap = Keymap::load(&KeymapOverrides::new()).unwrap();
        let bound: Vec<Action> = keymap.bindings.iter().map(|(_, _, a)| *a).collect();
        for action in [
            Action::Quit,
            Action::ToggleHelp,
            Action::FocusNext,
            Action::FocusPrev,
            Action::Back,
            Action::ShowBook,
            Action::ShowTodos,
            Action::ShowRenewals,
            Action::ShowPortfolio,
            Action::ShowTimeline,
            Action::OpenTimeline,
            Action::ShowQbr,
            Action::WriteQbr,
            Action::ShowModelCheck,
            Action::CycleLead,
            Action::SelectNext,
            Action::SelectPrev,
            Action::SelectFirst,
            Action::SelectLast,
            Action::PageDown,
            Action::PageUp,
            Action::StartSearch,
            Action::FindAnything,
            Action::OpenPalette,
            Action::CycleSort,
            Action::FilterBand,
            Action::FilterSegment,
            Action::FilterOwner,
            Action::FilterPhase,
            Action::FilterSignal,
            Action::FilterChurned,
            Action::ClearFilters,
            Action::ToggleTree,
            Action::LogTouchpoint,
            Action::AddTodo,
            Action::EditTodo,
            Action::CompleteTodo,
            Action::SnoozeTodo,
            Action::DeleteTodo,
            Action::EditStakeholder,
            Action::AddContact,
            Action::DeleteContact,
            Action::EditInteraction,
            Action::DeleteInteraction,
            Action::Undo,
            Action::Refresh,
            Action::Import,
        ] {
            assert!(bound.contains(&action), "{action:?} has no key");
        }
    }

    #[test]
    fn the_record_keys_mean_one_thing_wherever_they_are_bound() {
        // d deletes, n adds and e edits the record the pane or view points at, in every pane and
        // view that has them (the account list's e is its segment filter: it edits nothing).
        let keymap = Keymap::load(&KeymapOverrides::new()).unwrap();
        let key = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        let views = View::ALL.map(|view| KeyScope { view: Some(view), pane: None });
        let panes = PaneId::ALL.into_iter().filter(|p| *p != PaneId::Accounts);
        for scope in panes.map(KeyScope::pane).chain(views) {
            let of = |c| keymap.action(key(c), scope).map(|a| format!("{a:?}"));
            for (c, kind) in [('d', "Delete"), ('n', "Add"), ('e', "Edit")] {
                if let Some(action) = of(c) {
                    assert!(action.starts_with(kind), "{c} is {action} in {scope:?}");
                }
            }
        }
        let timeline = KeyScope { view: Some(View::Timeline), pane: None };
        assert_eq!(keymap.action(key('d'), timeline), Some(Action::DeleteInteraction));
        let stakeholders = KeyScope::pane(PaneId::Stakeholders);
        assert_eq!(keymap.action(key('n'), stakeholders), Some(Action::AddContact));
        assert_eq!(keymap.action(key('a'), stakeholders), Some(Action::AddTodo), "a adds a todo");
    }

    #[test]
    fn a_pane_binding_wins_over_a_global_one() {
        let keymap = Keymap::load(&KeymapOverrides::new()).unwrap();
        let s = press(KeyCode::Char('s'), KeyModifiers::NONE);
        assert_eq!(keymap.action(s, KeyScope::pane(PaneId::Accounts)), Some(Action::CycleSort));
        assert_eq!(keymap.action(s, KeyScope::pane(PaneId::Health)), None);
        let shifted_g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            keymap.action(shifted_g, KeyScope::pane(PaneId::Health)),
            Some(Action::SelectLast)
        );
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(keymap.action(ctrl_c, KeyScope::pane(PaneId::Todos)), Some(Action::Quit));
        let back_tab = press(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(keymap.action(back_tab, KeyScope::pane(PaneId::Todos)), Some(Action::FocusPrev));
    }

    #[test]
    fn overrides_rebind_unbind_and_are_checked() {
        let mut overrides = KeymapOverrides::new();
        overrides.entry("accounts".into()).or_default().insert("z".into(), "cycle_sort".into());
        overrides.entry("accounts".into()).or_default().insert("s".into(), String::new());
        let keymap = Keymap::load(&overrides).unwrap();
        let key = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(
            keymap.action(key('z'), KeyScope::pane(PaneId::Accounts)),
            Some(Action::CycleSort)
        );
        assert_eq!(keymap.action(key('s'), KeyScope::pane(PaneId::Accounts)), None);

        let mut bad = KeymapOverrides::new();
        bad.entry("accounts".into()).or_default().insert("z".into(), "fly".into());
        assert_eq!(Keymap::load(&bad).unwrap_err(), "keymap.accounts.z: unknown action \"fly\"");
        let mut bad = KeymapOverrides::new();
        bad.entry("nowhere".into()).or_default().insert("z".into(), "quit".into());
        assert!(Keymap::load(&bad).unwrap_err().starts_with("keymap.nowhere: unknown section"));
    }

    #[test]
    fn a_keymap_always_keeps_ctrl_c_to_quit() {
        // Unbinding every other way out leaves ctrl-c, in every pane and view.
        let mut overrides = KeymapOverrides::new();
        let global = overrides.entry("global".into()).or_default();
        global.insert("q".into(), String::new());
        global.insert("esc".into(), String::new());
        let keymap = Keymap::load(&overrides).unwrap();
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        let views = View::ALL.map(|view| KeyScope { view: Some(view), pane: None });
        let scopes = PaneId::ALL.map(KeyScope::pane).into_iter().chain(views);
        for scope in scopes.chain([KeyScope::default()]) {
            assert_eq!(keymap.action(ctrl_c, scope), Some(Action::Quit), "{scope:?}");
        }

        for (section, action) in [("global", ""), ("global", "refresh"), ("todos", "undo")] {
            let mut bad = KeymapOverrides::new();
            bad.entry(section.into()).or_default().insert("ctrl-c".into(), action.into());
            assert_eq!(
                Keymap::load(&bad).unwrap_err(),
                format!(
                    "keymap.{section}.ctrl-c: ctrl-c always quits (the way out whatever else is \
                     bound); bind other keys to actions"
                )
            );
        }
        let mut same = KeymapOverrides::new();
        same.entry("accounts".into()).or_default().insert("ctrl-c".into(), "quit".into());
        assert!(Keymap::load(&same).is_ok());
    }
}
