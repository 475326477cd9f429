//! `cargo bench --bench import`: `csm import` of a year of daily usage for 10,000 accounts
//! (3.65 million rows) side by side with the `sqlite3` CLI's `.import` of the same file, and
//! `csm import accounts` of 100,000 rows, with peak memory of each.
//!
//! The files are generated once into `target/tmp/`, with plausible, deterministic values. Every
//! timed usage import starts from a fresh copy of one template book holding the 10,000 accounts
//! (already scored), and includes everything the command does: reading the file, checking every
//! row, writing it in one transaction, and rescoring the accounts it changed. Every `sqlite3` run
//! imports into a new, empty database file, where `.import` creates a plain table from the header.
//! Runs alternate, so both see the same machine.
//!
//! Then the same usage file into a book on a throwaway PostgreSQL cluster (as the tests start
//! one), side by side with `psql`'s `\copy` of it into a plain table on the same cluster, and
//! into a table keyed by account and day, as usage is.
//!
//! `CSM_BENCH_RUNS` changes the number of timed runs.
//!
//! `CSM_BENCH_BIG=1` runs instead one import of a 2 GB usage file (a year of daily usage for
//! 200,000 accounts, 73 million rows, generated into a temporary directory under `target/tmp/`
//! and removed after) into a book holding the accounts, under `/usr/bin/time -v` when it is
//! installed, and prints its wall time and peak memory: the file is streamed, so memory stays
//! flat whatever its size (SPEC 14). It needs about 10 GB of disk and several minutes.

#[path = "support/process.rs"]
mod process;

use std::fs;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use process::{measure, ms, summary, which};

const AS_OF: &str = "2026-11-24";
const ACCOUNTS: usize = 10_000;
const DAYS: usize = 365;
const BIG_BOOK: usize = 100_000;
/// Accounts of the 2 GB usage file (`CSM_BENCH_BIG=1`): a year of each is 73 million rows.
const BIG_USAGE_ACCOUNTS: usize = 200_000;

