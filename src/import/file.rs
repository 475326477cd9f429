//! An import file, read from its start as many times as the import's passes need (the search for
//! slashed dates, the check of the key column, the rows), each pass a stream through a buffer of
//! its own: the file is never held whole, whatever its size (SPEC 14). It hands out bytes; it
//! must not look at them.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

/// An import file: opened once, and read by each pass from its start.
#[derive(Clone)]
pub struct Input(Arc<Origin>, Named);

/// What the file's name says of its contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Named {
    /// A `.tsv` or `.tab` name: tab-separated, whatever its header line holds.
    tabs: bool,
}

enum Origin {
    /// A file on disk, read by position, so that passes on two threads never share a cursor,
    /// and every pass reads the file that was opened even if its name is given to another.
    File { file: File, len: u64 },
    /// Bytes already in memory (tests, and callers that have them).
    Bytes(Vec<u8>),
}

impl Input {
    /// Opens the file at `path`.
    ///
    /// # Errors
    /// The file cannot be opened, or is not a file that can be read (a directory).
    pub fn open_path(path: &Path) -> io::Result<Self> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let named = Named { tabs: matches!(ext.as_deref(), Some("tsv" | "tab")) };
        let file = File::open(path)?;
        let meta = file.metadata()?;
        if !meta.is_file() && !meta.is_dir() {
            return Self::spooled(file).map(|input| Self(input.0, named));
        }
        // A first read tells a file that cannot be read (a directory) before any pass starts.
        read_at(&file, &mut [0; 1], 0)?;
        Ok(Self(Arc::new(Origin::File { file, len: meta.len() }), named))
    }

    /// Standard input (`csm import KIND -`), which can be read once only: spooled like a pipe.
    ///
    /// # Errors
    /// Standard input cannot be read, or the temporary file cannot be written.
    pub fn stdin() -> io::Result<Self> {
        Self::spooled(io::stdin().lock())
    }

    /// Whether the file's name says it is tab-separated (`.tsv`, `.tab`).
    #[must_use]
    pub fn named_tab_separated(&self) -> bool {
        self.1.tabs
    }

    /// A pipe or a device (`<(gunzip -c usage.csv.gz)`), which can be read once only: copied,
    /// a buffer at a time, to a file of its own in the temporary directory (removed at once,
    /// so nothing is left however the import ends), which the passes then read.
    fn spooled(mut stream: impl Read) -> io::Result<Self> {
        static SPOOLED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let nth = SPOOLED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(".csm-import-{}-{nth}-{nanos}", std::process::id());
        let path = std::env::temp_dir().join(name);
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&path)?;
        // Removed while open: the data stays until the file is closed (on other systems the
        // name stays until then).
        #[cfg(unix)]
        std::fs::remove_file(&path)?;
        let len = io::copy(&mut stream, &mut file)?;
        Ok(Self(Arc::new(Origin::File { file, len }), Named::default()))
    }

    /// The file's size when opened, in bytes: what progress is told against.
    #[must_use]
    pub fn len(&self) -> u64 {
        match &*self.0 {
            Origin::File { len, .. } => *len,
            Origin::Bytes(bytes) => bytes.len() as u64,
        }
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A new pass over the file from its start.
    #[must_use]
    pub fn reader(&self) -> Pass {
        Pass { input: Arc::clone(&self.0), at: 0 }
    }
}

impl From<Vec<u8>> for Input {
    fn from(bytes: Vec<u8>) -> Self {
        Self(Arc::new(Origin::Bytes(bytes)), Named::default())
    }
}

impl fmt::Debug for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Input({} bytes)", self.len())
    }
}

/// One pass over an [`Input`], from its start; it holds no buffer of its own (callers read into
/// theirs).
pub struct Pass {
    input: Arc<Origin>,
    at: u64,
}

impl Read for Pass {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = match &*self.input {
            Origin::Bytes(bytes) => {
                let rest = usize::try_from(self.at).ok().and_then(|at| bytes.get(at..));
                let rest = rest.unwrap_or_default();
                let n = rest.len().min(buf.len());
                buf[..n].copy_from_slice(&rest[..n]);
                n
            }
            Origin::File { file, .. } => read_at(file, buf, self.at)?,
        };
        self.at += read as u64;
        Ok(read)
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, at)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &Input) -> Vec<u8> {
        let mut out = Vec::new();
        input.reader().read_to_end(&mut out).expect("read");
        out
    }

    /// A file and the same bytes in memory read alike, pass after pass, from their start.
    #[test]
    fn every_pass_reads_the_whole_file_from_its_start() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("usage.csv");
        let bytes: Vec<u8> = (0..200_003_u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).expect("write");
        let file = Input::open_path(&path).expect("open");
        assert_eq!(file.len(), bytes.len() as u64);
        assert_eq!(read_all(&file), bytes);
        assert_eq!(read_all(&file), bytes, "a second pass starts again");
        let memory = Input::from(bytes.clone());
        assert_eq!(read_all(&memory), bytes);
        let mut pass = memory.reader();
        let mut small = [0; 7];
        assert_eq!(pass.read(&mut small).expect("read"), 7);
        assert_eq!(small, bytes[..7]);
    }

    /// A pipe is read once, into a file of its own that the passes read again.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_pipe_is_read_once_and_then_like_a_file() {
        use std::io::Write as _;
        let mut child = std::process::Command::new("cat")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("cat");
        let bytes: Vec<u8> = (0..300_001_u32).map(|i| (i % 251) as u8).collect();
        let mut stdin = child.stdin.take().expect("stdin");
        let sent = bytes.clone();
        let writer = std::thread::spawn(move || stdin.write_all(&sent));
        let stdout = child.stdout.take().expect("stdout");
        let fd = std::os::fd::OwnedFd::from(stdout);
        let path = format!("/proc/self/fd/{}", std::os::fd::AsRawFd::as_raw_fd(&fd));
        let input = Input::open_path(Path::new(&path)).expect("open the pipe");
        writer.join().expect("writer").expect("written");
        child.wait().expect("cat ends");
        assert_eq!(input.len(), bytes.len() as u64);
        assert_eq!(read_all(&input), bytes);
        assert_eq!(read_all(&input), bytes, "a second pass reads it again");
    }

    #[test]
    fn a_directory_or_a_missing_file_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        assert!(Input::open_path(dir.path()).is_err());
        assert!(Input::open_path(&dir.path().join("missing.csv")).is_err());
    }
}
