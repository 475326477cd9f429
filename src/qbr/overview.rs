//! The head of the brief: the title, the executive summary, the figures at a glance, and health
//! now and a quarter ago with each component and its reason. Its figures are the report's: the
//! summary of the scored book, rounded as `csm report` rounds them.

use super::doc::{Block, Document, Runs, b, i, t};
use super::gather::{Gathered, QUARTER};
use super::words::{change, phase_words, plural, signal_action, signal_title};
use crate::domain::back;
use crate::format::{THIN_MARK, money};
use crate::scoring::{Band, ComponentKind, round_to_tenth};

/// A component as the report shows it: one decimal, or "no data".
pub fn component(value: Option<f64>) -> String {
    value.map_or_else(|| "no data".to_owned(), |v| format!("{:.1}", round_to_tenth(v)))
}

/// Health as the report shows it: the integer and the band.
fn health(value: Option<i64>, band: Band) -> String {
    value.map_or_else(|| "unscored".to_owned(), |h| format!("{h} ({})", band.word()))
}

/// The title and the line saying what the brief covers.
pub fn title(doc: &mut Document, g: &Gathered) {
    let a = &g.entry.account;
    doc.push(Block::Heading(1, format!("Quarterly business review: {}", a.name)));
    let mut runs: Runs = vec![
        t("Brief as of "),
        b(g.as_of.to_string()),
        t(format!(" · quarter under review {} to {}", back(g.as_of, QUARTER - 1), g.as_of)),
    ];
    if let Some(owner) = &a.owner {
        runs.push(t(" · account owner "));
        runs.push(t(owner.clone()));
    }
    runs.push(t(" · external id "));
    runs.push(t(a.external_id.clone()));
    doc.push(Block::Paragraph(runs));
}

/// The executive summary: where the account stands, where it is going, and what the review
/// should settle.
pub fn summary(doc: &mut Document, g: &Gathered) {
    doc.section("Executive summary");
    let (a, s) = (&g.entry.account, &g.entry.summary);
    let mut standing: Runs = vec![t(a.name.clone()), t(" (")];
    let mut facts = vec![format!("{} ARR", money(a.arr_cents, &g.currency))];
    if let Some(segment) = a.segment {
        facts.push(segment.code().replace('_', "-"));
    }
    if let Some(seats) = a.seats_licensed.filter(|&n| n > 0) {
        facts.push(plural(seats, "licensed seat"));
    }
    standing.push(t(facts.join(", ")));
    standing.push(t(") is "));
    match s.health {
        Some(h) => {
            standing.push(b(format!("{} at health {h}", band_phrase(s.band))));
            if let Some(then) = g.before.as_ref().and_then(|d| d.score.health.value) {
                standing.push(t(match h - then {
                    0 => format!(", level with a quarter ago ({then})"),
                    d if d > 0 => format!(", up {} from {then} a quarter ago", plural(d, "point")),
                    d => format!(", down {} from {then} a quarter ago", plural(-d, "point")),
                }));
            }
            if let Some(delta) = s.delta {
                standing.push(t(format!(" and {} over the last 30 days", change(delta))));
            }
        }
        None => standing.push(b("unscored")),
    }
    standing.push(t("."));
    if let Some(reason) = s.thin_data() {
        // A score on little data is said to be one, so that no one quotes it as settled.
        standing.push(t(" "));
        standing.push(b(format!("The health rests on thin data: {reason}")));
        standing.push(t(", less than half of the model's weight; check it before quoting it."));
    }
    doc.push(Block::Paragraph(standing));

    let mut outlook: Runs = Vec::new();
    if let Some(r) = g.now.score.renewal {
        let when = if r.days < 0 {
            format!("was due on {}, {} ago", r.date, plural(-r.days, "day"))
        } else {
            format!("is on {}, in {}", r.date, plural(r.days, "day"))
        };
        outlook.push(t(format!("The renewal {when} ({}). ", phase_words(r.phase))));
    }
    let signals = &g.now.score.signals;
    if signals.is_empty() {
        outlook.push(t("No risk signal is firing. "));
    } else {
        let risks: Vec<&str> = signals.iter().map(|s| signal_title(s.code)).collect();
        outlook.push(t("Risks to address: "));
        outlook.push(b(risks.join(", ")));
        outlook.push(t(". "));
    }
    let wins = super::relationship::wins_this_quarter(g);
    if wins > 0 {
        outlook.push(t(format!("{} this quarter. ", plural_wins(wins))));
    }
    if !g.now.score.expansion.is_empty() {
        outlook.push(t("There is room to grow: see renewal and expansion. "));
    }
    // The review's focus: what to do about the first two risks, else to build on the quarter.
    let focus: Vec<&str> = signals.iter().take(2).map(|s| signal_action(s.code)).collect();
    if focus.is_empty() {
        outlook.push(t("This review should build on the quarter and agree the next goals."));
    } else {
        outlook.push(t(format!("This review should {}.", focus.join(", and "))));
    }
    doc.push(Block::Paragraph(outlook));
}

/// A band as the summary says it: `on watch at health 63`.
const fn band_phrase(band: Band) -> &'static str {
    match band {
        Band::Healthy => "healthy",
        Band::Watch => "on watch",
        Band::AtRisk => "at risk",
        Band::Unscored => "unscored",
    }
}

fn plural_wins(n: usize) -> String {
    if n == 1 {
        "One win (a goal met or a milestone done)".to_owned()
    } else {
        format!("{n} wins (goals met and milestones done)")
    }
}

