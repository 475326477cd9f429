//! `[theme]`: the workspace's colours (SPEC 10) — the bands', the accent of keys, the focused
//! pane's border, muted text and the selected row. This module reads and checks the table as
//! plain data; it must not build styles nor decide whether colour is shown (`NO_COLOR` is the
//! workspace's business, see `ui::theme`).
//!
//! A colour is the terminal library's plain colour value, read the way it reads one: a name
//! (`light-blue`, `dark-gray`, `reset`), `#rrggbb`, or an index of the 256-colour palette.

use std::ops::Range;
use std::str::FromStr as _;

use ratatui::style::Color;
use serde::de::{Deserialize, Deserializer, Error as _};

/// The keys of `[theme]` that hold a colour.
const COLOUR_KEYS: [&str; 7] =
    ["accent", "focus", "healthy", "watch", "at_risk", "unscored", "muted"];

/// The key of `[theme]` that holds a colour or `"reversed"`.
const SELECTION_KEY: &str = "selection";

/// The colour forms, as an error message lists them.
const FORMS: &str = "a name (black, red, green, yellow, blue, magenta, cyan, gray, dark-gray, \
                     light-red, light-green, light-yellow, light-blue, light-magenta, light-cyan, \
                     white, or reset for the terminal's own), \"#rrggbb\", or an index 0 to 255";

/// The workspace's colours; the band keys are the bands' codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeConfig {
    /// Keys in the hints and the help.
    #[serde(deserialize_with = "colour")]
    pub accent: Color,
    /// The focused pane's border.
    #[serde(deserialize_with = "colour")]
    pub focus: Color,
    /// The healthy band, and what went well.
    #[serde(deserialize_with = "colour")]
    pub healthy: Color,
    /// The watch band, and what to watch.
    #[serde(deserialize_with = "colour")]
    pub watch: Color,
    /// The at-risk band, and what needs attention now.
    #[serde(deserialize_with = "colour")]
    pub at_risk: Color,
    /// Accounts without a health.
    #[serde(deserialize_with = "colour")]
    pub unscored: Color,
    /// Secondary text and the borders of the panes without the focus.
    #[serde(deserialize_with = "colour")]
    pub muted: Color,
    /// The selected row.
    pub selection: Selection,
}

/// How the selected row stands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// In reversed video: it needs no colour.
    Reversed,
    /// On this background colour.
    Background(Color),
}

impl Default for ThemeConfig {
    /// The built-in colours, from the default configuration.
    fn default() -> Self {
        super::Config::default().theme
    }
}

impl<'de> Deserialize<'de> for Selection {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        selection_of(&toml::Value::deserialize(deserializer)?).map_err(D::Error::custom)
    }
}

fn colour<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Color, D::Error> {
    colour_of(&toml::Value::deserialize(deserializer)?).map_err(D::Error::custom)
}

/// The colour `value` names.
fn colour_of(value: &toml::Value) -> Result<Color, String> {
    let colour = match value {
        toml::Value::String(name) => Color::from_str(name).ok(),
        toml::Value::Integer(index) => u8::try_from(*index).ok().map(Color::Indexed),
        _ => None,
    };
    colour.ok_or_else(|| format!("{} is not a colour; expected {FORMS}", shown(value)))
}

/// The selection `value` names: `"reversed"` or a colour for the background.
fn selection_of(value: &toml::Value) -> Result<Selection, String> {
    if let toml::Value::String(text) = value
        && text.eq_ignore_ascii_case("reversed")
    {
        return Ok(Selection::Reversed);
    }
    colour_of(value)
        .map(Selection::Background)
        .map_err(|_| format!("{} is not a colour; expected \"reversed\" or {FORMS}", shown(value)))
}

/// `value` as the message quotes it: a string quoted and escaped, a number as written.
fn shown(value: &toml::Value) -> String {
    match value {
        toml::Value::String(text) => format!("{text:?}"),
        toml::Value::Array(_) => "an array".to_owned(),
        toml::Value::Table(_) => "a table".to_owned(),
        other => other.to_string(),
    }
}

