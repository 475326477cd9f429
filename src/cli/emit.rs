//! Where a read command's text goes: standard output, or the file `-o` names, written through
//! the one safe writer ([`crate::output`]) and never over the book. It must not decide what is
//! written.

use std::path::Path;

use super::files::{refusal, refuse_the_book};
use super::{CliError, write_stdout};
use crate::domain::shown_path;
use crate::output::{self, Destination};
use crate::paths::BookLocation;

/// Checks that `output` may be written (before any work is done), then, given the text, writes
/// it there or to standard output; `what` names it in the line said after a file is written
/// ("the digest as of 2026-11-24").
pub(super) struct Emit<'a> {
    destination: Destination,
    what: &'a str,
}

impl<'a> Emit<'a> {
    /// Where `output` sends `what` (standard output without one, or for `-`).
    pub(super) fn to(
        book: &BookLocation,
        output: Option<&Path>,
        what: &'a str,
    ) -> Result<Self, CliError> {
        let destination = match output {
            Some(output) => output::destination(output).map_err(refusal)?,
            None => Destination::Stdout,
        };
        if let Destination::File(target) = &destination {
            refuse_the_book(book, target, what)?;
        }
        Ok(Self { destination, what })
    }

    /// Writes `text`; after a file, says so in a line.
    pub(super) fn write(self, text: &str) -> Result<(), CliError> {
        match self.destination {
            Destination::Stdout => write_stdout(text),
            Destination::File(target) => {
                let bytes = output::write_file(&target, text.as_bytes()).map_err(refusal)?;
                write_stdout(&format!(
                    "wrote {}: {}, {bytes} bytes\n",
                    shown_path(&target),
                    self.what
                ))
            }
        }
    }
}
