//! `readmore feeds add|list|remove` and `readmore fetch`: the subscriptions of the library and
//! fetching them. The work is in [`crate::domain::feeds`]; this file parses, prints and picks exit
//! codes (0 all well, 1 a feed or the command failed, 2 a usage error).

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Subcommand};
use serde::Serialize;

use crate::app::config::Config;
use crate::domain::feeds::fetch::{
    FetchError, FetchOptions, Outcome, Progress, Summary, fetch_all,
};
use crate::domain::feeds::http::{Answer, Client, HttpOptions, Validators, parse_http_url};
use crate::domain::feeds::lock::FetchLock;
use crate::domain::feeds::parse::{self, FeedError};
use crate::domain::feeds::subscriptions::{Subscription, Subscriptions};
use crate::domain::feeds::writer::{clean_title, slug};
use crate::domain::library::is_hidden;
use crate::domain::sanitize::one_line;

/// How long `feeds add`/`remove` wait for a running fetch before giving up.
const EDIT_LOCK_WAIT: Duration = Duration::from_secs(10);

#[derive(Debug, Subcommand)]
pub enum FeedsCommand {
    /// Subscribe to a feed (RSS, Atom or JSON Feed), or to the feed a web page advertises.
    ///
    /// A URL that does not answer is still added, with a warning.
    Add {
        /// The feed's (or page's) http(s) URL.
        url: String,
        /// The folder below the articles folder its stories go to (default: from its title).
        #[arg(long, value_name = "NAME")]
        folder: Option<String>,
        /// Fetch each item's page and keep the extracted article instead of the feed's text.
        #[arg(long)]
        full_text: bool,
    },
    /// List the subscriptions and how their last fetch went.
    List {
        /// Print JSON: [{"url", "title", "folder", "full_text", "last_fetch", "status",
        /// "error", "articles"}].
        #[arg(long)]
        json: bool,
    },
    /// Unsubscribe; the stories already written stay.
    Remove {
        /// The subscription's URL.
        url: String,
    },
    /// Subscribe to every feed an OPML file or a newsboat urls file lists (never fetches).
    Import {
        /// The OPML (1.0 or 2.0) or newsboat urls file.
        file: std::path::PathBuf,
    },
    /// Print the subscriptions as OPML 2.0 (for newsboat -i and other readers).
    Export,
}

#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Only these subscriptions (default: all).
    #[arg(value_name = "URL")]
    pub urls: Vec<String>,
    /// Feeds fetched at once (default: `jobs` in the config's [fetch], 8).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: Option<u16>,
    /// Print JSON: [{"url", "title", "folder", "status": "ok"|"not-modified"|"failed", "new",
    /// "updated", "error"}].
    #[arg(long)]
    pub json: bool,
}

/// The HTTP limits the config sets.
pub fn http_options(config: &Config) -> HttpOptions {
    HttpOptions {
        connect_timeout: Duration::from_secs(config.fetch.connect_timeout.into()),
        timeout: Duration::from_secs(config.fetch.timeout.into()),
        max_bytes: config.fetch.max_bytes,
        max_redirects: config.fetch.max_redirects.into(),
        ..HttpOptions::default()
    }
}

/// A command's failure: the message and the exit code.
struct Failure(String, u8);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(err: E) -> Self {
        Self(err.to_string(), 1)
    }
}

fn finish(result: Result<ExitCode, Failure>) -> anyhow::Result<ExitCode> {
    match result {
        Ok(code) => Ok(code),
        Err(Failure(message, code)) => {
            super::print_error(&message);
            Ok(ExitCode::from(code))
        }
    }
}

