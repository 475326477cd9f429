//! `csm restore`: a book written back from its own JSON export into an empty book reads as the
//! original (`report --json` and `export` byte-identical at the same as-of date), with every
//! record and relation: playbook firings, users, account sources included. A document cut short
//! or naming records it lacks, and a book that is not empty, are refused with nothing written.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/import.rs"]
mod support;

use std::path::Path;

use csm::qbr::deck::DeckChoices;
use csm::qbr::record::QbrRecord;
use csm::store::Store;
use support::{Book, csm, dump};

fn ok(db: &Path, args: &[&str]) -> Vec<u8> {
    let (ok, out, err) = csm(db, args);
    assert!(ok, "csm {args:?}: {}", String::from_utf8_lossy(&err));
    out
}

/// A refused restore: its stderr, and that the book is as it was.
fn refused(db: &Path, file: &Path) -> String {
    let before = dump(db);
    let (ok, out, err) = csm(db, &["restore", file.to_str().unwrap()]);
    assert!(!ok && out.is_empty(), "{}", String::from_utf8_lossy(&out));
    assert_eq!(dump(db), before, "a refused restore wrote nothing");
    String::from_utf8(err).unwrap().replace(file.to_str().unwrap(), "FILE")
}

/// The demo book with its playbooks run, a user, and one account known to a second source.
fn original(book: &Book) -> Vec<u8> {
    let db = book.path();
    std::fs::remove_file(db).unwrap();
    ok(db, &["demo", "--no-open"]);
    ok(db, &["playbooks", "run"]);
    let users = book
        .file("users.csv", "name,email,crm_id\nAlex Morgan,alex@vendor.example,0055g00000QrStU\n");
    ok(db, &["import", "users", users.to_str().unwrap()]);
    let first = book.store().accounts().unwrap().remove(0);
    let orgs = format!("id,name,shared_tickets\n3601,\"{}\",false\n", first.name);
    let orgs = book.file("orgs.csv", orgs);
    ok(db, &["import", "accounts", orgs.to_str().unwrap(), "--no-playbooks"]);
    // A renewal recorded in csm and one imported.
    ok(
        db,
        &[
            "renewal",
            "record",
            &first.external_id,
            "--outcome",
            "renewed",
            "--arr",
            "5000",
            "--due",
            "2026-10-31",
            "--note",
            "signed",
        ],
    );
    let history = format!(
        "account,due,closed_on,outcome,arr_before\n{},2025-03-31,2025-03-01,churned,4000\n",
        first.external_id
    );
    let history = book.file("renewals.csv", history);
    ok(db, &["import", "renewals", history.to_str().unwrap(), "--no-playbooks"]);
    // The CSM's calls on two renewals: a share and a word.
    ok(db, &["renewal", "call", &first.external_id, "70%"]);
    let second = book.store().accounts().unwrap().remove(1);
    ok(db, &["renewal", "call", &second.external_id, "at_risk"]);
    // A QBR held (with its timeline entry) and the next one being prepared.
    let mut store = book.store();
    let contact = store.contacts(first.id).unwrap().first().map(|c| c.id);
    let w = store.writer().unwrap();
    let held = QbrRecord {
        planned_on: Some("2026-10-20".parse().unwrap()),
        contacts: contact.into_iter().collect(),
        guests: vec!["Dana Whitfield".into()],
        ..QbrRecord::new(first.id)
    };
    let held = w.insert_qbr(&held, false).unwrap();
    w.hold_qbr(&held, "2026-10-20".parse().unwrap(), "Quarterly business review").unwrap();
    let choices = DeckChoices {
        summary: Some("A <b>strong</b> quarter".into()),
        asks: vec!["An executive sponsor".into()],
        ..DeckChoices::default()
    };
    w.insert_qbr(&QbrRecord { choices, ..QbrRecord::new(first.id) }, false).unwrap();
    w.commit().unwrap();
    ok(db, &["export"])
}