/// Checks the `[theme]` table of the document `text`, already read as `written`, so that an
/// unknown key or a value that is not a colour is refused with its line and column: the
/// configuration merged from the defaults and this document no longer knows where anything was
/// written.
///
/// # Errors
/// The first wrong key or value, as "line L, column C: key `theme.…`: …".
pub(super) fn check_written(text: &str, written: &toml::Table) -> Result<(), String> {
    let Some(theme) = written.get("theme") else { return Ok(()) };
    let toml::Value::Table(theme) = theme else {
        return Err(format!(
            "{}key `theme`: {} is not a table; expected a table of colours, like [theme] then \
             accent = \"cyan\"",
            at(text, None, Part::Value),
            shown(theme)
        ));
    };
    for (key, value) in theme {
        let (part, checked) = if key == SELECTION_KEY {
            (Part::Value, selection_of(value).map(drop))
        } else if COLOUR_KEYS.contains(&key.as_str()) {
            (Part::Value, colour_of(value).map(drop))
        } else {
            let known = [COLOUR_KEYS.as_slice(), &[SELECTION_KEY]].concat().join(", ");
            (Part::Key, Err(format!("unknown key; the keys are {known}")))
        };
        if let Err(message) = checked {
            return Err(format!("{}key `theme.{key}`: {message}", at(text, Some(key), part)));
        }
    }
    Ok(())
}

/// Which part of an entry a message points at.
#[derive(Clone, Copy)]
enum Part {
    Key,
    Value,
}

/// "line L, column C: " where `text` writes `theme.KEY` (or `theme` itself), or nothing when it
/// cannot be found.
fn at(text: &str, key: Option<&str>, part: Part) -> String {
    span(text, key, part).map_or_else(String::new, |span| {
        let (line, column) = line_and_column(text, span.start);
        format!("line {line}, column {column}: ")
    })
}

fn span(text: &str, key: Option<&str>, part: Part) -> Option<Range<usize>> {
    let document = toml::de::DeTable::parse(text).ok()?;
    let (mut name, mut value) = document.get_ref().iter().find(|(k, _)| k.get_ref() == "theme")?;
    if let Some(key) = key {
        (name, value) = value.get_ref().as_table()?.iter().find(|(k, _)| k.get_ref() == key)?;
    }
    Some(match part {
        Part::Key => name.span(),
        Part::Value => value.span(),
    })
}