/// The figures `csm report` gives for the account, in one table.
pub fn at_a_glance(doc: &mut Document, g: &Gathered) {
    let (a, s) = (&g.entry.account, &g.entry.summary);
    let mut rows = vec![
        row(
            "Health",
            s.thin_data().map_or_else(
                || health(s.health, s.band),
                |reason| format!("{THIN_MARK}{}, {reason}", health(s.health, s.band)),
            ),
        ),
        row("30-day change", s.delta.map_or_else(|| "no trend".to_owned(), |d| format!("{d:+}"))),
        row("ARR", money(a.arr_cents, &g.currency)),
    ];
    rows.push(row(
        "Renewal",
        g.now.score.renewal.map_or_else(
            || "no renewal date on record".to_owned(),
            |r| format!("{}, {} days ({})", r.date, r.days, r.phase.code()),
        ),
    ));
    rows.push(row("Open todos", s.open_todos.to_string()));
    doc.push(Block::Table {
        header: vec!["At a glance".into(), String::new()],
        rows,
        numeric: false,
    });
}

fn row(label: &str, value: String) -> Vec<Runs> {
    vec![vec![t(label)], vec![t(value)]]
}

/// Health now and a quarter ago, each component with its value, weight and reason, and what
/// would lift the band.
pub fn health_section(doc: &mut Document, g: &Gathered) {
    doc.section("Health now and a quarter ago");
    let s = &g.entry.summary;
    let then = g.before.as_ref();
    let then_date = back(g.as_of, QUARTER);
    let mut rows = vec![vec![
        vec![b("Health")],
        vec![b(health(s.health, s.band))],
        vec![t(then.map_or_else(
            || "not in the book".to_owned(),
            |d| health(d.score.health.value, d.score.health.band),
        ))],
        vec![t(s
            .health
            .zip(then.and_then(|d| d.score.health.value))
            .map_or_else(String::new, |(now, before)| format!("{:+}", now - before)))],
    ]];
    let before_values = then.map(|d| {
        let c = &d.score.components;
        [c.usage.value, c.adoption.value, Some(c.support.value), Some(c.engagement.value)]
    });
    for (k, kind) in ComponentKind::ALL.iter().enumerate() {
        let now = s.components[k];
        let before = before_values.and_then(|v| v[k]);
        let moved = now.zip(before).map_or_else(String::new, |(n, p)| {
            format!("{:+.1}", round_to_tenth(n) - round_to_tenth(p))
        });
        rows.push(vec![
            vec![t(capitalised(kind.name()))],
            vec![t(component(now))],
            vec![t(if then.is_some() { component(before) } else { String::new() })],
            vec![t(moved)],
        ]);
    }
    doc.push(Block::Table {
        header: vec![
            String::new(),
            format!("Now ({})", g.as_of),
            format!("A quarter ago ({then_date})"),
            "Change".into(),
        ],
        rows,
        numeric: true,
    });
    let reasons: Vec<Runs> = g
        .now
        .explanation
        .components
        .iter()
        .zip(g.weights)
        .map(|(c, weight)| {
            let share = c.contribution.map_or_else(String::new, |p| {
                format!(", {:.1} of the health points", round_to_tenth(p))
            });
            vec![
                b(capitalised(c.kind.name())),
                i(format!(" (weight {weight:.0}{share})")),
                t(format!(": {}.", c.inputs)),
            ]
        })
        .collect();
    doc.push(Block::Bullets(reasons));
    let e = &g.now.explanation;
    if let Some(band) = e.next_band {
        let lifts: Vec<Runs> = e.lifts.iter().map(|l| vec![t(l.to_string())]).collect();
        doc.push(Block::Paragraph(vec![t(format!(
            "What alone would lift the account to {}:",
            band.word()
        ))]));
        doc.push(Block::Bullets(lifts));
    }
    if let Some(band) = e.lower_band {
        let drops: Vec<Runs> = e.drops.iter().map(|d| vec![t(d.to_string())]).collect();
        doc.push(Block::Paragraph(vec![t(format!(
            "What alone would drop the account to {}:",
            band.word()
        ))]));
        doc.push(Block::Bullets(drops));
    }
}

/// `usage` as `Usage`.
pub fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use crate::book::ScoredBook;
    use crate::config::Config;
    use crate::domain::Account;
    use crate::test_support::stores::on_each_engine;

    #[test]
    fn a_brief_on_thin_data_says_so_in_the_summary_and_at_a_glance() {
        on_each_engine("a_brief_on_thin_data_says_so_in_the_summ", |store| {
            // No usage, no features, no contact: (20 * 80 + 10 * 0) / 30 = 53.3 -> 53 on 30 % of
            // the model's weight.
            let mut store = store;
            let writer = store.writer().unwrap();
            let id = writer.insert_account(&Account::named("X-1", "Imported Co")).unwrap();
            writer.commit().unwrap();
            let config = Config::default();
            let book =
                ScoredBook::load(&mut store, &config, "2026-11-24".parse().unwrap()).unwrap();
            let brief =
                super::super::brief(&store, &config, &book, id).unwrap().unwrap().markdown();
            assert!(
                brief.contains(
                    "The health rests on thin data: based on support and engagement only"
                ),
                "{brief}"
            );
            assert!(
                brief.contains(r"| Health | \~53 (watch), based on support and engagement only |"),
                "{brief}"
            );
        });
    }
}
