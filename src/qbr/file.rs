//! Writing a brief to a file: into a working file beside it that replaces the file only once
//! complete, so a reader never sees half a brief and a failure leaves the old file whole. It
//! must not decide the file's name or place.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Writes `text` to `path`, replacing the file if it exists.
///
/// # Errors
/// The directory cannot be written to, or the disk is full.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let partial: PathBuf = path.with_file_name(format!(".{name}.partial-{}", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&partial)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&partial, path)
    })();
    if written.is_err() {
        // Half a brief is worthless; failing to remove it must not hide why it failed.
        let _ = std::fs::remove_file(&partial);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_and_no_working_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("brief.md");
        write_atomically(&path, "first").unwrap();
        write_atomically(&path, "second").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let missing = dir.path().join("no-such-dir").join("brief.md");
        assert!(write_atomically(&missing, "x").is_err());
    }
}
