//! Throwaway PostgreSQL clusters for tests, started from the server binaries installed on the
//! machine (`initdb` and `pg_ctl`, found on `PATH` or under `/usr/lib/postgresql/N/bin`): no
//! download, no container.
//!
//! One cluster per test process, started by the first test that asks for a database, in a
//! temporary directory, listening on a free loopback port only, with durability off (the data is
//! thrown away). Each test gets a database of its own, so tests run in parallel without seeing
//! each other. When the tests run as root, the server runs as the `postgres` user (it refuses
//! root). A reaper process, started beside the cluster, stops it and removes its directory as
//! soon as the test process ends, however it ends (a panic, an abort, a kill): it waits for a
//! pipe that only the test process holds open.
//!
//! `CSM_TEST_POSTGRES`: unset, a machine without server binaries skips the PostgreSQL tests
//! (printing why); `required` makes a missing server a failure (CI sets it); `skip` skips them.
//! This module must stay out of the binary: it is compiled for tests only.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The variable that says whether PostgreSQL tests may be skipped.
pub const DEMAND: &str = "CSM_TEST_POSTGRES";

/// The user the server runs as when the tests run as root.
const SERVER_USER: &str = "postgres";

/// A login that must give a password (SCRAM), on a cluster that otherwise trusts every local
/// connection: what tests of a wrong or missing password connect as.
pub const PASSWORD_USER: &str = "csm_with_password";

/// [`PASSWORD_USER`]'s password.
pub const PASSWORD: &str = "right-horse-battery";

/// A database of its own for one test, on the test process's cluster. Dropped with the cluster.
#[derive(Debug, Clone)]
pub struct TestDatabase {
    name: String,
    port: u16,
    tls_root: Option<PathBuf>,
}

impl TestDatabase {
    /// The database's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The loopback port the cluster listens on.
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The authority that signed the cluster's TLS certificate (made for the name `localhost`
    /// only); `None` where the cluster speaks no TLS (no `openssl` to make a certificate).
    #[must_use]
    pub fn tls_root(&self) -> Option<&Path> {
        self.tls_root.as_deref()
    }

    /// The connection URL csm would be given for this database.
    #[must_use]
    pub fn url(&self) -> String {
        format!("postgres://{SERVER_USER}@127.0.0.1:{}/{}", self.port, self.name)
    }

    /// The client configuration for this database.
    #[must_use]
    pub fn config(&self) -> postgres::Config {
        config(self.port, &self.name)
    }

    /// A new connection to this database.
    ///
    /// # Panics
    /// The cluster refuses the connection.
    #[must_use]
    pub fn connect(&self) -> postgres::Client {
        self.config()
            .connect(postgres::NoTls)
            .unwrap_or_else(|e| panic!("connect to test database {}: {e}", self.name))
    }
}

/// A new, empty database for the test `label`, on this process's cluster (started on first use);
/// `None`, after printing why, when PostgreSQL tests are skipped here.
///
/// # Panics
/// The server binaries are missing and `CSM_TEST_POSTGRES=required`; they exist but the cluster
/// cannot be started; the database cannot be created.
#[must_use]
pub fn database(label: &str) -> Option<TestDatabase> {
    Some(create(cluster(label)?, label, None))
}

/// Whether PostgreSQL tests run here, starting this process's cluster on first use; `false`,
/// after printing why, when they are skipped (for the test `label`).
///
/// # Panics
/// As [`database`].
#[must_use]
pub fn available(label: &str) -> bool {
    cluster(label).is_some()
}

/// A new database on `cluster` named after `label`, empty or a copy of `template`.
fn create(cluster: &Cluster, label: &str, template: Option<&str>) -> TestDatabase {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let mut name = format!("t{n}_");
    name.extend(
        label
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
            .take(40),
    );
    let mut sql = format!("CREATE DATABASE \"{name}\"");
    if let Some(template) = template {
        let _ = write!(sql, " TEMPLATE \"{template}\"");
    }
    let mut admin = cluster.admin.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    admin.batch_execute(&sql).unwrap_or_else(|e| panic!("create test database {name}: {e}"));
    TestDatabase { name, port: cluster.port, tls_root: cluster.tls_root.clone() }
}

/// A new database holding an empty book (csm's PostgreSQL schema at its latest version) for
/// the test `label`: a copy of a template database made once per process, so each test pays a
/// copy (tens of milliseconds) rather than the migrations. `None` as for [`database`].
///
/// # Panics
/// As [`database`], or a migration fails on the template.
#[must_use]
pub fn book(label: &str) -> Option<TestDatabase> {
    let cluster = cluster(label)?;
    Some(create(cluster, label, Some(book_template(cluster))))
}

