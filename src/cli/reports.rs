//! The reports of the non-interactive commands: `list`, `show`, `links` and `check` (`graph`
//! and `search` have their own files).
//!
//! Each writes to the given writer so tests can read exactly what a user would see. Article
//! text was sanitised when it was parsed, so it is printed as it is.

use std::io::{self, Write};

use serde::Serialize;

use super::lookup::{CommandError, find};
use super::similar::{IN_LINKS, Similar, similar_of};
use crate::domain::article::Block;
use crate::domain::library::{Duplicate, Entry, Library, Skipped, Warning};
use crate::domain::sanitize::sanitize;
use crate::domain::search::TitleSearch;
use crate::domain::wrap::{Targets, write_article};

/// How many of the most-linked stories `check` reports.
const MOST_LINKED: usize = 10;

/// How many orphans `check` names without `--all`: a library without links (a news corpus)
/// is all orphans, and thousands of lines would bury the problems above them.
const FIRST_ORPHANS: usize = 5;

#[derive(Serialize)]
struct ListItem<'a> {
    title: &'a str,
    path: &'a str,
}

impl<'a> ListItem<'a> {
    fn of(entry: &'a Entry) -> Self {
        Self {
            title: &entry.title,
            path: &entry.path,
        }
    }
}

/// The entries `list` prints: all in path order, or the matches of `search` best first.
fn listed<'a>(library: &'a Library, search: Option<&str>) -> Vec<&'a Entry> {
    match search {
        Some(query) => TitleSearch::for_library(library)
            .search(query)
            .into_iter()
            .map(|hit| library.get(hit.id))
            .collect(),
        None => library.entries().iter().collect(),
    }
}

/// `readmore list`: titles in path order, or matches of `search` best first. Returns how
/// many it printed.
pub fn list(
    library: &Library,
    search: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> io::Result<usize> {
    let entries = listed(library, search);
    let count = entries.len();
    if json {
        let items: Vec<ListItem> = entries.iter().map(|entry| ListItem::of(entry)).collect();
        serde_json::to_writer_pretty(&mut *out, &items)?;
        writeln!(out)?;
    } else {
        for entry in entries {
            writeln!(out, "{}", entry.title)?;
        }
    }
    Ok(count)
}

/// `readmore list --paths`: `title<TAB>path` lines, for scripts that go on to `show` the path.
/// Neither side can hold a tab: sanitising turned every tab into spaces. Returns how many
/// it printed.
pub fn list_paths(
    library: &Library,
    search: Option<&str>,
    out: &mut dyn Write,
) -> io::Result<usize> {
    let entries = listed(library, search);
    for entry in &entries {
        writeln!(out, "{}\t{}", entry.title, entry.path)?;
    }
    Ok(entries.len())
}

/// `readmore show`: the article wrapped to `width` columns, links resolved in place.
pub fn show(
    library: &Library,
    name: &str,
    width: usize,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    let id = find(library, name)?;
    write_article(library, id, width, Targets::Always, out)?;
    Ok(())
}

#[derive(Serialize)]
struct Shown<'a> {
    title: &'a str,
    path: &'a str,
    paragraphs: Vec<&'a str>,
    links: Vec<Outgoing<'a>>,
    /// The header lines of a fetched or saved story; null for any other.
    source: Option<&'a str>,
    published: Option<&'a str>,
    feed: Option<ShownFeed<'a>>,
}

#[derive(Serialize)]
struct ShownFeed<'a> {
    title: &'a str,
    url: &'a str,
}

/// `readmore show --json`: the article's title, path, paragraphs and links (each with the
/// title it resolves to, or null), and where a fetched or saved story came from.
pub fn show_json(library: &Library, name: &str, out: &mut dyn Write) -> Result<(), CommandError> {
    let id = find(library, name)?;
    let entry = library.get(id);
    let article = library
        .body(id)
        .map_err(|err| io::Error::other(err.to_string()))?;
    let origin = &article.origin;
    let shown = Shown {
        title: &entry.title,
        path: &entry.path,
        paragraphs: (article.blocks.iter())
            .filter_map(|block| match block {
                Block::Paragraph(text) => Some(text.as_str()),
                Block::Link(_) => None,
            })
            .collect(),
        links: (entry.links().zip(&entry.targets))
            .map(|(text, target)| Outgoing {
                text,
                target: target.map(|t| library.get(t).title.as_str()),
            })
            .collect(),
        source: origin.source.as_deref(),
        published: origin.published.as_deref(),
        feed: origin.feed.as_ref().map(|feed| ShownFeed {
            title: &feed.title,
            url: &feed.url,
        }),
    };
    serde_json::to_writer_pretty(&mut *out, &shown).map_err(io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

#[derive(Serialize)]
struct Links<'a> {
    title: &'a str,
    outgoing: Vec<Outgoing<'a>>,
    backlinks: Vec<&'a str>,
    similar: Vec<Similar<'a>>,
}

#[derive(Serialize)]
struct Outgoing<'a> {
    text: &'a str,
    target: Option<&'a str>,
}

