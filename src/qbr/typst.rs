//! The brief as Typst markup, for rendering a PDF with `typst` where pandoc is not installed.
//! Every text run is made safe and its markup characters escaped, as in the Markdown.

use std::fmt::Write as _;

use super::doc::{Block, Document, Markup, Runs};
use crate::domain::terminal_safe;

/// `doc` as a Typst document on A4 pages.
#[must_use]
pub fn render(doc: &Document) -> String {
    let mut out = String::from(
        "#set page(paper: \"a4\", margin: 2cm)\n#set text(size: 10pt)\n\
         #set table(stroke: 0.5pt + gray, inset: 5pt)\n",
    );
    for block in &doc.blocks {
        out.push('\n');
        match block {
            Block::Heading(level, text) => {
                let marks = "=".repeat(usize::from((*level).clamp(1, 6)));
                let _ = writeln!(out, "{marks} {}", escape(text));
            }
            Block::Paragraph(runs) => {
                let _ = writeln!(out, "{}", line(runs));
            }
            Block::Bullets(items) => items.iter().for_each(|r| {
                let _ = writeln!(out, "- {}", line(r));
            }),
            Block::Numbered(items) => items.iter().for_each(|r| {
                let _ = writeln!(out, "+ {}", line(r));
            }),
            Block::Tasks(items) => items.iter().for_each(|r| {
                let _ = writeln!(out, "- ☐ {}", line(r));
            }),
            Block::Table { header, rows, numeric } => {
                let aligns: Vec<&str> = (0..header.len())
                    .map(|c| if *numeric && c > 0 { "right" } else { "left" })
                    .collect();
                let _ = writeln!(
                    out,
                    "#table(columns: {}, align: ({},),",
                    header.len(),
                    aligns.join(", ")
                );
                let head: Vec<String> =
                    header.iter().map(|h| format!("[*{}*]", escape(h))).collect();
                let _ = writeln!(out, "  table.header({}),", head.join(", "));
                for row in rows {
                    let cells: Vec<String> = row.iter().map(|c| format!("[{}]", line(c))).collect();
                    let _ = writeln!(out, "  {},", cells.join(", "));
                }
                out.push_str(")\n");
            }
        }
    }
    out
}

/// Typst's strong and emphasis markers and escaping.
const MARKUP: Markup = Markup { strong: "*", emphasis: "_", escape };

fn line(runs: &Runs) -> String {
    MARKUP.line(runs)
}

/// `text` on one line with Typst's markup characters escaped (a leading list, enum or heading
/// marker too).
#[must_use]
pub fn escape(text: &str) -> String {
    let safe = terminal_safe(text);
    let mut out = String::with_capacity(safe.len() + 8);
    for c in safe.chars() {
        if matches!(
            c,
            '\\' | '*'
                | '_'
                | '#'
                | '['
                | ']'
                | '$'
                | '<'
                | '>'
                | '@'
                | '`'
                | '~'
                | '/'
                | '='
                | '-'
                | '+'
                | '"'
                | '\''
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qbr::doc::{b, t};

    #[test]
    fn markup_is_escaped() {
        assert_eq!(escape("#set [x] $y$ //c @me"), "\\#set \\[x\\] \\$y\\$ \\/\\/c \\@me");
        assert_eq!(escape("= not a heading"), "\\= not a heading");
    }

    #[test]
    fn a_bare_url_is_no_link() {
        // Typst links `http://` and `https://` in markup; an escaped slash breaks the match.
        assert_eq!(
            escape("https://evil.example/x HTTP://e ceo@evil.example"),
            "https:\\/\\/evil.example\\/x HTTP:\\/\\/e ceo\\@evil.example"
        );
    }

    #[test]
    fn tables_and_lists() {
        let mut doc = Document::default();
        doc.push(Block::Numbered(vec![vec![t("One "), b("two")]]));
        doc.push(Block::Table {
            header: vec!["A".into(), "B".into()],
            rows: vec![vec![vec![t("x")], vec![t("1")]]],
            numeric: true,
        });
        let typ = render(&doc);
        assert!(typ.contains("+ One *two*\n"), "{typ}");
        assert!(typ.contains("table.header([*A*], [*B*]),\n  [x], [1],\n)"), "{typ}");
    }
}
