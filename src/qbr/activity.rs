//! What the customer did this quarter against the quarter before: usage and adoption, and the
//! support summary (tickets, satisfaction, open issues, NPS answers). Pure: it reads the
//! gathered records and writes blocks.

use chrono::NaiveDate;

use super::doc::{Block, Document, Runs, b, t};
use super::gather::{Gathered, QUARTER};
use super::words::{percent_change, plural};
use crate::domain::{FeatureFacts, Priority, UsageFacts, Window, back};
use crate::scoring::{mean_active_users, round_to_int, tenths};

/// The quarter under review and the one before it.
fn quarters(as_of: NaiveDate) -> (Window, Window) {
    let days = u32::try_from(QUARTER).unwrap_or(90);
    (Window::ending(as_of, days), Window::ending(back(as_of, QUARTER), days))
}

/// Usage and adoption: mean daily active users, seat utilization and key features used, this
/// quarter against the previous one.
pub fn usage_section(doc: &mut Document, g: &Gathered) {
    doc.section("Usage and adoption");
    let (this, last) = quarters(g.as_of);
    let mut usage = UsageFacts::from_days(&g.usage, &[this, last]);
    // The first usage day of the account's whole history, not of the rows read: a quarter
    // before the account's first day has no mean.
    usage.first = g.now.facts.usage.first;
    let (now, before) = (mean_active_users(&usage, this), mean_active_users(&usage, last));
    let seats = g.entry.account.seats_licensed.filter(|&s| s > 0);
    let mut rows = Vec::new();
    let shown = |m: Option<f64>| m.map_or_else(|| "no data".to_owned(), tenths);
    rows.push(vec![
        vec![t("Average daily active users")],
        vec![t(shown(now))],
        vec![t(shown(before))],
        vec![t(now.zip(before).and_then(|(n, p)| percent_change(p, n)).unwrap_or_default())],
    ]);
    if let Some(seats) = seats {
        #[allow(clippy::cast_precision_loss)] // seat counts are far below 2^52
        let share = |m: Option<f64>| m.map(|m| round_to_int(100.0 * m / seats as f64));
        let (u_now, u_before) = (share(now), share(before));
        rows.push(vec![
            vec![t(format!("Seat utilization ({seats} seats)"))],
            vec![t(u_now.map_or_else(|| "no data".to_owned(), |u| format!("{u} %")))],
            vec![t(u_before.map_or_else(|| "no data".to_owned(), |u| format!("{u} %")))],
            vec![t(u_now.zip(u_before).map_or_else(String::new, |(n, p)| {
                let d = n - p;
                format!("{d:+} {}", if d.abs() == 1 { "point" } else { "points" })
            }))],
        ]);
    }
    let features = FeatureFacts::from_days(&g.features, &[this, last]);
    let has_features = g.now.facts.features.first.is_some_and(|first| first <= g.as_of);
    let used = |w: Window| -> Vec<&str> {
        g.key_features
            .iter()
            .filter(|(id, _)| features.used_in(w, *id))
            .map(|(_, name)| name.as_str())
            .collect()
    };
    let (used_now, used_before) = (used(this), used(last));
    if has_features && g.key_size > 0 {
        let count = |n: usize| format!("{n} of {}", g.key_size);
        rows.push(vec![
            vec![t("Key features used")],
            vec![t(count(used_now.len()))],
            vec![t(count(used_before.len()))],
            vec![t(format!(
                "{:+}",
                i64::try_from(used_now.len()).unwrap_or(0)
                    - i64::try_from(used_before.len()).unwrap_or(0)
            ))],
        ]);
    }
    doc.push(Block::Table {
        header: vec![
            String::new(),
            "This quarter".into(),
            "Previous quarter".into(),
            "Change".into(),
        ],
        rows,
        numeric: true,
    });
    if !(has_features && g.key_size > 0) {
        doc.text("No feature usage on record: adoption cannot be measured yet.");
        return;
    }
    let started: Vec<&str> =
        used_now.iter().filter(|f| !used_before.contains(f)).copied().collect();
    let stopped: Vec<&str> =
        used_before.iter().filter(|f| !used_now.contains(f)).copied().collect();
    let unused: Vec<&str> = g
        .key_features
        .iter()
        .map(|(_, name)| name.as_str())
        .filter(|f| !used_now.contains(f))
        .collect();
    let mut notes: Vec<Runs> = Vec::new();
    let list = |label: &str, names: &[&str]| vec![b(label), t(format!(": {}.", names.join(", ")))];
    if !started.is_empty() {
        notes.push(list("Newly adopted", &started));
    }
    if !stopped.is_empty() {
        notes.push(list("No longer used", &stopped));
    }
    if !unused.is_empty() {
        notes.push(list("Not used this quarter", &unused));
    } else {
        notes.push(vec![t("Every key feature was used this quarter.")]);
    }
    doc.push(Block::Bullets(notes));
}

