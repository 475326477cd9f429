//! Overlays drawn above a view: the help.

pub mod help;
