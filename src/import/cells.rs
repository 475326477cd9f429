//! One data row seen through the header mapping: a field's text (blank cells are absent, SPEC
//! 7), parsed with one of the value parsers, each failure recorded as a problem at the row's
//! physical line and the column as the file spells it. It must not touch the store.

use super::Problem;
use super::headers::Mapping;
use super::source::Row;
use super::values::is_blank;

/// A row's cells by field, collecting the problems met while reading them.
pub struct Cells<'r> {
    row: Row<'r>,
    headers: &'r [String],
    mapping: &'r Mapping,
    problems: Vec<Problem>,
    /// Which of `problems` says that a reference matched no account (`--skip-unmatched`).
    unmatched: Option<usize>,
}

impl<'r> Cells<'r> {
    /// `row` under `headers` matched by `mapping`.
    #[must_use]
    pub fn new(row: Row<'r>, headers: &'r [String], mapping: &'r Mapping) -> Self {
        Self { row, headers, mapping, problems: Vec::new(), unmatched: None }
    }

    /// The row's physical line.
    #[must_use]
    pub fn line(&self) -> usize {
        self.row.line()
    }

    /// The column of `field` as the file spells its header (the field's name when absent).
    #[must_use]
    pub fn column(&self, field: &str) -> String {
        self.mapping
            .column(field)
            .and_then(|i| self.headers.get(i))
            .map_or_else(|| field.to_owned(), Clone::clone)
    }

    /// The trimmed text of `field`, `None` when the column is absent or the cell blank.
    #[must_use]
    pub fn text(&self, field: &str) -> Option<&'r str> {
        let cell = self.row.cell(self.mapping.column(field)?).trim();
        (!is_blank(cell)).then_some(cell)
    }

    /// The row's account by name, from the column behind the id column of `account` (see
    /// [`Mapping::account_name`]), and that column's header; `None` without one or when blank.
    #[must_use]
    pub fn account_name(&self) -> Option<(&'r str, &'r str)> {
        let column = self.mapping.account_name()?;
        let cell = self.row.cell(column).trim();
        let header = self.headers.get(column)?;
        (!is_blank(cell)).then_some((cell, header.as_str()))
    }

    /// The trimmed text of `field` whatever it says, `None` only when the column is absent or
    /// the cell empty: for a part of a value (a first name), where a blank word may be a name.
    #[must_use]
    pub fn part(&self, field: &str) -> Option<&'r str> {
        let cell = self.row.cell(self.mapping.column(field)?).trim();
        (!cell.is_empty()).then_some(cell)
    }

    /// The text of `field` as an owned string, `None` when blank.
    #[must_use]
    pub fn string(&self, field: &str) -> Option<String> {
        self.text(field).map(str::to_owned)
    }

    /// `field` parsed with `parse`; a failure is recorded and gives `None`, as does a blank.
    pub fn parse<T>(
        &mut self,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let text = self.text(field)?;
        match parse(text) {
            Ok(value) => Some(value),
            Err(reason) => {
                self.fail(field, reason);
                None
            }
        }
    }

    /// The text of a required `field`; a blank is recorded as a problem.
    pub fn required(&mut self, field: &str) -> Option<&'r str> {
        let text = self.text(field);
        if text.is_none() {
            self.fail(field, "is empty; it is required".to_owned());
        }
        text
    }

    /// A required `field` parsed with `parse`.
    pub fn required_parsed<T>(
        &mut self,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let text = self.required(field)?;
        match parse(text) {
            Ok(value) => Some(value),
            Err(reason) => {
                self.fail(field, reason);
                None
            }
        }
    }

    /// Records a problem with `field`, on the physical line its cell is on.
    pub fn fail(&mut self, field: &str, reason: String) {
        let column = self.column(field);
        let line = self.mapping.column(field).map_or(self.row.line(), |i| self.row.line_of(i));
        self.problems.push(Problem::cell(line, column, reason));
    }

    /// Records that `field` names an account the book does not have: a problem, unless the
    /// import skips such rows (see [`Cells::into_outcome`]).
    pub fn fail_unmatched(&mut self, field: &str, reason: String) {
        self.fail(field, reason);
        self.unmatched.get_or_insert(self.problems.len() - 1);
    }

    /// Records a problem with the row as a whole.
    pub fn fail_row(&mut self, reason: String) {
        self.problems.push(Problem::line(self.row.line(), reason));
    }

    /// Whether any problem was recorded so far.
    #[must_use]
    pub fn failed(&self) -> bool {
        !self.problems.is_empty()
    }

    /// What became of the row: its problems, or, when `skip_unmatched` and it names an account
    /// the book does not have, the problem saying so (the row is skipped whole: its record was
    /// not written, as a row without its account never is, and its other problems do not
    /// matter).
    #[must_use]
    pub fn into_outcome(mut self, skip_unmatched: bool) -> RowOutcome {
        match self.unmatched {
            Some(i) if skip_unmatched => RowOutcome::Skipped(self.problems.swap_remove(i)),
            _ => RowOutcome::Read(self.problems),
        }
    }
}

/// What became of a row (see [`Cells::into_outcome`]).
#[derive(Debug)]
pub enum RowOutcome {
    /// Read, with its problems (none when it was imported).
    Read(Vec<Problem>),
    /// Left out: it names an account the book does not have, as the problem says.
    Skipped(Problem),
}