/// Whether PostgreSQL tests run here (the cluster started, on first use); prints why not as
/// [`database`] does.
///
/// # Panics
/// As [`database`].
#[must_use]
pub fn runs(label: &str) -> bool {
    cluster(label).is_some()
}

/// A new database for the test `label` holding the book that `fill` writes into an empty book
/// (given by its URL): a copy of a template named `template`, filled once per process however
/// many tests ask at once (the others wait for it), so each test pays a database copy rather
/// than the filling. `fill` must leave no connection open to the book. `None` as for
/// [`database`].
///
/// # Panics
/// As [`book`], or `fill` panics.
#[must_use]
pub fn filled_book(
    label: &str,
    template: &'static str,
    fill: impl FnOnce(&str),
) -> Option<TestDatabase> {
    let cluster = cluster(label)?;
    // One slot per template, taken under the registry's lock and filled outside it, so that
    // different templates are made at the same time and one template never twice.
    static MADE: Mutex<Vec<(&str, &'static OnceLock<()>)>> = Mutex::new(Vec::new());
    let slot = {
        let mut made = MADE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match made.iter().find(|(name, _)| *name == template) {
            Some((_, slot)) => *slot,
            None => {
                let slot: &'static OnceLock<()> = Box::leak(Box::new(OnceLock::new()));
                made.push((template, slot));
                slot
            }
        }
    };
    slot.get_or_init(|| {
        let making = create(cluster, &format!("{template}_making"), Some(book_template(cluster)));
        fill(&making.url());
        rename(cluster, &making, template);
    });
    Some(create(cluster, label, Some(template)))
}

/// The name of the template every [`book`] is copied from, made on first use: as
/// `csm server init` makes a book, so every client's schema check passes.
fn book_template(cluster: &Cluster) -> &'static str {
    static TEMPLATE: OnceLock<()> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let template = create(cluster, "book_template", None);
        let url = crate::store::ServerUrl::parse(&template.url()).expect("the template's URL");
        crate::store::init_schema(&url).unwrap_or_else(|e| panic!("the book template: {e}"));
        rename(cluster, &template, BOOK_TEMPLATE);
    });
    BOOK_TEMPLATE
}

/// Gives `database` (made under a name of its own, so that a half-made template is never
/// copied) its name as a template. Nothing may be connected to it.
fn rename(cluster: &Cluster, database: &TestDatabase, template: &str) {
    let mut admin = cluster.admin.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    admin
        .batch_execute(&format!("ALTER DATABASE \"{}\" RENAME TO \"{template}\"", database.name()))
        .unwrap_or_else(|e| panic!("name the template {template}: {e}"));
}

/// The name of the database every [`book`] is copied from.
const BOOK_TEMPLATE: &str = "csm_book_template";

/// How long this process's cluster took to start (initdb included), once started.
#[must_use]
pub fn start_time() -> Option<Duration> {
    match CLUSTER.get() {
        Some(Ok(cluster)) => Some(cluster.started_in),
        _ => None,
    }
}

/// A running cluster. Never dropped: the reaper stops it when the process ends.
struct Cluster {
    port: u16,
    started_in: Duration,
    tls_root: Option<PathBuf>,
    admin: Mutex<postgres::Client>,
    /// The write end of the reaper's pipe; closed by the kernel when this process ends.
    _reaper: ChildStdin,
}

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();

fn cluster(label: &str) -> Option<&'static Cluster> {
    let demand = std::env::var(DEMAND).unwrap_or_default();
    match plan(&demand, server_binaries) {
        Plan::Skip(why) => {
            eprintln!("skipped {label}: {why}");
            None
        }
        Plan::Fail(why) => panic!("{why}"),
        Plan::Start(bin) => match CLUSTER.get_or_init(|| start(&bin)) {
            Ok(cluster) => Some(cluster),
            Err(why) => panic!("the test PostgreSQL cluster did not start: {why}"),
        },
    }
}

/// What a test asking for PostgreSQL does here.
#[derive(Debug, PartialEq, Eq)]
enum Plan {
    Skip(String),
    Fail(String),
    Start(PathBuf),
}