fn main() {
    let runs: usize =
        std::env::var("CSM_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let csm = PathBuf::from(env!("CARGO_BIN_EXE_csm"));
    if std::env::var_os("CSM_BENCH_BIG").is_some_and(|v| v == "1") {
        big_usage(&csm);
        return;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("import");
    fs::create_dir_all(&dir).expect("bench directory");
    let accounts_csv = dir.join(format!("accounts-{ACCOUNTS}.csv"));
    let usage_csv = dir.join(format!("usage-{ACCOUNTS}x{DAYS}.csv"));
    let big_csv = dir.join(format!("accounts-{BIG_BOOK}.csv"));
    ensure_file(&accounts_csv, || accounts_file(ACCOUNTS));
    ensure_file(&big_csv, || accounts_file(BIG_BOOK));
    ensure_file(&usage_csv, usage_file);
    let template = dir.join(format!("template-{ACCOUNTS}.db"));
    if !template.exists() {
        remove_db(&template);
        measure(init(&csm, &template));
        measure(import(&csm, &template, "accounts", &accounts_csv));
    }

    let book = dir.join("book.db");
    let fresh = dir.join("fresh.db");
    let sqlite = which("sqlite3");
    let (mut ours, mut theirs, mut big, mut big_theirs) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // One untimed round first, so every file is in the page cache.
    for run in 0..=runs {
        remove_db(&book);
        fs::copy(&template, &book).expect("copy the template book");
        let usage = measure(import(&csm, &book, "usage", &usage_csv));
        remove_db(&book);
        measure(init(&csm, &book));
        let accounts = measure(import(&csm, &book, "accounts", &big_csv));
        let (mut usage_cli, mut accounts_cli) = (None, None);
        if let Some(sqlite) = &sqlite {
            remove_db(&fresh);
            usage_cli = Some(measure(sqlite_import(sqlite, &fresh, &usage_csv, "usage")));
            remove_db(&fresh);
            accounts_cli = Some(measure(sqlite_import(sqlite, &fresh, &big_csv, "account")));
        }
        if run == 0 {
            continue;
        }
        ours.push(usage);
        big.push(accounts);
        theirs.extend(usage_cli);
        big_theirs.extend(accounts_cli);
    }
    remove_db(&book);
    remove_db(&fresh);

    println!("files: {}", dir.display());
    println!("{:<58} {:>10} {:>10} {:>10}", "command", "median", "peak RSS", "vs sqlite3");
    let usage = row("csm import usage (3.65M rows, rescoring included)", &ours, &theirs);
    row("sqlite3 .import of the same file into a new table", &theirs, &theirs);
    let accounts = row("csm import accounts (100,000 rows, empty book)", &big, &big_theirs);
    row("sqlite3 .import of the same file into a new table", &big_theirs, &big_theirs);
    if let Some(ratio) = usage {
        println!("usage: csm / sqlite3 = {ratio:.2}x (target <= 0.50x); {runs} alternating runs");
    } else {
        println!("sqlite3 CLI not found: install it to measure the side-by-side ratio");
    }
    let (time, _) = summary(&big);
    println!(
        "accounts: {:.0} ms for 100,000 rows (target < 1,000 ms){}",
        ms(time),
        accounts.map_or_else(String::new, |r| format!("; {r:.2}x sqlite3"))
    );
    on_postgres(&csm, runs, &accounts_csv, &usage_csv);
}

/// The same usage file imported into a book on a throwaway PostgreSQL cluster on loopback,
/// side by side with `psql`'s `\copy` of it into a plain table of the same columns (no key, no
/// reference) on the same cluster, and into one keyed as usage is (a day of an account once):
/// the cost of the key's index, which any book pays, shown apart from csm's own. Every timed
/// import starts from the book holding the 10,000 accounts and no usage. Skipped, saying why, when no server is installed (the tests' rule:
/// `CSM_TEST_POSTGRES`), `psql` is missing, or the `csm` binary cannot open a book by URL.
fn on_postgres(csm: &Path, runs: usize, accounts_csv: &Path, usage_csv: &Path) {
    let Some(db) = csm::test_support::postgres::book("bench_import") else { return };
    let Some(psql) = which("psql").or_else(server_psql) else {
        println!("postgres: psql not found, not measured");
        return;
    };
    let url = db.url();
    let loaded = Command::new(csm)
        .args(["import", "accounts"])
        .arg(accounts_csv)
        .args(["--no-playbooks", "--as-of", AS_OF, "--db", &url])
        .output()
        .expect("run csm");
    if !loaded.status.success() {
        let why = String::from_utf8_lossy(&loaded.stderr);
        println!("postgres: csm could not import into {url}, not measured: {}", why.trim());
        return;
    }
    let mut client = db.connect();
    client
        .batch_execute(
            "CREATE TABLE plain (account text, date date, active_users bigint, events bigint);
             CREATE TABLE keyed (account text COLLATE \"C\", date date, active_users bigint, \
                                 events bigint, PRIMARY KEY (account, date))",
        )
        .expect("plain tables");
    let psql_copy = |table: &str| {
        let copy = format!("\\copy {table} FROM '{}' CSV HEADER", usage_csv.display());
        let mut cmd = Command::new(&psql);
        cmd.args(["-X", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", db.name()]);
        cmd.arg("-p").arg(db.port().to_string()).args(["-c", &copy]);
        cmd
    };
    let (mut ours, mut theirs, mut keyed) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..=runs {
        client.batch_execute("TRUNCATE usage, plain, keyed").expect("empty the tables");
        let mut cmd = Command::new(csm);
        cmd.args(["import", "usage"]).arg(usage_csv);
        cmd.args(["--no-playbooks", "--as-of", AS_OF, "--db", &url]);
        let usage = measure(cmd);
        let copied = measure(psql_copy("plain"));
        let copied_keyed = measure(psql_copy("keyed"));
        if run > 0 {
            ours.push(usage);
            theirs.push(copied);
            keyed.push(copied_keyed);
        }
    }
    let ratio = row("csm import usage into PostgreSQL (3.65M rows)", &ours, &theirs);
    row("psql \\copy of the same file into a plain table", &theirs, &theirs);
    row("psql \\copy of it into a table keyed by (account, date)", &keyed, &theirs);
    if let Some(ratio) = ratio {
        let to_keyed = summary(&ours).0.as_secs_f64() / summary(&keyed).0.as_secs_f64();
        println!(
            "postgres: csm / psql \\copy = {ratio:.2}x (target <= 1.50x), {to_keyed:.2}x a \
             keyed table's; {runs} runs"
        );
    }
}

/// `psql` among the server's own binaries, when it is not on the PATH.
fn server_psql() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| Some(entry.ok()?.path().join("bin/psql")))
        .filter(|path| path.is_file())
        .collect();
    found.sort();
    found.pop()
}

/// Prints one line of the table; the ratio to `baseline` when there is one.
fn row(name: &str, runs: &[(Duration, f64)], baseline: &[(Duration, f64)]) -> Option<f64> {
    if runs.is_empty() {
        return None;
    }
    let (time, rss) = summary(runs);
    let ratio =
        (!baseline.is_empty()).then(|| time.as_secs_f64() / summary(baseline).0.as_secs_f64());
    let shown = ratio.map_or_else(|| "-".to_owned(), |r| format!("{r:.2}x"));
    println!("{name:<58} {:>7.0} ms {:>7.1} MB {shown:>10}", ms(time), rss);
    ratio
}

/// `csm import KIND FILE` without the playbook run that follows an import by default: the
/// import (reading, checking, writing, rescoring) is what is compared with `sqlite3 .import`.
fn import(csm: &Path, book: &Path, kind: &str, file: &Path) -> Command {
    let mut cmd = Command::new(csm);
    cmd.args(["import", kind]).arg(file).args(["--no-playbooks", "--as-of", AS_OF, "--db"]);
    cmd.arg(book);
    cmd
}

/// `csm init`: an empty book (an import never creates one), made before a timed import into an
/// empty book and not timed with it.
fn init(csm: &Path, book: &Path) -> Command {
    let mut cmd = Command::new(csm);
    cmd.args(["init", "--db"]).arg(book);
    cmd
}

/// `sqlite3 DB ".mode csv" ".import FILE TABLE"`: the CLI creates TABLE from the header row and
/// inserts every other row, in one transaction.
fn sqlite_import(sqlite: &Path, db: &Path, file: &Path, table: &str) -> Command {
    let mut cmd = Command::new(sqlite);
    cmd.arg(db).arg(".mode csv").arg(format!(".import {} {table}", file.display()));
    cmd
}

fn remove_db(db: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut path = db.as_os_str().to_owned();
        path.push(suffix);
        let _ = fs::remove_file(PathBuf::from(path));
    }
}

/// `csm import usage` of a 2 GB file: its wall time and peak memory.
fn big_usage(csm: &Path) {
    let dir = tempfile::Builder::new()
        .prefix("import-big-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("temporary directory");
    let (accounts, usage, book) =
        (dir.path().join("accounts.csv"), dir.path().join("usage.csv"), dir.path().join("book.db"));
    ensure_file(&accounts, || accounts_file(BIG_USAGE_ACCOUNTS));
    let started = Instant::now();
    let mut out = BufWriter::new(fs::File::create(&usage).expect("create the usage file"));
    write_usage(&mut out, BIG_USAGE_ACCOUNTS);
    out.flush().expect("write the usage file");
    drop(out);
    let size = fs::metadata(&usage).expect("usage file").len();
    println!(
        "generated {} ({:.2} GB, {} rows) in {:.0} s",
        usage.display(),
        size as f64 / 1e9,
        BIG_USAGE_ACCOUNTS * DAYS,
        started.elapsed().as_secs_f64()
    );
    measure(init(csm, &book));
    measure(import(csm, &book, "accounts", &accounts));
    let command = import(csm, &book, "usage", &usage);
    let (time, rss_mb) = match which_time() {
        Some(time) => time_v(&time, &command),
        None => measure(command),
    };
    println!(
        "csm import usage ({:.2} GB, {} rows): {:.1} s, peak RSS {rss_mb:.1} MB (target < 200 MB)",
        size as f64 / 1e9,
        BIG_USAGE_ACCOUNTS * DAYS,
        time.as_secs_f64()
    );
}

/// GNU time, which reports a command's peak memory (`-v`).
fn which_time() -> Option<PathBuf> {
    let time = PathBuf::from("/usr/bin/time");
    time.is_file().then_some(time)
}

/// Runs `command` under `time -v`: its wall time, and its peak resident memory (MB) as `time`
/// reports it (the line is printed too).
fn time_v(time: &Path, command: &Command) -> (Duration, f64) {
    let mut cmd = Command::new(time);
    cmd.arg("-v").arg(command.get_program()).args(command.get_args());
    let started = Instant::now();
    let output = cmd.output().expect("run /usr/bin/time");
    let elapsed = started.elapsed();
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{command:?} failed: {report}");
    let line = report
        .lines()
        .find(|l| l.contains("Maximum resident set size"))
        .expect("time -v reports the peak memory");
    println!("time -v: {}", line.trim());
    let kb: f64 = line.rsplit(':').next().and_then(|v| v.trim().parse().ok()).expect("a number");
    (elapsed, kb / 1024.0)
}

fn ensure_file(path: &Path, contents: impl FnOnce() -> String) {
    if path.exists() {
        return;
    }
    let started = Instant::now();
    fs::write(path, contents()).expect("write a bench file");
    println!("generated {} in {:.1} s", path.display(), started.elapsed().as_secs_f64());
}

/// A small deterministic generator (splitmix64), so the files are the same on every machine.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SEGMENTS: [&str; 4] = ["Enterprise", "Mid-Market", "SMB", "Self-Service"];
const INDUSTRIES: [&str; 5] = ["Software", "Retail", "Healthcare", "Finance", "Logistics"];
const REGIONS: [&str; 3] = ["NA", "EMEA", "APAC"];
const WORDS: [&str; 8] =
    ["Acme", "Umbrella", "Globex", "Initech", "Harbor", "Vertex", "Nimbus", "Orbit"];

/// Seats of account `i`, which its usage stays under.
fn seats(i: usize) -> u64 {
    10 + (i as u64 * 7919) % 490
}

/// `n` accounts with the columns of a CRM export: ids, names, domains, segments, ARR, dates.
fn accounts_file(n: usize) -> String {
    use std::fmt::Write as _;
    let mut noise = Noise(n as u64);
    let mut out = String::from(
        "external_id,name,domain,segment,industry,region,owner,arr,seats_licensed,\
         contract_start,renewal_date\n",
    );
    for i in 0..n {
        let pick = |noise: &mut Noise, list: &[&'static str]| {
            list[noise.below(list.len() as u64) as usize]
        };
        let name = format!("{} {} {i}", pick(&mut noise, &WORDS), pick(&mut noise, &WORDS));
        let month = 1 + noise.below(12);
        let day = 1 + noise.below(28);
        writeln!(
            out,
            "ACC-{i:06},{name},{}.example.com,{},{},{},csm{}@example.com,{},{},2025-{month:02}-{day:02},2027-{month:02}-{day:02}",
            name.to_lowercase().replace(' ', "-"),
            pick(&mut noise, &SEGMENTS),
            pick(&mut noise, &INDUSTRIES),
            pick(&mut noise, &REGIONS),
            noise.below(20),
            1_000 * (5 + noise.below(500)),
            seats(i),
        )
        .expect("write to a string");
    }
    out
}

/// A year of daily usage for every one of the bench's accounts.
fn usage_file() -> String {
    let mut out = Vec::with_capacity(ACCOUNTS * DAYS * 32);
    write_usage(&mut out, ACCOUNTS);
    String::from_utf8(out).expect("text")
}

/// A year of daily usage for `accounts` accounts, sorted by account then date, as product
/// analytics exports it: active users under the seats, with a weekly rhythm and a trend, and
/// events.
fn write_usage(out: &mut impl std::io::Write, accounts: usize) {
    let first = chrono::NaiveDate::from_ymd_opt(2025, 11, 25).expect("date");
    let days: Vec<String> =
        first.iter_days().take(DAYS).map(|d| d.format("%Y-%m-%d").to_string()).collect();
    let mut noise = Noise(42);
    out.write_all(b"account,date,active_users,events\n").expect("write");
    for i in 0..accounts {
        let seats = seats(i);
        let trend = noise.below(3);
        for (d, day) in days.iter().enumerate() {
            let weekend = if d % 7 >= 5 { 3 } else { 1 };
            let base = seats / 2 + (d as u64 * trend) / 200;
            let active = (base + noise.below(seats / 4 + 1)) / weekend;
            let events = active * (5 + noise.below(40));
            writeln!(out, "ACC-{i:06},{day},{active},{events}").expect("write");
        }
    }
}
