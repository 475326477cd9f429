//! What the tests share and the binary never contains: compiled only for tests (the crate's own
//! unit tests, and the integration tests through the `test-support` feature that the
//! dev-dependency on this package switches on).
//!
//! Nothing here may be called by the library's ordinary code: it starts servers, panics on
//! failure and prints to the test output.

pub mod postgres;
pub mod stores;