/// `readmore links`: where the article's links go and which articles link to it.
pub fn links(
    library: &Library,
    name: &str,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    let id = find(library, name)?;
    let entry = library.get(id);
    let report = Links {
        title: &entry.title,
        outgoing: entry
            .links()
            .zip(&entry.targets)
            .map(|(text, target)| Outgoing {
                text,
                target: target.map(|t| library.get(t).title.as_str()),
            })
            .collect(),
        backlinks: library
            .backlinks(id)
            .iter()
            .map(|&from| library.get(from).title.as_str())
            .collect(),
        // Only JSON shows them: finding them costs an index, and the text stays what it was.
        similar: if json {
            similar_of(library, id, IN_LINKS)
        } else {
            Vec::new()
        },
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
    skipped: &'a [Skipped],
    warnings: &'a [Warning],
    duplicates: &'a [Duplicate],
    dangling: Vec<Dangling<'a>>,
    orphans: Vec<ListItem<'a>>,
    most_linked: Vec<Linked<'a>>,
    timings_ms: TimingsMs,
}

/// A story and how many other stories link to it.
#[derive(Serialize)]
struct Linked<'a> {
    title: &'a str,
    path: &'a str,
    backlinks: usize,
}

impl<'a> Linked<'a> {
    fn new(entry: &'a Entry, backlinks: usize) -> Self {
        Self {
            title: &entry.title,
            path: &entry.path,
            backlinks,
        }
    }
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

impl<'a> Dangling<'a> {
    fn new(from: &'a Entry, text: &'a str) -> Self {
        Self {
            from: &from.path,
            title: &from.title,
            text,
        }
    }
}

#[derive(Serialize)]
struct TimingsMs {
    load: f64,
    index: f64,
}

/// `readmore check`: what loaded, what did not and why, and what looks wrong. Returns how many
/// problems it found: skipped files, duplicated titles and dangling links (warnings are not
/// problems: the file loaded; orphans and the most-linked stories are a survey of the graph).
pub fn check(library: &Library, json: bool, all: bool, out: &mut dyn Write) -> io::Result<usize> {
    let report = Check {
        articles: library.len(),
        skipped: &library.skipped,
        warnings: &library.warnings,
        duplicates: &library.duplicates,
        dangling: (library.dangling())
            .map(|(from, text)| Dangling::new(library.get(from), text))
            .collect(),
        orphans: (library.orphans())
            .map(|id| ListItem::of(library.get(id)))
            .collect(),
        most_linked: (library.most_linked(MOST_LINKED).into_iter())
            .map(|(id, backlinks)| Linked::new(library.get(id), backlinks))
            .collect(),
        timings_ms: TimingsMs {
            load: library.timings.load.as_secs_f64() * 1000.0,
            index: library.timings.index.as_secs_f64() * 1000.0,
        },
    };
    let problems = report.skipped.len() + report.duplicates.len() + report.dangling.len();
    if json {
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
        return Ok(problems);
    }
    writeln!(
        out,
        "{} articles loaded from {}",
        report.articles,
        sanitize(&library.root().display().to_string())
    )?;
    writeln!(out, "skipped: {}", report.skipped.len())?;
    for s in report.skipped {
        writeln!(out, "  {}: {}", s.path, s.reason)?;
    }
    writeln!(out, "warnings: {}", report.warnings.len())?;
    for w in report.warnings {
        writeln!(out, "  {}: {}", w.path, w.message)?;
    }
    writeln!(out, "duplicate titles: {}", report.duplicates.len())?;
    for d in report.duplicates {
        writeln!(out, "  {:?}: {}", d.title, d.paths.join(", "))?;
    }
    writeln!(out, "dangling links: {}", report.dangling.len())?;
    for d in &report.dangling {
        writeln!(out, "  {}: Read More: {}", d.from, d.text)?;
    }
    writeln!(out, "orphans (no link in or out): {}", report.orphans.len())?;
    let shown = if all { usize::MAX } else { FIRST_ORPHANS };
    for o in report.orphans.iter().take(shown) {
        writeln!(out, "  {}: {}", o.path, o.title)?;
    }
    if report.orphans.len() > shown {
        let more = report.orphans.len() - shown;
        writeln!(
            out,
            "  … and {more} more (`readmore check --all` lists every one)"
        )?;
    }
    // A heading with nothing under it says nothing: no story has a backlink.
    if !report.most_linked.is_empty() {
        writeln!(out, "most linked (backlinks):")?;
        let width = report
            .most_linked
            .first()
            .map_or(0, |top| top.backlinks.to_string().len());
        for m in &report.most_linked {
            writeln!(out, "  {:>width$}  {}: {}", m.backlinks, m.path, m.title)?;
        }
    }
    writeln!(
        out,
        "timings: load {:.1} ms, index {:.1} ms; files parsed {}, from the cache {}",
        report.timings_ms.load,
        report.timings_ms.index,
        library.timings.parsed,
        library.timings.reused
    )?;
    Ok(problems)
}
