//! The fonts a brief beyond Latin letters needs, and which of them are installed: xelatex and
//! lualatex set only what their font holds, and pandoc's default (Latin Modern) has no Cyrillic,
//! Greek or CJK, so the letters would silently be left out. Installed families are read from
//! `fc-list`, LaTeX packages found with `kpsewhich`. It must not run an engine.

use std::ffi::OsStr;
use std::process::Command;

use super::find_tool;

/// Text fonts with Latin, Greek and Cyrillic letters, best first.
pub const TEXT_FONTS: [&str; 4] = ["Noto Serif", "DejaVu Serif", "Liberation Serif", "FreeSerif"];

/// Fonts with Chinese, Japanese and Korean characters, best first.
pub const CJK_FONTS: [&str; 6] = [
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "Source Han Serif SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "AR PL UMing CN",
];

/// Whether `text` holds Chinese, Japanese or Korean characters.
#[must_use]
pub fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c,
            '\u{2e80}'..='\u{2fdf}' // radicals
            | '\u{3000}'..='\u{30ff}' // CJK punctuation, kana
            | '\u{3100}'..='\u{31ff}' // bopomofo, Hangul compatibility, kana extensions
            | '\u{3400}'..='\u{4dbf}' // ideographs, extension A
            | '\u{4e00}'..='\u{9fff}' // unified ideographs
            | '\u{ac00}'..='\u{d7af}' // Hangul syllables
            | '\u{f900}'..='\u{faff}' // compatibility ideographs
            | '\u{ff00}'..='\u{ffef}' // full-width forms
            | '\u{20000}'..='\u{3134f}') // extensions B and later
    })
}

/// The font families installed, as `fc-list` on `path` lists them; `None` when it cannot tell.
#[must_use]
pub fn installed(path: Option<&OsStr>) -> Option<Vec<String>> {
    let fc_list = find_tool("fc-list", path)?;
    let out = Command::new(fc_list).args([":", "family"]).output().ok()?;
    if !out.status.success() {
        return None;
    }
    // One font a line, its family names separated by commas.
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .flat_map(|line| line.split(','))
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .collect(),
    )
}

/// The first of `wanted` that is among `families`.
#[must_use]
pub fn pick(wanted: &[&'static str], families: &[String]) -> Option<&'static str> {
    wanted.iter().copied().find(|w| families.iter().any(|f| f.eq_ignore_ascii_case(w)))
}

/// Whether the LaTeX package file `sty` is installed (`kpsewhich` on `path` finds it).
#[must_use]
pub fn has_package(sty: &str, path: Option<&OsStr>) -> bool {
    find_tool("kpsewhich", path).is_some_and(|kpsewhich| {
        Command::new(kpsewhich).arg(sty).output().is_ok_and(|out| {
            out.status.success() && !String::from_utf8_lossy(&out.stdout).trim().is_empty()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_is_told_from_other_scripts() {
        for text in ["東京海上", "ソニー", "삼성", "ＡＢＣ"] {
            assert!(has_cjk(text), "{text}");
        }
        for text in ["Газпром", "Ελλάδα", "Société", "AT&T"] {
            assert!(!has_cjk(text), "{text}");
        }
    }

    #[test]
    fn the_best_installed_font_is_picked() {
        let families = vec!["DejaVu Sans".to_owned(), "dejavu serif".to_owned()];
        assert_eq!(pick(&TEXT_FONTS, &families), Some("DejaVu Serif"));
        assert_eq!(pick(&CJK_FONTS, &families), None);
    }
}
