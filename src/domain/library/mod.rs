//! The in-memory library: every article of a folder, the title index and the link graph.
//!
//! Loading never stops at a bad file: what cannot be read or parsed is recorded as skipped with
//! its reason, and the rest of the library still loads. Only a missing or unreadable articles
//! folder is fatal. The model and its queries live here; `load.rs` reads a folder from disk and
//! `reload.rs` brings a loaded library up to date with changed files.

mod beneath;
mod cache;
mod cache_key;
mod load;
mod read;
mod reload;
pub mod startup;

use std::collections::HashMap;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rayon::prelude::*;

use crate::domain::article::{Article, Block};
use crate::domain::normalize::normalize_title;
use crate::domain::sanitize::visible_name;

pub use cache_key::CacheKey;
pub use load::{DEFAULT_MAX_ARTICLE_BYTES, FollowSymlinks, LoadError, LoadOptions};
pub use reload::Change;

/// Which article of a [`Library`]: its index in [`Library::entries`], which is in path order.
///
/// A type of its own so that an id cannot be mixed up with a list row, a link number or a
/// display line; `u32` because ids fill the list, the title index and the backlinks, which
/// halves them at a million titles. Ids are only valid for the library that gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArticleId(u32);

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
        Self(index as u32)
    }

    /// The position of the article in [`Library::entries`], and in any `Vec` kept per article.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The ids of a library of `len` articles, in path order.
    fn all(len: usize) -> impl DoubleEndedIterator<Item = Self> + ExactSizeIterator {
        (0..len).map(Self::new)
    }
}

/// A loaded article and where it came from: what the list, the link graph and search need.
/// The text itself is read with [`Library::body`]: a library of a million articles holds
/// titles and links in memory, never bodies.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path relative to the articles folder, `/`-separated and sanitised for display.
    pub path: String,
    /// The article's title, sanitised.
    pub title: String,
    /// The titles the `Read More:` lines name, sanitised, joined by [`LINK_SEPARATOR`]: one
    /// allocation per article rather than one per link, as a library holds millions of them.
    links: Box<str>,
    /// For each link block, in order, the article it resolves to.
    pub targets: Vec<Option<ArticleId>>,
    /// The size of the file (or of the text, for an in-memory article) in bytes.
    size: u64,
    /// [`text_hash`] of the article when it was loaded.
    hash: u64,
    /// Where the text is.
    source: Source,
}

/// Where an entry's text is read from.
#[derive(Debug, Clone)]
enum Source {
    /// Held in memory: a library built with [`Library::from_articles`]. Shared, so that
    /// copying a library never copies article text.
    Memory(Arc<Article>),
    /// The file below the root, at the display path, read again when wanted.
    File,
    /// The file below the root at these raw path bytes: only kept when the display path
    /// differs (sanitising changed a name), so that most entries carry no second path.
    Raw(Box<[u8]>),
}

impl Entry {
    /// The entry of an article read from the file at `relative` (raw bytes) below the root.
    fn from_parts(
        path: String,
        relative: &[u8],
        title: String,
        links: &[String],
        size: u64,
        hash: u64,
    ) -> Self {
        let source = if relative == path.as_bytes() {
            Source::File
        } else {
            Source::Raw(relative.into())
        };
        Self::parts(path, title, links, size, hash, source)
    }

    /// An entry whose text stays in memory.
    fn in_memory(path: String, article: Arc<Article>) -> Self {
        let size = (article.blocks.iter())
            .map(|(Block::Paragraph(text) | Block::Link(text))| text.len() as u64)
            .sum::<u64>()
            + article.title.len() as u64;
        let links: Vec<String> = article.links().map(str::to_owned).collect();
        let hash = text_hash(&article);
        Self::parts(
            path,
            article.title.clone(),
            &links,
            size,
            hash,
            Source::Memory(article),
        )
    }

    fn parts(
        path: String,
        mut title: String,
        links: &[String],
        size: u64,
        hash: u64,
        source: Source,
    ) -> Self {
        title.shrink_to_fit();
        Self {
            path,
            title,
            links: links
                .join(LINK_SEPARATOR.to_string().as_str())
                .into_boxed_str(),
            targets: Vec::new(),
            size,
            hash,
            source,
        }
    }

