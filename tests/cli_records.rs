//! `csm account set`, `csm contact add|set|delete` and `csm opportunity add|set|close` on the
//! real binary over a small demo book: each write says in one line what it changed (old → new
//! for a correction) and is found in the store after, the account scored again; each refusal
//! exits 1 with one line naming the field and leaves the store as it was; a usage error exits 2.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/binary.rs"]
mod binary;

use std::path::Path;
use std::process::Output;

use binary::{AS_OF, ok_on_book as ok, on_book as cmd, own_demo_book as book, text};
use csm::domain::{
    Account, Advocacy, Contact, ContactId, Opportunity, OpportunityId, OpportunityKind,
    OpportunityStatus, Role, Segment, is_unsafe,
};
use csm::store::Store;
use serde_json::Value;

fn day(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

fn store(db: &Path) -> Store {
    Store::open_to_read(db).unwrap()
}

/// The demo's active account with the most contacts (the first of them on a tie).
fn busy_account(db: &Path) -> Account {
    let store = store(db);
    let accounts = store.accounts().unwrap().into_iter().filter(|a| a.renewal_date.is_some());
    accounts.rev().max_by_key(|a| store.contacts(a.id).unwrap().len()).unwrap()
}

fn account(db: &Path, id: i64) -> Account {
    store(db).account(csm::domain::AccountId(id)).unwrap().unwrap()
}

fn contact(db: &Path, id: ContactId) -> Option<Contact> {
    store(db).all_contacts().unwrap().into_iter().find(|c| c.id == id)
}

fn opportunity(db: &Path, id: OpportunityId) -> Option<Opportunity> {
    store(db).all_opportunities().unwrap().into_iter().find(|o| o.id == id)
}

fn newest_contact(db: &Path) -> Contact {
    store(db).all_contacts().unwrap().into_iter().max_by_key(|c| c.id).unwrap()
}

fn newest_opportunity(db: &Path) -> Opportunity {
    store(db).all_opportunities().unwrap().into_iter().max_by_key(|o| o.id).unwrap()
}

/// `csm account ACCOUNT --json`, parsed.
fn account_json(dir: &Path, db: &Path, account: &str) -> Value {
    let out = ok(dir, db, &["account", account, "--json"]);
    serde_json::from_str(&out).expect("account --json is JSON")
}

/// The account's entry in `csm report --json`.
fn reported(dir: &Path, db: &Path, id: i64) -> Value {
    let report: Value = serde_json::from_str(&ok(dir, db, &["report", "--json"])).unwrap();
    report["accounts"].as_array().unwrap().iter().find(|a| a["id"] == id).unwrap().clone()
}

/// Everything the commands could write: every account, contact and opportunity.
fn written(db: &Path) -> String {
    let store = store(db);
    format!(
        "{:?}{:?}{:?}",
        store.accounts().unwrap(),
        store.all_contacts().unwrap(),
        store.all_opportunities().unwrap()
    )
}

#[test]
fn an_account_is_corrected_field_by_field_and_scored_again() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let before = busy_account(db);
    let id = before.id.0;
    let old = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".into());
    let region = before.region.clone().expect("the demo gives every account a region");

    let out = ok(
        dir,
        db,
        &[
            "account",
            "set",
            &before.external_id,
            "--arr",
            "$1,234,567.89",
            "--seats",
            "1,200",
            "--region",
            "",
            "--owner",
            "Dana Scully",
            "--segment",
            "self_service",
            "--renewal-date",
            "2027-03-31",
            "--advocacy",
            "Ambassador",
        ],
    );
    let expected = format!(
        "{}: owner {} → Dana Scully; segment {} → self_service; region {region} → (none); \
         ARR {} → $1,234,567.89; seats {} → 1200; renewal date {} → 2027-03-31; advocacy {} → \
         ambassador\n",
        before.name,
        old(&before.owner),
        before.segment.unwrap().code(),
        csm::format::money(before.arr_cents, "USD"),
        before.seats_licensed.map_or("(none)".into(), |s| s.to_string()),
        before.renewal_date.unwrap(),
        before.advocacy.map_or("(none)", |a| a.code()),
    );
    assert_eq!(out, expected);
    let after = account(db, id);
    assert_eq!(after.arr_cents, 123_456_789);
    assert_eq!(after.seats_licensed, Some(1200));
    assert_eq!((after.region, after.owner.as_deref()), (None, Some("Dana Scully")));
    assert_eq!(
        (after.segment, after.advocacy),
        (Some(Segment::SelfService), Some(Advocacy::Ambassador))
    );
    assert_eq!(after.renewal_date, Some(day("2027-03-31")));
    assert_eq!((after.name, after.external_id), (before.name.clone(), before.external_id.clone()));
    assert_eq!(after.version, before.version + 1);

    // The account is scored with its new facts: ARR and the renewal 127 days away.
    let entry = reported(dir, db, id);
    assert_eq!(entry["arr_cents"], 123_456_789);
    assert_eq!(entry["renewal"]["date"], "2027-03-31");
    assert_eq!(entry["segment"], "self_service");

    // `csm account ACCOUNT` still reads; its JSON carries the version a script names.
    let json = account_json(dir, db, &before.name);
    assert_eq!(json["version"], before.version + 1);
    assert_eq!(json["arr_cents"], 123_456_789);
    let shown = ok(dir, db, &["account", &before.external_id]);
    assert!(shown.starts_with(&format!("{} ({})", before.name, before.external_id)), "{shown}");

    // The same values again change nothing and write nothing.
    let same = ok(dir, db, &["account", "set", &before.name, "--seats", "1200", "--region", ""]);
    assert_eq!(same, format!("{}: nothing changed\n", before.name));
    assert_eq!(account(db, id).version, before.version + 1);

    // The current version lets a script through; a renamed account is found by its new name.
    let version = (before.version + 1).to_string();
    let renamed = ok(
        dir,
        db,
        &["account", "set", &before.name, "--name", "Renamed Co", "--expect-version", &version],
    );
    assert_eq!(renamed, format!("{}: name {} → Renamed Co\n", before.name, before.name));
    assert_eq!(account_json(dir, db, "Renamed Co")["id"], id);
}

