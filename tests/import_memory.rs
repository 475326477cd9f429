//! An import streams its file (SPEC 14): `csm import` of a file far larger than the memory it
//! may use reads it through a bounded window and never holds it whole. Peak memory is the
//! child's own, as the kernel counts it when the child is reaped (not sampled, so not timing
//! dependent).

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/import.rs"]
mod support;

use support::Book;

/// A 1 GiB file with no line end in its first 16 MiB (a sparse file of zero bytes, which costs
/// no disk) is refused once its first row passes the longest row read, having held a few tens of
/// megabytes, where reading it whole held a gigabyte.
#[cfg(target_os = "linux")]
#[test]
fn a_file_far_larger_than_memory_is_never_held_whole() {
    let book = Book::new();
    let path = book.dir.path().join("huge.csv");
    std::fs::File::create(&path).unwrap().set_len(1 << 30).unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_csm"));
    cmd.args(["import", "usage"]).arg(&path).arg("--db").arg(&book.db);
    cmd.env_remove("CSM_DB").env_remove("CSM_CONFIG").env("HOME", book.dir.path());
    let (code, stderr, peak_mb) = run_measured(cmd);
    let stderr = stderr.replace(path.to_str().unwrap(), "FILE");
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.starts_with("csm: FILE:1: a row of more than 16 MiB\n"), "{stderr}");
    assert!(peak_mb < 200, "csm held {peak_mb} MB reading a 1 GiB file");
}

/// Runs `cmd` to its end: its exit code, its standard error, and its peak resident memory in
/// MB, read from the kernel's accounting of the reaped child (`wait4`).
#[cfg(target_os = "linux")]
#[allow(unsafe_code, clippy::zombie_processes)]
fn run_measured(mut cmd: std::process::Command) -> (i32, String, i64) {
    use std::io::Read as _;
    use std::process::Stdio;

    let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    let mut status = 0;
    // SAFETY: rusage is plain old data, and wait4 reaps only the child spawned here.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
    assert_eq!(reaped, pid, "wait4");
    assert!(libc::WIFEXITED(status), "csm did not exit: status {status}");
    // ru_maxrss is in KiB on Linux.
    (libc::WEXITSTATUS(status), stderr, usage.ru_maxrss / 1024)
}
