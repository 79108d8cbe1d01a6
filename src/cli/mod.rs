//! The command line: global options, subcommands, and running one of them.
//!
//! Everything a command prints goes through here, so the rules live in one place: output is
//! buffered and its write errors are real errors (exit 2), a closed pipe ends quietly, and an
//! error message is one sanitised line that is dropped, not panicked over, when stderr cannot
//! take it.

pub mod check;
pub mod feeds;
pub mod graph;
mod home;
mod import;
mod lookup;
pub mod manual;
pub mod reports;
mod save;
pub mod search;
pub mod similar;
mod state;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicUsize;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueHint};

use crate::app::config::Config;
use crate::domain::library::{CacheKey, Library, LoadError, LoadOptions};
use crate::domain::sanitize::sanitize;
use crate::tui::Exit;
use lookup::CommandError;

/// Columns for `show` when stdout is not a terminal.
const DEFAULT_WIDTH: usize = 80;

/// A terminal reader for a folder of plain-text news articles linked by `Read More:` lines.
///
/// With no command, opens the three-pane reader.
#[derive(Debug, Parser)]
#[command(name = "readmore", version)]
pub struct Cli {
    /// Config file (default: ./config.toml, then $XDG_CONFIG_HOME/readmore/config.toml).
    #[arg(long, global = true, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub config: Option<PathBuf>,
    /// Articles folder (overrides `articles` in the config).
    #[arg(long, global = true, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub articles: Option<PathBuf>,
    /// Neither read nor write the reading state (read/unread, stars, positions).
    #[arg(long, global = true)]
    pub no_state: bool,
    /// Read every article file, neither reading nor writing the metadata cache.
    #[arg(long, global = true)]
    pub no_cache: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(flatten)]
    Report(Report),
    /// Print a shell completion script (bash, zsh, fish, elvish or powershell).
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; view it with `readmore man | man -l -`).
    Man,
    /// Bring in what another feed reader kept (`readmore import newsboat`).
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Read it later: fetch one web page, extract its article and write it to the library.
    Save(save::SaveArgs),
    /// Back up, move or restore the reading state (read, starred, positions).
    #[command(subcommand)]
    State(state::StateCommand),
    /// Subscribe the library to feeds, list or remove them.
    #[command(subcommand)]
    Feeds(feeds::FeedsCommand),
    /// Fetch the subscriptions and write their new items as articles.
    ///
    /// Prints one line per feed (new, updated, not modified, failed and why). Exits with 1
    /// when a feed failed, 2 for a usage error (such as a URL that is not subscribed).
    Fetch(feeds::FetchArgs),
}

