//! `csm retention`, `csm forecast` and `csm backtest` on the real binary over a small book built
//! by hand, whose every figure is worked out below from its facts, never from the commands' own
//! output: the JSON named as SPEC 12 names it, and the text saying the same.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/binary.rs"]
mod binary;

use std::path::{Path, PathBuf};

use binary::{AS_OF, csm, run, text};
use chrono::NaiveDate;
use csm::domain::{
    Account, AccountId, RecordSource, RenewalOutcome, RenewalRecord, Segment, UsageDay,
};
use csm::store::Store;
use serde_json::Value;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// Cents of a dollar amount.
fn usd(dollars: i64) -> i64 {
    dollars * 100
}

/// Four accounts of ten seats, no contacts, tickets or interactions (support 80, engagement 0,
/// no adoption data), with daily usage from 2025-01-01 to the as-of date:
///   Alder (enterprise): 8 active users a day: usage 100, health (40*100 + 20*80)/70 = 80, healthy
///   Birch (smb): 2 a day: usage 25, health (40*25 + 1600)/70 = 37.14 -> 37, at risk
///   Cedar (smb): no usage at all: health (20*80)/30 = 53.33 -> 53, watch
///   Dogwood (mid-market): 8 a day: 80, healthy
/// Each had one renewal, closed on its due date:
///   Alder   due 2026-01-15  renewed   100,000 -> 100,000 (flat)
///   Birch   due 2026-02-10  churned    20,000 ->       0
///   Cedar   due 2026-05-20  renewed    50,000 ->  40,000 (contraction)
///   Dogwood due 2026-08-01  renewed    60,000 ->  90,000 (expansion)
/// and their current ARR and renewal dates are: Alder 100,000 on 2027-01-15; Birch 20,000 on
/// 2026-12-15 (the CRM never cleared it, but the churn took Birch out of the book); Cedar
/// 40,000 on 2027-02-20; Dogwood 90,000 on 2026-12-01.
fn book() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let mut store = Store::create(&db).unwrap();
    let writer = store.writer().unwrap();
    let account = |external: &str, name: &str, segment, arr, renewal: &str| Account {
        segment: Some(segment),
        seats_licensed: Some(10),
        arr_cents: usd(arr),
        renewal_date: Some(day(renewal)),
        ..Account::named(external, name)
    };
    let alder = account("A-1", "Alder", Segment::Enterprise, 100_000, "2027-01-15");
    let birch = account("A-2", "Birch", Segment::Smb, 20_000, "2026-12-15");
    let cedar = account("A-3", "Cedar", Segment::Smb, 40_000, "2027-02-20");
    let dogwood = account("A-4", "Dogwood", Segment::MidMarket, 90_000, "2026-12-01");
    let ids: Vec<AccountId> =
        [alder, birch, cedar, dogwood].iter().map(|a| writer.insert_account(a).unwrap()).collect();
    for (id, users) in [(ids[0], 8), (ids[1], 2), (ids[3], 8)] {
        let days: Vec<UsageDay> = day("2025-01-01")
            .iter_days()
            .take_while(|d| *d <= day(AS_OF))
            .map(|date| UsageDay { date, active_users: users, events: None })
            .collect();
        writer.upsert_usage(id, &days).unwrap();
    }
    let records = [
        (ids[0], "2026-01-15", 100_000, 100_000),
        (ids[1], "2026-02-10", 20_000, 0),
        (ids[2], "2026-05-20", 50_000, 40_000),
        (ids[3], "2026-08-01", 60_000, 90_000),
    ];
    for (id, due, before, after) in records {
        let record = RenewalRecord {
            account_id: id,
            due: day(due),
            closed_on: day(due),
            outcome: if after == 0 { RenewalOutcome::Churned } else { RenewalOutcome::Renewed },
            arr_before: usd(before),
            arr_after: usd(after),
            note: None,
            source: RecordSource::Imported,
        };
        writer.put_renewal_record(&record).unwrap();
    }
    writer.commit().unwrap();
    (dir, db)
}

fn out(dir: &Path, db: &Path, args: &[&str]) -> String {
    let output = run(csm(dir).args(args).args(["--as-of", AS_OF, "--db"]).arg(db));
    assert!(output.stderr.is_empty(), "{args:?}: {}", text(&output.stderr));
    text(&output.stdout)
}

