//! Colours and styles of the workspace, in one place. Colour never carries meaning alone: every
//! band also has a word or symbol. The colours are the configuration's `[theme]`; `NO_COLOR`
//! (https://no-color.org) turns them all off, whatever `[theme]` says. This module must not read
//! the configuration file: it is given the theme the configuration holds.

use std::ffi::OsStr;

use ratatui::style::{Color, Modifier, Style};

use crate::config::{Selection, ThemeConfig};
use crate::scoring::Band;

/// The workspace's styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// The colours, or none at all.
    colours: Option<ThemeConfig>,
}

impl Default for Theme {
    /// The built-in colours.
    fn default() -> Self {
        Self::coloured(ThemeConfig::default())
    }
}

impl Theme {
    /// The colours of `config`, unless the `NO_COLOR` environment variable is set to anything
    /// non-empty.
    #[must_use]
    pub fn from_env(config: &ThemeConfig) -> Self {
        Self::new(config, std::env::var_os("NO_COLOR").as_deref())
    }

    /// The colours of `config`, or none when `no_color` (the value of `NO_COLOR`) is set and
    /// non-empty: the user's terminal-wide wish wins over csm's own configuration.
    #[must_use]
    pub fn new(config: &ThemeConfig, no_color: Option<&OsStr>) -> Self {
        if no_color.is_some_and(|v| !v.is_empty()) {
            Self::monochrome()
        } else {
            Self::coloured(*config)
        }
    }

    /// The colours of `config`.
    #[must_use]
    pub const fn coloured(config: ThemeConfig) -> Self {
        Self { colours: Some(config) }
    }

    /// No colour: emphasis only.
    #[must_use]
    pub const fn monochrome() -> Self {
        Self { colours: None }
    }

    /// The foreground `pick` chooses from the colours, or none without colour.
    fn fg(self, pick: fn(&ThemeConfig) -> Color) -> Style {
        self.colours.map_or_else(Style::new, |c| Style::new().fg(pick(&c)))
    }

