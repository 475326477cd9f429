//! The backtest in plain words (SPEC 12's "model check"): sentences a CS leader reads without
//! knowing what an AUC or a Brier score is, each derived from the figures the backtest computed
//! ("accounts at risk 90 days before renewal churned 4.1 times as often as healthy ones"). A
//! figure that cannot be computed is said in words, never as "NaN". The workspace's model
//! check and `csm backtest`'s text both read these; it must not compute a figure the backtest
//! does not have, read the store, or draw.

use super::backtest::{Backtest, THIN_BELOW};
use crate::format::thousands;
use crate::scoring::{Band, SignalCode, round_half_away, round_to_int, round_to_tenth, tenths};

/// A fraction as a percentage to one decimal: "11.7 %".
#[must_use]
pub fn percent(share: f64) -> String {
    format!("{} %", tenths(100.0 * share))
}

/// A fraction as a whole percentage: "78" (the sentences add the sign).
fn whole_percent(share: f64) -> i64 {
    round_to_int(100.0 * share)
}

/// A signal's code as words: "usage drop".
#[must_use]
pub fn signal_words(code: SignalCode) -> String {
    code.code().replace('_', " ")
}

/// "1 renewal", "412 renewals".
fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// "a", "a or b", "a, b or c".
fn listed(items: &[impl AsRef<str>], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} {conjunction} {}", rest.join(", "), last.as_ref())
        }
    }
}

/// What the AUC says of the score, from a coin toss (0.5) to perfect (1).
fn auc_meaning(value: f64) -> &'static str {
    match value {
        v if v < 0.5 - 1e-9 => "worse than a coin toss: it points the wrong way",
        v if v <= 0.5 + 1e-9 => "no better than a coin toss",
        v if v < 0.6 => "little better than a coin toss",
        v if v < 0.7 => "a weak predictor of churn",
        v if v < 0.8 => "a fair predictor of churn",
        v if v < 0.9 => "a good predictor of churn",
        _ => "an excellent predictor of churn",
    }
}

/// The sentences, most important first. With no record at all, one sentence says so.
#[must_use]
pub fn plain_words(b: &Backtest) -> Vec<String> {
    if b.count == 0 {
        return vec![
            "No renewal has closed yet, so there is nothing to check the score against: record \
             how renewals end from the renewal pane, or import them."
                .to_owned(),
        ];
    }
    let mut out = Vec::new();
    if b.thin() {
        out.push(format!(
            "The history is too thin to judge: {}, and at least {THIN_BELOW} are needed. Here is \
             what there is.",
            counted(b.count, "renewal record", "renewal records")
        ));
    }
    let rate =
        b.churn_rate.map_or_else(String::new, |r| format!(": a churn rate of {}", percent(r)));
    out.push(format!(
        "{} closed, {} churned{rate}.",
        counted(b.count, "renewal", "renewals"),
        thousands(b.churned)
    ));
    out.extend(auc_sentences(b));
    out.extend(band_sentence(b));
    out.extend(brier_sentence(b));
    out.push(best_component(b));
    out.extend(signal_sentences(b));
    out.extend(prior_sentence(b));
    out
}

/// How often the score ranks a churner as the riskier, with its interval and what that means.
fn auc_sentences(b: &Backtest) -> Vec<String> {
    let Some(value) = b.auc.value else {
        let why = if b.churned == 0 {
            "no account churned, so there is nothing for the score to predict yet"
        } else if b.churned == b.count {
            "every account churned, so there is no renewal to rank a churner against"
        } else {
            "no churned and renewed renewals both had a health score then"
        };
        return vec![format!("The score's ranking cannot be judged: {why}.")];
    };
    let interval = match (b.auc.low, b.auc.high) {
        (Some(low), Some(high)) => {
            format!(" (95 %: {}–{} %)", whole_percent(low), whole_percent(high))
        }
        _ => " (too few of one outcome for an interval)".to_owned(),
    };
    let mut meaning = format!(
        "50 % would be a coin toss and 100 % perfect: the score is {} here.",
        auc_meaning(value)
    );
    if b.auc.low.zip(b.auc.high).is_some_and(|(low, high)| low <= 0.5 && 0.5 <= high) {
        meaning.push_str(
            " Its interval holds 50 %: this history cannot yet tell it from a coin toss.",
        );
    }
    vec![
        format!(
            "The score ranks a churner as riskier than a renewer {} % of the time{interval}.",
            whole_percent(value)
        ),
        meaning,
    ]
}