/// Decides from `CSM_TEST_POSTGRES` and the server binaries (looked for only when needed):
/// skip only where no server is installed and nothing requires one.
fn plan(demand: &str, binaries: impl FnOnce() -> Option<PathBuf>) -> Plan {
    const MISSING: &str =
        "no PostgreSQL server binaries (initdb, pg_ctl) on PATH or under /usr/lib/postgresql";
    match demand {
        "skip" => Plan::Skip(format!("{DEMAND}=skip")),
        "" | "required" => match binaries() {
            Some(bin) => Plan::Start(bin),
            None if demand == "required" => Plan::Fail(format!("{DEMAND}=required but {MISSING}")),
            None => Plan::Skip(format!("{MISSING}; install the `postgresql` package to run it")),
        },
        other => Plan::Fail(format!("{DEMAND}={other}: expected `required`, `skip` or nothing")),
    }
}

/// The directory holding `initdb` and `pg_ctl`: `PATH` first, then the newest Debian-style
/// install. A link on `PATH` is followed to the real directory, where `postgres` lives too.
fn server_binaries() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .map(|dir| dir.join("pg_ctl"))
        .find(|pg_ctl| pg_ctl.is_file())
        .and_then(|pg_ctl| std::fs::canonicalize(pg_ctl).ok())
        .and_then(|pg_ctl| pg_ctl.parent().map(Path::to_path_buf));
    let installed = || {
        let mut dirs: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .flatten()
            .filter_map(|entry| {
                let version = entry.file_name().to_str()?.parse().ok()?;
                Some((version, entry.path().join("bin")))
            })
            .collect();
        dirs.sort();
        dirs.pop().map(|(_, bin)| bin)
    };
    on_path
        .or_else(installed)
        .filter(|bin| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file())
}

fn start(bin: &Path) -> Result<Cluster, String> {
    let began = Instant::now();
    // /tmp rather than $TMPDIR where it exists: the server's user must reach the directory
    // (a root's $TMPDIR may be private) and its socket path must stay short.
    let base = Path::new("/tmp");
    let base = if base.is_dir() { base.to_path_buf() } else { std::env::temp_dir() };
    let dir = tempfile::Builder::new()
        .prefix("csm-pg-")
        .tempdir_in(base)
        .map_err(|e| format!("temporary directory: {e}"))?
        .keep();
    let as_server = server_user_prefix()?;
    if !as_server.is_empty() {
        run(Command::new("chown").arg(format!("{SERVER_USER}:")).arg(&dir), &dir, "chown")?;
    }
    let data = dir.join("data");
    // Started first, so that whatever fails below still leaves nothing behind.
    let reaper = reaper(bin, &dir, &data, &as_server)?;
    let mut initdb = command(&as_server, &bin.join("initdb"));
    initdb.arg("-D").arg(&data).args(["-U", SERVER_USER, "-A", "trust", "-E", "UTF8"]);
    initdb.args(["--locale=C", "--no-sync"]);
    run(&mut initdb, &dir, "initdb")?;
    ask_a_password(&data)?;
    let tls_root = certificates(&data, &as_server)?;
    let ssl = if tls_root.is_some() { " -c ssl=on" } else { "" };
    // The port is free when looked at; another program may take it before the server binds
    // it, so a failed start is tried again on another port.
    let mut last = String::new();
    for _ in 0..3 {
        let port = free_port()?;
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {port} -k {} -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off -c jit=off{ssl}",
            dir.display()
        );
        let mut pg_ctl = command(&as_server, &bin.join("pg_ctl"));
        pg_ctl.arg("-D").arg(&data).arg("-l").arg(dir.join("server.log"));
        pg_ctl.args(["-w", "-t", "60", "-o", &options, "start"]);
        match run(&mut pg_ctl, &dir, "pg_ctl start") {
            Ok(()) => {
                let mut admin = config(port, "postgres")
                    .connect(postgres::NoTls)
                    .map_err(|e| format!("connect to the new cluster: {e}"))?;
                admin
                    .batch_execute(&format!(
                        "CREATE ROLE {PASSWORD_USER} LOGIN PASSWORD '{PASSWORD}'"
                    ))
                    .map_err(|e| format!("create the role {PASSWORD_USER}: {e}"))?;
                let started_in = began.elapsed();
                eprintln!("test PostgreSQL cluster on 127.0.0.1:{port}, started in {started_in:?}");
                let admin = Mutex::new(admin);
                return Ok(Cluster { port, started_in, tls_root, admin, _reaper: reaper });
            }
            Err(why) => last = why,
        }
    }
    Err(last)
}

