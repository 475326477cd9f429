//! A file much larger than the reader's buffers is read through them: what the reader holds
//! stays bounded whatever the file's size (SPEC 14), in CSV and JSON lines alike.

use std::io::Write as _;
use std::path::Path;

use super::*;

/// Writes `rows` rows made by `row` after `header` to a file in `dir`; the file.
fn write_file(dir: &Path, header: &str, rows: usize, row: impl Fn(usize) -> String) -> Input {
    let path = dir.join("big");
    let mut out = io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    writeln!(out, "{header}").expect("write");
    for i in 0..rows {
        writeln!(out, "{}", row(i)).expect("write");
    }
    out.flush().expect("flush");
    Input::open_path(&path).expect("open")
}

/// Reads every row of `input`; the rows, and the most the source held at once.
fn read_all(input: Input) -> (usize, usize) {
    let mut source = Source::open(input, Encoding::Utf8).expect("open");
    let (mut rows, mut held) = (0, 0);
    while let Some(row) = source.next_row() {
        row.expect("a good row");
        rows += 1;
        held = held.max(source.held());
    }
    (rows, held)
}

/// Bytes a reader may hold: a few chunks and compactions of the window, whatever the file.
const BOUND: usize = 3 << 20;

#[test]
fn a_csv_file_many_times_the_buffers_is_read_through_them() {
    let dir = tempfile::tempdir().expect("dir");
    let input = write_file(dir.path(), "account,date,active_users", 1_200_000, |i| {
        format!("ACC-{:06},2026-01-{:02},{}", i / 28, 1 + i % 28, i % 97)
    });
    let size = input.len() as usize;
    assert!(size > 8 * BOUND, "the file ({size} bytes) is much larger than the bound");
    let (rows, held) = read_all(input);
    assert_eq!(rows, 1_200_000);
    assert!(held < BOUND, "held {held} bytes of a {size}-byte file");
}

#[test]
fn a_json_lines_file_many_times_the_buffers_is_read_through_them() {
    let dir = tempfile::tempdir().expect("dir");
    let input =
        write_file(dir.path(), r#"{"account":"ACC-0","date":"2026-01-01"}"#, 450_000, |i| {
            format!(
                r#"{{"account":"ACC-{}","date":"2026-01-{:02}","active_users":{}}}"#,
                i / 28,
                1 + i % 28,
                i % 97
            )
        });
    let size = input.len() as usize;
    assert!(size > 8 * BOUND, "the file ({size} bytes) is much larger than the bound");
    let (rows, held) = read_all(input);
    assert_eq!(rows, 450_001);
    assert!(held < BOUND, "held {held} bytes of a {size}-byte file");
}

/// A quote left open early in a large file is not read to the end into one field: reading
/// stops once the row passes [`MAX_ROW_BYTES`], where the quote opens.
#[test]
fn a_quote_left_open_stops_the_reading_past_the_longest_row() {
    let dir = tempfile::tempdir().expect("dir");
    let input = write_file(dir.path(), "a,b", 3_000_000, |i| {
        if i == 1 { "1,\"open".to_owned() } else { format!("{i},text") }
    });
    let mut source = Source::open(input, Encoding::Utf8).expect("open");
    assert!(source.next_row().expect("row").is_ok());
    let Some(Err(problem)) = source.next_row() else { panic!("the open quote is a problem") };
    let reason = "unterminated quote: the quoted field that opens on this line runs on past 16 MiB";
    assert_eq!(problem, Problem::line(3, reason));
    assert!(source.held() < 3 * MAX_ROW_BYTES as usize, "held {}", source.held());
    assert!(source.next_row().is_none(), "nothing after it can be trusted");
}

/// A lone CR that ends a line where a chunk of the file ends (its next byte not read yet) still
/// numbers every later line, wherever the chunk ends around it.
#[test]
fn a_lone_cr_at_the_end_of_a_chunk_numbers_the_lines_after_it() {
    let chunk = super::tape::CHUNK;
    for shift in 0..6 {
        let mut bytes = b"a,b\n".to_vec();
        let mut lines = 1;
        while bytes.len() < chunk - 8 - shift {
            bytes.extend_from_slice(b"1,2\n");
            lines += 1;
        }
        while bytes.len() < chunk - 1 - shift {
            bytes.push(b'x');
        }
        // A row ending in a lone CR right at the chunk's end (give or take the shift).
        bytes.extend_from_slice(b",y\r");
        lines += 1;
        for _ in 0..3 {
            bytes.extend_from_slice(b"3,4\n");
            lines += 1;
        }
        let mut source = Source::open(bytes, Encoding::Utf8).expect("open");
        let mut last = 0;
        while let Some(row) = source.next_row() {
            last = row.map_or_else(|p| panic!("{p:?}"), |row| row.line());
        }
        assert_eq!(last, lines, "shift {shift}");
    }
}
