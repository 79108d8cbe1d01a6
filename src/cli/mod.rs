//! The command line: global options, subcommands, and running one of them.
//!
//! Everything a command prints goes through here, so the rules live in one place: output is
//! buffered and its write errors are real errors (exit 2), a closed pipe ends quietly, and an
//! error message is one sanitised line that is dropped, not panicked over, when stderr cannot
//! take it.

pub mod reports;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::library::{Library, LoadError, LoadOptions};
use crate::sanitize::sanitize;
use crate::tui::Exit;
use reports::CommandError;

/// Columns for `show` when stdout is not a terminal.
const DEFAULT_WIDTH: usize = 80;

/// A terminal reader for a folder of plain-text news articles linked by `Read More:` lines.
///
/// With no command, opens the three-pane reader.
#[derive(Debug, Parser)]
#[command(name = "readmore", version)]
pub struct Cli {
    /// Config file (default: ./config.toml, then $XDG_CONFIG_HOME/readmore/config.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Articles folder (overrides `articles` in the config).
    #[arg(long, global = true, value_name = "DIR")]
    pub articles: Option<PathBuf>,
    /// Neither read nor write the reading state (read/unread, stars, positions).
    #[arg(long, global = true)]
    pub no_state: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List article titles, in path order or, with --search, best match first.
    List {
        /// Only titles matching this fuzzy query (fzf syntax: words, 'exact, ^prefix, suffix$, !not).
        #[arg(long, short)]
        search: Option<String>,
        /// Print JSON: [{"title", "path"}].
        #[arg(long)]
        json: bool,
    },
    /// Print an article as plain text, links resolved.
    Show {
        /// The article's title (case, spacing and quote style do not matter).
        title: String,
        /// Wrap to this many columns (default: the terminal's width, or 80).
        #[arg(long, short, value_parser = clap::value_parser!(u16).range(1..))]
        width: Option<u16>,
    },
    /// Print an article's outgoing links and backlinks.
    Links {
        /// The article's title.
        title: String,
        /// Print JSON: {"title", "outgoing": [{"text", "target"}], "backlinks": [...]}.
        #[arg(long)]
        json: bool,
    },
    /// Search titles and text: every word must match (any case), "quoted phrases" as phrases;
    /// best matches first, a title match counting most.
    Search {
        /// The words or "phrases" to find.
        query: String,
        /// Print JSON: [{"title", "path", "snippet"}].
        #[arg(long)]
        json: bool,
    },
    /// Load the library and report skipped files, warnings, duplicates and dangling links.
    Check {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// The parsed command line, or the exit code once clap has printed help, the version or a
/// usage error. Help that cannot be written (stdout closed or full) is a failure, not exit 0.
pub fn parse() -> Result<Cli, ExitCode> {
    Cli::try_parse().map_err(|err| match err.print() {
        Err(io) if io.kind() != io::ErrorKind::BrokenPipe && !err.use_stderr() => {
            print_error(&format!("cannot write to standard output: {io}"));
            ExitCode::from(2)
        }
        _ => ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2)),
    })
}

/// Runs the reader or one command; the exit code for what happened, or a fatal error.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let mut config = Config::load(cli.config.as_deref())?;
    // A folder named in a config file is the file's mistake: say which file and key.
    let named_by = match (&cli.articles, &config.source) {
        (None, Some(source)) => Some(format!("{}: articles: ", source.display())),
        _ => None,
    };
    if let Some(articles) = cli.articles {
        config.articles = articles;
    }
    let options = LoadOptions {
        max_article_bytes: config.max_article_bytes,
    };
    let named = |err: LoadError| anyhow::anyhow!("{}{err}", named_by.clone().unwrap_or_default());
    let Some(command) = cli.command else {
        // Fatal problems are reported before the terminal is touched; the reader loads the
        // library itself, behind a progress screen.
        Library::check_root(&config.articles).map_err(named)?;
        let state = if cli.no_state {
            None
        } else {
            crate::reading_state::default_path()
        };
        return Ok(match crate::tui::run(config, options, state)? {
            Exit::Quit => ExitCode::SUCCESS,
            Exit::Signal(number) => ExitCode::from(u8::try_from(128 + number).unwrap_or(1)),
        });
    };
    let library = Library::load(&config.articles, options).map_err(named)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = match command {
        Command::List { search, json } => {
            reports::list(&library, search.as_deref(), json, &mut out).map_err(CommandError::from)
        }
        Command::Show { title, width } => {
            let width = width.map_or_else(terminal_width, usize::from);
            reports::show(&library, &title, width, &mut out)
        }
        Command::Links { title, json } => reports::links(&library, &title, json, &mut out),
        Command::Search { query, json } => {
            reports::search(&library, &query, json, &mut out).map_err(CommandError::from)
        }
        Command::Check { json } => {
            reports::check(&library, json, &mut out).map_err(CommandError::from)
        }
    };
    let result = result.and_then(|()| out.flush().map_err(CommandError::from));
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(CommandError::Io(err)) => {
            Err(anyhow::Error::new(err).context("cannot write to standard output"))
        }
        Err(err) => {
            drop(out);
            print_error(&err.to_string());
            Ok(ExitCode::from(err.exit_code()))
        }
    }
}

/// Writes `error: MESSAGE` to stderr as one sanitised line. A stderr that cannot take it
/// (closed, full) loses the message but must not turn the exit code into a panic's 101, as
/// `eprintln!` would.
pub fn print_error(message: &str) {
    let _ = writeln!(io::stderr().lock(), "error: {}", sanitize(message));
}

/// The error for a standard output that was closed when readmore started (`>&-`).
pub const STDOUT_CLOSED: &str = "cannot write to standard output: it is closed";

/// True when `err` comes from a reader that stopped reading (`readmore list | head`), which
/// is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn terminal_width() -> usize {
    match ratatui::crossterm::terminal::size() {
        Ok((columns, _)) if io::stdout().is_terminal() => usize::from(columns).max(1),
        _ => DEFAULT_WIDTH,
    }
}
