//! `cargo bench --bench outcomes`: renewal outcomes against the reports they sit beside, timed as a
//! script sees them (the whole process), on the demo book: `csm backtest` with nothing cached
//! against a cold `csm report` of one new as-of date (SPEC 12 asks at most 3x), and `csm
//! forecast` against a warm `csm report --json` (at most 1.5x); `csm backtest` warm and `csm
//! retention` beside them.
//!
//! The demo book carries its own three years of renewal history (the active accounts' renewals
//! and the former customers' churns). `CSM_BENCH_ACCOUNTS` changes the book size (default
//! 10,000 active accounts); `CSM_BENCH_RUNS` the runs.

#[path = "support/process.rs"]
mod process;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use chrono::{Days, NaiveDate};
use csm::store::Store;
use process::{demo_book, env_or, measure, ms, summary};

const AS_OF: &str = "2026-11-24";

/// Years of demo history: the three years of renewals the backtest learns from.
const YEARS: u32 = 3;

fn main() {
    let accounts = env_or("CSM_BENCH_ACCOUNTS", 10_000);
    let runs = env_or("CSM_BENCH_RUNS", 5);
    let csm = PathBuf::from(env!("CARGO_BIN_EXE_csm"));
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let book = dir.join(format!("bench-outcomes-{accounts}-{YEARS}y.db"));
    demo_book(&csm, &book, accounts, YEARS, AS_OF);
    let records = Store::open(&book).expect("open the book").renewal_records().expect("records");
    println!("book: {accounts} accounts, {} renewal records ({})", records.len(), book.display());

    let run = |args: &[&str], as_of: &str| {
        let mut cmd = Command::new(&csm);
        cmd.args(args).args(["--as-of", as_of, "--db"]).arg(&book);
        cmd
    };
    // One warm-up each: the score cache for the date, the past-health cache, the page cache.
    for args in [&["report", "--json"][..], &["forecast", "--json"], &["backtest", "--json"]] {
        measure(run(args, AS_OF));
    }
    let names = [
        "csm report (cold: a new as-of date)",
        "csm backtest --json (nothing cached)",
        "csm report --json (warm)",
        "csm forecast --json (warm)",
        "csm backtest --json (warm)",
        "csm retention --json",
    ];
    let mut timings: Vec<Vec<(Duration, f64)>> = vec![Vec::new(); names.len()];
    let as_of: NaiveDate = AS_OF.parse().expect("date");
    for i in 0..runs {
        // A date no run has scored: the whole book is scored from its facts.
        let fresh = (as_of - Days::new(1 + i as u64)).to_string();
        timings[0].push(measure(run(&["report"], &fresh)));
        forget_past_health(&book);
        timings[1].push(measure(run(&["backtest", "--json"], AS_OF)));
        timings[2].push(measure(run(&["report", "--json"], AS_OF)));
        timings[3].push(measure(run(&["forecast", "--json"], AS_OF)));
        timings[4].push(measure(run(&["backtest", "--json"], AS_OF)));
        timings[5].push(measure(run(&["retention", "--json"], AS_OF)));
    }
    let medians: Vec<Duration> = names
        .iter()
        .zip(&timings)
        .map(|(name, times)| {
            let (time, rss) = summary(times);
            println!("{name:<40} median {:>8.1} ms   peak RSS {:>6.1} MB", ms(time), rss);
            time
        })
        .collect();
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    println!(
        "backtest (nothing cached) / cold report: {:.2}x (target <= 3.00x); forecast / warm \
         report --json: {:.2}x (target <= 1.50x); {runs} alternating runs",
        ratio(medians[1], medians[0]),
        ratio(medians[3], medians[2]),
    );
}

/// Empties the past-health cache, so the next backtest scores every record.
fn forget_past_health(book: &Path) {
    let conn = rusqlite::Connection::open(book).expect("open the book");
    conn.execute("DELETE FROM past_health", []).expect("forget");
}
