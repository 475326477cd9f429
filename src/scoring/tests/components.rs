//! The four components (SPEC 4.1).

use super::{Fixture, ago, ahead, close, d};
use crate::domain::{InteractionKind, Priority, Role};

#[test]
fn usage_over_a_full_window() {
    // 24 users on each of the 30 days of W30, 40 seats: u30 = 24, utilization = 24/40 = 0.6,
    // usage = 100 * min(1, 0.6 / 0.8) = 75.
    let mut f = Fixture::new(Some(40));
    f.usage(200, 0, 24);
    let u = f.score().components.usage;
    close(u.mean_active, Some(24.0));
    close(u.utilization, Some(0.6));
    close(u.value, Some(75.0));
}

#[test]
fn usage_cases() {
    // (seats, rows as (from_ago, to_ago, users), expected mean, expected usage)
    type Case<'a> = (Option<i64>, &'a [(i64, i64, i64)], Option<f64>, Option<f64>);
    let cases: &[Case<'_>] = &[
        // Usage started 10 days before D: the 11 days D-10..=D count. 20 a day: 220 / 11 = 20;
        // 20 / 50 = 0.4; 100 * 0.4 / 0.8 = 50.
        (Some(50), &[(10, 0, 20)], Some(20.0), Some(50.0)),
        // Missing days count 0: 40 users on the 15 days D-14..=D, first long ago (a row at D-300):
        // (15 * 40 + 0) / 30 = 20; 20 / 25 = 0.8 -> 100.
        (Some(25), &[(300, 300, 0), (14, 0, 40)], Some(20.0), Some(100.0)),
        // Above target is capped: 45 / 50 = 0.9; 0.9 / 0.8 = 1.125 -> min 1 -> 100.
        (Some(50), &[(60, 0, 45)], Some(45.0), Some(100.0)),
        // Zero seats: no data, although the mean exists.
        (Some(0), &[(60, 0, 45)], Some(45.0), None),
        // No seats on record: no data.
        (None, &[(60, 0, 45)], Some(45.0), None),
        // Rows only before W30 (first long ago): the mean is a real 0 -> usage 0.
        (Some(10), &[(100, 31, 8)], Some(0.0), Some(0.0)),
        // No usage rows at all: no data.
        (Some(10), &[], None, None),
    ];
    for (i, (seats, rows, mean, usage)) in cases.iter().enumerate() {
        let mut f = Fixture::new(*seats);
        for &(from, to, users) in *rows {
            f.usage(from, to, users);
        }
        let u = f.score().components.usage;
        assert!(
            u.mean_active.zip(*mean).is_none_or(|(a, e)| (a - e).abs() < 1e-9),
            "case {i}: {u:?}"
        );
        assert_eq!(u.mean_active.is_some(), mean.is_some(), "case {i}");
        close(u.value, *usage);
    }
}

#[test]
fn usage_rows_after_the_as_of_date_do_not_exist_yet() {
    // Scored 20 days ago, usage that starts 10 days ago has no day on or after `first` in W30.
    let mut f = Fixture::new(Some(10));
    f.usage(10, 0, 5);
    let past = f.score_at(ago(20), super::Depth::Report);
    assert_eq!(past.components.usage.value, None);
}

#[test]
fn adoption_counts_key_features_used_in_w30() {
    // Catalogue A, B, C, D. In W30: A with 3 events, B without an events value (counts as used),
    // C only with 0 events (not used). D used on D-30, outside W30.
    // adoption = 100 * |{A, B}| / 4 = 50.
    let mut f = Fixture::new(Some(10));
    let [a, b, c, dd] = ["A", "B", "C", "D"].map(|n| f.feature(n, 400));
    f.feature_day(a, 0, Some(3)).feature_day(b, 29, None).feature_day(c, 5, Some(0));
    f.feature_day(dd, 30, Some(9));
    let adoption = f.score().components.adoption;
    close(adoption.value, Some(50.0));
    assert_eq!((adoption.used, adoption.key), (2, 4));
    assert_eq!(adoption.unused, vec![c, dd]);
}

