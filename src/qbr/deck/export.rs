//! Writing a deck to the file the caller names, in the format its extension asks for: `.html`
//! (or any other name) the self-contained HTML; `.pptx` through pandoc; `.pdf` through typst
//! (which reads the charts' SVG) or else pandoc and a LaTeX engine (beamer slides at 16:9),
//! chosen as the brief's PDF is. For pandoc the charts are rasterised to PNG (pure Rust,
//! `resvg`) in a private working directory, since its PowerPoint and LaTeX writers cannot be
//! trusted with SVG. Every file reaches its
//! target through the one output writer. It must not decide what a slide says.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use super::model::Deck;
use super::pandoc;
use super::svg::{self, Embed};
use crate::output::{self, OutputError};
use crate::qbr::pdf::{self, PdfError, Renderer, find_tool};

/// The formats a deck is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeckFormat {
    Html,
    Pptx,
    Pdf,
}

impl DeckFormat {
    /// The format a file name asks for by its extension (any case); HTML unless `.pptx` or
    /// `.pdf`.
    #[must_use]
    pub fn of(path: &Path) -> Self {
        match path.extension().and_then(OsStr::to_str).map(str::to_ascii_lowercase).as_deref() {
            Some("pptx") => Self::Pptx,
            Some("pdf") => Self::Pdf,
            _ => Self::Html,
        }
    }
}

/// Why a deck was not written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(
        "a .pptx deck needs pandoc (https://pandoc.org) on PATH: install it (Debian: pandoc), \
         or write the deck as .html"
    )]
    NoPandoc,
    #[error(
        "a .pdf deck needs typst (https://typst.app), or pandoc (https://pandoc.org) and a LaTeX \
         engine, on PATH: install typst, or pandoc and xelatex (Debian: pandoc, texlive-xetex \
         and texlive-latex-recommended), or write the deck as .html and print it from a browser"
    )]
    NoPdfTool,
    #[error("{0}")]
    Pdf(#[from] PdfError),
    #[error("cannot draw a chart as an image: {0}")]
    Chart(String),
    #[error("{tool} could not write the deck ({status}): {stderr}")]
    Failed { tool: String, status: String, stderr: String },
    #[error("cannot write the deck: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// Writes `deck` to `target` in `format`, with the tools found on `path` (a `PATH` value);
/// returns the tool that made it (`None` for HTML, which needs none).
///
/// # Errors
/// The tool the format needs is missing (the message says what to install), it failed, or a
/// file could not be written.
pub fn write(
    deck: &Deck,
    target: &Path,
    format: DeckFormat,
    path: Option<&OsStr>,
) -> Result<Option<&'static str>, ExportError> {
    match format {
        DeckFormat::Html => {
            output::write_file(target, deck.html().as_bytes())?;
            Ok(None)
        }
        DeckFormat::Pptx => {
            let pandoc = find_tool("pandoc", path).ok_or(ExportError::NoPandoc)?;
            let mut command = Command::new(pandoc);
            command.args(["--from=gfm", "--to=pptx"]);
            run(deck, target, command, "deck.pptx")?;
            Ok(Some("pandoc"))
        }
        DeckFormat::Pdf => {
            let source = pandoc::render(deck);
            let ways = match pdf::choose(&source, path) {
                Ok(ways) => ways,
                Err(PdfError::NoTool | PdfError::NoEngine) => return Err(ExportError::NoPdfTool),
                Err(e) => return Err(e.into()),
            };
            let mut first_failure = None;
            for way in ways {
                let (tool, ran) = match way {
                    Renderer::Typst(typst) => ("typst", run_typst(deck, target, typst)),
                    Renderer::Pandoc { pandoc, engine, fonts } => {
                        ("pandoc", run_beamer(deck, target, pandoc, &engine, fonts))
                    }
                };
                match ran {
                    Ok(()) => return Ok(Some(tool)),
                    Err(e @ ExportError::Failed { .. }) => {
                        first_failure.get_or_insert(e);
                    }
                    Err(e) => return Err(e),
                }
            }
            Err(first_failure.unwrap_or(ExportError::NoPdfTool))
        }
    }
}

/// pandoc's beamer slides at 16:9, set by the LaTeX `engine` with the font variables `fonts`.
fn run_beamer(
    deck: &Deck,
    target: &Path,
    pandoc: std::path::PathBuf,
    engine: &Path,
    fonts: Vec<String>,
) -> Result<(), ExportError> {
    let mut command = Command::new(pandoc);
    command.args(["--from=gfm", "--to=beamer", "--variable", "aspectratio=169"]);
    command.arg(format!("--include-in-header={BEAMER_PREAMBLE}"));
    for variable in fonts {
        command.arg("--variable").arg(variable);
    }
    command.arg(format!("--pdf-engine={}", engine.display()));
    run(deck, target, command, "deck.pdf")
}

/// The file, in the working directory, of [`CHART_HEIGHT`].
const BEAMER_PREAMBLE: &str = "preamble.tex";

/// LaTeX added to pandoc's beamer preamble: an image is at most 70 % of the text height, so a
/// chart fits under its slide's title (pandoc's own bound is the whole text height).
const CHART_HEIGHT: &str = "\\makeatletter\n\\def\\maxheight{\\ifdim\\Gin@nat@height>0.7\\textheight \
    0.7\\textheight\\else\\Gin@nat@height\\fi}\n\\makeatother\n";

