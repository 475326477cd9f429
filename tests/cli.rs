//! The real binary on a generated demo book: `report --json` parses and holds its invariants,
//! the text report reads well, and errors are one clear line with a non-zero exit.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/binary.rs"]
mod binary;

use std::collections::BTreeSet;

use binary::{AS_OF, csm, demo_book, run};
use serde_json::Value;

fn report_json() -> Value {
    let (dir, db) = demo_book();
    let output = run(csm(dir.path()).args(["report", "--json", "--as-of", AS_OF, "--db"]).arg(db));
    serde_json::from_slice(&output.stdout).expect("report --json is JSON")
}

#[test]
fn json_report_holds_its_invariants() {
    let report = report_json();
    assert_eq!(report["as_of"], AS_OF);
    let book = &report["book"];
    let accounts = report["accounts"].as_array().unwrap();
    assert_eq!(book["accounts"].as_u64().unwrap() as usize, accounts.len());
    assert!((50..=80).contains(&accounts.len()), "about 60 accounts: {}", accounts.len());

    // Every account appears once, ordered by id.
    let ids: Vec<i64> = accounts.iter().map(|a| a["id"].as_i64().unwrap()).collect();
    let unique: BTreeSet<i64> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len());
    assert!(ids.windows(2).all(|w| w[0] < w[1]));

    // The band agrees with the health.
    for a in accounts {
        let band = a["band"].as_str().unwrap();
        match a["health"].as_i64() {
            Some(h) if h >= 70 => assert_eq!(band, "healthy", "{a}"),
            Some(h) if h >= 40 => assert_eq!(band, "watch", "{a}"),
            Some(_) => assert_eq!(band, "at_risk", "{a}"),
            None => assert_eq!(band, "unscored", "{a}"),
        }
        for component in ["usage", "adoption", "support", "engagement"] {
            let value = &a["components"][component];
            if let Some(v) = value.as_f64() {
                assert!((0.0..=100.0).contains(&v), "{component} {v}");
                assert!(((v * 10.0).round() - v * 10.0).abs() < 1e-6, "one decimal: {v}");
            } else {
                assert!(value.is_null());
            }
        }
    }

    // ARR by band sums to the total ARR, which sums the accounts.
    let by_band = &book["arr_by_band"];
    let bands: i64 = ["healthy", "watch", "at_risk", "unscored"]
        .iter()
        .map(|b| by_band[b].as_i64().unwrap())
        .sum();
    let total = book["arr_cents"].as_i64().unwrap();
    assert_eq!(bands, total);
    assert_eq!(accounts.iter().map(|a| a["arr_cents"].as_i64().unwrap()).sum::<i64>(), total);

    // Renewal counts and ARR grow from 30 to 120 days, and match the accounts.
    let renewals = &book["renewals"];
    let counts: Vec<u64> =
        ["30", "60", "90", "120"].iter().map(|k| renewals[k]["count"].as_u64().unwrap()).collect();
    let arr: Vec<i64> = ["30", "60", "90", "120"]
        .iter()
        .map(|k| renewals[k]["arr_cents"].as_i64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
    assert!(arr.windows(2).all(|w| w[0] <= w[1]), "{arr:?}");
    let within = |n: i64| {
        accounts
            .iter()
            .filter(|a| a["renewal"]["days"].as_i64().is_some_and(|d| (0..=n).contains(&d)))
            .count() as u64
    };
    assert_eq!(counts, [within(30), within(60), within(90), within(120)]);
}