#[test]
fn an_account_named_like_the_subcommand_is_still_shown_and_usage_errors_exit_2() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let target = busy_account(db);
    ok(dir, db, &["account", "set", &target.external_id, "--name", "set"]);
    // `--` ends the options: `set` is the account's name, not the subcommand.
    let shown = ok(dir, db, &["account", "--", "set"]);
    assert!(shown.starts_with(&format!("set ({})", target.external_id)), "{shown}");

    let usage: [&[&str]; 6] = [
        &["account", "set", &target.external_id],
        &["account", "set"],
        &["account"],
        &["opportunity", "close", "1"],
        &["opportunity", "close", "1", "--won", "--lost"],
        &["contact", "add", &target.external_id],
    ];
    let before = written(db);
    for args in usage {
        let output = cmd(dir, db, args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", text(&output.stderr));
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    assert_eq!(written(db), before);
}

#[test]
fn contacts_are_added_corrected_and_deleted_with_their_links() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let acct = busy_account(db);
    let contacts = store(db).contacts(acct.id).unwrap();
    let boss = contacts.iter().find(|c| c.reports_to.is_none() && c.email.is_some()).unwrap();
    let boss_email = boss.email.clone().unwrap();

    let out = ok(
        dir,
        db,
        &[
            "contact",
            "add",
            &acct.external_id,
            "--name",
            "Ana Ruiz",
            "--title",
            "CFO",
            "--email",
            "ana.ruiz@example.com",
            "--role",
            "economic_buyer",
            "--influence",
            "4",
            "--sentiment",
            "-1",
            "--reports-to",
            &boss_email.to_uppercase(),
        ],
    );
    let ana = newest_contact(db);
    assert_eq!(
        out,
        format!(
            "added contact {} Ana Ruiz <ana.ruiz@example.com> to {}, economic buyer\n",
            ana.id.0, acct.name
        )
    );
    assert_eq!(ana.account_id, acct.id);
    assert_eq!((ana.title.as_deref(), ana.role), (Some("CFO"), Role::EconomicBuyer));
    assert_eq!((ana.influence, ana.sentiment), (Some(4), Some(-1)));
    assert_eq!((ana.reports_to, ana.left_on, ana.version), (Some(boss.id), None, 0));

    // Found by email in any case; each change old → new; --left-on alone is the as-of date.
    let out = ok(
        dir,
        db,
        &[
            "contact",
            "set",
            "ANA.RUIZ@example.com",
            "--title",
            "",
            "--role",
            "champion",
            "--sentiment",
            "very positive",
            "--reports-to",
            "",
            "--left-on",
        ],
    );
    assert_eq!(
        out,
        format!(
            "contact {id} Ana Ruiz <ana.ruiz@example.com> of {acct}: title CFO → (none); role \
             economic_buyer → champion; sentiment -1 → +2; reports to {boss} → (none); left on \
             (none) → {AS_OF}\n",
            id = ana.id.0,
            acct = acct.name,
            boss = boss.name
        )
    );
    let after = contact(db, ana.id).unwrap();
    assert_eq!((after.title, after.role, after.sentiment), (None, Role::Champion, Some(2)));
    assert_eq!((after.reports_to, after.left_on, after.version), (None, Some(day(AS_OF)), 1));

    // By name within the account; the JSON of the account shows the contact and its version.
    let out = ok(
        dir,
        db,
        &[
            "contact",
            "set",
            "ana ruiz",
            "--account",
            &acct.name,
            "--left-on",
            "",
            "--name",
            "Ana R.",
        ],
    );
    assert!(out.ends_with(&format!("name Ana Ruiz → Ana R.; left on {AS_OF} → (none)\n")), "{out}");
    let json = account_json(dir, db, &acct.external_id);
    let listed = json["contacts"].as_array().unwrap();
    let shown = listed.iter().find(|c| c["id"] == ana.id.0).unwrap();
    assert_eq!((shown["name"].as_str(), shown["version"].as_i64()), (Some("Ana R."), Some(2)));
    assert_eq!(shown["role"], "champion");
    // The account's text shows the id that `contact set` and `delete` take.
    let text = ok(dir, db, &["account", &acct.external_id]);
    let line = format!("     #{:<5} Ana R.  champion, ana.ruiz@example.com", ana.id.0);
    assert!(text.lines().any(|l| l == line), "{text}");

    // A contact who reports to Ana, then Ana deleted: the report line is cut, and the line
    // says so.
    let report = contacts.iter().find(|c| c.id != boss.id && c.email.is_some()).unwrap();
    ok(dir, db, &["contact", "set", &report.id.0.to_string(), "--reports-to", "Ana R."]);
    assert_eq!(contact(db, report.id).unwrap().reports_to, Some(ana.id));
    let out =
        ok(dir, db, &["contact", "delete", &format!("#{}", ana.id.0), "--expect-version", "2"]);
    assert_eq!(
        out,
        format!(
            "deleted contact {} Ana R. <ana.ruiz@example.com> of {} (1 contact reported to them)\n",
            ana.id.0, acct.name
        )
    );
    assert_eq!(contact(db, ana.id), None);
    assert_eq!(contact(db, report.id).unwrap().reports_to, None);
}