#[test]
fn adoption_without_data() {
    // No feature rows for the account: no data, even with a catalogue.
    let mut f = Fixture::new(Some(10));
    f.feature("A", 100);
    assert_eq!(f.score().components.adoption.value, None);
    // An empty catalogue (and no configured list): K is empty, no data.
    let f = Fixture::new(Some(10));
    assert_eq!(f.score().components.adoption.value, None);
    // The account's only feature row is after the (past) as-of date: no data then.
    let mut f = Fixture::new(Some(10));
    let a = f.feature("A", 100);
    f.feature_day(a, 1, Some(1));
    assert_eq!(f.score_at(ago(2), super::Depth::Report).components.adoption.value, None);
}

#[test]
fn adoption_with_old_rows_only_is_zero() {
    // A row dated before W30 means the account has feature data: 0 of 2 used -> 0.
    let mut f = Fixture::new(Some(10));
    let a = f.feature("A", 100);
    f.feature("B", 100);
    f.feature_day(a, 45, Some(4));
    close(f.score().components.adoption.value, Some(0.0));
}

#[test]
fn configured_key_features_are_compared_trimmed_and_case_folded() {
    // Configured: "dashboards", " API ", "Zeta" (never seen): |K| = 3. Used in W30: Dashboards
    // and Api -> 100 * 2 / 3 = 66.666..., reported 66.7. "Mobile" is used but not key.
    let mut f = Fixture::new(Some(10));
    f.config.key_features = vec!["dashboards".into(), " API ".into(), "Zeta".into()];
    let dash = f.feature("Dashboards", 300);
    let api = f.feature("Api", 300);
    let mobile = f.feature("Mobile", 300);
    f.feature_day(dash, 1, Some(2)).feature_day(api, 2, Some(2)).feature_day(mobile, 3, Some(2));
    let adoption = f.score().components.adoption;
    close(adoption.value, Some(200.0 / 3.0));
    assert_eq!(crate::scoring::round_to_tenth(adoption.value.unwrap()), 66.7);
    assert_eq!(adoption.key, 3);
}

#[test]
fn key_features_of_a_past_date_are_those_seen_by_then() {
    // A first seen on D-100, B first seen on D-5. At D: K = {A, B}; the account used A only
    // -> 50. At D-10: K = {A} -> 100.
    let mut f = Fixture::new(Some(10));
    let a = f.feature("A", 100);
    f.feature("B", 5);
    f.feature_day(a, 12, Some(1)).feature_day(a, 0, Some(1));
    close(f.score().components.adoption.value, Some(50.0));
    close(f.score_at(ago(10), super::Depth::Report).components.adoption.value, Some(100.0));
}

#[test]
fn support_without_tickets_is_the_base() {
    close(Some(Fixture::new(None).score().components.support.value), Some(80.0));
}

#[test]
fn support_averages_normalised_ratings_of_w90() {
    // In W90: good (1), "3" ((3-1)/4 = 0.5), "85%" (0.85): mean (1 + 0.5 + 0.85) / 3 = 0.78333..
    // -> 78.333... Excluded: "bad" on a ticket opened D-90 (outside W90), an unrated ticket, and
    // "offered"-like absence. All closed, so no penalty.
    let mut f = Fixture::new(None);
    f.ticket(1, Some(d()), Priority::Normal, Some("good"), None)
        .ticket(89, Some(ago(80)), Priority::Low, Some("3"), None)
        .ticket(40, Some(ago(39)), Priority::High, Some("85%"), None)
        .ticket(90, Some(ago(85)), Priority::Normal, Some("bad"), None)
        .ticket(10, Some(ago(9)), Priority::Normal, None, None);
    let s = f.score().components.support;
    assert_eq!(s.rated, 3);
    close(Some(s.value), Some(100.0 * 2.35 / 3.0));
}

