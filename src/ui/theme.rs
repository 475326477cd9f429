//! Colours and styles of the workspace, in one place. Colour never carries meaning alone: every
//! band also has a word or symbol. `NO_COLOR` (https://no-color.org) turns colour off.

use ratatui::style::{Color, Modifier, Style};

use crate::scoring::Band;

/// The workspace's styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless the `NO_COLOR` environment variable is set to anything non-empty.
    #[must_use]
    pub fn from_env() -> Self {
        Self { color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) }
    }

    fn fg(self, color: Color) -> Style {
        if self.color { Style::new().fg(color) } else { Style::new() }
    }

    /// The colour of a band (plain text without colour).
    #[must_use]
    pub fn band(self, band: Band) -> Style {
        match band {
            Band::Healthy => self.fg(Color::Green),
            Band::Watch => self.fg(Color::Yellow),
            Band::AtRisk => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Band::Unscored => self.fg(Color::DarkGray),
        }
    }

    /// A one-character symbol for a band, so it reads without colour.
    #[must_use]
    pub const fn band_symbol(band: Band) -> &'static str {
        match band {
            Band::Healthy => "●",
            Band::Watch => "◐",
            Band::AtRisk => "▲",
            Band::Unscored => "○",
        }
    }

    /// Secondary text.
    #[must_use]
    pub fn dim(self) -> Style {
        if self.color { Style::new().fg(Color::DarkGray) } else { Style::new() }
    }

    /// Titles and headers.
    #[must_use]
    pub fn header(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// The selected row.
    #[must_use]
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// The border of a pane: bright when it has the focus.
    #[must_use]
    pub fn border(self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => self.dim(),
        }
    }

    /// Something that needs attention now (overdue, left, gaps).
    #[must_use]
    pub fn alert(self) -> Style {
        self.fg(Color::Red)
    }

    /// Something good (engaged, done).
    #[must_use]
    pub fn good(self) -> Style {
        self.fg(Color::Green)
    }

    /// Something to watch.
    #[must_use]
    pub fn warn(self) -> Style {
        self.fg(Color::Yellow)
    }

    /// Keys in hints and help.
    #[must_use]
    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
}
