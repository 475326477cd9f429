//! An import streams its file (SPEC 14): `csm import` of a file far larger than the memory it
//! may use reads it through a bounded window and never holds it whole (peak memory is the
//! child's own, as the kernel counts it when the child is reaped: not sampled, so not timing
//! dependent); and UTF-16 files are decoded as they stream (SPEC 7, Files).

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/import.rs"]
mod support;

use support::{Book, on_each_engine};

/// A 1 GiB file with no line end in its first 16 MiB (a sparse file of zero bytes, which costs
/// no disk) is refused once its first row passes the longest row read, having held a few tens of
/// megabytes, where reading it whole held a gigabyte.
#[cfg(target_os = "linux")]
#[test]
fn a_file_far_larger_than_memory_is_never_held_whole() {
    on_each_engine(|engine| {
        let book = Book::new(engine);
        let path = book.dir.path().join("huge.csv");
        std::fs::File::create(&path).unwrap().set_len(1 << 30).unwrap();
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_csm"));
        cmd.args(["import", "usage"]).arg(&path).arg("--db").arg(book.location());
        cmd.env_remove("CSM_DB").env_remove("CSM_CONFIG").env("HOME", book.dir.path());
        let (code, stderr, peak_mb) = run_measured(cmd);
        let stderr = stderr.replace(path.to_str().unwrap(), "FILE");
        assert_eq!(code, 1, "{stderr}");
        assert!(stderr.starts_with("csm: FILE:1: a row of more than 16 MiB\n"), "{stderr}");
        assert!(peak_mb < 200, "csm held {peak_mb} MB reading a 1 GiB file");
    });
}

/// A UTF-16 file with its BOM, as Excel's "Unicode text" writes it, of either byte order:
/// imported as its text says, and a bad row refused on its physical line.
#[test]
fn utf16_files_are_read_as_their_text() {
    on_each_engine(|engine| {
        let utf16 = |text: &str, big_endian: bool| -> Vec<u8> {
            let units = std::iter::once(0xFEFF).chain(text.encode_utf16());
            units.flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
        };
        for big_endian in [false, true] {
            let book = Book::new(engine);
            let text = "external_id,name,arr\r\nA1,Zürich Ωmega 🦀,\"$1,000\"\r\nA2,\"Two\r\nlines\",5\r\n";
            let file = book.file("unicode.csv", utf16(text, big_endian));
            let out = book.imported("accounts", &file, &[]);
            assert!(out.starts_with("FILE: imported 2 rows of accounts: 2 new"), "{out}");
            assert_eq!(book.account("A1").name, "Zürich Ωmega 🦀");
            assert_eq!(book.account("A2").name, "Two\r\nlines");
            let bad = book.file("bad.csv", utf16(&format!("{text}A3,Three,lots\r\n"), big_endian));
            let refused = book.refused("accounts", &bad, &[]);
            assert!(refused.starts_with("FILE:5: arr: "), "{refused}");
        }
    });
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
