//! JSON as csm writes it (the export, `report --json`): serde_json's output with every character
//! that must not reach a terminal written as a `\uXXXX` escape instead of raw.
//!
//! serde_json escapes the C0 controls only; DEL, C1 controls, bidi overrides, TAG characters and
//! the other invisible characters of [`is_unsafe`] would reach whoever runs `csm export` in a
//! terminal. Escaping them keeps the data exact (a JSON reader gets the same strings back) while
//! the bytes stay harmless. Nothing here decides what a document holds; it only spells it.

use std::io;

use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter, PrettyFormatter};

use crate::domain::is_unsafe;

/// A serde_json [`Formatter`] that writes strings as `F` does, but escapes every unsafe
/// character.
#[derive(Debug, Clone, Default)]
pub struct SafeFormatter<F>(pub F);

macro_rules! delegate {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            #[inline]
            fn $name<W: ?Sized + io::Write>(&mut self, writer: &mut W $(, $arg: $ty)*) -> io::Result<()> {
                self.0.$name(writer $(, $arg)*)
            }
        )*
    };
}

impl<F: Formatter> Formatter for SafeFormatter<F> {
    delegate! {
        write_null();
        write_bool(value: bool);
        write_i8(value: i8);
        write_i16(value: i16);
        write_i32(value: i32);
        write_i64(value: i64);
        write_i128(value: i128);
        write_u8(value: u8);
        write_u16(value: u16);
        write_u32(value: u32);
        write_u64(value: u64);
        write_u128(value: u128);
        write_f32(value: f32);
        write_f64(value: f64);
        write_number_str(value: &str);
        begin_string();
        end_string();
        write_char_escape(char_escape: CharEscape);
        write_byte_array(value: &[u8]);
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        end_object_key();
        begin_object_value();
        end_object_value();
        write_raw_fragment(fragment: &str);
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut clean_from = 0;
        for (i, c) in fragment.char_indices().filter(|&(_, c)| is_unsafe(c)) {
            self.0.write_string_fragment(writer, &fragment[clean_from..i])?;
            let mut units = [0; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            clean_from = i + c.len_utf8();
        }
        self.0.write_string_fragment(writer, &fragment[clean_from..])
    }
}

/// Writes `value` as compact JSON to `out`, unsafe characters escaped.
///
/// # Errors
/// `out` could not be written, or `value` cannot be JSON (a map with non-string keys).
pub fn to_writer<W: io::Write, T: ?Sized + Serialize>(out: W, value: &T) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(
        out,
        SafeFormatter(CompactFormatter),
    ))
}

/// `value` as pretty-printed JSON (two-space indent), unsafe characters escaped.
///
/// # Errors
/// `value` cannot be JSON (a map with non-string keys).
pub fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(128);
    let formatter = SafeFormatter(PrettyFormatter::new());
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, formatter))?;
    // serde_json writes UTF-8 only, and the escapes are ASCII.
    Ok(String::from_utf8(out).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::*;

    #[test]
    fn unsafe_characters_are_escaped_and_read_back_the_same() {
        let name = "Acme\u{7F}\u{9B}2J\u{202E}moc.evil\u{E0061}\u{3164}\u{AD}\u{FE0F}\x1b]0;t\x07";
        let value = json!({ "name": name, name: [name, 1, null] });
        let mut out = Vec::new();
        to_writer(&mut out, &value).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.chars().any(is_unsafe), "{text}");
        assert!(
            text.contains(r"\u007f\u009b2J\u202emoc.evil\udb40\udc61\u3164\u00ad\ufe0f"),
            "{text}"
        );
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value);
        let pretty = to_string_pretty(&value).unwrap();
        assert!(!pretty.chars().any(|c| c != '\n' && is_unsafe(c)), "{pretty}");
        assert_eq!(serde_json::from_str::<Value>(&pretty).unwrap(), value);
        // Only the strings change: the layout is serde_json's own.
        assert_eq!(
            pretty.lines().count(),
            serde_json::to_string_pretty(&value).unwrap().lines().count()
        );
    }

    #[test]
    fn clean_json_is_what_serde_json_writes() {
        let value = json!({ "name": "Société Générale — 東京 🚀", "arr": [1.5, -2, true] });
        let mut out = Vec::new();
        to_writer(&mut out, &value).unwrap();
        assert_eq!(out, serde_json::to_vec(&value).unwrap());
    }

    proptest! {
        #[test]
        fn any_string_survives_and_no_unsafe_character_is_written(text in any::<String>()) {
            let mut out = Vec::new();
            to_writer(&mut out, &text).unwrap();
            let written = String::from_utf8(out).unwrap();
            prop_assert!(!written.chars().any(is_unsafe), "{written:?}");
            prop_assert_eq!(serde_json::from_str::<String>(&written).unwrap(), text);
        }
    }
}
