//! The command line: arguments (clap) and what each command does with the library.
//!
//! Every command returns a [`CliError`] instead of printing one, so the binary reports every
//! failure the same way: one line on stderr and a non-zero exit.
//!
//! Nothing here prints with `println!` or `eprintln!`: standard output goes through
//! [`write_stdout`] and messages through [`write_stderr`], the two writers that make outside text
//! (file names, SQLite's and the TOML parser's messages, imported values) safe for a terminal.

mod account;
mod account_set;
mod accounts;
mod backtest;
mod book;
mod calendar;
mod contact;
mod digest;
mod emit;
mod feedback;
mod fields;
mod files;
mod forecast;
mod import;
mod log;
mod manual;
mod opportunity;
mod playbooks;
mod qbr;
mod record;
mod renewal;
mod renewal_call;
mod restore;
mod retention;
mod server;
mod settings;
mod todo;

use std::io::Write as _;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::builder::TypedValueParser as _;
use clap::{Parser, Subcommand};

use crate::book::{ScoredBook, account_detail};
use crate::config::{Config, ConfigError};
use crate::demo::DemoOptions;
use crate::domain::{safe_message, terminal_safe_lines};
use crate::paths;
use crate::report;
use crate::scoring::Depth;
use crate::store::{Store, StoreError};
use book::{
    backup_file, check_file, demo_file, first_run, init, is_missing, missing_book, no_accounts_yet,
    open_existing, open_to_read, write_demo,
};