#[test]
fn the_demo_book_shows_every_band_signal_expansion_and_phase() {
    let report = report_json();
    let accounts = report["accounts"].as_array().unwrap();
    let seen = |field: &str| -> BTreeSet<String> {
        accounts
            .iter()
            .flat_map(|a| {
                a[field].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned())
            })
            .collect()
    };
    let bands: BTreeSet<&str> = accounts.iter().map(|a| a["band"].as_str().unwrap()).collect();
    assert!(["healthy", "watch", "at_risk"].iter().all(|b| bands.contains(b)), "{bands:?}");
    let signals = seen("signals");
    for code in [
        "usage_drop",
        "low_utilization",
        "champion_left",
        "no_champion",
        "single_threaded",
        "detractor",
        "escalation",
        "health_decline",
        "gone_dark",
        "renewal_at_risk",
    ] {
        assert!(signals.contains(code), "no account fires {code}: {signals:?}");
    }
    let expansion = seen("expansion");
    for code in ["seat_limit", "advocate", "open_upsell"] {
        assert!(expansion.contains(code), "no account shows {code}: {expansion:?}");
    }
    let phases: BTreeSet<&str> =
        accounts.iter().filter_map(|a| a["renewal"]["phase"].as_str()).collect();
    for phase in ["overdue", "finalize", "proposal", "review", "strategy", "later"] {
        assert!(phases.contains(phase), "no renewal in phase {phase}: {phases:?}");
    }
    let segments: BTreeSet<&str> = accounts.iter().filter_map(|a| a["segment"].as_str()).collect();
    assert_eq!(segments.len(), 4, "{segments:?}");
}

#[test]
fn a_report_from_the_cache_equals_one_scored_from_the_facts() {
    // The demo scored its book as of AS_OF; another date is scored from the facts, then cached.
    let (dir, db) = demo_book();
    let report = |as_of: &str| {
        let output =
            run(csm(dir.path()).args(["report", "--json", "--as-of", as_of, "--db"]).arg(db));
        serde_json::from_slice::<Value>(&output.stdout).unwrap()
    };
    let cold = report("2026-10-31");
    let warm = report("2026-10-31");
    assert_eq!(cold, warm);
    assert_ne!(cold, report(AS_OF), "another date gives other numbers");
}

#[test]
fn the_demo_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let again = dir.path().join("again.db");
    run(csm(dir.path()).args(["demo", "--no-open", "--as-of", AS_OF, "--db"]).arg(&again));
    let output =
        run(csm(dir.path()).args(["report", "--json", "--as-of", AS_OF, "--db"]).arg(&again));
    let second: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(second, report_json());
}

#[test]
fn the_text_report_lists_totals_then_accounts_with_reasons() {
    let (dir, db) = demo_book();
    let output =
        run(csm(dir.path()).args(["report", "--as-of", AS_OF, "--limit", "5", "--db"]).arg(db));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("Book as of 2026-11-24\n"), "{text}");
    assert!(text.contains(" accounts · ARR $"), "{text}");
    assert!(text.contains("Needs attention: 5 of "), "{text}");
    assert!(text.contains("\n  1. "), "{text}");
    assert!(text.contains("csm report --limit"), "{text}");
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "no control characters");
}

#[test]
fn explain_shows_components_and_what_would_change_the_band() {
    let (dir, db) = demo_book();
    let output = run(csm(dir.path())
        .args(["report", "--explain", "--as-of", AS_OF, "--limit", "3", "--db"])
        .arg(db));
    let text = String::from_utf8(output.stdout).unwrap();
    for needle in [
        "     usage ",
        "     adoption ",
        "     support ",
        "     engagement ",
        "seats active on average",
    ] {
        assert!(text.contains(needle), "{needle:?} missing in\n{text}");
    }
    assert!(text.contains("     to watch ") || text.contains("     to healthy "), "{text}");
}

#[test]
fn global_options_work_after_the_subcommand_and_before_it() {
    let (dir, db) = demo_book();
    let before =
        run(csm(dir.path()).arg("--db").arg(db).args(["--as-of", AS_OF, "report", "--json"]));
    let after = run(csm(dir.path()).args(["report", "--json", "--as-of", AS_OF, "--db"]).arg(db));
    assert_eq!(before.stdout, after.stdout);
}

#[test]
fn errors_are_one_line_and_a_failure_exit() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let output = csm(dir.path()).args(["report", "--db"]).arg(&missing).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("csm: no book at "), "{stderr}");
    assert!(!missing.exists(), "a report never creates a store");

    let output = csm(dir.path()).args(["report", "--as-of", "2026-02-30"]).output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not a date: expected YYYY-MM-DD"));

    let bad_config = dir.path().join("config.toml");
    std::fs::write(&bad_config, "[scoring.weights]\nusage = \"lots\"\n").unwrap();
    let (_, db) = demo_book();
    let output = csm(dir.path())
        .arg("--config")
        .arg(&bad_config)
        .args(["report", "--db"])
        .arg(db)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("scoring.weights.usage"), "{stderr}");
}

