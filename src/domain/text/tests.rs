//! The sanitiser's cases, class by class, and properties over arbitrary text.

use super::*;

#[test]
fn clean_text_is_borrowed() {
    assert!(matches!(terminal_safe("Société Générale"), Cow::Borrowed(_)));
}

#[test]
fn escapes_bidi_and_zero_width_are_removed() {
    let hostile = "Evil\x1b[31mRED\x1b]0;title\x07\u{9b}2J\rCR\tTAB\u{202e}RLO\u{200b}ZW end";
    let shown = terminal_safe(hostile);
    assert_eq!(shown, "Evil[31mRED]0;title2J CR TABRLOZW end");
    assert!(!shown.chars().any(is_unsafe));
}

#[test]
fn every_invisible_and_bidi_character_is_removed() {
    let marks = "a\u{061C}b\u{180E}c\u{200D}d\u{2061}e\u{2064}f\u{2066}g\u{2069}h\u{FEFF}i\u{85}j";
    assert_eq!(terminal_safe(marks), "abcdefghij");
    assert_eq!(terminal_safe("one\u{2028}two\u{2029}three\r\nfour"), "one two three  four");
    // Visible punctuation and letters of every script stay.
    assert_eq!(terminal_safe("«Ünïcødé» — 東京 עברית"), "«Ünïcødé» — 東京 עברית");
}

#[test]
fn fold_key_trims_and_lowercases() {
    assert_eq!(fold_key("  Dashboards "), "dashboards");
    assert_eq!(fold_key("ÉXPORT"), "éxport");
}

/// One example of each class the sanitiser removes, named, in the order SPEC 14 lists them.
const HOSTILE: &[(&str, char)] = &[
    ("escape (C0)", '\u{1B}'),
    ("bell (C0)", '\u{07}'),
    ("delete", '\u{7F}'),
    ("8-bit CSI (C1)", '\u{9B}'),
    ("8-bit OSC (C1)", '\u{9D}'),
    ("right-to-left override", '\u{202E}'),
    ("first strong isolate", '\u{2068}'),
    ("zero-width space", '\u{200B}'),
    ("zero-width joiner", '\u{200D}'),
    ("TAG LATIN SMALL LETTER A", '\u{E0061}'),
    ("LANGUAGE TAG", '\u{E0001}'),
    ("CANCEL TAG", '\u{E007F}'),
    ("TAG block start", '\u{E0000}'),
    ("Hangul choseong filler", '\u{115F}'),
    ("Hangul jungseong filler", '\u{1160}'),
    ("Hangul filler", '\u{3164}'),
    ("halfwidth Hangul filler", '\u{FFA0}'),
    ("soft hyphen", '\u{AD}'),
    ("combining grapheme joiner", '\u{34F}'),
    ("variation selector 1", '\u{FE00}'),
    ("variation selector 16", '\u{FE0F}'),
    ("variation selector 17", '\u{E0100}'),
    ("variation selector 256", '\u{E01EF}'),
    ("Mongolian free variation selector 4", '\u{180F}'),
    ("Khmer inherent vowel", '\u{17B4}'),
    ("inhibit symmetric swapping (deprecated format)", '\u{206A}'),
    ("reserved default-ignorable", '\u{FFF0}'),
    ("interlinear annotation anchor", '\u{FFF9}'),
    ("Arabic number sign", '\u{600}'),
    ("shorthand format letter overlap", '\u{1BCA0}'),
    ("musical symbol begin beam", '\u{1D173}'),
    ("Egyptian hieroglyph vertical joiner", '\u{13430}'),
    ("noncharacter", '\u{FDD0}'),
    ("plane-end noncharacter", '\u{FFFE}'),
    ("astral plane-end noncharacter", '\u{1FFFF}'),
];

#[test]
fn every_named_class_is_removed_from_a_line_and_from_lines() {
    for &(name, c) in HOSTILE {
        let text = format!("Acme{c}Corp");
        assert_eq!(terminal_safe(&text), "AcmeCorp", "{name} (U+{:04X}) passed", u32::from(c));
        assert_eq!(terminal_safe_lines(&text), "AcmeCorp", "{name} passed in lines");
        assert!(is_unsafe(c), "{name}");
    }
}

#[test]
fn escape_sequences_lose_their_escape() {
    let clipboard = "book\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\x1b]0;pwned\x1b\\ end";
    assert_eq!(terminal_safe(clipboard), "book]52;c;cm0gLXJmIH4=[2J]0;pwned\\ end");
}

#[test]
fn neighbours_of_the_removed_ranges_stay() {
    // Visible characters right next to the ranges: a range one too wide would eat them.
    let visible = "\u{AC}\u{AE}\u{34E}\u{350}\u{115E}\u{1161}\u{3163}\u{3165}\u{FFA1}\u{FDCF}\u{FDF0}\
                   \u{FE10}\u{1D172}\u{1D17B}\u{1342F}\u{13440}\u{FFFC}\u{FFFD}\u{E1000}\u{1FFFD}";
    assert_eq!(terminal_safe(visible), visible);
    // Letters, emoji and scripts stay, and a non-breaking space is a space.
    let names = "Zoë Ødegård — 東京 · Ελλάδα · Москва · 한국 · עברית · 🚀\u{A0}ok";
    assert!(matches!(terminal_safe(names), Cow::Borrowed(_)));
}

