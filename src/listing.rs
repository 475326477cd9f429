//! The account list's rules, shared by the workspace and `csm accounts`: which accounts pass the
//! filters, the sort orders, and the fuzzy search over names. They judge and order accounts
//! already scored: they must not read the store, score, or draw anything.

pub mod filters;
pub mod search;
pub mod sort;

pub use filters::{FilterKind, Filters};
pub use search::NameSearch;
pub use sort::{SortKey, compare, sort_rows};
