//! `cargo bench --bench report`: the whole path from the store to `csm report --json` on a
//! generated 10,000-account book with 365 days of usage, side by side with the `sqlite3` CLI
//! scanning the usage table of the same file, with peak memory of each.
//!
//! Two cases: *warm*, the book already scored for the date (after `csm demo`, an import, or an
//! earlier report that day), and *cold*, the first report of a new date, which scores every
//! account from its facts and writes the score cache. Each cold run uses another as-of date.
//!
//! `CSM_BENCH_ACCOUNTS` changes the book size; `CSM_BENCH_RUNS` the number of timed runs.

#[path = "support/process.rs"]
mod process;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use process::{demo_book, env_or, measure, ms, summary, which};

const AS_OF: &str = "2026-11-24";

/// Years of demo history: one keeps the 100,000-account book the size it had before the demo
/// had history (three would make it about three times larger); the renewal history is measured
/// by `cargo bench --bench outcomes`.
const YEARS: u32 = 1;
const SCAN: &str = "SELECT account_id, sum(active_users) FROM usage GROUP BY account_id";

fn main() {
    // `cargo bench` passes `--bench`; other harness flags are not ours to parse.
    let accounts: usize = env_or("CSM_BENCH_ACCOUNTS", 10_000);
    let runs: usize = env_or("CSM_BENCH_RUNS", 7);
    let csm = PathBuf::from(env!("CARGO_BIN_EXE_csm"));
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let book = dir.join(format!("bench-{accounts}-{YEARS}y.db"));
    demo_book(&csm, &book, accounts, YEARS, AS_OF);

    let report = |as_of: &str| {
        let mut cmd = Command::new(&csm);
        cmd.args(["report", "--json", "--as-of", as_of, "--db"]).arg(&book);
        cmd
    };
    let sqlite = which("sqlite3");
    let scan = |sqlite: &Path| {
        let mut cmd = Command::new(sqlite);
        cmd.arg(&book).arg(SCAN);
        cmd
    };

    // One warm-up each, so all read from the page cache.
    measure(report(AS_OF));
    if let Some(sqlite) = &sqlite {
        measure(scan(sqlite));
    }
    let (mut warm, mut cold, mut theirs) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs {
        warm.push(measure(report(AS_OF)));
        // Every cold run asks for a date the cache has not seen yet.
        cold.push(measure(report(&format!("2026-10-{:02}", 1 + run % 28))));
        if let Some(sqlite) = &sqlite {
            theirs.push(measure(scan(sqlite)));
        }
    }
    println!("book: {accounts} accounts x 365 days ({})", book.display());
    let line = |name: &str, runs: &[(Duration, f64)]| {
        let (time, rss) = summary(runs);
        println!("{name:<46} median {:>7.1} ms   peak RSS {:>6.1} MB", ms(time), rss);
        time
    };
    let warm = line("csm report --json, scored for the date (warm)", &warm);
    let cold = line("csm report --json, a new as-of date (cold)", &cold);
    if theirs.is_empty() {
        println!("sqlite3 CLI not found: install it to measure the side-by-side ratio");
        return;
    }
    let theirs = line("sqlite3 usage GROUP BY account_id (full scan)", &theirs);
    let ratio = |ours: Duration| ours.as_secs_f64() / theirs.as_secs_f64();
    println!(
        "ratio csm / sqlite3: warm {:.2}x, cold {:.2}x (target <= 1.00x); {runs} alternating runs",
        ratio(warm),
        ratio(cold)
    );
}