/// The commands that load the library and report on it.
#[derive(Debug, Subcommand)]
pub enum Report {
    /// List article titles, in path order or, with --search, best match first.
    ///
    /// With --search, exits with 1 when nothing matches, as `search` and grep do.
    List {
        /// Only titles matching this fuzzy query (fzf syntax: words, 'exact, ^prefix, suffix$, !not).
        #[arg(long, short)]
        search: Option<String>,
        /// Print JSON: [{"title", "path"}].
        #[arg(long, conflicts_with = "paths")]
        json: bool,
        /// Print each title, a tab and its path relative to the articles folder.
        #[arg(long)]
        paths: bool,
    },
    /// Print an article as plain text, links resolved.
    Show {
        #[arg(value_name = "ARTICLE", help = ARTICLE_HELP)]
        article: String,
        /// Wrap to this many columns (default: the terminal's width, or 80).
        #[arg(long, short, value_parser = clap::value_parser!(u16).range(1..))]
        width: Option<u16>,
        /// Print JSON: {"title", "path", "paragraphs", "links": [{"text", "target"}],
        /// "source", "published", "feed": {"title", "url"}} (the last three null unless the
        /// story was fetched or saved).
        #[arg(long, conflicts_with = "width")]
        json: bool,
    },
    /// Print an article's outgoing links and backlinks.
    Links {
        #[arg(value_name = "ARTICLE", help = ARTICLE_HELP)]
        article: String,
        /// Print JSON: {"title", "outgoing": [{"text", "target"}], "backlinks": [...],
        /// "similar": [{"title", "path", "score"}]}.
        #[arg(long)]
        json: bool,
    },
    /// Print the stories closest in content to an article, best first, with a score.
    ///
    /// Found from the article's most distinctive words; the article itself and the stories it
    /// links to or is linked from are left out.
    Similar {
        #[arg(value_name = "ARTICLE", help = ARTICLE_HELP)]
        article: String,
        /// How many stories to print.
        #[arg(long, short = 'n', default_value_t = similar::DEFAULT_LIMIT)]
        limit: usize,
        /// Print JSON: [{"title", "path", "score"}].
        #[arg(long)]
        json: bool,
    },
    /// Search titles and text, best matches first.
    ///
    /// Every word must match (any case), "quoted phrases" as phrases; a title match counts
    /// most. Prints each match's title and a snippet (the best 20 unless --limit), or with
    /// --paths only the paths of every match, as `rg -l` does. Exits with 1 when nothing
    /// matches, as grep does.
    Search(search::SearchArgs),
    /// Load the library and report skipped files, warnings, duplicates, dangling links,
    /// orphans and the most-linked stories.
    ///
    /// Exits with 1 when a file was skipped, a title is duplicated or a link dangles (warnings
    /// alone keep 0), so that a script or CI job can fail on a broken library. Orphans
    /// (stories no other story links to and that link to no other) and the ten stories with
    /// the most backlinks are information, not problems: they never change the exit code.
    Check {
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Exit with 0 even when problems were found.
        #[arg(long)]
        warn_only: bool,
        /// List every orphan, not the first few (JSON always lists them all).
        #[arg(long)]
        all: bool,
    },
    /// Print the whole link graph: one `from -> to` line per link, JSON or Graphviz DOT.
    ///
    /// Articles are keyed by path (titles need not be unique). A dangling link is printed as
    /// `from -> ✗ text (not in library)`, a null `to` in JSON, a dashed node in DOT.
    Graph {
        /// Print JSON: {"nodes": [{"title", "path"}], "edges": [{"from", "to", "text", "dangling"}]}.
        #[arg(long, conflicts_with = "dot")]
        json: bool,
        /// Print a Graphviz digraph (`readmore graph --dot | dot -Tsvg > graph.svg`).
        #[arg(long)]
        dot: bool,
    },
}

/// How `show`, `links` and `similar` name an article.
const ARTICLE_HELP: &str = "The article's title (case, spacing and quote style do not matter), \
or its path relative to the articles folder (which reaches every copy of a duplicated title), \
or the path of its file";

/// The parsed command line, or the exit code once clap has printed help, the version or a
/// usage error. Help that cannot be written (stdout closed or full) is a failure, not exit 0.
pub fn parse() -> Result<Cli, ExitCode> {
    let parsed = command()
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    parsed.map_err(|err| {
        use clap::error::ErrorKind;
        if matches!(
            err.kind(),
            ErrorKind::InvalidValue
                | ErrorKind::ValueValidation
                | ErrorKind::UnknownArgument
                | ErrorKind::ArgumentConflict
        ) {
            // A bad value or option is said in one line, as readmore's other errors are.
            let message = err.to_string();
            let first = message.lines().next().unwrap_or_default();
            print_error(first.strip_prefix("error: ").unwrap_or(first));
            return ExitCode::from(2);
        }
        printed(&err)
    })
}

/// The exit code once clap has printed `err` (help, the version or a usage error).
fn printed(err: &clap::Error) -> ExitCode {
    match err.print() {
        Err(io) if io.kind() != io::ErrorKind::BrokenPipe && !err.use_stderr() => {
            print_error(&format!("cannot write to standard output: {io}"));
            ExitCode::from(2)
        }
        _ => ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2)),
    }
}

/// The command line's definition, with the files, environment and exit statuses after the
/// options in `--help` (the manual page has them as sections).
pub fn command() -> clap::Command {
    Cli::command().after_long_help(manual::after_help())
}

