//! The customer deck (SPEC 9): what goes on the screen in the meeting with the customer's
//! executives, as one self-contained HTML file of slides (and, through pandoc, PPTX or PDF).
//! `deck` reads the store once through the brief's `gather`, so its figures are the brief's and
//! the report's; `facts` measures the quarter, `compose` makes the slides from the facts and the
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
pub mod svg;
mod wins;
mod words;

pub use choices::{ChartKind, DeckChoices, GoalReading, PlanAction, WinKey};
pub use model::{
    Chart, Deck, Figure, GoalLine, Point, Progress, Series, Slide, SlideKind, Stat, Table,
};

use super::gather::{Gathered, gather};
use crate::book::ScoredBook;
use crate::config::Config;
use crate::domain::AccountId;
use crate::store::{Store, StoreResult};

/// The deck of account `id` of `book` (scored at its as-of date) with `choices`; `None` when
/// there is no such account.
///
/// # Errors
/// The store could not be read.
pub fn deck(
    store: &Store,
    config: &Config,
    book: &ScoredBook,
    id: AccountId,
    choices: &DeckChoices,
) -> StoreResult<Option<Deck>> {
    Ok(gather(store, config, book, id)?.map(|g| compose_deck(&g, choices)))
}

/// The deck of records already gathered (the workspace gathers once for the brief and the
/// deck).
#[must_use]
pub fn compose_deck(g: &Gathered, choices: &DeckChoices) -> Deck {
    compose::compose(g, &facts::facts(g), choices)
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
