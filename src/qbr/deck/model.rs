//! The deck as plain data: slides of a title, big figures, points, a table and charts, every
//! text raw (as stored) so each renderer escapes it for its own format. It must not hold an
//! internal-only fact nor format for a particular output.

use chrono::NaiveDate;

use super::choices::{ChartKind, WinKey};

/// A whole deck.
#[derive(Debug, Clone, PartialEq)]
pub struct Deck {
    pub account: String,
    /// The account's name for a file name (see [`crate::qbr::slug`]).
    pub slug: String,
    pub as_of: NaiveDate,
    pub slides: Vec<Slide>,
}

/// Which slide a slide is, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlideKind {
    Title,
    Agenda,
    Goals,
    Wins,
    Adoption,
    Support,
    JointPlan,
    Asks,
}

impl SlideKind {
    /// A stable name for the slide (its HTML id).
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Agenda => "agenda",
            Self::Goals => "goals",
            Self::Wins => "wins",
            Self::Adoption => "adoption",
            Self::Support => "support",
            Self::JointPlan => "joint-plan",
            Self::Asks => "asks",
        }
    }
}

/// One slide.
#[derive(Debug, Clone, PartialEq)]
pub struct Slide {
    pub kind: SlideKind,
    pub title: String,
    /// A line under the title.
    pub lead: Option<String>,
    /// Big figures with their labels.
    pub stats: Vec<Stat>,
    /// The success-plan goals (the goals slide).
    pub goals: Vec<GoalLine>,
    pub points: Vec<Point>,
    pub table: Option<Table>,
    pub charts: Vec<Chart>,
}

impl Slide {
    /// An empty slide of `kind` titled `title`.
    #[must_use]
    pub fn new(kind: SlideKind, title: impl Into<String>) -> Self {
        Self {
            kind,
            title: title.into(),
            lead: None,
            stats: Vec::new(),
            goals: Vec::new(),
            points: Vec::new(),
            table: None,
            charts: Vec::new(),
        }
    }
}

/// A big figure: "453" over "active users a day".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stat {
    pub value: String,
    pub label: String,
}

/// A bullet point; a win names what it is, so a choice can keep or drop it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    pub text: String,
    pub win: Option<WinKey>,
}

/// A table of text cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// One goal of the success plan as the customer sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalLine {
    pub objective: String,
    /// "hours per close: from 40 to 10".
    pub measure: Option<String>,
    pub status: String,
    pub met: bool,
    /// Baseline, now and target, when known.
    pub bar: Option<Progress>,
}

/// A goal's progress in its own unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub baseline: f64,
    pub now: f64,
    pub target: f64,
}

impl Progress {
    /// How far from baseline to target, 0..=1.
    #[must_use]
    pub fn share(self) -> f64 {
        let span = self.target - self.baseline;
        if span.abs() < f64::EPSILON {
            return if self.now == self.target { 1.0 } else { 0.0 };
        }
        ((self.now - self.baseline) / span).clamp(0.0, 1.0)
    }
}

/// A chart: its title, the one line it says, and what it draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub kind: ChartKind,
    pub title: String,
    pub takeaway: String,
    pub figure: Figure,
}

/// What a chart draws.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    /// Lines over days: `x_ticks` are (day index, label); the first series strong, the others
    /// lighter; `reference` a dashed level (licensed seats).
    Lines {
        y_label: String,
        x_ticks: Vec<(usize, String)>,
        series: Vec<Series>,
        reference: Option<(f64, String)>,
    },
    /// Grouped bars: one group per category, one bar per series; a category where every
    /// value is zero says `empty` instead ("not used").
    Bars { y_label: String, categories: Vec<String>, series: Vec<Series>, empty: String },
}

/// One series of a chart (a `None` value is a day without data).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
    /// The series of the period before: drawn lighter.
    pub light: bool,
}
