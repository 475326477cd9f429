//! Writing an output file (an export, a backup, a QBR brief or its PDF) the one safe way: a new
//! file created exclusively beside the target (never through a link, readable by its owner only),
//! written, synced, renamed over the target and the directory synced, so a reader never sees half
//! a file and a failure leaves the old one whole. A target that is not a regular file (a device, a
//! FIFO, a symbolic link, a directory) is never replaced. Working files left by an interrupted
//! earlier run are removed by the next write into the same directory. It must not decide what is
//! written or where: callers give the path and the bytes.

use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::{NamedTempFile, TempDir};

/// The start of every working file's name; the writer's process id follows, then random letters,
/// so a leftover can be told from a write in progress.
const PREFIX: &str = ".csm-partial-";

/// An output that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{path} is {kind}, not a regular file: csm never replaces it")]
    NotAFile { path: String, kind: &'static str },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
}

impl OutputError {
    /// A failure to write `path`. `tempfile` names its working file in its errors; the user
    /// named the target, so the message names only that.
    fn write(path: &Path, source: std::io::Error) -> Self {
        let text = source.to_string();
        let source = match text.split_once(" at path ") {
            Some((plain, _)) => std::io::Error::new(source.kind(), plain.to_owned()),
            None => source,
        };
        Self::Write { path: crate::domain::shown_path(path), source }
    }
}

/// Where an output named on the command line goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// `-` or `/dev/stdout`.
    Stdout,
    /// A regular file, or a name where nothing is yet.
    File(PathBuf),
}

/// Whether `path` names standard output: `-` or `/dev/stdout`.
#[must_use]
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-" || path.as_os_str() == "/dev/stdout"
}

/// Where `path` sends an output.
///
/// # Errors
/// `path` is something other than a regular file (see [`check_target`]).
pub fn destination(path: &Path) -> Result<Destination, OutputError> {
    if is_stdout(path) {
        return Ok(Destination::Stdout);
    }
    check_target(path)?;
    Ok(Destination::File(path.to_path_buf()))
}

/// Refuses a target that must not be replaced: anything that exists and is not a regular file.
/// The name itself is examined, never what a link points to.
///
/// # Errors
/// [`OutputError::NotAFile`] naming what was found, or the name cannot be examined.
pub fn check_target(path: &Path) -> Result<(), OutputError> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(OutputError::write(path, e)),
    };
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    Err(OutputError::NotAFile { path: crate::domain::shown_path(path), kind: kind_name(&kind) })
}

#[cfg(unix)]
fn kind_name(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_dir() {
        "a directory"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a file"
    }
}

#[cfg(not(unix))]
fn kind_name(kind: &std::fs::FileType) -> &'static str {
    if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

/// The directory `path` is in (`.` for a bare name).
fn parent(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// An output being written: a working file beside its target that replaces the target on
/// [`commit`](Self::commit), and is removed if dropped before.
#[derive(Debug)]
pub struct PendingFile {
    temp: NamedTempFile,
    target: PathBuf,
}

impl PendingFile {
    /// Starts writing `target`: refuses a target that is not a regular file, creates the working
    /// file (mode 0600, exclusively: a name planted in the directory is never opened) and
    /// removes what interrupted earlier writes left in the directory.
    ///
    /// # Errors
    /// The target is not a regular file, or the directory cannot be written.
    pub fn create(target: &Path) -> Result<Self, OutputError> {
        check_target(target)?;
        let temp = tempfile::Builder::new()
            .prefix(&format!("{PREFIX}{}-", std::process::id()))
            .rand_bytes(8)
            .tempfile_in(parent(target))
            .map_err(|e| OutputError::write(target, e))?;
        clean_leftovers(parent(target), target, temp.as_file());
        Ok(Self { temp, target: target.to_path_buf() })
    }

    /// The working file's path, for a writer that opens files by name (SQLite).
    #[must_use]
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    /// Makes the working file the target: synced, renamed over it (after checking again that the
    /// target is still a regular file or absent), the directory synced. Returns the size written.
    ///
    /// # Errors
    /// The disk is full, the target turned into something else, or the rename failed.
    pub fn commit(self) -> Result<u64, OutputError> {
        let target = self.target;
        let fail = |e| OutputError::write(&target, e);
        self.temp.as_file().sync_all().map_err(fail)?;
        let bytes = self.temp.as_file().metadata().map_err(fail)?.len();
        check_target(&target)?;
        self.temp.persist(&target).map_err(|e| fail(e.error))?;
        sync_dir(parent(&target)).map_err(fail)?;
        Ok(bytes)
    }
}

// Through the plain file: `NamedTempFile`'s own writes add the working file's path to their
// errors, and a caller that reports a failed write (a full disk) must name only the target.
impl Write for PendingFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.temp.as_file_mut().write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.temp.as_file_mut().write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.temp.as_file_mut().flush()
    }
}

