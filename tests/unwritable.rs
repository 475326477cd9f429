//! Books csm may not write, through the binary: on a read-only file system, on a full disk, and
//! in a directory shared with another user. `check`, `report`, `export` and `backup` work; a
//! reader never leaves a file beside the book; changes still in a `-wal` are read, never
//! ignored; a write says why it cannot happen. The mounts need root (CI runs as root); without
//! it these tests print why and skip.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "support/binary.rs"]
mod binary;
#[path = "support/mounts.rs"]
mod mounts;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use binary::{AS_OF, csm, demo_book, run, text};
use mounts::{fill, read_only_view, small_disk};

/// Runs `csm ARGS --db DB` with `home` as its home.
fn on(home: &Path, db: &Path, args: &[&str]) -> Output {
    csm(home).args(args).args(["--as-of", AS_OF, "--db"]).arg(db).output().unwrap()
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A copy of the shared demo book in `dir`.
fn demo_copy(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let db = dir.join("book.db");
    std::fs::copy(&demo_book().1, &db).unwrap();
    db
}

/// The reading commands, each with an output outside the book's directory, all succeeding.
fn reads_work(home: &Path, db: &Path, out: &Path) {
    let export = out.join("export.json");
    let backup = out.join("backup.db");
    let brief = out.join("brief.md");
    for args in [
        vec!["report"],
        vec!["qbr", "Halvorsen Capital", "-o", brief.to_str().unwrap()],
        vec!["report", "--json"],
        vec!["export", "-o", export.to_str().unwrap()],
        vec!["check"],
        vec!["backup", "--force", backup.to_str().unwrap()],
        vec!["playbooks", "run", "--dry-run"],
    ] {
        let output = on(home, db, &args);
        assert!(output.status.success(), "{args:?}: {}", text(&output.stderr));
    }
    // The copy is a whole book.
    let output = on(home, &backup, &["check"]);
    assert!(text(&output.stdout).starts_with("ok: "), "{}", text(&output.stdout));
}

#[test]
fn a_book_on_a_read_only_file_system_is_read_and_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    demo_copy(&dir.path().join("src"));
    let Some(view) = read_only_view(&dir.path().join("src"), &dir.path().join("ro")) else {
        return;
    };
    let db = view.target.join("book.db");
    reads_work(dir.path(), &db, dir.path());
    assert_eq!(names(&view.target), ["book.db"], "a reader left files beside the book");

    let csv = dir.path().join("accounts.csv");
    std::fs::write(&csv, "external_id,name\nA1,Acme\n").unwrap();
    for args in [&["import", "accounts", csv.to_str().unwrap()][..], &["playbooks", "run"], &[]] {
        let output = on(dir.path(), &db, args);
        let stderr = text(&output.stderr);
        assert!(!output.status.success(), "{args:?}");
        assert!(stderr.contains("cannot be written (read-only file system)"), "{args:?}: {stderr}");
    }
}

/// A book whose last change is still in its `-wal` (its writer was killed, or is running):
/// an immutable read of the file alone would miss the change, so it is read through the
/// `-wal`, or refused when that cannot be done without writing.
#[test]
fn changes_still_in_the_wal_are_read_or_refused_never_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    let book = demo_copy(&src);
    let conn = rusqlite::Connection::open(&book).unwrap();
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true).unwrap();
    conn.execute("UPDATE account SET name = 'Renamed In The Wal' WHERE id = 1", []).unwrap();
    drop(conn);
    assert!(std::fs::metadata(src.join("book.db-wal")).unwrap().len() > 0);

    let Some(view) = read_only_view(&src, &dir.path().join("ro")) else { return };
    let db = view.target.join("book.db");
    reads_work(dir.path(), &db, dir.path());
    let report = run(csm(dir.path()).args(["report", "--json", "--as-of", AS_OF, "--db"]).arg(&db));
    assert!(text(&report.stdout).contains("Renamed In The Wal"));
    let backup = dir.path().join("backup.db");
    let copied = rusqlite::Connection::open(&backup).unwrap();
    let name: String =
        copied.query_row("SELECT name FROM account WHERE id = 1", [], |r| r.get(0)).unwrap();
    assert_eq!(name, "Renamed In The Wal");
    drop(view);

    // Without its -shm, the -wal cannot be read on a read-only file system: said, not ignored.
    std::fs::remove_file(src.join("book.db-shm")).unwrap();
    let Some(view) = read_only_view(&src, &dir.path().join("ro")) else { return };
    let db = view.target.join("book.db");
    for args in [&["report"][..], &["check"], &["backup", "--force", backup.to_str().unwrap()]] {
        let output = on(dir.path(), &db, args);
        let stderr = text(&output.stderr);
        assert!(!output.status.success(), "{args:?} read the book without its -wal");
        assert!(stderr.contains("has changes not yet written into it"), "{args:?}: {stderr}");
    }
}

