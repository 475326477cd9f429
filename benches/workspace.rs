//! `cargo bench --bench workspace`: the cost of one keystroke in the workspace (update plus a
//! full draw into a 160x48 buffer) on books of 1,000, 10,000 and 100,000 accounts, and the time
//! from opening a book to its first frame next to the `sqlite3` CLI reading the account table;
//! zooming a pane and scrolling the zoomed health pane are keystrokes like the others, and so is
//! a character typed in the search over every record (after the first, which scans them all).
//!
//! `CSM_BENCH_SIZES` (comma-separated account counts) changes the books; they are generated once
//! into `target/tmp/`. The 100,000-account book takes a couple of minutes to generate.

#[path = "support/process.rs"]
mod process;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use csm::config::Config;
use csm::store::Store;
use csm::ui::{Action, App, Keymap, KeymapOverrides, Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const AS_OF: &str = "2026-11-24";

/// Years of demo history: one keeps the 100,000-account book the size it had before the demo
/// had history (three would make it about three times larger); the renewal history is measured
/// by `cargo bench --bench outcomes`.
const YEARS: u32 = 1;

fn main() {
    let sizes: Vec<usize> = std::env::var("CSM_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let as_of: NaiveDate = AS_OF.parse().expect("date");
    let mut baseline = None;
    println!(
        "{:>8}  {:>12}  {:>12}  {:>12}  {:>12}  {:>12}  {:>10}  {:>12}  {:>14}  {:>10}  {:>12}  {:>12}  {:>12}  {:>12}  {:>12}  {:>12}  {:>12}",
        "accounts",
        "first frame",
        "sqlite3 read",
        "move select",
        "search key",
        "worst search",
        "move ratio",
        "queue move",
        "renewals move",
        "zoom",
        "pane scroll",
        "index build",
        "find first",
        "find key",
        "worst find",
        "index memory",
        "index cpu"
    );
    for accounts in sizes {
        let book = dir.join(format!("bench-{accounts}-{YEARS}y.db"));
        process::demo_book(Path::new(env!("CARGO_BIN_EXE_csm")), &book, accounts, YEARS, AS_OF);
        let started = Instant::now();
        let store = Store::open(&book).expect("store");
        let keymap = Keymap::load(&KeymapOverrides::new()).expect("keymap");
        let mut app =
            App::new(store, Config::default(), keymap, Theme::default(), as_of).expect("app");
        let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
        draw(&mut terminal, &app);
        let first_frame = started.elapsed();
        let sqlite = sqlite_read(&book);

        // Moving the selection: down 100 rows, then back up.
        let mut moves = Vec::new();
        for i in 0..200 {
            let action = if i < 100 { Action::SelectNext } else { Action::SelectPrev };
            moves.push(keystroke(&mut app, &mut terminal, action));
        }
        // Typing a search, one character at a time, then erasing it.
        app.apply(Action::StartSearch).expect("search");
        let mut searches = Vec::new();
        for _ in 0..5 {
            for c in "harbor".chars() {
                searches.push(keystroke(&mut app, &mut terminal, Action::SearchType(c)));
            }
            for _ in 0..6 {
                searches.push(keystroke(&mut app, &mut terminal, Action::SearchErase));
            }
        }
        let worst = searches.iter().copied().max().unwrap_or_default();
        // Moving through the book's todo queue (every open todo of the book).
        app.apply(Action::Back).expect("back");
        app.apply(Action::ShowTodos).expect("todo queue");
        let mut queue_moves = Vec::new();
        for i in 0..200 {
            let action = if i < 100 { Action::SelectNext } else { Action::SelectPrev };
            queue_moves.push(keystroke(&mut app, &mut terminal, action));
        }
        // Picking along the renewals calendar (every renewal of the next 120 days and overdue).
        app.apply(Action::ShowRenewals).expect("renewals");
        let mut scrolls = Vec::new();
        for i in 0..200 {
            let action = if i < 100 { Action::SelectNext } else { Action::SelectPrev };
            scrolls.push(keystroke(&mut app, &mut terminal, action));
        }
        // Zooming the health pane in and out, and scrolling it zoomed, line by line.
        app.apply(Action::ShowBook).expect("book");
        app.apply(Action::FocusNext).expect("health");
        let mut zooms = Vec::new();
        for _ in 0..50 {
            zooms.push(keystroke(&mut app, &mut terminal, Action::ToggleZoom));
        }
        app.apply(Action::ToggleZoom).expect("zoom");
        let mut pane_scrolls = Vec::new();
        for i in 0..60 {
            let action = if i < 30 { Action::ScrollDown } else { Action::ScrollUp };
            pane_scrolls.push(keystroke(&mut app, &mut terminal, action));
        }
        // Searching every record: the index is built as the search opens (without a loop, on
        // the workspace's own connection; the workspace builds it on a thread of its own when
        // the book loads), then a word typed and erased, one character at a time.
        app.apply(Action::ShowBook).expect("book");
        let resident = resident_bytes();
        let (started, cpu) = (Instant::now(), thread_cpu());
        app.apply(Action::FindAnything).expect("find");
        let index_build = started.elapsed();
        let index_cpu = thread_cpu().saturating_sub(cpu);
        let index_memory =
            resident_bytes().zip(resident).map(|(after, before)| after.saturating_sub(before));
        let mut first_finds = Vec::new();
        let mut finds = Vec::new();
        for query in ["renewal", "harbor lo", "cfo", "procurment", "renewal", "s", "qbr deck"] {
            for (i, c) in query.chars().enumerate() {
                let time = keystroke(&mut app, &mut terminal, Action::QueryType(c));
                if i == 0 { first_finds.push(time) } else { finds.push(time) }
            }
            for _ in query.chars() {
                finds.push(keystroke(&mut app, &mut terminal, Action::QueryErase));
            }
        }
        let worst_find = finds.iter().copied().max().unwrap_or_default();
        app.apply(Action::Back).expect("close");
        // The QBR view of the selected account: opening it builds the brief and the deck once
        // (with the redraw); scrolling it only draws.
        app.apply(Action::ShowBook).expect("book");
        let qbr_open = keystroke(&mut app, &mut terminal, Action::ShowQbr);
        let mut qbr_scrolls = Vec::new();
        for i in 0..40 {
            let action = if i < 20 { Action::ScrollDown } else { Action::ScrollUp };
            qbr_scrolls.push(keystroke(&mut app, &mut terminal, action));
        }
        app.apply(Action::ShowBook).expect("book");
        let (moved, searched) = (median(&mut moves), median(&mut searches));
        let ratio = baseline.get_or_insert(moved).as_secs_f64();
        println!(
            "{accounts:>8}  {:>9.1} ms  {:>9.1} ms  {:>9.3} ms  {:>9.3} ms  {:>9.3} ms  {:>9.2}x  {:>9.3} ms  {:>11.3} ms  {:>7.3} ms  {:>9.3} ms  {:>9.1} ms  {:>9.3} ms  {:>9.3} ms  {:>9.3} ms  {:>9.0} MB  {:>9.1} ms",
            ms(first_frame),
            sqlite.map_or(f64::NAN, ms),
            ms(moved),
            ms(searched),
            ms(worst),
            moved.as_secs_f64() / ratio,
            ms(median(&mut queue_moves)),
            ms(median(&mut scrolls)),
            ms(median(&mut zooms)),
            ms(median(&mut pane_scrolls)),
            ms(index_build),
            ms(median(&mut first_finds)),
            ms(median(&mut finds)),
            ms(worst_find),
            index_memory.map_or(f64::NAN, |b| b as f64 / 1e6),
            ms(index_cpu),
        );
        println!(
            "{accounts:>8}  QBR view: opening {:.1} ms, a line scrolled {:.3} ms",
            ms(qbr_open),
            ms(median(&mut qbr_scrolls)),
        );
    }
    println!(
        "move ratio: a selection move at this size over one at the smallest size (target <= 1.5x)"
    );
    println!("search key: median of typing or erasing one character of a search, with the redraw");
    println!("queue move: a selection move in the todo queue of the whole book, with the redraw");
    println!("renewals move: the calendar's pick one account on, with the redraw");
    println!("zoom: the health pane zoomed or back; pane scroll: a line of the zoomed health pane");
    println!(
        "QBR view: opening it builds the selected account's brief and customer deck once, with \
         the redraw (target: within a frame of the book's first frame); a scrolled line only draws"
    );
    println!(
        "worst search: the slowest, the first character (it scans every name); a 60 Hz frame is 16.7 ms"
    );
    println!(
        "index build: reading and indexing every record for the search over everything (beside the \
         screen in the workspace); find first: its first character (it scans every record); find \
         key: the median of the other characters typed or erased, with the redraw (target: a 60 Hz \
         frame); worst find: the slowest of those; index memory: what the process holds more once \
         it is built (resident set, freed memory given back first); index cpu: the processor time \
         the build took on its thread, which other work on the machine does not lengthen"
    );
}

fn keystroke(app: &mut App, terminal: &mut Terminal<TestBackend>, action: Action) -> Duration {
    let started = Instant::now();
    app.apply(action).expect("update");
    draw(terminal, app);
    started.elapsed()
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    let (state, view_state) = (&app.state, &app.view_state);
    terminal
        .draw(|frame| render(frame, state, view_state, app.keymap(), app.theme()))
        .expect("draw");
}

/// The processor time this thread has used.
#[allow(unsafe_code)]
fn thread_cpu() -> Duration {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec into the one given.
    let read = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &raw mut now) };
    if read != 0 {
        return Duration::ZERO;
    }
    Duration::new(u64::try_from(now.tv_sec).unwrap_or(0), u32::try_from(now.tv_nsec).unwrap_or(0))
}

/// The process's resident set, where the system says (Linux), after giving freed memory back.
#[allow(unsafe_code)]
fn resident_bytes() -> Option<u64> {
    // SAFETY: malloc_trim only hands the allocator's free memory back to the system.
    #[cfg(target_env = "gnu")]
    unsafe {
        libc::malloc_trim(0);
    }
    let status = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = status.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The `sqlite3` CLI reading every row of the account table, best of three.
fn sqlite_read(book: &Path) -> Option<Duration> {
    (0..3)
        .filter_map(|_| {
            let started = Instant::now();
            let status = Command::new("sqlite3")
                .arg(book)
                .arg("SELECT * FROM account")
                .stdout(Stdio::null())
                .status()
                .ok()?;
            status.success().then(|| started.elapsed())
        })
        .min()
}
