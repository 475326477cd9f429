//! The success-plan goals as the customer sees them: the objective, its measure, where it
//! stands in words ("Met on 4 Oct 2026", "In progress, due 1 Mar 2027") and, when baseline,
//! now and target are known, a progress bar. The store keeps a goal's target as text ("from 40
//! to 10", "12 of 12"); the figures it holds are read from it, the rest come from the CSM's
//! readings. Pure: it must not read the store nor render.

use chrono::NaiveDate;

use super::choices::DeckChoices;
use super::model::{GoalLine, Progress};
use super::words::day;
use crate::domain::{Goal, GoalStatus};

/// The lines of the goals `choices` shows, in the store's order.
#[must_use]
pub fn goal_lines(goals: &[Goal], as_of: NaiveDate, choices: &DeckChoices) -> Vec<GoalLine> {
    goals.iter().filter(|g| choices.shows_goal(g.id)).map(|g| line(g, as_of, choices)).collect()
}

fn line(goal: &Goal, as_of: NaiveDate, choices: &DeckChoices) -> GoalLine {
    let met = goal.status == GoalStatus::Met && goal.met_on.is_some_and(|d| d <= as_of);
    let status = match (met, goal.status, goal.due) {
        (true, _, _) => {
            goal.met_on.map_or_else(|| "Met".to_owned(), |d| format!("Met on {}", day(d)))
        }
        (false, GoalStatus::Missed, Some(due)) => format!("Not yet reached (due {})", day(due)),
        (false, GoalStatus::Missed, None) => "Not yet reached".to_owned(),
        (false, _, Some(due)) if due < as_of => format!("In progress, was due {}", day(due)),
        (false, _, Some(due)) => format!("In progress, due {}", day(due)),
        (false, _, None) => "In progress".to_owned(),
    };
    let text = |s: &Option<String>| {
        s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
    };
    let measure = match (text(&goal.metric), text(&goal.target)) {
        (Some(metric), Some(target)) => Some(format!("{metric}: {target}")),
        (Some(only), None) | (None, Some(only)) => Some(only),
        (None, None) => None,
    };
    let (parsed_baseline, target) = goal.target.as_deref().map_or((None, None), read_target);
    let reading = choices.reading(goal.id);
    let baseline = reading.and_then(|r| r.baseline).or(parsed_baseline);
    let now = if met { target } else { reading.and_then(|r| r.now) };
    let bar = match (baseline, now, target) {
        (Some(baseline), Some(now), Some(target)) => Some(Progress { baseline, now, target }),
        (None, Some(now), Some(target)) if met => Some(Progress { baseline: 0.0, now, target }),
        _ => None,
    };
    GoalLine { objective: goal.objective.trim().to_owned(), measure, status, met, bar }
}

/// The baseline and target a goal's target text gives: "from 40 to 10" is both, "12 of 12",
/// "all 85", "under 5" or "100 %" only the (first) target figure.
#[must_use]
pub fn read_target(text: &str) -> (Option<f64>, Option<f64>) {
    let numbers: Vec<f64> = text
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .filter_map(|w| {
            w.trim_matches(|c| c == '.' || c == ',').replace(',', "").parse::<f64>().ok()
        })
        .filter(|x| x.is_finite())
        .collect();
    let lower = text.to_lowercase();
    if lower.contains("from") && lower.contains("to") && numbers.len() >= 2 {
        return (Some(numbers[0]), Some(numbers[1]));
    }
    (None, numbers.first().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_targets_figures_are_read_from_its_words() {
        assert_eq!(read_target("from 40 to 10"), (Some(40.0), Some(10.0)));
        assert_eq!(read_target("12 of 12"), (None, Some(12.0)));
        assert_eq!(read_target("all 85"), (None, Some(85.0)));
        assert_eq!(read_target("under 3"), (None, Some(3.0)));
        assert_eq!(read_target("100 %"), (None, Some(100.0)));
        assert_eq!(read_target("1,200 users"), (None, Some(1200.0)));
        assert_eq!(read_target("as soon as possible"), (None, None));
    }
}
