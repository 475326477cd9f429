//! The brief as Markdown (CommonMark with GitHub's tables and task lists). Every text run is made
//! safe (no control, bidi or zero-width characters, one line) and its Markdown characters are
//! escaped, so a hostile name reads as itself and cannot add a link, a heading or a table cell.

use std::fmt::Write as _;

use super::doc::{Block, Document, Markup, Runs};
use crate::domain::terminal_safe;

/// `doc` as Markdown, ending in one newline.
#[must_use]
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    for block in &doc.blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        match block {
            Block::Heading(level, text) => {
                let marks = "#".repeat(usize::from((*level).clamp(1, 6)));
                let _ = writeln!(out, "{marks} {}", escape(text));
            }
            Block::Paragraph(runs) => {
                let _ = writeln!(out, "{}", line(runs));
            }
            Block::Bullets(items) => items.iter().for_each(|r| {
                let _ = writeln!(out, "- {}", line(r));
            }),
            Block::Numbered(items) => items.iter().enumerate().for_each(|(n, r)| {
                let _ = writeln!(out, "{}. {}", n + 1, line(r));
            }),
            Block::Tasks(items) => items.iter().for_each(|r| {
                let _ = writeln!(out, "- [ ] {}", line(r));
            }),
            Block::Table { header, rows, numeric } => {
                let head: Vec<String> = header.iter().map(|h| escape(h)).collect();
                let _ = writeln!(out, "| {} |", head.join(" | "));
                let rules: Vec<&str> = (0..header.len())
                    .map(|c| if *numeric && c > 0 { "---:" } else { "---" })
                    .collect();
                let _ = writeln!(out, "| {} |", rules.join(" | "));
                for row in rows {
                    let cells: Vec<String> = row.iter().map(line).collect();
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                }
            }
        }
    }
    out
}

/// Markdown's strong and emphasis markers and escaping.
const MARKUP: Markup = Markup { strong: "**", emphasis: "*", escape };

fn line(runs: &Runs) -> String {
    MARKUP.line(runs)
}

/// `text` on one line with every character Markdown could read as syntax escaped: emphasis,
/// code, links and autolinks (bare URLs, `www.` and emails), HTML and entities, headings, table
/// cells, strikethrough, math, and a leading list, quote or rule marker; runs of spaces are one.
/// Characters that are only syntax in company (`$` before a digit, `&` outside an entity, a `.`
/// not ending a leading number) stay as they are, so the Markdown still reads well as text.
#[must_use]
pub fn escape(text: &str) -> String {
    let safe = terminal_safe(text);
    let mut out = String::with_capacity(safe.len() + 8);
    let mut chars = safe.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        // Runs of spaces are one space in any rendering; kept, four of them would start code.
        if c == ' ' && safe[..at].ends_with(' ') {
            continue;
        }
        let special = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' => true,
            // Autolinks: a scheme's `://` (`https://`, `ftp://`, `file:/`), `www.` and an email's
            // `@` are what GFM and pandoc look for; an escape inside each breaks the match.
            ':' => next == Some('/'),
            '@' => true,
            '.' => safe[..at]
                .get(at.saturating_sub(3)..)
                .is_some_and(|w| w.eq_ignore_ascii_case("www")),
            // Math closes only on a `$` not followed by a digit: `$540,000` is money.
            '$' => !next.is_some_and(|n| n.is_ascii_digit()),
            '&' => is_entity(&safe[at + 1..]),
            // A line starting `-`, `+` or `=` could be a list item, a rule or a heading
            // underline; `-2` and `+1.5` cannot.
            '-' | '+' | '=' => at == 0 && !next.is_some_and(|n| n.is_ascii_digit()),
            _ => false,
        };
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    // "1984. A year" or "3) three" would start an ordered list.
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &out[digits..];
        if (rest.starts_with(". ") || rest.starts_with(") ") || rest == "." || rest == ")")
            && digits > 0
        {
            out.insert(digits, '\\');
        }
    }
    out
}