    /// The colour of a band (plain text without colour).
    #[must_use]
    pub fn band(self, band: Band) -> Style {
        match band {
            Band::Healthy => self.fg(|c| c.healthy),
            Band::Watch => self.fg(|c| c.watch),
            Band::AtRisk => self.fg(|c| c.at_risk).add_modifier(Modifier::BOLD),
            Band::Unscored => self.fg(|c| c.unscored),
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
        self.fg(|c| c.muted)
    }

    /// Titles and headers.
    #[must_use]
    pub fn header(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// The selected row: reversed, unless the colours give it a background.
    #[must_use]
    pub fn selected(self) -> Style {
        match self.colours.map(|c| c.selection) {
            Some(Selection::Background(colour)) => Style::new().bg(colour),
            Some(Selection::Reversed) | None => Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    /// The border of a pane: bright when it has the focus.
    #[must_use]
    pub fn border(self, focused: bool) -> Style {
        if focused { self.fg(|c| c.focus).add_modifier(Modifier::BOLD) } else { self.dim() }
    }

    /// Something that needs attention now (overdue, left, gaps).
    #[must_use]
    pub fn alert(self) -> Style {
        self.fg(|c| c.at_risk)
    }

    /// Something good (engaged, done).
    #[must_use]
    pub fn good(self) -> Style {
        self.fg(|c| c.healthy)
    }

    /// Something to watch.
    #[must_use]
    pub fn warn(self) -> Style {
        self.fg(|c| c.watch)
    }

    /// Keys in hints and help.
    #[must_use]
    pub fn key(self) -> Style {
        self.fg(|c| c.accent).add_modifier(Modifier::BOLD)
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;

    use ratatui::style::{Color, Modifier};

    use super::Theme;
    use crate::config::{Config, ThemeConfig};
    use crate::scoring::Band;

    /// A `[theme]` that changes every colour from the built-in one.
    const CONFIGURED: &str = "[theme]\naccent = \"light-magenta\"\nfocus = 33\n\
                              healthy = \"#00af5f\"\nwatch = \"214\"\nat_risk = \"#ff5f00\"\n\
                              unscored = \"white\"\nmuted = \"gray\"\nselection = \"#303030\"\n";

    fn configured() -> Config {
        Config::from_toml_str(CONFIGURED, "u.toml").unwrap()
    }

    #[test]
    fn the_configured_colours_are_the_theme_s() {
        let theme = Theme::new(&configured().theme, None);
        assert_eq!(theme.band(Band::Healthy).fg, Some(Color::Rgb(0x00, 0xaf, 0x5f)));
        assert_eq!(theme.band(Band::Watch).fg, Some(Color::Indexed(214)));
        assert_eq!(theme.band(Band::AtRisk).fg, Some(Color::Rgb(0xff, 0x5f, 0x00)));
        assert_eq!(theme.band(Band::Unscored).fg, Some(Color::White));
        assert_eq!(theme.border(true).fg, Some(Color::Indexed(33)));
        assert_eq!(theme.key().fg, Some(Color::LightMagenta));
        assert_eq!(
            (theme.dim().fg, theme.border(false).fg),
            (Some(Color::Gray), Some(Color::Gray))
        );
        // Good news, things to watch and alerts speak in the bands' colours.
        assert_eq!(theme.good().fg, theme.band(Band::Healthy).fg);
        assert_eq!(theme.warn().fg, theme.band(Band::Watch).fg);
        assert_eq!(theme.alert().fg, theme.band(Band::AtRisk).fg);
        let selected = theme.selected();
        assert_eq!(selected.bg, Some(Color::Rgb(0x30, 0x30, 0x30)));
        assert!(!selected.add_modifier.contains(Modifier::REVERSED), "{selected:?}");
    }

    #[test]
    fn the_built_in_colours_are_the_workspace_s_former_ones() {
        let theme = Theme::new(&ThemeConfig::default(), Some(OsStr::new("")));
        assert_eq!(theme, Theme::default(), "an empty NO_COLOR leaves colour on");
        assert_eq!(theme.band(Band::Healthy).fg, Some(Color::Green));
        assert_eq!(theme.band(Band::Watch).fg, Some(Color::Yellow));
        assert_eq!(theme.band(Band::AtRisk).fg, Some(Color::Red));
        assert_eq!(theme.band(Band::Unscored).fg, Some(Color::DarkGray));
        assert_eq!((theme.border(true).fg, theme.key().fg), (Some(Color::Cyan), Some(Color::Cyan)));
        assert_eq!(theme.selected(), ratatui::style::Style::new().add_modifier(Modifier::REVERSED));
    }

    #[test]
    fn no_color_wins_over_the_configured_colours() {
        let theme = Theme::new(&configured().theme, Some(OsStr::new("1")));
        assert_eq!(theme, Theme::monochrome());
        for band in Band::ALL {
            assert_eq!(theme.band(band).fg, None, "{band:?}");
        }
        for style in [theme.border(true), theme.border(false), theme.key(), theme.dim()] {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
        }
        let selected = theme.selected();
        assert_eq!(selected.bg, None);
        assert!(selected.add_modifier.contains(Modifier::REVERSED), "reversed needs no colour");
        // Emphasis stays: the focused border and the at-risk band are still bold.
        assert!(theme.border(true).add_modifier.contains(Modifier::BOLD));
        assert!(theme.band(Band::AtRisk).add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn the_workspace_draws_a_band_in_its_configured_colour() {
        use crate::ui::keymap::{Keymap, KeymapOverrides};
        use crate::ui::testing::{as_of, demo_store, draw, on_each_engine};

        on_each_engine("the_workspace_draws_a_band_in_its_configured_colour", || {
            let config = configured();
            let store = demo_store();
            let keymap = Keymap::load(&KeymapOverrides::new()).unwrap();
            let theme = Theme::new(&config.theme, None);
            let app = crate::ui::App::new(store, config, keymap, theme, as_of()).unwrap();
            let terminal = draw(&app, 80, 24);
            let buffer = terminal.backend().buffer();
            let at_risk: Vec<_> = buffer.content().iter().filter(|c| c.symbol() == "▲").collect();
            assert!(!at_risk.is_empty(), "no at-risk account on screen:\n{}", terminal.backend());
            for cell in at_risk {
                assert_eq!(cell.fg, Color::Rgb(0xff, 0x5f, 0x00), "{cell:?}");
            }
        });
    }
}