#[test]
fn open_urgent_and_high_tickets_are_penalised() {
    // Base 80 (no ratings).
    // Open at D: urgent opened D-5 without close (-15); high opened D-10, closed D+3 (-10).
    // Not open at D: urgent closed on D; high with status "Solved" and no closed date (closed on
    // its opened date); urgent opened after D; normal open (no penalty).
    // support = 80 - 15 - 10 = 55.
    let mut f = Fixture::new(None);
    f.ticket(5, None, Priority::Urgent, None, Some("open"))
        .ticket(10, Some(ahead(3)), Priority::High, None, Some("closed"))
        .ticket(20, Some(d()), Priority::Urgent, None, None)
        .ticket(30, None, Priority::High, None, Some("Solved"))
        .ticket(3, None, Priority::Normal, None, None);
    f.facts.tickets.push(crate::domain::Ticket { opened: ahead(1), ..f.facts.tickets[0].clone() });
    let s = f.score().components.support;
    assert_eq!((s.urgent_open, s.high_open), (1, 1));
    close(Some(s.value), Some(55.0));
}

#[test]
fn support_is_clamped_at_zero() {
    // Ratings bad (0) and okay (0.5): base 25. Three urgent open (-45) and two high (-20):
    // 25 - 65 = -40 -> clamp 0.
    let mut f = Fixture::new(None);
    f.ticket(3, None, Priority::Urgent, Some("bad"), None)
        .ticket(4, None, Priority::Urgent, Some("okay"), None)
        .ticket(5, None, Priority::Urgent, None, None)
        .ticket(6, None, Priority::High, None, None)
        .ticket(7, None, Priority::High, None, None);
    close(Some(f.score().components.support.value), Some(0.0));
}

#[test]
fn engagement_counts_engaged_current_contacts() {
    // Sponsor: a meeting on D-10 -> engaged (35).
    // Champion: imported last-engaged date D-89, the first day of W90 -> engaged (35).
    // Economic buyer: only a CSM note on D-2 -> not engaged.
    // End user: a call on D-90, outside W90 -> not engaged.
    // Influencer: a meeting on D-20 but left on D-10 -> not current, not engaged.
    // Engaged: 2 (< 3, no breadth points). engagement = 35 + 35 = 70.
    let mut f = Fixture::new(None);
    let sponsor = f.contact("Sam", Role::ExecutiveSponsor);
    let champion = f.contact("Cleo", Role::Champion);
    let buyer = f.contact("Bo", Role::EconomicBuyer);
    let user = f.contact("Uma", Role::EndUser);
    let gone = f.contact("Ivo", Role::Influencer);
    f.contact_mut(champion).last_engaged = Some(ago(89));
    f.contact_mut(gone).left_on = Some(ago(10));
    f.interaction(10, InteractionKind::Meeting, &[sponsor])
        .interaction(2, InteractionKind::Note, &[buyer])
        .interaction(90, InteractionKind::Call, &[user])
        .interaction(20, InteractionKind::Meeting, &[gone]);
    let e = f.score().components.engagement;
    assert_eq!(e.engaged, vec![sponsor, champion]);
    close(Some(e.value), Some(70.0));

    // A call with the buyer and the end user on D: four engaged, all roles:
    // 35 + 35 + 15 + 15 = 100.
    f.interaction(0, InteractionKind::Call, &[buyer, user]);
    close(Some(f.score().components.engagement.value), Some(100.0));
}

#[test]
fn leaving_on_the_as_of_date_is_leaving() {
    // Left on D: not current at D. Left on D+1: still current at D.
    let mut f = Fixture::new(None);
    let a = f.contact("Ann", Role::Champion);
    let b = f.contact("Ben", Role::ExecutiveSponsor);
    f.contact_mut(a).left_on = Some(d());
    f.contact_mut(b).left_on = Some(ahead(1));
    f.interaction(1, InteractionKind::Email, &[a, b]);
    let e = f.score().components.engagement;
    // Only Ben (sponsor) is engaged: 35.
    assert_eq!(e.engaged, vec![b]);
    close(Some(e.value), Some(35.0));
}