/// Writes `bytes` to `target` through a [`PendingFile`]; returns the size written.
///
/// # Errors
/// As [`PendingFile::create`] and [`PendingFile::commit`].
pub fn write_file(target: &Path, bytes: &[u8]) -> Result<u64, OutputError> {
    let mut pending = PendingFile::create(target)?;
    pending.write_all(bytes).map_err(|e| OutputError::write(target, e))?;
    pending.commit()
}

/// A private working directory (mode 0700) beside `target`, for a tool that writes files of its
/// own (pandoc, typst); removed when dropped. Its result goes to `target` through
/// [`write_file`].
///
/// # Errors
/// The directory cannot be written.
pub fn working_dir(target: &Path) -> Result<TempDir, OutputError> {
    let prefix = format!("{PREFIX}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).rand_bytes(8);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    let dir = builder.tempdir_in(parent(target)).map_err(|e| OutputError::write(target, e))?;
    Ok(dir)
}

/// Makes a rename in `dir` durable: a power cut right after must not bring the old file back.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    match std::fs::File::open(dir)?.sync_all() {
        // Some file systems (FUSE, network mounts) cannot sync a directory and say so: the
        // rename has been made by then, so the output is written; only its durability across a
        // power cut rests with that file system.
        Err(e) if is_unsupported_sync(&e) => Ok(()),
        other => other,
    }
}

/// Whether a directory's sync failed only because its file system cannot do it.
#[cfg(unix)]
fn is_unsupported_sync(error: &std::io::Error) -> bool {
    matches!(error.kind(), std::io::ErrorKind::InvalidInput | std::io::ErrorKind::Unsupported)
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// How long a working file must have been left unchanged before it counts as a leftover. A
/// process id names a process on this machine only: in a directory shared with another machine
/// or container (an NFS home, a mounted volume), a write in progress there has an id that is
/// dead here, but its file keeps changing while it is written.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Removes from `dir` the working files (and SQLite journals, and working directories) of writes
/// whose process is gone, owned by the same user as `own` (a file this run just made) and
/// unchanged for [`STALE_AFTER`], plus the working files older csm versions left beside
/// `target`. Best effort: a leftover that cannot be removed stays for the next run, and is never
/// a reason to fail this one.
#[cfg(target_os = "linux")]
fn clean_leftovers(dir: &Path, target: &Path, own: &std::fs::File) {
    use std::os::unix::fs::MetadataExt as _;
    // Without /proc mounted (a chroot, a sandbox) every process would look gone, and the working
    // files of writes in progress would be removed under them.
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(uid) = own.metadata().map(|m| m.uid()) else { return };
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let legacy = [format!("{name}.partial-"), format!(".{name}.partial-")];
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else { continue };
        let pid = match file_name.strip_prefix(PREFIX) {
            Some(rest) => leading_pid(rest),
            None => legacy
                .iter()
                .find_map(|start| file_name.strip_prefix(start.as_str()))
                .and_then(legacy_pid),
        };
        let Some(pid) = pid else { continue };
        if pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists() {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
        let age = meta.modified().ok().and_then(|at| at.elapsed().ok());
        if meta.uid() != uid || age.is_none_or(|age| age < STALE_AFTER) {
            continue;
        }
        let _ = if meta.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
    }
}

/// Without `/proc`, whether a process is alive cannot be told without `unsafe` code: leftovers
/// stay rather than risk removing a write in progress.
#[cfg(not(target_os = "linux"))]
fn clean_leftovers(_dir: &Path, _target: &Path, _own: &std::fs::File) {}

/// The process id ending an older csm's working file name (`NAME.partial-PID`), or its SQLite
/// journal's (`-journal`, `-wal`, `-shm`): nothing else may follow, since a name that merely
/// starts like one (`notes.partial-2024-draft`) is the user's own file.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn legacy_pid(rest: &str) -> Option<u32> {
    let digits = ["-journal", "-wal", "-shm"]
        .iter()
        .find_map(|suffix| rest.strip_suffix(suffix))
        .unwrap_or(rest);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The process id a working file's name continues with: digits up to a `-` or the end.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn leading_pid(rest: &str) -> Option<u32> {
    let digits = rest.split('-').next()?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests;
