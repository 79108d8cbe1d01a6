//! The non-interactive commands: `list`, `show`, `links`, `search` and `check`.
//!
//! Each writes to the given writer so tests can read exactly what a user would see. Article
//! text was sanitised when it was parsed, so it is printed as it is.

use std::io::{self, Write};

use serde::Serialize;

use crate::fulltext::{FullText, parse_query};
use crate::library::{ArticleId, Library};
use crate::sanitize::sanitize;
use crate::search::{TitleSearch, closest};
use crate::wrap::{Targets, wrap_article};

/// How many close titles an unknown-title error suggests.
const SUGGESTIONS: usize = 5;

/// A command that could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error("no article titled {title:?}{suggestions}")]
    UnknownTitle { title: String, suggestions: String },
}

impl CommandError {
    /// Exit code: 1 for an unknown title, 2 for anything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::UnknownTitle { .. } => 1,
            Self::Io(_) => 2,
        }
    }
}

/// The article titled `title` (after normalisation), or an error naming the closest titles.
fn find(library: &Library, title: &str) -> Result<ArticleId, CommandError> {
    if let Some(id) = library.find(title) {
        return Ok(id);
    }
    let closest = closest(library, title, SUGGESTIONS);
    let suggestions = if closest.is_empty() {
        String::new()
    } else {
        let titles: Vec<String> = closest
            .into_iter()
            .map(|id| format!("{:?}", library.get(id).article.title))
            .collect();
        format!("; closest: {}", titles.join(", "))
    };
    Err(CommandError::UnknownTitle {
        title: title.to_owned(),
        suggestions,
    })
}

#[derive(Serialize)]
struct ListItem<'a> {
    title: &'a str,
    path: &'a str,
}

/// `readmore list`: titles in path order, or matches of `search` best first.
pub fn list(
    library: &Library,
    search: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let ids: Vec<ArticleId> = match search {
        Some(query) => TitleSearch::for_library(library)
            .search(query)
            .into_iter()
            .map(|hit| hit.id)
            .collect(),
        None => (0..library.len()).collect(),
    };
    if json {
        let items: Vec<ListItem> = ids
            .iter()
            .map(|&id| {
                let entry = library.get(id);
                ListItem {
                    title: &entry.article.title,
                    path: &entry.path,
                }
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &items)?;
        writeln!(out)
    } else {
        for id in ids {
            writeln!(out, "{}", library.get(id).article.title)?;
        }
        Ok(())
    }
}

/// `readmore show`: the article wrapped to `width` columns, links resolved in place.
pub fn show(
    library: &Library,
    title: &str,
    width: usize,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    let id = find(library, title)?;
    for line in wrap_article(library, id, width, Targets::Always).lines {
        writeln!(out, "{}", line.text)?;
    }
    Ok(())
}

#[derive(Serialize)]
struct SearchResult<'a> {
    title: &'a str,
    path: &'a str,
    snippet: &'a str,
}

