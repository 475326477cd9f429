//! `cargo bench --bench commands`: the command line a script runs against a large book, timed as
//! a script sees it (the whole process, from a warm page cache), side by side: `csm accounts
//! --json` against `csm report --json` on the same book (SPEC 11 asks for at most 1.5x), the
//! filtered listing a cron job runs, and the two writes a script makes most, `csm todo add` and
//! `csm log` (each rescoring one account, not the book: under 100 ms), with the `sqlite3` CLI
//! reading every account row as the physical floor.
//!
//! `CSM_BENCH_ACCOUNTS` changes the book size (default 100,000); `CSM_BENCH_RUNS` the runs.

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

fn main() {
    let accounts = env_or("CSM_BENCH_ACCOUNTS", 100_000);
    let runs = env_or("CSM_BENCH_RUNS", 7);
    let csm = PathBuf::from(env!("CARGO_BIN_EXE_csm"));
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let book = dir.join(format!("bench-commands-{accounts}-{YEARS}y.db"));
    demo_book(&csm, &book, accounts, YEARS, AS_OF);
    // The first account of the book, by the name the demo gives it, as a script would name it.
    let target = first_account(&book);

    let run = |args: &[String]| {
        let mut cmd = Command::new(&csm);
        cmd.args(args).args(["--as-of", AS_OF, "--db"]).arg(&book);
        cmd
    };
    let cases: Vec<(&str, Vec<String>)> = vec![
        ("csm report --json (warm)", vec!["report".into(), "--json".into()]),
        ("csm accounts --json (warm)", vec!["accounts".into(), "--json".into()]),
        (
            "csm accounts --signal gone_dark --json",
            ["accounts", "--signal", "gone_dark", "--json"].map(String::from).to_vec(),
        ),
        (
            "csm todo add ACCOUNT TITLE",
            vec!["todo".into(), "add".into(), target.clone(), "Bench follow-up".into()],
        ),
        (
            "csm log ACCOUNT --kind call --summary TEXT",
            vec![
                "log".into(),
                target.clone(),
                "--kind".into(),
                "call".into(),
                "--summary".into(),
                "Bench call".into(),
            ],
        ),
    ];
    // One warm-up each: the score cache for the date and the page cache are filled.
    for (_, case) in &cases {
        measure(run(case));
    }
    let sqlite = which("sqlite3");
    let floor = |sqlite: &Path| {
        let mut cmd = Command::new(sqlite);
        cmd.arg(&book).arg("SELECT * FROM account");
        cmd
    };
    let mut timings: Vec<Vec<(Duration, f64)>> = vec![Vec::new(); cases.len()];
    let mut theirs = Vec::new();
    for _ in 0..runs {
        for ((_, case), times) in cases.iter().zip(&mut timings) {
            times.push(measure(run(case)));
        }
        if let Some(sqlite) = &sqlite {
            theirs.push(measure(floor(sqlite)));
        }
    }
    println!("book: {accounts} accounts ({})", book.display());
    let medians: Vec<Duration> = cases
        .iter()
        .zip(&timings)
        .map(|((name, _), times)| {
            let (time, rss) = summary(times);
            println!("{name:<44} median {:>8.1} ms   peak RSS {:>6.1} MB", ms(time), rss);
            time
        })
        .collect();
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    println!(
        "accounts --json / report --json: {:.2}x (target <= 1.50x); todo add {:.1} ms, log {:.1} ms \
         (target < 100 ms each); {runs} alternating runs",
        ratio(medians[1], medians[0]),
        ms(medians[3]),
        ms(medians[4])
    );
    if !theirs.is_empty() {
        let (floor, _) = summary(&theirs);
        println!(
            "sqlite3 SELECT * FROM account: median {:.1} ms; accounts --json / sqlite3 {:.2}x",
            ms(floor),
            ratio(medians[1], floor)
        );
    }
}

fn first_account(book: &Path) -> String {
    let store = csm::store::Store::open(book).expect("open the book");
    store.accounts().expect("read the accounts").swap_remove(0).external_id
}
