//! Full-text search over article titles and paragraphs, by the tantivy engine (chosen over
//! SQLite FTS5 by measurement: see docs/decisions/full-text-engine.md).
//!
//! Semantics: words are matched whole, Unicode-aware (`ÉCOLE` finds `école`, `STRASSE` finds
//! `Straße`), every word must occur in the title or the body, `"quoted phrases"` must occur
//! as consecutive words, the word still being typed matches as a prefix (`kor` finds
//! `Korea`), and results are ranked by BM25 with title matches boosted. CJK text is found by a
//! CJK query (see [`tokenizer`]). `Read More:` lines are not searched.
//!
//! The index is derived data, kept in the cache folder per articles folder and reused across
//! starts: opening it re-indexes only what changed (see [`engine`]). A missing, corrupt,
//! foreign or unwritable index is rebuilt, in memory if need be, with a warning and never an
//! error. The engine finds articles; where the words stand in a text (highlights, snippets)
//! is found by [`hits_in`], which runs the same analyzer.

mod engine;
mod folder;
mod highlight;
mod listing;
mod paths;
mod query;
mod search;
mod similar;
mod survey;
mod tokenizer;
mod vouch;

#[cfg(test)]
mod tests;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::domain::article::Article;
use crate::domain::library::{ArticleId, Change, Library};
use crate::domain::sanitize::sanitize;
use engine::{Engine, index_dir, wipe};

pub use folder::FolderIndex;
pub use highlight::hits_in;
pub use query::{Query, parse_query};
pub use survey::{Survey, survey, survey_keeping};

/// Hits a search makes snippets for between two looks at its `cancelled` callback.
const BATCH: usize = 256;

/// Of a story larger than this, only its first blocks up to this much text are indexed,
/// searched for snippets and weighed for similar stories: one huge file must not cost the
/// index more memory than a day of news. Its title is always indexed.
pub const INDEXED_TEXT_BYTES: usize = 4 * 1024 * 1024;

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TextHit {
    pub id: ArticleId,
    /// Higher is more relevant; only the order matters (BM25, in thousandths).
    pub score: u32,
    /// One line of the body around the first hit (or the body's start when only the title
    /// matched), about 80 columns, with `…` where it was cut.
    pub snippet: String,
}

/// How far opening the index has come: `done` of the `total` articles that need indexing
/// (none on a warm start), for a progress mark while it builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// The best articles for a query by display path, as `readmore search` prints them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ranked {
    /// Display paths, best first, ties in path order (or all in path order, unranked).
    pub paths: Vec<String>,
    /// How many articles match in all (more than `paths` when a limit cut them).
    pub total: usize,
}

/// Why the index could not be brought up to date.
#[derive(Debug, thiserror::Error)]
#[error("full-text index: {0}")]
pub struct IndexError(#[from] tantivy::TantivyError);

/// The full-text index of one library.
#[derive(Default)]
pub struct FullText {
    /// `None` only when not even an index in memory could be made (see `warnings`).
    engine: Option<Engine>,
    /// Articles indexed since this was opened, by opening and by updates.
    indexed: AtomicUsize,
    /// What went wrong with the index on disk, one sanitised line each.
    warnings: Vec<String>,
    /// The library's cache folder, when the index is kept there.
    on_disk: Option<PathBuf>,
}

impl std::fmt::Debug for FullText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FullText")
            .field("len", &self.len())
            .field("indexed", &self.indexed())
            .field("warnings", &self.warnings)
            .finish()
    }
}

impl FullText {
    /// The index of `library` in readmore's cache folder (see [`FullText::open`]).
    pub fn new(library: &Library) -> FullText {
        FullText::open(library, crate::domain::paths::cache_dir().as_deref())
    }

    /// The index of `library` under the cache folder `cache`, brought up to date with it:
    /// reused where it holds the same text, re-indexed where not. In memory when there is no
    /// cache folder, when the library has no folder, or when the index cannot be kept on disk.
    /// Blocks while indexing: run it off the UI thread on large libraries.
    pub fn open(library: &Library, cache: Option<&Path>) -> FullText {
        FullText::open_with_progress(library, cache, &|_| {})
    }

    /// [`FullText::open`], telling `progress` how far indexing has come (every thousand
    /// articles, and when done).
    pub fn open_with_progress(
        library: &Library,
        cache: Option<&Path>,
        progress: &dyn Fn(Progress),
    ) -> FullText {
        FullText::open_until(library, cache, progress, &|| false)
    }