/// csm: your book of business in the terminal.
#[derive(Debug, Parser)]
#[command(name = "csm", version, about, long_about = None)]
pub struct Cli {
    /// The book to use: a file, or a PostgreSQL URL (postgres://USER@HOST:PORT/DATABASE)
    /// [default: $CSM_DB, else csm.db in the platform data directory].
    #[arg(
        long,
        global = true,
        value_name = "PATH|URL",
        value_parser = clap::builder::OsStringValueParser::new().map(paths::DbArg)
    )]
    pub db: Option<paths::DbArg>,
    /// Compute everything as of this date instead of today.
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// The configuration file, which must exist [default: $CSM_CONFIG (which must exist too),
    /// else config.toml in the platform config directory when there is one].
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Print no progress bars and no notes on standard error (errors and warnings still).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate a realistic demo book (in its own file unless --db is given).
    Demo {
        /// How many accounts.
        #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        accounts: u32,
        /// The seed: the same seed and as-of date give the same book.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Years of renewal history before the as-of date, former customers included (the
        /// last year is the same whatever this is).
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=5))]
        years: u32,
        /// Write the book and exit without showing it.
        #[arg(long)]
        no_open: bool,
        /// Overwrite a --db file that already holds a book.
        #[arg(long)]
        replace: bool,
    },
    /// Create an empty book (at --db, $CSM_DB or the default place); an existing file is never
    /// touched. Then import your accounts: `csm import accounts FILE`.
    Init,
    /// Summarise the book: totals, then the accounts that need attention and why.
    Report {
        /// Print the JSON report (a stable format for scripts).
        #[arg(long)]
        json: bool,
        /// How many accounts needing attention to list.
        #[arg(long, default_value_t = 15)]
        limit: usize,
        /// Explain each listed account: components, their inputs and weight, and the smallest
        /// rise of each that would lift the band.
        #[arg(long, conflicts_with = "json")]
        explain: bool,
    },
    /// Import a file exported from a CRM, help desk, survey or analytics tool (accounts first:
    /// the other kinds refer to them). One transaction: a file with any problem writes nothing.
    Import(import::ImportArgs),
    /// Write out the whole book with its scores: JSON (every record, for programs) or CSV (one
    /// row per account, for spreadsheets).
    Export {
        /// The file format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Write to FILE (created readable by its owner only) instead of standard output; `-` or
        /// /dev/stdout mean standard output. Anything but a regular file (a link, a device, a
        /// directory) is refused, never replaced.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List the book's accounts scored at the as-of date, most attention first unless --sort;
    /// the filters apply together, as in the workspace.
    Accounts(accounts::AccountsArgs),
    /// Show one account: scores, what explains its health, contacts, open todos, opportunities;
    /// `account set` corrects its fields.
    Account(account::AccountArgs),
    /// Write the QBR brief of one account (Markdown): health now and a quarter ago, usage,
    /// support, stakeholders, risks, wins, renewal, a proposed agenda and next steps.
    Qbr(qbr::QbrArgs),
    /// Copy the book to FILE: a consistent copy, even while a workspace has the book open.
    Backup {
        /// Where to write the copy.
        file: PathBuf,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Write a book back from its JSON export (`csm export`), into an empty book: every record
    /// under its id, with the relations between them. A restore, or a move to another csm.
    Restore(restore::RestoreArgs),
    /// Check the book's file: its pages, the references between records, its schema version.
    /// Exits 0 when intact, 3 when a problem was found.
    Check {
        /// Print the verdict as JSON: `intact`, `accounts`, `schema`, `problems`.
        #[arg(long)]
        json: bool,
    },
    /// Run the playbooks: the todos their rules call for at the as-of date, each once.
    #[command(subcommand)]
    Playbooks(playbooks::PlaybooksCommand),
    /// Add, complete, snooze, delete or list todos. A write prints what it changed, in a line.
    #[command(subcommand)]
    Todo(todo::TodoCommand),
    /// Log a touchpoint with an account: a call, an email, a meeting, a QBR, a note.
    Log(log::LogArgs),
    /// Add, correct or delete an account's contacts. A write prints what it changed, in a line.
    #[command(subcommand)]
    Contact(contact::ContactCommand),
    /// Add, correct or close an account's opportunities. A write prints what it changed, in a
    /// line.
    #[command(subcommand)]
    Opportunity(opportunity::OpportunityCommand),
    /// Record how an account's renewal ended (renewed at a new ARR, or churned).
    #[command(subcommand)]
    Renewal(renewal::RenewalCommand),
    /// List the renewal history known at the as-of date: recorded, imported, and read from
    /// closed renewal opportunities.
    Renewals {
        /// Print a JSON array of records (`account_id`, `due`, `closed_on`, `outcome`,
        /// `arr_before`, `arr_after`, `note`, `source`).
        #[arg(long)]
        json: bool,
    },
    /// Print the day's digest as Markdown for an email or a chat: the accounts that need
    /// attention and why, renewals reaching a milestone this week, todos overdue or due today.
    Digest(digest::DigestArgs),
    /// Write the renewals and the open todos' due days as iCalendar (.ics) all-day events.
    Calendar(calendar::CalendarArgs),
    /// Gross, net and logo retention of the renewals due in each of the last four full quarters
    /// and their span, for the book and by segment.
    Retention {
        /// Print JSON: each period's figures with its records.
        #[arg(long)]
        json: bool,
    },
    /// The renewals due within the horizon, each with its probability (its band's renewal rate
    /// on this book's history, or a call), the expected renewed ARR, P10/P50/P90 and the saves
    /// that move it most.
    Forecast {
        /// Renewals due within this many days [default: the configuration's, 90].
        #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(0..=3650))]
        horizon: Option<u32>,
        /// Print JSON with every renewal and figure.
        #[arg(long)]
        json: bool,
    },
    /// Does the health score predict churn here? Health a lead before every past renewal
    /// against its outcome: AUC, Brier score, churn by band, each component and signal.
    Backtest {
        /// Read health this many days before each renewal [default: the configuration's, 90].
        #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=3650))]
        lead: Option<u32>,
        /// Print JSON with every record's row, so each figure can be recomputed.
        #[arg(long)]
        json: bool,
    },
    /// Where the configuration file is, a commented one to start from, and what is in effect.
    #[command(subcommand)]
    Config(settings::ConfigCommand),
    /// Print the completion script of a shell (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Set up a book on a PostgreSQL server (--db postgres://USER@HOST:PORT/DATABASE or
    /// CSM_DB): make its schema, or bring it up to this csm's version.
    #[command(subcommand)]
    Server(server::ServerCommand),
    /// Print csm's manual page (roff), or write one page per command to a directory.
    Man {
        /// Write the pages to this directory instead (`csm.1`, `csm-todo-add.1`, …).
        #[arg(short = 'o', long = "output", value_name = "DIR")]
        output: Option<PathBuf>,
    },
}

/// The formats of `csm export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The whole book: every account with its score and records.
    Json,
    /// One row per account with its score summary, for spreadsheets.
    Csv,
}