    /// The titles the article's `Read More:` lines name, in reading order: the n-th is the
    /// n-th of [`Entry::targets`].
    pub fn links(&self) -> impl Iterator<Item = &str> {
        // No link is empty, so an empty string holds none.
        (!self.links.is_empty())
            .then(|| self.links.split(LINK_SEPARATOR))
            .into_iter()
            .flatten()
    }

    /// The size of the article in bytes (of its file when it has one), known without reading
    /// it: what decides whether laying it out is heavy.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Whether the title, the links or the text differ from `other`'s.
    fn differs(&self, other: &Self) -> bool {
        self.hash != other.hash || self.title != other.title || self.links != other.links
    }
}

/// Between the links of an [`Entry`]: a line break, which no sanitised link holds.
const LINK_SEPARATOR: char = '\n';

/// A hash of everything an article shows: its title and every block, in order. Computed once
/// when the article is parsed, so that knowing whether the text changed never reads it again.
fn text_hash(article: &Article) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(article.title.as_bytes());
    for block in &article.blocks {
        // Separators no text holds, so that moving words between blocks counts.
        let (tag, text) = match block {
            Block::Paragraph(text) => (0xff, text),
            Block::Link(text) => (0xfe, text),
        };
        hasher.update(&[tag]);
        hasher.update(text.as_bytes());
    }
    hasher.digest()
}

/// An article's text could not be read when it was wanted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct BodyError {
    /// The article's display path.
    pub path: String,
    pub reason: String,
}

/// A file that was not loaded, and why. Serialised as `check --json` reports it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// Something odd about a file that still loaded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    pub path: String,
    pub message: String,
}

/// One title carried by several files; links go to the first path.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Duplicate {
    pub title: String,
    pub paths: Vec<String>,
}

/// How long loading took and how much of it the cache saved, for `check` and benchmarks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Walking the folder, reading and parsing files.
    pub load: Duration,
    /// Building the title index and resolving links.
    pub index: Duration,
    /// Files read and parsed.
    pub parsed: usize,
    /// Files whose title and links came from the metadata cache, unread.
    pub reused: usize,
}

/// Every article of one folder with its link graph. Cloning copies paths, titles and indexes
/// but never article text.
#[derive(Debug, Clone, Default)]
pub struct Library {
    root: PathBuf,
    /// The canonical root, which symbolic links must stay inside to be read.
    inside: PathBuf,
    /// How the files were read, so that a body is read the same way.
    options: LoadOptions,
    entries: Vec<Entry>,
    by_title: HashMap<String, ArticleId>,
    backlinks: Vec<Vec<ArticleId>>,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<Warning>,
    pub duplicates: Vec<Duplicate>,
    pub timings: Timings,
    /// How many of the first `skipped` were found while walking the folder (the rest failed
    /// to read), so that a reload keeps both groups where a fresh load puts them.
    discovered: usize,
}

/// What loading found besides the articles.
struct Report {
    skipped: Vec<Skipped>,
    warnings: Vec<Warning>,
    discovered: usize,
    timings: Timings,
}

