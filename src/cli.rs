//! The command line: global options and subcommands.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

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
