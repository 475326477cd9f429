//! The bytes of one pass over a CSV file, as the `csv` reader takes them, kept for a second look
//! from the start of the last record on (where a record starts, its quotes, the line of a byte
//! in a file of lone CRs), and read ahead only as far as asked: a window of a record or two and a
//! chunk, never the file. It keeps bytes; it must not parse them.

use std::io::{self, Read};

use super::text::Text;

/// Bytes read from the file at once.
pub(super) const CHUNK: usize = 1 << 18;

/// The most a window may hold past the start of the last record: a row this long has a field
/// over the 1 MiB limit many times over, or a quote left open that swallows the file. Reading
/// stops there, so that neither this window nor the `csv` reader's record grows without end.
pub(super) const MAX_ROW_BYTES: u64 = 16 << 20;

/// Dropped bytes are moved out of the window once there are this many of them, so that a
/// file of millions of short rows moves each byte about once.
const COMPACT_AT: usize = 1 << 20;

/// Why a read failed though the file could be read.
#[derive(Debug, thiserror::Error)]
#[error("a row of more than {} MiB", MAX_ROW_BYTES >> 20)]
pub(super) struct RowTooLong;

pub(super) struct Tape {
    pass: Text,
    /// The bytes from offset `from` on: those before `served` were handed to the reader, the
    /// others are read ahead.
    kept: Vec<u8>,
    from: u64,
    served: u64,
    /// Bytes before this offset are no longer looked at.
    keep_from: u64,
    end_of_file: bool,
    /// The offset of the first CR that ends a line alone (not followed by an LF), once read.
    lone_cr: Option<u64>,
    /// Bytes before this offset were looked at for a lone CR.
    cr_scanned: u64,
    too_long: bool,
}

impl Tape {
    pub(super) fn new(pass: Text) -> Self {
        Self {
            pass,
            kept: Vec::new(),
            from: 0,
            served: 0,
            keep_from: 0,
            end_of_file: false,
            lone_cr: None,
            cr_scanned: 0,
            too_long: false,
        }
    }

    /// Lets bytes before `offset` go.
    pub(super) fn keep_from(&mut self, offset: u64) {
        self.keep_from = self.keep_from.max(offset);
    }

    /// The kept bytes from `start` to `end` (clamped to those kept).
    pub(super) fn slice(&self, start: u64, end: u64) -> &[u8] {
        let index = |at: u64| usize::try_from(at.saturating_sub(self.from)).unwrap_or(usize::MAX);
        let end = index(end).min(self.kept.len());
        self.kept.get(index(start).min(end)..end).unwrap_or_default()
    }

    /// The kept byte at `at`, if any.
    pub(super) fn byte(&self, at: u64) -> Option<u8> {
        self.slice(at, at + 1).first().copied()
    }

    /// The offset of the first CR that ends a line alone, among the bytes read so far.
    pub(super) fn lone_cr(&self) -> Option<u64> {
        self.lone_cr
    }

    /// The bytes the window holds room for.
    #[cfg(test)]
    pub(super) fn held(&self) -> usize {
        self.kept.capacity()
    }

    /// The offset before which every byte was looked at for a lone CR.
    pub(super) fn scanned_for_cr(&self) -> u64 {
        self.cr_scanned
    }

    /// Whether reading stopped on a row over [`MAX_ROW_BYTES`].
    pub(super) fn too_long(&self) -> bool {
        self.too_long
    }

    /// Whether everything from `at` to the end of the file is ASCII whitespace, reading ahead as
    /// far as needed (up to [`MAX_ROW_BYTES`]: a longer run of blank lines is taken as more to
    /// come).
    pub(super) fn rest_is_blank(&mut self, at: u64) -> io::Result<bool> {
        let mut looked = at;
        loop {
            let end = self.end();
            if !self.slice(looked, end).iter().all(u8::is_ascii_whitespace) {
                return Ok(false);
            }
            if self.end_of_file {
                return Ok(true);
            }
            if end.saturating_sub(at) > MAX_ROW_BYTES {
                return Ok(false);
            }
            looked = end;
            if self.fill().is_err() {
                // The reader meets the same failure when it gets there.
                return Ok(false);
            }
        }
    }

    /// The offset just past the bytes read from the file.
    fn end(&self) -> u64 {
        self.from + self.kept.len() as u64
    }

