//! JSON lines: one object per line, read twice, once for the union of the keys (the headers)
//! and once for the rows. Nested objects become dotted keys (`satisfaction_rating.score`),
//! arrays of plain values one cell joined with `;` (the separator of lists elsewhere in
//! imports), other arrays their JSON text, `null` an empty cell. Each pass streams the file a
//! line at a time; a line over [`MAX_ROW_BYTES`] is a problem, not read whole.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, BufRead as _, BufReader, Read as _};

use csv::StringRecord;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::text::{Form, Text};
use super::{Encoding, MAX_ROW_BYTES, Row, invalid_utf8_reason};
use crate::import::Problem;
use crate::import::file::Input;

pub(super) struct JsonRows {
    lines: Lines,
    encoding: Encoding,
    columns: HashMap<String, usize>,
    cells: Vec<String>,
    record: StringRecord,
    /// The problem of the first line that is not an object, found while reading the headers.
    first_problem: Option<Problem>,
}

impl JsonRows {
    /// The headers and the rows of `input` from `start`. Lines that are not objects add no
    /// header; they are reported when their row is read.
    ///
    /// # Errors
    /// The file could not be read to its end.
    pub(super) fn open(
        input: &Input,
        form: Form,
        start: usize,
        encoding: Encoding,
    ) -> io::Result<(Vec<String>, Self)> {
        let mut rows = Self {
            lines: Lines::new(form.text(input), start)?,
            encoding,
            columns: HashMap::new(),
            cells: Vec::new(),
            record: StringRecord::new(),
            first_problem: None,
        };
        let mut headers = Vec::new();
        while let Some((line, object)) = rows.next_object() {
            let object = match object {
                Ok(object) => object,
                Err(reason) => {
                    rows.first_problem.get_or_insert_with(|| Problem::line(line, reason));
                    continue;
                }
            };
            flatten(&mut String::new(), &object, &mut |key, _| {
                if !rows.columns.contains_key(key) {
                    rows.columns.insert(key.to_owned(), headers.len());
                    headers.push(key.to_owned());
                }
            });
        }
        if let Some(err) = rows.lines.failed.take() {
            return Err(err);
        }
        rows.lines = Lines::new(form.text(input), start)?;
        rows.cells = vec![String::new(); headers.len()];
        Ok((headers, rows))
    }

    /// Why a file without a single key cannot be read: its first line that is not an object
    /// (`None` when every line is one, such as `{}`). Without it, such a file would be reported
    /// as lacking every required column.
    pub(super) fn unreadable(&self, headers: &[String]) -> Option<Problem> {
        headers.is_empty().then(|| self.first_problem.clone()).flatten()
    }

    /// The bytes held in buffers of its own.
    #[cfg(test)]
    pub(super) fn held(&self) -> usize {
        self.lines.reader.capacity() + self.lines.text.capacity()
    }

    /// Where the next line starts.
    pub(super) fn position(&self) -> usize {
        self.lines.next
    }

    pub(super) fn next_row(&mut self) -> Option<Result<Row<'_>, Problem>> {
        let (line, object) = self.next_object()?;
        let object = match object {
            Ok(object) => object,
            Err(reason) => return Some(Err(Problem::line(line, reason))),
        };
        self.cells.iter_mut().for_each(String::clear);
        let (columns, cells) = (&self.columns, &mut self.cells);
        flatten(&mut String::new(), &object, &mut |key, value| {
            if let Some(&index) = columns.get(key) {
                write_scalar(&mut cells[index], value);
            }
        });
        self.record.clear();
        for cell in &self.cells {
            self.record.push_field(cell);
        }
        super::joined::remove_boms(&mut self.record);
        Some(Ok(Row { line, record: &self.record, spans_lines: false }))
    }

    /// The next non-blank line parsed, with its physical line; `None` at the end. Every line
    /// parses again whatever came before it, so that one bad line is one problem.
    fn next_object(&mut self) -> Option<(usize, Result<Object, String>)> {
        loop {
            let (line, read) = self.lines.next_line()?;
            match read {
                Err(reason) => return Some((line, Err(reason))),
                Ok(text) => {
                    // A part of a joined file starts with its own BOM.
                    let text = text.trim_ascii();
                    let text =
                        text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text).trim_ascii();
                    if !text.is_empty() {
                        return Some((line, parse_object(text, self.encoding)));
                    }
                }
            }
        }
    }
}

