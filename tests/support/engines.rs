//! One integration test run on each engine, a book file (SQLite) and a book on this process's
//! throwaway PostgreSQL server: the runner, and the engine it hands the test to make its books
//! on. It makes no book itself.

#![allow(dead_code)] // each test file uses its own part

use csm::test_support::postgres;
use csm::test_support::stores::naming_the_engine;

/// One of the engines a test runs on, handed to it by [`on_each_engine`].
pub struct Engine {
    name: &'static str,
    /// The test's name, which names its databases on the server.
    label: String,
}

impl Engine {
    /// `"sqlite"` or `"postgres"`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    pub fn is_sqlite(&self) -> bool {
        self.name == "sqlite"
    }

    /// What names the test's databases on the server.
    pub fn label(&self) -> &str {
        &self.label
    }
}

/// Runs `test` on SQLite, then on PostgreSQL where PostgreSQL tests run (see
/// `csm::test_support::postgres`); a failure says on which engine, the assertion's own message
/// after it, so a test written once names the engine without threading it through every
/// assertion.
///
/// # Panics
/// `test` failed on an engine.
pub fn on_each_engine(test: impl Fn(&Engine)) {
    // libtest runs each test on a thread named after it.
    let thread = std::thread::current();
    let label = thread.name().and_then(|name| name.rsplit("::").next()).unwrap_or("test");
    let mut engines = vec![Engine { name: "sqlite", label: label.to_owned() }];
    if postgres::available(label) {
        engines.push(Engine { name: "postgres", label: label.to_owned() });
    }
    for engine in &engines {
        naming_the_engine(engine.name, || test(engine));
    }
}