/// Prints one line on stdout; a reader that stopped reading is not a failure.
fn say(line: &str) -> Result<ExitCode, Failure> {
    match writeln!(io::stdout().lock(), "{line}") {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(Failure(
            format!("cannot write to standard output: {err}"),
            2,
        )),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// A note on stderr, dropped when stderr cannot take it.
fn note(line: &str) {
    let _ = writeln!(io::stderr().lock(), "readmore: {line}");
}

/// Runs `readmore feeds …` on the library at `library`.
pub fn run_feeds(command: FeedsCommand, config: &Config) -> anyhow::Result<ExitCode> {
    let library = config.articles.as_path();
    finish(match command {
        FeedsCommand::Add {
            url,
            folder,
            full_text,
        } => add(library, config, &url, folder.as_deref(), full_text),
        FeedsCommand::List { json } => list(library, json),
        FeedsCommand::Remove { url } => remove(library, &url),
        FeedsCommand::Import { file } => {
            super::import::import_list(library, &file).map_err(Failure::from)
        }
        FeedsCommand::Export => super::import::export_list(library).map_err(Failure::from),
    })
}

/// Runs `readmore fetch` on the library at `library`.
pub fn run_fetch(args: FetchArgs, config: &Config) -> anyhow::Result<ExitCode> {
    finish(fetch(&config.articles, config, args))
}

/// Checks a `--folder`: a relative folder of plain names.
fn check_folder(folder: &str) -> Result<String, Failure> {
    let folder = folder.trim().trim_end_matches('/');
    let plain = !folder.is_empty()
        && Path::new(folder)
            .components()
            .all(|part| matches!(part, std::path::Component::Normal(name) if !is_hidden(name)));
    if plain {
        Ok(folder.to_owned())
    } else {
        Err(Failure(
            format!(
                "--folder {folder:?}: give a folder name inside the library (no '..', no leading '/' or '.')"
            ),
            2,
        ))
    }
}

fn add(
    library: &Path,
    config: &Config,
    url: &str,
    folder: Option<&str>,
    full_text: bool,
) -> Result<ExitCode, Failure> {
    let parsed = parse_http_url(url).map_err(|err| Failure(err.to_string(), 2))?;
    let folder = folder.map(check_folder).transpose()?;
    std::fs::create_dir_all(library)
        .map_err(|err| Failure(format!("{}: {err}", library.display()), 1))?;
    let client = Client::new(http_options(config));
    let (feed_url, title, warning) = probe(&client, parsed.as_str())?;
    let _lock = FetchLock::acquire(library, EDIT_LOCK_WAIT)?;
    let mut subscriptions = Subscriptions::load(library)?;
    if subscriptions.find(&feed_url).is_some() {
        note(&format!("already subscribed to {}", one_line(&feed_url)));
        return Ok(ExitCode::SUCCESS);
    }
    let folder = match folder {
        Some(folder) => folder,
        None => {
            let host = parsed.host_str().unwrap_or("feed");
            let name = if slug(&title, 60).is_empty() {
                host
            } else {
                &title
            };
            subscriptions.free_folder(name)
        }
    };
    let mut subscription = Subscription::new(&feed_url, &folder);
    subscription.title = title.clone();
    subscription.full_text = full_text;
    subscriptions.feeds.push(subscription);
    subscriptions.save(library)?;
    if let Some(warning) = warning {
        note(&format!("warning: {}", one_line(&warning)));
    }
    let shown = if title.is_empty() {
        String::new()
    } else {
        format!(" ({})", one_line(&title))
    };
    say(&format!(
        "added {}{shown} → {}/",
        one_line(&feed_url),
        one_line(&folder)
    ))
}

/// Asks `url` what it is: a feed (its title), a page advertising one (that feed), or nothing
/// that answers (added anyway, with a warning). A page that advertises no feed is an error.
fn probe(client: &Client, url: &str) -> Result<(String, String, Option<String>), Failure> {
    let answer = client.get(url, &Validators::default());
    let (bytes, content_type, final_url) = match answer {
        Ok(Answer::Body {
            bytes,
            content_type,
            url: final_url,
            ..
        }) => (bytes, content_type, final_url),
        Ok(other) => {
            let why = match other {
                Answer::Gone => "it answered 410 Gone".to_owned(),
                Answer::RetryLater { status, .. } => format!("it answered HTTP {status}"),
                _ => "it answered without a feed".to_owned(),
            };
            return Ok((
                url.to_owned(),
                String::new(),
                Some(format!("{url}: {why}; added anyway")),
            ));
        }
        Err(err) => {
            return Ok((
                url.to_owned(),
                String::new(),
                Some(format!("{url} did not answer ({err}); added anyway")),
            ));
        }
    };
    let base = parse_http_url(&final_url).map_err(|err| Failure(err.to_string(), 1))?;
    match parse::parse(&bytes, content_type.as_deref(), &base) {
        Ok(feed) => Ok((url.to_owned(), feed.title, None)),
        Err(FeedError::WebPage(advertised)) => {
            let Some(feed_url) = advertised.first() else {
                return Err(Failure(
                    format!("{url} is a web page that advertises no feed"),
                    1,
                ));
            };
            // The advertised feed's title, when it answers now; added either way.
            let title = match client.get(feed_url, &Validators::default()) {
                Ok(Answer::Body {
                    bytes,
                    content_type,
                    url,
                    ..
                }) => parse_http_url(&url)
                    .ok()
                    .and_then(|url| parse::parse(&bytes, content_type.as_deref(), &url).ok())
                    .map(|feed| feed.title)
                    .unwrap_or_default(),
                _ => String::new(),
            };
            Ok((feed_url.clone(), title, None))
        }
        Err(err) => Ok((
            url.to_owned(),
            String::new(),
            Some(format!("{url}: {err}; added anyway")),
        )),
    }
}

#[derive(Serialize)]
struct Listed<'a> {
    url: &'a str,
    title: &'a str,
    folder: &'a str,
    full_text: bool,
    last_fetch: Option<&'a str>,
    status: &'a str,
    error: Option<&'a str>,
    articles: usize,
}

/// The `.txt` files in a feed's folder.
fn count_articles(library: &Path, folder: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(library.join(folder)) else {
        return 0;
    };
    (entries.flatten())
        .filter(|entry| {
            let name = entry.file_name();
            !is_hidden(&name) && Path::new(&name).extension().is_some_and(|ext| ext == "txt")
        })
        .count()
}

fn list(library: &Path, json: bool) -> Result<ExitCode, Failure> {
    let subscriptions = Subscriptions::load(library)?;
    let listed: Vec<Listed> = (subscriptions.feeds.iter())
        .map(|feed| Listed {
            url: &feed.url,
            title: &feed.title,
            folder: &feed.folder,
            full_text: feed.full_text,
            last_fetch: feed.last_fetch.as_deref(),
            status: feed.status.as_str(),
            error: feed.error.as_deref(),
            articles: count_articles(library, &feed.folder),
        })
        .collect();
    let mut out = io::BufWriter::new(io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &listed)?;
        writeln!(out)?;
    } else {
        for feed in &listed {
            let title = if feed.title.is_empty() {
                "(untitled)"
            } else {
                feed.title
            };
            let error = feed.error.map(|e| format!(": {e}")).unwrap_or_default();
            writeln!(
                out,
                "{}  {}  {}/  {} articles  {}{}",
                one_line(title),
                one_line(feed.url),
                one_line(feed.folder),
                feed.articles,
                feed.status,
                one_line(&error)
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn remove(library: &Path, url: &str) -> Result<ExitCode, Failure> {
    let _lock = FetchLock::acquire(library, EDIT_LOCK_WAIT)?;
    let mut subscriptions = Subscriptions::load(library)?;
    let Some(index) = subscriptions.find(url) else {
        return Err(Failure(format!("not subscribed: {url}"), 1));
    };
    let removed = subscriptions.feeds.remove(index);
    subscriptions.save(library)?;
    say(&format!(
        "removed {} (its stories stay in {}/)",
        one_line(&removed.url),
        one_line(&removed.folder)
    ))
}

fn fetch(library: &Path, config: &Config, args: FetchArgs) -> Result<ExitCode, Failure> {
    if !library.is_dir() {
        return Err(Failure(
            format!(
                "{}: no such articles folder (add a feed first)",
                library.display()
            ),
            1,
        ));
    }
    let options = FetchOptions {
        jobs: args.jobs.unwrap_or(config.fetch.jobs).into(),
        http: http_options(config),
        only: args.urls,
        ..FetchOptions::default()
    };
    let show_progress = io::stderr().is_terminal() && !args.json;
    let summary = fetch_all(library, &options, |progress: &Progress| {
        if show_progress {
            let _ = write!(
                io::stderr().lock(),
                "\rfetching {}/{} · {} new\x1b[K",
                progress.done,
                progress.total,
                progress.new
            );
        }
    });
    if show_progress {
        let _ = write!(io::stderr().lock(), "\r\x1b[K");
    }
    let summary = summary.map_err(|err| match err {
        FetchError::NotSubscribed(_) => Failure(err.to_string(), 2),
        other => Failure(other.to_string(), 1),
    })?;
    print_summary(&summary, args.json)?;
    Ok(if summary.failed() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn print_summary(summary: &Summary, json: bool) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &summary.feeds)?;
        writeln!(out)?;
        return out.flush();
    }
    for feed in &summary.feeds {
        let name = if feed.title.is_empty() {
            &feed.url
        } else {
            &feed.title
        };
        let name = clean_title(name);
        let counts = match (feed.new, feed.updated) {
            (0, 0) => String::new(),
            (new, 0) => format!(": {new} new"),
            (new, updated) => format!(": {new} new, {updated} updated"),
        };
        let note = feed
            .error
            .as_deref()
            .map(|e| format!(" ({})", one_line(e)))
            .unwrap_or_default();
        let line = match feed.status {
            Outcome::Failed => {
                let why = one_line(feed.error.as_deref().unwrap_or("failed"));
                format!("failed        {name}: {why}")
            }
            Outcome::NotModified => format!("not modified  {name}{note}"),
            Outcome::Ok => format!("ok            {name}{counts}{note}"),
        };
        writeln!(out, "{line}")?;
    }
    let failed = summary.failed();
    writeln!(
        out,
        "{} feeds, {} new stories{}",
        summary.feeds.len(),
        summary.new_items(),
        if failed > 0 {
            format!(", {failed} failed")
        } else {
            String::new()
        }
    )?;
    out.flush()
}
