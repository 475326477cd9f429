//! The sentences on hand-built backtests, every figure in them worked out by hand below (bands:
//! healthy from 70, watch from 40; priors healthy 0.95, watch 0.85, at risk 0.60, unscored 0.80;
//! k = 10).

use super::*;
use crate::config::Config;
use crate::domain::{AccountId, RenewalOutcome};
use crate::outcomes::{BacktestRow, backtest};
use crate::scoring::Band;

/// A record of account `id` with `health`, its usage component and the signals that fired.
fn row(
    id: i64,
    health: Option<i64>,
    churned: bool,
    usage: f64,
    signals: &[SignalCode],
) -> BacktestRow {
    let bands = Config::default().scoring.bands;
    BacktestRow {
        account_id: AccountId(id),
        due: "2026-06-30".parse().unwrap(),
        outcome: if churned { RenewalOutcome::Churned } else { RenewalOutcome::Renewed },
        arr_before: 1_000_000,
        arr_after: if churned { 0 } else { 1_000_000 },
        health,
        band: Band::of(health, bands),
        // Usage as given, no adoption, support 80 everywhere, no engagement.
        components: [Some(usage), None, Some(80.0), None],
        signals: signals.to_vec(),
    }
}

/// Twelve records:
///   healthy (80): six, one churned (#6); usage 90 for the renewals, 10 for the churn
///   watch (55): two, renewed; usage 90
///   at risk (30): four, three churned (#9-#11), one renewed (#12)
///   usage_drop fired on the three at-risk churns and on healthy renewal #1;
///   gone_dark on at-risk renewal #12 and healthy churn #6; no other signal fired.
fn twelve() -> Vec<BacktestRow> {
    use SignalCode::{GoneDark, UsageDrop};
    let mut rows = vec![row(1, Some(80), false, 90.0, &[UsageDrop])];
    rows.extend((2..=5).map(|id| row(id, Some(80), false, 90.0, &[])));
    rows.push(row(6, Some(80), true, 10.0, &[GoneDark]));
    rows.extend((7..=8).map(|id| row(id, Some(55), false, 90.0, &[])));
    rows.extend((9..=11).map(|id| row(id, Some(30), true, 10.0, &[UsageDrop])));
    rows.push(row(12, Some(30), false, 90.0, &[GoneDark]));
    rows
}

#[test]
fn a_history_in_plain_words() {
    let b = backtest(twelve(), 90, &Config::default().outcomes);
    let words = plain_words(&b);
    // Counts: 12 records, 4 churned: 1/3 = 33.3 %.
    // AUC of 100 - health: churners 20 (#6) and 70 (x3); renewers 20 (x5), 45 (x2), 70 (#12).
    //   20 ties five renewers: 2.5 of 8; each 70 beats seven and ties one: 7.5 of 8.
    //   (2.5 + 3 * 7.5) / 32 = 25/32 = 0.78125 -> 78 %.
    // DeLong: churners' placements 0.3125, 0.9375 x3; renewers' 0.875 x5 (3 above + a tie of
    //   4), 0.75 x2, 0.375 (three ties of 4). S10 = (0.46875^2 + 3 * 0.15625^2) / 3 = 0.0976563;
    //   S01 = (5 * 0.09375^2 + 2 * 0.03125^2 + 0.40625^2) / 7 = 0.0301339;
    //   var = 0.0976563/4 + 0.0301339/8 = 0.0281808; se = 0.167871; 1.96 se = 0.329021.
    //   Interval 0.452229 -> 45 %, 1.11 clipped to 1 -> 100 %: it holds 0.5.
    // Bands: at risk 3/4 = 75.0 %, healthy 1/6 = 16.7 %: 0.75 / (1/6) = 4.5 times.
    // Brier, leave one out: healthy renewal (4 + 9.5)/15 = 0.9 -> 0.01 x5; healthy churn
    //   (5 + 9.5)/15 -> 0.934444; watch (1 + 8.5)/11 -> (1.5/11)^2 = 0.018595 x2; at risk churn
    //   (1 + 6)/13 -> (7/13)^2 = 0.289941 x3; at-risk renewal 6/13 -> (7/13)^2 again.
    //   (0.05 + 0.934444 + 0.037190 + 4 * 0.289941) / 12 = 0.181783 -> 0.182; always guessing
    //   1/3: (1/3)(2/3) = 0.222.
    // Components: usage 10 for every churn, 90 for every renewal: 100 %; support ties: 50 %.
    // Signals: usage drop with 3/4 = 75.0 %, without 1/8 = 12.5 %: 6.0 times; gone dark with
    //   1/2, without 3/10: 1.7 times. The other eight never fired.
    assert_eq!(
        words,
        [
            "12 renewals closed, 4 churned: a churn rate of 33.3 %.",
            "The score ranks a churner as riskier than a renewer 78 % of the time (95 %: \
             45–100 %).",
            "50 % would be a coin toss and 100 % perfect: the score is a fair predictor of churn \
             here. Its interval holds 50 %: this history cannot yet tell it from a coin toss.",
            "Accounts at risk 90 days before renewal churned 4.5 times as often as healthy ones \
             (75.0 % against 16.7 %).",
            "The bands' renewal rates score 0.182 on the Brier scale (0 is perfect), against \
             0.222 for always guessing the book's churn rate of 33.3 %: they predict better \
             than the book's average alone.",
            "Of the four components, usage predicts churn best on its own, ranking a churner as \
             riskier than a renewer 100 % of the time.",
            "Of the risk signals, usage drop has the largest lift: accounts with it 90 days \
             before renewal churned 75.0 % of the time, without it 12.5 % (6.0 times as often).",
            "Never fired 90 days before a renewal, so they tell nothing yet: low utilization, \
             champion left, no champion, single threaded, detractor, escalation, health \
             decline and renewal at risk.",
            "No renewal had the band unscored 90 days before: the forecast uses its prior rate.",
        ]
    );
}