/// The reads speak the latest schema and a read-only book cannot be brought up to it: the
/// report says so, while check and backup (which never migrate) still work.
#[test]
fn an_older_schema_on_a_read_only_file_system_is_said_not_misread() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    let book = demo_copy(&src);
    let conn = rusqlite::Connection::open(&book).unwrap();
    conn.pragma_update(None, "user_version", 6).unwrap();
    drop(conn);
    let Some(view) = read_only_view(&src, &dir.path().join("ro")) else { return };
    let db = view.target.join("book.db");
    let output = on(dir.path(), &db, &["report"]);
    let stderr = text(&output.stderr);
    assert!(stderr.contains("is at schema 6, not this csm's"), "{stderr}");
    assert!(stderr.contains("cannot be brought up to date here (read-only file system)"));
    let backup = dir.path().join("backup.db");
    let output = on(dir.path(), &db, &["backup", backup.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let output = on(dir.path(), &db, &["check"]);
    assert!(text(&output.stdout).contains("schema 6"), "{}", text(&output.stdout));
}

/// The rescue path: a book on a full disk is backed up to another disk, and still reported.
#[test]
fn a_book_on_a_full_disk_is_backed_up_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let size = std::fs::metadata(&demo_book().1).unwrap().len();
    let Some(disk) = small_disk(&dir.path().join("full"), size + 512 * 1024) else { return };
    let db = disk.target.join("book.db");
    std::fs::copy(&demo_book().1, &db).unwrap();
    fill(&disk.target);
    reads_work(dir.path(), &db, dir.path());
}

/// A book that cannot be made on a full disk leaves no empty file behind to block the retry.
#[test]
fn init_on_a_full_disk_leaves_nothing_and_a_retry_works() {
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = small_disk(&dir.path().join("full"), 256 * 1024) else { return };
    let db = disk.target.join("book.db");
    fill(&disk.target);
    let output = on(dir.path(), &db, &["init"]);
    assert!(!output.status.success(), "init succeeded on a full disk");
    assert_eq!(names(&disk.target), ["filler"], "{}", text(&output.stderr));
    std::fs::remove_file(disk.target.join("filler")).unwrap();
    run(csm(dir.path()).arg("init").arg("--db").arg(&db));
    assert!(on(dir.path(), &db, &["report"]).status.success());
}