/// `readmore search`: articles whose title or text has every term, best first, each with a
/// one-line snippet around its first hit.
pub fn search(library: &Library, query: &str, json: bool, out: &mut dyn Write) -> io::Result<()> {
    let hits = FullText::new(library).search(library, &parse_query(query));
    let results: Vec<SearchResult> = hits
        .iter()
        .map(|hit| {
            let entry = library.get(hit.id);
            SearchResult {
                title: &entry.article.title,
                path: &entry.path,
                snippet: &hit.snippet,
            }
        })
        .collect();
    if json {
        serde_json::to_writer_pretty(&mut *out, &results)?;
        return writeln!(out);
    }
    for result in &results {
        writeln!(
            out,
            "{}
    {}",
            result.title, result.snippet
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct Links<'a> {
    title: &'a str,
    outgoing: Vec<Outgoing<'a>>,
    backlinks: Vec<&'a str>,
}

#[derive(Serialize)]
struct Outgoing<'a> {
    text: &'a str,
    target: Option<&'a str>,
}

/// `readmore links`: where the article's links go and which articles link to it.
pub fn links(
    library: &Library,
    title: &str,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    let id = find(library, title)?;
    let entry = library.get(id);
    let report = Links {
        title: &entry.article.title,
        outgoing: entry
            .article
            .links()
            .zip(&entry.targets)
            .map(|(text, target)| Outgoing {
                text,
                target: target.map(|t| library.get(t).article.title.as_str()),
            })
            .collect(),
        backlinks: library
            .backlinks(id)
            .iter()
            .map(|&from| library.get(from).article.title.as_str())
            .collect(),
    };
    if json {
        serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{}", report.title)?;
    writeln!(out, "\nLinks ({}):", report.outgoing.len())?;
    for (n, link) in report.outgoing.iter().enumerate() {
        match link.target {
            Some(target) => writeln!(out, "  {}. {} → {target}", n + 1, link.text)?,
            None => writeln!(out, "  {}. {} (not in library)", n + 1, link.text)?,
        }
    }
    writeln!(out, "\nLinked from ({}):", report.backlinks.len())?;
    for title in &report.backlinks {
        writeln!(out, "  {title}")?;
    }
    Ok(())
}

#[derive(Serialize)]
struct Check<'a> {
    articles: usize,
    skipped: Vec<PathReason<'a>>,
    warnings: Vec<PathMessage<'a>>,
    duplicates: Vec<DuplicateTitle<'a>>,
    dangling: Vec<Dangling<'a>>,
    timings_ms: TimingsMs,
}

#[derive(Serialize)]
struct PathReason<'a> {
    path: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct PathMessage<'a> {
    path: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct DuplicateTitle<'a> {
    title: &'a str,
    paths: &'a [String],
}

#[derive(Serialize)]
struct Dangling<'a> {
    /// Path of the linking article.
    from: &'a str,
    /// Title of the linking article.
    title: &'a str,
    /// The link text that names no article.
    text: &'a str,
}

#[derive(Serialize)]
struct TimingsMs {
    load: f64,
    index: f64,
}

/// `readmore check`: what loaded, what did not and why, and what looks wrong.
pub fn check(library: &Library, json: bool, out: &mut dyn Write) -> io::Result<()> {
    let report = Check {
        articles: library.len(),
        skipped: library
            .skipped
            .iter()
            .map(|s| PathReason {
                path: &s.path,
                reason: &s.reason,
            })
            .collect(),
        warnings: library
            .warnings
            .iter()
            .map(|w| PathMessage {
                path: &w.path,
                message: &w.message,
            })
            .collect(),
        duplicates: library
            .duplicates
            .iter()
            .map(|d| DuplicateTitle {
                title: &d.title,
                paths: &d.paths,
            })
            .collect(),
        dangling: library
            .dangling()
            .map(|(from, text)| {
                let entry = library.get(from);
                Dangling {
                    from: &entry.path,
                    title: &entry.article.title,
                    text,
                }
            })
            .collect(),
        timings_ms: TimingsMs {
            load: library.timings.load.as_secs_f64() * 1000.0,
            index: library.timings.index.as_secs_f64() * 1000.0,
        },
    };
    if json {
        serde_json::to_writer_pretty(&mut *out, &report)?;
        return writeln!(out);
    }
    writeln!(
        out,
        "{} articles loaded from {}",
        report.articles,
        sanitize(&library.root().display().to_string())
    )?;
    writeln!(out, "skipped: {}", report.skipped.len())?;
    for s in &report.skipped {
        writeln!(out, "  {}: {}", s.path, s.reason)?;
    }
    writeln!(out, "warnings: {}", report.warnings.len())?;
    for w in &report.warnings {
        writeln!(out, "  {}: {}", w.path, w.message)?;
    }
    writeln!(out, "duplicate titles: {}", report.duplicates.len())?;
    for d in &report.duplicates {
        writeln!(out, "  {:?}: {}", d.title, d.paths.join(", "))?;
    }
    writeln!(out, "dangling links: {}", report.dangling.len())?;
    for d in &report.dangling {
        writeln!(out, "  {}: Read More: {}", d.from, d.text)?;
    }
    writeln!(
        out,
        "timings: load {:.1} ms, index {:.1} ms",
        report.timings_ms.load, report.timings_ms.index
    )
}