fn json(dir: &Path, db: &Path, args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.push("--json");
    serde_json::from_str(&out(dir, db, &args)).unwrap()
}

fn close(value: &Value, expected: f64) -> bool {
    value.as_f64().is_some_and(|v| (v - expected).abs() < 1e-9)
}

#[test]
fn retention_by_quarter_and_segment() {
    let (dir, db) = book();
    let v = json(dir.path(), &db, &["retention"]);
    let periods = v["periods"].as_array().unwrap();
    // The last four quarters ending by 2026-11-24 and their span, each for the book and the
    // four segments.
    assert_eq!(periods.len(), 5 * 5);
    let find = |start: &str, end: &str, segment: Value| {
        periods
            .iter()
            .find(|p| p["start"] == start && p["end"] == end && p["segment"] == segment)
            .unwrap()
    };
    let figures = |p: &Value| (p["grr"].clone(), p["nrr"].clone(), p["logo"].clone());
    let f = |x: f64| Value::from(x);
    // Q4 2025: no renewal was due, every figure null.
    assert_eq!(
        figures(find("2025-10-01", "2025-12-31", Value::Null)),
        (Value::Null, Value::Null, Value::Null)
    );
    // Q1 2026: Alder flat 100,000, Birch churned 20,000. Before 120,000; kept 100,000 (83.3 %);
    // after 100,000 (83.3 %); one of two renewed (50.0 %).
    let q1 = find("2026-01-01", "2026-03-31", Value::Null);
    assert_eq!(figures(q1), (f(83.3), f(83.3), f(50.0)));
    assert_eq!(q1["records"].as_array().unwrap().len(), 2);
    assert_eq!(q1["records"][1]["outcome"], "churned");
    assert_eq!(q1["records"][1]["source"], "imported");
    // Q2: Cedar 50,000 -> 40,000: 80.0, 80.0, 100.0. Q3: Dogwood 60,000 -> 90,000: GRR 100.0
    // (kept at most what it had), NRR 150.0, logo 100.0.
    assert_eq!(
        figures(find("2026-04-01", "2026-06-30", Value::Null)),
        (f(80.0), f(80.0), f(100.0))
    );
    assert_eq!(
        figures(find("2026-07-01", "2026-09-30", Value::Null)),
        (f(100.0), f(150.0), f(100.0))
    );
    // The span: before 230,000; kept 100 + 0 + 40 + 60 = 200,000 -> 86.96 -> 87.0; after
    // 100 + 0 + 40 + 90 = 230,000 -> 100.0; 3 of 4 renewed -> 75.0.
    let span = find("2025-10-01", "2026-09-30", Value::Null);
    assert_eq!(figures(span), (f(87.0), f(100.0), f(75.0)));
    // SMB over the span (Birch and Cedar): before 70,000; kept 40,000 -> 57.1; after 40,000 ->
    // 57.1; one of two -> 50.0. Self-service had none.
    assert_eq!(
        figures(find("2025-10-01", "2026-09-30", "smb".into())),
        (f(57.1), f(57.1), f(50.0))
    );
    let none = find("2025-10-01", "2026-09-30", "self_service".into());
    assert_eq!((none["grr"].clone(), none["records"].as_array().unwrap().len()), (Value::Null, 0));

    let text = out(dir.path(), &db, &["retention"]);
    assert!(text.contains("2025-10-01 to 2026-09-30   book"), "{text}");
    let span_line = text.lines().find(|l| l.starts_with("2025-10-01 to 2026-09-30")).unwrap();
    for figure in ["87.0 %", "100.0 %", "75.0 %"] {
        assert!(span_line.contains(figure), "{span_line}");
    }
}

