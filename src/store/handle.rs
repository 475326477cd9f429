//! A handle on a book that a thread can take to open a connection of its own to it: the only
//! way the rest of csm reaches the same book again, whatever the engine and wherever the book
//! is (a file, or a database on a PostgreSQL server). It opens connections and nothing more:
//! what they read or write is the caller's.

use std::path::PathBuf;

use super::{ServerUrl, Store, StoreResult};

/// Where an open book is, to open it again on another thread ([`Store::handle`]). Cheap to
/// clone and to send; it holds no connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreHandle {
    place: Place,
}

/// Where the book lives, per engine.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    /// A SQLite file, and whether the store it came from could only read it.
    File { path: PathBuf, read_only: bool },
    /// A database on a PostgreSQL server, connected to again (and its schema checked again).
    Server(ServerUrl),
}

impl Store {
    /// A handle to open this book again on another thread; `None` for a store in memory, which
    /// no other connection can reach.
    #[must_use]
    pub fn handle(&self) -> Option<StoreHandle> {
        if let Some(url) = &self.server {
            return Some(StoreHandle { place: Place::Server(url.clone()) });
        }
        let path = self.path()?;
        Some(StoreHandle { place: Place::File { path, read_only: self.read_only.is_some() } })
    }
}

impl StoreHandle {
    /// Whether the book is on a server, where every connection counts against the server's
    /// limit shared by the whole team.
    #[must_use]
    pub fn on_server(&self) -> bool {
        matches!(self.place, Place::Server(_))
    }

    /// A new connection to the book, migrated and set up as [`Store::open`] does, for reading
    /// only if the store the handle came from was.
    ///
    /// # Errors
    /// As [`Store::open`] (or [`Store::open_to_read`]): the book went, is busy, or cannot be
    /// written any more.
    pub fn open(&self) -> StoreResult<Store> {
        match &self.place {
            Place::File { path, read_only: true } => Store::open_to_read(path),
            Place::File { path, read_only: false } => Store::open(path),
            Place::Server(url) => Store::connect_to(url),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn sendable<T: Send + Sync + Clone + 'static>() {}
    const _: () = sendable::<StoreHandle>();

    /// A connection opened through the handle, on another thread, sees what this one wrote.
    #[test]
    fn a_handle_opens_the_same_book_on_another_thread() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::create(&dir.path().join("book.db")).expect("store");
        let writer = store.writer().expect("writer");
        writer.insert_account(&crate::domain::Account::named("A-1", "Acme")).expect("account");
        writer.commit().expect("commit");
        let handle = store.handle().expect("a file");
        let names = std::thread::spawn(move || {
            let other = handle.open().expect("opened");
            assert!(other.read_only().is_none());
            other.accounts().expect("read").into_iter().map(|a| a.name).collect::<Vec<_>>()
        });
        assert_eq!(names.join().expect("thread"), ["Acme"]);
    }

    /// A handle on a server's book connects again through the URL it carries, and never shows
    /// its password.
    #[test]
    fn a_handle_on_a_server_connects_again_and_hides_the_password() {
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = port.local_addr().expect("addr").port();
        let url = ServerUrl::parse(&format!("postgres://ann:hunter2@127.0.0.1:{port}/book"))
            .expect("url");
        let handle = StoreHandle { place: Place::Server(url) };
        assert!(!format!("{handle:?}").contains("hunter2"), "{handle:?}");
        let error = handle.open().expect_err("nothing listens there");
        let said = error.to_string();
        assert!(said.contains(&format!("127.0.0.1:{port}")) && !said.contains("hunter2"), "{said}");
    }

    /// A store in memory has no handle: nothing else can reach it.
    #[test]
    fn a_store_in_memory_has_no_handle() {
        assert!(Store::open_in_memory().expect("store").handle().is_none());
    }
}
