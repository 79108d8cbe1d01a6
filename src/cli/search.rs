//! `readmore search`: full-text search printed as grep prints, best match first (every path
//! in path order with `--paths` and no limit), each result written as soon as it is ready,
//! and nothing read from disk that is not printed.
//!
//! When the index on disk vouches for the folder as it is now ([`FolderIndex`]), the library
//! is not loaded at all: the index gives the paths, and only the articles printed with a
//! snippet are read. Otherwise the library is loaded, the index brought in step and the record
//! written that lets the next search skip the load.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::domain::fulltext::{
    FolderIndex, FullText, Query, Ranked, Survey, parse_query, snippet, survey_keeping,
};
use crate::domain::library::{Library, LoadOptions};
use crate::domain::sanitize::sanitize;

/// Results printed with their snippets when no `--limit` is given: a screenful. `--paths`
/// prints every match unless limited, as `rg -l` does, in path order.
pub const DEFAULT_LIMIT: usize = 20;

/// Results whose snippets are read at once (on every core) before they are printed: small, so
/// that the first lines come at once and a reader that stops early stops the reading too.
const BATCH: usize = 16;

/// What `readmore search` is asked.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The words or "phrases" to find.
    pub query: String,
    /// Print JSON: [{"title", "path", "snippet"}].
    #[arg(long, conflicts_with = "paths")]
    pub json: bool,
    /// Print only the paths of the matching articles, relative to the articles folder, one a
    /// line: every match in path order (as `rg -l --sort path` lists them), or with --limit
    /// the best N, best first.
    #[arg(long, short = 'l')]
    pub paths: bool,
    /// Print at most N results (default: 20 with snippets, every one with --paths).
    #[arg(long, short = 'n', value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,
}

/// One result as printed with its snippet.
#[derive(Serialize)]
struct Shown {
    title: String,
    path: String,
    snippet: String,
}

/// Searches the articles folder `root` from its index alone, when the index vouches for it.
/// `cache` is the metadata cache's folder (none with `--no-cache`: the library is loaded).
pub(super) fn from_index(
    args: &SearchArgs,
    root: &Path,
    options: LoadOptions,
    cache: Option<&Path>,
    out: &mut dyn Write,
) -> io::Result<super::Answer> {
    let Some(cache) = cache else {
        return Ok(super::Answer::Load(None));
    };
    let query = parse_query(&args.query);
    let asked = limit(args);
    // The search, and the reading of the first screenful of snippets, run while the folder is
    // surveyed; nothing is printed before the survey says the index answers for the folder as
    // it is (an article rewritten meanwhile changes the survey, so no snippet read before it
    // is printed stale).
    let found = FolderIndex::open_while(
        cache,
        root,
        options,
        || survey_keeping(root, options, cache),
        |folder| {
            let ranked = match asked {
                Some(limit) => folder.search(&query, limit),
                None => folder.every_path(&query),
            };
            let first = if args.paths {
                Vec::new()
            } else {
                let first = &ranked.paths[..ranked.paths.len().min(DEFAULT_LIMIT)];
                first
                    .par_iter()
                    .map(|path| shown_from_index(folder, path, &query))
                    .collect()
            };
            (ranked, first)
        },
    );
    let (folder, (ranked, first)) = match found {
        Ok(found) => found,
        Err(surveyed) => return Ok(super::Answer::Load(Some(surveyed))),
    };
    let show = |at: usize, path: &str| match first.get(at) {
        Some(shown) => shown.clone(),
        None => shown_from_index(&folder, path, &query),
    };
    print(args, &ranked, &show, out)?;
    let answer = super::yes_or_no(ranked.total > 0);
    // The process ends once the answer is printed: unmapping the index's files and freeing
    // every path one by one would only delay the exit.
    std::mem::forget((folder, ranked, first));
    Ok(super::Answer::Printed(answer))
}

/// The title and snippet of the article at `path`, read now: an article changed since the
/// index vouched for it is still a hit, named by its path.
fn shown_from_index(folder: &FolderIndex, path: &str, query: &Query) -> (String, String) {
    match folder.article(path) {
        Some(article) => (article.title.clone(), snippet(&article, query)),
        None => (path.to_owned(), String::new()),
    }
}