    /// Reads the next chunk of the file into the window; how many bytes (0 at its end).
    fn fill(&mut self) -> io::Result<usize> {
        let mut looked_at = self.keep_from.min(self.served);
        if self.lone_cr.is_none() {
            looked_at = looked_at.min(self.cr_scanned);
        }
        let dead = usize::try_from(looked_at - self.from).unwrap_or(0);
        if dead >= COMPACT_AT.max(self.kept.len() - dead) {
            self.kept.drain(..dead);
            self.from += dead as u64;
        }
        if self.end() - self.keep_from > MAX_ROW_BYTES {
            self.too_long = true;
            return Err(io::Error::other(RowTooLong));
        }
        self.kept.try_reserve(CHUNK).map_err(|_| io::Error::from(io::ErrorKind::OutOfMemory))?;
        let read = (&mut self.pass).take(CHUNK as u64).read_to_end(&mut self.kept)?;
        if read == 0 {
            self.end_of_file = true;
        }
        if self.lone_cr.is_none() {
            self.find_lone_cr();
        }
        Ok(read)
    }

    /// Looks for a lone CR in the bytes read since the last look; a CR that ends the bytes read
    /// so far waits for the next byte.
    fn find_lone_cr(&mut self) {
        let start = usize::try_from(self.cr_scanned - self.from).unwrap_or(0);
        let bytes = &self.kept[start..];
        let last = bytes.len().saturating_sub(usize::from(!self.end_of_file));
        let found = memchr::memchr_iter(b'\r', &bytes[..last])
            .find(|&at| bytes.get(at + 1) != Some(&b'\n'));
        if let Some(at) = found {
            self.lone_cr = Some(self.cr_scanned + at as u64);
        }
        self.cr_scanned += last as u64;
    }
}

impl Read for Tape {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.served == self.end() && self.fill()? == 0 {
            return Ok(0);
        }
        let at = self.slice(self.served, self.end());
        let n = at.len().min(buf.len());
        buf[..n].copy_from_slice(&at[..n]);
        self.served += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::file::Input;

    fn tape(bytes: &[u8]) -> Tape {
        Tape::new(super::super::text::Text::Bytes(Input::from(bytes.to_vec()).reader()))
    }

    /// However large the file, the window holds the bytes from the last offset still looked
    /// at, and a chunk or two: reading a 40 MiB file while letting go as it reads keeps it
    /// under 2 MiB.
    #[test]
    fn the_window_stays_small_over_a_large_file() {
        let bytes: Vec<u8> =
            (0..40 << 20).map(|i: u32| b"0123456789,\n"[(i % 12) as usize]).collect();
        let mut tape = tape(&bytes);
        let (mut out, mut buf, mut largest) = (Vec::new(), [0; 4096], 0);
        loop {
            let n = tape.read(&mut buf).expect("read");
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
            tape.keep_from(out.len() as u64);
            largest = largest.max(tape.kept.capacity());
        }
        assert_eq!(out, bytes);
        assert!(largest <= 2 * (COMPACT_AT + CHUNK), "the window grew to {largest} bytes");
    }

    #[test]
    fn a_row_past_the_limit_stops_the_reading() {
        let bytes = vec![b'x'; (MAX_ROW_BYTES as usize) + 2 * CHUNK];
        let mut tape = tape(&bytes);
        let mut buf = vec![0; CHUNK];
        let failed = loop {
            match tape.read(&mut buf) {
                Ok(0) => break false,
                Ok(_) => {}
                Err(e) => break e.get_ref().is_some_and(|e| e.is::<RowTooLong>()),
            }
        };
        assert!(failed && tape.too_long());
    }

    #[test]
    fn lone_crs_are_found_where_they_are_and_crlf_is_not_one() {
        let mut lines = b"a,b\r\n".repeat(CHUNK / 5);
        lines.push(b'\r');
        let at = lines.len() as u64 - 1;
        lines.extend_from_slice(b"1,2\r\n");
        let mut mac = tape(&lines);
        std::io::copy(&mut mac, &mut std::io::sink()).expect("read");
        assert_eq!(mac.lone_cr(), Some(at));
        let mut crlf = tape(&b"a,b\r\n".repeat(CHUNK / 4));
        std::io::copy(&mut crlf, &mut std::io::sink()).expect("read");
        assert_eq!(crlf.lone_cr(), None);
    }

    #[test]
    fn the_rest_is_blank_only_up_to_the_end_of_the_file() {
        let mut tape = tape(b"a,b\n1,2\n\n \n");
        let mut buf = [0; 4];
        assert_eq!(tape.read(&mut buf).expect("read"), 4);
        assert!(!tape.rest_is_blank(4).expect("look"));
        assert!(tape.rest_is_blank(7).expect("look"));
        assert_eq!(tape.slice(4, 7), b"1,2");
        assert_eq!(tape.byte(3), Some(b'\n'));
    }
}
