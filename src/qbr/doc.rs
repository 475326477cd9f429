//! The brief as a document: headings, paragraphs, lists and tables of plain text runs. Text here
//! is raw (stored names, subjects, comments as they are); each renderer cleans and escapes it for
//! its format, so no caller can forget to. It must not format for a particular output.

/// A run of text inside a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Strong(String),
    Emphasis(String),
}

/// A line of runs: a paragraph, a list item or a table cell.
pub type Runs = Vec<Inline>;

/// How a markup writes strong and emphasised runs, and escapes text.
pub struct Markup {
    pub strong: &'static str,
    pub emphasis: &'static str,
    pub escape: fn(&str) -> String,
}

impl Markup {
    /// The runs of one line, each escaped; the markers hug the text (a marker followed by a
    /// space is not read as one), so a run's outer spaces go outside them.
    #[must_use]
    pub fn line(&self, runs: &Runs) -> String {
        let mut out = String::new();
        for run in runs {
            let (text, marker) = match run {
                Inline::Text(text) => (text, ""),
                Inline::Strong(text) => (text, self.strong),
                Inline::Emphasis(text) => (text, self.emphasis),
            };
            let core = text.trim();
            if marker.is_empty() || core.is_empty() {
                out.push_str(&(self.escape)(text));
                continue;
            }
            let lead = &text[..text.len() - text.trim_start().len()];
            let trail = &text[text.trim_end().len()..];
            out.push_str(lead);
            out.push_str(marker);
            out.push_str(&(self.escape)(core));
            out.push_str(marker);
            out.push_str(trail);
        }
        out
    }
}

/// One block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A section heading; level 1 is the title.
    Heading(u8, String),
    Paragraph(Runs),
    Bullets(Vec<Runs>),
    Numbered(Vec<Runs>),
    /// Open tasks, drawn as unchecked boxes.
    Tasks(Vec<Runs>),
    /// A table: a header row and rows of cells (the first column left, the others right-aligned
    /// when `numeric`).
    Table {
        header: Vec<String>,
        rows: Vec<Vec<Runs>>,
        numeric: bool,
    },
}

/// A whole document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub blocks: Vec<Block>,
}

impl Document {
    /// Adds a block.
    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    /// Adds a section heading (level 2).
    pub fn section(&mut self, title: &str) {
        self.blocks.push(Block::Heading(2, title.to_owned()));
    }

    /// Adds a paragraph of one plain run.
    pub fn text(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(vec![Inline::Text(text.into())]));
    }
}

/// Plain text.
pub fn t(text: impl Into<String>) -> Inline {
    Inline::Text(text.into())
}

/// Strong text.
pub fn b(text: impl Into<String>) -> Inline {
    Inline::Strong(text.into())
}

/// Emphasised text.
pub fn i(text: impl Into<String>) -> Inline {
    Inline::Emphasis(text.into())
}
