//! Overlays drawn above a view: the help, a form being filled in, a yes-or-no question.

pub mod confirm;
pub mod form;
pub mod help;
