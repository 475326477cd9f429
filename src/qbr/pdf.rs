//! Rendering a brief as PDF with a tool found on `PATH`: pandoc (which needs a PDF engine; typst
//! is passed to it when installed, else its default LaTeX engine is used), else typst on the
//! brief's own Typst markup. The source goes to a file beside the output and the PDF replaces
//! the output only once complete. It must not decide where the brief is written.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::Brief;

/// What to install when no tool is found.
const INSTALL: &str = "--pdf needs pandoc (with a PDF engine such as typst or a LaTeX \
    distribution) or typst on PATH: install typst (https://typst.app) or pandoc \
    (https://pandoc.org), or write the Markdown with -o FILE.md";

/// Why no PDF was written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("{INSTALL}")]
    NoTool,
    #[error("{tool} could not render the PDF ({status}): {stderr}")]
    Failed { tool: &'static str, status: String, stderr: String },
    #[error("cannot write the PDF: {0}")]
    Io(#[from] std::io::Error),
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
    let pandoc = find_tool("pandoc", path);
    let typst = find_tool("typst", path);
    let partial = sibling(output, "partial.pdf");
    let (tool, source, mut command) = match (pandoc, typst) {
        (Some(pandoc), typst) => {
            let source = sibling(output, "source.md");
            std::fs::write(&source, brief.markdown())?;
            let mut command = Command::new(pandoc);
            command.arg("--from=gfm").arg("--output").arg(argument(&partial));
            if let Some(typst) = typst {
                command.arg(format!("--pdf-engine={}", typst.display()));
            }
            command.arg(argument(&source));
            ("pandoc", source, command)
        }
        (None, Some(typst)) => {
            let source = sibling(output, "source.typ");
            std::fs::write(&source, brief.typst())?;
            let mut command = Command::new(typst);
            command.arg("compile").arg(argument(&source)).arg(argument(&partial));
            ("typst", source, command)
        }
        (None, None) => return Err(PdfError::NoTool),
    };
    let ran = command.output();
    let _ = std::fs::remove_file(&source);
    let ran = match ran {
        Ok(ran) => ran,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e.into());
        }
    };
    if !ran.status.success() || !partial.exists() {
        let _ = std::fs::remove_file(&partial);
        let stderr = crate::domain::terminal_safe(String::from_utf8_lossy(&ran.stderr).trim())
            .chars()
            .take(600)
            .collect::<String>();
        return Err(PdfError::Failed {
            tool,
            status: ran.status.to_string(),
            stderr: if stderr.is_empty() { "no message".to_owned() } else { stderr },
        });
    }
    std::fs::rename(&partial, output)?;
    Ok(tool)
}

/// A working file beside `output`: `brief.pdf` gives `.brief.pdf.1234.source.md`.
fn sibling(output: &Path, suffix: &str) -> PathBuf {
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    output.with_file_name(format!(".{name}.{}.{suffix}", std::process::id()))
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
}