#[test]
fn a_new_champion_clears_the_no_champion_signal() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let store = store(db);
    let acct = store
        .accounts()
        .unwrap()
        .into_iter()
        .find(|a| {
            let entry = reported(dir, db, a.id.0);
            entry["signals"].as_array().unwrap().iter().any(|s| s == "no_champion")
        })
        .expect("the demo has an account without a champion");
    ok(dir, db, &["contact", "add", &acct.name, "--name", "Cleo", "--role", "champion"]);
    let entry = reported(dir, db, acct.id.0);
    assert!(!entry["signals"].as_array().unwrap().iter().any(|s| s == "no_champion"), "{entry}");
}

#[test]
fn opportunities_are_added_corrected_and_closed() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let acct = busy_account(db);

    let out = ok(
        dir,
        db,
        &[
            "opportunity",
            "add",
            &acct.external_id,
            "--name",
            "Analytics add-on",
            "--kind",
            "expansion",
            "--amount",
            "$25,000.00",
            "--close-date",
            "2026-12-31",
            "--probability",
            "40%",
        ],
    );
    let o = newest_opportunity(db);
    assert_eq!(
        out,
        format!(
            "added opportunity {} “Analytics add-on” to {}, expansion, $25,000, closes \
             2026-12-31, 40 %\n",
            o.id.0, acct.name
        )
    );
    assert_eq!(
        (o.account_id, o.kind, o.status),
        (acct.id, OpportunityKind::Expansion, OpportunityStatus::Open)
    );
    assert_eq!((o.amount_cents, o.probability), (Some(2_500_000), Some(40.0)));
    assert_eq!((o.close_date, o.version), (Some(day("2026-12-31")), 0));

    // Without a kind an opportunity is `other`, as the import makes it.
    ok(dir, db, &["opportunity", "add", &acct.name, "--name", "Training"]);
    let training = newest_opportunity(db);
    assert_eq!((training.kind, training.amount_cents), (OpportunityKind::Other, None));

    let id = o.id.0.to_string();
    let out = ok(
        dir,
        db,
        &[
            "opportunity",
            "set",
            &id,
            "--amount",
            "30000",
            "--probability",
            "0.7",
            "--stage",
            "Proposal",
        ],
    );
    assert_eq!(
        out,
        format!(
            "opportunity {id} “Analytics add-on” of {}: amount $25,000 → $30,000; stage (none) → \
             Proposal; probability 40 % → 70 %\n",
            acct.name
        )
    );
    let set = opportunity(db, o.id).unwrap();
    assert_eq!((set.amount_cents, set.probability, set.version), (Some(3_000_000), Some(70.0), 1));
    assert_eq!(set.stage.as_deref(), Some("Proposal"));

    // The account's text shows the id that `opportunity set` and `close` take.
    let shown = ok(dir, db, &["account", &acct.external_id]);
    let line =
        |l: &&str| l.starts_with(&format!("     #{id:<5} expansion")) && l.ends_with("add-on");
    assert!(shown.lines().any(|l| line(&l)), "{shown}");
    let json = account_json(dir, db, &acct.external_id);
    let shown = json["opportunities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == o.id.0)
        .unwrap()
        .clone();
    assert_eq!(
        (shown["version"].as_i64(), shown["amount_cents"].as_i64()),
        (Some(1), Some(3_000_000))
    );

    let out = ok(dir, db, &["opportunity", "close", &id, "--won", "--date", "2026-11-20"]);
    assert_eq!(
        out,
        format!(
            "closed opportunity {id} “Analytics add-on” of {} as won on 2026-11-20\n",
            acct.name
        )
    );
    let won = opportunity(db, o.id).unwrap();
    assert_eq!((won.status, won.close_date), (OpportunityStatus::Won, Some(day("2026-11-20"))));
    assert_eq!(won.probability, Some(100.0), "a won deal is certain");

    // Closed without a date: on the as-of date.
    let training_id = training.id.0.to_string();
    ok(dir, db, &["opportunity", "close", &training_id, "--lost"]);
    let lost = opportunity(db, training.id).unwrap();
    assert_eq!((lost.status, lost.close_date), (OpportunityStatus::Lost, Some(day(AS_OF))));
    assert_eq!(lost.probability, Some(0.0), "a lost deal is over");
}

