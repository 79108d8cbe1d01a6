//! `readmore similar`: the stories closest in content to one article, which is how a library
//! without `Read More:` lines is read by association. `links --json` carries the same list.

use std::io::{self, Write};

use serde::Serialize;

use super::lookup::{CommandError, find};
use crate::domain::fulltext::FullText;
use crate::domain::library::{ArticleId, Entry, Library};

/// How many similar stories `similar` prints unless told otherwise.
pub const DEFAULT_LIMIT: usize = 10;
/// How many similar stories `links --json` carries: as many as the reader's Related pane shows.
pub(super) const IN_LINKS: usize = 5;

/// One similar story as `similar --json` and `links --json` print it.
#[derive(Debug, Serialize)]
pub(super) struct Similar<'a> {
    pub title: &'a str,
    pub path: &'a str,
    /// Higher is closer; only the order matters. Two decimals, so output is stable.
    pub score: f64,
}

impl<'a> Similar<'a> {
    fn new(entry: Entry<'a>, score: f32) -> Self {
        Self {
            title: entry.title(),
            path: entry.path(),
            score: (f64::from(score) * 100.0).round() / 100.0,
        }
    }
}

/// The `limit` stories most like `id`, best first, from the index in readmore's cache folder
/// (its warnings go to stderr, as `search` does).
pub(super) fn similar_of(library: &Library, id: ArticleId, limit: usize) -> Vec<Similar<'_>> {
    let fulltext = FullText::new(library);
    for warning in fulltext.warnings() {
        let _ = writeln!(io::stderr().lock(), "readmore: {warning}");
    }
    fulltext
        .similar(library, id, limit)
        .into_iter()
        .map(|(found, score)| Similar::new(library.get(found), score))
        .collect()
}

/// `readmore similar`: `score  title  (path)` lines, best first, or JSON
/// `[{"title", "path", "score"}]`.
pub fn similar(
    library: &Library,
    name: &str,
    limit: usize,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    let id = find(library, name)?;
    let found = similar_of(library, id, limit);
    if json {
        serde_json::to_writer_pretty(&mut *out, &found).map_err(io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    let width = found
        .first()
        .map_or(0, |best| format!("{:.2}", best.score).len());
    for story in &found {
        writeln!(
            out,
            "{:>width$.2}  {}  ({})",
            story.score, story.title, story.path
        )?;
    }
    Ok(())
}
