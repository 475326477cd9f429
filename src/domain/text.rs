//! Text hygiene shared by every output: what may reach a terminal, how long an outside value may
//! be in a message, and how names are compared.
//!
//! Everything here is pure: it cleans what is shown or written, never what is stored.

use std::borrow::Cow;

/// The most characters a line of a message keeps: a path, an SQLite message or a configuration
/// line quoted in an error is cut in its middle beyond this, so a hostile value cannot flood the
/// terminal and the message still ends with its reason.
pub const MESSAGE_LINE_CHARS: usize = 500;

/// True for characters that must never reach a terminal or an export: C0 and C1 controls and DEL;
/// every format character (general category Cf: bidi marks, overrides and isolates, zero-width
/// characters, the soft hyphen, TAG characters, the byte-order mark, Arabic and Egyptian format
/// marks); the rest of Unicode's default-ignorable code points (the combining grapheme joiner,
/// Hangul fillers, Khmer inherent vowels, Mongolian and other variation selectors, reserved
/// ignorables); line and paragraph separators; and noncharacters.
///
/// Each of these is invisible or moves the cursor, so text holding one can show something other
/// than what it is. The ranges follow Unicode 16's `DerivedCoreProperties.txt`
/// (`Default_Ignorable_Code_Point`) and its Cf characters.
#[must_use]
pub fn is_unsafe(c: char) -> bool {
    if c.is_ascii() {
        // The common case, decided in one comparison: C0 controls and DEL.
        return c.is_ascii_control();
    }
    let code = u32::from(c);
    matches!(code,
        0x80..=0x9F // C1 controls: 0x9B is an 8-bit CSI, 0x9D an 8-bit OSC
        | 0xAD // soft hyphen: invisible unless a line breaks there
        | 0x34F // combining grapheme joiner
        | 0x600..=0x605 | 0x6DD | 0x70F | 0x890..=0x891 | 0x8E2 // Arabic and Syriac format marks
        | 0x61C // Arabic letter mark: a bidi mark like LRM/RLM
        | 0x115F | 0x1160 | 0x3164 | 0xFFA0 // Hangul fillers: blank letters
        | 0x17B4 | 0x17B5 // Khmer inherent vowels, invisible
        | 0x180B..=0x180F // Mongolian variation selectors and vowel separator
        | 0x200B..=0x200F // zero-width space/joiners, LRM/RLM
        | 0x2028 | 0x2029 // line and paragraph separators: line breaks in disguise
        | 0x202A..=0x202E // bidi embeddings and overrides
        | 0x2060..=0x206F // word joiner, invisible operators, bidi isolates, deprecated formats
        | 0xFDD0..=0xFDEF // noncharacters
        | 0xFE00..=0xFE0F // variation selectors 1-16
        | 0xFEFF // byte-order mark / zero-width no-break space
        | 0xFFF0..=0xFFFB // reserved ignorables and interlinear annotation marks
        | 0x110BD | 0x110CD // Kaithi number signs (format)
        | 0x13430..=0x1343F // Egyptian hieroglyph format controls
        | 0x1BCA0..=0x1BCA3 // shorthand format controls
        | 0x1D173..=0x1D17A // musical symbol format controls
        | 0xE0000..=0xE0FFF // TAG characters, variation selectors 17-256, reserved ignorables
    ) || code & 0xFFFE == 0xFFFE // the two noncharacters that end every plane
}

/// Text as it may be shown in a terminal or written to a text export (the text report, a CSV or
/// Markdown file) as one line.
///
/// Tabs and line breaks become spaces (a one-line field must stay one line); every other unsafe
/// character is dropped. The stored text is untouched: only what is displayed is cleaned, so the
/// common case of clean text costs no allocation.
#[must_use]
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => Some(' '),
                c if is_unsafe(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// Text of several lines as it may be written to a terminal: a report, a brief, a message.
///
/// Line feeds, tabs and the carriage return of a CRLF line end stay; every other unsafe character
/// is dropped, including a lone carriage return (it would let a line overwrite itself) and
/// Unicode's line and paragraph separators. Clean text is returned as it is, without allocating.
#[must_use]
pub fn terminal_safe_lines(text: &str) -> Cow<'_, str> {
    let lone_return = |i: usize| text.as_bytes().get(i + 1) != Some(&b'\n');
    let clean = text.char_indices().all(|(i, c)| match c {
        '\n' | '\t' => true,
        '\r' => !lone_return(i),
        c => !is_unsafe(c),
    });
    if clean {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let keep = match c {
            '\n' | '\t' => true,
            '\r' => chars.peek() == Some(&'\n'),
            c => !is_unsafe(c),
        };
        if keep {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` cut to at most `max` characters: beyond it, its start and its end are kept around an
/// ellipsis (the start says what the value is, the end often why it failed).
#[must_use]
pub fn cut(text: &str, max: usize) -> Cow<'_, str> {
    // Fewer bytes than the limit means fewer characters: no count needed.
    if text.len() <= max || text.chars().count() <= max {
        return Cow::Borrowed(text);
    }
    let Some(kept) = max.checked_sub(1) else {
        return Cow::Borrowed("");
    };
    let head = kept - kept / 3;
    let tail = kept - head;
    let head_end = text.char_indices().nth(head).map_or(text.len(), |(i, _)| i);
    let tail_start = match tail.checked_sub(1) {
        Some(back) => text.char_indices().nth_back(back).map_or(head_end, |(i, _)| i),
        None => text.len(),
    };
    Cow::Owned(format!("{}…{}", &text[..head_end], &text[tail_start..]))
}

/// A message as it may be written to a terminal: [`terminal_safe_lines`], then each line cut to
/// [`MESSAGE_LINE_CHARS`]. Every message csm prints (errors, warnings, what it wrote) goes through
/// this, whatever outside text (a file name, SQLite's or the TOML parser's error) it quotes.
#[must_use]
pub fn safe_message(text: &str) -> Cow<'_, str> {
    let safe = terminal_safe_lines(text);
    if safe.lines().all(|line| matches!(cut(line, MESSAGE_LINE_CHARS), Cow::Borrowed(_))) {
        return safe;
    }
    let mut out = String::with_capacity(safe.len().min(64 * 1024));
    for piece in safe.split_inclusive('\n') {
        let (line, end) = match piece.strip_suffix('\n') {
            Some(line) => (line, "\n"),
            None => (piece, ""),
        };
        out.push_str(&cut(line, MESSAGE_LINE_CHARS));
        out.push_str(end);
    }
    Cow::Owned(out)
}

/// A path as a message shows it: on one line ([`terminal_safe`]), so a file name holding a line
/// break cannot start a line of its own that looks like csm's.
#[must_use]
pub fn shown_path(path: &std::path::Path) -> String {
    terminal_safe(&path.display().to_string()).into_owned()
}

/// The key under which names are compared: trimmed and case-folded.
#[must_use]
pub fn fold_key(name: &str) -> String {
    name.trim().to_lowercase()
}

#[cfg(test)]
mod tests;
