//! The QBR brief (SPEC 9): one account's quarter in a document a CSM can send, in Markdown (or
//! Typst, for a PDF). Its figures are the scored book's, so they equal `csm report` for the same
//! as-of date. `gather` is the one part that reads the store; the sections only compose the
//! document, and the renderers only write it out; `pdf` renders it to the file the caller names.
//! Nothing here draws or decides where a brief goes.

mod activity;
pub mod deck;
pub mod doc;
mod gather;
pub mod markdown;
mod overview;
pub mod pdf;
mod plan;
mod relationship;
pub mod typst;
mod words;

use chrono::NaiveDate;

pub use doc::{Block, Document, Inline};
pub use gather::{Gathered, QUARTER, gather};

use crate::book::ScoredBook;
use crate::config::Config;
use crate::domain::{Account, AccountId};
use crate::lookup::fold_name;
use crate::store::{Store, StoreResult};

/// The brief of one account at one date.
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    pub account: Account,
    pub as_of: NaiveDate,
    pub document: Document,
}

impl Brief {
    /// The brief as Markdown.
    #[must_use]
    pub fn markdown(&self) -> String {
        markdown::render(&self.document)
    }

    /// The brief as Typst markup.
    #[must_use]
    pub fn typst(&self) -> String {
        typst::render(&self.document)
    }

    /// The file name the workspace writes it to: `qbr-halvorsen-maritime-2026-11-24.md`.
    #[must_use]
    pub fn file_name(&self) -> String {
        format!("qbr-{}-{}.md", slug(&self.account), self.as_of)
    }
}

/// The brief of account `id` of `book` (scored at its as-of date); `None` when there is no such
/// account.
///
/// # Errors
/// The store could not be read.
pub fn brief(
    store: &Store,
    config: &Config,
    book: &ScoredBook,
    id: AccountId,
) -> StoreResult<Option<Brief>> {
    Ok(gather(store, config, book, id)?.map(|g| Brief {
        account: g.entry.account.clone(),
        as_of: g.as_of,
        document: compose(&g),
    }))
}

/// The document of a brief, section by section in the order of SPEC 9.
#[must_use]
pub fn compose(g: &Gathered) -> Document {
    let mut doc = Document::default();
    overview::title(&mut doc, g);
    overview::summary(&mut doc, g);
    overview::at_a_glance(&mut doc, g);
    overview::health_section(&mut doc, g);
    activity::usage_section(&mut doc, g);
    activity::support_section(&mut doc, g);
    relationship::stakeholders_section(&mut doc, g);
    relationship::risks_section(&mut doc, g);
    relationship::wins_section(&mut doc, g);
    plan::renewal_section(&mut doc, g);
    plan::agenda_section(&mut doc, g);
    plan::next_steps_section(&mut doc, g);
    doc
}

/// The account's name for a file name: folded to lower-case letters and digits joined by dashes
/// (`Société Lumière` is `societe-lumiere`), else its id.
#[must_use]
pub fn slug(account: &Account) -> String {
    let folded = fold_name(&account.name);
    let mut slug = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        format!("account-{}", account.id.0)
    } else {
        slug.chars().take(60).collect()
    }
}
