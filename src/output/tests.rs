use super::*;

#[cfg(unix)]
#[test]
fn a_directory_sync_a_file_system_cannot_do_is_no_failure() {
    let einval = std::io::Error::from_raw_os_error(22);
    assert!(is_unsupported_sync(&einval));
    assert!(is_unsupported_sync(&std::io::Error::from(std::io::ErrorKind::Unsupported)));
    assert!(!is_unsupported_sync(&std::io::Error::from_raw_os_error(5)), "EIO is a failure");
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Makes `path` look untouched for an hour: a leftover, not a write going on.
fn an_hour_old(path: &Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::open(path).unwrap().set_modified(hour_ago).unwrap();
}

/// The id of a process that has ended (a child reaped before it is used).
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn a_file_is_replaced_whole_private_and_no_working_file_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("brief.md");
    std::fs::write(&path, "old").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    assert_eq!(write_file(&path, b"second").unwrap(), 6);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
    assert_eq!(names(dir.path()), ["brief.md"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "a replaced file is not widened");
    }
    let missing = dir.path().join("no-such-dir").join("brief.md");
    let err = write_file(&missing, b"x").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("cannot write {}: No such file or directory (os error 2)", missing.display()),
        "the message names the target, not a working file"
    );
}

#[test]
fn a_write_given_up_leaves_the_old_file_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.json");
    std::fs::write(&path, "old").unwrap();
    let mut pending = PendingFile::create(&path).unwrap();
    pending.write_all(b"half").unwrap();
    drop(pending);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    assert_eq!(names(dir.path()), ["export.json"]);
}

#[test]
fn standard_output_is_named_by_a_dash_or_dev_stdout() {
    assert_eq!(destination(Path::new("-")).unwrap(), Destination::Stdout);
    assert_eq!(destination(Path::new("/dev/stdout")).unwrap(), Destination::Stdout);
    assert_eq!(
        destination(Path::new("brief.md")).unwrap(),
        Destination::File(PathBuf::from("brief.md"))
    );
}

#[cfg(unix)]
#[test]
fn links_directories_and_fifos_are_refused_and_left_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "keep").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());

    for (path, kind) in [(&link, "a symbolic link"), (&sub, "a directory"), (&fifo, "a FIFO")] {
        let err = write_file(path, b"new").unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{} is {kind}, not a regular file: csm never replaces it", path.display())
        );
        assert!(matches!(destination(path), Err(OutputError::NotAFile { .. })));
    }
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    assert!(sub.is_dir());
    assert_eq!(names(dir.path()), ["fifo", "link.json", "sub", "victim"]);
}

#[cfg(target_os = "linux")]
#[test]
fn leftovers_of_ended_writes_are_removed_and_those_in_progress_kept() {
    let dir = tempfile::tempdir().unwrap();
    let dead = dead_pid();
    let leftovers = [
        format!("{PREFIX}{dead}-abcdefgh"),
        format!("{PREFIX}{dead}-abcdefgh-journal"),
        format!("backup.db.partial-{dead}"),
        format!("backup.db.partial-{dead}-journal"),
        format!(".backup.db.partial-{dead}"),
    ];
    for name in &leftovers {
        std::fs::write(dir.path().join(name), "x").unwrap();
        an_hour_old(&dir.path().join(name));
    }
    let tool_dir = dir.path().join(format!("{PREFIX}{dead}-tooldir1"));
    std::fs::create_dir(&tool_dir).unwrap();
    std::fs::write(tool_dir.join("brief.pdf"), "x").unwrap();
    an_hour_old(&tool_dir);
    // pid 1 is alive; another file's partial and unrelated names are not ours to remove.
    let kept = [
        format!("{PREFIX}1-inprogress"),
        format!("other.db.partial-{dead}"),
        // The user's own files, named like an older working file but going on after the pid.
        format!("backup.db.partial-{dead}-draft"),
        format!(".backup.db.partial-{dead}.bak"),
        format!("{PREFIX}x{dead}"),
        "notes.txt".to_owned(),
    ];
    for name in &kept {
        std::fs::write(dir.path().join(name), "x").unwrap();
        an_hour_old(&dir.path().join(name));
    }
    // A process id that is dead here may be writing on another machine sharing the directory:
    // a working file changed a moment ago is a write going on.
    let fresh = [format!("{PREFIX}{dead}-elsewhere"), format!("backup.db.partial-{dead}-wal")];
    for name in &fresh {
        std::fs::write(dir.path().join(name), "x").unwrap();
    }
    let kept: Vec<String> = kept.into_iter().chain(fresh).collect();
    write_file(&dir.path().join("backup.db"), b"book").unwrap();
    let mut expected: Vec<String> = kept.to_vec();
    expected.push("backup.db".to_owned());
    expected.sort();
    assert_eq!(names(dir.path()), expected);
}

#[cfg(unix)]
#[test]
fn a_link_planted_at_a_working_files_name_is_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "keep").unwrap();
    let pid = std::process::id();
    // The names earlier versions used, and this process's own prefix.
    for name in [
        format!(".brief.md.partial-{pid}"),
        format!("brief.md.partial-{pid}"),
        format!("{PREFIX}{pid}-"),
    ] {
        std::os::unix::fs::symlink(&victim, dir.path().join(name)).unwrap();
    }
    write_file(&dir.path().join("brief.md"), b"brief").unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    assert_eq!(std::fs::read_to_string(dir.path().join("brief.md")).unwrap(), "brief");
}

#[cfg(unix)]
#[test]
fn the_working_directory_is_private_and_removed_after() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let work = working_dir(&dir.path().join("brief.pdf")).unwrap();
    let mode = std::fs::metadata(work.path()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700);
    assert!(work.path().file_name().unwrap().to_string_lossy().starts_with(PREFIX));
    drop(work);
    assert!(names(dir.path()).is_empty());
}

#[test]
fn a_pid_is_read_only_from_leading_digits() {
    assert_eq!(leading_pid("123-abc"), Some(123));
    assert_eq!(leading_pid("123"), Some(123));
    assert_eq!(leading_pid("12a-x"), None);
    assert_eq!(leading_pid("-1"), None);
    assert_eq!(legacy_pid("123"), Some(123));
    assert_eq!(legacy_pid("123-journal"), Some(123));
    assert_eq!(legacy_pid("123-wal"), Some(123));
    assert_eq!(legacy_pid("123-draft"), None);
    assert_eq!(legacy_pid("123.bak"), None);
    assert_eq!(legacy_pid("-journal"), None);
}
