//! The store under test on each engine, for the crate's tests and the integration tests alike:
//! an empty book in memory on SQLite, and one on this process's throwaway PostgreSQL cluster
//! (where PostgreSQL tests run), so a test written once runs on both.

use crate::store::Store;

/// An empty book on each engine, named for the assertions (`"sqlite"`, `"postgres"`).
///
/// # Panics
/// A book cannot be made (see [`super::postgres::book`]).
#[must_use]
pub fn stores(label: &str) -> Vec<(&'static str, Store)> {
    let mut stores = vec![("sqlite", Store::open_in_memory().expect("a book in memory"))];
    if let Some(db) = super::postgres::book(label) {
        // Through the way csm itself connects (the URL, TLS when offered, the schema check).
        let store = Store::connect(&db.url()).expect("a book on the test server");
        stores.push(("postgres", store));
    }
    stores
}

/// Two stores on one PostgreSQL book (two connections, as two workspaces of a team), for the
/// tests of writers that interleave; `None` where PostgreSQL tests do not run.
///
/// # Panics
/// As [`stores`].
#[must_use]
pub fn two_on_postgres(label: &str) -> Option<(Store, Store)> {
    let db = super::postgres::book(label)?;
    let open = || Store::connect(&db.url()).expect("a book on the test server");
    Some((open(), open()))
}

/// The engine a test's book is on, for fixtures that make their own book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// A book in memory.
    Sqlite,
    /// A database of its own on this process's throwaway cluster.
    Server,
}

impl Engine {
    /// The engine's name in a failure's message.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Server => "postgres",
        }
    }

    /// A book on this engine that `fill` writes into an empty book, named after the test
    /// `label`. In memory, filled afresh (fast); on the server, a copy of a template database
    /// named `template` that `fill` wrote once per process (writing row by row over a
    /// connection is slow, copying a database is not). `fill` must give the same book every
    /// time, so each test sees the same book whichever engine and whichever test came first.
    ///
    /// # Panics
    /// The book cannot be made, or `fill` fails; on the server, PostgreSQL tests do not run
    /// here (ask [`engines`] first).
    #[must_use]
    pub fn filled(self, label: &str, template: &'static str, fill: fn(&mut Store)) -> Store {
        match self {
            Engine::Sqlite => {
                let mut store = Store::open_in_memory().expect("a book in memory");
                fill(&mut store);
                store
            }
            Engine::Server => {
                let db = filled_on_server(label, template, fill);
                Store::connect(&db.url()).expect("a book on the test server")
            }
        }
    }

    /// Two stores on one book filled as by [`Engine::filled`], as two workspaces of a team
    /// would have it: on the server, two connections to one database; `None` on SQLite, where
    /// a book in memory has one store only (a book on disk is the caller's to make).
    ///
    /// # Panics
    /// As [`Engine::filled`].
    #[must_use]
    pub fn filled_twice(
        self,
        label: &str,
        template: &'static str,
        fill: fn(&mut Store),
    ) -> Option<(Store, Store)> {
        match self {
            Engine::Sqlite => None,
            Engine::Server => {
                let db = filled_on_server(label, template, fill);
                let open = || Store::connect(&db.url()).expect("a book on the test server");
                Some((open(), open()))
            }
        }
    }
}

/// A database on the test server copied from the template `template` that `fill` wrote.
fn filled_on_server(
    label: &str,
    template: &'static str,
    fill: fn(&mut Store),
) -> super::postgres::TestDatabase {
    let fill_at = |url: &str| {
        let mut store = Store::connect(url).expect("the template on the test server");
        fill(&mut store);
    };
    super::postgres::filled_book(label, template, fill_at).expect("PostgreSQL tests run here")
}

/// The engines tests run on here: SQLite always, PostgreSQL where its tests run.
///
/// # Panics
/// As [`super::postgres::runs`].
#[must_use]
pub fn engines(label: &str) -> Vec<Engine> {
    let mut engines = vec![Engine::Sqlite];
    if super::postgres::runs(label) {
        engines.push(Engine::Server);
    }
    engines
}

/// Runs `test` once per engine of [`engines`]; a failure says on which engine (the assertion's
/// own message after it), so a test written once names the engine without threading it
/// through every assertion.
///
/// # Panics
/// `test` failed on an engine.
pub fn for_each_engine(label: &str, mut test: impl FnMut(Engine)) {
    for engine in engines(label) {
        naming_the_engine(engine.name(), || test(engine));
    }
}

/// Runs `test`, and if it panics, panics again with `engine` named before its message: how
/// every runner on each engine says where a test failed.
///
/// # Panics
/// `test` panicked.
pub fn naming_the_engine(engine: &str, test: impl FnOnce()) {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(test));
    if let Err(payload) = outcome {
        let why = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("a panic");
        panic!("on {engine}: {why}");
    }
}

/// Runs `test` on an empty book of each engine ([`stores`]), as [`for_each_engine`] does.
///
/// # Panics
/// `test` failed on an engine.
pub fn on_each_engine(label: &str, mut test: impl FnMut(Store)) {
    let mut stores = stores(label).into_iter();
    for_each_engine(label, |_| test(stores.next().expect("a book per engine").1));
}
