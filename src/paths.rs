//! Where csm keeps its files by default: the platform data directory for the book and the demo
//! book, the platform config directory for `config.toml`; and where the book named by `--db` or
//! `CSM_DB` is ([`BookLocation`]: a file, or a database on a PostgreSQL server), parsed here and
//! nowhere else. Resolves locations only; opens nothing.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::path::{Path, PathBuf};

use directories::ProjectDirs;

use crate::config::ConfigFile;
use crate::store::{ServerUrl, StoreError, is_server_url};

/// `--db` as typed, parsed only by [`book`] or [`demo`]: clap would quote a value it could not
/// parse whole, a URL's password with it. Its `Debug` shows no password either.
#[derive(Clone)]
pub struct DbArg(pub OsString);

impl fmt::Debug for DbArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match BookLocation::parse(&self.0) {
            Ok(location) => f.debug_tuple("DbArg").field(&location.to_string()).finish(),
            Err(_) => f.write_str("DbArg(<malformed>)"),
        }
    }
}

/// Where a book is: a file, or a database on a PostgreSQL server (`postgres://` or
/// `postgresql://`, or libpq's `key=value` form). Shown, and debugged, without a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookLocation {
    File(PathBuf),
    Server(ServerUrl),
}

impl BookLocation {
    /// A server for a `postgres://` or `postgresql://` URL or `key=value` pairs naming a
    /// `host` or `dbname` (`"host=db dbname=csm"`), a file for anything else.
    ///
    /// # Errors
    /// A malformed URL, said without quoting it.
    pub fn parse(text: &OsStr) -> Result<Self, StoreError> {
        match text.to_str() {
            Some(url) if is_server_url(url) || names_a_server(url) => {
                Ok(Self::Server(ServerUrl::parse(url)?))
            }
            _ => Ok(Self::File(PathBuf::from(text))),
        }
    }

    /// The book's file, if it is one.
    #[must_use]
    pub fn file(&self) -> Option<&Path> {
        match self {
            Self::File(path) => Some(path),
            Self::Server(_) => None,
        }
    }
}

impl fmt::Display for BookLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(path) => f.write_str(&crate::domain::shown_path(path)),
            Self::Server(url) => write!(f, "{url}"),
        }
    }
}

/// Whether `text` is libpq's `key=value` form rather than a file's name: no `/` (a path has
/// one, or is a bare name), every word a `key=value` pair or the quoted rest of one, and a
/// `host` or `dbname` among the keys. A file really called `host=db` is named `./host=db`.
fn names_a_server(text: &str) -> bool {
    if text.contains('/') || !text.contains('=') {
        return false;
    }
    let mut keys = text.split_whitespace().filter_map(|word| word.split_once('=')).map(|(k, _)| k);
    let first_is_pair = text.split_whitespace().next().is_some_and(|w| w.contains('='));
    first_is_pair && keys.any(|key| key == "host" || key == "dbname" || key == "hostaddr")
}

fn project() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "csm")
}

/// The user's book: `--db`, else `CSM_DB`, else `<data dir>/csm.db`.
///
/// # Errors
/// `--db` or `CSM_DB` is a malformed server URL.
pub fn book(explicit: Option<DbArg>) -> Result<BookLocation, StoreError> {
    match explicit.map(|arg| arg.0).or_else(|| std::env::var_os("CSM_DB").filter(|v| !v.is_empty()))
    {
        Some(text) => BookLocation::parse(&text),
        None => Ok(BookLocation::File(
            project()
                .map(|p| p.data_dir().join("csm.db"))
                .unwrap_or_else(|| PathBuf::from("csm.db")),
        )),
    }
}

/// The demo book: `--db`, else `<data dir>/demo.db`. `CSM_DB` is deliberately ignored, so that
/// generating a demo can never overwrite the user's book.
///
/// # Errors
/// `--db` is a malformed server URL.
pub fn demo(explicit: Option<DbArg>) -> Result<BookLocation, StoreError> {
    match explicit {
        Some(arg) => BookLocation::parse(&arg.0),
        None => Ok(BookLocation::File(
            project()
                .map(|p| p.data_dir().join("demo.db"))
                .unwrap_or_else(|| PathBuf::from("csm-demo.db")),
        )),
    }
}

/// The user's configuration: `--config`, else `CSM_CONFIG`, else `<config dir>/config.toml`.
#[must_use]
pub fn config(explicit: Option<PathBuf>) -> ConfigFile {
    match explicit
        .or_else(|| std::env::var_os("CSM_CONFIG").filter(|v| !v.is_empty()).map(PathBuf::from))
    {
        Some(path) => ConfigFile::Named(path),
        None => ConfigFile::Default(project().map(|p| p.config_dir().join("config.toml"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postgres_url_is_a_server_and_anything_else_a_file() {
        let server = BookLocation::parse(OsStr::new("postgresql://ann:hunter2@db/book"));
        let server = server.expect("a server");
        assert!(matches!(server, BookLocation::Server(_)));
        assert!(server.file().is_none());
        let shown =
            format!("{server} {server:?} {:?}", DbArg("postgres://ann:hunter2@db/b".into()));
        assert!(!shown.contains("hunter2"), "{shown}");
        let file = BookLocation::parse(OsStr::new("books/postgres.db")).expect("a file");
        assert_eq!(file, BookLocation::File(PathBuf::from("books/postgres.db")));
        let error = BookLocation::parse(OsStr::new("postgres://ann:hunter2@db:x/b"));
        let error = error.expect_err("malformed").to_string();
        assert!(error.contains("port") && !error.contains("hunter2"), "{error}");
    }

    /// libpq's `key=value` form names a server too; a file whose name merely holds `=` stays a
    /// file.
    #[test]
    fn key_value_pairs_naming_a_host_or_database_are_a_server() {
        let pairs = "host=db.example.com port=5433 dbname=csm user=ann password=hunter2";
        let server = BookLocation::parse(OsStr::new(pairs)).expect("a server");
        let BookLocation::Server(url) = &server else { panic!("{server:?}") };
        assert_eq!(
            url,
            &ServerUrl::parse("postgres://ann:hunter2@db.example.com:5433/csm").unwrap()
        );
        assert!(!server.to_string().contains("hunter2"), "{server}");
        assert!(matches!(
            BookLocation::parse(OsStr::new("dbname=csm")),
            Ok(BookLocation::Server(_))
        ));
        for file in ["a=b.db", "./host=db", "books/host=db dbname=x", "mode=1 x.db"] {
            let parsed = BookLocation::parse(OsStr::new(file)).expect("a file");
            assert_eq!(parsed, BookLocation::File(PathBuf::from(file)), "{file}");
        }
        let error = BookLocation::parse(OsStr::new("host=db port=x dbname=csm password=hunter2"));
        let error = error.expect_err("malformed").to_string();
        assert!(error.contains("port") && !error.contains("hunter2"), "{error}");
    }
}
