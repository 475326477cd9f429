//! Writing fresh summaries to the score cache on a connection and a thread of their own, so that
//! a book scored slice by slice has each slice written while the next one is scored. It writes
//! only the cache, never a fact: a failure costs the cache, which the next load rebuilds.

use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;

use chrono::NaiveDate;

use crate::domain::AccountId;
use crate::store::{Store, StoreResult};

/// One account's summary, encoded, with the revision of the facts it was computed from.
type Encoded = (AccountId, i64, Vec<u8>);

/// Slices waiting for the writer; a bound keeps a slow disk from holding the whole book in memory.
const QUEUED_SLICES: usize = 2;

/// The cache writer running beside a scoring pass; [`CacheAside::finish`] waits for it.
#[derive(Debug)]
pub struct CacheAside {
    slices: Option<SyncSender<Vec<Encoded>>>,
    worker: JoinHandle<StoreResult<()>>,
}

impl Store {
    /// Starts a cache writer for `as_of` under `model`, on a connection of its own opened
    /// through the store's handle. `None` where no second connection can write beside this
    /// one's read: a store in memory or on a server csm cannot reach again, one opened for
    /// reading only, or a file not in WAL mode, where the writer would wait for the scoring
    /// pass's own read to end. The caller then writes the cache itself.
    #[must_use]
    pub fn cache_aside(&self, as_of: NaiveDate, model: &str) -> Option<CacheAside> {
        if self.read_only.is_some() || !self.backend.writes_beside_reads() {
            return None;
        }
        let handle = self.handle()?;
        let (slices, received) = sync_channel::<Vec<Encoded>>(QUEUED_SLICES);
        let model = model.to_owned();
        let worker = std::thread::spawn(move || {
            let mut store = handle.open()?;
            // This connection writes only the cache, which a lost write costs nothing but a
            // rescore: its commits need not wait for the disk.
            store.backend.relax_durability()?;
            // A transaction per slice, not one for the whole pass: scoring a large book takes
            // seconds, and another writer (an edit, an import) must not wait that long.
            for slice in received {
                let writer = store.writer()?;
                writer.save_scores(&slice, as_of, &model)?;
                writer.commit()?;
            }
            let writer = store.writer()?;
            writer.prune_scores()?;
            writer.commit()
        });
        Some(CacheAside { slices: Some(slices), worker })
    }
}

impl CacheAside {
    /// Queues a slice of summaries, each as its account, the revision it was computed at and
    /// the bytes the caller encoded it as.
    pub fn save(&mut self, slice: impl Iterator<Item = Encoded>) {
        let Some(slices) = &self.slices else { return };
        if slices.send(slice.collect()).is_err() {
            // The writer stopped on an error, which `finish` reports; nothing more to queue.
            self.slices = None;
        }
    }

    /// Waits for what was queued to be committed, and says whether all of it was: false when
    /// the writer could not open the store, write or commit (the slices before stay cached).
    pub fn finish(self) -> bool {
        drop(self.slices);
        matches!(self.worker.join(), Ok(Ok(())))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::domain::Account;
    use crate::store::{Store, testing};

    /// A book in a file, and the one on the test server where it runs.
    fn reachable(label: &str) -> Vec<(&'static str, Store, Option<tempfile::TempDir>)> {
        let dir = tempfile::tempdir().expect("dir");
        let file = Store::create(&dir.path().join("book.db")).expect("book");
        let mut stores = vec![("sqlite", file, Some(dir))];
        let server = testing::stores(label).into_iter().filter(|(engine, _)| *engine != "sqlite");
        stores.extend(server.map(|(engine, store)| (engine, store, None)));
        stores
    }

    /// Slices queued while a read is open are committed by the second connection and read
    /// back; where the book cannot be reached again (in memory), there is no writer aside and
    /// the caller writes the cache itself.
    #[test]
    fn the_cache_is_written_aside_while_the_book_is_read() {
        let as_of: NaiveDate = "2026-11-24".parse().expect("date");
        assert!(Store::open_in_memory().expect("memory").cache_aside(as_of, "m").is_none());
        for (engine, mut store, _dir) in reachable("cache_aside") {
            let writer = store.writer().expect("writer");
            let ids = (0..5)
                .map(|n| writer.insert_account(&Account::named(format!("A-{n}"), "A")))
                .collect::<Result<Vec<_>, _>>()
                .expect("accounts");
            writer.commit().expect("commit");
            let revisions = store.revisions(&ids).expect("revisions");
            let finished = store.snapshot(|store| {
                let Some(mut aside) = store.cache_aside(as_of, "m") else {
                    // Only a book no other connection can reach writes the cache in line.
                    assert!(store.handle().is_none(), "{engine}: a reachable book writes aside");
                    return Ok(None);
                };
                store.accounts_with_scores(as_of, "m", |_| Some(()))?;
                for slice in revisions.chunks(2) {
                    aside.save(slice.iter().map(|&(id, rev)| (id, rev, vec![1, 2, 3])));
                }
                Ok(Some(aside.finish()))
            });
            let Some(finished) = finished.expect("read") else { continue };
            assert!(finished, "{engine}: every slice committed");
            let cached =
                store.accounts_with_scores(as_of, "m", |b| Some(b.to_vec())).expect("read");
            assert!(
                cached.iter().all(|c| c.summary.as_deref() == Some(&[1, 2, 3][..])),
                "{engine}"
            );
        }
    }
}
