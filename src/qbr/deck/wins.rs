//! Value delivered this quarter, in words a customer's executive reads as wins: goals met and
//! milestones completed in the quarter, and measurable movement (more active users, a key
//! feature adopted, fewer tickets, faster resolution). A fact that is not a win is left out,
//! never stated as a failure; internal-only facts (scores, risks) are never read here.

use super::choices::WinKey;
use super::facts::Facts;
use super::model::Point;
use super::source::DeckSource;
use super::words::{day, number};
use crate::domain::GoalStatus;
use crate::scoring::round_to_int;

/// The wins of the quarter, goals and milestones first, then the measured movement.
#[must_use]
pub fn wins(g: &DeckSource, f: &Facts) -> Vec<Point> {
    let mut dated = Vec::new();
    for goal in &g.goals {
        if let Some(met) = goal.met_on.filter(|d| f.this.contains(*d))
            && goal.status == GoalStatus::Met
        {
            let mut text = format!("Goal met: {}", goal.objective.trim());
            if let Some(target) = goal.target.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                let metric = goal.metric.as_deref().map(str::trim).filter(|m| !m.is_empty());
                match metric {
                    Some(metric) => text.push_str(&format!(" ({metric}: {target})")),
                    None => text.push_str(&format!(" ({target})")),
                }
            }
            text.push_str(&format!(", {}", day(met)));
            dated.push((met, Point { text, win: Some(WinKey::Goal(goal.id)) }));
        }
    }
    for m in &g.milestones {
        if let Some(done) = m.completed_on.filter(|d| f.this.contains(*d)) {
            let text = format!("Milestone completed: {}, {}", m.name.trim(), day(done));
            dated.push((done, Point { text, win: Some(WinKey::Milestone(m.id)) }));
        }
    }
    dated.sort_by_key(|(d, _)| *d);
    let mut out: Vec<Point> = dated.into_iter().map(|(_, p)| p).collect();
    if let Some(u) = &f.usage
        && let Some(before) = u.mean_before.filter(|b| *b > 0.0)
    {
        let up = round_to_int(100.0 * (u.mean_now - before) / before);
        if up >= 1 && round_to_int(u.mean_now) > round_to_int(before) {
            out.push(Point {
                text: format!(
                    "Active users up {up} % to {} a day (from {})",
                    number(round_to_int(u.mean_now)),
                    number(round_to_int(before))
                ),
                win: Some(WinKey::ActiveUsers),
            });
        }
    }
    for row in f.features.iter().filter(|r| r.days_now > 0 && r.days_before == 0) {
        out.push(Point {
            text: format!(
                "Newly adopted: {} (used on {} days this quarter)",
                row.name.trim(),
                row.days_now
            ),
            win: Some(WinKey::Feature(row.id)),
        });
    }
    if let Some(s) = &f.support {
        if s.opened < s.opened_before {
            out.push(Point {
                text: format!(
                    "Fewer support tickets: {} opened, down from {}",
                    s.opened, s.opened_before
                ),
                win: Some(WinKey::FewerTickets),
            });
        }
        if let (Some(now), Some(before)) = (s.median_days, s.median_days_before)
            && now < before
        {
            out.push(Point {
                text: format!(
                    "Tickets resolved faster: a median of {} against {}",
                    days(now),
                    days(before)
                ),
                win: Some(WinKey::FasterResolution),
            });
        }
    }
    out
}

fn days(n: i64) -> String {
    if n == 1 { "1 day".to_owned() } else { format!("{n} days") }
}
