//! The search over everything on a book made by hand: what matches, in which group, in what
//! order, cut where, with accents folded. The expectations are worked out from the texts.

use super::*;
use crate::domain::{GoalStatus, OpportunityKind, OpportunityStatus, Priority, Role, TodoStatus};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn account(id: i64, name: &str) -> Account {
    Account { id: AccountId(id), ..Account::named(format!("A-{id}"), name) }
}

fn contact(id: i64, account: i64, name: &str, title: &str, email: &str) -> Contact {
    Contact {
        id: ContactId(id),
        account_id: AccountId(account),
        external_id: None,
        name: name.into(),
        title: Some(title.into()),
        email: Some(email.into()),
        role: Role::Champion,
        influence: None,
        sentiment: None,
        reports_to: None,
        last_engaged: None,
        left_on: None,
        version: 0,
    }
}

/// Three accounts and a few records of every kind; the texts the tests search are chosen so
/// that which record holds a word can be read off here.
pub fn hand_book() -> BookRecords {
    BookRecords {
        accounts: vec![
            account(1, "Société Lumière"),
            account(2, "Harbor Logistics"),
            account(3, "Lumen Labs"),
        ],
        contacts: vec![
            contact(10, 1, "Élodie Marchand", "VP Operations", "elodie@lumiere.fr"),
            contact(11, 2, "Mark Chen", "Head of Procurement", "mark@harbor.io"),
            contact(12, 3, "Ramona Ortiz", "Data Analyst", "ramona@lumen.io"),
            contact(13, 3, "Priya Rao", "Procurement lead", "priya@lumen.io"),
        ],
        todos: vec![
            Todo {
                id: TodoId(20),
                account_id: Some(AccountId(2)),
                title: "Send renewal quote".into(),
                notes: Some("procurement wants three-year pricing".into()),
                due: None,
                priority: Priority::Normal,
                status: TodoStatus::Open,
                snoozed_until: None,
                rule: None,
                created_on: day(1),
                completed_on: None,
                version: 0,
            },
            Todo {
                id: TodoId(21),
                account_id: None,
                title: "Plan QBR season".into(),
                notes: None,
                due: None,
                priority: Priority::Normal,
                status: TodoStatus::Open,
                snoozed_until: None,
                rule: None,
                created_on: day(1),
                completed_on: None,
                version: 0,
            },
        ],
        entries: vec![Interaction {
            id: InteractionId(30),
            account_id: AccountId(1),
            external_id: None,
            date: day(3),
            kind: InteractionKind::Call,
            summary: Some("Quarterly review".into()),
            body: Some("They asked about the warehouse integration and SSO.".into()),
            contacts: Vec::new(),
            version: 0,
        }],
        goals: vec![Goal {
            id: GoalId(40),
            account_id: AccountId(3),
            objective: "Roll out to the warehouse team".into(),
            metric: Some("80 % of pickers weekly".into()),
            target: None,
            status: GoalStatus::Open,
            due: None,
            met_on: None,
            version: 0,
        }],
        opportunities: vec![Opportunity {
            id: OpportunityId(50),
            account_id: AccountId(2),
            external_id: None,
            name: Some("Harbor renewal 2027".into()),
            kind: OpportunityKind::Renewal,
            amount_cents: None,
            stage: Some("procurement".into()),
            close_date: None,
            probability: None,
            status: OpportunityStatus::Open,
            version: 0,
        }],
    }
}

/// Each group of `found` as its kind and the titles of its records, then how many more.
fn titles(index: &RecordIndex, found: &Found) -> Vec<(RecordKind, Vec<String>, usize)> {
    let title = |i: usize| index.record(i).unwrap().title().to_owned();
    found
        .groups
        .iter()
        .map(|g| (g.kind, g.records.iter().map(|&i| title(i)).collect(), g.more))
        .collect()
}