#[test]
fn a_named_configuration_file_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = demo_book();
    let missing = dir.path().join("no-such.toml");
    let mut by_option = csm(dir.path());
    by_option.arg("--config").arg(&missing).args(["report", "--db"]).arg(db);
    let mut by_env = csm(dir.path());
    by_env.env("CSM_CONFIG", &missing).args(["report", "--db"]).arg(db);
    for mut command in [by_option, by_env] {
        let output = command.output().unwrap();
        assert!(!output.status.success());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(
            stderr,
            format!(
                "csm: no configuration file at {} (named by --config or CSM_CONFIG)\n",
                missing.display()
            )
        );
        assert!(output.stdout.is_empty());
    }
    // The default place may hold no file: the built-in defaults apply.
    run(csm(dir.path()).args(["report", "--db"]).arg(db));
}

#[test]
fn book_totals_of_the_largest_storable_arr_do_not_overflow() {
    // Two accounts at i64::MAX cents: the total is 2 * 9,223,372,036,854,775,807 =
    // 18,446,744,073,709,551,614 cents (it wrapped to -2, shown as "ARR -$0").
    let dir = tempfile::tempdir().unwrap();
    let (csv, db) = (dir.path().join("accounts.csv"), dir.path().join("book.db"));
    std::fs::write(
        &csv,
        "external_id,name,arr,renewal_date\n\
         A-1,Alpha,92233720368547758.07,2026-12-04\n\
         A-2,Beta,92233720368547758.07,2026-12-04\n",
    )
    .unwrap();
    let book = |args: &[&str]| {
        let output = run(csm(dir.path()).args(["--as-of", AS_OF, "--db"]).arg(&db).args(args));
        String::from_utf8(output.stdout).unwrap()
    };
    book(&["init"]);
    book(&["import", "accounts", csv.to_str().unwrap(), "--no-playbooks"]);
    let text = book(&["report"]);
    assert!(text.contains("2 accounts · ARR $184,467,440,737,095,516 ·"), "{text}");
    assert!(text.contains("2 in 30 days ($184467T)"), "{text}");
    assert!(!text.contains("-$"), "{text}");
    let json: Value = serde_json::from_str(&book(&["report", "--json"])).unwrap();
    let total = 18_446_744_073_709_551_614_u64;
    assert_eq!(json["book"]["arr_cents"], total);
    assert_eq!(json["book"]["renewals"]["30"]["arr_cents"], total);
    let by_band: u64 = json["book"]["arr_by_band"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(by_band, total);
}

#[test]
fn demo_never_overwrites_a_book_without_replace() {
    let (_, db) = demo_book();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("book.db");
    run(csm(dir.path()).args(["demo", "--no-open", "--accounts", "3", "--db"]).arg(&copy));
    let output = csm(dir.path()).args(["demo", "--no-open", "--db"]).arg(&copy).output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("pass --replace"));
    run(csm(dir.path())
        .args(["demo", "--no-open", "--replace", "--accounts", "4", "--db"])
        .arg(&copy));
    assert!(db.exists());
}

/// `--accounts` below the number of story accounts writes that many, no more.
#[test]
fn demo_writes_exactly_the_accounts_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("small.db");
    let output =
        run(csm(dir.path()).args(["demo", "--no-open", "--accounts", "5", "--db"]).arg(&db));
    let said = String::from_utf8(output.stderr).unwrap();
    assert!(said.starts_with("Demo book of 5 accounts and "), "{said}");
    // The former customers are counted apart, and the summary says how many there are.
    let former: usize = said["Demo book of 5 accounts and ".len()..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{said}"));
    let churned = run(csm(dir.path()).args(["accounts", "--churned", "--json", "--db"]).arg(&db));
    let churned: Value = serde_json::from_slice(&churned.stdout).unwrap();
    assert_eq!(churned.as_array().map(Vec::len), Some(former), "{said}");
    let report = run(csm(dir.path()).args(["report", "--json", "--as-of", AS_OF, "--db"]).arg(&db));
    let report: Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(report["accounts"].as_array().unwrap().len(), 5);
}

#[test]
fn a_bare_csm_on_an_empty_home_explains_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(&mut csm(dir.path()));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("csm demo"), "{text}");
    assert!(text.contains("--db PATH"), "{text}");
}
