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

/// Runs `test` on an empty book of each engine ([`stores`]); a failure says on which engine
/// (the assertion's own message after it), so a test written once names the engine without
/// threading it through every assertion.
///
/// # Panics
/// `test` failed on an engine.
pub fn on_each_engine(label: &str, mut test: impl FnMut(Store)) {
    for (engine, store) in stores(label) {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| test(store)));
        if let Err(payload) = outcome {
            let why = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or("a panic");
            panic!("on {engine}: {why}");
        }
    }
}
