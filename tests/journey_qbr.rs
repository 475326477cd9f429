//! A CSM preparing a QBR in the workspace, in a pseudo-terminal at 80x24 through the real binary:
//! the QBR view's form takes the planned day, the deck's summary, asks and joint plan; the deck
//! tab shows them; the write key writes the brief and the deck beside each other; marking the QBR
//! held logs it; and the store holds what the screen said after quitting.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "pty/session.rs"]
mod session;

use csm::domain::InteractionKind;
use session::{Session, demo_book};

#[test]
fn prepare_write_and_hold_a_qbr_from_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut s = Session::start(&db, 24, 80);
    s.wait_for("todos created");
    s.keys("/Halvorsen\r6");
    s.wait_for("QBR brief · Halvorsen Maritime");

    // The form: planned day, two tabs past the attendees to the summary, asks, joint plan.
    s.keys("e");
    s.wait_for("Prepare the QBR");
    s.keys("2026-12-10\t\tDana Whitfield\tOur <b>best</b> quarter\tAn executive sponsor");
    s.keys("\tFinance pilot · Ana · Sam · 2027-02-01\x13");
    s.wait_for("saved the QBR of Halvorsen Maritime");

    // The deck's tab shows the QBR and the summary on its title slide.
    s.keys("\t");
    s.wait_for("Customer deck · tab: brief");
    s.wait_for("QBR planned on 2026-12-10");
    s.wait_for("Our <b>best</b> quarter");

    s.keys("w");
    s.wait_for("wrote the QBR brief and deck of Halvorsen Maritime");
    let deck = dir.path().join("qbr-deck-halvorsen-maritime-2026-11-24.html");
    let html = std::fs::read_to_string(&deck).unwrap();
    assert!(html.contains("Our &lt;b&gt;best&lt;/b&gt; quarter"), "the summary is text");
    assert!(html.contains("Finance pilot"));
    assert!(dir.path().join("qbr-halvorsen-maritime-2026-11-24.md").exists());

    s.keys("H");
    s.wait_for("marked the QBR of Halvorsen Maritime held");
    s.keys("q");
    s.wait_for_exit("csm did not quit");

    let store = csm::store::Store::open(&db).unwrap();
    let account =
        store.accounts().unwrap().into_iter().find(|a| a.name == "Halvorsen Maritime").unwrap();
    let qbrs = store.qbrs(account.id).unwrap();
    assert_eq!(qbrs.len(), 1);
    assert_eq!(qbrs[0].held_on, Some("2026-11-24".parse().unwrap()));
    assert_eq!(qbrs[0].guests, ["Dana Whitfield"]);
    let logged = store.interactions(account.id).unwrap();
    assert!(
        logged.iter().any(|i| i.kind == InteractionKind::Qbr && Some(i.id) == qbrs[0].interaction)
    );
}