    /// [`FullText::open_with_progress`] for a library that may be reloaded while its index is
    /// built: every thousand articles `newer` is asked for a newer library, and the build
    /// goes on with that one, letting go of the one before (a million articles' library is
    /// some 400 MB, which a build of minutes would otherwise keep beside the new one). What
    /// was indexed is committed first, and the comparison with the new library starts from
    /// it. Gives back the library the index was last brought up to date with.
    pub fn open_following(
        library: Arc<Library>,
        cache: Option<&Path>,
        progress: &dyn Fn(Progress),
        newer: &dyn Fn() -> Option<Arc<Library>>,
    ) -> (FullText, Arc<Library>) {
        let next = RefCell::new(None);
        let stop = || {
            let mut next = next.borrow_mut();
            if next.is_none() {
                *next = newer();
            }
            next.is_some()
        };
        let full = FullText::open_until(&library, cache, progress, &stop);
        let mut library = library;
        while let Some(newer) = next.take() {
            library = newer;
            let Some(engine) = &full.engine else {
                break;
            };
            // An engine error leaves the index as it is; the next update or open catches up.
            let indexed = engine.sync_until(&library, progress, &stop).unwrap_or(0);
            full.indexed.fetch_add(indexed, Ordering::Relaxed);
        }
        (full, library)
    }

    fn open_until(
        library: &Library,
        cache: Option<&Path>,
        progress: &dyn Fn(Progress),
        stop: &dyn Fn() -> bool,
    ) -> FullText {
        let mut warnings = Vec::new();
        let cache = cache.filter(|_| !library.root().as_os_str().is_empty());
        let on_disk = cache.and_then(|cache| {
            open_on_disk(
                &index_dir(cache, library.root()),
                library,
                (progress, stop),
                &mut warnings,
            )
        });
        let folder = (on_disk.is_some())
            .then(|| {
                cache.map(|cache| crate::domain::paths::library_cache_dir(cache, library.root()))
            })
            .flatten();
        let opened = on_disk.map(Ok).unwrap_or_else(|| {
            Engine::in_ram(library.len())
                .and_then(|engine| Ok((engine.sync_until(library, progress, stop)?, engine)))
        });
        let (indexed, engine) = match opened {
            Ok((indexed, engine)) => (indexed, Some(engine)),
            Err(err) => {
                warnings.push(format!("full-text search is off: {err}"));
                (0, None)
            }
        };
        FullText {
            engine,
            indexed: AtomicUsize::new(indexed),
            warnings: warnings.iter().map(|line| sanitize(line)).collect(),
            on_disk: folder,
        }
    }

    /// Records that the index on disk, as committed now, answers for the folder as `survey`
    /// found it before the library was loaded, so that the next `search` need not load it
    /// ([`FolderIndex`]). Nothing is recorded for an index in memory or one another process
    /// writes, and a record that cannot be written is dropped: it only saves time.
    pub fn vouch(&self, survey: &Survey) {
        let Some(dir) = &self.on_disk else {
            return;
        };
        let index = dir.join(engine::INDEX);
        if self.is_read_only() || vouch::write(dir, &index, survey).is_err() {
            vouch::forget(dir);
        }
    }

    /// The best `limit` articles for `query` by display path, and how many match in all: what
    /// [`FolderIndex::search`] answers from the same index.
    pub fn search_paths(&self, query: &Query, limit: usize) -> Ranked {
        self.engine
            .as_ref()
            .map(|engine| ranked(engine, query, limit))
            .unwrap_or_default()
    }

    /// Every article matching `query` by display path, in path order, unranked: what
    /// [`FolderIndex::every_path`] answers from the same index.
    pub fn every_path(&self, query: &Query) -> Ranked {
        (self.engine.as_ref())
            .map(|engine| paths::every_path(engine, query))
            .unwrap_or_default()
    }

    /// Re-indexes the articles a reload changed (`library` is the reloaded library), so that
    /// they are found at once. Returns how many articles were indexed.
    pub fn update(&self, library: &Library, change: &Change) -> Result<usize, IndexError> {
        let Some(engine) = &self.engine else {
            return Ok(0);
        };
        let indexed = engine.update(library, change)?;
        self.indexed.fetch_add(indexed, Ordering::Relaxed);
        Ok(indexed)
    }

    /// Articles indexed since this was opened: none on a warm start with nothing changed.
    pub fn indexed(&self) -> usize {
        self.indexed.load(Ordering::Relaxed)
    }

    /// What went wrong with the index on disk (it was rebuilt, or is kept in memory), one
    /// line each, safe to print.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// True while another readmore process writes this index: this one searches what that
    /// one commits, and takes over at its next [`FullText::update`] once the other is gone.
    pub fn is_read_only(&self) -> bool {
        self.engine.as_ref().is_some_and(Engine::is_read_only)
    }

