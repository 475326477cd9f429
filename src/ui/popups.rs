//! Overlays drawn above a view: the help, a form being filled in, a yes-or-no question, how an
//! import ended.

pub mod confirm;
pub mod form;
pub mod help;
pub mod import_report;
