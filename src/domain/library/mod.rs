//! The in-memory library: every article of a folder, the title index and the link graph.
//!
//! Loading never stops at a bad file: what cannot be read or parsed is recorded as skipped with
//! its reason, and the rest of the library still loads. Only a missing or unreadable articles
//! folder is fatal. The model and its queries live here; `load.rs` reads a folder from disk and
//! `reload.rs` brings a loaded library up to date with changed files.

mod beneath;
mod cache;
mod cache_key;
mod entry;
mod hash;
mod index;
mod load;
mod names;
mod options;
mod read;
mod reload;
mod report;
pub mod startup;
mod walk;
mod window;

use std::ffi::OsStr;
use std::num::NonZeroU32;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::domain::article::Article;
use crate::domain::normalize::{normalize_title, normalize_title_into};

pub use cache::metadata_cache_file;
pub use cache_key::CacheKey;
use entry::Entries;
pub use entry::Entry;
use index::{Backlinks, Resolved};
use names::display_path;
pub use names::{is_article_file, is_hidden, is_visible, path_order};
pub use options::{
    DEFAULT_MAX_ARTICLE_BYTES, FollowSymlinks, LoadError, LoadOptions, MAX_ARTICLE_BYTES_LIMIT,
};
pub use read::READ_WHOLE_MAX;
pub use reload::Change;
use report::Report;
pub use report::{BodyError, Duplicate, Skipped, Timings, Warning};
pub use window::{Body, Window};

/// Which article of a [`Library`]: its index in [`Library::entries`], which is in path order.
///
/// A type of its own so that an id cannot be mixed up with a list row, a link number or a
/// display line; 32 bits because ids fill the list, the title index and the backlinks, which
/// halves them at a million titles, and never zero inside, so that an `Option<ArticleId>` (a
/// link's target) takes 32 bits too. Ids are only valid for the library that gave them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ArticleId(NonZeroU32);

/// The most articles a library holds, so that every id fits in an [`ArticleId`]: loading a
/// folder with more article files is refused ([`LoadError::TooManyArticles`]).
pub const MAX_ARTICLES: usize = u32::MAX as usize;

impl ArticleId {
    /// The id of the article at `index` in path order.
    ///
    /// # Panics
    /// If `index` is not below [`MAX_ARTICLES`], which no library holds: loading refuses such
    /// a folder and a reload that would grow past it keeps the library as it is.
    pub fn new(index: usize) -> Self {
        assert!(index < MAX_ARTICLES, "article index {index} over the limit");
        Self(NonZeroU32::MIN.saturating_add(index as u32))
    }

    /// The position of the article in [`Library::entries`], and in any `Vec` kept per article.
    pub fn index(self) -> usize {
        (self.0.get() - 1) as usize
    }

    /// The ids of a library of `len` articles, in path order.
    fn all(len: usize) -> impl DoubleEndedIterator<Item = Self> + ExactSizeIterator {
        (0..len).map(Self::new)
    }
}

/// Every article of one folder with its link graph. Cloning copies the entries' fixed-size
/// records and the indexes, shares the chunks of text holding paths, titles and links, and
/// never copies article text.
#[derive(Debug, Clone, Default)]
pub struct Library {
    root: PathBuf,
    /// The canonical root, which symbolic links must stay inside to be read.
    inside: PathBuf,
    /// How the files were read, so that a body is read the same way.
    options: LoadOptions,
    entries: Entries,
    backlinks: Backlinks,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<Warning>,
    pub duplicates: Vec<Duplicate>,
    pub timings: Timings,
    /// How many of the first `skipped` were found while walking the folder (the rest failed
    /// to read), so that a reload keeps both groups where a fresh load puts them.
    discovered: usize,
}

impl Library {
    /// Builds a library from already parsed articles, given as (display path, article) in path
    /// order: indexes titles, resolves links and collects backlinks. The text stays in memory.
    pub fn from_articles(articles: Vec<(String, Article)>) -> Self {
        Self::from_entries(Entries::in_memory(articles))
    }

    /// The library read from `root` (canonical: `inside`) with `options`, with what loading
    /// it found and how long it took.
    fn with_report(
        mut self,
        (root, inside): (PathBuf, PathBuf),
        options: LoadOptions,
        report: Report,
    ) -> Self {
        self.root = root;
        self.inside = inside;
        self.options = options;
        self.skipped = report.skipped;
        self.warnings = report.warnings;
        self.discovered = report.discovered;
        self.timings = report.timings;
        self
    }

    /// [`Library::from_articles`] over entries, in path order: resolves their links.
    fn from_entries(entries: Entries) -> Self {
        Self::linked(entries, None)
    }

    /// A library of `entries` (in path order) whose links `resolved` resolves when it fits
    /// them (it may come from a cache), else resolved here.
    fn linked(mut entries: Entries, resolved: Option<Resolved>) -> Self {
        let applied = resolved.and_then(|resolved| resolved.apply(&mut entries));
        let (backlinks, duplicates) = applied.unwrap_or_else(|| {
            let resolved = Resolved::of(&entries.iter().collect::<Vec<_>>());
            resolved
                .apply(&mut entries)
                .expect("links resolved from these entries fit them")
        });
        Self {
            entries,
            backlinks,
            duplicates,
            ..Self::default()
        }
    }