/// How much more often the at-risk accounts churned than the healthy ones.
fn band_sentence(b: &Backtest) -> Option<String> {
    let band = |band: Band| b.bands.iter().find(|r| r.band == band);
    let (risk, healthy) = (band(Band::AtRisk)?, band(Band::Healthy)?);
    let lead = b.lead_days;
    Some(match (risk.rate, healthy.rate) {
        (Some(r), Some(h)) if r < h => format!(
            "Accounts at risk {lead} days before renewal churned less often than healthy ones \
             ({} against {}): here the bands point the wrong way.",
            percent(r),
            percent(h)
        ),
        (Some(r), Some(h)) if h > 0.0 => format!(
            "Accounts at risk {lead} days before renewal churned {} times as often as healthy \
             ones ({} against {}).",
            tenths(round_to_tenth(r / h)),
            percent(r),
            percent(h)
        ),
        (Some(r), Some(_)) => format!(
            "Accounts at risk {lead} days before renewal churned {} of the time; no healthy one \
             churned.",
            percent(r)
        ),
        (None, _) => format!(
            "No account was at risk {lead} days before a renewal, so at-risk and healthy \
             accounts cannot be compared."
        ),
        (Some(_), None) => format!(
            "No account was healthy {lead} days before a renewal, so at-risk and healthy \
             accounts cannot be compared."
        ),
    })
}

/// The Brier score against always guessing the book's churn rate (`r(1 - r)`).
fn brier_sentence(b: &Backtest) -> Option<String> {
    let (brier, rate) = (b.brier?, b.churn_rate?);
    let score =
        format!("The bands' renewal rates score {brier:.3} on the Brier scale (0 is perfect)");
    if b.churned == 0 || b.churned == b.count {
        return Some(format!(
            "{score}; with one outcome only, there is no average to compare it with."
        ));
    }
    let baseline = rate * (1.0 - rate);
    // Compared as printed: two scores that read the same predict about as well.
    let thousandths = |x: f64| round_half_away(x * 1000.0);
    let verdict = match thousandths(brier).total_cmp(&thousandths(baseline)) {
        std::cmp::Ordering::Less => "better",
        std::cmp::Ordering::Equal => "about as well",
        std::cmp::Ordering::Greater => "worse",
    };
    Some(format!(
        "{score}, against {baseline:.3} for always guessing the book's churn rate of {}: they \
         predict {verdict} {} the book's average alone.",
        percent(rate),
        if verdict == "about as well" { "as" } else { "than" }
    ))
}

/// The component whose AUC alone is highest.
fn best_component(b: &Backtest) -> String {
    let best = b
        .components
        .iter()
        .filter_map(|(kind, auc)| auc.value.map(|v| (*kind, v)))
        .max_by(|x, y| x.1.total_cmp(&y.1));
    match best {
        Some((kind, value)) => format!(
            "Of the four components, {} predicts churn best on its own, ranking a churner as \
             riskier than a renewer {} % of the time.",
            kind.name(),
            whole_percent(value)
        ),
        None => "No component can be judged on its own yet: each needs churned and renewed \
                 renewals with its data."
            .to_owned(),
    }
}

/// The signal with the largest lift, and those that never fired.
fn signal_sentences(b: &Backtest) -> Vec<String> {
    let mut out = Vec::new();
    let best = b
        .signals
        .iter()
        .filter_map(|s| Some((s, s.lift?, s.with?, s.without?)))
        .max_by(|x, y| x.1.total_cmp(&y.1).then_with(|| y.0.code.cmp(&x.0.code)));
    match best {
        Some((s, lift, with, without)) => out.push(format!(
            "Of the risk signals, {} has the largest lift: accounts with it {} days before \
             renewal churned {} of the time, without it {} ({} times as often).",
            signal_words(s.code),
            b.lead_days,
            percent(with),
            percent(without),
            tenths(round_to_tenth(lift))
        )),
        None => out.push(
            "No risk signal's lift can be computed yet: each needs renewals with and without \
             it, and a churn among those without."
                .to_owned(),
        ),
    }
    let quiet: Vec<String> =
        b.signals.iter().filter(|s| s.fired == 0).map(|s| signal_words(s.code)).collect();
    if !quiet.is_empty() {
        let tell = if quiet.len() == 1 { "it tells" } else { "they tell" };
        out.push(format!(
            "Never fired {} days before a renewal, so {tell} nothing yet: {}.",
            b.lead_days,
            listed(&quiet, "and")
        ));
    }
    out
}

/// The bands without history, whose forecast rate is their prior.
fn prior_sentence(b: &Backtest) -> Option<String> {
    let empty: Vec<&str> = b.bands.iter().filter(|r| r.from_prior).map(|r| r.band.word()).collect();
    if empty.is_empty() {
        return None;
    }
    let (which, their) =
        if empty.len() == 1 { ("band", "its prior rate") } else { ("bands", "their prior rates") };
    Some(format!(
        "No renewal had the {which} {} {} days before: the forecast uses {their}.",
        listed(&empty, "or"),
        b.lead_days
    ))
}

#[cfg(test)]
mod tests;
