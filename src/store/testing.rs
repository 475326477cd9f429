//! The store under test on each engine: an empty book in memory on SQLite, and one on the
//! throwaway PostgreSQL cluster (where PostgreSQL tests run here), so a test written once runs
//! on both. Compiled for tests only; it must not hold test logic of its own.

use super::Store;
use crate::test_support::postgres;

/// An empty book on each engine, named for the assertions (`"sqlite"`, `"postgres"`).
pub(crate) fn stores(label: &str) -> Vec<(&'static str, Store)> {
    let mut stores = vec![("sqlite", Store::open_in_memory().expect("a book in memory"))];
    if let Some(db) = postgres::book(label) {
        // Through the way csm itself connects (the URL, TLS when offered, the schema check).
        let store = Store::connect(&db.url()).expect("a book on the test server");
        stores.push(("postgres", store));
    }
    stores
}

/// Two stores on one PostgreSQL book (two connections, as two workspaces of a team), for the
/// tests of writers that interleave; `None` where PostgreSQL tests do not run.
pub(crate) fn two_on_postgres(label: &str) -> Option<(Store, Store)> {
    let db = postgres::book(label)?;
    let open = || Store::over_postgres(db.connect()).expect("a book on the test server");
    Some((open(), open()))
}