    /// The library of a load or reload: `entries` (in path order) with their links resolved
    /// (by `resolved` when it fits them), read from `root` (canonical: `inside`) with
    /// `options`, with what loading found; the time the links took is added to its timings.
    fn assemble(
        entries: Entries,
        resolved: Option<Resolved>,
        place: (PathBuf, PathBuf),
        options: LoadOptions,
        mut report: Report,
    ) -> Self {
        let started = Instant::now();
        let library = Self::linked(entries, resolved);
        report.timings.index = started.elapsed();
        library.with_report(place, options, report)
    }

    /// How the library's files were read: a reload reads changed files the same way.
    pub fn options(&self) -> LoadOptions {
        self.options
    }

    /// The folder the library was loaded from (empty for an in-memory library).
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every article, in path order.
    pub fn entries(
        &self,
    ) -> impl DoubleEndedIterator<Item = Entry<'_>> + ExactSizeIterator + Clone {
        self.entries.iter()
    }

    pub fn get(&self, id: ArticleId) -> Entry<'_> {
        self.entries.get(id.index())
    }

    /// The whole article `id`: its title and every paragraph and link, in order. An article
    /// of a folder is read from its file now, with the rules and options it was loaded with,
    /// so it shows what the file holds now; a file that is gone or no longer an article gives
    /// an error naming it.
    pub fn body(&self, id: ArticleId) -> Result<Arc<Article>, BodyError> {
        let entry = self.get(id);
        if let Some(article) = entry.article() {
            return Ok(Arc::clone(article));
        }
        read::read_article(&self.inside, entry.relative(), self.options)
            .map(Arc::new)
            .map_err(|failure| BodyError {
                path: entry.path().to_owned(),
                reason: failure.reason,
            })
    }

    /// The article in the file at `relative` (raw bytes) below the canonical articles folder
    /// `inside`, read now with the rules and `options` loading reads with: for a caller that
    /// has no library loaded (`search` on an index that vouches for the folder).
    pub fn read_file(
        inside: &Path,
        relative: &[u8],
        options: LoadOptions,
    ) -> Result<Article, String> {
        read::read_article(inside, relative, options).map_err(|failure| failure.reason)
    }

    /// The file article `id` was read from (for an in-memory article, where it would be).
    pub fn file(&self, id: ArticleId) -> PathBuf {
        self.root.join(OsStr::from_bytes(self.relative(id)))
    }

    /// The real name of article `id`'s file below the root, byte for byte (the display path
    /// [`Entry::path`] shows it with visible stand-ins where it holds unsafe characters).
    pub fn relative(&self, id: ArticleId) -> &[u8] {
        self.get(id).relative()
    }

    /// A number that changes whenever the text of article `id` may have changed: what the
    /// full-text index compares to know which articles to index again. Known without reading
    /// the file: a hash of the text taken when it was parsed (and kept in the cache).
    pub fn stamp(&self, id: ArticleId) -> u64 {
        self.get(id).hash()
    }

    /// Every id of the library, in path order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = ArticleId> + ExactSizeIterator + use<> {
        ArticleId::all(self.entries.len())
    }

    /// Every article with its id, in path order.
    pub fn iter(
        &self,
    ) -> impl DoubleEndedIterator<Item = (ArticleId, Entry<'_>)> + ExactSizeIterator {
        self.ids().zip(self.entries.iter())
    }

    /// The article at display path `path` (as [`Entry::path`]).
    pub fn find_path(&self, path: &str) -> Option<ArticleId> {
        self.entries
            .search_path(path, path_order)
            .ok()
            // Paths that sanitising changed may sort out of place: look at every one.
            .or_else(|| self.entries.iter().position(|entry| entry.path() == path))
            .map(ArticleId::new)
    }

    /// The article whose title matches `title` after normalisation (the first in path order).
    /// Looks at every title: no index of normalised titles is kept, since only a one-off
    /// command asks (the reader follows links by their resolved targets).
    pub fn find(&self, title: &str) -> Option<ArticleId> {
        let wanted = normalize_title(title);
        let mut key = String::new();
        self.entries
            .iter()
            .position(|entry| {
                normalize_title_into(entry.title(), &mut key);
                key == wanted
            })
            .map(ArticleId::new)
    }

    /// Articles that link to `id`, each once, in path order.
    pub fn backlinks(&self, id: ArticleId) -> &[ArticleId] {
        self.backlinks.of_article(id)
    }
}

#[cfg(test)]
impl Library {
    /// A library of (path, text) pairs, parsed: the fixture most unit tests need.
    pub(crate) fn of_texts(articles: &[(&str, &str)]) -> Self {
        Self::from_articles(
            articles
                .iter()
                .map(|(path, text)| {
                    let article = crate::domain::article::parse(text.as_bytes())
                        .expect("parses")
                        .article;
                    ((*path).to_owned(), article)
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests;