#[test]
fn the_backtest_by_hand() {
    let (dir, db) = book();
    let v = json(dir.path(), &db, &["backtest"]);
    assert_eq!(v["lead_days"], 90);
    // Health 90 days before each due date, from the usage of then (the same every day):
    // Alder 80 healthy, Birch 37 at risk, Cedar 53 watch, Dogwood 80 healthy.
    let rows = v["records"].as_array().unwrap();
    let health: Vec<(i64, &str)> =
        rows.iter().map(|r| (r["health"].as_i64().unwrap(), r["band"].as_str().unwrap())).collect();
    assert_eq!(health, [(80, "healthy"), (37, "at_risk"), (53, "watch"), (80, "healthy")]);
    assert_eq!(rows[1]["outcome"], "churned");
    assert_eq!(rows[1]["arr_before"], usd(20_000));
    assert_eq!(rows[1]["components"]["usage"], 25.0);
    assert_eq!(rows[2]["components"]["usage"], Value::Null);
    // Birch: utilization 0.2 and, its renewal 90 days off and not healthy, renewal_at_risk.
    let birch_signals: Vec<&str> =
        rows[1]["signals"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert!(
        birch_signals.contains(&"low_utilization") && birch_signals.contains(&"renewal_at_risk")
    );
    assert_eq!((v["count"].clone(), v["churned"].clone()), (4.into(), 1.into()));
    assert_eq!(v["thin"], true, "four records are too few to judge");
    // 100 - health: the one churner (63) above every renewer (20, 47, 20): AUC 1; one churner,
    // no interval.
    assert_eq!(v["auc"]["value"], 1.0);
    assert_eq!((v["auc"]["low"].clone(), v["auc"]["high"].clone()), (Value::Null, Value::Null));
    // Leave-one-out rates (k 10): Alder and Dogwood, healthy without a renewal of theirs:
    // (1 + 9.5)/11, error (0.5/11)^2 each; Cedar, watch alone: prior 0.85, error 0.0225;
    // Birch, at risk alone: prior 0.60, churned, error 0.36. Brier = (2 * 0.25/121 + 0.3825) / 4.
    assert!(close(&v["brier"], (2.0 * 0.25 / 121.0 + 0.3825) / 4.0), "{}", v["brier"]);
    // Bands: healthy 2 records, none churned, rate (2 + 9.5)/12; watch 1, (1 + 8.5)/11;
    // at risk 1 churned, (0 + 6)/11; unscored none: its prior 0.8, and says so.
    let bands = &v["bands"];
    assert_eq!(
        (bands["healthy"]["count"].clone(), bands["healthy"]["rate"].clone()),
        (2.into(), 0.0.into())
    );
    assert!(close(&bands["healthy"]["calibrated"], 11.5 / 12.0));
    assert!(close(&bands["watch"]["calibrated"], 9.5 / 11.0));
    assert_eq!(bands["at_risk"]["rate"], 1.0);
    assert!(close(&bands["at_risk"]["calibrated"], 6.0 / 11.0));
    assert_eq!(
        (bands["unscored"]["rate"].clone(), bands["unscored"]["prior"].clone()),
        (Value::Null, true.into())
    );
    // Usage alone over the three rows with usage (Cedar has none): churner 75 above renewers
    // 0 and 0: AUC 1. Nobody has adoption data: null. Support is 80 everywhere: 0.5.
    let components = &v["components"];
    assert_eq!(
        (components["usage"]["auc"].clone(), components["usage"]["count"].clone()),
        (1.0.into(), 3.into())
    );
    assert_eq!(components["adoption"]["auc"], Value::Null);
    assert_eq!(components["support"]["auc"], 0.5);
    // renewal_at_risk fired for Birch and Cedar: with 1/2, without 0/2; gone_dark fired for
    // every row (no interaction at all): with 1/4, without null.
    let signals = &v["signals"];
    assert_eq!(
        (signals["renewal_at_risk"]["with"].clone(), signals["renewal_at_risk"]["without"].clone()),
        (0.5.into(), 0.0.into())
    );
    assert_eq!(
        (signals["gone_dark"]["with"].clone(), signals["gone_dark"]["without"].clone()),
        (0.25.into(), Value::Null)
    );
    assert_eq!(signals["escalation"]["with"], Value::Null);

    let text = out(dir.path(), &db, &["backtest"]);
    assert!(text.contains("The history is too thin to judge the model"), "{text}");
    assert!(text.contains("Renewals 4, churned 1 (churn rate 25.0 %)"), "{text}");
    assert!(text.contains("AUC of 100 - health: 1.00 (no interval"), "{text}");
    assert!(text.contains("80.0 % (prior)"), "{text}");
    // In plain words: Birch, the one account at risk, churned; none of the healthy two did.
    assert!(text.contains("\nIn plain words:\n"), "{text}");
    assert!(
        text.contains(
            "  - Accounts at risk 90 days before renewal churned 100.0 % of the time; no healthy \
             one churned."
        ),
        "{text}"
    );
    // A longer lead reads other dates: 200 days before Alder's renewal (2025-06-29) is still 80.
    let longer = json(dir.path(), &db, &["backtest", "--lead", "200"]);
    assert_eq!(longer["lead_days"], 200);
    assert_eq!(longer["records"][0]["health"], 80);
}

#[test]
fn the_forecast_by_hand() {
    let (dir, db) = book();
    let v = json(dir.path(), &db, &["forecast"]);
    assert_eq!((v["as_of"].clone(), v["horizon_days"].clone()), (AS_OF.into(), 90.into()));
    // The band rates of the backtest above: healthy 23/24, watch 19/22, at risk 6/11; unscored
    // its prior.
    assert!(close(&v["rates"]["healthy"], 23.0 / 24.0));
    assert!(close(&v["rates"]["watch"], 19.0 / 22.0));
    assert!(close(&v["rates"]["at_risk"], 6.0 / 11.0));
    assert!(close(&v["rates"]["unscored"], 0.8));
    // Due within 90 days (to 2027-02-22): Dogwood 2026-12-01, Alder 2027-01-15, Cedar
    // 2027-02-20. Birch's 2026-12-15 is gone with its churn.
    let renewals = v["renewals"].as_array().unwrap();
    let due: Vec<(&str, &str)> = renewals
        .iter()
        .map(|r| (r["due"].as_str().unwrap(), r["band"].as_str().unwrap()))
        .collect();
    assert_eq!(
        due,
        [("2026-12-01", "healthy"), ("2027-01-15", "healthy"), ("2027-02-20", "watch")]
    );
    assert!(renewals.iter().all(|r| r["call"].is_null() && r["p"] == r["model_p"]));
    assert_eq!(v["arr_up_cents"], usd(230_000));
    // Expected: 23/24 * 90,000 + 23/24 * 100,000 + 19/22 * 40,000 = 86,250 + 95,833.333 +
    // 34,545.4545 = 216,628.7879 -> 21,662,879 cents.
    assert_eq!(v["expected_cents"], 21_662_879);
    // The exact distribution, in 12,672ths (24 * 24 * 22): nothing 3; Cedar alone (40,000) 19;
    // Dogwood alone (90,000) 69; Alder alone (100,000) 69; Cedar + Dogwood (130,000) 437;
    // Alder + Cedar (140,000) 437; Alder + Dogwood (190,000) 1,587; all (230,000) 10,051.
    // Cumulative: 3, 22, 91, 160, 597, 1,034, 2,621, 12,672. A tenth is 1,267.2: reached at
    // 190,000; a half (6,336) and nine tenths at 230,000.
    assert_eq!(v["p10_cents"], usd(190_000));
    assert_eq!(v["p50_cents"], usd(230_000));
    assert_eq!(v["p90_cents"], usd(230_000));
    // At stake: Cedar 3/22 * 40,000 = 5,454.55; Alder 1/24 * 100,000 = 4,166.67; Dogwood
    // 1/24 * 90,000 = 3,750.
    let ids: Vec<i64> =
        v["saves"].as_array().unwrap().iter().map(|s| s.as_i64().unwrap()).collect();
    let id_of = |due: &str| {
        renewals.iter().find(|r| r["due"] == due).unwrap()["account_id"].as_i64().unwrap()
    };
    assert_eq!(ids, [id_of("2027-02-20"), id_of("2027-01-15"), id_of("2026-12-01")]);

    let text = out(dir.path(), &db, &["forecast"]);
    assert!(text.contains("Expected renewed     $216,629"), "{text}");
    assert!(text.contains("P10 / P50 / P90      $190,000 / $230,000 / $230,000"), "{text}");
    assert!(text.contains("1. Cedar: $5,455 at stake"), "{text}");
    assert!(text.contains("no history: the prior"), "{text}");
    assert!(!text.contains("Birch"), "{text}");
    // Two runs, one figure; a horizon of 20 days holds Dogwood alone.
    assert_eq!(json(dir.path(), &db, &["forecast"]), v);
    let short = json(dir.path(), &db, &["forecast", "--horizon", "20"]);
    assert_eq!(short["renewals"].as_array().unwrap().len(), 1);
    assert_eq!(short["arr_up_cents"], usd(90_000));
}