/// Searches the loaded `library`, bringing its index in step and recording, when `surveyed`
/// (before the library was loaded), that the index answers for the folder. Returns how many
/// articles matched.
pub(super) fn in_library(
    library: &Library,
    args: &SearchArgs,
    surveyed: Option<&Survey>,
    out: &mut dyn Write,
) -> io::Result<usize> {
    let fulltext = FullText::new(library);
    // An index that could not be kept on disk still searches; say why it will be rebuilt.
    for warning in fulltext.warnings() {
        let _ = writeln!(io::stderr().lock(), "readmore: {warning}");
    }
    if let Some(surveyed) = surveyed {
        fulltext.vouch(surveyed);
    }
    let query = parse_query(&args.query);
    let ranked = match limit(args) {
        Some(limit) => fulltext.search_paths(&query, limit),
        None => fulltext.every_path(&query),
    };
    let show = |_: usize, path: &str| shown_from(library, path, &query);
    print(args, &ranked, &show, out)?;
    Ok(ranked.total)
}

/// How many results to print, best first; `None` for every match in path order, unranked
/// (`--paths` without `--limit`: ranking every match would only cost time).
fn limit(args: &SearchArgs) -> Option<usize> {
    match args.limit {
        Some(limit) => Some(usize::try_from(limit).unwrap_or(usize::MAX)),
        None if args.paths => None,
        None => Some(DEFAULT_LIMIT),
    }
}

/// The title and snippet of the article at `path` in a loaded library: an article that cannot
/// be read now is still a hit, shown by its title.
fn shown_from(library: &Library, path: &str, query: &Query) -> (String, String) {
    let Some(id) = library.find_path(path) else {
        return (path.to_owned(), String::new());
    };
    let snippet = (library.body(id).ok())
        .map(|article| snippet(&article, query))
        .unwrap_or_default();
    (library.get(id).title().to_owned(), snippet)
}

/// Prints `ranked` as asked: paths only, or each title with its snippet (text or JSON), the
/// snippets read by `show` (given each result's place and path) a batch at a time, each batch
/// flushed as soon as it is written.
fn print(
    args: &SearchArgs,
    ranked: &Ranked,
    show: &(dyn Fn(usize, &str) -> (String, String) + Sync),
    out: &mut dyn Write,
) -> io::Result<()> {
    if args.paths {
        for path in &ranked.paths {
            writeln!(out, "{}", sanitize(path))?;
        }
        return Ok(());
    }
    if args.json {
        write!(out, "[")?;
    }
    for (n, batch) in ranked.paths.chunks(BATCH).enumerate() {
        let shown: Vec<Shown> = (batch.par_iter().enumerate())
            .map(|(m, path)| {
                let (title, snippet) = show(n * BATCH + m, path);
                Shown {
                    title,
                    path: sanitize(path),
                    snippet,
                }
            })
            .collect();
        for (m, result) in shown.iter().enumerate() {
            if args.json {
                // The items of a pretty-printed array, one at a time.
                let item = serde_json::to_string_pretty(result)?;
                let separator = if n == 0 && m == 0 { "\n" } else { ",\n" };
                write!(out, "{separator}  {}", item.replace('\n', "\n  "))?;
            } else {
                writeln!(out, "{}\n    {}", result.title, result.snippet)?;
            }
        }
        out.flush()?;
    }
    if args.json {
        let end = if ranked.paths.is_empty() { "]" } else { "\n]" };
        writeln!(out, "{end}")?;
    }
    // Someone reading at a terminal is told that more matched than the default shows.
    if args.limit.is_none() && ranked.total > ranked.paths.len() && io::stderr().is_terminal() {
        out.flush()?;
        let _ = writeln!(
            io::stderr().lock(),
            "readmore: the best {} of {} matches (--limit N prints more)",
            ranked.paths.len(),
            ranked.total
        );
    }
    Ok(())
}
