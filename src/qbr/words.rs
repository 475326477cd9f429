//! The words the brief's sections share: counts with their nouns, changes, renewal phases and
//! risk signals in plain English. Pure string functions.

use crate::scoring::{RenewalPhase, SignalCode};

/// `1 day`, `3 days`.
#[must_use]
pub fn plural(n: i64, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// A change of health points in words: `up 3 points`, `down 1 point`, `unchanged`.
#[must_use]
pub fn change(delta: i64) -> String {
    match delta {
        0 => "unchanged".to_owned(),
        d if d > 0 => format!("up {}", plural(d, "point")),
        d => format!("down {}", plural(-d, "point")),
    }
}

/// What a renewal phase means for the team.
#[must_use]
pub const fn phase_words(phase: RenewalPhase) -> &'static str {
    match phase {
        RenewalPhase::Overdue => "overdue: the renewal date has passed",
        RenewalPhase::Finalize => "finalize: the contract is being signed",
        RenewalPhase::Proposal => "proposal: the renewal proposal and its negotiation",
        RenewalPhase::Review => "review: the business review that makes the case for renewing",
        RenewalPhase::Strategy => "strategy: time to set the renewal strategy",
        RenewalPhase::Later => "more than 120 days out",
    }
}

/// A risk signal's name in a sentence.
#[must_use]
pub const fn signal_title(code: SignalCode) -> &'static str {
    match code {
        SignalCode::UsageDrop => "usage drop",
        SignalCode::LowUtilization => "low seat utilization",
        SignalCode::ChampionLeft => "a key contact left",
        SignalCode::NoChampion => "no champion",
        SignalCode::SingleThreaded => "single-threaded",
        SignalCode::Detractor => "a detractor",
        SignalCode::Escalation => "an escalation",
        SignalCode::HealthDecline => "health decline",
        SignalCode::GoneDark => "gone dark",
        SignalCode::RenewalAtRisk => "renewal at risk",
    }
}

/// What the team can do about a risk signal, for the risks section and the agenda.
#[must_use]
pub const fn signal_action(code: SignalCode) -> &'static str {
    match code {
        SignalCode::UsageDrop => "find out which teams stopped and why; plan a re-launch",
        SignalCode::LowUtilization => "agree a roll-out plan for the unused seats",
        SignalCode::ChampionLeft => "meet the successor and rebuild the relationship",
        SignalCode::NoChampion => "identify and enable a new champion",
        SignalCode::SingleThreaded => "bring more stakeholders into the relationship",
        SignalCode::Detractor => "follow up on the low score with the respondent",
        SignalCode::Escalation => "agree the fix and a date with support",
        SignalCode::HealthDecline => "review what changed over the last month",
        SignalCode::GoneDark => "re-establish a regular cadence of calls",
        SignalCode::RenewalAtRisk => "agree a renewal plan with the economic buyer",
    }
}

/// Signed percentage change from `before` to `now`, or `None` without a base.
#[must_use]
pub fn percent_change(before: f64, now: f64) -> Option<String> {
    (before > 0.0)
        .then(|| format!("{:+} %", crate::scoring::round_to_int(100.0 * (now - before) / before)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_changes_read_as_english() {
        assert_eq!(plural(1, "day"), "1 day");
        assert_eq!(plural(0, "day"), "0 days");
        assert_eq!(change(3), "up 3 points");
        assert_eq!(change(-1), "down 1 point");
        assert_eq!(change(0), "unchanged");
        assert_eq!(percent_change(200.0, 150.0).as_deref(), Some("-25 %"));
        assert_eq!(percent_change(0.0, 10.0), None);
    }
}
