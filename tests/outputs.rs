//! Where the real binary's outputs go: `export -o`, `qbr -o` and `backup` write a regular file
//! readable by its owner only, print to standard output for `-` and `/dev/stdout`, never replace
//! a device, a FIFO, a symbolic link or a directory, and clean what an interrupted earlier write
//! left behind.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
#![cfg(unix)]

#[path = "support/binary.rs"]
mod binary;

use std::os::unix::fs::{FileTypeExt as _, MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::Output;

use binary::{AS_OF, csm, demo_book, run, text};

/// `csm ARGS --as-of AS_OF --db DEMO`, its stdout a pipe.
fn on_demo(args: &[&str]) -> Output {
    let (home, db) = demo_book();
    csm(home.path()).args(args).args(["--as-of", AS_OF, "--db"]).arg(db).output().unwrap()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_dash_or_dev_stdout_prints_the_output() {
    let export = on_demo(&["export"]);
    assert!(export.status.success());
    let brief = on_demo(&["qbr", "Halvorsen Maritime"]);
    assert!(brief.status.success());
    for target in ["-", "/dev/stdout"] {
        for (args, expected) in [
            (vec!["export", "-o", target], &export.stdout),
            (
                vec!["export", "--format", "csv", "-o", target],
                &on_demo(&["export", "--format", "csv"]).stdout,
            ),
            (vec!["qbr", "Halvorsen Maritime", "-o", target], &brief.stdout),
        ] {
            let out = on_demo(&args);
            assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
            assert!(!expected.is_empty());
            assert_eq!(&out.stdout, expected, "{args:?}");
        }
    }
    if let Ok(meta) = std::fs::symlink_metadata("/dev/stdout") {
        assert!(meta.file_type().is_symlink(), "/dev/stdout is left as it was");
    }

    let out = on_demo(&["qbr", "Halvorsen Maritime", "--pdf", "-o", "-"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--pdf writes a file"), "{}", text(&out.stderr));

    let out = on_demo(&["backup", "-"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "csm: a backup is a file of its own, not a stream: give a file name instead of -\n"
    );
}

/// The things that are not regular files, made in `dir`: (path, kind in the message, what is
/// there). A device node only when running as root.
fn odd_targets(dir: &Path) -> Vec<(PathBuf, &'static str)> {
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, "keep").unwrap();
    let link = dir.join("link.json");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let fifo = dir.join("fifo");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let sub = dir.join("sub");
    std::fs::create_dir(&sub).unwrap();
    let mut targets = vec![(link, "a symbolic link"), (fifo, "a FIFO"), (sub, "a directory")];
    let root = std::fs::metadata(dir).unwrap().uid() == 0;
    if root {
        // A null device of the test's own, never the system's.
        let null = dir.join("null");
        let made = std::process::Command::new("mknod").arg(&null).args(["c", "1", "3"]).status();
        if made.is_ok_and(|s| s.success()) {
            targets.push((null, "a device"));
        } else {
            println!("skipped the device node: mknod failed");
        }
    } else {
        println!("skipped the device node: mknod needs root");
    }
    targets
}

/// What `path` is, to tell it was left alone.
fn what_is(path: &Path) -> (bool, bool, bool, bool) {
    let kind = std::fs::symlink_metadata(path).unwrap().file_type();
    (kind.is_symlink(), kind.is_fifo(), kind.is_dir(), kind.is_char_device())
}

#[test]
fn a_device_fifo_link_or_directory_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let targets = odd_targets(dir.path());
    let (home, db) = demo_book();
    for (target, kind) in &targets {
        let before = what_is(target);
        let shown = target.display();
        for args in [
            vec!["export", "-o"],
            vec!["export", "--format", "csv", "-o"],
            vec!["qbr", "Northwind Logistics", "-o"],
            vec!["qbr", "Northwind Logistics", "--pdf", "-o"],
            vec!["qbr", "Northwind Logistics", "--deck", "-o"],
            vec!["backup", "--force"],
        ] {
            let out = csm(home.path())
                .args(&args)
                .arg(target)
                .args(["--as-of", AS_OF, "--db"])
                .arg(db)
                .env("PATH", "")
                .output()
                .unwrap();
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{args:?} {shown}: {err}");
            assert!(
                err.starts_with(&format!(
                    "csm: {shown} is {kind}, not a regular file: csm never replaces it"
                )),
                "{args:?}: {err}"
            );
            assert!(out.stdout.is_empty(), "{args:?}");
            assert_eq!(what_is(target), before, "{args:?} {shown} is untouched");
        }
    }
    assert_eq!(std::fs::read_to_string(dir.path().join("victim.txt")).unwrap(), "keep");
    // Nothing else was left in the directory.
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = targets
        .iter()
        .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
        .chain(["victim.txt".to_owned()])
        .collect();
    expected.sort();
    assert_eq!(names, expected);
}

#[test]
fn every_output_is_private_even_over_a_wider_file() {
    let dir = tempfile::tempdir().unwrap();
    let (home, db) = demo_book();
    let brief = dir.path().join("brief.md");
    let export = dir.path().join("book.json");
    let backup = dir.path().join("backup.db");
    for path in [&brief, &export, &backup] {
        std::fs::write(path, "old").unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    run(&mut on(home.path(), db, &["qbr", "Northwind Logistics", "-o"], &brief));
    run(&mut on(home.path(), db, &["export", "-o"], &export));
    run(&mut on(home.path(), db, &["backup", "--force"], &backup));
    for path in [&brief, &export, &backup] {
        assert_eq!(mode(path), 0o600, "{}", path.display());
        assert_ne!(std::fs::read(path).unwrap(), b"old");
    }
}

/// `csm ARGS TARGET --as-of AS_OF --db DB`.
fn on(home: &Path, db: &Path, args: &[&str], target: &Path) -> std::process::Command {
    let mut cmd = csm(home);
    cmd.args(args).arg(target).args(["--as-of", AS_OF, "--db"]).arg(db);
    cmd
}

/// The id of a process that has ended.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

/// Without /proc a live process cannot be told from a gone one: the working file of a write in
/// progress (here, this test's own process id) stays. Root runs csm in a mount namespace of its
/// own with /proc unmounted; elsewhere the test says why it skips.
#[cfg(target_os = "linux")]
#[test]
fn without_proc_a_write_in_progress_is_never_taken_for_a_leftover() {
    if rustix::process::geteuid().as_raw() != 0 {
        eprintln!("skipped: unmounting /proc in a namespace of its own needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = demo_book();
    let live = dir.path().join(format!(".csm-partial-{}-Ab3dE6gH", std::process::id()));
    std::fs::write(&live, "in progress").unwrap();
    let target = dir.path().join("out.json");
    let output = std::process::Command::new("unshare")
        .args(["--mount", "--propagation", "private", "--", "sh", "-c"])
        .arg(r#"umount -l /proc && exec "$@""#)
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_csm"))
        .args(["export", "--as-of", AS_OF, "--db"])
        .arg(db)
        .arg("-o")
        .arg(&target)
        .output();
    let output = match output {
        Ok(output) if output.status.success() => output,
        other => {
            eprintln!("skipped: cannot run csm without /proc here ({other:?})");
            return;
        }
    };
    assert!(target.exists(), "{}", text(&output.stderr));
    assert!(live.exists(), "a write in progress was removed as a leftover");
}

#[cfg(target_os = "linux")]
#[test]
fn what_an_interrupted_backup_left_is_cleaned_by_the_next_write() {
    let dir = tempfile::tempdir().unwrap();
    let (home, db) = demo_book();
    let dead = dead_pid();
    let book_size = std::fs::metadata(db).unwrap().len();
    let leftovers = [
        // What an interrupted backup of an earlier version left: the partial copy, its journal.
        format!("backup.db.partial-{dead}"),
        format!("backup.db.partial-{dead}-journal"),
        // And of this version.
        format!(".csm-partial-{dead}-Ab3dE6gH"),
        format!(".csm-partial-{dead}-Ab3dE6gH-journal"),
    ];
    // Untouched for an hour: no write is going on, here or on another machine.
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for name in &leftovers {
        std::fs::write(dir.path().join(name), vec![0_u8; 4096]).unwrap();
        std::fs::File::open(dir.path().join(name)).unwrap().set_modified(hour_ago).unwrap();
    }
    assert!(book_size > 0);
    run(&mut on(home.path(), db, &["backup"], &dir.path().join("backup.db")));
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["backup.db"]);
}

#[test]
fn the_book_itself_is_refused_as_an_output() {
    let (home, db) = demo_book();
    let before = std::fs::read(db).unwrap();
    let out = on(home.path(), db, &["qbr", "Northwind Logistics", "-o"], db).output().unwrap();
    assert_eq!(
        text(&out.stderr),
        format!("csm: {} is the book itself: write the brief to another file\n", db.display())
    );
    let out = on(home.path(), db, &["export", "-o"], db).output().unwrap();
    assert_eq!(
        text(&out.stderr),
        format!("csm: {} is the book itself: write the export to another file\n", db.display())
    );
    assert_eq!(std::fs::read(db).unwrap(), before);
}

/// An output named as the book's `-wal`, `-shm` or `-journal` (a slip of the tab key) is refused:
/// SQLite would read it as the book's changes, then remove it.
#[test]
fn the_books_own_sqlite_files_are_refused_as_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    std::fs::copy(&demo_book().1, &db).unwrap();
    let before = std::fs::read(&db).unwrap();
    for suffix in ["-wal", "-shm", "-journal"] {
        // Named through another path to the same directory.
        let target = dir.path().join(".").join(format!("book.db{suffix}"));
        for (args, what) in [
            (&["qbr", "Northwind Logistics", "-o"][..], "the brief"),
            (&["qbr", "Northwind Logistics", "--deck", "-o"][..], "the deck"),
            (&["export", "-o"], "the export"),
            (&["backup"], "the backup"),
        ] {
            let out = on(dir.path(), &db, args, &target).output().unwrap();
            let stderr = text(&out.stderr);
            assert!(!out.status.success(), "{suffix} {args:?} succeeded");
            assert!(
                stderr.contains(&format!("is the book's {suffix} file")) && stderr.contains(what),
                "{suffix} {args:?}: {stderr}"
            );
        }
    }
    let mut names: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, ["book.db"]);
    assert_eq!(std::fs::read(&db).unwrap(), before);
}
