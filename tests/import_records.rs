//! `csm import` of tickets, interactions and opportunities through the binary, on files shaped
//! like Zendesk, Salesforce and HubSpot exports (tests/fixtures): each stored value, re-imports
//! that change nothing, the kind and status read from source fields, and a bad reference that
//! writes nothing and says where.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/import.rs"]
mod support;

use csm::domain::{
    Interaction, InteractionKind, Opportunity, OpportunityKind, OpportunityStatus, Priority,
    Rating, Ticket,
};
use csm::store::Store;
use support::{Book, Engine, account, date, fixture, on_each_engine};

fn tickets(store: &Store, account_id: &str) -> Vec<Ticket> {
    store.tickets(account(store, account_id).id).unwrap()
}

fn opportunities(store: &Store, account_id: &str) -> Vec<Opportunity> {
    store.opportunities(account(store, account_id).id).unwrap()
}

fn interactions(store: &Store, account_id: &str) -> Vec<Interaction> {
    store.interactions(account(store, account_id).id).unwrap()
}

fn by_external_id<'a, T>(items: &'a [T], id: &str, of: impl Fn(&T) -> Option<&str>) -> &'a T {
    items.iter().find(|t| of(t) == Some(id)).unwrap()
}

fn ticket<'a>(items: &'a [Ticket], id: &str) -> &'a Ticket {
    by_external_id(items, id, |t| t.external_id.as_deref())
}

fn opportunity<'a>(items: &'a [Opportunity], id: &str) -> &'a Opportunity {
    by_external_id(items, id, |o| o.external_id.as_deref())
}

/// A book on `engine` with the HubSpot companies and contacts.
fn hubspot_book(engine: &Engine) -> Book {
    let book = Book::with_companies(engine);
    book.imported("contacts", &fixture("hubspot_contacts.csv"), &[]);
    book
}

#[test]
fn zendesk_csv_tickets_land_field_by_field_and_reimport_is_unchanged() {
    on_each_engine(|engine| {
        let book = hubspot_book(engine);
        let out = book.imported("tickets", &fixture("zendesk_tickets.csv"), &[]);
        assert!(out.contains("imported 4 rows of tickets: 4 new, 0 updated, 0 unchanged"), "{out}");
        let store = book.store();

        let nimbus = tickets(&store, "18233441001");
        assert_eq!(nimbus.len(), 2);
        let sso = ticket(&nimbus, "48211");
        assert_eq!(sso.opened, date("2026-03-05").unwrap());
        assert_eq!(sso.closed, date("2026-03-06"), "Solved at, not Updated at");
        assert_eq!(sso.priority, Priority::High);
        assert_eq!(sso.rating, Some(Rating::Good));
        assert_eq!(sso.status.as_deref(), Some("solved"));
        assert_eq!(sso.subject.as_deref(), Some("SSO login fails after IdP cert rotation, urgent"));
        let audit = ticket(&nimbus, "48250");
        assert_eq!(audit.closed, date("2026-03-14"), "closed without Solved at: its last update");
        assert_eq!(audit.priority, Priority::Urgent);
        assert_eq!(audit.rating, Some(Rating::Bad));

        // Two tickets of one organization opened the same day are two tickets (their ids differ).
        let copperfield = tickets(&store, "18233441002");
        assert_eq!(copperfield.len(), 2);
        let export = ticket(&copperfield, "48230");
        assert_eq!(export.opened, date("2026-03-06").unwrap());
        assert_eq!(export.closed, None, "an open ticket");
        assert_eq!(export.rating, None, "Not Offered is no rating");
        assert_eq!(export.subject.as_deref(), Some("Export to CSV shows \"€\" as garbage"));
        let invoice = ticket(&copperfield, "48244");
        assert_eq!(invoice.opened, date("2026-03-06").unwrap(), "15:30 +0100 is the 6th");
        assert_eq!(
            invoice.priority,
            Priority::Normal,
            "a blank priority is normal for a new ticket"
        );
        assert_eq!(invoice.rating, None, "Offered is no rating");
        assert_eq!(invoice.closed, None, "pending: its last update is no closing");
        assert_eq!(invoice.status.as_deref(), Some("pending"));

        let before = book.dump();
        let again = book.imported("tickets", &fixture("zendesk_tickets.csv"), &[]);
        assert!(again.contains("0 new, 0 updated, 4 unchanged"), "{again}");
        assert_eq!(book.dump(), before);
    });
}

