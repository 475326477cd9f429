//! Rendering a brief as PDF with a tool found on `PATH`: typst on the brief's own Typst markup
//! when installed (it finds a font for every script the brief holds), then pandoc driving typst
//! when pandoc is 3.1.2 or later; else pandoc on the Markdown with a Unicode LaTeX engine
//! (xelatex, lualatex) given fonts for the brief's scripts, or pdflatex only for a brief in Latin
//! letters, which is all pdflatex can set. The tools work in a private directory beside the
//! output, and the PDF reaches the output through the one output writer. It must not decide where
//! the brief is written.

mod fonts;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::Brief;
use crate::output::{self, OutputError};

/// What to install when no tool is found.
const INSTALL: &str = "--pdf needs typst (https://typst.app) or pandoc (https://pandoc.org) \
    with a LaTeX engine on PATH: install typst, or pandoc and xelatex (Debian: pandoc and \
    texlive-xetex), or write the Markdown with -o FILE.md";

/// Why no PDF was written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("{INSTALL}")]
    NoTool,
    #[error(
        "pandoc needs a PDF engine and none is on PATH: install typst (https://typst.app) or \
         xelatex (Debian: texlive-xetex)"
    )]
    NoEngine,
    #[error(
        "the brief holds letters beyond Latin (such as Cyrillic, Greek or CJK) that pdflatex \
         cannot set: install typst (https://typst.app) or xelatex (Debian: texlive-xetex)"
    )]
    NotLatin,
    #[error(
        "the brief holds Chinese, Japanese or Korean text and no font for it is installed: \
         install one (Debian: fonts-noto-cjk)"
    )]
    NoCjkFont,
    #[error(
        "the brief holds Cyrillic or Greek letters and LaTeX has no font for them: install typst \
         (https://typst.app) or fonts-dejavu-core"
    )]
    NoTextFont,
    #[error(
        "LaTeX sets Chinese, Japanese or Korean text only with its CJK packages: install typst \
         (https://typst.app) or texlive-lang-cjk"
    )]
    NoCjkPackage,
    #[error("{tool} could not render the PDF ({status}): {stderr}")]
    Failed { tool: &'static str, status: String, stderr: String },
    #[error("cannot write the PDF: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// Where `name` is found among the directories of `path` (a `PATH` value), if anywhere.
#[must_use]
pub fn find_tool(name: &str, path: Option<&OsStr>) -> Option<PathBuf> {
    let path = path?;
    std::env::split_paths(path).map(|dir| dir.join(name)).find(|file| is_executable(file))
}

#[cfg(unix)]
fn is_executable(file: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    file.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(file: &Path) -> bool {
    file.is_file()
}

/// The way a PDF is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Renderer {
    /// `typst compile` on the brief's Typst markup.
    Typst(PathBuf),
    /// pandoc on the Markdown, with the LaTeX engine at `engine` and the template's font
    /// variables (`mainfont=DejaVu Serif`).
    Pandoc { pandoc: PathBuf, engine: PathBuf, fonts: Vec<String> },
}

/// The Unicode engines pandoc is given, best first, each with the package it sets CJK text with.
const UNICODE_ENGINES: [(&str, &str); 2] =
    [("xelatex", "xeCJK.sty"), ("lualatex", "luatexja-fontspec.sty")];

/// The ways to render a brief whose Markdown is `markdown` with the tools on `path`, best first
/// (an engine on PATH may still fail, e.g. without its fonts: the next one is tried).
///
/// # Errors
/// No tool is installed, pandoc has no engine, only pdflatex is there for a brief it cannot set,
/// or no font is installed for the brief's scripts; each says what to install.
pub fn choose(markdown: &str, path: Option<&OsStr>) -> Result<Vec<Renderer>, PdfError> {
    let latin = latin_only(markdown);
    let cjk = fonts::has_cjk(markdown);
    let families = if latin { None } else { fonts::installed(path) };
    // Without a CJK font no tool can draw the characters; without fc-list nobody can tell.
    let cjk_font = families.as_deref().and_then(|f| fonts::pick(&fonts::CJK_FONTS, f));
    if cjk && families.is_some() && cjk_font.is_none() {
        return Err(PdfError::NoCjkFont);
    }
    let mut ways: Vec<Renderer> =
        find_tool("typst", path).map(Renderer::Typst).into_iter().collect();
    let Some(pandoc) = find_tool("pandoc", path) else {
        return if ways.is_empty() { Err(PdfError::NoTool) } else { Ok(ways) };
    };
    // pandoc learnt to drive typst in 3.1.2 (Debian 12 has 2.17): a second try after typst's own.
    if let Some(typst) = find_tool("typst", path)
        && pandoc_version(&pandoc).is_some_and(|v| v >= (3, 1, 2))
    {
        ways.push(Renderer::Pandoc { pandoc: pandoc.clone(), engine: typst, fonts: Vec::new() });
    }
    let text_font = families.as_deref().and_then(|f| fonts::pick(&fonts::TEXT_FONTS, f));
    let mut missing = None;
    for (engine, cjk_package) in UNICODE_ENGINES {
        let Some(engine) = find_tool(engine, path) else { continue };
        let mut variables = Vec::new();
        if !latin {
            let Some(font) = text_font else {
                missing.get_or_insert(PdfError::NoTextFont);
                continue;
            };
            variables.push(format!("mainfont={font}"));
        }
        if cjk {
            match cjk_font {
                Some(font) if fonts::has_package(cjk_package, path) => {
                    variables.push(format!("CJKmainfont={font}"));
                }
                _ => {
                    missing.get_or_insert(PdfError::NoCjkPackage);
                    continue;
                }
            }
        }
        ways.push(Renderer::Pandoc { pandoc: pandoc.clone(), engine, fonts: variables });
    }
    let pdflatex = find_tool("pdflatex", path);
    if latin && let Some(engine) = pdflatex.clone() {
        ways.push(Renderer::Pandoc { pandoc, engine, fonts: Vec::new() });
    }
    match (ways.is_empty(), missing) {
        (false, _) => Ok(ways),
        (true, Some(missing)) => Err(missing),
        (true, None) if pdflatex.is_some() => Err(PdfError::NotLatin),
        (true, None) => Err(PdfError::NoEngine),
    }
}

/// The version `pandoc --version` gives (`pandoc 3.1.2` → (3, 1, 2)), if it runs.
fn pandoc_version(pandoc: &Path) -> Option<(u32, u32, u32)> {
    let out = Command::new(pandoc).arg("--version").output().ok()?;
    parse_version(&String::from_utf8_lossy(&out.stdout))
}

/// The version in the first line of `pandoc --version`: `pandoc 2.17.1.1` → (2, 17, 1).
fn parse_version(text: &str) -> Option<(u32, u32, u32)> {
    let word = text.lines().next()?.split_whitespace().nth(1)?;
    let mut parts = word.split('.').map(|p| p.parse::<u32>().ok());
    Some((parts.next()??, parts.next().flatten().unwrap_or(0), parts.next().flatten().unwrap_or(0)))
}

/// Whether pdflatex (with pandoc's template: T1 fonts, UTF-8 input) can set every character of
/// `text`: ASCII, the Latin-1 and Latin Extended-A letters and the usual typographic marks.
#[must_use]
pub fn latin_only(text: &str) -> bool {
    text.chars().all(|c| {
        matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{17f}')
            || "\u{2013}\u{2014}\u{2018}\u{2019}\u{201a}\u{201c}\u{201d}\u{201e}\u{2022}\u{2026}\u{20ac}"
                .contains(c)
    })
}

/// `path` as a tool's argument: a relative path starts with `./`, so a file named `-x` is never
/// read as an option.
fn argument(path: &Path) -> std::path::PathBuf {
    if path.is_relative() { Path::new(".").join(path) } else { path.to_path_buf() }
}

/// Renders `brief` to the PDF file `output` with the tools found on `path`; returns the tool's
/// name.
///
/// # Errors
/// No tool is installed (the message says what to install), the tool failed (with what it said
/// on stderr), or a file could not be written.
pub fn render(
    brief: &Brief,
    output: &Path,
    path: Option<&OsStr>,
) -> Result<&'static str, PdfError> {
    let markdown = brief.markdown();
    let ways = choose(&markdown, path)?;
    // Only this user can read or plant anything in the tools' directory.
    let work = output::working_dir(output)?;
    let mut first_failure = None;
    for way in ways {
        match run(brief, &markdown, way, work.path())? {
            Ok((tool, bytes)) => {
                output::write_file(output, &bytes)?;
                return Ok(tool);
            }
            Err(failure) => {
                first_failure.get_or_insert(failure);
            }
        }
    }
    // The best tool's complaint says most about what to fix.
    Err(first_failure.unwrap_or(PdfError::NoTool))
}