/// An output that fills the disk fails naming its target, never the working file beside it,
/// and leaves the earlier file whole and nothing else behind.
#[test]
fn an_output_on_a_full_disk_fails_naming_its_target_only() {
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = small_disk(&dir.path().join("full"), 16 * 1024) else { return };
    let target = disk.target.join("out.json");
    std::fs::write(&target, "earlier").unwrap();
    for format in ["json", "csv"] {
        let args = ["export", "--format", format, "-o", target.to_str().unwrap()];
        let output = on(dir.path(), &demo_book().1, &args);
        let stderr = text(&output.stderr);
        assert!(!output.status.success(), "{format}: the export fitted");
        assert!(stderr.contains("No space left on device"), "{format}: {stderr}");
        assert!(!stderr.contains(".csm-partial"), "{format}: {stderr}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "earlier");
        assert_eq!(names(&disk.target), ["out.json"]);
    }
}

/// A `-wal` planted beside the book by another user who may create files in its directory (a
/// shared or sticky one), alone or with a `-shm`, is never read into the book, a report or a
/// backup, nor handed to the book's owner: writes are refused naming it, reads read the book
/// alone, and the book stays as it was.
#[cfg(unix)]
#[test]
fn a_log_planted_by_another_user_never_reaches_the_book() {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _, chown};

    if rustix::process::geteuid().as_raw() != 0 {
        eprintln!("skipped: planting another user's file needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // The planted log: a real one, from a copy of the book changed while it was open.
    let forged = demo_copy(&dir.path().join("forge"));
    let writer = rusqlite::Connection::open(&forged).unwrap();
    writer.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    writer.execute("UPDATE account SET name = 'Forged Name' WHERE id = 1", []).unwrap();
    let log = std::fs::read(dir.path().join("forge/book.db-wal")).unwrap();
    drop(writer);
    let forged_in = |db: &Path| {
        let read = rusqlite::Connection::open(db).unwrap();
        read.query_row("SELECT count(*) FROM account WHERE name = 'Forged Name'", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap()
            > 0
    };
    assert!(forged_in(&forged), "the forged log holds no change");

    for (round, planted) in
        [&["-wal"][..], &["-wal", "-shm"], &["-journal"]].into_iter().enumerate()
    {
        let shared = dir.path().join(format!("shared{round}"));
        let db = demo_copy(&shared);
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
        for suffix in planted {
            let file = shared.join(format!("book.db{suffix}"));
            let bytes = if *suffix == "-shm" { vec![0; 32_768] } else { log.clone() };
            std::fs::write(&file, bytes).unwrap();
            chown(&file, Some(65534), Some(65534)).unwrap();
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).unwrap();
        }
        let before = std::fs::read(&db).unwrap();
        let backup = shared.join("backup.db");
        for args in [
            vec!["report", "--json"],
            vec!["playbooks", "run"],
            vec!["backup", backup.to_str().unwrap()],
            vec!["check"],
        ] {
            let output = on(dir.path(), &db, &args);
            let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
            assert!(!stdout.contains("Forged Name"), "{planted:?} {args:?} read the planted log");
            if args[0] == "playbooks" {
                let named = format!("book.db{} belongs to another user (uid 65534)", planted[0]);
                assert!(stderr.contains(&named), "{stderr}");
                assert!(stderr.contains("-journal, if there) once"), "{stderr}");
            } else {
                assert!(output.status.success(), "{planted:?} {args:?}: {stderr}");
            }
            for suffix in planted {
                let file = shared.join(format!("book.db{suffix}"));
                let owner = std::fs::metadata(&file).unwrap().uid();
                assert_eq!(owner, 65534, "{planted:?} {args:?} took {suffix} in");
            }
        }
        assert!(!forged_in(&backup), "{planted:?}: the backup holds the planted change");
        assert_eq!(std::fs::read(&db).unwrap(), before, "{planted:?}: the book was changed");
    }
}

/// `setpriv` as user nobody, running a copy of the binary that nobody may execute.
fn as_nobody(binary: &Path, home: &Path, db: &Path, args: &[&str]) -> Output {
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(binary)
        .args(args)
        .args(["--as-of", AS_OF, "--db"])
        .arg(db)
        .env_remove("CSM_DB")
        .env_remove("CSM_CONFIG")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .output()
        .unwrap()
}

/// Whether user nobody can run the copy of the binary at `binary` (`setpriv` present, the
/// temporary directory not mounted noexec); says why not.
fn nobody_can_run(binary: &Path) -> bool {
    let probe = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(binary)
        .arg("--version")
        .output();
    let ran = probe.as_ref().is_ok_and(|o| o.status.success());
    if !ran {
        eprintln!("skipped: user nobody cannot run csm here (setpriv: {probe:?})");
    }
    ran
}

/// A book in a directory shared with another user, readable but not writable by them: their
/// reads work and leave no `-wal` or `-shm` of theirs, which would lock the owner out ("attempt
/// to write a readonly database").
#[cfg(unix)]
#[test]
fn another_user_reading_a_shared_book_leaves_nothing_that_locks_the_owner_out() {
    use std::os::unix::fs::{PermissionsExt as _, chown};

    if rustix::process::geteuid().as_raw() != 0 {
        eprintln!("skipped: acting as two users needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let set_mode = |path: &Path, mode| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    set_mode(dir.path(), 0o755);
    let binary = dir.path().join("csm");
    std::fs::copy(env!("CARGO_BIN_EXE_csm"), &binary).unwrap();
    let shared = dir.path().join("shared");
    let db = demo_copy(&shared);
    set_mode(&shared, 0o777);
    // The owner is a user of their own; the book is readable by all, as a shared one would be.
    chown(&db, Some(1000), Some(1000)).unwrap();
    set_mode(&db, 0o644);
    if !nobody_can_run(&binary) {
        return;
    }

    let out = dir.path().join("nobody");
    std::fs::create_dir(&out).unwrap();
    set_mode(&out, 0o777);
    let export = out.join("export.json");
    let backup = out.join("backup.db");
    let brief = out.join("brief.md");
    for args in [
        vec!["report"],
        vec!["qbr", "Halvorsen Capital", "-o", brief.to_str().unwrap()],
        vec!["check"],
        vec!["export", "-o", export.to_str().unwrap()],
        vec!["backup", backup.to_str().unwrap()],
    ] {
        let output = as_nobody(&binary, &out, &db, &args);
        assert!(output.status.success(), "{args:?}: {}", text(&output.stderr));
    }
    assert_eq!(names(&shared), ["book.db"], "the other user left files beside the book");

    // A write by the other user is refused before SQLite makes any file.
    let output = as_nobody(&binary, &out, &db, &["playbooks", "run"]);
    assert!(text(&output.stderr).contains("cannot be written (no permission to write)"));
    assert_eq!(names(&shared), ["book.db"], "a refused write left files beside the book");

    // While the owner's program has the book open with a change in its -wal, the other user
    // reads that change through the owner's files and adds none.
    let owner = rusqlite::Connection::open(&db).unwrap();
    owner.execute("UPDATE account SET name = 'Renamed By The Owner' WHERE id = 1", []).unwrap();
    let output = as_nobody(&binary, &out, &db, &["report", "--json"]);
    assert!(text(&output.stdout).contains("Renamed By The Owner"), "{}", text(&output.stderr));
    assert_eq!(names(&shared), ["book.db", "book.db-shm", "book.db-wal"]);
    drop(owner);
    assert_eq!(names(&shared), ["book.db"]);

    // Files such a reader left before (an older csm, the sqlite3 shell) are named to the owner,
    // whose reads still work.
    for (suffix, len) in [("-wal", 0), ("-shm", 32_768)] {
        let file = shared.join(format!("book.db{suffix}"));
        std::fs::write(&file, vec![0_u8; len]).unwrap();
        chown(&file, Some(65534), Some(65534)).unwrap();
        set_mode(&file, 0o644);
    }
    let as_owner = |args: &[&str]| {
        Command::new("setpriv")
            .args(["--reuid=1000", "--regid=1000", "--clear-groups", "--"])
            .arg(&binary)
            .args(args)
            .args(["--as-of", AS_OF, "--db"])
            .arg(&db)
            .env("HOME", &out)
            .env("XDG_CONFIG_HOME", out.join("config"))
            .output()
            .unwrap()
    };
    let output = as_owner(&["playbooks", "run"]);
    let stderr = text(&output.stderr);
    assert!(stderr.contains("book.db-wal belongs to another user (uid 65534)"), "{stderr}");
    assert!(stderr.contains("-wal and ") && stderr.contains("once no program has the book open"));
    let output = as_owner(&["report"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    // A -wal with content may hold a change the owner let another user make, or a planted one:
    // the message says both ways out, moving it in first.
    std::fs::write(shared.join("book.db-wal"), vec![0_u8; 4096]).unwrap();
    let output = as_owner(&["playbooks", "run"]);
    let stderr = text(&output.stderr);
    let keep = stderr.find("wal_checkpoint(TRUNCATE)").expect(&stderr);
    let remove = stderr.find("otherwise remove ").expect(&stderr);
    assert!(
        stderr.contains("-wal holds changes not in the book, which csm leaves out"),
        "{stderr}"
    );
    assert!(keep < remove, "{stderr}");
    for suffix in ["-wal", "-shm"] {
        std::fs::remove_file(shared.join(format!("book.db{suffix}"))).unwrap();
    }

    // The owner still writes their book.
    let output = as_owner(&["playbooks", "run"]);
    assert!(output.status.success(), "the owner is locked out: {}", text(&output.stderr));
}

/// The owner's own book made read-only (chmod): the file, then its directory. Root writes
/// through modes, so the book belongs to user nobody, who runs csm.
#[cfg(unix)]
#[test]
fn a_read_only_file_or_directory_is_read_and_refuses_writes() {
    use std::os::unix::fs::{PermissionsExt as _, chown};

    if rustix::process::geteuid().as_raw() != 0 {
        eprintln!("skipped: acting as user nobody needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let set_mode = |path: &Path, mode| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    set_mode(dir.path(), 0o755);
    let binary = dir.path().join("csm");
    std::fs::copy(env!("CARGO_BIN_EXE_csm"), &binary).unwrap();
    if !nobody_can_run(&binary) {
        return;
    }
    let home = dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    chown(&home, Some(65534), Some(65534)).unwrap();
    let books = dir.path().join("books");
    let db = demo_copy(&books);
    chown(&books, Some(65534), Some(65534)).unwrap();
    chown(&db, Some(65534), Some(65534)).unwrap();

    for (file_mode, dir_mode, why) in [
        (0o444, 0o755, "(no permission to write)"),
        (0o644, 0o555, "(its directory: no permission to write)"),
    ] {
        set_mode(&db, file_mode);
        set_mode(&books, dir_mode);
        let backup = home.join("backup.db");
        for args in
            [vec!["report"], vec!["check"], vec!["backup", "--force", backup.to_str().unwrap()]]
        {
            let output = as_nobody(&binary, &home, &db, &args);
            assert!(output.status.success(), "{args:?}: {}", text(&output.stderr));
        }
        let output = as_nobody(&binary, &home, &db, &["playbooks", "run"]);
        let stderr = text(&output.stderr);
        assert!(stderr.contains(&format!("cannot be written {why}")), "{stderr}");
        assert_eq!(names(&books), ["book.db"], "files were left beside the book");
    }
}

/// A book one schema behind whose SQLite tables are the latest's (the newer migration changed a
/// server's book only) reads on a read-only file system as it is, with nothing to migrate.
#[test]
fn a_book_behind_only_by_a_server_s_migration_reads_on_a_read_only_file_system() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    let book = demo_copy(&src);
    let oldest = i64::try_from(csm::store::OLDEST_READABLE).unwrap();
    let conn = rusqlite::Connection::open(&book).unwrap();
    conn.pragma_update(None, "user_version", oldest).unwrap();
    drop(conn);
    let Some(view) = read_only_view(&src, &dir.path().join("ro")) else { return };
    let db = view.target.join("book.db");
    let output = on(dir.path(), &db, &["report"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("accounts"), "{}", text(&output.stdout));
}