/// Puts a line before initdb's `trust` lines that makes [`PASSWORD_USER`] give a password over
/// TCP (the first matching line decides). The file is rewritten in place, keeping its owner.
fn ask_a_password(data: &Path) -> Result<(), String> {
    let hba = data.join("pg_hba.conf");
    let text = std::fs::read_to_string(&hba).map_err(|e| format!("read pg_hba.conf: {e}"))?;
    let line = format!("host all {PASSWORD_USER} 127.0.0.1/32 scram-sha-256\n");
    std::fs::write(&hba, line + &text).map_err(|e| format!("write pg_hba.conf: {e}"))
}

/// A certificate authority and the server's certificate it signs, for the name `localhost`
/// only (so that a check of the name can fail on 127.0.0.1), made with `openssl` as the server's
/// user into the data directory, where the server finds `server.crt` and `server.key`. The
/// authority's certificate, or `None` (said) where there is no `openssl`.
fn certificates(data: &Path, as_server: &[String]) -> Result<Option<PathBuf>, String> {
    let Some(openssl) = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path).map(|dir| dir.join("openssl")).find(|p| p.is_file())
    }) else {
        eprintln!("no openssl on PATH: the test PostgreSQL cluster speaks no TLS");
        return Ok(None);
    };
    let extensions = data.join("server.ext");
    let lines = "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n\
                 keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n";
    let written = std::fs::write(&extensions, lines);
    written.map_err(|e| format!("write the certificate's extensions: {e}"))?;
    let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    let steps: [&[&str]; 3] = [
        &[&["req", "-x509"], &key[..], &["-keyout", "root.key", "-out", "root.crt"]].concat(),
        &[&["req"], &key[..], &["-keyout", "server.key", "-out", "server.csr"]].concat(),
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "root.crt",
            "-CAkey",
            "root.key",
            "-CAcreateserial",
            "-out",
            "server.crt",
            "-extfile",
            "server.ext",
        ],
    ];
    for (step, subject) in steps.into_iter().zip(["/CN=csm-test-root", "/CN=localhost", ""]) {
        let mut cmd = command(as_server, &openssl);
        cmd.current_dir(data).args(step).args(["-days", "3"]);
        if !subject.is_empty() {
            cmd.args(["-subj", subject]);
        }
        run(&mut cmd, data, "openssl")?;
    }
    Ok(Some(data.join("root.crt")))
}

/// What runs a command as the server's user: nothing unless the tests run as root.
fn server_user_prefix() -> Result<Vec<String>, String> {
    if !rustix::process::geteuid().is_root() {
        return Ok(Vec::new());
    }
    let exists = Command::new("id").arg("-u").arg(SERVER_USER).output();
    if !exists.is_ok_and(|out| out.status.success()) {
        return Err(format!("running as root needs a `{SERVER_USER}` user to run the server"));
    }
    let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
        .into_iter()
        .find(|path| Path::new(path).is_file());
    Ok(match runuser {
        Some(runuser) => vec![runuser.into(), "-u".into(), SERVER_USER.into(), "--".into()],
        None => ["setpriv", "--reuid", SERVER_USER, "--regid", SERVER_USER, "--init-groups", "--"]
            .map(String::from)
            .to_vec(),
    })
}

fn command(prefix: &[String], program: &Path) -> Command {
    let mut cmd = match prefix.split_first() {
        Some((first, rest)) => {
            let mut cmd = Command::new(first);
            cmd.args(rest).arg(program);
            cmd
        }
        None => Command::new(program),
    };
    // Its own process group: a Ctrl-C meant for the tests leaves the cleanup to the reaper.
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    cmd
}

/// Runs `cmd` with its output in a file of `dir` (never a pipe: the server started by `pg_ctl`
/// would inherit it and keep it open), failing with the output's tail.
fn run(cmd: &mut Command, dir: &Path, what: &str) -> Result<(), String> {
    let log_path = dir.join(format!("{}.out", what.replace(' ', "-")));
    let log = std::fs::File::create(&log_path).map_err(|e| format!("{what}: {e}"))?;
    let err = log.try_clone().map_err(|e| format!("{what}: {e}"))?;
    let status = cmd
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(err)
        .status()
        .map_err(|e| format!("{what}: {e}"))?;
    if status.success() {
        return Ok(());
    }
    let mut why = format!("{what} failed ({status})");
    for file in [log_path, dir.join("server.log")] {
        if let Ok(text) = std::fs::read_to_string(&file) {
            let tail: Vec<&str> = text.lines().rev().take(10).collect();
            for line in tail.into_iter().rev() {
                let _ = write!(why, "\n  {line}");
            }
        }
    }
    Err(why)
}