/// Runs the reader or one command; the exit code for what happened, or a fatal error.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let report = match cli.command {
        // Neither needs the config or the library, so a broken config cannot block them.
        Some(Command::Completions { shell }) => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command(), "readmore", &mut script);
            return print(&script);
        }
        Some(Command::Man) => return print(&manual::man_page(Cli::command())?),
        Some(Command::Import(command)) => {
            let config = feeds_config(cli.config.as_deref(), cli.articles)?;
            let state = (!cli.no_state)
                .then(crate::domain::store::default_path)
                .flatten();
            return import::run(command, &config, state);
        }
        Some(Command::Save(args)) => {
            let config = feeds_config(cli.config.as_deref(), cli.articles)?;
            return save::run(args, &config);
        }
        Some(Command::State(command)) => {
            let store = match (cli.no_state, crate::domain::store::default_path()) {
                (true, _) => anyhow::bail!("--no-state: there is no reading state to use"),
                (false, None) => {
                    anyhow::bail!("no reading state folder: set XDG_STATE_HOME or HOME")
                }
                (false, Some(path)) => path,
            };
            // Marks belong to one library: the one `--articles` names, else the config's.
            let library = match cli.articles {
                Some(articles) => articles,
                None => Config::load(cli.config.as_deref())?.articles,
            };
            return state::run(command, &store, &library);
        }
        Some(Command::Report(report)) => Some(report),
        Some(Command::Feeds(command)) => {
            let config = feeds_config(cli.config.as_deref(), cli.articles)?;
            return feeds::run_feeds(command, &config);
        }
        Some(Command::Fetch(args)) => {
            let config = feeds_config(cli.config.as_deref(), cli.articles)?;
            return feeds::run_fetch(args, &config);
        }
        None => None,
    };
    let mut config = Config::load(cli.config.as_deref())?;
    // A folder named in a config file is the file's mistake: say which file and key.
    let named_by = match (&cli.articles, &config.source) {
        (None, Some(source)) if config.articles_named => {
            format!("{}: articles: ", source.display())
        }
        _ => String::new(),
    };
    config.articles = home::articles_folder(cli.articles, &config)?;
    // Derived data: without a home folder there is simply no cache.
    let cache = if cli.no_cache {
        None
    } else {
        crate::domain::paths::cache_dir()
    };
    // Only a cache keyed with this user's secret (kept in the state folder) is trusted.
    let key_file = (cache.as_ref()).and_then(|_| crate::domain::paths::state_dir());
    let options = LoadOptions {
        cache_key: key_file.map_or_else(CacheKey::default, |dir| {
            CacheKey::kept_in(&dir.join("cache-key"))
        }),
        ..config.load_options()
    };
    let named = |err: LoadError| anyhow::anyhow!("{named_by}{err}");
    let Some(report) = report else {
        // Fatal problems are reported before the terminal is touched; the reader loads the
        // library itself, behind a progress screen.
        Library::check_root(&config.articles).map_err(named)?;
        let state = if cli.no_state {
            None
        } else {
            crate::domain::store::default_path()
        };
        return Ok(
            match crate::tui::run(config, options, cache.as_deref(), state)? {
                Exit::Quit => ExitCode::SUCCESS,
                Exit::Signal(number) => ExitCode::from(u8::try_from(128 + number).unwrap_or(1)),
            },
        );
    };
    // A search the index vouches for, or a check of a folder unchanged since the last one,
    // needs no library (see `search` and `check`).
    let (root, cache_dir) = (&config.articles, cache.as_deref());
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let answer = match &report {
        Report::Search(args) => search::from_index(args, root, options, cache_dir, &mut out),
        Report::Check { .. } => check::from_kept(&report, root, options, cache_dir, &mut out),
        _ => Ok(Answer::Load(None)),
    };
    let answer = answer.and_then(|answer| out.flush().map(|()| answer));
    drop(out);
    let surveyed = match answer.map_err(stdout_error)? {
        Answer::Printed(code) => return Ok(code),
        Answer::Load(surveyed) => surveyed,
    };
    let library = Library::load_refreshing_cache(
        &config.articles,
        options,
        cache.as_deref(),
        &AtomicUsize::new(0),
    )
    .map_err(named)?;
    run_report(&library, report, surveyed.as_ref(), cache_dir)
}

/// The config for the feed commands with the folder the reader would open (`--articles`, the
/// config's, else the per-user library): they work on the folder, not on a loaded library.
fn feeds_config(
    file: Option<&std::path::Path>,
    articles: Option<PathBuf>,
) -> anyhow::Result<Config> {
    let mut config = Config::load(file)?;
    config.articles = home::articles_folder(articles, &config)?;
    Ok(config)
}

