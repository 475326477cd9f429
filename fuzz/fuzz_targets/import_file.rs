//! Fuzzes the import's reading of a file, from the raw bytes to the checked rows: whatever a file
//! holds (any encoding, delimiter, quoting, JSON lines or garbage), a dry run of every kind returns
//! a summary or problems and never panics. Dry runs leave the book as it was, so one book serves
//! every input.

#![no_main]

use std::sync::{Mutex, OnceLock};

use chrono::NaiveDate;
use csm::config::Config;
use csm::import::{Encoding, Kind, Options, import_bytes};
use csm::store::Store;
use libfuzzer_sys::fuzz_target;

/// Accounts for the other kinds to refer to, in the shape CRMs export them.
const ACCOUNTS: &[u8] = b"external_id,name,domain,arr,renewal_date\n\
1,Acme,acme.com,\"$1,200\",2027-01-15\n2,Globex,globex.com,USD 96000,2026-12-31\n";

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("a valid date")
}

fn book() -> &'static Mutex<Store> {
    static BOOK: OnceLock<Mutex<Store>> = OnceLock::new();
    BOOK.get_or_init(|| {
        let mut store = Store::open_in_memory().expect("an in-memory book");
        let options = Options::default();
        let accounts = ACCOUNTS.to_vec();
        import_bytes(&mut store, &Config::default(), Kind::Accounts, accounts, &options, as_of())
            .expect("the fixed accounts file imports");
        Mutex::new(store)
    })
}

fuzz_target!(|data: &[u8]| {
    let config = Config::default();
    let mut store = book().lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    for encoding in [Encoding::Utf8, Encoding::Windows1252] {
        for kind in Kind::ALL {
            let options = Options { dry_run: true, encoding, ..Options::default() };
            // Problems are an answer like any other; only a panic is a finding.
            let _ = import_bytes(&mut store, &config, kind, data.to_vec(), &options, as_of());
        }
    }
});