/// Whether the text after a `&` makes it an entity: letters or digits (or `#`) up to a `;`.
fn is_entity(after: &str) -> bool {
    let name: String =
        after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '#').collect();
    !name.is_empty() && after[name.len()..].starts_with(';')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qbr::doc::{b, t};

    #[test]
    fn markdown_characters_are_escaped_and_controls_removed() {
        assert_eq!(
            escape("*Acme* [click](http://x) <b>_ `x` # | ~ \\ &amp; $x$"),
            "\\*Acme\\* \\[click\\](http\\://x) \\<b\\>\\_ \\`x\\` \\# \\| \\~ \\\\ \\&amp; \\$x\\$"
        );
        assert_eq!(escape("- not a list"), "\\- not a list");
        assert_eq!(escape("+ plus"), "\\+ plus");
        assert_eq!(escape("---"), "\\---");
        assert_eq!(escape("1984. A year"), "1984\\. A year");
        assert_eq!(escape("3) three"), "3\\) three");
        assert_eq!(escape("Line\nbreak\u{202e}\u{1b}[31m"), "Line break\\[31m");
        // What is not syntax stays readable.
        assert_eq!(escape("Société Générale 2.0"), "Société Générale 2.0");
        assert_eq!(escape("AT&T pays $540,000"), "AT&T pays $540,000");
        assert_eq!(escape("-2"), "-2");
        assert_eq!(escape("62.5"), "62.5");
    }

    #[test]
    fn urls_and_emails_are_broken_so_nothing_links() {
        let cases = [
            ("see https://evil.example/x now", r"see https\://evil.example/x now"),
            ("HTTP://EVIL.example", r"HTTP\://EVIL.example"),
            ("ftp://files.example", r"ftp\://files.example"),
            ("file:///etc/passwd", r"file\:///etc/passwd"),
            ("www.evil.example", r"www\.evil.example"),
            ("Visit WWW.Evil.example", r"Visit WWW\.Evil.example"),
            ("ceo@evil.example", r"ceo\@evil.example"),
            ("mailto:ceo@evil.example", r"mailto:ceo\@evil.example"),
            ("[x](http://evil.example)", r"\[x\](http\://evil.example)"),
            ("<http://evil.example>", r"\<http\://evil.example\>"),
            ("![img](https://evil.example/p.png)", r"!\[img\](https\://evil.example/p.png)"),
        ];
        for (text, escaped) in cases {
            assert_eq!(escape(text), escaped, "{text}");
        }
        // Ordinary colons and dots read as they are.
        assert_eq!(escape("Note: v2.0 at 10:30"), "Note: v2.0 at 10:30");
    }

    #[test]
    fn runs_of_spaces_become_one_so_no_line_becomes_code() {
        assert_eq!(escape("    indented code"), " indented code");
        assert_eq!(escape("a \t\t b"), "a b");
        let mut doc = Document::default();
        doc.push(Block::Bullets(vec![vec![t("     code in a list")]]));
        assert_eq!(render(&doc), "-  code in a list\n");
    }

    #[test]
    fn blocks_render_as_commonmark() {
        let mut doc = Document::default();
        doc.push(Block::Heading(1, "QBR: A|B".to_owned()));
        doc.push(Block::Paragraph(vec![t("Health "), b("58"), t(".")]));
        doc.push(Block::Tasks(vec![vec![t("Call *them*")]]));
        doc.push(Block::Table {
            header: vec!["Name".into(), "Value".into()],
            rows: vec![vec![vec![t("a|b")], vec![t("1")]]],
            numeric: true,
        });
        assert_eq!(
            render(&doc),
            "# QBR: A\\|B\n\nHealth **58**.\n\n- [ ] Call \\*them\\*\n\n\
             | Name | Value |\n| --- | ---: |\n| a\\|b | 1 |\n"
        );
    }
}
