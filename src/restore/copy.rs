//! A whole book copied from one store into another, empty one: the export of the first read by
//! the restore of the second as it is written, through a pipe, so a book of millions of usage
//! rows never sits in memory whole. What moves a single-user book onto a team's server
//! (`csm server load`), every record under its id, in one transaction of the target. It reads
//! one store and writes the other; it must not print.

use chrono::NaiveDate;

use super::{RestoreError, Restored, restore};
use crate::book::ScoredBook;
use crate::config::Config;
use crate::export::{ExportError, json};
use crate::store::Store;

/// Copies the book in `source` into the empty book `target`, with `source` scored at `as_of`
/// for the export's figures (which the restore does not keep).
///
/// # Errors
/// The target is not empty (nothing written), the source cannot be read, or the target's
/// store failed (nothing written).
pub fn copy_book(
    mut source: Store,
    target: &mut Store,
    config: &Config,
    as_of: NaiveDate,
) -> Result<Restored, RestoreError> {
    let (reader, writer) = std::io::pipe().map_err(|e| RestoreError::Source(e.to_string()))?;
    let currency = config.book.currency.clone();
    let export_config = config.clone();
    let exported = std::thread::spawn(move || -> Result<usize, ExportError> {
        let book = ScoredBook::load(&mut source, &export_config, as_of)?;
        // Dropped at the end of the export, which ends the document for the reader.
        json(&source, &book, &export_config.book.currency, writer)
    });
    let restored = restore(target, &currency, reader);
    // The reader is gone by now: an export still writing ends on a broken pipe.
    let exported = exported.join().unwrap_or_else(|_| {
        Err(ExportError::Write(std::io::Error::other("the export of the book failed")))
    });
    match (restored, exported) {
        (Ok(restored), Ok(_)) => Ok(restored),
        // A document cut short because the source failed: the source's failure is the reason.
        (Err(RestoreError::Document { .. }), Err(e)) if !e.is_broken_pipe() => {
            Err(RestoreError::Source(e.to_string()))
        }
        (Err(e), _) => Err(e),
        // The restore read and checked a whole document, and committed it: a failure of the
        // export after its last byte (a flush) changed nothing of that.
        (Ok(restored), Err(_)) => Ok(restored),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoOptions, generate};

    /// A demo book copied into an empty book on each engine exports byte for byte as the
    /// original does.
    #[test]
    fn a_copied_book_exports_as_its_original() {
        let config = Config::default();
        let as_of = NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
        for (engine, mut target) in crate::store::testing::stores("copy_book") {
            let mut source = Store::open_in_memory().expect("source");
            generate(&mut source, &DemoOptions::new(as_of)).expect("demo");
            let expected = export(&mut source, &config, as_of);
            let copied = copy_book(source, &mut target, &config, as_of).expect("copied");
            assert!(copied.accounts > 50, "{engine}: {copied:?}");
            assert_eq!(export(&mut target, &config, as_of), expected, "{engine}");
        }
    }

    /// A demo book's export with `change` made to it, restored into an empty book on each
    /// engine: the refusal's words, each engine's, once nothing is found written.
    fn refused_on_each_engine(
        label: &str,
        change: impl Fn(&mut serde_json::Value),
    ) -> Vec<(&'static str, String)> {
        let config = Config::default();
        let as_of = NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
        let mut source = Store::open_in_memory().expect("source");
        generate(&mut source, &DemoOptions::new(as_of)).expect("demo");
        let mut document: serde_json::Value =
            serde_json::from_str(&export(&mut source, &config, as_of)).expect("json");
        change(&mut document);
        let document = document.to_string();
        let mut refusals = Vec::new();
        for (engine, mut target) in crate::store::testing::stores(label) {
            let err = restore(&mut target, "USD", document.as_bytes()).expect_err(engine);
            assert_eq!(target.restore_refusal().expect("read"), None, "{engine}: nothing written");
            refusals.push((engine, err.to_string()));
        }
        refusals
    }

    /// A negative count deep in a large usage list, after batches of days were sent, is refused
    /// where it is, before any of its days are written, and the restore writes nothing.
    #[test]
    fn a_negative_count_deep_in_the_usage_writes_nothing() {
        let refusals = refused_on_each_engine("restore_negative", |document| {
            let usage = &mut document["accounts"][45]["usage"];
            let middle = usage.as_array().expect("usage").len() / 2;
            usage[middle]["active_users"] = (-3).into();
        });
        for (engine, err) in refusals {
            assert!(err.starts_with("accounts[45].usage["), "{engine}: {err}");
            assert!(err.contains("].active_users: is negative"), "{engine}: {err}");
        }
    }

    /// A day given twice, which only the book's key refuses: the day on SQLite, the batch of
    /// accounts on a server (whose copy checks them together); nothing written on either.
    #[test]
    fn a_day_given_twice_writes_nothing() {
        let refusals = refused_on_each_engine("restore_twice", |document| {
            let usage = &mut document["accounts"][45]["usage"];
            let twin = usage[10].clone();
            usage[11] = twin;
        });
        for (engine, err) in refusals {
            if engine == "sqlite" {
                assert!(
                    err.starts_with("accounts[45].usage[11]: breaks the book's rules"),
                    "{err}"
                );
            } else {
                assert!(err.starts_with("accounts["), "{engine}: {err}");
                assert!(err.contains("which one is not known"), "{engine}: {err}");
            }
        }
    }

    fn export(store: &mut Store, config: &Config, as_of: NaiveDate) -> String {
        let book = ScoredBook::load(store, config, as_of).expect("scored");
        let mut out = Vec::new();
        json(store, &book, &config.book.currency, &mut out).expect("exported");
        String::from_utf8(out).expect("utf-8")
    }
}
