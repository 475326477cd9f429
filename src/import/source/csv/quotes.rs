//! Where a CSV record's quotes open and close, read from its raw bytes as the `csv` reader
//! reads them, counting lines, to find a quoted field left open or closed mid-cell. It looks at
//! bytes; it must not read the file or decode cells.

use crate::import::source::is_line_break;

/// How the quotes of one record's raw bytes (and whatever follows it) open and close.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Quoting {
    Sound,
    /// A quoted field opens (after this many newlines) and never closes.
    Unterminated {
        opened: usize,
    },
    /// A quoted field spanning lines closes and more of the cell follows, which a well-formed
    /// file never has: its quote was most likely left open.
    ClosedMidCell {
        opened: usize,
        closed: usize,
    },
}

/// Reads `record` as the `csv` reader does, counting newlines, to find a quote left open.
pub(super) fn quoting(record: &[u8], delimiter: u8) -> Quoting {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let (mut state, mut lines, mut opened) = (State::FieldStart, 0, 0);
    for (at, &byte) in record.iter().enumerate() {
        let ends_field = byte == delimiter || byte == b'\n' || byte == b'\r';
        state = match (state, byte) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::FieldStart, b'"') => {
                opened = lines;
                State::Quoted
            }
            // Only across lines: `"a"b` on one line is odd but harmless, as the reader takes it.
            (State::QuoteInQuoted, _) if !ends_field && lines > opened => {
                return Quoting::ClosedMidCell { opened, closed: lines };
            }
            _ if ends_field => State::FieldStart,
            _ => State::Unquoted,
        };
        lines += usize::from(is_line_break(record, at));
    }
    if state == State::Quoted { Quoting::Unterminated { opened } } else { Quoting::Sound }
}
