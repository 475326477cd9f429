//! `csm import` through the binary on files shaped like real exports (tests/fixtures), on each
//! engine: the values stored, re-imports that change nothing, bad files that write nothing and
//! say where, and the same book made by the same files on a file as on a server.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/import.rs"]
mod support;

use chrono::NaiveDate;
use csm::domain::Role;
use support::{Book, account, date, fixture, on_each_engine};

#[test]
fn hubspot_companies_keep_the_csm_the_arr_and_not_the_revenue_or_headcount() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let out = book.imported("accounts", &fixture("hubspot_companies.csv"), &[]);
        assert!(
            out.contains("imported 2 rows of accounts: 2 new, 0 updated, 0 unchanged"),
            "{out}"
        );
        assert!(
            out.contains("Annual Revenue, Number of Employees"),
            "the traps are ignored: {out}"
        );
        let store = book.store();
        let nimbus = account(&store, "18233441001");
        assert_eq!(nimbus.name, "Nimbus Lark Analytics (fictional)");
        assert_eq!(nimbus.domain.as_deref(), Some("nimbuslark.example"));
        assert_eq!(nimbus.owner.as_deref(), Some("Alex Morgan"), "the CSM, not the company owner");
        assert_eq!(nimbus.arr_cents, 9_600_000, "$96,000.00");
        assert_eq!(nimbus.seats_licensed, Some(120), "seats, not employees");
        assert_eq!(nimbus.renewal_date, date("2026-06-30"));
        assert_eq!(nimbus.segment, Some(csm::domain::Segment::MidMarket));
        assert_eq!(nimbus.lifecycle_stage.as_deref(), Some("Customer"));
        assert_eq!(nimbus.region.as_deref(), Some("United States"));
        let copperfield = account(&store, "18233441002");
        assert_eq!(copperfield.arr_cents, 1_850_000, "USD 18,500");
        assert_eq!(copperfield.segment, Some(csm::domain::Segment::Enterprise));
    });
}

#[test]
fn salesforce_ids_match_in_both_lengths_and_managers_are_set_last() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        book.imported("accounts", &fixture("salesforce_accounts.csv"), &[]);
        let out = book.imported("contacts", &fixture("salesforce_contacts.csv"), &[]);
        assert!(out.contains("3 new"), "{out}");
        let store = book.store();
        let nimbus = account(&store, "0015g00000AbCdEAAV");
        assert_eq!(nimbus.domain.as_deref(), Some("nimbuslark.example"), "www. is dropped");
        assert_eq!(nimbus.arr_cents, 0, "AnnualRevenue is not ARR");
        let copperfield = account(&store, "0015g00000XyZw1AAF");
        let jorg = store.contacts(copperfield.id).unwrap();
        assert_eq!(jorg.len(), 1, "the 15-character id found the 18-character account");
        assert_eq!(jorg[0].name, "Jörg Albrecht-Nuñez");
        assert_eq!(jorg[0].title.as_deref(), Some("Leiter IT"));
        let people = store.contacts(nimbus.id).unwrap();
        let dana = people.iter().find(|c| c.name == "Dana Whitcombe").unwrap();
        let sam = people.iter().find(|c| c.name == "Sam Okoye").unwrap();
        assert_eq!(dana.title.as_deref(), Some("VP, Customer Operations"), "a quoted comma");
        assert_eq!(sam.reports_to, Some(dana.id));
        assert_eq!(dana.external_id.as_deref(), Some("0035g00000Lm9NoAAJ"));

        // The same files again change nothing.
        let before = book.dump();
        let again = book.imported("accounts", &fixture("salesforce_accounts.csv"), &[]);
        assert!(again.contains("0 new, 0 updated, 2 unchanged"), "{again}");
        let again = book.imported("contacts", &fixture("salesforce_contacts.csv"), &[]);
        assert!(again.contains("0 new, 0 updated, 3 unchanged"), "{again}");
        assert_eq!(book.dump(), before);
    });
}