#[test]
fn a_thin_history_with_no_churn_says_what_cannot_be_judged() {
    // Three healthy renewals: nothing churned, so no AUC, no lift, no band to compare; the
    // Brier score of (2 + 9.5)/12 = 0.958333 for each: (1/24)^2 = 0.001736 -> 0.002.
    let rows = (1..=3).map(|id| row(id, Some(80), false, 90.0, &[])).collect();
    let b = backtest(rows, 60, &Config::default().outcomes);
    let words = plain_words(&b);
    assert_eq!(
        words,
        [
            "The history is too thin to judge: 3 renewal records, and at least 10 are needed. \
             Here is what there is.",
            "3 renewals closed, 0 churned: a churn rate of 0.0 %.",
            "The score's ranking cannot be judged: no account churned, so there is nothing for \
             the score to predict yet.",
            "No account was at risk 60 days before a renewal, so at-risk and healthy accounts \
             cannot be compared.",
            "The bands' renewal rates score 0.002 on the Brier scale (0 is perfect); with one \
             outcome only, there is no average to compare it with.",
            "No component can be judged on its own yet: each needs churned and renewed \
             renewals with its data.",
            "No risk signal's lift can be computed yet: each needs renewals with and without \
             it, and a churn among those without.",
            "Never fired 60 days before a renewal, so they tell nothing yet: usage drop, low \
             utilization, champion left, no champion, single threaded, detractor, escalation, \
             health decline, gone dark and renewal at risk.",
            "No renewal had the bands watch, at risk or unscored 60 days before: the forecast \
             uses their prior rates.",
        ]
    );
    assert!(words.iter().all(|w| !w.contains("NaN")));
}

#[test]
fn one_churner_gives_no_interval_and_no_healthy_churn_no_ratio() {
    // Two healthy renewals, one at-risk churn (usage drop): AUC 1 (the churn's 70 beats both
    // 20s) without an interval (one churner); at risk churned 100.0 %, healthy 0: no ratio.
    // usage drop: with 1/1, without 0/2 = 0, so no lift; nothing else fired.
    let rows = vec![
        row(1, Some(80), false, 90.0, &[]),
        row(2, Some(80), false, 90.0, &[]),
        row(3, Some(30), true, 10.0, &[SignalCode::UsageDrop]),
    ];
    let words = plain_words(&backtest(rows, 90, &Config::default().outcomes));
    assert_eq!(
        words[2],
        "The score ranks a churner as riskier than a renewer 100 % of the time (too few of one \
         outcome for an interval)."
    );
    assert_eq!(
        words[3],
        "50 % would be a coin toss and 100 % perfect: the score is an excellent predictor of \
         churn here."
    );
    assert_eq!(
        words[4],
        "Accounts at risk 90 days before renewal churned 100.0 % of the time; no healthy one \
         churned."
    );
    assert!(words.iter().any(|w| w.starts_with("No risk signal's lift can be computed yet")));
    let quiet = words.iter().find(|w| w.starts_with("Never fired")).unwrap();
    assert!(!quiet.contains("usage drop"), "usage drop fired: {quiet}");
}

#[test]
fn a_brier_score_that_reads_as_the_average_s_predicts_about_as_well() {
    // The twelve's churn rate is 1/3: always guessing it scores (1/3)(2/3) = 0.2222, printed
    // 0.222. A Brier of 0.2221 prints the same: about as well; 0.2226 prints 0.223: worse.
    let mut b = backtest(twelve(), 90, &Config::default().outcomes);
    let sentence = |b: &Backtest| brier_sentence(b).unwrap();
    b.brier = Some(0.2221);
    assert!(sentence(&b).ends_with("they predict about as well as the book's average alone."));
    b.brier = Some(0.2226);
    assert!(sentence(&b).ends_with("they predict worse than the book's average alone."));
}

#[test]
fn no_record_at_all_is_one_sentence() {
    let words = plain_words(&backtest(Vec::new(), 90, &Config::default().outcomes));
    assert_eq!(words.len(), 1);
    assert!(words[0].starts_with("No renewal has closed yet"), "{words:?}");
}

#[test]
fn the_words_for_each_auc() {
    assert_eq!(auc_meaning(0.45), "worse than a coin toss: it points the wrong way");
    assert_eq!(auc_meaning(0.5), "no better than a coin toss");
    assert_eq!(auc_meaning(0.55), "little better than a coin toss");
    assert_eq!(auc_meaning(0.65), "a weak predictor of churn");
    assert_eq!(auc_meaning(0.85), "a good predictor of churn");
    assert_eq!(listed(&["a", "b", "c"], "or"), "a, b or c");
    assert_eq!(listed(&["a"], "or"), "a");
}
