//! The views beyond the book: the book-wide todo queue, the renewals calendar, the portfolio
//! dashboard, the selected account's timeline, its QBR brief and the renewal forecast. Like the panes they only draw
//! the state.

pub mod forecast;
pub mod model_check;
pub mod portfolio;
pub mod qbr;
pub mod renewals;
pub mod timeline;
pub mod todo_queue;
