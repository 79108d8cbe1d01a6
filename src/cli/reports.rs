//! The reports of the non-interactive commands: `list`, `show` and `links` (`check`, `graph`
//! and `search` have their own files).
//!
//! Each writes to the given writer so tests can read exactly what a user would see. Article
//! text was sanitised when it was parsed, so it is printed as it is.

use std::io::{self, Write};

use serde::Serialize;

use super::lookup::{CommandError, find};
use super::similar::{IN_LINKS, Similar, similar_of};
use crate::domain::article::Block;
use crate::domain::library::{Entry, Library};
use crate::domain::search::TitleSearch;
use crate::domain::wrap::{Targets, write_article};

#[derive(Serialize)]
struct ListItem<'a> {
    title: &'a str,
    path: &'a str,
}

impl<'a> ListItem<'a> {
    fn of(entry: Entry<'a>) -> Self {
        Self {
            title: entry.title(),
            path: entry.path(),
        }
    }
}

/// The entries `list` prints: all in path order, or the matches of `search` best first.
fn listed<'a>(library: &'a Library, search: Option<&str>) -> Vec<Entry<'a>> {
    match search {
        Some(query) => TitleSearch::for_library(library)
            .search(query)
            .into_iter()
            .map(|hit| library.get(hit.id))
            .collect(),
        None => library.entries().collect(),
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
        let items: Vec<ListItem> = entries.iter().map(|&entry| ListItem::of(entry)).collect();
        serde_json::to_writer_pretty(&mut *out, &items)?;
        writeln!(out)?;
    } else {
        for entry in entries {
            writeln!(out, "{}", entry.title())?;
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
        writeln!(out, "{}\t{}", entry.title(), entry.path())?;
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
        title: entry.title(),
        path: entry.path(),
        paragraphs: (article.blocks.iter())
            .filter_map(|block| match block {
                Block::Paragraph(text) => Some(text.as_str()),
                Block::Link(_) => None,
            })
            .collect(),
        links: Outgoing::of(library, entry),
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

impl<'a> Outgoing<'a> {
    /// The links of `entry`, each with the title it resolves to.
    fn of(library: &'a Library, entry: Entry<'a>) -> Vec<Self> {
        (entry.links().zip(entry.targets()))
            .map(|(text, target)| Self {
                text,
                target: target.map(|t| library.get(t).title()),
            })
            .collect()
    }
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
        title: entry.title(),
        outgoing: Outgoing::of(library, entry),
        backlinks: library
            .backlinks(id)
            .iter()
            .map(|&from| library.get(from).title())
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