/// Runs one way of rendering in `work`: the tool's name and the PDF, or why it failed (as the
/// inner error, so the next way can be tried); the outer error is a file that could not be
/// written.
fn run(
    brief: &Brief,
    markdown: &str,
    way: Renderer,
    work: &Path,
) -> Result<Result<(&'static str, Vec<u8>), PdfError>, PdfError> {
    let pdf = work.join("brief.pdf");
    let (tool, mut command) = match way {
        Renderer::Typst(typst) => {
            let source = work.join("brief.typ");
            std::fs::write(&source, brief.typst())?;
            let mut command = Command::new(typst);
            command.arg("compile").arg(argument(&source)).arg(argument(&pdf));
            ("typst", command)
        }
        Renderer::Pandoc { pandoc, engine, fonts } => {
            let source = work.join("brief.md");
            std::fs::write(&source, markdown)?;
            let mut command = Command::new(pandoc);
            command.arg("--from=gfm");
            for variable in fonts {
                command.arg("--variable").arg(variable);
            }
            command
                .arg(format!("--pdf-engine={}", engine.display()))
                .arg("--output")
                .arg(argument(&pdf))
                .arg(argument(&source));
            ("pandoc", command)
        }
    };
    let ran = match command.output() {
        Ok(ran) => ran,
        Err(e) => return Ok(Err(e.into())),
    };
    let made = if ran.status.success() { std::fs::read(&pdf).ok() } else { None };
    if let Some(bytes) = made {
        return Ok(Ok((tool, bytes)));
    }
    let stderr = crate::domain::terminal_safe(String::from_utf8_lossy(&ran.stderr).trim())
        .chars()
        .take(600)
        .collect::<String>();
    Ok(Err(PdfError::Failed {
        tool,
        status: ran.status.to_string(),
        stderr: if stderr.is_empty() { "no message".to_owned() } else { stderr },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_file_is_passed_as_a_path_never_as_an_option() {
        assert_eq!(argument(Path::new("-x.pdf")), Path::new("./-x.pdf"));
        assert_eq!(argument(Path::new("/books/-x.pdf")), Path::new("/books/-x.pdf"));
    }

    #[test]
    fn tools_are_found_only_where_executable() {
        let dir = tempfile::tempdir().unwrap();
        let tool = dir.path().join("pandoc");
        std::fs::write(&tool, "#!/bin/sh\n").unwrap();
        assert_eq!(find_tool("pandoc", Some(dir.path().as_os_str())), None, "not executable");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&tool, std::fs::Permissions::from_mode(0o755)).unwrap();
            assert_eq!(find_tool("pandoc", Some(dir.path().as_os_str())), Some(tool));
        }
        assert_eq!(find_tool("pandoc", None), None);
        assert_eq!(find_tool("typst", Some(OsStr::new(""))), None);
    }

    #[test]
    fn pandocs_version_is_read_from_its_first_line() {
        assert_eq!(parse_version("pandoc 2.17.1.1\nCompiled with pandoc-types"), Some((2, 17, 1)));
        assert_eq!(parse_version("pandoc.exe 3.1.2\n"), Some((3, 1, 2)));
        assert_eq!(parse_version("pandoc 3\n"), Some((3, 0, 0)));
        assert_eq!(parse_version("pandoc\n"), None);
        assert_eq!(parse_version(""), None);
    }

    #[test]
    fn pdflatex_is_trusted_with_latin_letters_only() {
        assert!(latin_only("Société Générale · “quoted” – 5 € … Łódź Ærø\n"));
        for text in ["Газпром", "Ελλάδα", "東京海上", "한국", "→", "✓", "\u{2212}"]
        {
            assert!(!latin_only(text), "{text}");
        }
    }

    /// A directory holding executables named `tools`, as a `PATH`.
    #[cfg(unix)]
    fn path_with(tools: &[&str]) -> (tempfile::TempDir, std::ffi::OsString) {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        for tool in tools {
            // `fc-list:A,B` lists the font families A and B, `pandoc:LINE` gives its version
            // line; `kpsewhich` finds every package.
            let (tool, body) = match tool.split_once(':') {
                Some(("pandoc", version)) => ("pandoc", format!("echo '{version}'")),
                Some((tool, families)) => (tool, format!("echo '{}'", families.replace(',', "\n"))),
                None if *tool == "kpsewhich" => (*tool, "echo \"/texmf/$1\"".to_owned()),
                None => (*tool, String::new()),
            };
            let file = dir.path().join(tool);
            std::fs::write(&file, format!("#!/bin/sh\n{body}\n")).unwrap();
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let path = dir.path().as_os_str().to_owned();
        (dir, path)
    }

    #[cfg(unix)]
    #[test]
    fn typst_first_then_pandoc_with_a_unicode_engine_then_pdflatex_for_latin() {
        let choose_with = |tools: &[&str], text: &str| {
            let (dir, path) = path_with(tools);
            let name = |p: &Path| p.strip_prefix(dir.path()).unwrap().display().to_string();
            choose(text, Some(&path)).map(|ways| {
                let ways: Vec<String> = ways
                    .iter()
                    .map(|way| match way {
                        Renderer::Typst(typst) => name(typst),
                        Renderer::Pandoc { pandoc, engine, fonts } => {
                            let mut way = format!("{}+{}", name(pandoc), name(engine));
                            fonts.iter().for_each(|f| way.push_str(&format!("({f})")));
                            way
                        }
                    })
                    .collect();
                ways.join(" ")
            })
        };
        let all = ["pandoc", "typst", "xelatex", "lualatex", "pdflatex"];
        let serif = "fc-list:DejaVu Sans,DejaVu Serif";
        assert_eq!(
            choose_with(&[&all[..], &[serif]].concat(), "Газпром").unwrap(),
            "typst pandoc+xelatex(mainfont=DejaVu Serif) pandoc+lualatex(mainfont=DejaVu Serif)",
            "typst first, the LaTeX engines with a font for Cyrillic, never pdflatex"
        );
        assert_eq!(
            choose_with(&all[..2], "x").unwrap(),
            "typst",
            "typst on its own: pandoc before 3.1.2 cannot drive it"
        );
        assert_eq!(
            choose_with(&["pandoc", "lualatex", "xelatex", "pdflatex"], "x").unwrap(),
            "pandoc+xelatex pandoc+lualatex pandoc+pdflatex"
        );
        assert_eq!(choose_with(&["pandoc", "pdflatex"], "Société").unwrap(), "pandoc+pdflatex");
        assert!(matches!(choose_with(&["pandoc", "pdflatex"], "Ελλάδα"), Err(PdfError::NotLatin)));
        // A pandoc new enough to drive typst is the second way; Debian's 2.17 is not.
        let new_pandoc = "pandoc:pandoc 3.1.11";
        assert_eq!(choose_with(&["typst", new_pandoc], "x").unwrap(), "typst pandoc+typst");
        assert_eq!(choose_with(&["typst", "pandoc:pandoc 2.17.1.1"], "x").unwrap(), "typst");
        // Cyrillic without a font for it, in LaTeX; typst finds its own.
        assert!(matches!(
            choose_with(&["pandoc", "xelatex", "fc-list:DejaVu Sans"], "Газпром"),
            Err(PdfError::NoTextFont)
        ));
        assert_eq!(choose_with(&["typst", "fc-list:DejaVu Sans"], "Газпром").unwrap(), "typst");
        // CJK: a CJK font for anyone, and LaTeX's CJK package.
        let cjk_fonts = "fc-list:Noto Serif,Noto Sans CJK SC";
        assert!(matches!(
            choose_with(&["typst", "fc-list:DejaVu Serif"], "東京"),
            Err(PdfError::NoCjkFont)
        ));
        assert!(matches!(
            choose_with(&["pandoc", "lualatex", cjk_fonts], "東京"),
            Err(PdfError::NoCjkPackage)
        ));
        assert_eq!(
            choose_with(&["pandoc", "pdflatex", "lualatex", "kpsewhich", cjk_fonts], "東京")
                .unwrap(),
            "pandoc+lualatex(mainfont=Noto Serif)(CJKmainfont=Noto Sans CJK SC)"
        );
        assert!(matches!(choose_with(&["pandoc"], "x"), Err(PdfError::NoEngine)));
        assert!(matches!(choose_with(&["xelatex"], "x"), Err(PdfError::NoTool)));
        let message = PdfError::NotLatin.to_string();
        assert!(
            message.contains("install typst") && message.contains("texlive-xetex"),
            "{message}"
        );
    }
}
