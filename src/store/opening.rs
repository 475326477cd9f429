//! Looking at a book's file before SQLite opens it, and choosing how to open it.
//!
//! SQLite turns a missing or empty file into a new empty database, which would silently replace
//! a lost book; so the file is looked at first, and a missing, empty, truncated or foreign file,
//! a directory or a device is refused with what was found. A book this process must not write (a
//! read-only file, directory or file system, a full disk, another user's file) is read without
//! creating any file beside it: a `-wal` or `-shm` made by a reader belongs to the reader and
//! locks the owner out. Nothing here creates a book or reads its records.

use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::{StoreError, StoreResult};

/// The first 16 bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The size of SQLite's file header: a shorter file cannot be a database.
const HEADER_LEN: usize = 100;

/// The books this process has open, by file identity (one entry per connection). A file is
/// looked at only before its first connection: reading it means opening and closing a
/// descriptor of our own, and closing any descriptor on the file releases the locks SQLite's
/// connections hold on it.
static OPEN_BOOKS: Mutex<Vec<FileKey>> = Mutex::new(Vec::new());

/// A file's identity: its device and inode (its canonical path where there are none).
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileKey(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

/// A book file this process has looked at and holds open; dropped after the connection.
#[derive(Debug)]
pub(super) struct OpenBook(FileKey);

impl Drop for OpenBook {
    fn drop(&mut self) {
        let mut open = OPEN_BOOKS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(i) = open.iter().position(|key| *key == self.0) {
            open.swap_remove(i);
        }
    }
}

/// Looks at the file at `path` and says why it cannot be a book, or registers it as open.
///
/// # Errors
/// The file is missing, a directory or not a regular file, cannot be read, is empty, or does
/// not start with a SQLite header (or is shorter than one page of it).
pub(super) fn look(path: &Path) -> StoreResult<OpenBook> {
    register(path, true)
}

/// Registers the book just created at `path` (empty until SQLite writes its header) as open.
///
/// # Errors
/// The file is gone or not a regular file.
pub(super) fn look_new(path: &Path) -> StoreResult<OpenBook> {
    register(path, false)
}

fn register(path: &Path, check: bool) -> StoreResult<OpenBook> {
    let shown = || crate::domain::shown_path(path);
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(StoreError::Missing(shown()));
        }
        Err(source) => return Err(StoreError::Unreadable { path: shown(), source }),
    };
    if meta.is_dir() {
        return Err(StoreError::Directory(shown()));
    }
    if !meta.is_file() {
        // A device or a FIFO: reading its "header" could block or consume someone's data.
        return Err(StoreError::NotAFile(shown()));
    }
    let key = file_key(&meta, path);
    let mut open = OPEN_BOOKS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if check && !open.contains(&key) {
        check_header(path, meta.len())?;
    }
    open.push(key.clone());
    Ok(OpenBook(key))
}