    /// How many articles the index holds.
    pub fn len(&self) -> usize {
        self.engine.as_ref().map_or(0, Engine::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The articles of `library` that contain every word of `query`, most relevant first, ties
    /// in path order. An empty query matches nothing.
    pub fn search(&self, library: &Library, query: &Query) -> Vec<TextHit> {
        self.search_unless(library, query, &|| false)
            .unwrap_or_default()
    }

    /// Like [`FullText::search`], but gives up (returning `None`) soon after `cancelled` says
    /// the answer is no longer wanted.
    pub fn search_unless(
        &self,
        library: &Library,
        query: &Query,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<TextHit>> {
        self.search_limited(library, query, usize::MAX, cancelled)
    }

    /// The best `limit` articles for `query`, as [`FullText::search`] orders them: what a
    /// result list shows while the user types.
    pub fn search_top(&self, library: &Library, query: &Query, limit: usize) -> Vec<TextHit> {
        self.search_limited(library, query, limit, &|| false)
            .unwrap_or_default()
    }

    /// The `limit` stories closest in content to `id`, best first with a score (higher is
    /// closer; only the order matters), leaving out `id` itself and the stories it links to or
    /// is linked from: what a reader would not find by following links.
    pub fn similar(&self, library: &Library, id: ArticleId, limit: usize) -> Vec<(ArticleId, f32)> {
        let Some(engine) = &self.engine else {
            return Vec::new();
        };
        // An engine error finds nothing, as in a search.
        similar::similar(
            &engine.reader.searcher(),
            &engine.fields,
            library,
            id,
            limit,
        )
        .unwrap_or_default()
    }

    fn search_limited(
        &self,
        library: &Library,
        query: &Query,
        limit: usize,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<TextHit>> {
        if cancelled() {
            return None;
        }
        let Some(engine) = &self.engine else {
            return Some(Vec::new());
        };
        let searcher = engine.reader.searcher();
        let most = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        // An engine error (a segment gone bad under a running search) finds nothing; the
        // next open rebuilds the index.
        let found = search::top(&searcher, &engine.fields, library, query, limit.min(most))
            .unwrap_or_default();
        let parts: Option<Vec<Vec<TextHit>>> = found
            .par_chunks(BATCH)
            .map(|batch| {
                if cancelled() {
                    return None;
                }
                let hits = batch.iter().map(|&(id, score)| TextHit {
                    id,
                    score: (score * 1000.0).round() as u32,
                    // An article that cannot be read now is still a hit, shown by its title.
                    snippet: library
                        .body_head(id, INDEXED_TEXT_BYTES)
                        .map(|article| highlight::article_snippet(&article, query))
                        .unwrap_or_default(),
                });
                Some(hits.collect())
            })
            .collect();
        let mut hits: Vec<TextHit> = parts?.into_iter().flatten().collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
        Some(hits)
    }
}

/// The best `limit` articles for `query` in `engine`'s index by display path; an engine error
/// (a segment gone bad under a running search) finds nothing, as in a search.
fn ranked(engine: &Engine, query: &Query, limit: usize) -> Ranked {
    search::top_paths(&engine.reader.searcher(), &engine.fields, query, limit)
        .map(|(found, total)| Ranked {
            paths: found.into_iter().map(|(path, _)| path).collect(),
            total,
        })
        .unwrap_or_default()
}

/// The snippet `search` shows for an article that matched `query`: one line around the first
/// hit in the body, or the start of the body when only the title matched.
pub fn snippet(article: &Article, query: &Query) -> String {
    highlight::article_snippet(article, query)
}

/// The index in `dir`, brought up to date with `library`; an index that cannot be read is
/// rebuilt once. `None` when it cannot be kept there. Says why in `warnings`.
fn open_on_disk(
    dir: &Path,
    library: &Library,
    (progress, stop): (&dyn Fn(Progress), &dyn Fn() -> bool),
    warnings: &mut Vec<String>,
) -> Option<(usize, Engine)> {
    let open = || {
        Engine::on_disk(dir, library.len())
            .and_then(|engine| Ok((engine.sync_until(library, progress, stop)?, engine)))
    };
    let shown = dir.display();
    let first = match open() {
        Ok(done) => return Some(done),
        Err(err) => err,
    };
    match wipe(dir)
        .map_err(tantivy::TantivyError::from)
        .and_then(|()| open())
    {
        Ok(done) => {
            warnings.push(format!(
                "{shown}: the full-text index could not be read ({first}); rebuilt it"
            ));
            Some(done)
        }
        Err(err) => {
            warnings.push(format!(
                "{shown}: cannot keep the full-text index there ({err}); indexing in memory"
            ));
            None
        }
    }
}
