//! The text of one pass over a file, as the reader takes it: UTF-8 and windows-1252 files as they
//! are (both keep ASCII as it is, and cells are decoded one by one), UTF-16 files (with their
//! BOM, as Excel's "Unicode text" writes them) turned into UTF-8 as they are read, a chunk at a
//! time; and UTF-16 without its BOM told, to be named rather than misread. It must not parse.

use std::io::{self, Read};

use encoding_rs::{Decoder, Encoding as Charset};

use crate::import::file::{Input, Pass};

/// Bytes of the file decoded at once.
const CHUNK: usize = 1 << 16;

/// Bytes looked at to tell UTF-16 without its BOM.
const SNIFFED: usize = 256;

/// How a file's bytes are read as text, told by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    /// As they are.
    Bytes,
    /// UTF-16 with its BOM, little- or big-endian.
    Utf16(&'static Charset),
}

impl Form {
    /// The form of `input`, from its first two bytes.
    pub(super) fn of(input: &Input) -> io::Result<Self> {
        let mut head = Vec::with_capacity(2);
        input.reader().take(2).read_to_end(&mut head)?;
        Ok(match head.as_slice() {
            [0xFF, 0xFE] => Self::Utf16(encoding_rs::UTF_16LE),
            [0xFE, 0xFF] => Self::Utf16(encoding_rs::UTF_16BE),
            _ => Self::Bytes,
        })
    }

    /// The byte order of `input` when it looks like UTF-16 without its BOM: among its first
    /// bytes, a NUL in at least half of the odd (little-endian) or even (big-endian) places and
    /// none in the others, as ASCII and Latin text in UTF-16 has. A UTF-8 or windows-1252 file
    /// has no NULs at all. `None` for a file with a BOM, which [`Form::of`] reads.
    pub(super) fn bomless_utf16(input: &Input) -> io::Result<Option<&'static str>> {
        let mut head = Vec::with_capacity(SNIFFED);
        input.reader().take(SNIFFED as u64).read_to_end(&mut head)?;
        let pairs = head.len() / 2;
        if pairs < 2 || matches!(head[..2], [0xFF, 0xFE] | [0xFE, 0xFF]) {
            return Ok(None);
        }
        let nuls = |parity: usize| head.chunks_exact(2).filter(|pair| pair[parity] == 0).count();
        let (even, odd) = (nuls(0), nuls(1));
        Ok(match (even, odd) {
            (0, odd) if 2 * odd >= pairs => Some("little-endian"),
            (even, 0) if 2 * even >= pairs => Some("big-endian"),
            _ => None,
        })
    }

    /// A pass over `input` from its start, as text.
    pub(super) fn text(self, input: &Input) -> Text {
        match self {
            Self::Bytes => Text::Bytes(input.reader()),
            Self::Utf16(charset) => Text::Utf16(Box::new(Utf16 {
                pass: input.reader(),
                decoder: charset.new_decoder_with_bom_removal(),
                input: vec![0; CHUNK],
                next: 0,
                read: 0,
                last: false,
                output: vec![0; 3 * CHUNK],
                given: 0,
                made: 0,
            })),
        }
    }
}

/// One pass over a file, as text.
pub enum Text {
    Bytes(Pass),
    Utf16(Box<Utf16>),
}

impl Read for Text {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Self::Bytes(pass) => pass.read(buf),
            Self::Utf16(utf16) => utf16.read(buf),
        }
    }
}

/// A UTF-16 file decoded to UTF-8 as it is read (an unpaired surrogate becomes U+FFFD).
pub struct Utf16 {
    pass: Pass,
    decoder: Decoder,
    /// Bytes of the file read and not decoded yet: `input[next..read]`.
    input: Vec<u8>,
    next: usize,
    read: usize,
    /// Whether the file has ended.
    last: bool,
    /// Text decoded and not handed out yet: `output[given..made]`.
    output: Vec<u8>,
    given: usize,
    made: usize,
}

impl Read for Utf16 {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.given == self.made {
            if self.last && self.next == self.read {
                return Ok(0);
            }
            if self.next == self.read && !self.last {
                self.next = 0;
                self.read = self.pass.read(&mut self.input)?;
                self.last = self.read == 0;
            }
            let (_, used, made, _) = self.decoder.decode_to_utf8(
                &self.input[self.next..self.read],
                &mut self.output,
                self.last,
            );
            self.next += used;
            (self.given, self.made) = (0, made);
            if self.last && made == 0 && self.next == self.read {
                return Ok(0);
            }
        }
        let n = (self.made - self.given).min(buf.len());
        buf[..n].copy_from_slice(&self.output[self.given..self.given + n]);
        self.given += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> (Form, Vec<u8>) {
        let input = Input::from(bytes.to_vec());
        let form = Form::of(&input).expect("form");
        let mut out = Vec::new();
        form.text(&input).read_to_end(&mut out).expect("read");
        (form, out)
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let units = std::iter::once(0xFEFF).chain(text.encode_utf16());
        units.flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
    }

    /// UTF-16 of either byte order, longer than a chunk and holding characters outside the
    /// basic plane, reads as the same text in UTF-8, without its BOM; other files as they are.
    #[test]
    fn utf16_is_read_as_utf8_and_other_files_as_they_are() {
        let line = "external_id,name\nA1,Zürich 🦀 Ωmega\r\n";
        let long = line.repeat(CHUNK / 10);
        for big_endian in [false, true] {
            let (form, out) = text(&utf16(&long, big_endian));
            assert!(matches!(form, Form::Utf16(_)));
            assert_eq!(String::from_utf8(out).expect("UTF-8"), long);
        }
        assert_eq!(text(b"\xEF\xBB\xBFa,b\n"), (Form::Bytes, b"\xEF\xBB\xBFa,b\n".to_vec()));
        assert_eq!(text(b"\xFF"), (Form::Bytes, b"\xFF".to_vec()));
        assert_eq!(text(b""), (Form::Bytes, Vec::new()));
    }

    /// ASCII and Latin text in UTF-16 without its BOM is told by its NULs, in odd places for
    /// little-endian and even ones for big-endian; files with a BOM, UTF-8 (which has no NULs)
    /// and binary files (NULs in both places) are not.
    #[test]
    fn utf16_without_its_bom_is_told_by_its_nuls() {
        let bomless = |bytes: &[u8]| Form::bomless_utf16(&Input::from(bytes.to_vec())).unwrap();
        let le = utf16("id\tname\r\nA1\tMüller\r\n", false);
        let be = utf16("id\tname\r\nA1\tMüller\r\n", true);
        assert_eq!(bomless(&le[2..]), Some("little-endian"));
        assert_eq!(bomless(&be[2..]), Some("big-endian"));
        assert_eq!(bomless(&le), None);
        assert_eq!(bomless(&be), None);
        assert_eq!(bomless("id,name\nA1,Müller\n".as_bytes()), None);
        assert_eq!(bomless(b"PK\x03\x04\x14\0\0\0\x08\0"), None);
        assert_eq!(bomless(b"a\0"), None);
    }
}