#[test]
fn zendesk_json_tickets_find_organizations_by_id_and_are_keyed_by_their_zendesk_id() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        book.imported("accounts", &fixture("zendesk_organizations.csv"), &[]);
        let out = book.imported("tickets", &fixture("zendesk_tickets.jsonl"), &[]);
        assert!(out.contains("3 new"), "{out}");
        // Zendesk's own `external_id` is null in every row: its `id` keys the tickets, and the
        // summary says so.
        assert!(out.contains("\nexternal_id is blank in every row: the records are keyed by id\n"));
        assert!(out.contains("columns ignored: external_id, "), "{out}");
        let store = book.store();
        let nimbus = tickets(&store, "360044556677");
        assert_eq!(nimbus.len(), 2);
        let sso = ticket(&nimbus, "48211");
        assert_eq!(sso.opened, date("2026-03-05").unwrap());
        assert_eq!(sso.closed, date("2026-03-07"), "solved, no solved date: its last update");
        assert_eq!(sso.rating, Some(Rating::Good), "satisfaction_rating.score");
        assert_eq!(sso.priority, Priority::High);
        let dashboards = ticket(&nimbus, "48302");
        assert_eq!(dashboards.opened, date("2026-03-09").unwrap(), "the day in its own offset");
        assert_eq!(dashboards.priority, Priority::Normal, "null priority");
        assert_eq!(dashboards.rating, None, "offered");
        let copperfield = tickets(&store, "360044556688");
        assert_eq!(copperfield[0].external_id.as_deref(), Some("48230"));
        assert_eq!(copperfield[0].rating, None, "unoffered");
        assert_eq!(copperfield[0].closed, None);
        drop(store);

        let before = book.dump();
        let again = book.imported("tickets", &fixture("zendesk_tickets.jsonl"), &[]);
        assert!(again.contains("0 new, 0 updated, 3 unchanged"), "{again}");
        assert_eq!(book.dump(), before);
        // Mapping `id` to the external id, as was once needed, keys them the same way.
        let map = book.dir.path().join("map.toml");
        std::fs::write(&map, "[tickets]\n\"id\" = \"external_id\"\n").unwrap();
        let map = map.display().to_string();
        let (ok, out, err) =
            book.import("tickets", &fixture("zendesk_tickets.jsonl"), &["--map", &map]);
        assert!(ok, "{err}");
        assert!(out.contains("0 new, 0 updated, 3 unchanged"), "{out}");
        assert!(!out.contains("keyed by"), "{out}");
        assert_eq!(book.dump(), before);
    });
}

#[test]
fn a_file_whose_external_id_is_filled_in_some_rows_only_is_refused_until_mapped() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        book.imported("accounts", &fixture("zendesk_organizations.csv"), &[]);
        // One ticket linked to another system, one not: keying one by `external_id` and the other by
        // `id` would mix keys; keying the other by its day could merge two tickets of that day.
        let file = book.dir.path().join("t.jsonl");
        std::fs::write(
            &file,
            "{\"id\":1,\"external_id\":\"CRM-7\",\"organization_id\":360044556677,\"created_at\":\"2026-03-05T10:00:00Z\"}\n\
             {\"id\":2,\"external_id\":null,\"organization_id\":360044556677,\"created_at\":\"2026-03-05T11:00:00Z\"}\n",
        )
        .unwrap();
        let before = book.dump();
        let (ok, _, err) = book.import("tickets", &file, &[]);
        assert!(!ok);
        let shown = file.display().to_string();
        assert!(
            err.contains(&format!(
                "{shown}: external_id: is blank in 1 of 2 rows, and \"id\" could key them all; say \
                 which column is the key with --map: \"id\" = \"external_id\", or \"id\" = \"\" to keep \
                 external_id"
            )),
            "{err}"
        );
        assert_eq!(book.dump(), before);
        let map = book.dir.path().join("map.toml");
        std::fs::write(&map, "[tickets]\n\"id\" = \"external_id\"\n").unwrap();
        let (ok, out, err) = book.import("tickets", &file, &["--map", map.to_str().unwrap()]);
        assert!(ok, "{err}");
        assert!(out.contains("2 new"), "{out}");
        let store = book.store();
        let ids: Vec<_> =
            tickets(&store, "360044556677").into_iter().map(|t| t.external_id).collect();
        assert_eq!(ids, [Some("1".to_owned()), Some("2".to_owned())]);
    });
}

