//! Timing another program for a benchmark: finding it on the PATH, its wall time and peak
//! memory per run, and the median of several runs; and the generated demo book each bench runs
//! on. Shared by the benches that compare csm with the `sqlite3` CLI.

#![allow(dead_code)] // each bench uses its own part

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A duration in milliseconds.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The program named `program` on the PATH, if any.
pub fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| Path::new(dir).join(program))
        .find(|p| p.is_file())
}

/// Wall time and peak resident memory (MB) of one run of `cmd`, its output discarded.
///
/// The child is reaped with `wait4`, which also reports its peak memory; `Child::wait` would not.
#[allow(unsafe_code, clippy::zombie_processes)]
pub fn measure(mut cmd: Command) -> (Duration, f64) {
    let started = Instant::now();
    let child = cmd.stdout(Stdio::null()).stderr(Stdio::inherit()).spawn().expect("spawn");
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    let mut status = 0;
    // SAFETY: rusage is plain old data, and wait4 reaps only the child we just spawned.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
    let elapsed = started.elapsed();
    assert_eq!(reaped, pid, "wait4");
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "{cmd:?} failed");
    #[allow(clippy::cast_precision_loss)] // ru_maxrss is in KiB on Linux
    let rss_mb = usage.ru_maxrss as f64 / 1024.0;
    (elapsed, rss_mb)
}

/// The median time and the peak memory of `runs`.
pub fn summary(runs: &[(Duration, f64)]) -> (Duration, f64) {
    let mut times: Vec<Duration> = runs.iter().map(|r| r.0).collect();
    times.sort();
    let peak = runs.iter().map(|r| r.1).fold(0.0, f64::max);
    (times[times.len() / 2], peak)
}

/// A setting read from the environment, `default` when unset or not a number.
pub fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Generates the demo book of `accounts` accounts and `years` years of history as of `as_of` at
/// `book` with the `csm` binary, unless an earlier run left it there (generating a large book
/// takes longer than measuring it).
pub fn demo_book(csm: &Path, book: &Path, accounts: usize, years: u32, as_of: &str) {
    if book.exists() {
        return;
    }
    let started = Instant::now();
    let status = Command::new(csm)
        .args(["demo", "--no-open", "--replace", "--as-of", as_of, "--accounts"])
        .arg(accounts.to_string())
        .arg("--years")
        .arg(years.to_string())
        .arg("--db")
        .arg(book)
        .status()
        .expect("run csm demo");
    assert!(status.success(), "csm demo failed");
    println!("generated the book in {:.1} s", started.elapsed().as_secs_f64());
}