#[test]
fn a_word_finds_every_kind_that_holds_it_grouped_in_kind_order() {
    let mut index = RecordIndex::new(hand_book());
    let found = index.find("procurement", GROUP_CAP);
    // Mark's and Priya's titles, the todo's notes, the opportunity's stage; nothing else has
    // those letters in a row.
    assert_eq!(
        titles(&index, &found),
        [
            (RecordKind::Contact, vec!["Mark Chen".into(), "Priya Rao".into()], 0),
            (RecordKind::Todo, vec!["Send renewal quote".into()], 0),
            (RecordKind::Opportunity, vec!["Harbor renewal 2027".into()], 0),
        ]
    );
    let todo = found.groups[1].records[0];
    assert_eq!(index.record(todo).unwrap().account, Some(AccountId(2)));
    assert_eq!(index.account_name(AccountId(2)), Some("Harbor Logistics"));
}

#[test]
fn the_best_match_comes_first_and_scattered_letters_do_not_match() {
    let mut index = RecordIndex::new(hand_book());
    // "Rao" is a word of Priya's name; "Ra…O…" starts two words of Ramona Ortiz's, listed
    // next though added first; the letters r, a, o also turn up scattered in Mark's and
    // Élodie's records, in the todo and the entry: too scattered to count.
    let found = index.find("rao", GROUP_CAP);
    assert_eq!(
        titles(&index, &found),
        [(RecordKind::Contact, vec!["Priya Rao".into(), "Ramona Ortiz".into()], 0)]
    );
    // Both warehouse records hold the word whole: the entry's body and the goal's objective.
    let found = index.find("warehouse", GROUP_CAP);
    assert_eq!(
        titles(&index, &found),
        [
            (RecordKind::Entry, vec!["Quarterly review".into()], 0),
            (RecordKind::Goal, vec!["Roll out to the warehouse team".into()], 0),
        ]
    );
    // Fuzzy: the initials of a title find it.
    let found = index.find("vp ops", GROUP_CAP);
    assert_eq!(titles(&index, &found), [(RecordKind::Contact, vec!["Élodie Marchand".into()], 0)]);
}

#[test]
fn accents_fold_and_a_group_is_cut_at_its_cap_with_how_many_more() {
    let mut index = RecordIndex::new(hand_book());
    // The account's name and Élodie's email: plain letters find accented ones.
    let found = index.find("lumiere", GROUP_CAP);
    assert_eq!(
        titles(&index, &found),
        [
            (RecordKind::Account, vec!["Société Lumière".into()], 0),
            (RecordKind::Contact, vec!["Élodie Marchand".into()], 0),
        ]
    );
    let found = index.find("elodie", 5);
    assert_eq!(titles(&index, &found)[0].1, ["Élodie Marchand"]);
    // Two contacts hold "procurement": a cap of one shows the first and counts the other.
    let found = index.find("procurement", 1);
    assert_eq!(found.groups[0].records.len(), 1);
    assert_eq!(found.groups[0].more, 1);
    assert_eq!(found.shown().count(), 3);
    assert!(index.find("  ", 5).groups.is_empty(), "a blank query finds nothing");
}

#[test]
fn typing_a_query_letter_by_letter_finds_what_a_fresh_search_finds() {
    let mut typed = RecordIndex::new(hand_book());
    for query in ["procurement", "warehouse", "lumiere", "rao", "vp ops", "quarterly"] {
        for end in 1..=query.len() {
            let prefix = &query[..end];
            let mut fresh = RecordIndex::new(hand_book());
            assert_eq!(typed.find(prefix, 5), fresh.find(prefix, 5), "{prefix:?}");
        }
        for end in (1..query.len()).rev() {
            let prefix = &query[..end];
            let mut fresh = RecordIndex::new(hand_book());
            assert_eq!(typed.find(prefix, 5), fresh.find(prefix, 5), "erased to {prefix:?}");
        }
    }
}