#[test]
fn zendesk_organizations_in_json_are_keyed_by_id_when_external_id_is_null() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let file = book.dir.path().join("organizations.jsonl");
        std::fs::write(
            &file,
            "{\"id\":360044556677,\"external_id\":null,\"name\":\"Nimbus Lark Analytics (fictional)\",\"domain_names\":[\"nimbuslark.example\"]}\n",
        )
        .unwrap();
        let out = book.imported("accounts", &file, &[]);
        assert!(out.contains("1 new"), "{out}");
        let store = book.store();
        assert_eq!(account(&store, "360044556677").domain.as_deref(), Some("nimbuslark.example"));
    });
}

#[test]
fn a_zendesk_ticket_without_an_organization_is_placed_by_its_requesters_email_domain() {
    on_each_engine(|engine| {
        let book = hubspot_book(engine);
        let out = book.imported("tickets", &fixture("zendesk_tickets_no_org.csv"), &[]);
        assert!(out.contains("imported 2 rows of tickets: 2 new"), "{out}");
        assert!(!out.contains("Requester email"), "read, not ignored: {out}");
        let store = book.store();
        let password = tickets(&store, "18233441002");
        assert_eq!(password.len(), 1);
        assert_eq!(password[0].external_id.as_deref(), Some("48260"));
        assert_eq!(password[0].subject.as_deref(), Some("Cannot reset my password"));
        assert_eq!(tickets(&store, "18233441001")[0].external_id.as_deref(), Some("48211"));
        drop(store);
        let before = book.dump();
        let again = book.imported("tickets", &fixture("zendesk_tickets_no_org.csv"), &[]);
        assert!(again.contains("0 new, 0 updated, 2 unchanged"), "{again}");
        assert_eq!(book.dump(), before);

        // A requester whose domain is no account's: the row says so, and nothing is written.
        let file = book.dir.path().join("t.csv");
        std::fs::write(
            &file,
            "Id,Requester email,Organization,Created at\n\
             9,ann@elsewhere.example,,2026-03-06 08:11:54 UTC\n\
             10,,,2026-03-06 08:11:54 UTC\n",
        )
        .unwrap();
        let (ok, _, err) = book.import("tickets", &file, &[]);
        assert!(!ok);
        let err = err.replace(&file.display().to_string(), "FILE");
        assert!(
            err.contains(
                "FILE:2: Organization: the organization is blank, and no account has the domain of \
                 the requester's email “ann@elsewhere.example”\n\
                 FILE:3: Organization: is empty; it is required\n"
            ),
            "{err}"
        );
        assert_eq!(book.dump(), before);
    });
}