/// A command that failed; the message is the whole story.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Refused(String),
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
    #[error("configuration: {0}")]
    Keymap(String),
    #[error(transparent)]
    Workspace(#[from] crate::ui::RunError),
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
    #[error(transparent)]
    Backup(#[from] crate::store::BackupError),
    #[error(transparent)]
    File(#[from] crate::output::OutputError),
    /// `csm check` found problems (listed on stdout); the message is the verdict.
    #[error("{0}")]
    NotIntact(String),
}

impl CliError {
    /// The process's exit status (SPEC 11): 3 when a check found the book damaged, so that
    /// scripts can tell it from a check that could not run (1) and from a usage error (2, the
    /// command line's parser).
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::NotIntact(_) => 3,
            _ => 1,
        }
    }
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a date: expected YYYY-MM-DD, e.g. 2026-11-24"))
}

/// Runs the command line.
///
/// # Errors
/// Whatever the command could not do, as one message.
pub fn run(cli: Cli) -> Result<(), CliError> {
    // These read no configuration: a broken or missing file must still be found and replaced.
    match &cli.command {
        Some(Command::Config(settings::ConfigCommand::Path)) => {
            return settings::path(&paths::config(cli.config));
        }
        Some(Command::Config(settings::ConfigCommand::Init { force })) => {
            return settings::init(&paths::config(cli.config), *force);
        }
        Some(Command::Completions { shell }) => return manual::completions(*shell),
        Some(Command::Man { output }) => return manual::man(output.as_deref()),
        // The server's administration reads no configuration either: the schema is the book's.
        Some(Command::Server(command)) if !server::reads_configuration(command) => {
            return server::run(&paths::book(cli.db.clone())?, command);
        }
        _ => {}
    }
    // The playbooks check their rules as the file is read: a bad rule refuses the configuration
    // at once, whatever the command, not on the day a run needs it.
    let config = Config::load(&paths::config(cli.config.clone()), crate::playbooks::check_rules)?;
    let as_of = cli.as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    let feedback = feedback::Feedback::new(cli.quiet);
    match cli.command {
        Some(Command::Demo { accounts, seed, years, no_open, replace }) => {
            let explicit = cli.db.is_some();
            let location = paths::demo(cli.db)?;
            let path = demo_file(&location)?;
            let options = DemoOptions { accounts: accounts as usize, seed, as_of, years };
            let mut store = write_demo(path, explicit && !replace, &options, &feedback)?;
            // Like an import, a new book is scored at once, so the first look at it is instant.
            ScoredBook::load_watched(&mut store, &config, as_of, &*feedback)?;
            if no_open {
                Ok(())
            } else if interactive() {
                drop(feedback);
                open_workspace(store, config, as_of)
            } else {
                print_report(&mut store, &config, as_of, (15, false), &*feedback)
            }
        }
        Some(Command::Init) => init(&paths::book(cli.db)?),
        Some(Command::Report { json, limit, explain }) => {
            let mut store = open_to_read(&paths::book(cli.db)?)?;
            if json {
                let book = ScoredBook::load_watched(&mut store, &config, as_of, &*feedback)?;
                write_stdout(&report::json(&book))
            } else {
                print_report(&mut store, &config, as_of, (limit, explain), &*feedback)
            }
        }
        Some(Command::Import(args)) => {
            // Only `init` and `demo` create a book: an import into a mistyped path must not.
            let mut store = open_existing(&paths::book(cli.db)?)?;
            let (summary, changed) = import::run(&mut store, &config, &args, as_of, &feedback)?;
            write_stdout(&summary)?;
            if changed && !args.no_playbooks {
                // The import is committed and reported: a playbook run that fails (a busy store,
                // a rule in error) is told, not turned into a failed import for scripts.
                if let Err(e) = playbooks::after_import(&mut store, &config, as_of, &feedback) {
                    write_stderr(&format!("csm: imported; the playbooks did not run: {e}"));
                }
            }
            Ok(())
        }
        Some(Command::Playbooks(command)) => {
            let path = paths::book(cli.db)?;
            let playbooks::PlaybooksCommand::Run { dry_run, .. } = command;
            let mut store = if dry_run { open_to_read(&path)? } else { open_existing(&path)? };
            write_stdout(&playbooks::run(&mut store, &config, &command, as_of)?)
        }
        Some(Command::Todo(command)) => {
            let path = paths::book(cli.db)?;
            let mut store =
                if command.writes() { open_existing(&path)? } else { open_to_read(&path)? };
            write_stdout(&todo::run(&mut store, &config, &command, as_of)?)
        }
        Some(Command::Log(args)) => {
            let mut store = open_existing(&paths::book(cli.db)?)?;
            write_stdout(&log::run(&mut store, &config, &args, as_of)?)
        }
        Some(Command::Digest(args)) => {
            let path = paths::book(cli.db)?;
            let mut store = open_to_read(&path)?;
            feedback.score_cold(&mut store, &config, as_of)?;
            digest::run(&mut store, &path, &config, as_of, &args)
        }
        Some(Command::Calendar(args)) => {
            let path = paths::book(cli.db)?;
            let store = open_to_read(&path)?;
            calendar::run(&store, &path, &config, as_of, &args)
        }
        Some(Command::Retention { json }) => {
            let store = open_to_read(&paths::book(cli.db)?)?;
            write_stdout(&retention::run(&store, as_of, json)?)
        }
        Some(Command::Forecast { horizon, json }) => {
            let mut store = open_to_read(&paths::book(cli.db)?)?;
            write_stdout(&forecast::run(&mut store, &config, as_of, horizon, json)?)
        }
        Some(Command::Backtest { lead, json }) => {
            let mut store = open_to_read(&paths::book(cli.db)?)?;
            write_stdout(&backtest::run(&mut store, &config, as_of, lead, json)?)
        }
        Some(Command::Config(command)) => match command {
            settings::ConfigCommand::Show { json } => {
                settings::show(&paths::config(cli.config), json)
            }
            // Answered above, before the configuration was read.
            settings::ConfigCommand::Path | settings::ConfigCommand::Init { .. } => Ok(()),
        },
        Some(Command::Server(server::ServerCommand::Load { book })) => {
            server::load(&paths::book(cli.db)?, &book, &config, as_of)
        }
        Some(Command::Completions { .. } | Command::Man { .. } | Command::Server(_)) => Ok(()),
        Some(Command::Export { format, output }) => {
            let path = paths::book(cli.db)?;
            let mut store = open_to_read(&path)?;
            let to = (format, output.as_deref());
            files::export(&mut store, &path, &config, as_of, to, &*feedback)
        }
        Some(Command::Accounts(args)) => {
            let mut store = open_to_read(&paths::book(cli.db)?)?;
            feedback.score_cold(&mut store, &config, as_of)?;
            accounts::run(&mut store, &config, as_of, &args)
        }
        Some(Command::Account(args)) => match &args.command {
            Some(account::AccountCommand::Set(set)) => {
                let mut store = open_existing(&paths::book(cli.db)?)?;
                write_stdout(&account_set::run(&mut store, &config, set, as_of)?)
            }
            None => {
                let mut store = open_to_read(&paths::book(cli.db)?)?;
                feedback.score_cold(&mut store, &config, as_of)?;
                account::run(&mut store, &config, as_of, &args)
            }
        },
        Some(Command::Contact(command)) => {
            let mut store = open_existing(&paths::book(cli.db)?)?;
            write_stdout(&contact::run(&mut store, &config, &command, as_of)?)
        }
        Some(Command::Opportunity(command)) => {
            let mut store = open_existing(&paths::book(cli.db)?)?;
            write_stdout(&opportunity::run(&mut store, &config, &command, as_of)?)
        }
        Some(Command::Renewal(command)) => {
            let mut store = open_existing(&paths::book(cli.db)?)?;
            write_stdout(&renewal::run(&mut store, &config, &command, as_of)?)
        }
        Some(Command::Renewals { json }) => {
            let store = open_to_read(&paths::book(cli.db)?)?;
            write_stdout(&renewal::list(&store, &config, as_of, json)?)
        }
        Some(Command::Qbr(args)) => {
            let path = paths::book(cli.db)?;
            let mut store = open_to_read(&path)?;
            feedback.score_cold(&mut store, &config, as_of)?;
            qbr::run(&mut store, &path, &config, as_of, &args)
        }
        Some(Command::Backup { file, force }) => {
            let location = paths::book(cli.db)?;
            let path = backup_file(&location)?;
            missing_book(&location)?;
            files::backup(path, &file, force)
        }
        Some(Command::Restore(args)) => {
            let mut store = open_existing(&paths::book(cli.db)?)?;
            write_stdout(&restore::run(&mut store, &config, &args)?)
        }
        Some(Command::Check { json }) => {
            let location = paths::book(cli.db)?;
            let path = check_file(&location)?;
            missing_book(&location)?;
            files::check(path, json)
        }
        None => {
            let path = paths::book(cli.db)?;
            if is_missing(&path) {
                return write_stdout(&first_run(&path));
            }
            let store = open_existing(&path)?;
            if interactive() {
                // The workspace itself greets an empty book with how to start.
                return open_workspace(store, config, as_of);
            }
            if store.account_count()? == 0 {
                return write_stdout(&no_accounts_yet(&path));
            }
            Err(crate::ui::RunError::NotATerminal.into())
        }
    }
}

