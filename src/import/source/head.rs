//! The start of a file, read before its rows: where its text starts (after a BOM), whether it
//! is JSON lines or CSV, and the delimiter of its header line (comma, semicolon or tab), read a
//! chunk at a time as far as the end of that line. It looks at bytes; it must not read rows.

use std::io::{self, Read as _};

use super::text::Text;
use super::{MAX_ROW_BYTES, UTF8_BOM};

/// What the start of a file says: where its text starts (after a BOM), its first byte that is
/// not whitespace (`None`: there is none), and the delimiter of its header line.
pub(super) struct Head {
    pub(super) start: usize,
    pub(super) first: Option<u8>,
    pub(super) delimiter: u8,
}

impl Head {
    /// Reads the start of `input`, as far as the end of its first line (at most
    /// [`MAX_ROW_BYTES`]), a chunk at a time.
    pub(super) fn read(mut pass: Text) -> io::Result<Self> {
        let (mut chunk, mut read) = (Vec::with_capacity(1 << 16), 0_u64);
        let mut head = Self { start: 0, first: None, delimiter: b',' };
        let mut sniffer = Sniffer::default();
        loop {
            chunk.clear();
            if (&mut pass).take(1 << 16).read_to_end(&mut chunk)? == 0 {
                break;
            }
            let mut bytes = &chunk[..];
            if read == 0 && bytes.starts_with(UTF8_BOM) {
                head.start = UTF8_BOM.len();
                bytes = &bytes[UTF8_BOM.len()..];
            }
            read += chunk.len() as u64;
            if head.first.is_none() {
                let Some(at) = bytes.iter().position(|b| !b.is_ascii_whitespace()) else {
                    continue;
                };
                head.first = Some(bytes[at]);
                bytes = &bytes[at..];
            }
            if sniffer.feed(bytes) || read > MAX_ROW_BYTES {
                break;
            }
        }
        head.delimiter = sniffer.delimiter();
        Ok(head)
    }
}

/// Counts commas, semicolons and tabs outside quotes on the header line, fed a chunk at a time
/// from its first byte that is not whitespace.
#[derive(Debug, Default)]
struct Sniffer {
    commas: usize,
    semicolons: usize,
    tabs: usize,
    quoted: bool,
}

impl Sniffer {
    /// Counts `bytes`; whether the line ended.
    fn feed(&mut self, bytes: &[u8]) -> bool {
        for &byte in bytes {
            match byte {
                b'"' => self.quoted = !self.quoted,
                b'\n' | b'\r' if !self.quoted => return true,
                b',' if !self.quoted => self.commas += 1,
                b';' if !self.quoted => self.semicolons += 1,
                b'\t' if !self.quoted => self.tabs += 1,
                _ => {}
            }
        }
        false
    }

    /// Whichever of comma, semicolon and tab the header line has most of outside quotes; a tie
    /// is a comma, then a semicolon. A tab-separated header may hold a comma in a name
    /// (`Revenue, USD`) unquoted, so tabs win by number, not only when they are alone.
    fn delimiter(&self) -> u8 {
        if self.tabs > self.commas && self.tabs > self.semicolons {
            b'\t'
        } else if self.semicolons > self.commas {
            b';'
        } else {
            b','
        }
    }
}