#[test]
fn salesforce_opportunities_read_kind_status_amount_and_probability() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        book.imported("accounts", &fixture("salesforce_accounts.csv"), &[]);
        let out = book.imported("opportunities", &fixture("salesforce_opportunities.csv"), &[]);
        assert!(out.contains("4 new"), "{out}");
        let store = book.store();
        let nimbus = opportunities(&store, "0015g00000AbCdEAAV");
        let renewal = opportunity(&nimbus, "0065g00000Tu7VwAAJ");
        assert_eq!(renewal.name.as_deref(), Some("Nimbus Lark - FY27 Renewal"));
        assert_eq!(renewal.kind, OpportunityKind::Renewal, "Type Renewal");
        assert_eq!(renewal.status, OpportunityStatus::Open, "IsClosed false");
        assert_eq!(renewal.amount_cents, Some(9_600_000));
        assert_eq!(renewal.stage.as_deref(), Some("Negotiation/Review"));
        assert_eq!(renewal.close_date, date("2026-06-30"));
        assert_eq!(renewal.probability, Some(90.0), "a percent, 0-100");
        let last_year = opportunity(&nimbus, "0065g00000Tu7VzAAJ");
        assert_eq!(last_year.kind, OpportunityKind::Renewal, "no type: the name says renewal");
        assert_eq!(last_year.status, OpportunityStatus::Won);
        let copperfield = opportunities(&store, "0015g00000XyZw1AAF");
        let add_on = opportunity(&copperfield, "0065g00000Tu7VxAAJ");
        assert_eq!(add_on.kind, OpportunityKind::Expansion, "Existing Customer - Upgrade");
        assert_eq!(add_on.status, OpportunityStatus::Won, "IsClosed and IsWon");
        assert_eq!(add_on.amount_cents, Some(1_850_000));
        assert_eq!(add_on.probability, Some(100.0));
        let cut = opportunity(&copperfield, "0065g00000Tu7VyAAJ");
        assert_eq!(cut.kind, OpportunityKind::Contraction, "Existing Customer - Downgrade");
        assert_eq!(cut.status, OpportunityStatus::Lost, "closed, not won");
        assert_eq!(cut.probability, Some(0.0));
        drop(store);

        // The report export names the same two opportunities by their 15-character ids, with US
        // dates, grouped amounts, a currency column and a footer: nothing changes.
        let before = book.dump();
        let report =
            book.imported("opportunities", &fixture("salesforce_report_opportunities.csv"), &[]);
        assert!(report.contains("imported 2 rows of opportunities: 0 new, 0 updated, 2 unchanged"));
        let again = book.imported("opportunities", &fixture("salesforce_opportunities.csv"), &[]);
        assert!(again.contains("0 new, 0 updated, 4 unchanged"), "{again}");
        assert_eq!(book.dump(), before);
    });
}

#[test]
fn a_salesforce_report_alone_makes_its_opportunities_with_the_long_ids_kept_later() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        book.imported("accounts", &fixture("salesforce_accounts.csv"), &[]);
        let out =
            book.imported("opportunities", &fixture("salesforce_report_opportunities.csv"), &[]);
        assert!(out.contains("2 new"), "{out}");
        let store = book.store();
        let nimbus = opportunities(&store, "0015g00000AbCdEAAV");
        let renewal = opportunity(&nimbus, "0065g00000Tu7Vw");
        assert_eq!(renewal.close_date, date("2026-06-30"), "6/30/2026 can only be month first");
        assert_eq!(renewal.amount_cents, Some(9_600_000), "\"96,000.00\" in USD");
        assert_eq!(renewal.status, OpportunityStatus::Open, "the stage decides without flags");
        assert_eq!(renewal.kind, OpportunityKind::Renewal);
        let copperfield = opportunities(&store, "0015g00000XyZw1AAF");
        let add_on = opportunity(&copperfield, "0065g00000Tu7Vx");
        assert_eq!(add_on.status, OpportunityStatus::Won, "Closed Won");
        assert_eq!(add_on.close_date, date("2026-02-15"));
        drop(store);
        // The Data Loader file finds them by their 18-character ids; the stored ids stay.
        let out = book.imported("opportunities", &fixture("salesforce_opportunities.csv"), &[]);
        assert!(out.contains("2 new, 0 updated, 2 unchanged"), "{out}");
        let store = book.store();
        assert_eq!(opportunities(&store, "0015g00000AbCdEAAV").len(), 2);
    });
}