/// The lines of a file, one at a time through a reused buffer.
struct Lines {
    reader: BufReader<Text>,
    text: Vec<u8>,
    /// Where the next line starts, and the physical line of the last one.
    next: usize,
    line: usize,
    /// Why the file could not be read to its end (reading stops there).
    failed: Option<io::Error>,
}

impl Lines {
    fn new(text: Text, start: usize) -> io::Result<Self> {
        let mut reader = BufReader::with_capacity(1 << 16, text);
        io::copy(&mut (&mut reader).take(start as u64), &mut io::sink())?;
        Ok(Self { reader, text: Vec::new(), next: start, line: 0, failed: None })
    }

    /// The next line, without its end, and its physical line; a line over [`MAX_ROW_BYTES`]
    /// (skipped) or a failed read as the reason. `None` at the end.
    fn next_line(&mut self) -> Option<(usize, Result<&[u8], String>)> {
        if self.failed.is_some() {
            return None;
        }
        self.text.clear();
        let (mut read, mut long) = (0, false);
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => {
                    let reason = format!("cannot read the file: {err}");
                    self.failed = Some(err);
                    return Some((self.line + 1, Err(reason)));
                }
            };
            if chunk.is_empty() {
                break;
            }
            let (len, ends) = match memchr::memchr(b'\n', chunk) {
                Some(at) => (at + 1, true),
                None => (chunk.len(), false),
            };
            let room = (MAX_ROW_BYTES as usize).saturating_sub(self.text.len());
            long |= len > room;
            if !long {
                self.text.extend_from_slice(&chunk[..len]);
            }
            self.reader.consume(len);
            read += len;
            if ends {
                break;
            }
        }
        if read == 0 {
            return None;
        }
        self.next += read;
        self.line += 1;
        if long {
            let limit = MAX_ROW_BYTES >> 20;
            return Some((self.line, Err(format!("a line of more than {limit} MiB"))));
        }
        Some((self.line, Ok(&self.text)))
    }
}

fn parse_object(bytes: &[u8], encoding: Encoding) -> Result<Object, String> {
    let value: Result<Node, _> = match encoding {
        Encoding::Utf8 => match std::str::from_utf8(bytes) {
            Ok(text) => serde_json::from_str(text),
            Err(err) => return Err(invalid_utf8_reason(bytes, err.valid_up_to())),
        },
        Encoding::Windows1252 => {
            serde_json::from_str(&encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0)
        }
    };
    match value {
        Ok(Node::Object(object)) => Ok(object),
        Ok(_) => {
            Err("not a JSON object: each line of a JSON lines file is one {…} object".to_owned())
        }
        Err(err) => {
            // serde_json says "at line 1": true of the line alone, misleading in the file.
            let text = err.to_string();
            let what = text.split(" at line ").next().unwrap_or_default();
            Err(format!("not a JSON object: {what} at character {}", err.column()))
        }
    }
}

/// Calls `visit` with each key of `object` (dotted under `prefix`) and its plain value.
fn flatten(prefix: &mut String, object: &Object, visit: &mut impl FnMut(&str, &Value)) {
    for (key, node) in object {
        let len = prefix.len();
        if len > 0 {
            prefix.push('.');
        }
        prefix.push_str(key);
        match node {
            Node::Object(inner) => flatten(prefix, inner, visit),
            Node::Value(value) => visit(prefix, value),
        }
        prefix.truncate(len);
    }
}

/// An object's members in the order the line has them (`serde_json::Map` would sort them, and
/// headers come in first-seen order).
type Object = Vec<(String, Node)>;

/// A JSON value whose objects keep their order; arrays are kept whole, as one cell.
enum Node {
    Object(Object),
    Value(Value),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Value(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Value(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Value(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Value(Value::from(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Value(Value::String(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Value(Value::String(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Value(Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Value>()? {
            items.push(item);
        }
        Ok(Node::Value(Value::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut members = Vec::new();
        while let Some(member) = map.next_entry::<String, Node>()? {
            members.push(member);
        }
        Ok(Node::Object(members))
    }
}

fn write_scalar(cell: &mut String, value: &Value) {
    match value {
        Value::Null => {}
        Value::String(text) => cell.push_str(text),
        Value::Array(items) if items.iter().all(|v| !v.is_array() && !v.is_object()) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    cell.push(';');
                }
                write_scalar(cell, item);
            }
        }
        other => cell.push_str(&other.to_string()),
    }
}
