//! The `csm` binary: parse the command line, install the panic report, dispatch, and report any
//! failure as one line on stderr with a non-zero exit.
//!
//! It prints nothing itself: every message goes through the library's safe writers, because an
//! error may quote text from outside csm (a path, a book's table name, a configuration line).

use std::process::ExitCode;

use clap::Parser;
use csm::cli::{Cli, report_parse_error, run, write_stderr};

/// The system's allocator, which also gives the terminal back should memory run out while the
/// workspace holds it (Rust then aborts without unwinding, past every other way of restoring it).
#[global_allocator]
static ALLOCATOR: csm::ui::TerminalRestoringAllocator = csm::ui::TerminalRestoringAllocator;

fn main() -> ExitCode {
    // Panics are bugs: color-eyre prints them with the location to report.
    let _ = color_eyre::install();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return ExitCode::from(report_parse_error(&error)),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            write_stderr(&format!("csm: {error}"));
            ExitCode::from(error.exit_code())
        }
    }
}