/// The support summary: tickets opened and closed, satisfaction, what is still open, and the
/// latest NPS answers.
pub fn support_section(doc: &mut Document, g: &Gathered) {
    doc.section("Support and satisfaction");
    let (this, last) = quarters(g.as_of);
    let opened: Vec<_> = g.tickets.iter().filter(|t| this.contains(t.opened)).collect();
    let opened_before = g.tickets.iter().filter(|t| last.contains(t.opened)).count();
    let closed: Vec<i64> = g
        .tickets
        .iter()
        .filter_map(|t| {
            t.effective_close().filter(|c| this.contains(*c)).map(|c| (c - t.opened).num_days())
        })
        .collect();
    let mut lines: Vec<Runs> = Vec::new();
    let by_priority: Vec<String> = Priority::ALL
        .iter()
        .filter_map(|p| {
            let n = opened.iter().filter(|t| t.priority == *p).count();
            (n > 0).then(|| format!("{n} {}", p.code()))
        })
        .collect();
    let split = if by_priority.is_empty() {
        String::new()
    } else {
        format!(" ({})", by_priority.join(", "))
    };
    lines.push(vec![
        b("Tickets opened"),
        t(format!(": {}{split}, against {} the quarter before.", opened.len(), opened_before)),
    ]);
    if !closed.is_empty() {
        let mut days = closed.clone();
        days.sort_unstable();
        let median = days[days.len() / 2];
        lines.push(vec![
            b("Tickets resolved"),
            t(format!(": {}, in a median of {}.", closed.len(), plural(median, "day"))),
        ]);
    }
    let support = &g.now.explanation.components[2];
    lines.push(vec![b("Satisfaction"), t(format!(": {}.", support.inputs))]);
    doc.push(Block::Bullets(lines));

    let open: Vec<_> = g.tickets.iter().filter(|t| t.is_open_at(g.as_of)).collect();
    if open.is_empty() {
        doc.text("No ticket is open.");
    } else {
        doc.push(Block::Paragraph(vec![t(format!("Open at {}:", g.as_of))]));
        let mut open = open;
        open.sort_by_key(|t| (t.priority, t.opened));
        let items = open
            .iter()
            .map(|ticket| {
                vec![
                    b(capital(ticket.priority.code())),
                    t(format!(
                        ", open since {} ({}): ",
                        ticket.opened,
                        plural((g.as_of - ticket.opened).num_days(), "day")
                    )),
                    t(ticket.subject.clone().unwrap_or_else(|| "no subject".to_owned())),
                ]
            })
            .collect();
        doc.push(Block::Bullets(items));
    }
    nps(doc, g);
}

/// The NPS answers of the last 180 days, each respondent's latest, newest first.
fn nps(doc: &mut Document, g: &Gathered) {
    let window = Window::ending(g.as_of, 180);
    let mut latest: Vec<&crate::domain::NpsResponse> = Vec::new();
    for r in g.nps.iter().rev().filter(|r| window.contains(r.date)) {
        let same = |o: &&crate::domain::NpsResponse| match (&o.email, &r.email) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => false,
        };
        if !latest.iter().any(same) {
            latest.push(r);
        }
    }
    if latest.is_empty() {
        doc.text("No NPS answer in the last 180 days.");
        return;
    }
    doc.push(Block::Paragraph(vec![t("NPS answers in the last 180 days:")]));
    let items = latest
        .iter()
        .map(|r| {
            let who = r
                .email
                .as_deref()
                .and_then(|e| {
                    g.contacts
                        .iter()
                        .find(|c| c.email.as_deref().is_some_and(|ce| ce.eq_ignore_ascii_case(e)))
                })
                .map_or_else(|| "A respondent".to_owned(), |c| c.name.clone());
            let kind = match r.score {
                9..=10 => "promoter",
                7..=8 => "passive",
                _ => "detractor",
            };
            let mut runs = vec![
                t(who),
                t(" scored "),
                b(r.score.to_string()),
                t(format!(" ({kind}) on {}", r.date)),
            ];
            if let Some(comment) = r.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                runs.push(t(format!(": “{comment}”")));
            }
            runs
        })
        .collect();
    doc.push(Block::Bullets(items));
}

fn capital(word: &str) -> String {
    super::overview::capitalised(word)
}