impl Library {
    /// Builds a library from already parsed articles, given as (display path, article) in path
    /// order: indexes titles, resolves links and collects backlinks. The text stays in memory.
    pub fn from_articles(articles: Vec<(String, Article)>) -> Self {
        Self::from_entries(
            articles
                .into_iter()
                .map(|(path, article)| Entry::in_memory(path, Arc::new(article)))
                .collect(),
        )
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

    /// [`Library::from_articles`] over entries, in path order.
    fn from_entries(mut entries: Vec<Entry>) -> Self {
        // Normalising titles is most of the work: done on every core, then indexed in order.
        let keys: Vec<String> = (entries.par_iter())
            .map(|entry| normalize_title(&entry.title))
            .collect();
        let mut by_title: HashMap<String, ArticleId> = HashMap::with_capacity(entries.len());
        let mut same_title: HashMap<ArticleId, Vec<ArticleId>> = HashMap::new();
        for (id, key) in ArticleId::all(entries.len()).zip(keys) {
            match by_title.get(&key) {
                Some(&first) => same_title.entry(first).or_default().push(id),
                None => {
                    by_title.insert(key, id);
                }
            }
        }

        entries.par_iter_mut().for_each(|entry| {
            entry.targets = entry
                .links()
                .map(|text| by_title.get(&normalize_title(text)).copied())
                .collect();
        });
        let mut backlinks = vec![Vec::new(); entries.len()];
        for (id, entry) in ArticleId::all(entries.len()).zip(&entries) {
            let mut linked: Vec<ArticleId> = entry.targets.iter().flatten().copied().collect();
            linked.sort_unstable();
            linked.dedup();
            for target in linked {
                backlinks[target.index()].push(id);
            }
        }

        let mut duplicates: Vec<Duplicate> = same_title
            .into_iter()
            .map(|(first, others)| Duplicate {
                title: entries[first.index()].title.clone(),
                paths: std::iter::once(first)
                    .chain(others)
                    .map(|id| entries[id.index()].path.clone())
                    .collect(),
            })
            .collect();
        duplicates.sort_by(|a, b| a.paths[0].cmp(&b.paths[0]));

        Self {
            entries,
            by_title,
            backlinks,
            duplicates,
            ..Self::default()
        }
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

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn get(&self, id: ArticleId) -> &Entry {
        &self.entries[id.index()]
    }

    /// The whole article `id`: its title and every paragraph and link, in order. An article
    /// of a folder is read from its file now, with the rules and options it was loaded with,
    /// so it shows what the file holds now; a file that is gone or no longer an article gives
    /// an error naming it.
    pub fn body(&self, id: ArticleId) -> Result<Arc<Article>, BodyError> {
        let entry = self.get(id);
        if let Source::Memory(article) = &entry.source {
            return Ok(Arc::clone(article));
        }
        read::read_article(&self.inside, self.relative(id), self.options)
            .map(|read| Arc::new(read.article))
            .map_err(|failure| BodyError {
                path: entry.path.clone(),
                reason: failure.reason,
            })
    }

    /// The file article `id` was read from (for an in-memory article, where it would be).
    pub fn file(&self, id: ArticleId) -> PathBuf {
        self.root.join(OsStr::from_bytes(self.relative(id)))
    }

    /// The real name of article `id`'s file below the root, byte for byte (the display path
    /// [`Entry::path`] shows it with visible stand-ins where it holds unsafe characters).
    pub fn relative(&self, id: ArticleId) -> &[u8] {
        let entry = self.get(id);
        match &entry.source {
            Source::Memory(_) | Source::File => entry.path.as_bytes(),
            Source::Raw(bytes) => bytes,
        }
    }

    /// A number that changes whenever the text of article `id` may have changed: what the
    /// full-text index compares to know which articles to index again. Known without reading
    /// the file: a hash of the text taken when it was parsed (and kept in the cache).
    pub fn stamp(&self, id: ArticleId) -> u64 {
        self.get(id).hash
    }

    /// Every id of the library, in path order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = ArticleId> + ExactSizeIterator + use<> {
        ArticleId::all(self.entries.len())
    }

    /// Every article with its id, in path order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (ArticleId, &Entry)> + ExactSizeIterator {
        self.ids().zip(&self.entries)
    }

    /// The article at display path `path` (as [`Entry::path`]).
    pub fn find_path(&self, path: &str) -> Option<ArticleId> {
        self.entries
            .binary_search_by(|entry| path_order(&entry.path, path))
            .ok()
            // Paths that sanitising changed may sort out of place: look at every one.
            .or_else(|| self.entries.iter().position(|entry| entry.path == path))
            .map(ArticleId::new)
    }

    /// The article whose title matches `title` after normalisation (the first in path order).
    pub fn find(&self, title: &str) -> Option<ArticleId> {
        self.by_title.get(&normalize_title(title)).copied()
    }

    /// Articles that link to `id`, each once, in path order.
    pub fn backlinks(&self, id: ArticleId) -> &[ArticleId] {
        &self.backlinks[id.index()]
    }

    /// Every link that names no article: (linking article, link text).
    pub fn dangling(&self) -> impl Iterator<Item = (ArticleId, &str)> {
        self.iter().flat_map(|(id, entry)| {
            entry
                .links()
                .zip(&entry.targets)
                .filter(|(_, target)| target.is_none())
                .map(move |(text, _)| (id, text))
        })
    }

