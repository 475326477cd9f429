//! The `csm` binary: parse the command line, install the panic report, dispatch, and report any
//! failure as one line on stderr with a non-zero exit.

use std::process::ExitCode;

use clap::Parser;
use csm::cli::{Cli, run};

fn main() -> ExitCode {
    // Panics are bugs: color-eyre prints them with the location to report.
    let _ = color_eyre::install();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("csm: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}