#[test]
fn a_restored_book_reports_and_exports_as_the_original() {
    let book = Book::new_file();
    let export = original(&book);
    let text = String::from_utf8(export.clone()).unwrap();
    for part in [
        "\"playbook_firings\":[{",
        "\"users\":[{",
        "\"sources\":[{\"source\":\"zendesk\"",
        "\"skipped_on\":\"2026-",
        "\"renewal_records\":[{\"due\":\"2025-03-31\"",
        "\"source\":\"recorded\"}",
        "\"qbrs\":[{\"planned_on\":null",
        "\"held_on\":\"2026-10-20\",\"interaction_id\":",
        "\"forecast_call\":{\"call\":0.7,\"set_on\":\"2026-",
        "\"forecast_call\":{\"call\":\"at_risk\",",
        "\"forecast_call\":null",
    ] {
        assert!(text.contains(part), "the export exercises {part}");
    }
    let file = book.file("export.json", &export);
    let restored = book.dir.path().join("restored.db");
    ok(&restored, &["init"]);
    let out = ok(&restored, &["restore", file.to_str().unwrap()]);
    let out = String::from_utf8(out).unwrap();
    // The demo's 60 active accounts and its former customers.
    let accounts = Store::open(book.path()).unwrap().accounts().unwrap().len();
    assert!(accounts > 60);
    assert!(out.contains(&format!(": restored {accounts} accounts, ")), "{out}");
    assert_eq!(ok(&restored, &["export"]), export, "export again: byte-identical");
    assert_eq!(ok(&restored, &["report", "--json"]), ok(book.path(), &["report", "--json"]));
    // A document whose keys a tool sorted (accounts before the format) restores the same.
    let sorted: serde_json::Value = serde_json::from_slice(&export).unwrap();
    let sorted = book.file("sorted.json", sorted.to_string());
    let again = book.dir.path().join("again.db");
    ok(&again, &["init"]);
    ok(&again, &["restore", sorted.to_str().unwrap()]);
    assert_eq!(ok(&again, &["export"]), export);
    // The firings came back: the playbooks make no todo twice.
    let run = String::from_utf8(ok(&restored, &["playbooks", "run"])).unwrap();
    let again = String::from_utf8(ok(book.path(), &["playbooks", "run"])).unwrap();
    assert_eq!(run, again);

    // Into a book that holds records: refused, saying why.
    let err = refused(&restored, &file);
    assert!(
        err.contains(&format!("the book is not empty (it holds {accounts} accounts, ")),
        "{err}"
    );
    assert!(err.contains("goes into an empty book only"), "{err}");
}

#[test]
fn a_cut_or_hostile_document_is_refused_with_nothing_written() {
    let book = Book::new_file();
    let export = original(&book);
    let empty = book.dir.path().join("empty.db");
    ok(&empty, &["init"]);

    let cut = book.file("cut.json", &export[..export.len() / 2]);
    let err = refused(&empty, &cut);
    assert!(err.starts_with("csm: FILE: accounts["), "{err}");
    assert!(err.contains("EOF while parsing"), "{err}");
    assert!(err.ends_with("nothing was restored from FILE\n"), "{err}");

    let mut document: serde_json::Value = serde_json::from_slice(&export).unwrap();
    let contact = &mut document["accounts"][2]["contacts"][1];
    contact["reports_to"] = 999_999.into();
    let dangling = book.file("dangling.json", document.to_string());
    let err = refused(&empty, &dangling);
    assert!(
        err.starts_with(
            "csm: FILE: accounts[2].contacts[1].reports_to: no contact has the id 999999 in the \
             export\n"
        ),
        "{err}"
    );

    let mut document: serde_json::Value = serde_json::from_slice(&export).unwrap();
    document["accounts"][3]["contacts"][0]["role"] = "\u{1b}[31mboss".into();
    document["accounts"][4]["name"] = "\u{202e}fine".into();
    let hostile = book.file("hostile.json", document.to_string());
    let err = refused(&empty, &hostile);
    assert!(err.starts_with("csm: FILE: accounts[3].contacts[0].role: unknown variant"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");

    let mut document: serde_json::Value = serde_json::from_slice(&export).unwrap();
    document["accounts"][5]["id"] = document["accounts"][4]["id"].clone();
    let twice = book.file("twice.json", document.to_string());
    let err = refused(&empty, &twice);
    assert!(err.starts_with("csm: FILE: accounts[5]: breaks the book's rules"), "{err}");

    let mut document: serde_json::Value = serde_json::from_slice(&export).unwrap();
    document["currency"] = "EUR".into();
    let euros = book.file("euros.json", document.to_string());
    let err = refused(&empty, &euros);
    assert!(
        err.starts_with("csm: FILE: currency: the export's amounts are in EUR, this book's in USD"),
        "{err}"
    );

    let other = book.file("other.json", "{\"format\":\"other\",\"version\":1,\"currency\":\"USD\",\"features\":[],\"todos\":[],\"accounts\":[]}");
    let err = refused(&empty, &other);
    assert!(err.starts_with("csm: FILE: format: is \"other\", not \"csm-export\""), "{err}");
}