    /// Articles that no other article links to and that link to no other article, in path
    /// order: islands a reader can only reach from the list. Self-links and dangling links do
    /// not connect a story to anything, so they do not count.
    pub fn orphans(&self) -> impl Iterator<Item = ArticleId> {
        self.iter().filter_map(|(id, entry)| {
            let linked_to = self.backlinks(id).iter().any(|&from| from != id);
            let links_out = entry.targets.iter().flatten().any(|&to| to != id);
            (!linked_to && !links_out).then_some(id)
        })
    }

    /// The `n` articles linked from the most other articles, with that count, most first and
    /// in path order among equals. Articles no other article links to are left out.
    pub fn most_linked(&self, n: usize) -> Vec<(ArticleId, usize)> {
        let mut counted: Vec<(ArticleId, usize)> = self
            .ids()
            .zip(&self.backlinks)
            .map(|(id, from)| (id, from.iter().filter(|&&f| f != id).count()))
            .filter(|&(_, count)| count > 0)
            .collect();
        let by_rank =
            |a: &(ArticleId, usize), b: &(ArticleId, usize)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        // Only the top `n` need sorting: the rest are cut off in linear time.
        if n < counted.len() {
            counted.select_nth_unstable_by(n, by_rank);
            counted.truncate(n);
        }
        counted.sort_unstable_by(by_rank);
        counted
    }
}

/// Orders display paths as a walk sorted by file name does: component by component.
fn path_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

/// Whether a file or folder name is hidden (`.git`, an editor's `.a.txt.swp`): loading never
/// enters or reads it and the watcher never reports it, so both must use this one rule.
pub fn is_hidden(name: &OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Whether every part of `relative`, a path below the articles folder, is a plain name that
/// is not hidden: what loading can reach.
pub fn is_visible(relative: &Path) -> bool {
    relative
        .components()
        .all(|part| matches!(part, Component::Normal(name) if !is_hidden(name)))
}

/// Whether the name of `path` makes it an article file (`*.txt`).
pub fn is_article_file(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "txt")
}

/// `path` relative to `root`, with `/` separators and nothing a terminal would interpret.
/// Two different files never get the same display path ([`visible_name`]): it names an article
/// in `find_path`, in the JSON reports and in the reading state.
fn display_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = relative
        .components()
        .map(|part| visible_name(part.as_os_str().as_bytes()))
        .collect();
    parts.join("/")
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
mod tests {
    use super::*;

    fn library(articles: &[(&str, &str)]) -> Library {
        Library::of_texts(articles)
    }

    fn id(index: usize) -> ArticleId {
        ArticleId::new(index)
    }

    #[test]
    fn ids_are_indexes_in_path_order_up_to_the_limit() {
        let lib = library(&[("a.txt", "A"), ("b.txt", "B")]);
        let ids: Vec<ArticleId> = lib.ids().collect();
        assert_eq!(ids, [ArticleId::new(0), ArticleId::new(1)]);
        assert_eq!(ids.iter().map(|id| id.index()).collect::<Vec<_>>(), [0, 1]);
        let paths: Vec<(usize, &str)> = lib
            .iter()
            .map(|(id, entry)| (id.index(), entry.path.as_str()))
            .collect();
        assert_eq!(paths, [(0, "a.txt"), (1, "b.txt")]);
        assert_eq!(ArticleId::new(MAX_ARTICLES - 1).index(), MAX_ARTICLES - 1);
        assert_eq!(std::mem::size_of::<ArticleId>(), 4);
    }

    #[test]
    #[should_panic(expected = "over the limit")]
    fn an_index_past_the_limit_is_no_id() {
        ArticleId::new(MAX_ARTICLES);
    }

    #[test]
    fn links_resolve_through_case_spacing_and_typography() {
        let lib = library(&[
            (
                "a.txt",
                "Korea’s Big Day – Part One\nRead More: the other  STORY",
            ),
            (
                "b.txt",
                "The Other Story\nRead More: korea's big day - part one\nRead More: Nowhere",
            ),
        ]);
        assert_eq!(lib.get(id(0)).targets, vec![Some(id(1))]);
        assert_eq!(lib.get(id(1)).targets, vec![Some(id(0)), None]);
        assert_eq!(lib.backlinks(id(0)), [id(1)]);
        assert_eq!(lib.backlinks(id(1)), [id(0)]);
        assert_eq!(lib.find("“the other story”"), Some(id(1)));
    }