#[test]
fn bad_input_exits_1_naming_the_field_and_writes_nothing() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let acct = busy_account(db);
    let a = acct.external_id.as_str();
    let contacts = store(db).contacts(acct.id).unwrap();
    let taken = contacts.iter().find_map(|c| c.email.clone()).unwrap();
    let holder = contacts.iter().find(|c| c.email.as_deref() == Some(&taken)).unwrap();
    // The same email at another account: allowed there, ambiguous when named alone.
    let other = store(db).accounts().unwrap().into_iter().find(|x| x.id != acct.id).unwrap();
    ok(dir, db, &["contact", "add", &other.external_id, "--name", "Namesake", "--email", &taken]);
    let namesake = newest_contact(db);
    ok(dir, db, &["opportunity", "add", a, "--name", "Closed one"]);
    let closed = newest_opportunity(db).id.0.to_string();
    ok(dir, db, &["opportunity", "close", &closed, "--lost"]);
    ok(dir, db, &["opportunity", "add", a, "--name", "Open one"]);
    let open = newest_opportunity(db).id.0.to_string();
    let version = acct.version.to_string();
    ok(dir, db, &["account", "set", a, "--stage", "adopting"]);
    let holder_id = holder.id.0.to_string();
    let shouted = taken.to_uppercase();
    let clash =
        contacts.iter().filter(|c| c.id != holder.id).find_map(|c| c.email.clone()).unwrap();

    let cases: Vec<(Vec<&str>, String)> = vec![
        (vec!["account", "set", a, "--arr", "-5"], "csm: ARR: “-5” is below 0".into()),
        (vec!["account", "set", a, "--arr", ""], "csm: ARR: cannot be cleared".into()),
        (vec!["account", "set", a, "--arr", "€5"], "csm: ARR: the amount is in EUR".into()),
        (vec!["account", "set", a, "--seats", "-3"], "csm: seats: “-3” is below 0".into()),
        (
            vec!["account", "set", a, "--renewal-date", "2027-02-30"],
            "csm: renewal date: “2027-02-30” is not a day".into(),
        ),
        (
            vec!["account", "set", a, "--contract-start", "2027-01-02", "--renewal-date", "2027-01-01"],
            "csm: renewal date: 2027-01-01 is before the contract start 2027-01-02".into(),
        ),
        (vec!["account", "set", a, "--name", " "], "csm: name: an account needs a name".into()),
        (
            vec!["account", "set", a, "--segment", "gold"],
            "csm: segment: unknown segment \"gold\" (accepted: enterprise, mid_market".into(),
        ),
        (
            vec!["account", "set", a, "--advocacy", "fan"],
            "csm: advocacy: unknown advocacy \"fan\"".into(),
        ),
        (
            vec!["account", "set", "zzqx", "--arr", "5"],
            "csm: account: no account matches “zzqx”; nearest: ".into(),
        ),
        (
            vec!["account", "set", a, "--arr", "5", "--expect-version", &version],
            format!("csm: the account was changed elsewhere since it was read: it is at version {}", acct.version + 1),
        ),
        (
            vec!["contact", "add", a, "--name", "Bo", "--role", "sponsor"],
            "csm: role: unknown role \"sponsor\" (accepted: executive_sponsor, economic_buyer, \
             champion, end_user, influencer, other)"
                .into(),
        ),
        (
            vec!["contact", "add", a, "--name", "Bo", "--email", &shouted],
            format!("csm: email: {shouted} is already {}'s", holder.name),
        ),
        (
            vec!["contact", "add", a, "--name", "Bo", "--email", "bo at example"],
            "csm: email: \"bo at example\" is not an email address".into(),
        ),
        (vec!["contact", "add", a, "--name", "Bo", "--influence", "6"], "csm: influence: ".into()),
        (vec!["contact", "add", a, "--name", ""], "csm: name: a contact needs a name".into()),
        (
            vec!["contact", "add", a, "--name", "Bo", "--reports-to", "nobody@example.com"],
            "csm: reports to: “nobody@example.com” is not among the account's contacts".into(),
        ),
        (
            vec!["contact", "add", a, "--name", "Bo", "--left-on", "soon"],
            "csm: left on: “soon” is not a day".into(),
        ),
        (
            vec!["contact", "set", &taken, "--title", "x"],
            format!(
                "csm: contact: “{taken}” names 2 contacts: {} <{taken}> (id {}), Namesake <{taken}> (id {}); give the id, or --account",
                holder.name, holder.id.0, namesake.id.0
            ),
        ),
        (
            vec!["contact", "set", &holder_id, "--email", &clash],
            "csm: email: ".into(),
        ),
        (
            vec!["contact", "set", &holder_id, "--title", "x", "--expect-version", "7"],
            "csm: the contact was changed elsewhere since it was read: it is at version 0, not 7".into(),
        ),
        (
            vec!["contact", "delete", "nobody@example.com"],
            "csm: contact: no contact “nobody@example.com” in the book".into(),
        ),
        (
            vec!["contact", "delete", "Ana", "--account", "zzqx"],
            "csm: account: no account matches “zzqx”".into(),
        ),
        (vec!["contact", "delete", "Ana"], "csm: contact: name “Ana” by id or email".into()),
        (
            vec!["opportunity", "add", a, "--name", "X", "--amount", "-1"],
            "csm: amount: “-1” is below 0".into(),
        ),
        (
            vec!["opportunity", "add", a, "--name", "X", "--kind", "upsell"],
            "csm: kind: unknown opportunity kind \"upsell\"".into(),
        ),
        (
            vec!["opportunity", "add", a, "--name", "X", "--probability", "120"],
            "csm: probability: ".into(),
        ),
        (
            vec!["opportunity", "add", a, "--name", "X", "--close-date", "someday"],
            "csm: close date: “someday” is not a day".into(),
        ),
        (vec!["opportunity", "set", &open, "--name", ""], "csm: name: an opportunity needs a name".into()),
        (vec!["opportunity", "set", "abc", "--stage", "x"], "csm: id: “abc” is not an opportunity id".into()),
        (vec!["opportunity", "close", "99999", "--won"], "csm: id: there is no opportunity 99999".into()),
        (
            vec!["opportunity", "close", &closed, "--won"],
            format!("csm: id: opportunity {closed} was lost already on {AS_OF}"),
        ),
        (
            vec!["opportunity", "close", &open, "--won", "--date", "2026-11-25"],
            "csm: close date: 2026-11-25 is after 2026-11-24".into(),
        ),
        (
            vec!["opportunity", "close", &open, "--won", "--expect-version", "3"],
            "csm: the opportunity was changed elsewhere since it was read: it is at version 0, not 3".into(),
        ),
    ];
    let before = written(db);
    for (args, message) in cases {
        let output = cmd(dir, db, &args).output().unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.starts_with(&message), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert_eq!(written(db), before, "{args:?} wrote");
    }

    // Named with its account, the shared email is no longer ambiguous.
    let out = ok(dir, db, &["contact", "set", &taken, "--account", a, "--title", "Head of Ops"]);
    assert!(out.ends_with("→ Head of Ops\n"), "{out}");
    assert_eq!(contact(db, namesake.id).unwrap().title, None);
}

