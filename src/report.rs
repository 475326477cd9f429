//! `csm report`: the book as text a CSM reads in the terminal, or as the JSON contract of SPEC 8.
//!
//! Both render a [`ScoredBook`](crate::book::ScoredBook); neither reads the store nor scores.

mod json;
mod text;

pub use json::{JsonAccount, JsonBook, JsonComponents, JsonRenewal, JsonReport, json};
pub use text::{TextOptions, explanation, text};

#[cfg(test)]
mod tests;
