//! The store under test on each engine (see `test_support::stores`), under the name the
//! store's own tests use. Compiled for tests only; it must not hold test logic of its own.

pub(crate) use crate::test_support::stores::{stores, two_on_postgres};