#[test]
fn hubspot_contacts_take_their_role_and_company() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        book.imported("accounts", &fixture("hubspot_companies.csv"), &[]);
        book.imported("contacts", &fixture("hubspot_contacts.csv"), &[]);
        let store = book.store();
        let dana = store.contacts(account(&store, "18233441001").id).unwrap().remove(0);
        assert_eq!(dana.name, "Dana Whitcombe");
        assert_eq!(dana.role, Role::ExecutiveSponsor);
        assert_eq!(dana.email.as_deref(), Some("dana.whitcombe@nimbuslark.example"));
        let jorg = store.contacts(account(&store, "18233441002").id).unwrap().remove(0);
        assert_eq!(jorg.role, Role::Champion);
    });
}

#[test]
fn usage_and_feature_days_land_and_reimport_is_unchanged() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        book.imported("accounts", &fixture("hubspot_companies.csv"), &[]);
        let out = book.imported("usage", &fixture("usage.csv"), &[]);
        assert!(out.contains("4 new"), "{out}");
        assert!(out.contains("columns ignored: minutes"), "{out}");
        book.imported("features", &fixture("features.csv"), &[]);
        let store = book.store();
        let nimbus = account(&store, "18233441001");
        let (from, to) = (date("2026-11-01").unwrap(), date("2026-11-30").unwrap());
        let usage = store.usage(nimbus.id, from, to).unwrap();
        assert_eq!(usage.len(), 2);
        assert_eq!(
            (usage[0].date, usage[0].active_users, usage[0].events),
            (date("2026-11-20").unwrap(), 41, Some(1288))
        );
        let copperfield = account(&store, "18233441002");
        let last = store.usage(copperfield.id, from, to).unwrap().pop().unwrap();
        assert_eq!((last.active_users, last.events), (10, None), "a blank count is absent");
        let catalog = store.feature_catalog().unwrap();
        assert_eq!(catalog.features.len(), 2, "“dashboards” is “Dashboards”: {catalog:?}");
        let again = book.imported("usage", &fixture("usage.csv"), &[]);
        assert!(again.contains("0 new, 0 updated, 4 unchanged"), "{again}");
    });
}

#[test]
fn one_bad_row_in_a_thousand_writes_nothing_and_every_problem_says_where() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        book.imported("accounts", &fixture("hubspot_companies.csv"), &[]);
        let mut csv = String::from("account,date,active_users\n");
        for day in 0..1000 {
            let date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(day);
            let users = match day {
                1 => "-4".to_owned(),
                500 => "lots".to_owned(),
                _ => "12".to_owned(),
            };
            csv.push_str(&format!("18233441001,{date},{users}\n"));
        }
        csv.push_str("Nowhere Inc,2024-01-01,3\n");
        let file = book.dir.path().join("usage.csv");
        std::fs::write(&file, csv).unwrap();
        let before = book.dump();
        let (ok, out, err) = book.import("usage", &file, &[]);
        assert!(!ok);
        assert!(out.is_empty(), "{out}");
        let shown = file.display().to_string();
        let lines: Vec<&str> = err.lines().collect();
        assert!(lines[0].starts_with(&format!("csm: {shown}:3: active_users: ")), "{err}");
        assert!(lines[1].starts_with(&format!("{shown}:502: active_users: ")), "{err}");
        assert!(lines[2].starts_with(&format!("{shown}:1002: account: no account has")), "{err}");
        assert!(err.ends_with(&format!("nothing was imported from {shown}\n")), "{err}");
        assert_eq!(book.dump(), before, "the store is unchanged");
    });
}

#[test]
fn a_dry_run_counts_and_writes_nothing() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        book.imported("accounts", &fixture("hubspot_companies.csv"), &[]);
        let before = book.dump();
        let (ok, out, err) = book.import("usage", &fixture("usage.csv"), &["--dry-run"]);
        assert!(ok, "{err}");
        assert!(out.contains("would import 4 rows of usage: 4 new"), "{out}");
        assert!(out.contains("nothing was written (dry run)"), "{out}");
        assert_eq!(book.dump(), before);
    });
}

#[test]
fn missing_columns_name_the_headers_found_and_references_need_accounts_first() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let file = book.dir.path().join("accounts.csv");
        std::fs::write(&file, "Company,Website\nAcme,acme.example\n").unwrap();
        let (ok, _, err) = book.import("accounts", &file, &[]);
        assert!(!ok);
        assert!(err.contains(":1: external_id: "), "{err}");
        assert!(err.contains("Company"), "the headers found are listed: {err}");
        let (ok, _, err) = book.import("usage", &fixture("usage.csv"), &[]);
        assert!(!ok);
        assert!(err.contains(":2: account_id: no account has the external id, name or domain “18233441001” (import the accounts first)"), "{err}");
    });
}

