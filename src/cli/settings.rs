//! `csm config path|init|show`: where csm reads its configuration, a commented file of every key
//! at its default to start from, and the configuration in effect. `path` and `init` work without
//! reading the configuration (a broken file must still be found and replaced); `init` never
//! replaces a file unless told to. It must not check the configuration itself (see `config`).

use std::path::Path;

use super::{CliError, write_stdout};
use crate::config::{Config, ConfigFile, DEFAULT_TOML};
use crate::domain::shown_path;
use crate::output;
use crate::ui::DEFAULT_KEYMAP;

/// The subcommands of `csm config`.
#[derive(Debug, clap::Subcommand)]
pub enum ConfigCommand {
    /// Print the path of the configuration file csm reads: --config, else $CSM_CONFIG, else
    /// config.toml in the platform config directory (it may not exist yet).
    Path,
    /// Write a configuration file with every key at its default, commented, to the path `csm
    /// config path` prints; an existing file is left alone unless --force.
    Init {
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Print the configuration in effect (the defaults with the file's keys over them) as TOML.
    Show {
        /// Print it as JSON instead.
        #[arg(long)]
        json: bool,
    },
}

/// The file `file` names: an error when the platform has no config directory and none is named.
fn path_of(file: &ConfigFile) -> Result<&Path, CliError> {
    match file {
        ConfigFile::Named(path) | ConfigFile::Default(Some(path)) => Ok(path),
        ConfigFile::Default(None) => Err(CliError::Refused(
            "this system has no configuration directory: name a file with --config PATH or \
             CSM_CONFIG"
                .to_owned(),
        )),
    }
}

/// `csm config path`.
pub(super) fn path(file: &ConfigFile) -> Result<(), CliError> {
    write_stdout(&format!("{}\n", shown_path(path_of(file)?)))
}

/// `csm config init`.
pub(super) fn init(file: &ConfigFile, force: bool) -> Result<(), CliError> {
    let path = path_of(file)?;
    if output::is_stdout(path) {
        return write_stdout(&starter());
    }
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(CliError::Refused(format!(
            "{} already exists: csm config init never replaces a file (pass --force to replace it)",
            shown_path(path)
        )));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| CliError::Refused(format!("cannot create {}: {e}", shown_path(dir))))?;
    }
    output::write_file(path, starter().as_bytes()).map_err(super::files::refusal)?;
    write_stdout(&format!("wrote {}: every key at its default\n", shown_path(path)))
}

/// `csm config show`: the configuration `file` gives, which `config` has accepted.
pub(super) fn show(file: &ConfigFile, json: bool) -> Result<(), CliError> {
    let mut table = Config::effective_table(file)?;
    // The keymap in effect is the built-in one with the file's keys over it.
    let mut keymap: toml::Table =
        DEFAULT_KEYMAP.parse().map_err(|e| CliError::Keymap(format!("{e}")))?;
    if let Some(toml::Value::Table(user)) = table.remove("keymap") {
        for (section, keys) in user {
            match (keymap.get_mut(&section), keys) {
                (Some(toml::Value::Table(base)), toml::Value::Table(keys)) => base.extend(keys),
                (_, keys) => {
                    keymap.insert(section, keys);
                }
            }
        }
    }
    table.insert("keymap".to_owned(), toml::Value::Table(keymap));
    let text = if json {
        crate::format::json::to_string_pretty(&table)
            .map_err(|e| CliError::Output(std::io::Error::other(e)))?
    } else {
        toml::to_string(&table).map_err(|e| CliError::Output(std::io::Error::other(e)))?
    };
    write_stdout(&format!("{}\n", text.trim_end()))
}

/// The file `init` writes: the built-in configuration with every key set to its default, then
/// the keymap's sections commented out (a key bound in the file stays bound to it, so only the
/// keys a user changes belong there).
#[must_use]
pub fn starter() -> String {
    let mut out = String::from(
        "# csm configuration, written by `csm config init`: every key at its built-in default.\n\
         #\n\
         # Change any value; a key you delete takes its default again. An unknown key or a value\n\
         # out of range is an error that names the key. `csm config show` prints what is in effect.\n\
         # Ranges: weights 0 to 100 (not all 0); points, penalties, the support base and the bands\n\
         # 0 to 100; ratios and utilizations 0 to 1; windows 1 to 3650 days.\n",
    );
    // The built-in file's own opening comment speaks of copying parts of it; the rest is kept.
    let body = DEFAULT_TOML.split_once("\n\n").map_or(DEFAULT_TOML, |(_, rest)| rest);
    out.push('\n');
    out.push_str(body.trim_end());
    out.push_str(
        "\n\n# Key bindings of the workspace, each at its default, commented out. To change one,\n\
         # uncomment its section's line and the key's line, and change the action (\"\" unbinds\n\
         # the key).\n#\n",
    );
    for line in DEFAULT_KEYMAP.lines() {
        let line = line.trim_end();
        if let Some(section) = line.strip_prefix('[') {
            out.push_str(&format!("# [keymap.{section}\n"));
        } else if line.is_empty() {
            out.push('\n');
        } else if line.starts_with('#') {
            out.push_str(&format!("{line}\n"));
        } else {
            out.push_str(&format!("# {line}\n"));
        }
    }
    out
}
