//! How far long work has gone (a demo book written, a book scored, an export), told to whoever
//! watches: the command line draws it as a bar on standard error, and nothing at all when no one
//! watches. The work reports counts through [`Watch`]; this module must not draw, print or know
//! what a terminal is. (An import reports through its own `OnProgress`, which carries the bytes
//! of its file.)

/// Told how far long work has gone. Called from the thread doing the work, between two pieces
/// of it: each call must be quick (store the value, draw later).
pub trait Watch: Send + Sync {
    /// A stage of the work begins: what it does, in a few words ("scoring"), and how many units
    /// it has (0 when not known).
    fn begin(&self, what: &str, total: u64);

    /// `done` units of the stage are done (never more than its total).
    fn reached(&self, done: u64);
}

/// No one watches: every report is dropped.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unwatched;

impl Watch for Unwatched {
    fn begin(&self, _what: &str, _total: u64) {}

    fn reached(&self, _done: u64) {}
}

#[cfg(test)]
pub mod testing {
    //! A watch that writes down what it is told, for tests of the work that reports.

    use std::sync::Mutex;

    use super::Watch;

    /// What a [`Recorded`] watch was told, in order.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Told {
        Begin(String, u64),
        Reached(u64),
    }

    /// Writes down every report.
    #[derive(Debug, Default)]
    pub struct Recorded(pub Mutex<Vec<Told>>);

    impl Recorded {
        /// The reports so far.
        #[must_use]
        pub fn told(&self) -> Vec<Told> {
            self.0.lock().map(|t| t.clone()).unwrap_or_default()
        }
    }

    impl Watch for Recorded {
        fn begin(&self, what: &str, total: u64) {
            if let Ok(mut told) = self.0.lock() {
                told.push(Told::Begin(what.to_owned(), total));
            }
        }

        fn reached(&self, done: u64) {
            if let Ok(mut told) = self.0.lock() {
                told.push(Told::Reached(done));
            }
        }
    }
}

#[cfg(test)]
mod tests;
