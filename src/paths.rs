//! Where csm keeps its files by default: the platform data directory for the book and the demo
//! book, the platform config directory for `config.toml`. Resolves paths only; opens nothing.

use std::path::PathBuf;

use directories::ProjectDirs;

use crate::config::ConfigFile;

fn project() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "csm")
}

/// The user's book: `--db`, else `CSM_DB`, else `<data dir>/csm.db`.
#[must_use]
pub fn book(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| std::env::var_os("CSM_DB").filter(|v| !v.is_empty()).map(PathBuf::from))
        .or_else(|| project().map(|p| p.data_dir().join("csm.db")))
        .unwrap_or_else(|| PathBuf::from("csm.db"))
}

/// The demo book: `--db`, else `<data dir>/demo.db`. `CSM_DB` is deliberately ignored, so that
/// generating a demo can never overwrite the user's book.
#[must_use]
pub fn demo(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| project().map(|p| p.data_dir().join("demo.db")))
        .unwrap_or_else(|| PathBuf::from("csm-demo.db"))
}

/// The user's configuration: `--config`, else `CSM_CONFIG`, else `<config dir>/config.toml`.
#[must_use]
pub fn config(explicit: Option<PathBuf>) -> ConfigFile {
    match explicit
        .or_else(|| std::env::var_os("CSM_CONFIG").filter(|v| !v.is_empty()).map(PathBuf::from))
    {
        Some(path) => ConfigFile::Named(path),
        None => ConfigFile::Default(project().map(|p| p.config_dir().join("config.toml"))),
    }
}
