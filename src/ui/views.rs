//! The views beyond the book: the book-wide todo queue, the renewals calendar and the portfolio
//! dashboard. Like the panes they only draw the state.

pub mod portfolio;
pub mod renewals;
pub mod todo_queue;