/// `typst compile` on the deck's Typst source, the charts beside it as SVG files.
fn run_typst(deck: &Deck, target: &Path, typst: std::path::PathBuf) -> Result<(), ExportError> {
    let work = output::working_dir(target)?;
    let dir = work.path();
    for (i, chart) in pandoc::charts(deck).enumerate() {
        let label = format!("{}: {}", chart.title, chart.takeaway);
        let svg = svg::figure(&chart.figure, &label, Embed::File);
        std::fs::write(dir.join(format!("chart-{}.svg", i + 1)), svg)?;
    }
    std::fs::write(dir.join("deck.typ"), super::typst::render(deck))?;
    let mut command = Command::new(typst);
    command.current_dir(dir).args(["compile", "deck.typ", "deck.pdf"]);
    finish(&mut command, dir, "deck.pdf", target)
}

/// Runs pandoc (`command`, its format options given) on the deck's source and charts in a
/// private directory beside `target`, then writes what it made to `target`.
fn run(deck: &Deck, target: &Path, mut command: Command, made: &str) -> Result<(), ExportError> {
    let work = output::working_dir(target)?;
    let dir = work.path();
    let fonts = font_database();
    for (i, chart) in pandoc::charts(deck).enumerate() {
        let label = format!("{}: {}", chart.title, chart.takeaway);
        let png = rasterise(&svg::figure(&chart.figure, &label, Embed::File), &fonts)?;
        std::fs::write(dir.join(format!("chart-{}.png", i + 1)), png)?;
    }
    std::fs::write(dir.join("deck.md"), pandoc::render(deck))?;
    std::fs::write(dir.join(BEAMER_PREAMBLE), CHART_HEIGHT)?;
    // In the working directory, so the charts are found by their relative names and no file
    // name of the user's is ever read as an option.
    command.current_dir(dir).arg("--output").arg(made).arg("deck.md");
    finish(&mut command, dir, made, target)
}

/// Runs `command`, then writes the file `made` it left in `dir` to `target`; its failure is
/// [`ExportError::Failed`] with what it said.
fn finish(command: &mut Command, dir: &Path, made: &str, target: &Path) -> Result<(), ExportError> {
    let ran = command.output()?;
    let bytes = if ran.status.success() { std::fs::read(dir.join(made)).ok() } else { None };
    let Some(bytes) = bytes else {
        let stderr: String =
            crate::domain::terminal_safe(String::from_utf8_lossy(&ran.stderr).trim())
                .chars()
                .take(600)
                .collect();
        let tool = Path::new(command.get_program()).file_name().map_or_else(
            || "the tool".to_owned(),
            |n| crate::domain::terminal_safe(&n.to_string_lossy()).into_owned(),
        );
        return Err(ExportError::Failed {
            tool,
            status: ran.status.to_string(),
            stderr: if stderr.is_empty() { "no message".to_owned() } else { stderr },
        });
    };
    output::write_file(target, &bytes)?;
    Ok(())
}

/// The system's fonts, for the charts' text.
fn font_database() -> std::sync::Arc<resvg::usvg::fontdb::Database> {
    let mut db = resvg::usvg::fontdb::Database::new();
    db.load_system_fonts();
    std::sync::Arc::new(db)
}

/// A standalone SVG drawn as PNG at twice its size, sharp on a projector.
fn rasterise(
    svg: &str,
    fonts: &std::sync::Arc<resvg::usvg::fontdb::Database>,
) -> Result<Vec<u8>, ExportError> {
    let options = resvg::usvg::Options { fontdb: fonts.clone(), ..resvg::usvg::Options::default() };
    let tree = resvg::usvg::Tree::from_str(svg, &options)
        .map_err(|e| ExportError::Chart(e.to_string()))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(2.0)
        .ok_or_else(|| ExportError::Chart("empty chart".to_owned()))?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| ExportError::Chart("chart too large".to_owned()))?;
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(2.0, 2.0), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| ExportError::Chart(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_picks_the_format() {
        assert_eq!(DeckFormat::of(Path::new("deck.html")), DeckFormat::Html);
        assert_eq!(DeckFormat::of(Path::new("deck")), DeckFormat::Html);
        assert_eq!(DeckFormat::of(Path::new("Deck.PPTX")), DeckFormat::Pptx);
        assert_eq!(DeckFormat::of(Path::new("deck.Pdf")), DeckFormat::Pdf);
    }

    #[test]
    fn a_missing_tool_names_what_to_install() {
        let empty = tempfile::tempdir().unwrap();
        let deck = super::super::Deck {
            account: "Acme".to_owned(),
            slug: "acme".to_owned(),
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            slides: Vec::new(),
        };
        let path = Some(empty.path().as_os_str());
        let pptx = write(&deck, &empty.path().join("d.pptx"), DeckFormat::Pptx, path).unwrap_err();
        assert!(matches!(pptx, ExportError::NoPandoc), "{pptx}");
        assert!(pptx.to_string().contains("install it (Debian: pandoc)"));
        let pdf = write(&deck, &empty.path().join("d.pdf"), DeckFormat::Pdf, path).unwrap_err();
        assert!(matches!(pdf, ExportError::NoPdfTool), "{pdf}");
        assert!(!empty.path().join("d.pdf").exists() && !empty.path().join("d.pptx").exists());
    }
}
