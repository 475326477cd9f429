//! The customer deck (SPEC 9): what goes on the screen in the meeting with the customer's
//! executives, as one self-contained HTML file of slides (and, through pandoc, PPTX or PDF).
//! `source` reads one account's records once, in the brief's windows (or takes what the brief
//! gathered), so its figures are the brief's and the store's; `facts` measures the quarter, `compose` makes the slides from the facts and the
//! CSM's [`DeckChoices`], and the renderers only write them out. Nothing here shows an
//! internal-only fact (health, band, risks, sentiment, probabilities, ids) nor decides where a
//! deck is written.

mod charts;
pub mod choices;
mod compose;
pub mod export;
pub mod facts;
mod goals;
pub mod html;
pub mod model;
mod pandoc;
pub mod source;
pub mod svg;
mod typst;
mod wins;
mod words;

pub use choices::{ChartKind, DeckChoices, GoalReading, PlanAction, WinKey};
pub use model::{
    Chart, Deck, Figure, GoalLine, Point, Progress, Series, Slide, SlideKind, Stat, Table,
};

pub use source::DeckSource;

use chrono::NaiveDate;

use super::gather::Gathered;
use crate::config::Config;
use crate::domain::Account;
use crate::store::{Store, StoreResult};

/// The deck of `account` at `as_of` with `choices`, read from the store for this account
/// alone (no scoring of the whole book); `None` when the account left the book.
///
/// # Errors
/// The store could not be read.
pub fn deck(
    store: &Store,
    config: &Config,
    account: &Account,
    as_of: NaiveDate,
    choices: &DeckChoices,
) -> StoreResult<Option<Deck>> {
    Ok(DeckSource::read(store, config, account, as_of)?.map(|s| compose_deck(&s, choices)))
}

/// The deck of records the brief already gathered (the workspace gathers once for both).
#[must_use]
pub fn deck_of_gathered(g: &Gathered, choices: &DeckChoices) -> Deck {
    compose_deck(&DeckSource::of(g), choices)
}

/// The deck of `source` with `choices`.
#[must_use]
pub fn compose_deck(source: &DeckSource, choices: &DeckChoices) -> Deck {
    compose::compose(source, &facts::facts(source), choices)
}

/// Every win the facts of `source` give, each with the [`WinKey`] a choice names it by: what
/// the workspace offers the CSM to pick from.
#[must_use]
pub fn candidate_wins(source: &DeckSource) -> Vec<Point> {
    wins::wins(source, &facts::facts(source))
}

impl Deck {
    /// The deck as one self-contained HTML file.
    #[must_use]
    pub fn html(&self) -> String {
        html::render(self)
    }

    /// The file name the workspace writes it to: `qbr-deck-halvorsen-maritime-2026-11-24.html`.
    #[must_use]
    pub fn file_name(&self) -> String {
        format!("qbr-deck-{}-{}.html", self.slug, self.as_of)
    }

    /// The slide of `kind`, if the deck has one.
    #[must_use]
    pub fn slide(&self, kind: SlideKind) -> Option<&Slide> {
        self.slides.iter().find(|s| s.kind == kind)
    }
}