#[test]
fn a_contact_found_by_its_id_moves_to_the_account_the_file_names() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        book.imported("accounts", &fixture("hubspot_companies.csv"), &[]);
        book.imported("contacts", &fixture("hubspot_contacts.csv"), &[]);
        let moved = book.dir.path().join("moved.csv");
        std::fs::write(&moved, "Record ID,First Name,Last Name,Primary Associated Company ID,Job Title\n51001,,,18233441002,COO\n")
            .unwrap();
        let out = book.imported("contacts", &moved, &[]);
        assert!(out.contains("0 new, 1 updated"), "{out}");
        let store = book.store();
        let copperfield = store.contacts(account(&store, "18233441002").id).unwrap();
        let dana = copperfield.iter().find(|c| c.name == "Dana Whitcombe").unwrap();
        assert_eq!(dana.title.as_deref(), Some("COO"));
        assert_eq!(dana.email.as_deref(), Some("dana.whitcombe@nimbuslark.example"), "blank keeps");
        assert!(store.contacts(account(&store, "18233441001").id).unwrap().is_empty());
    });
}

/// The same files imported in the same order make the same book on either engine, row for row
/// and cell for cell: ids, revisions, cached scores and the playbooks' to-dos included. Files
/// that import only: a transaction rolled back on a server still draws ids from its sequences
/// (PostgreSQL's sequences stand outside transactions), so after a dry run or a refused file
/// the later records' ids differ from a file's.
#[test]
fn the_same_files_make_the_same_book_on_either_engine() {
    let users = "Id,Name,Email\n0055g00000QrStU,Priya Natarajan,priya@vendor.example\n";
    let renewals = "account,due,closed_on,outcome,arr_before,arr_after\n\
                    18233441001,2025-06-30,2025-06-20,renewed,\"$80,000\",\"$96,000\"\n\
                    18233441002,2026-01-31,2026-01-10,churned,,\n";
    let dumps = std::sync::Mutex::new(Vec::new());
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let files = [
            ("accounts", fixture("hubspot_companies.csv")),
            ("contacts", fixture("hubspot_contacts.csv")),
            ("contacts", fixture("hubspot_contacts_moved.csv")),
            ("usage", fixture("usage.csv")),
            ("features", fixture("features.csv")),
            ("tickets", fixture("zendesk_tickets.csv")),
            ("tickets", fixture("zendesk_tickets_no_org.csv")),
            ("interactions", fixture("interactions.csv")),
            ("opportunities", fixture("hubspot_deals.csv")),
            ("nps", fixture("qualtrics_nps.csv")),
            ("nps", fixture("surveymonkey_nps.csv")),
            ("accounts", fixture("salesforce_accounts.csv")),
            ("contacts", fixture("salesforce_contacts.csv")),
            ("opportunities", fixture("salesforce_opportunities.csv")),
            ("opportunities", fixture("salesforce_report_opportunities.csv")),
            ("accounts", fixture("zendesk_organizations.csv")),
            ("tickets", fixture("zendesk_tickets.jsonl")),
            ("users", book.file("users.csv", users)),
            ("renewals", book.file("renewals.csv", renewals)),
        ];
        for (kind, file) in files {
            book.imported(kind, &file, &[]);
        }
        dumps.lock().unwrap().push(book.dump());
    });
    let dumps = dumps.into_inner().unwrap();
    if let [sqlite, postgres] = &dumps[..] {
        let only = |a: &[String], b: &[String]| -> Vec<String> {
            a.iter().filter(|row| !b.contains(row)).cloned().collect()
        };
        assert_eq!(
            only(sqlite, postgres),
            only(postgres, sqlite),
            "rows on SQLite only, left; on PostgreSQL only, right"
        );
        assert_eq!(sqlite, postgres);
        assert!(sqlite.len() > 60, "every kind wrote its rows: {sqlite:#?}");
    }
}
