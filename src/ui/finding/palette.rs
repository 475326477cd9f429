//! The command palette: every action of the keymap (what it does, its keys, from the keymap the
//! help is drawn from) and every account, narrowed by a fuzzy query; a pick runs the action or
//! opens the account. It holds what it lists and its query; it must not read the store or draw.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Matcher, Utf32String};

use super::model::Picked;
use crate::book::BookEntry;
use crate::listing::NameSearch;
use crate::ui::action::Action;
use crate::ui::ids::{PaneId, View};
use crate::ui::keymap::{Keymap, Scope};

/// How many accounts the palette lists; the rest are counted.
pub const ACCOUNT_CAP: usize = 10;

/// One action the palette offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub action: Action,
    /// Its keys, with where they apply when not everywhere (`e (Todos)`).
    pub keys: String,
    /// What it does, as the help says.
    pub text: Utf32String,
}

/// A line of the palette's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// The command at this index of the palette's commands.
    Command(usize),
    /// The account at this index of the book.
    Account(usize),
}

/// The palette as it is typed.
#[derive(Debug)]
pub struct Palette {
    pub query: String,
    pub commands: Vec<Command>,
    /// What the list shows, commands first, best first.
    pub shown: Vec<Choice>,
    /// How many more accounts match than are shown.
    pub more_accounts: usize,
    /// The picked line of `shown`.
    pub at: usize,
    names: NameSearch,
    book_order: Vec<usize>,
    matcher: Matcher,
}

impl Palette {
    /// The palette over the actions bound in `keymap`, each once (in the file's order, its keys
    /// gathered from every section), listing every command until something is typed.
    #[must_use]
    pub fn new(keymap: &Keymap) -> Self {
        let scopes = std::iter::once(Scope::Global)
            .chain(View::ALL.into_iter().map(Scope::View))
            .chain(PaneId::ALL.into_iter().map(Scope::Pane));
        let mut commands: Vec<(Action, Vec<String>)> = Vec::new();
        for scope in scopes {
            let place = match scope {
                Scope::Global => None,
                Scope::Pane(pane) => Some(pane.title()),
                Scope::View(view) => Some(view.title()),
            };
            for (action, keys) in keymap.grouped(scope) {
                if action == Action::OpenPalette {
                    continue;
                }
                let keys = keys.iter().map(|k| match place {
                    Some(place) => format!("{k} ({place})"),
                    None => k.to_string(),
                });
                match commands.iter_mut().find(|(a, _)| *a == action) {
                    Some((_, known)) => known.extend(keys),
                    None => commands.push((action, keys.collect())),
                }
            }
        }
        let commands: Vec<Command> = commands
            .into_iter()
            .map(|(action, keys)| Command {
                action,
                keys: keys.join(" "),
                text: Utf32String::from(action.describe()),
            })
            .collect();
        let shown = (0..commands.len()).map(Choice::Command).collect();
        Self {
            query: String::new(),
            commands,
            shown,
            more_accounts: 0,
            at: 0,
            names: NameSearch::default(),
            book_order: Vec::new(),
            matcher: Matcher::default(),
        }
    }

    /// Lists what matches the query among the commands and `accounts` (the book).
    pub fn search(&mut self, accounts: &[BookEntry]) {
        self.at = 0;
        self.more_accounts = 0;
        if self.query.trim().is_empty() {
            self.names.forget_steps();
            self.shown = (0..self.commands.len()).map(Choice::Command).collect();
            return;
        }
        let pattern = Pattern::parse(&self.query, CaseMatching::Ignore, Normalization::Smart);
        // As in the search over everything: letters scattered over a description say nothing.
        let itself = Utf32String::from(self.query.as_str());
        let floor = pattern.score(itself.slice(..), &mut self.matcher).unwrap_or(0) * 2 / 3;
        let mut scored: Vec<(u32, usize)> = self
            .commands
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Some((pattern.score(c.text.slice(..), &mut self.matcher)?, i)))
            .filter(|&(score, _)| score >= floor)
            .collect();
        scored.sort_by_key(|&(score, i)| (std::cmp::Reverse(score), i));
        self.shown = scored.into_iter().map(|(_, i)| Choice::Command(i)).collect();
        if self.book_order.len() != accounts.len() {
            self.book_order = (0..accounts.len()).collect();
        }
        let name = |i: usize| accounts[i].account.name.as_str();
        let rows = self.names.rows(&self.query, &self.book_order, accounts.len(), name);
        self.shown.extend(rows.iter().take(ACCOUNT_CAP).map(|&i| Choice::Account(i)));
        self.more_accounts = rows.len().saturating_sub(ACCOUNT_CAP);
    }

    /// The book was read again: its accounts are listed again from their names.
    pub fn book_changed(&mut self, accounts: &[BookEntry]) {
        self.names = NameSearch::default();
        self.search(accounts);
    }

    /// What picking the line at `at` asks for.
    #[must_use]
    pub fn picked(&self, accounts: &[BookEntry]) -> Picked {
        match self.shown.get(self.at) {
            Some(Choice::Command(i)) => {
                self.commands.get(*i).map_or(Picked::Nothing, |c| Picked::Run(c.action))
            }
            Some(Choice::Account(i)) => {
                accounts.get(*i).map_or(Picked::Nothing, |e| Picked::Open(e.account.id, None))
            }
            None => Picked::Nothing,
        }
    }
}
