//! `cargo bench --bench report_server`: `csm report --json` of a generated 10,000-account book
//! with 365 days of usage on a PostgreSQL server, side by side with `psql` running the usage
//! GROUP BY on the same database (the physical limit, as `cargo bench --bench report` uses the
//! `sqlite3` CLI), with peak memory of each, and the peak number of connections one report opens.
//!
//! The server is a throwaway cluster on loopback started by this process (durability off, as in
//! the tests) and dropped when the bench ends, so the book is written anew each run: straight
//! into the server with the library, in one transaction, timed and printed.
//!
//! Two cases, as in the SQLite bench: *warm*, the book already scored for the date, and *cold*,
//! the first report of a new date, which scores every account and writes the score cache.
//!
//! `CSM_BENCH_ACCOUNTS` changes the book size; `CSM_BENCH_RUNS` the number of timed runs. Needs
//! the PostgreSQL server binaries (`initdb`, `pg_ctl`) and `psql`; says so and stops without them.

#[path = "support/process.rs"]
mod process;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use csm::demo::{DemoOptions, generate};
use csm::store::Store;
use csm::test_support::postgres;
use process::{env_or, measure, ms, summary, which};

const AS_OF: &str = "2026-11-24";
const SCAN: &str = "SELECT account_id, sum(active_users) FROM usage GROUP BY account_id";

/// Connections csm holds on the book (every csm session names itself so), and the parallel
/// workers the server runs for their queries, which carry the same name but are no connection.
const CONNECTIONS: &str = "SELECT count(*) FILTER (WHERE backend_type = 'client backend'), \
     count(*) FILTER (WHERE backend_type = 'parallel worker') \
     FROM pg_stat_activity WHERE application_name = 'csm' AND datname = $1";

fn main() {
    // `cargo bench` passes `--bench`; other harness flags are not ours to parse.
    let accounts: usize = env_or("CSM_BENCH_ACCOUNTS", 10_000);
    let runs: usize = env_or("CSM_BENCH_RUNS", 7);
    let Some(psql) = which("psql") else {
        println!("psql not found: install the PostgreSQL client to run this bench");
        return;
    };
    let Some(db) = postgres::book("bench_report") else {
        println!("no PostgreSQL server binaries here: nothing measured");
        return;
    };
    let url = db.url();
    fill(&url, accounts);

    let csm = PathBuf::from(env!("CARGO_BIN_EXE_csm"));
    let report = |as_of: &str| {
        let mut cmd = Command::new(&csm);
        cmd.args(["report", "--json", "--as-of", as_of, "--db", &url]);
        cmd
    };
    let scan = |psql: &Path| {
        let mut cmd = Command::new(psql);
        cmd.args([url.as_str(), "-c", SCAN]);
        cmd
    };

    // One warm-up each: the first report scores the date, and both read from shared buffers.
    measure(report(AS_OF));
    measure(scan(&psql));
    let (mut warm, mut cold, mut theirs) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs {
        warm.push(measure(report(AS_OF)));
        // Every cold run asks for a date the cache has not seen yet.
        cold.push(measure(report(&format!("2026-10-{:02}", 1 + run % 28))));
        theirs.push(measure(scan(&psql)));
    }
    let (peak, workers) = peak_connections(&db, report("2026-09-01"));

    println!("book: {accounts} accounts x 365 days on PostgreSQL (loopback, {})", db.name());
    let line = |name: &str, runs: &[(Duration, f64)]| {
        let (time, rss) = summary(runs);
        println!("{name:<46} median {:>7.1} ms   peak RSS {:>6.1} MB", ms(time), rss);
        time
    };
    let warm = line("csm report --json, scored for the date (warm)", &warm);
    let cold = line("csm report --json, a new as-of date (cold)", &cold);
    let theirs = line("psql usage GROUP BY account_id (full scan)", &theirs);
    let ratio = |ours: Duration| ours.as_secs_f64() / theirs.as_secs_f64();
    println!(
        "ratio csm / psql: warm {:.2}x (target <= 1.00x), cold {:.2}x (target <= 3.00x); \
         {runs} alternating runs",
        ratio(warm),
        ratio(cold)
    );
    println!(
        "peak connections of csm during a cold report: {peak} (target <= 2); \
         the server's parallel workers for its queries beside them: {workers}"
    );
}

/// Writes the demo book of `accounts` accounts and one year of history into the empty book at
/// `url` through the library, as `csm demo` writes a file, and says how long it took.
fn fill(url: &str, accounts: usize) {
    let started = Instant::now();
    let mut store = Store::connect(url).expect("connect to the bench's book");
    let as_of = NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").expect("the as-of date");
    let options = DemoOptions { accounts, seed: 7, as_of, years: 1 };
    let summary = generate(&mut store, &options).expect("write the demo book");
    println!(
        "wrote the demo book into the server in {:.1} s ({} usage rows, {} feature rows)",
        started.elapsed().as_secs_f64(),
        summary.usage_rows,
        summary.feature_rows
    );
}

/// The most connections csm held on `db` at once while `cmd` ran, and the most parallel
/// workers the server ran for them, sampled every millisecond from a connection of the bench's
/// own (which does not count: it names itself otherwise).
fn peak_connections(db: &postgres::TestDatabase, cmd: Command) -> (i64, i64) {
    let done = AtomicBool::new(false);
    let mut sampler = db.connect();
    let name = db.name().to_owned();
    thread::scope(|scope| {
        let watcher = scope.spawn(|| {
            let (mut peak, mut workers) = (0, 0);
            while !done.load(Ordering::Relaxed) {
                let now = sampler.query_one(CONNECTIONS, &[&name]).expect("sample");
                peak = peak.max(now.get::<_, i64>(0));
                workers = workers.max(now.get::<_, i64>(1));
                thread::sleep(Duration::from_millis(1));
            }
            (peak, workers)
        });
        measure(cmd);
        done.store(true, Ordering::Relaxed);
        watcher.join().expect("the sampler")
    })
}