/// A process that waits for this one to end (its standard input reaches end of file when the
/// last write end closes, which only this process holds), then stops the cluster at once and
/// removes its directory.
fn reaper(bin: &Path, dir: &Path, data: &Path, as_server: &[String]) -> Result<ChildStdin, String> {
    const SCRIPT: &str = r#"dir=$1; shift; read -r _; "$@" >/dev/null 2>&1; rm -rf "$dir""#;
    let mut cmd = Command::new("sh");
    cmd.args(["-c", SCRIPT, "csm-pg-reaper"]).arg(dir);
    cmd.args(as_server).arg(bin.join("pg_ctl")).arg("-D").arg(data);
    cmd.args(["-m", "immediate", "-w", "stop"]);
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("start the cluster's reaper: {e}"))?;
    child.stdin.take().ok_or_else(|| "the reaper has no standard input".to_owned())
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))
        .map_err(|e| format!("find a free loopback port: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| format!("find a free port: {e}"))
}

fn config(port: u16, database: &str) -> postgres::Config {
    let mut config = postgres::Config::new();
    config
        .host("127.0.0.1")
        .port(port)
        .user(SERVER_USER)
        .dbname(database)
        .application_name("csm-tests")
        .connect_timeout(Duration::from_secs(10));
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_database_answers_a_query() {
        let Some(db) = database("a_test_database_answers_a_query") else { return };
        let mut client = db.connect();
        let row = client.query_one("SELECT 1 + 1, current_database()", &[]).expect("query");
        assert_eq!(row.get::<_, i32>(0), 2);
        assert_eq!(row.get::<_, String>(1), db.name());
        assert!(start_time().is_some());
    }

    #[test]
    fn a_missing_server_skips_unless_required() {
        let bin = || Some(PathBuf::from("/usr/lib/postgresql/15/bin"));
        let start = Plan::Start(PathBuf::from("/usr/lib/postgresql/15/bin"));
        assert_eq!(plan("", bin), start);
        assert_eq!(plan("required", bin), start);
        assert!(matches!(plan("", || None), Plan::Skip(why) if why.contains("install")));
        assert!(matches!(plan("required", || None), Plan::Fail(why) if why.contains("required")));
        assert!(matches!(plan("skip", bin), Plan::Skip(_)));
        assert!(matches!(plan("yes", bin), Plan::Fail(why) if why.contains("expected")));
    }

    #[test]
    fn each_test_gets_a_database_of_its_own() {
        let (Some(a), Some(b)) = (database("own_a"), database("own_b")) else { return };
        assert_ne!(a.name(), b.name());
        a.connect().batch_execute("CREATE TABLE only_in_a (x int)").expect("create");
        let seen: i64 = b
            .connect()
            .query_one("SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'", &[])
            .expect("query")
            .get(0);
        assert_eq!(seen, 0);
    }

    #[test]
    fn a_filled_book_is_filled_once_and_each_test_gets_a_copy_of_its_own() {
        static FILLS: AtomicUsize = AtomicUsize::new(0);
        let fill = |url: &str| {
            FILLS.fetch_add(1, Ordering::SeqCst);
            let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connect");
            client
                .batch_execute("CREATE TABLE filled (n int); INSERT INTO filled VALUES (7)")
                .expect("fill");
        };
        // Four tests asking at once: one fills, the others wait for the template.
        let copies: Vec<Option<TestDatabase>> = std::thread::scope(|scope| {
            let asks: Vec<_> = (0..4)
                .map(|i| {
                    let label = format!("filled_copy_{i}");
                    scope.spawn(move || filled_book(&label, "csm_filled_test_template", fill))
                })
                .collect();
            asks.into_iter().map(|ask| ask.join().expect("a copy")).collect()
        });
        let Some(copies) = copies.into_iter().collect::<Option<Vec<_>>>() else { return };
        assert_eq!(FILLS.load(Ordering::SeqCst), 1, "filled once");
        let (a, b) = (&copies[0], &copies[1]);
        a.connect().batch_execute("UPDATE filled SET n = 8").expect("update");
        let seen: i32 = b.connect().query_one("SELECT n FROM filled", &[]).expect("q").get(0);
        assert_eq!(seen, 7, "a copy's change stays in it");
    }
}
