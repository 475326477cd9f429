//! `csm import users` (SPEC 7 and 11): the people who own accounts, by name, email and CRM id.
//! An owner column holding a user's CRM id (Salesforce `OwnerId`, 15 or 18 characters) or email
//! (Planhat `owner`) reads as the user's name, whichever file comes first, so the owner column,
//! its filter and `csm accounts --owner` read people.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/import.rs"]
mod support;

use support::{Book, fixture, on_each_engine};

/// Salesforce's User export; Priya's id in its 15-character form, Marco's in 18.
const SALESFORCE_USERS: &str = "\
Id,Username,LastName,FirstName,Name,Email,IsActive
0055g00000QrStU,priya@vendor.example.sf,Natarajan,Priya,Priya Natarajan,priya@vendor.example,true
0055g00000QrStVAAV,marco@vendor.example.sf,Bellini,Marco,Marco Bellini,marco@vendor.example,true
";

fn owners(book: &Book) -> Vec<Option<String>> {
    book.store().accounts().unwrap().into_iter().map(|a| a.owner).collect()
}

#[test]
fn users_after_accounts_turn_owner_ids_into_names() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        book.imported("accounts", &fixture("salesforce_accounts.csv"), &[]);
        let ids = [Some("0055g00000QrStUAAV".to_owned()), Some("0055g00000QrStVAAV".to_owned())];
        assert_eq!(owners(&book), ids);
        let users = book.file("User.csv", SALESFORCE_USERS);
        let out = book.imported("users", &users, &[]);
        assert!(
            out.starts_with("FILE: imported 2 rows of users: 2 new, 0 updated, 0 unchanged"),
            "{out}"
        );
        assert!(out.contains("the owner of 2 accounts now reads as the user's name"), "{out}");
        let names = [Some("Priya Natarajan".to_owned()), Some("Marco Bellini".to_owned())];
        assert_eq!(owners(&book), names);

        // Either file again changes nothing: the accounts file's owner ids map to the same names.
        let before = book.dump();
        let again = book.imported("users", &users, &[]);
        assert!(again.contains("0 new, 0 updated, 2 unchanged"), "{again}");
        assert!(!again.contains("now reads"), "{again}");
        let again = book.imported("accounts", &fixture("salesforce_accounts.csv"), &[]);
        assert!(again.contains("0 new, 0 updated, 2 unchanged"), "{again}");
        assert_eq!(book.dump(), before);

        // The owner filter takes the name.
        let (ok, out, err) = book.csm(&["accounts", "--owner", "priya natarajan", "--csv"]);
        assert!(ok, "{}", String::from_utf8_lossy(&err));
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("Nimbus Lark") && !out.contains("Copperfield"), "{out}");

        // A user renamed renames the accounts they own.
        let renamed = SALESFORCE_USERS.replace(",Priya Natarajan,", ",Priya N. Iyer,");
        let out = book.imported("users", &book.file("User2.csv", renamed), &[]);
        assert!(out.contains("0 new, 1 updated, 1 unchanged"), "{out}");
        assert_eq!(owners(&book)[0].as_deref(), Some("Priya N. Iyer"));
    });
}

#[test]
fn accounts_after_users_read_owner_emails_as_names() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        book.imported("users", &book.file("users.csv", SALESFORCE_USERS), &[]);
        let planhat = "name,externalId,owner,domains\nNimbus,P-1,PRIYA@vendor.example,nimbus.example\n\
                       Quarry,P-2,someone@else.example,quarry.example\n";
        book.imported("accounts", &book.file("companies.csv", planhat), &[]);
        assert_eq!(book.account("P-1").owner.as_deref(), Some("Priya Natarajan"));
        assert_eq!(
            book.account("P-2").owner.as_deref(),
            Some("someone@else.example"),
            "no such user"
        );
    });
}

#[test]
fn a_user_without_a_name_or_sharing_an_email_is_refused_by_line() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let bad = "Id,Name,Email\n\
                   0055g00000QrStU,Priya Natarajan,priya@vendor.example\n\
                   0055g00000QrStW,,nameless@vendor.example\n\
                   0055g00000QrStX,Pria Twin,Priya@Vendor.example\n\
                   ,Nobody,\n";
        let err = book.refused("users", &book.file("users.csv", bad), &[]);
        assert_eq!(
            err,
            "FILE:3: Name: is blank: a user is shown by name (give `name`, or `first_name` and \
             `last_name`)\n\
             FILE:4: Email: is already row 2's user, “Priya Natarajan”, whose crm_id differs: two \
             users cannot share an email\n\
             FILE:5: a user needs an email or a crm_id: owners name users by them\n"
        );
        // Against the book too.
        let one = "Id,Name,Email\n0055g00000QrStU,Priya Natarajan,priya@vendor.example\n";
        book.imported("users", &book.file("one.csv", one), &[]);
        let twin = "Id,Name,Email\n0055g00000QrStX,Pria Twin,priya@vendor.example\n";
        let err = book.refused("users", &book.file("twin.csv", twin), &[]);
        assert!(
            err.contains("FILE:2: Email: is already a user of the book, “Priya Natarajan”"),
            "{err}"
        );
    });
}
