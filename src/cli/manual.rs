//! `csm completions SHELL` and `csm man`: the shell completions and the manual pages, made from
//! the command line's own definition so they cannot drift from it. They read no book and no
//! configuration.

use std::path::Path;

use clap::CommandFactory as _;

use super::{Cli, CliError, write_stdout};
use crate::domain::shown_path;
use crate::output;

/// `csm completions SHELL`: the completion script for `shell` on standard output.
pub(super) fn completions(shell: clap_complete::Shell) -> Result<(), CliError> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "csm", &mut script);
    write_stdout(&String::from_utf8_lossy(&script))
}

/// `csm man`: the manual page of csm on standard output, or with `dir`, one page per command
/// and subcommand written there (`csm.1`, `csm-todo.1`, `csm-todo-add.1`, …).
pub(super) fn man(dir: Option<&Path>) -> Result<(), CliError> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let Some(dir) = dir.filter(|d| !output::is_stdout(d)) else {
        return write_stdout(&render(&command)?);
    };
    if !dir.is_dir() {
        return Err(CliError::Refused(format!(
            "{} is not a directory: -o takes the directory for the pages",
            shown_path(dir)
        )));
    }
    let mut written = 0;
    let mut pending = vec![command];
    while let Some(command) = pending.pop() {
        pending.extend(command.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
        let page = clap_mangen::Man::new(command.clone());
        output::write_file(&dir.join(page.get_filename()), render(&command)?.as_bytes())
            .map_err(super::files::refusal)?;
        written += 1;
    }
    write_stdout(&format!("wrote {written} manual pages to {}\n", shown_path(dir)))
}

fn render(command: &clap::Command) -> Result<String, CliError> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut page)?;
    Ok(String::from_utf8_lossy(&page).into_owned())
}
