//! `csm import` of a second system's export of the same companies (SPEC 7, References): an
//! account keeps one id per source (`account_source`); a Zendesk organization seen for the first
//! time finds its Salesforce account by domain, then by name, is remembered by its Zendesk id,
//! and the Zendesk tickets naming that id land on it.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/import.rs"]
mod support;

use support::{Book, on_each_engine};

const SALESFORCE: &str = "\
Id,Name,Website,OwnerId,BillingCity
0015g00000AbCdEAAV,Nimbus Lark Analytics,www.nimbuslark.example,0055g00000QrStUAAV,Austin
0015g00000XyZw1AAF,Copperfield Widgets GmbH,copperfield.example,0055g00000QrStVAAV,München
0015g00000OrCh1AAB,Orchard Ltd,,0055g00000QrStUAAV,Leeds
";

/// Two organizations found by domain, one by its name in another case, one new.
const ZENDESK: &str = "\
id,name,domain_names,shared_tickets,created_at
360044556677,Nimbus Lark Analytics,nimbuslark.example,false,2023-01-17T10:42:00Z
360044556688,Copperfield Widgets GmbH,copperfield.example,false,2019-11-02T17:40:00Z
360044556699,orchard ltd,,false,2020-05-01T09:00:00Z
360044556700,Quarry Labs,quarry.example,false,2024-02-02T09:00:00Z
";

const TICKETS: &str = "\
{\"id\":1,\"subject\":\"SSO\",\"organization_id\":360044556677,\"created_at\":\"2026-03-05T14:02:11Z\"}
{\"id\":2,\"subject\":\"CSV\",\"organization_id\":360044556688,\"created_at\":\"2026-03-06T08:11:54Z\"}
{\"id\":3,\"subject\":\"Orchard\",\"organization_id\":360044556699,\"created_at\":\"2026-03-07T08:00:00Z\"}
{\"id\":4,\"subject\":\"Quarry\",\"organization_id\":360044556700,\"created_at\":\"2026-03-08T08:00:00Z\"}
";

fn sources(book: &Book) -> Vec<(String, String, String)> {
    let store = book.store();
    let accounts = store.accounts().unwrap();
    let name = |id| accounts.iter().find(|a| a.id == id).unwrap().name.clone();
    let mut pairs: Vec<_> = store
        .account_sources()
        .unwrap()
        .into_iter()
        .map(|p| (p.source, p.external_id, name(p.account_id)))
        .collect();
    pairs.sort();
    pairs
}

#[test]
fn zendesk_organizations_after_salesforce_accounts_add_no_duplicates() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let sf = book.file("Account.csv", SALESFORCE);
        let out = book.imported("accounts", &sf, &[]);
        assert!(out.contains("3 new"), "{out}");
        let zd = book.file("organizations.csv", ZENDESK);
        let out = book.imported("accounts", &zd, &[]);
        assert!(
            out.contains("imported 4 rows of accounts: 1 new, 1 updated, 2 unchanged"),
            "{out}"
        );
        assert!(out.contains("3 accounts of this zendesk file were found in the book"), "{out}");
        let store = book.store();
        let mut names: Vec<String> =
            store.accounts().unwrap().into_iter().map(|a| a.name).collect();
        names.sort();
        assert_eq!(
            names,
            ["Copperfield Widgets GmbH", "Nimbus Lark Analytics", "Quarry Labs", "orchard ltd"]
        );
        // The first source's id stays the account's; the new one is known by its Zendesk id.
        assert_eq!(book.account("0015g00000AbCdEAAV").name, "Nimbus Lark Analytics");
        assert_eq!(book.account("360044556700").name, "Quarry Labs");
        drop(store);
        let pair = |s: &str, id: &str, n: &str| (s.to_owned(), id.to_owned(), n.to_owned());
        assert_eq!(
            sources(&book),
            [
                pair("salesforce", "0015g00000AbCdE", "Nimbus Lark Analytics"),
                pair("salesforce", "0015g00000OrCh1", "orchard ltd"),
                pair("salesforce", "0015g00000XyZw1", "Copperfield Widgets GmbH"),
                pair("zendesk", "360044556677", "Nimbus Lark Analytics"),
                pair("zendesk", "360044556688", "Copperfield Widgets GmbH"),
                pair("zendesk", "360044556699", "orchard ltd"),
                pair("zendesk", "360044556700", "Quarry Labs"),
            ]
        );

        // Both files again: every row finds its account by its own source's id.
        let before = book.dump();
        let again = book.imported("accounts", &zd, &[]);
        assert!(again.contains("0 new, 0 updated, 4 unchanged"), "{again}");
        assert!(!again.contains("found in the book"), "{again}");
        assert_eq!(book.dump(), before);

        // Zendesk tickets name organizations by Zendesk id: they land on the Salesforce accounts.
        let tickets = book.file("tickets.jsonl", TICKETS);
        let out = book.imported("tickets", &tickets, &[]);
        assert!(out.contains("4 new"), "{out}");
        let store = book.store();
        for (external_id, subject) in [
            ("0015g00000AbCdEAAV", "SSO"),
            ("0015g00000XyZw1AAF", "CSV"),
            ("0015g00000OrCh1AAB", "Orchard"),
            ("360044556700", "Quarry"),
        ] {
            let account = book.account(external_id);
            let subjects: Vec<_> =
                store.tickets(account.id).unwrap().into_iter().filter_map(|t| t.subject).collect();
            assert_eq!(subjects, [subject], "{external_id}");
        }
    });
}

/// A Salesforce file naming its accounts by their 15-character ids finds what the 18-character
/// ids stored, and a second Salesforce export with a new account sharing no id is a new account
/// even when its name is an existing one's: that source already named the existing one.
#[test]
fn the_same_source_with_a_new_id_is_a_new_account() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        book.imported("accounts", &book.file("Account.csv", SALESFORCE), &[]);
        let more = "Id,Name,Website,OwnerId\n0015g00000New01AAA,Orchard Ltd,,0055g00000QrStUAAV\n\
                    0015g00000AbCdE,Nimbus Lark Analytics,www.nimbuslark.example,0055g00000QrStUAAV\n";
        let out = book.imported("accounts", &book.file("more.csv", more), &[]);
        assert!(out.contains("1 new, 0 updated, 1 unchanged"), "{out}");
        assert_eq!(book.store().accounts().unwrap().len(), 4);
    });
}

/// An organization whose domain two accounts share cannot be placed: the row is refused naming
/// both, and nothing is written.
#[test]
fn a_domain_two_accounts_share_is_ambiguous() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let csv =
            "external_id,name,domain\nA-1,Twin North,twin.example\nA-2,Twin South,twin.example\n";
        book.imported("accounts", &book.file("accounts.csv", csv), &[]);
        let zd = "id,name,domain_names,shared_tickets\n3601,Twin,twin.example,false\n";
        let err = book.refused("accounts", &book.file("orgs.csv", zd), &[]);
        assert_eq!(
            err,
            "FILE:2: domain_names: ambiguous: the domain “twin.example” is shared by “Twin North” and \
             “Twin South”; csm does not guess which this row is\n"
        );
        // Said to be another system, the same file is matched the same way; said to be the CSV the
        // accounts came from, the row is a new account of that source.
        let err = book.refused("accounts", &book.file("orgs.csv", zd), &["--source", "Help-Desk"]);
        assert!(err.contains("ambiguous"), "{err}");
        let out = book.imported("accounts", &book.file("orgs.csv", zd), &["--source", "csv"]);
        assert!(out.contains("1 new"), "{out}");
    });
}
