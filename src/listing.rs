//! The account list's rules, shared by the workspace and `csm accounts`: which accounts pass the
//! filters, the sort orders, the fuzzy search over names, and the search over every record of a
//! book (`everything`). They judge and order accounts and records
//! already scored: they must not read the store, score, or draw anything.

pub mod everything;
pub mod filters;
pub mod search;
pub mod sort;

pub use filters::{FilterKind, Filters};
pub use search::NameSearch;
pub use sort::{SortKey, compare, sort_rows};