#[test]
fn lines_keep_line_feeds_tabs_and_crlf_but_not_a_lone_return() {
    let text = "one\ttwo\r\nthree\rOVERWRITE\nfour\u{2028}five\x1b[2K\n";
    assert_eq!(terminal_safe_lines(text), "one\ttwo\r\nthreeOVERWRITE\nfourfive[2K\n");
    assert!(matches!(terminal_safe_lines("a\tb\nc\r\n"), Cow::Borrowed(_)));
}

#[test]
fn cut_keeps_the_start_and_the_end_around_an_ellipsis() {
    assert_eq!(cut("short", 10), "short");
    assert!(matches!(cut("exactly10!", 10), Cow::Borrowed(_)));
    assert_eq!(cut("abcdefghijk", 10), "abcdef…ijk");
    // Characters, not bytes: every piece is whole.
    let cyrillic = "абвгдежзийклмн";
    let shown = cut(cyrillic, 7);
    assert_eq!(shown, "абвг…мн");
    assert_eq!(shown.chars().count(), 7);
    assert_eq!(cut("abc", 1), "…");
    assert_eq!(cut("abc", 0), "");
}

#[test]
fn a_message_is_safe_and_each_line_is_cut() {
    let name = format!("\x1b]52;c;{}\x07", "A".repeat(10_000));
    let message = format!("malformed database schema ({name}) - near \"x\"\nsecond line\n");
    let shown = safe_message(&message);
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].chars().count(), MESSAGE_LINE_CHARS);
    assert!(lines[0].starts_with("malformed database schema (]52;c;AAA"), "{}", lines[0]);
    assert!(lines[0].ends_with("AAA) - near \"x\""), "{}", lines[0]);
    assert_eq!(lines[1], "second line");
    assert!(shown.ends_with('\n'));
    assert!(!shown.contains('\x1b') && !shown.contains('\x07'));
    assert!(matches!(safe_message("csm: no book at /tmp/b.db\n"), Cow::Borrowed(_)));
}

mod properties {
    use proptest::prelude::*;

    use super::super::*;
    use super::HOSTILE;

    /// The classes SPEC 14 names, written out again here so that the property does not merely
    /// repeat `is_unsafe`.
    fn named_class(c: char) -> bool {
        c.is_control()
            || matches!(u32::from(c),
                0xAD | 0x34F | 0x61C | 0x115F | 0x1160 | 0x3164 | 0xFFA0 | 0x180E | 0xFEFF
                | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x206F | 0xFE00..=0xFE0F
                | 0xE0000..=0xE007F | 0xE0100..=0xE01EF)
    }

    /// Text mixing any characters with hostile ones and pieces of escape sequences.
    fn hostile_text() -> impl Strategy<Value = String> {
        let hostile: Vec<char> = HOSTILE.iter().map(|&(_, c)| c).collect();
        let piece = prop_oneof![
            3 => any::<char>().prop_map(String::from),
            2 => prop::sample::select(hostile).prop_map(String::from),
            1 => prop::sample::select(vec!["\x1b]52;c;", "\x1b[2J", "\x1b]0;", "\r", "\n", "\t", "\r\n"])
                .prop_map(str::to_owned),
            1 => "[a-zA-Z ]{0,8}",
        ];
        prop::collection::vec(piece, 0..48).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn no_output_holds_a_forbidden_character(text in hostile_text()) {
            let line = terminal_safe(&text);
            prop_assert!(!line.chars().any(|c| named_class(c) || is_unsafe(c)), "{line:?}");
            let lines = terminal_safe_lines(&text);
            let kept = |c: char| c == '\n' || c == '\t' || c == '\r';
            prop_assert!(!lines.chars().any(|c| !kept(c) && (named_class(c) || is_unsafe(c))));
            prop_assert!(!lines.replace("\r\n", "\n").contains('\r'), "{lines:?}");
            let message = safe_message(&text);
            prop_assert!(!message.chars().any(|c| !kept(c) && named_class(c)));
            prop_assert!(message.lines().all(|l| l.chars().count() <= MESSAGE_LINE_CHARS));
        }

        #[test]
        fn clean_text_is_unchanged_and_not_copied(text in any::<String>()) {
            let clean: String = text.chars().filter(|&c| !is_unsafe(c)).collect();
            prop_assert!(matches!(terminal_safe(&clean), Cow::Borrowed(s) if s == clean));
            prop_assert!(matches!(terminal_safe_lines(&clean), Cow::Borrowed(s) if s == clean));
        }

        #[test]
        fn sanitising_twice_changes_nothing_more(text in hostile_text()) {
            let once = terminal_safe(&text).into_owned();
            prop_assert_eq!(terminal_safe(&once), once.as_str());
            let once = safe_message(&text).into_owned();
            prop_assert_eq!(safe_message(&once), once.as_str());
        }

        #[test]
        fn cut_never_exceeds_its_limit(text in any::<String>(), max in 0usize..40) {
            let shown = cut(&text, max);
            prop_assert!(shown.chars().count() <= max);
            if text.chars().count() <= max {
                prop_assert_eq!(shown, text.as_str());
            }
        }
    }
}
