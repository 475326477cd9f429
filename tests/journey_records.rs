//! A CSM correcting the book from the workspace, in a pseudo-terminal at 80x24 through the real
//! binary: the account form changes ARR and the renewal date (the account moves down the list),
//! a refused value keeps the form open with the reason, the renewal pane closes an opportunity,
//! and what the screen said is what the store holds after quitting.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "pty/session.rs"]
mod session;

use csm::domain::OpportunityStatus;
use session::{Session, demo_book};

#[test]
fn correct_an_account_and_close_its_renewal_from_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let store = csm::store::Store::open(&db).unwrap();
    let before =
        store.accounts().unwrap().into_iter().find(|a| a.name == "Stonegate Industries").unwrap();
    let lost = |store: &csm::store::Store| {
        let all = store.opportunities(before.id).unwrap();
        all.iter()
            .filter(|o| o.status == OpportunityStatus::Lost && o.probability == Some(0.0))
            .count()
    };
    let lost_before = lost(&store);
    drop(store);

    let mut s = Session::start(&db, 24, 80);
    s.wait_for("todos created");
    assert_eq!(s.row("Stonegate"), 3, "the first account of the list");

    // The account form: six tabs reach ARR; a negative amount is refused on the form.
    s.keys("E");
    s.wait_for("Edit account Stonegate Industries");
    s.keys("\t\t\t\t\t\x1b[F\x15-5\r");
    s.wait_for("ARR: ");
    assert!(s.screen().contains("Edit account"), "the form stays open");
    // Cleared and typed as an import reads money; the renewal three tabs on.
    s.keys("\x15$2,000,000\t\t\t\x152027-06-30\r");
    s.wait_for("saved ARR, renewal date");
    assert!(s.row("Stonegate") > 3, "a later renewal moves the account down the list");

    // The renewal pane (tab twice at 80x24: health, renewal) closes the picked opportunity lost.
    s.keys("\t\tx");
    s.wait_for("Close “");
    s.keys("\x1b[C\r");
    s.wait_for("lost on");

    s.keys("q");
    s.wait_for_exit("csm did not quit");

    let store = csm::store::Store::open(&db).unwrap();
    let after = store.account(before.id).unwrap().unwrap();
    assert_eq!(after.arr_cents, 200_000_000);
    assert_eq!(after.renewal_date, Some("2027-06-30".parse().unwrap()));
    assert_eq!(after.version, before.version + 1);
    assert_eq!(lost(&store), lost_before + 1, "the renewal was closed lost");
}
