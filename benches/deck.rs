//! `cargo bench --bench deck`: writing the customer deck of one account on a large book, timed
//! as a user sees it (the whole `csm qbr ACCOUNT --deck -o FILE.html` process, from a warm page
//! cache; target under 200 ms on 100,000 accounts), and in-process (reading the account's
//! records, composing the slides and rendering the HTML) to show where the time goes. The
//! account is the book's largest by licensed seats: the most usage rows and the fullest deck.
//!
//! `CSM_BENCH_ACCOUNTS` changes the book size (default 100,000); `CSM_BENCH_RUNS` the runs.

#[path = "support/process.rs"]
mod process;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use process::{demo_book, env_or, measure, ms, summary};

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
    // The book the commands bench makes: one generation serves both.
    let book = dir.join(format!("bench-commands-{accounts}-{YEARS}y.db"));
    demo_book(&csm, &book, accounts, YEARS, AS_OF);
    let store = csm::store::Store::open(&book).expect("open the book");
    let account = store
        .accounts()
        .expect("read the accounts")
        .into_iter()
        .max_by_key(|a| (a.seats_licensed.unwrap_or(0), std::cmp::Reverse(a.id)))
        .expect("a book with accounts");
    let out = tempfile::tempdir().expect("temporary directory");
    let file = out.path().join("deck.html");
    let run = || {
        let mut cmd = Command::new(&csm);
        cmd.args(["qbr", &account.external_id, "--deck", "-o"])
            .arg(&file)
            .args(["--as-of", AS_OF, "--db"])
            .arg(&book);
        cmd
    };
    measure(run());
    let times: Vec<(Duration, f64)> = (0..runs).map(|_| measure(run())).collect();
    let (process, rss) = summary(&times);

    let config = csm::config::Config::default();
    let as_of = AS_OF.parse().expect("a date");
    let choices = csm::qbr::deck::DeckChoices::default();
    let mut inside = Vec::new();
    let mut slides = 0;
    let mut bytes = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let deck = csm::qbr::deck::deck(&store, &config, &account, as_of, &choices)
            .expect("read the book")
            .expect("the account");
        let html = deck.html();
        inside.push((started.elapsed(), 0.0));
        slides = deck.slides.len();
        bytes = html.len();
    }
    let (inside, _) = summary(&inside);
    println!("book: {accounts} accounts ({})", book.display());
    println!(
        "csm qbr ACCOUNT --deck -o deck.html   median {:>8.1} ms   peak RSS {rss:>6.1} MB \
         (target < 200 ms; {slides} slides, {} KB)",
        ms(process),
        bytes / 1024
    );
    println!(
        "deck read + composed + rendered in-process: median {:.1} ms; {runs} runs",
        ms(inside)
    );
}