#[test]
fn hubspot_deals_take_renewals_from_the_pipeline_and_probabilities_from_zero_to_one() {
    on_each_engine(|engine| {
        let book = hubspot_book(engine);
        let out = book.imported("opportunities", &fixture("hubspot_deals.csv"), &[]);
        assert!(out.contains("3 new"), "{out}");
        let store = book.store();
        let nimbus = opportunities(&store, "18233441001");
        let contract = opportunity(&nimbus, "7300101");
        assert_eq!(contract.kind, OpportunityKind::Renewal, "Renewals Pipeline");
        assert_eq!(contract.status, OpportunityStatus::Open, "Contract Sent");
        assert_eq!(contract.probability, Some(90.0), "0.9");
        assert_eq!(contract.amount_cents, Some(9_600_000));
        assert_eq!(contract.name.as_deref(), Some("Nimbus Lark - FY27 contract"));
        let copperfield = opportunities(&store, "18233441002");
        let add_on = opportunity(&copperfield, "7300102");
        assert_eq!(add_on.kind, OpportunityKind::Other, "Existing Business says no more");
        assert_eq!(add_on.status, OpportunityStatus::Won, "Closed Won");
        assert_eq!(add_on.probability, Some(100.0), "1 is certain on HubSpot's 0-1 scale");
        let rollout = opportunity(&copperfield, "7300103");
        assert_eq!(rollout.kind, OpportunityKind::New, "New Business");
        assert_eq!(rollout.status, OpportunityStatus::Lost, "the internal value closedlost");
        assert_eq!(rollout.amount_cents, Some(3_200_000));
        assert_eq!(rollout.probability, Some(0.0));
        drop(store);
        let again = book.imported("opportunities", &fixture("hubspot_deals.csv"), &[]);
        assert!(again.contains("0 new, 0 updated, 3 unchanged"), "{again}");
    });
}

#[test]
fn an_amount_in_another_currency_is_refused_and_nothing_is_written() {
    on_each_engine(|engine| {
        let book = hubspot_book(engine);
        let file = book.dir.path().join("deals.csv");
        std::fs::write(
            &file,
            "account,kind,amount,currency,close_date\n\
             18233441001,renewal,96000,usd,2026-06-30\n\
             18233441002,expansion,18500,EUR,2026-02-15\n\
             18233441002,expansion,€900,,2026-03-15\n",
        )
        .unwrap();
        let before = book.dump();
        let (ok, _, err) = book.import("opportunities", &file, &[]);
        assert!(!ok);
        let shown = file.display().to_string();
        let usd = "the book is in USD, and no rate is configured";
        assert!(err.contains(&format!("{shown}:3: amount: is in EUR; {usd}")), "{err}");
        assert!(err.contains(&format!("{shown}:4: amount: is in EUR; {usd}")), "{err}");
        assert_eq!(book.dump(), before);
    });
}

#[test]
fn canonical_opportunities_are_keyed_by_account_kind_and_close_date() {
    on_each_engine(|engine| {
        let book = hubspot_book(engine);
        let file = book.dir.path().join("opportunities.csv");
        let csv = "account,kind,status,amount,close_date,probability,stage\n\
                   18233441001,renewal,open,96000,2026-06-30,0.6,Proposal\n\
                   18233441001,expansion,open,12000,2026-06-30,,\n";
        std::fs::write(&file, csv).unwrap();
        let out = book.imported("opportunities", &file, &[]);
        assert!(out.contains("2 new"), "{out}");
        // The renewal again, won now, its stage blank (kept) and its amount changed.
        std::fs::write(
            &file,
            "account,kind,status,amount,close_date,probability,stage\n\
             18233441001,renewal,won,98000,2026-06-30,100,\n",
        )
        .unwrap();
        let out = book.imported("opportunities", &file, &[]);
        assert!(out.contains("0 new, 1 updated, 0 unchanged"), "{out}");
        let store = book.store();
        let nimbus = opportunities(&store, "18233441001");
        assert_eq!(nimbus.len(), 2);
        let renewal = nimbus.iter().find(|o| o.kind == OpportunityKind::Renewal).unwrap();
        assert_eq!(renewal.status, OpportunityStatus::Won);
        assert_eq!(renewal.amount_cents, Some(9_800_000));
        assert_eq!(renewal.stage.as_deref(), Some("Proposal"), "a blank keeps the stored stage");
        assert_eq!(renewal.probability, Some(100.0));
        let upsell = nimbus.iter().find(|o| o.kind == OpportunityKind::Expansion).unwrap();
        assert_eq!(upsell.probability, None);
    });
}