    #[test]
    fn dangling_links_are_kept_and_listed() {
        let lib = library(&[("a.txt", "A\nRead More: Missing one\ntext\nRead More: A")]);
        assert_eq!(lib.get(id(0)).targets, vec![None, Some(id(0))]);
        assert_eq!(
            lib.dangling().collect::<Vec<_>>(),
            vec![(id(0), "Missing one")]
        );
    }

    #[test]
    fn self_links_and_cycles_are_fine() {
        let lib = library(&[
            ("a.txt", "A\nRead More: A\nRead More: B"),
            ("b.txt", "B\nRead More: A\nRead More: a"),
        ]);
        assert_eq!(lib.get(id(0)).targets, vec![Some(id(0)), Some(id(1))]);
        assert_eq!(
            lib.backlinks(id(0)),
            [id(0), id(1)],
            "each linking article once"
        );
        assert_eq!(lib.backlinks(id(1)), [id(0)]);
    }

    #[test]
    fn duplicate_titles_all_load_and_links_go_to_the_first() {
        let lib = library(&[
            ("a/one.txt", "Same Title\nfirst"),
            ("b/two.txt", "same  title\nsecond"),
            ("c.txt", "C\nRead More: Same Title"),
        ]);
        assert_eq!(lib.len(), 3);
        assert_eq!(lib.get(id(2)).targets, vec![Some(id(0))]);
        assert_eq!(
            lib.duplicates,
            vec![Duplicate {
                title: "Same Title".to_owned(),
                paths: vec!["a/one.txt".to_owned(), "b/two.txt".to_owned()],
            }]
        );
    }

    #[test]
    fn orphans_have_no_link_in_or_out_but_to_themselves_or_nowhere() {
        let lib = library(&[
            ("a.txt", "A\nRead More: B"),
            ("b.txt", "B"),
            ("c.txt", "C\nRead More: C\nRead More: Missing"),
            ("d.txt", "D"),
            ("e.txt", "E\nRead More: A"),
        ]);
        assert_eq!(lib.orphans().collect::<Vec<_>>(), vec![id(2), id(3)]);
    }

    #[test]
    fn most_linked_counts_other_linking_articles_most_first_then_path_order() {
        let lib = library(&[
            ("a.txt", "A\nRead More: D\nRead More: D\nRead More: B"),
            ("b.txt", "B\nRead More: B\nRead More: D"),
            ("c.txt", "C\nRead More: B\nRead More: A"),
            ("d.txt", "D\nRead More: C"),
            ("e.txt", "E"),
        ]);
        // D: from A (twice, counted once) and B; B: from A and C, not itself; A and C: one.
        let all = vec![(id(1), 2), (id(3), 2), (id(0), 1), (id(2), 1)];
        assert_eq!(lib.most_linked(10), all);
        assert_eq!(lib.most_linked(4), all);
        assert_eq!(lib.most_linked(3), all[..3]);
        assert_eq!(lib.most_linked(1), all[..1]);
        assert_eq!(lib.most_linked(0), []);
        assert_eq!(library(&[]).most_linked(10), []);
    }

    #[test]
    fn reports_serialise_with_the_field_names_check_json_uses() {
        let skipped = Skipped {
            path: "a.txt".to_owned(),
            reason: "no title".to_owned(),
        };
        let warning = Warning {
            path: "b.txt".to_owned(),
            message: "odd".to_owned(),
        };
        let duplicate = Duplicate {
            title: "T".to_owned(),
            paths: vec!["c.txt".to_owned(), "d.txt".to_owned()],
        };
        let json = serde_json::to_string(&(skipped, warning, duplicate)).unwrap();
        assert_eq!(
            json,
            r#"[{"path":"a.txt","reason":"no title"},{"path":"b.txt","message":"odd"},{"title":"T","paths":["c.txt","d.txt"]}]"#
        );
    }
}