/// Whether the workspace can take over the terminal.
fn interactive() -> bool {
    use std::io::IsTerminal as _;
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

fn open_workspace(store: Store, config: Config, as_of: NaiveDate) -> Result<(), CliError> {
    let keymap = crate::ui::Keymap::load(&config.keymap).map_err(CliError::Keymap)?;
    crate::ui::run(store, config, keymap, as_of)?;
    Ok(())
}

/// The text report: `shown` is how many accounts to list and whether to explain each.
fn print_report(
    store: &mut Store,
    config: &Config,
    as_of: NaiveDate,
    shown: (usize, bool),
    watch: &dyn crate::progress::Watch,
) -> Result<(), CliError> {
    let (limit, explain) = shown;
    let book = ScoredBook::load_watched(store, config, as_of, watch)?;
    let mut failed = None;
    let options = report::TextOptions { currency: &config.book.currency, limit, explain };
    let text = report::text(&book, options, |entry| {
        match account_detail(store, config, entry.account.id, as_of, Depth::Report) {
            Ok(detail) => detail,
            Err(e) => {
                failed.get_or_insert(e);
                None
            }
        }
    });
    if let Some(e) = failed {
        return Err(e.into());
    }
    write_stdout(&text)
}

/// The one writer of standard output: success lines, reports, briefs. Line breaks and tabs stay;
/// every character that could move the cursor, change the terminal or hide text is removed
/// ([`terminal_safe_lines`]), whatever the text quotes.
fn write_stdout(text: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    let safe = terminal_safe_lines(text);
    match stdout.write_all(safe.as_bytes()).and_then(|()| stdout.flush()) {
        // A closed pipe (`csm report | head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// The one writer of messages on standard error: `message` made safe and each of its lines cut
/// ([`safe_message`]), then a line end. A message that cannot be written has nowhere else to go,
/// so a failure here is ignored.
pub fn write_stderr(message: &str) {
    let safe = safe_message(message);
    let mut stderr = std::io::stderr().lock();
    let end = if safe.ends_with('\n') { "" } else { "\n" };
    let _ = write!(stderr, "{safe}{end}").and_then(|()| stderr.flush());
}

/// Reports a command line clap could not parse, or the help or version it was asked for, and
/// returns the exit status clap chose (0 for help and version, 2 for a usage error).
///
/// The help and the version are csm's own text and go to standard output as clap renders them;
/// an error quotes what was typed (an option's value may hold anything) and goes through
/// [`write_stderr`].
#[must_use]
pub fn report_parse_error(error: &clap::Error) -> u8 {
    if error.use_stderr() {
        write_stderr(&error.render().to_string());
    } else {
        // A closed standard output (`csm --help | head -1`) is the reader's choice.
        let _ = error.print();
    }
    u8::try_from(error.exit_code()).unwrap_or(2)
}
