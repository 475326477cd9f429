//! Files joined one after another (`cat part1.csv part2.csv`): each part may begin with a byte
//! order mark and repeat the header row. Only the file's own first BOM is a BOM; any other is
//! removed from the cell it sits in (left in, it would make `A1` and `\u{feff}A1` two ids), and a
//! row that repeats the header is a problem on its line rather than a record. This module
//! looks at cells already read; it must not read the file or parse values.

use csv::StringRecord;

use crate::import::Problem;
use crate::import::headers::normalize;

/// The byte order mark, as a character.
const BOM: char = '\u{feff}';

/// The BOM's UTF-8 bytes.
const BOM_BYTES: &[u8] = "\u{feff}".as_bytes();

/// Removes every BOM from the cells of `record`. A record without one (nearly every record) is
/// left as it is after one scan of its bytes.
pub(super) fn remove_boms(record: &mut StringRecord) {
    // One byte looked for first: the search costs next to nothing on the rows without it.
    let bytes = record.as_slice().as_bytes();
    if memchr::memchr(BOM_BYTES[0], bytes).is_none()
        || memchr::memmem::find(bytes, BOM_BYTES).is_none()
    {
        return;
    }
    let cleaned: StringRecord = record.iter().map(|cell| cell.replace(BOM, "")).collect();
    *record = cleaned;
}

/// `text` without BOMs, trimmed: a header as it is matched.
pub(super) fn clean_header(text: &str) -> String {
    if text.contains(BOM) {
        text.replace(BOM, "").trim().to_owned()
    } else {
        text.trim().to_owned()
    }
}

/// Whether a cell is blank once a BOM is set aside: a part of a joined file holding only its
/// BOM is an empty line.
pub(super) fn is_blank_cell(cell: &[u8]) -> bool {
    let cell = cell.trim_ascii();
    cell.is_empty() || cell.strip_prefix(BOM_BYTES).is_some_and(|rest| rest.trim_ascii().is_empty())
}

/// The problem of a row on `line` that repeats `headers` (each cell names its column as the
/// header does, case, spaces and punctuation aside), `None` for any other row. Most rows differ
/// in their first cell's first characters, so the test costs next to nothing per row.
pub(super) fn repeated_header(
    record: &StringRecord,
    headers: &[String],
    line: usize,
) -> Option<Problem> {
    let repeats = record.len() == headers.len()
        && record.iter().zip(headers).all(|(cell, header)| same_name(cell, header))
        && headers.iter().any(|h| !normalize(h).is_empty());
    repeats.then(|| {
        Problem::line(
            line,
            "the header row again, as when two exports are joined into one file: remove this \
             line, or import each part on its own",
        )
    })
}

/// Whether `cell` and `header` normalise to the same name, without allocating.
fn same_name(cell: &str, header: &str) -> bool {
    let mut cells = cell.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase);
    let mut names = header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase);
    loop {
        match (cells.next(), names.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(cells: &[&str]) -> StringRecord {
        StringRecord::from(cells.to_vec())
    }

    #[test]
    fn boms_inside_cells_are_removed_and_other_cells_kept() {
        let mut row = record(&["\u{feff}A1", "Al\u{feff}pha", "x"]);
        remove_boms(&mut row);
        assert_eq!(row, record(&["A1", "Alpha", "x"]));
        let mut plain = record(&["A1", "Alpha"]);
        remove_boms(&mut plain);
        assert_eq!(plain, record(&["A1", "Alpha"]));
        assert_eq!(clean_header(" \u{feff}external_id "), "external_id");
        assert!(is_blank_cell("\u{feff}".as_bytes()) && is_blank_cell(b" "));
        assert!(!is_blank_cell("\u{feff}x".as_bytes()));
    }

    #[test]
    fn a_row_naming_every_column_as_the_header_does_repeats_it() {
        let headers = ["External ID".to_owned(), "name".to_owned()];
        let problem = repeated_header(&record(&["external_id", "NAME"]), &headers, 7);
        assert_eq!(problem.map(|p| p.line), Some(7));
        for other in [&["A1", "Alpha"][..], &["external_id", "Alpha"], &["External", "ID name"]] {
            assert_eq!(repeated_header(&record(other), &headers, 7), None, "{other:?}");
        }
        let unnamed = [String::new(), "-".to_owned()];
        assert_eq!(repeated_header(&record(&["", ""]), &unnamed, 2), None);
    }

    fn rows(bytes: &[u8]) -> Vec<Result<(usize, Vec<String>), Problem>> {
        let mut source = super::super::Source::open(bytes.to_vec(), super::super::Encoding::Utf8)
            .expect("opened");
        let mut out = Vec::new();
        while let Some(row) = source.next_row() {
            out.push(row.map(|row| (row.line(), row.cells().map(str::to_owned).collect())));
        }
        out
    }

    /// Two exports with a BOM each, joined, then a row whose id starts with a BOM: the second
    /// header is a problem on its line, the BOMs are gone from the ids.
    #[test]
    fn a_joined_csv_file_repeats_its_header_on_a_line_of_its_own() {
        let bom = "\u{feff}";
        let file =
            format!("{bom}external_id,name\nA1,Alpha\n{bom}external_id,name\n{bom}B1,Beta\n");
        let read = rows(file.as_bytes());
        let row = |line, cells: [&str; 2]| Ok((line, cells.map(str::to_owned).to_vec()));
        assert_eq!(read[0], row(2, ["A1", "Alpha"]));
        assert!(matches!(&read[1], Err(p) if p.line == 3 && p.reason.contains("header row again")));
        assert_eq!(read[2], row(4, ["B1", "Beta"]));
        assert_eq!(read.len(), 3);
    }

    #[test]
    fn joined_json_lines_lose_their_boms() {
        let bom = "\u{feff}";
        let file = format!("{bom}{{\"id\":\"A1\"}}\n{bom}{{\"id\":\"{bom}B1\"}}\n");
        let read = rows(file.as_bytes());
        assert_eq!(read, [Ok((1, vec!["A1".to_owned()])), Ok((2, vec!["B1".to_owned()]))]);
    }
}