/// Runs one report on the loaded library, writing to stdout. `surveyed` is the folder as a
/// search or a check surveyed it before the library was loaded, `cache` the cache folder.
fn run_report(
    library: &Library,
    report: Report,
    surveyed: Option<&crate::domain::fulltext::Survey>,
    cache: Option<&std::path::Path>,
) -> anyhow::Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = match report {
        Report::List {
            search,
            json,
            paths,
        } => if paths {
            reports::list_paths(library, search.as_deref(), &mut out)
        } else {
            reports::list(library, search.as_deref(), json, &mut out)
        }
        // A search that matches nothing answers no, as `search` and grep do.
        .map(|listed| yes_or_no(listed > 0 || search.is_none()))
        .map_err(CommandError::from),
        Report::Show {
            article,
            json: true,
            ..
        } => reports::show_json(library, &article, &mut out).map(|()| ExitCode::SUCCESS),
        Report::Show { article, width, .. } => {
            let width = width.map_or_else(terminal_width, usize::from);
            reports::show(library, &article, width, &mut out).map(|()| ExitCode::SUCCESS)
        }
        Report::Links { article, json } => {
            reports::links(library, &article, json, &mut out).map(|()| ExitCode::SUCCESS)
        }
        Report::Similar {
            article,
            limit,
            json,
        } => similar::similar(library, &article, limit, json, &mut out).map(|()| ExitCode::SUCCESS),
        Report::Search(args) => search::in_library(library, &args, surveyed, &mut out)
            .map(|hits| yes_or_no(hits > 0))
            .map_err(CommandError::from),
        Report::Check { .. } => check::check_and_keep(library, &report, surveyed, cache, &mut out)
            .map_err(CommandError::from),
        Report::Graph { json, dot } => {
            let format = match (json, dot) {
                (true, _) => graph::Format::Json,
                (_, true) => graph::Format::Dot,
                _ => graph::Format::Text,
            };
            graph::graph(library, format, &mut out)
                .map(|()| ExitCode::SUCCESS)
                .map_err(CommandError::from)
        }
    };
    let result = result.and_then(|code| out.flush().map(|()| code).map_err(CommandError::from));
    match result {
        Ok(code) => Ok(code),
        Err(CommandError::Io(err)) => Err(stdout_error(err)),
        Err(err) => {
            drop(out);
            print_error(&err.to_string());
            Ok(ExitCode::from(err.exit_code()))
        }
    }
}

/// What a command that can answer without the library came to.
enum Answer {
    /// It printed its answer; the exit code.
    Printed(ExitCode),
    /// The library must be loaded; the folder as surveyed before loading it, when there is
    /// a cache to record what the command found.
    Load(Option<crate::domain::fulltext::Survey>),
}

/// What `open` makes of the folder `root` as a survey finds it now and as the cache folder
/// `cache` kept it. `Err` is the answer that the library must be loaded: with no cache, or
/// with the survey when `open` finds nothing kept for the folder as it is.
fn without_library<T>(
    root: &Path,
    options: LoadOptions,
    cache: Option<&Path>,
    open: impl FnOnce(&Path, &crate::domain::fulltext::Survey) -> Option<T>,
) -> Result<T, Answer> {
    let cache = cache.ok_or(Answer::Load(None))?;
    let surveyed = crate::domain::fulltext::survey_keeping(root, options, cache);
    open(cache, &surveyed).ok_or(Answer::Load(Some(surveyed)))
}

/// grep's convention, so scripts can test the answer: 0 for yes, 1 for no.
fn yes_or_no(yes: bool) -> ExitCode {
    if yes {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Writes generated text (completions, the man page) to stdout. The generators write to a
/// buffer, not to stdout, because clap_complete panics when its writer fails.
fn print(bytes: &[u8]) -> anyhow::Result<ExitCode> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(stdout_error)?;
    Ok(ExitCode::SUCCESS)
}

fn stdout_error(err: io::Error) -> anyhow::Error {
    anyhow::Error::new(err).context("cannot write to standard output")
}

/// Writes `error: MESSAGE` to stderr as one sanitised line. A stderr that cannot take it
/// (closed, full) loses the message but must not turn the exit code into a panic's 101, as
/// `eprintln!` would.
pub fn print_error(message: &str) {
    let _ = writeln!(io::stderr().lock(), "error: {}", sanitize(message));
}

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
