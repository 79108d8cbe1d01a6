//! Entry point: parse the command line, load config and library, run one command or the reader.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use readmore::cli::{Cli, Command};
use readmore::commands::{self, CommandError};
use readmore::config::Config;
use readmore::library::{Library, LoadError, LoadOptions};
use readmore::tui::Exit;

/// Columns for `show` when stdout is not a terminal.
const DEFAULT_WIDTH: usize = 80;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!(
                "error: {}",
                readmore::sanitize::sanitize(&format!("{err:#}"))
            );
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
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
        follow_symlinks: config.follow_symlinks,
    };
    let named = |err: LoadError| anyhow::anyhow!("{}{err}", named_by.clone().unwrap_or_default());
    let Some(command) = cli.command else {
        // Fatal problems are reported before the terminal is touched; the reader loads the
        // library itself, behind a progress screen.
        Library::check_root(&config.articles).map_err(named)?;
        let state = if cli.no_state {
            None
        } else {
            readmore::reading_state::default_path()
        };
        return Ok(match readmore::tui::run(config, options, state)? {
            Exit::Quit => ExitCode::SUCCESS,
            Exit::Signal(number) => ExitCode::from(u8::try_from(128 + number).unwrap_or(1)),
        });
    };
    let library = Library::load(&config.articles, options).map_err(named)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = match command {
        Command::List { search, json } => {
            commands::list(&library, search.as_deref(), json, &mut out).map_err(CommandError::from)
        }
        Command::Show { title, width } => {
            let width = width.map_or_else(terminal_width, usize::from);
            commands::show(&library, &title, width, &mut out)
        }
        Command::Links { title, json } => commands::links(&library, &title, json, &mut out),
        Command::Search { query, json } => {
            commands::search(&library, &query, json, &mut out).map_err(CommandError::from)
        }
        Command::Check { json } => {
            commands::check(&library, json, &mut out).map_err(CommandError::from)
        }
    };
    let result = result.and_then(|()| out.flush().map_err(CommandError::from));
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(CommandError::Io(err)) => Err(err.into()),
        Err(err) => {
            drop(out);
            eprintln!("error: {}", readmore::sanitize::sanitize(&err.to_string()));
            Ok(ExitCode::from(err.exit_code()))
        }
    }
}

fn terminal_width() -> usize {
    match ratatui::crossterm::terminal::size() {
        Ok((columns, _)) if std::io::stdout().is_terminal() => usize::from(columns).max(1),
        _ => DEFAULT_WIDTH,
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