/// The line and column, both from 1 and the column in characters, of the byte `offset` of
/// `text`.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn theme(toml: &str) -> Result<ThemeConfig, String> {
        Config::from_toml_str(toml, "u.toml").map(|c| c.theme).map_err(|e| e.to_string())
    }

    #[test]
    fn the_built_in_theme_is_the_workspace_s_former_one() {
        let t = ThemeConfig::default();
        assert_eq!((t.accent, t.focus), (Color::Cyan, Color::Cyan));
        assert_eq!((t.healthy, t.watch, t.at_risk), (Color::Green, Color::Yellow, Color::Red));
        assert_eq!((t.unscored, t.muted), (Color::DarkGray, Color::DarkGray));
        assert_eq!(t.selection, Selection::Reversed);
    }

    #[test]
    fn colours_are_read_as_names_hex_and_indexes() {
        let t = theme(
            "[theme]\naccent = \"light-blue\"\nfocus = \"Bright Magenta\"\nhealthy = \"#00af5F\"\n\
             watch = 214\nat_risk = \"196\"\nunscored = \"grey\"\nmuted = \"reset\"\n\
             selection = \"#303030\"\n",
        )
        .unwrap();
        assert_eq!((t.accent, t.focus), (Color::LightBlue, Color::LightMagenta));
        assert_eq!(t.healthy, Color::Rgb(0x00, 0xaf, 0x5f));
        assert_eq!((t.watch, t.at_risk), (Color::Indexed(214), Color::Indexed(196)));
        assert_eq!((t.unscored, t.muted), (Color::Gray, Color::Reset));
        assert_eq!(t.selection, Selection::Background(Color::Rgb(0x30, 0x30, 0x30)));
        let t = theme("theme = { selection = \"Reversed\", focus = 0 }\n").unwrap();
        assert_eq!((t.selection, t.focus), (Selection::Reversed, Color::Indexed(0)));
        assert_eq!(t.accent, Color::Cyan, "a key left out keeps its default");
    }

    #[test]
    fn an_unknown_key_is_named_with_its_line_and_column() {
        let err =
            theme("[book]\ncurrency = \"EUR\"\n\n[theme]\naccent = \"red\"\n  acent = \"red\"\n")
                .unwrap_err();
        assert_eq!(
            err,
            "u.toml: line 6, column 3: key `theme.acent`: unknown key; the keys are accent, \
             focus, healthy, watch, at_risk, unscored, muted, selection"
        );
        let err = theme("theme.band = \"red\"\n").unwrap_err();
        assert!(
            err.starts_with("u.toml: line 1, column 7: key `theme.band`: unknown key"),
            "{err}"
        );
    }

    #[test]
    fn a_value_that_is_not_a_colour_is_named_with_its_line_column_and_the_forms() {
        let err = theme("[theme]\nfocus = \"cyan\"\nat_risk = \"purpel\"\n").unwrap_err();
        assert_eq!(
            err,
            "u.toml: line 3, column 11: key `theme.at_risk`: \"purpel\" is not a colour; \
             expected a name (black, red, green, yellow, blue, magenta, cyan, gray, dark-gray, \
             light-red, light-green, light-yellow, light-blue, light-magenta, light-cyan, \
             white, or reset for the terminal's own), \"#rrggbb\", or an index 0 to 255"
        );
        for (line, expected) in [
            ("watch = 256", "line 2, column 9: key `theme.watch`: 256 is not a colour"),
            ("watch = -1", "line 2, column 9: key `theme.watch`: -1 is not a colour"),
            ("healthy = \"#12345\"", "column 11: key `theme.healthy`: \"#12345\" is not a"),
            ("healthy = \"#gg0000\"", "column 11: key `theme.healthy`: \"#gg0000\" is not a"),
            ("muted = true", "line 2, column 9: key `theme.muted`: true is not a colour"),
            ("muted = 1.5", "line 2, column 9: key `theme.muted`: 1.5 is not a colour"),
            ("muted = [\"red\"]", "column 9: key `theme.muted`: an array is not a colour"),
            ("accent = \"é\"", "line 2, column 10: key `theme.accent`: \"é\" is not a colour"),
            (
                "selection = \"inverse\"",
                "column 13: key `theme.selection`: \"inverse\" is not a colour; expected \
                 \"reversed\" or a name (",
            ),
        ] {
            let err = theme(&format!("[theme]\n{line}\n")).unwrap_err();
            assert!(err.starts_with("u.toml: line 2, "), "{line}: {err}");
            assert!(err.contains(expected), "{line}: {err}");
        }
        let err = theme("theme = { muted = \"gray\", \"ünknown\" = 1 }\n").unwrap_err();
        assert!(err.starts_with("u.toml: line 1, column 27: key `theme.ünknown`"), "{err}");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "a = \"é\"\nb = \"ü\" # ß\nc = 1\n";
        assert_eq!(line_and_column(text, 0), (1, 1));
        assert_eq!(line_and_column(text, text.find('b').unwrap()), (2, 1));
        assert_eq!(line_and_column(text, text.find('#').unwrap()), (2, 9));
        assert_eq!(line_and_column(text, text.find('c').unwrap()), (3, 1));
    }

    #[test]
    fn a_theme_that_is_not_a_table_is_named_with_its_line_and_column() {
        let err = theme("# colours\ntheme = \"dark\"\n").unwrap_err();
        assert_eq!(
            err,
            "u.toml: line 2, column 9: key `theme`: \"dark\" is not a table; expected a table \
             of colours, like [theme] then accent = \"cyan\""
        );
    }
}
