//! File systems a test makes for itself inside its own temporary directory: a read-only bind
//! mount, or a small tmpfs to fill. Each is unmounted when its guard drops, even when the test
//! fails. Mounting needs root (as CI runs); elsewhere the constructors return `None` after
//! printing why, and the test skips.

#![allow(dead_code)] // each test file uses its own part

use std::path::{Path, PathBuf};
use std::process::Command;

/// A mount made by a test; unmounted on drop.
#[derive(Debug)]
pub struct Mount {
    pub target: PathBuf,
}

impl Drop for Mount {
    fn drop(&mut self) {
        let unmounted = Command::new("umount").arg(&self.target).status();
        if !unmounted.is_ok_and(|s| s.success()) {
            // Something still uses it (a child that outlived a failed test): detach it lazily.
            let _ = Command::new("umount").arg("-l").arg(&self.target).status();
        }
    }
}

fn mount(args: &[&str], target: &Path) -> Result<(), String> {
    let output =
        Command::new("mount").args(args).arg(target).output().map_err(|e| format!("mount: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
    }
}

fn skip(what: &str, why: &str) -> Option<Mount> {
    eprintln!("skipped: cannot make {what} ({why}); this test needs root and mount(8)");
    None
}

/// `source` seen read-only at `target` (a new directory), through a bind mount.
pub fn read_only_view(source: &Path, target: &Path) -> Option<Mount> {
    std::fs::create_dir_all(target).ok()?;
    let source = source.to_str()?;
    if let Err(why) = mount(&["--bind", source], target) {
        return skip("a bind mount", &why);
    }
    let guard = Mount { target: target.to_path_buf() };
    if let Err(why) = mount(&["-o", "remount,bind,ro"], target) {
        return skip("a read-only bind mount", &why);
    }
    Some(guard)
}

/// A tmpfs of `bytes` at `target` (a new directory).
pub fn small_disk(target: &Path, bytes: u64) -> Option<Mount> {
    std::fs::create_dir_all(target).ok()?;
    let size = format!("size={bytes}");
    if let Err(why) = mount(&["-t", "tmpfs", "-o", &size, "tmpfs"], target) {
        return skip("a tmpfs", &why);
    }
    Some(Mount { target: target.to_path_buf() })
}

/// Fills the file system holding `dir` until a write fails for lack of space.
pub fn fill(dir: &Path) {
    use std::io::Write as _;
    let mut file = std::fs::File::create(dir.join("filler")).expect("filler file");
    let block = vec![0_u8; 4096];
    while file.write_all(&block).and_then(|()| file.flush()).is_ok() {}
    // A last partial block may still fit.
    while file.write_all(&block[..512]).is_ok() {}
}