#[test]
fn a_script_that_read_an_old_version_is_refused_and_the_other_writer_kept() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let acct = busy_account(db);
    // The script reads the account, then a colleague changes the ARR before it writes.
    let read = account_json(dir, db, &acct.external_id)["version"].as_i64().unwrap().to_string();
    ok(
        dir,
        db,
        &["account", "set", &acct.external_id, "--arr", "100000", "--expect-version", &read],
    );
    let kept = written(db);
    let output = cmd(
        dir,
        db,
        &["account", "set", &acct.external_id, "--arr", "90000", "--expect-version", &read],
    )
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("changed elsewhere"), "{}", text(&output.stderr));
    assert_eq!(written(db), kept);
    assert_eq!(account(db, acct.id.0).arr_cents, 10_000_000);
}

/// A name with a screen clear, a window-title escape and a right-to-left override, as a
/// careless paste into a script could bring.
const HOSTILE: &str = "Eve\x1b[2J\x1b]0;pwned\x07 Ops\u{202E}txt";

fn clean(output: &Output) -> bool {
    let said = format!("{}{}", text(&output.stdout), text(&output.stderr));
    !said.chars().any(|c| c != '\n' && is_unsafe(c))
}

#[test]
fn hostile_text_is_stored_as_given_and_printed_cleaned() {
    let (dir, db) = book();
    let (dir, db) = (dir.path(), db.as_path());
    let acct = busy_account(db);
    let a = acct.external_id.as_str();
    let writes: [&[&str]; 4] = [
        &["contact", "add", a, "--name", HOSTILE, "--title", HOSTILE, "--email", "eve@example.com"],
        &["contact", "set", "eve@example.com", "--title", "Boss", "--name", "Eve"],
        &["opportunity", "add", a, "--name", HOSTILE, "--stage", HOSTILE],
        &["account", "set", a, "--owner", HOSTILE, "--industry", HOSTILE],
    ];
    for args in writes {
        let output = cmd(dir, db, args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", text(&output.stderr));
        assert!(clean(&output), "{args:?}: {output:?}");
    }
    // A hostile contact name read back by the second write was shown cleaned too.
    let eve = newest_contact(db);
    assert_eq!((eve.name.as_str(), eve.title.as_deref()), ("Eve", Some("Boss")));
    let o = newest_opportunity(db);
    assert_eq!((o.name.as_deref(), o.stage.as_deref()), (Some(HOSTILE), Some(HOSTILE)));
    let after = account(db, acct.id.0);
    assert_eq!((after.owner.as_deref(), after.industry.as_deref()), (Some(HOSTILE), Some(HOSTILE)));
    ok(dir, db, &["contact", "add", a, "--name", HOSTILE, "--email", "mallory@example.com"]);
    assert_eq!(newest_contact(db).name, HOSTILE, "the name is kept as it was given");

    // Refusals quoting hostile text are clean too, and the JSON keeps it exactly.
    let refusals: [&[&str]; 3] = [
        &["account", "set", HOSTILE, "--arr", "5"],
        &["contact", "set", "mallory@example.com", "--role", HOSTILE],
        &["opportunity", "set", HOSTILE, "--stage", "x"],
    ];
    for args in refusals {
        let output = cmd(dir, db, args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(clean(&output), "{args:?}: {output:?}");
    }
    let json = account_json(dir, db, a);
    assert_eq!(json["owner"], HOSTILE);
    assert!(json["opportunities"].as_array().unwrap().iter().any(|x| x["name"] == HOSTILE));
}