#[cfg(unix)]
fn file_key(meta: &std::fs::Metadata, _path: &Path) -> FileKey {
    use std::os::unix::fs::MetadataExt as _;
    FileKey((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_key(_meta: &std::fs::Metadata, path: &Path) -> FileKey {
    FileKey(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

fn check_header(path: &Path, len: u64) -> StoreResult<()> {
    let shown = || crate::domain::shown_path(path);
    if len == 0 {
        return Err(StoreError::Empty(shown()));
    }
    let mut header = [0_u8; HEADER_LEN];
    let mut file = std::fs::File::open(path)
        .map_err(|source| StoreError::Unreadable { path: shown(), source })?;
    let mut read = 0;
    while read < HEADER_LEN {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(source) => return Err(StoreError::Unreadable { path: shown(), source }),
        }
    }
    drop(file);
    let not_sqlite = |found: String| Err(StoreError::NotSqlite { path: shown(), found });
    if read < HEADER_LEN {
        let size = if read == 1 { "1 byte".to_owned() } else { format!("{read} bytes") };
        return not_sqlite(format!("{size}, shorter than SQLite's {HEADER_LEN}-byte header"));
    }
    if &header[..SQLITE_HEADER.len()] != SQLITE_HEADER {
        return not_sqlite("it does not start with SQLite's header".to_owned());
    }
    // The page size, where 1 stands for 65536: a file shorter than one page was cut short.
    let page = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        size => u64::from(size),
    };
    if len < page {
        return not_sqlite(format!(
            "{len} bytes, less than one {page}-byte page: it was cut short"
        ));
    }
    Ok(())
}

/// Refuses a SQLite database csm did not make, before anything is written into it: one with
/// tables but no schema version (another program's database), one at a version without csm's
/// account table, or a book at a schema newer than this csm knows (migrating would fail halfway,
/// and an older csm must not guess at a newer book). A database without tables or version is the
/// new book [`super::Store::create`] just made.
///
/// # Errors
/// [`StoreError::Foreign`] naming a few of its tables, [`StoreError::Newer`], or SQLite failing.
pub(super) fn identify(conn: &Connection, path: &Path) -> StoreResult<()> {
    let failed = |e| StoreError::open(path, e);
    let version: i64 =
        conn.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(failed)?;
    let mut names = conn
        .prepare(
            r"SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')
              AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name",
        )
        .map_err(failed)?;
    let names: Vec<String> = names
        .query_map([], |row| row.get(0))
        .map_err(failed)?
        .collect::<Result<_, _>>()
        .map_err(failed)?;
    if version == 0 && names.is_empty() {
        return Ok(());
    }
    let found = usize::try_from(version).unwrap_or(0);
    if found == 0 || !names.iter().any(|name| name == "account") {
        const SHOWN: usize = 3;
        let mut tables =
            names.iter().take(SHOWN).map(String::as_str).collect::<Vec<_>>().join(", ");
        if names.len() > SHOWN {
            let _ = write!(tables, " and {} more", names.len() - SHOWN);
        }
        if tables.is_empty() {
            tables.push_str("none");
        }
        return Err(StoreError::Foreign { path: crate::domain::shown_path(path), tables });
    }
    if found > super::schema::LATEST_VERSION {
        let latest = super::schema::LATEST_VERSION;
        return Err(StoreError::Newer { path: crate::domain::shown_path(path), found, latest });
    }
    Ok(())
}

/// Why this process must not write the book at `path`, or create files beside it: `None` when
/// it may. Only the book's owner (or root, whose `-wal` and `-shm` SQLite hands to the owner)
/// writes, and only when the file and its directory are writable. (A command that must write
/// checks [`access_barrier`] only: a user the owner let write may.)
#[cfg(unix)]
pub(super) fn write_barrier(path: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt as _;

    let meta = std::fs::metadata(path).ok()?;
    let me = rustix::process::geteuid();
    if !me.is_root() && meta.uid() != me.as_raw() {
        return Some("it belongs to another user".to_owned());
    }
    access_barrier(path)
}

#[cfg(not(unix))]
pub(super) fn write_barrier(path: &Path) -> Option<String> {
    access_barrier(path)
}

/// Why this process must read the book at `path` without SQLite's files beside it (see
/// [`unwritable_connection`]): it must not write it ([`write_barrier`]), or a `-wal`, `-shm` or
/// `-journal` beside it is not the owner's ([`foreign_file`]: opened the usual way, SQLite would
/// read it in, and as root hand it to the owner, after which every open writes it into the book).
pub(super) fn read_barrier(path: &Path) -> Option<String> {
    write_barrier(path).or_else(|| {
        let (file, owner) = foreign_file(path)?;
        Some(format!("{} belongs to another user (uid {owner})", crate::domain::shown_path(&file)))
    })
}

/// Why this process cannot write the book at `path` or create its `-wal` and `-shm` beside it:
/// `None` when it can. SQLite would open such a book read-only and create those files anyway,
/// owned by this user, before its first write failed.
#[cfg(unix)]
pub(super) fn access_barrier(path: &Path) -> Option<String> {
    use rustix::fs::{Access, access};

    let why = |e: rustix::io::Errno| match e {
        rustix::io::Errno::ROFS => "read-only file system".to_owned(),
        rustix::io::Errno::ACCESS | rustix::io::Errno::PERM => "no permission to write".to_owned(),
        other => std::io::Error::from(other).to_string(),
    };
    if let Err(e) = access(path, Access::WRITE_OK) {
        return Some(why(e));
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if let Err(e) = access(dir, Access::WRITE_OK | Access::EXEC_OK) {
        return Some(format!("its directory: {}", why(e)));
    }
    None
}

#[cfg(not(unix))]
pub(super) fn access_barrier(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    meta.permissions().readonly().then(|| "read-only file".to_owned())
}

/// A `-wal`, `-shm` or `-journal` beside the book at `path` that this process cannot write, or
/// that belongs to someone other than the book's owner, and its owner. Left by another user's
/// program that read the book (an older csm, the sqlite3 shell), it makes every write fail with
/// "attempt to write a readonly database"; planted by another user who may create files in the
/// book's directory (a shared or sticky one), its pages would be written into the book. SQLite
/// run as root gives its files to the book's owner, so a file of anyone else was not SQLite's.
#[cfg(unix)]
pub(super) fn foreign_file(path: &Path) -> Option<(PathBuf, u32)> {
    use std::os::unix::fs::MetadataExt as _;

    use rustix::fs::{Access, access};

    planted_file(path).or_else(|| {
        ["-wal", "-shm"].into_iter().find_map(|suffix| {
            let file = with_suffix(path, suffix);
            let meta = std::fs::metadata(&file).ok()?;
            access(&file, Access::WRITE_OK).is_err().then(|| (file, meta.uid()))
        })
    })
}

/// A `-wal`, `-shm` or `-journal` beside the book at `path` that belongs to someone other than
/// the book's owner, and its owner: not SQLite's (see [`foreign_file`]), so never read.
#[cfg(unix)]
fn planted_file(path: &Path) -> Option<(PathBuf, u32)> {
    use std::os::unix::fs::MetadataExt as _;

    let book_owner = std::fs::metadata(path).ok()?.uid();
    ["-wal", "-shm", "-journal"].into_iter().find_map(|suffix| {
        let file = with_suffix(path, suffix);
        let meta = std::fs::metadata(&file).ok()?;
        (meta.uid() != book_owner).then(|| (file, meta.uid()))
    })
}

#[cfg(not(unix))]
fn planted_file(_path: &Path) -> Option<(PathBuf, u32)> {
    None
}

#[cfg(not(unix))]
pub(super) fn foreign_file(_path: &Path) -> Option<(PathBuf, u32)> {
    None
}

/// Whether `error` says the book, or a file beside it, could not be written or created: a
/// read-only file or file system, a full disk, a `-shm` that cannot be made.
pub(super) fn is_write_failure(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(
            ErrorCode::ReadOnly
                | ErrorCode::CannotOpen
                | ErrorCode::SystemIoFailure
                | ErrorCode::DiskFull
                | ErrorCode::PermissionDenied
        )
    )
}

/// A read-only connection to the book at `path` that creates no file beside it (`why` says
/// why it must not, for the messages).
///
/// With a `-wal` and a `-shm` beside it (a writer has the book open, or was killed), both are
/// opened read-only and the reader takes part in the writers' locks, so a checkpoint never
/// rewrites a page under it. With neither, the file alone is the book and SQLite reads it as
/// immutable (no locks, no `-shm`): no writer had it open, and on a read-only file system or a
/// full disk none can start. Elsewhere (another user's read of a shared book) a writer that
/// starts, commits and closes, or fills its `-wal`, within the read could change the file
/// under it: a narrow window, accepted because the alternative is files that lock the owner
/// out. A `-wal` with content but no `-shm` holds committed changes that an immutable read
/// would miss, and that cannot be read without writing: the error says so.
///
/// # Errors
/// A `-wal` (or `-journal`) with content and no way to read it, or SQLite failing to open.
pub(super) fn unwritable_connection(path: &Path, why: &str) -> StoreResult<Connection> {
    let shown = crate::domain::shown_path(path);
    let size = |suffix| std::fs::metadata(with_suffix(path, suffix)).ok().map(|m| m.len());
    let unreadable = |pending: &str| StoreError::PendingChanges {
        path: shown.clone(),
        pending: crate::domain::shown_path(&with_suffix(path, pending)),
        why: why.to_owned(),
    };
    if planted_file(path).is_some() {
        // Another user's file is not the book's: the book is read alone, and SQLite (which as
        // root gives the files it opens to the book's owner) never opens it.
        return open_uri(path, "immutable=1");
    }
    if size("-journal").unwrap_or(0) > 0 {
        // An interrupted write in rollback mode: the file is half-changed until it is rolled
        // back, which needs writing.
        return Err(unreadable("-journal"));
    }
    let parameters = match (size("-wal"), size("-shm")) {
        (Some(_), Some(_)) => "mode=ro&readonly_shm=1",
        (Some(wal), None) if wal > 0 => return Err(unreadable("-wal")),
        _ => "immutable=1",
    };
    open_uri(path, parameters)
}

/// A read-only connection to the book at `path` with the URI `parameters`.
fn open_uri(path: &Path, parameters: &str) -> StoreResult<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(uri(path, parameters), flags)
        .map_err(|source| StoreError::open(path, source))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

/// `path` as an SQLite URI with `parameters`: every byte but unreserved ones percent-encoded, so
/// that no `?`, `#` or `%` in a file name is read as part of the URI.
fn uri(path: &Path, parameters: &str) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut text = String::from("file:");
    for &byte in absolute.as_os_str().as_encoded_bytes() {
        if byte.is_ascii_alphanumeric() || b"/-_.~".contains(&byte) {
            text.push(char::from(byte));
        } else {
            let _ = write!(text, "%{byte:02X}");
        }
    }
    text.push('?');
    text.push_str(parameters);
    text
}

/// `path` with `suffix` appended to its file name (`book.db` → `book.db-wal`).
pub(super) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests;