#[test]
fn interactions_land_with_their_participants_and_reimport_is_unchanged() {
    on_each_engine(|engine| {
        let book = hubspot_book(engine);
        let out = book.imported("interactions", &fixture("interactions.csv"), &[]);
        assert!(out.contains("imported 4 rows of interactions: 4 new"), "{out}");
        let store = book.store();
        let nimbus_id = account(&store, "18233441001").id;
        let dana = store.contacts(nimbus_id).unwrap().remove(0);
        let nimbus = interactions(&store, "18233441001");
        assert_eq!(nimbus.len(), 3);
        let qbr = &nimbus[0];
        assert_eq!(qbr.external_id.as_deref(), Some("INT-1001"));
        assert_eq!(qbr.date, date("2026-10-02").unwrap());
        assert_eq!(qbr.kind, InteractionKind::Qbr);
        assert_eq!(qbr.summary.as_deref(), Some("Q3 business review"));
        assert_eq!(
            qbr.body.as_deref(),
            Some("Adoption up 12%; asked about SSO, audit log.\nNext: exec sponsor sync.")
        );
        assert_eq!(qbr.contacts, vec![dana.id]);
        let lunch = &nimbus[1];
        assert_eq!(lunch.kind, InteractionKind::Other, "Lunch is other");
        assert_eq!(lunch.external_id, None);
        assert!(lunch.contacts.is_empty());
        assert_eq!(lunch.body, None);
        assert_eq!(nimbus[2].kind, InteractionKind::Email);
        assert_eq!(nimbus[2].body, None, "N/A is blank");
        let copperfield = interactions(&store, "18233441002");
        let jorg = store.contacts(account(&store, "18233441002").id).unwrap().remove(0);
        assert_eq!(copperfield[0].kind, InteractionKind::Call);
        assert_eq!(copperfield[0].contacts, vec![jorg.id], "an email and an id of one contact");
        assert_eq!(copperfield[0].body.as_deref(), Some("Budget approved for 2027."));
        drop(store);

        let before = book.dump();
        let again = book.imported("interactions", &fixture("interactions.csv"), &[]);
        assert!(again.contains("0 new, 0 updated, 4 unchanged"), "{again}");
        assert_eq!(book.dump(), before);
    });
}

#[test]
fn a_participant_of_another_account_fails_its_row_and_nothing_is_written() {
    on_each_engine(|engine| {
        let book = hubspot_book(engine);
        let file = book.dir.path().join("interactions.csv");
        std::fs::write(
            &file,
            "account,date,kind,contacts,summary\n\
             18233441001,2026-10-02,call,dana.whitcombe@nimbuslark.example,Kick-off\n\
             18233441001,2026-10-09,call,dana.whitcombe@nimbuslark.example;j.albrecht@copperfield.example,Sync\n\
             18233441002,2026-10-09,meeting,nobody@copperfield.example,Workshop\n",
        )
        .unwrap();
        let before = book.dump();
        let (ok, out, err) = book.import("interactions", &file, &[]);
        assert!(!ok);
        assert!(out.is_empty(), "{out}");
        let shown = file.display().to_string();
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(
            lines[0],
            format!(
                "csm: {shown}:3: contacts: no contact of this account has the email or id \
                 “j.albrecht@copperfield.example”"
            ),
            "{err}"
        );
        assert!(
            lines[1].starts_with(&format!("{shown}:4: contacts: no contact of this account")),
            "{err}"
        );
        assert_eq!(book.dump(), before, "the good row is not written either");
    });
}
