//! Reading an import file into memory, whole: the passes over it (the search for slashed dates,
//! the rows) need all of it. It reads bytes only; it must not look at them.

use std::fs::File;
use std::io;
use std::path::Path;

/// Files this large are read in two halves at once: copying a hundred megabytes out of the
/// page cache is bound by faulting in the pages that receive it, which two cores do in half
/// the time. Smaller files are read on their own.
const READ_IN_HALVES: u64 = 16 << 20;

/// The bytes of the file at `path`.
///
/// # Errors
/// The file cannot be opened or read.
pub fn read_file(path: &Path) -> io::Result<Vec<u8>> {
    let file = File::open(path)?;
    let len = file.metadata()?.len();
    if len >= READ_IN_HALVES
        && let Some(bytes) = read_in_halves(&file, len)
    {
        return Ok(bytes);
    }
    std::fs::read(path)
}

/// The `len` bytes of `file`, read in two halves on two threads; `None` when that fails or the
/// file turns out not to be `len` bytes long (it is being written): it is then read in one go.
#[cfg(unix)]
fn read_in_halves(file: &File, len: u64) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt as _;

    let mut bytes = vec![0; usize::try_from(len).ok()?];
    let middle = bytes.len() / 2;
    let (first, second) = bytes.split_at_mut(middle);
    let read = std::thread::scope(|scope| {
        let later = scope.spawn(|| file.read_exact_at(second, middle as u64));
        let earlier = file.read_exact_at(first, 0);
        earlier.is_ok() && later.join().is_ok_and(|read| read.is_ok())
    });
    let whole = read && file.metadata().is_ok_and(|now| now.len() == len);
    whole.then_some(bytes)
}

#[cfg(not(unix))]
fn read_in_halves(_file: &File, _len: u64) -> Option<Vec<u8>> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file read in halves is the file, whichever way it is read, including an odd length.
    #[test]
    fn halves_and_whole_reads_give_the_same_bytes() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("usage.csv");
        let bytes: Vec<u8> = (0..(READ_IN_HALVES + 7)).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).expect("write");
        let file = File::open(&path).expect("open");
        assert_eq!(read_in_halves(&file, bytes.len() as u64).as_deref(), Some(&bytes[..]));
        assert_eq!(read_file(&path).expect("read"), bytes);
        // A file that is not as long as it was said to be is read whole instead.
        assert_eq!(read_in_halves(&file, bytes.len() as u64 + 1), None);
        std::fs::write(&path, b"a,b\n").expect("write");
        assert_eq!(read_file(&path).expect("read"), b"a,b\n");
    }
}
