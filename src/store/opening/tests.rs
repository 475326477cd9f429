//! What the look at a book's file refuses, and the URI a read-only connection is opened with.

use super::*;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn an_empty_truncated_or_foreign_file_is_not_a_book() {
    let dir = tempfile::tempdir().unwrap();
    let said = |path: &Path| look(path).unwrap_err().to_string();

    let empty = write(dir.path(), "empty.db", b"");
    assert_eq!(said(&empty), format!("{} is empty (0 bytes): not a csm book", empty.display()));
    let one = write(dir.path(), "one.db", b"S");
    assert!(
        said(&one).contains("is not a SQLite database (1 byte, shorter than"),
        "{}",
        said(&one)
    );
    let text = write(dir.path(), "notes.db", &[b'x'; 4096]);
    assert!(said(&text).contains("does not start with SQLite's header"), "{}", said(&text));
    let mut cut = SQLITE_HEADER.to_vec();
    cut.resize(2000, 0);
    cut[16..18].copy_from_slice(&4096_u16.to_be_bytes());
    let cut = write(dir.path(), "cut.db", &cut);
    assert!(said(&cut).contains("2000 bytes, less than one 4096-byte page"), "{}", said(&cut));
    assert!(said(dir.path()).ends_with("is a directory, not a csm book"), "{}", said(dir.path()));
    assert!(matches!(look(&dir.path().join("none.db")), Err(StoreError::Missing(_))));
    #[cfg(unix)]
    assert!(said(Path::new("/dev/null")).contains("not a regular file"));
}

#[test]
fn a_uri_escapes_every_character_sqlite_would_read() {
    let uri = uri(Path::new("/books/a b?c#d%e.db"), "immutable=1");
    assert_eq!(uri, "file:/books/a%20b%3Fc%23d%25e.db?immutable=1");
}