#[test]
fn a_short_query_matches_the_start_of_words_not_letters_scattered_over_a_sentence() {
    let mut book = hand_book();
    book.todos[1].title = "Chase the countersigned order form".into();
    book.contacts[2].title = Some("CFO".into());
    let mut index = RecordIndex::new(book);
    // c…f…o is in "Chase … form" but starts no word of it; "CFO" is Ramona's title.
    let found = index.find("cfo", GROUP_CAP);
    assert_eq!(titles(&index, &found), [(RecordKind::Contact, vec!["Ramona Ortiz".into()], 0)]);
    // Two letters: the start of a word only ("Procurement", "procurement"), never inside one.
    let found = index.find("pr", GROUP_CAP);
    assert_eq!(
        titles(&index, &found),
        [
            (RecordKind::Contact, vec!["Priya Rao".into(), "Mark Chen".into()], 0),
            (RecordKind::Opportunity, vec!["Harbor renewal 2027".into()], 0),
        ],
        "Priya's name starts with pr (a title word) and ranks before Mark's job title; the \
         todo's notes are read from three letters"
    );
}

#[test]
fn every_word_of_a_query_must_match_and_a_typo_is_forgiven() {
    let mut index = RecordIndex::new(hand_book());
    // "harbor" and "renewal" are both only in the opportunity's name; the todo "Send renewal
    // quote" belongs to Harbor Logistics but does not hold the word.
    let found = index.find("harbor renewal", GROUP_CAP);
    assert_eq!(
        titles(&index, &found),
        [(RecordKind::Opportunity, vec!["Harbor renewal 2027".into()], 0)]
    );
    // "procurment" lacks an e: close to "procurement" in the contacts' titles and the
    // opportunity's stage, but notes need the word itself.
    let found = index.find("procurment", GROUP_CAP);
    assert_eq!(
        titles(&index, &found),
        [
            (RecordKind::Contact, vec!["Mark Chen".into(), "Priya Rao".into()], 0),
            (RecordKind::Opportunity, vec!["Harbor renewal 2027".into()], 0),
        ]
    );
}

#[test]
fn timeline_entries_come_newest_first_and_a_note_is_kept_as_a_glimpse() {
    let mut book = hand_book();
    let mut older = book.entries[0].clone();
    older.id = InteractionId(31);
    older.date = day(1);
    older.summary = Some("Kickoff review".into());
    older.body = Some(format!("{} warehouse", "long words ".repeat(40)));
    book.entries.insert(0, older);
    let mut index = RecordIndex::new(book);
    let found = index.find("review", GROUP_CAP);
    assert_eq!(
        titles(&index, &found),
        [(RecordKind::Entry, vec!["Quarterly review".into(), "Kickoff review".into()], 0)]
    );
    // The word beyond the glimpse is found, though the line shows only the note's start.
    let found = index.find("warehouse", GROUP_CAP);
    let kickoff = found.groups[0].records[1];
    let record = index.record(kickoff).unwrap();
    assert_eq!(record.title(), "Kickoff review");
    assert_eq!(record.details().next().unwrap().chars().count(), GLIMPSE);
}

#[test]
fn groups_show_as_many_matches_as_the_room_holds_and_never_fewer_than_the_cap() {
    let group = |kind, n: usize, more| Group { kind, records: (0..n).collect(), more };
    let found =
        Found { groups: vec![group(RecordKind::Contact, 12, 30), group(RecordKind::Todo, 3, 0)] };
    // 20 lines: contacts' title, 12 at most, its "more"; todos' title and 3. With 11 each:
    // 1 + 11 + 1 + 1 + 3 = 17; with 12: 1 + 12 + 1 + 1 + 3 = 18; all fit.
    let fitted = found.clone().fit(20);
    assert_eq!((fitted.groups[0].records.len(), fitted.groups[0].more), (12, 30));
    // 12 lines: 1 + c + 1 + 1 + 3 <= 12 gives c = 6.
    let fitted = found.clone().fit(12);
    assert_eq!((fitted.groups[0].records.len(), fitted.groups[0].more), (6, 36));
    assert_eq!(fitted.groups[1].records.len(), 3);
    // No room at all: the cap still shows, and the list scrolls.
    let fitted = found.fit(0);
    assert_eq!((fitted.groups[0].records.len(), fitted.groups[0].more), (GROUP_CAP, 37));
}
