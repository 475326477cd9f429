//! The layers' dependency rules, checked on the source so that they hold by more than discipline:
//! database engines (rusqlite, postgres) named only in the store and the tests' support, and a
//! book opened by its path only by the store and the command line's start-up; progress bars (indicatif) only in the command line; the
//! core (domain, scoring, config, format) never reaching the store; the workspace used only by
//! the front ends; the store not knowing the engine; and no import cycle spanning more than three
//! files (a file's uses of its own parent modules left out, see `graph`).
//!
//! It reads `src/` as text (comments, strings and `#[cfg(test)]` code left out: test code may
//! build a fixture from anywhere) and must not build or run any of csm.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

#[path = "architecture/graph.rs"]
mod graph;
#[path = "architecture/lexer.rs"]
mod lexer;

use std::sync::OnceLock;

use graph::{Crate, SourceFile};

/// The crate, read once for all the tests.
fn krate() -> &'static Crate {
    static CRATE: OnceLock<Crate> = OnceLock::new();
    CRATE.get_or_init(Crate::read)
}

/// Whether `file` is `src/<module>.rs` or under `src/<module>/`.
fn within(file: &SourceFile, module: &str) -> bool {
    file.path == format!("src/{module}.rs") || file.path.starts_with(&format!("src/{module}/"))
}

/// Each file of `files` that refers to a module under `target`, with the paths it names there.
fn reaching(files: &[&SourceFile], target: &str) -> Vec<String> {
    files
        .iter()
        .filter_map(|file| {
            let named: Vec<String> = file
                .references
                .iter()
                .filter(|path| path.first().is_some_and(|first| first == target))
                .map(|path| format!("crate::{}", path.join("::")))
                .collect();
            (!named.is_empty()).then(|| format!("{}: {}", file.path, named.join(", ")))
        })
        .collect()
}

#[test]
fn engines_are_named_only_by_the_store() {
    let krate = krate();
    let speaking: Vec<String> = krate
        .files
        .iter()
        .filter(|file| !within(file, "store") && !within(file, "test_support"))
        .filter_map(|file| {
            let named: Vec<&str> = ["rusqlite", "postgres"]
                .into_iter()
                .filter(|engine| file.tokens.iter().any(|t| t == engine))
                .collect();
            (!named.is_empty()).then(|| format!("{}: {}", file.path, named.join(", ")))
        })
        .collect();
    assert!(speaking.is_empty(), "an engine named outside src/store: {speaking:#?}");
}

/// Whether `tokens` call one of the store's constructors that take a path (`Store::open`,
/// `Store::open_to_read`, `Store::create`).
fn opens_by_path(tokens: &[String]) -> bool {
    tokens.windows(3).any(|w| {
        w[0] == "Store" && w[1] == "::" && ["open", "open_to_read", "create"].contains(&&*w[2])
    })
}

#[test]
fn only_the_store_and_the_start_up_open_a_book_by_its_path() {
    let krate = krate();
    let opening: Vec<&str> = krate
        .files
        .iter()
        .filter(|file| !within(file, "store") && file.path != "src/cli/book.rs")
        .filter(|file| opens_by_path(&file.tokens))
        .map(|file| file.path.as_str())
        .collect();
    // Another thread reaches the same book through a `StoreHandle`, whatever the engine.
    assert!(opening.is_empty(), "a book opened by its path outside the store: {opening:#?}");
    let start_up = krate.files.iter().find(|file| file.path == "src/cli/book.rs");
    assert!(start_up.is_some_and(|file| opens_by_path(&file.tokens)), "start-up not found");
}

#[test]
fn progress_bars_are_drawn_only_by_the_command_line() {
    let krate = krate();
    let drawing: Vec<&str> = krate
        .files
        .iter()
        .filter(|file| !within(file, "cli"))
        .filter(|file| file.tokens.iter().any(|t| t == "indicatif"))
        .map(|file| file.path.as_str())
        .collect();
    assert!(drawing.is_empty(), "indicatif outside src/cli: {drawing:#?}");
    let cli = krate.files.iter().filter(|file| within(file, "cli"));
    assert!(cli.clone().any(|file| file.tokens.iter().any(|t| t == "indicatif")), "not found");
}

#[test]
fn the_core_does_not_reach_the_store() {
    let krate = krate();
    let core: Vec<&SourceFile> = krate
        .files
        .iter()
        .filter(|file| ["domain", "scoring", "config", "format"].iter().any(|m| within(file, m)))
        .collect();
    assert!(core.len() > 10, "the core's files were not found: {}", core.len());
    let leaks = reaching(&core, "store");
    assert!(leaks.is_empty(), "the core reaches the store: {leaks:#?}");
}

#[test]
fn only_the_front_ends_use_the_workspace() {
    let krate = krate();
    let others: Vec<&SourceFile> =
        krate.files.iter().filter(|file| !within(file, "ui") && !within(file, "cli")).collect();
    let leaks = reaching(&others, "ui");
    assert!(leaks.is_empty(), "the workspace used outside ui and cli: {leaks:#?}");
}

#[test]
fn the_store_does_not_know_the_engine() {
    let krate = krate();
    let store: Vec<&SourceFile> = krate.files.iter().filter(|file| within(file, "store")).collect();
    assert!(store.len() > 10, "the store's files were not found: {}", store.len());
    let leaks = reaching(&store, "scoring");
    assert!(leaks.is_empty(), "the store knows the engine: {leaks:#?}");
}

#[test]
fn no_import_cycle_spans_more_than_three_files() {
    let cycles = krate().cycles();
    // Every cycle found, long or not, so that a failure shows how the modules hang together.
    for cycle in &cycles {
        eprintln!("an import cycle of {} files: {}", cycle.len(), cycle.join(", "));
    }
    let long: Vec<&Vec<String>> = cycles.iter().filter(|cycle| cycle.len() > 3).collect();
    assert!(long.is_empty(), "import cycles of more than three files: {long:#?}");
}
