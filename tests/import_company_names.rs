//! A HubSpot contacts export names its company twice, by HubSpot's id (`Primary Associated
//! Company ID`) and by name (`Associated Company`): a row whose id matches no account (a company
//! merged or re-created in HubSpot, or none given) is placed by the name, and the summary says
//! how many were; a row matching by neither fails on its id as before.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/import.rs"]
mod support;

use support::{Book, fixture, on_each_engine};

/// The contacts of the account `external_id`, by name.
fn contacts(book: &Book, external_id: &str) -> Vec<String> {
    let id = book.account(external_id).id;
    let mut names: Vec<String> =
        book.store().contacts(id).unwrap().into_iter().map(|c| c.name).collect();
    names.sort();
    names
}

#[test]
fn a_contact_whose_company_id_matches_nothing_is_placed_by_the_company_name() {
    on_each_engine(|engine| {
        let book = Book::with_companies(engine);
        let file = fixture("hubspot_contacts_moved.csv");
        let out = book.imported("contacts", &file, &[]);
        // Amara by her company's id; Lukas's id 18233449001 is unknown and Sven's blank: both by
        // the name in Associated Company.
        assert!(out.contains("3 new"), "{out}");
        assert!(
            out.contains(
                "2 rows whose Primary Associated Company ID matched no account were placed by \
                 their Associated Company"
            ),
            "{out}"
        );
        assert!(
            !out.contains("Associated Company,"),
            "the name column is used, not ignored: {out}"
        );
        assert_eq!(contacts(&book, "18233441001"), ["Amara Osei", "Sven Ek"]);
        assert_eq!(contacts(&book, "18233441002"), ["Lukas Brenner"]);
    });
}

#[test]
fn a_row_matching_by_neither_id_nor_name_fails_on_its_id() {
    on_each_engine(|engine| {
        let book = Book::with_companies(engine);
        let file = book.file(
            "contacts.csv",
            "Record ID,First Name,Last Name,Primary Associated Company ID,Associated Company\n\
             51009,Ines,Ruiz,18233449002,Gone Away Ltd\n\
             51010,Olu,Bello,18233449003,Copperfield Widgets GmbH (fictional)\n",
        );
        let problems = book.refused("contacts", &file, &[]);
        assert!(problems.starts_with("FILE:2: Primary Associated Company ID: "), "{problems}");
        assert!(problems.contains("18233449002"), "{problems}");
        assert_eq!(problems.lines().filter(|l| l.starts_with("FILE:")).count(), 1, "{problems}");
    });
}
